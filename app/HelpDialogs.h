#pragma once
// The Help menu's two pages: the keyboard and mouse shortcuts (made from the window's own
// actions, so the list cannot fall behind them) and About (version, libraries, the model and
// where the embedded one came from). Shown in a non-modal dialog so the window stays usable.

#include <QList>
#include <QString>

class QAction;
class QDialog;
class QWidget;

namespace attnscope::app {

// An HTML table: every action with a shortcut (its menu text without '&', the key, what it
// does), then the gestures that are not actions (clicks, wheel, hover).
QString shortcutsHtml(const QList<QAction*>& actions);

// Version, Qt and library versions, the model on screen (or none), the licence notes.
QString aboutHtml(const QString& modelDescription);

// Shows `html` in a dialog owned by `parent` (objectName "helpDialog"), raising it if open.
QDialog* showHelpDialog(QWidget* parent, const QString& title, const QString& html);

}  // namespace attnscope::app
