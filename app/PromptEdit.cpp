#include "app/PromptEdit.h"

#include <QMimeData>
#include <QTextCursor>

namespace attnscope::app {

PromptEdit::PromptEdit(QWidget* parent) : QPlainTextEdit(parent) {}

QString PromptEdit::promptWithInsertion(const QString& text) const {
    const QTextCursor cursor = textCursor();
    QString now = toPlainText();
    return now.replace(cursor.selectionStart(), cursor.selectionEnd() - cursor.selectionStart(), text);
}

void PromptEdit::insertFromMimeData(const QMimeData* source) {
    if (source && source->hasText()) {
        const QString text = source->text();
        // The cheap bound first, so that a huge paste is not even copied into a candidate.
        QString why;
        const qsizetype after = toPlainText().size() + text.size();
        if (!m_check && after > kMaxCharactersWithoutModel) {
            why = tr("The pasted text would make the prompt %1 characters long; without a model, the prompt box takes %2.")
                      .arg(after)
                      .arg(kMaxCharactersWithoutModel);
        } else if (m_check) {
            why = m_check(promptWithInsertion(text));
        }
        if (!why.isEmpty()) {
            emit refused(tr("Nothing was pasted: %1").arg(why));
            return;
        }
    }
    QPlainTextEdit::insertFromMimeData(source);
}

}  // namespace attnscope::app
