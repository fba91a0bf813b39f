#pragma once
// The one place the window says a problem: on stderr (the app may have been started from a
// terminal), in the list of problems (tests read it), and to the person — in a dialog where one
// is at the window, else on the status bar (tests, --screenshot), where nobody could close a
// dialog. Every failure the window shows goes through report().

#include <QObject>
#include <QString>
#include <QStringList>

class QStatusBar;
class QWidget;

namespace attnscope::app {

struct Problem {
    QString message;       // one line, for the problems list (and below, where `said` is empty)
    QString said;          // the line on stderr and the status bar, with its context (default: message)
    QString title;         // the dialog's title; empty: never a dialog, the status bar only
    QString details;       // the dialog's text (default: message); may be rich text
    bool critical = false; // an error dialog rather than a warning
    bool warning = false;  // a warning, not a failure: "warning:" on stderr, not in problems()
    int statusMs = 10000;  // how long the status bar says it (0: until something else is said)
};

class ProblemReporter : public QObject {
public:
    // `interactive`: a person is at the window (dialogs); false in tests and for --screenshot.
    ProblemReporter(QWidget* window, QStatusBar* statusBar, bool interactive);

    void report(const Problem& problem);
    QStringList problems() const { return m_problems; }
    bool interactive() const { return m_interactive; }

private:
    QWidget* m_window;
    QStatusBar* m_statusBar;
    bool m_interactive;
    QStringList m_problems;
};

}  // namespace attnscope::app
