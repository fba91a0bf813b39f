#include "app/ProblemReporter.h"

#include <QMessageBox>
#include <QStatusBar>

#include <iostream>

namespace attnscope::app {

ProblemReporter::ProblemReporter(QWidget* window, QStatusBar* statusBar, bool interactive)
    : QObject(window), m_window(window), m_statusBar(statusBar), m_interactive(interactive) {}

void ProblemReporter::report(const Problem& p) {
    const QString said = p.said.isEmpty() ? p.message : p.said;
    std::cerr << "attnscope: " << (p.warning ? "warning: " : "") << said.toStdString() << '\n';
    if (!p.warning) m_problems << p.message;
    if (m_interactive && !p.title.isEmpty()) {
        const QString text = p.details.isEmpty() ? p.message : p.details;
        if (p.critical) QMessageBox::critical(m_window, p.title, text);
        else QMessageBox::warning(m_window, p.title, text);
        return;
    }
    m_statusBar->showMessage(said, p.statusMs);
}

}  // namespace attnscope::app
