#pragma once
// Tooltips that show token text exactly as written. QToolTip guesses whether a string is rich
// text, so a token such as "<b>" or "<|endoftext|>" could be read as markup and vanish; every
// view that puts token text into a tooltip goes through this.

#include <QHelpEvent>
#include <QString>
#include <QToolTip>
#include <QWidget>

namespace attnscope::views {

// Shows `text` (plain, possibly several lines) at the help event's position, or hides the
// tooltip when `text` is empty. Returns true: the event is handled either way.
inline bool showPlainToolTip(QWidget* widget, QHelpEvent* help, const QString& text) {
    if (text.isEmpty()) {
        QToolTip::hideText();
        help->ignore();
        return true;
    }
    QToolTip::showText(help->globalPos(), QStringLiteral("<p style='white-space:pre'>%1</p>").arg(text.toHtmlEscaped()), widget);
    return true;
}

}  // namespace attnscope::views
