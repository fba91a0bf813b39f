// attnscope's entry point: the desktop app, or (with --headless) the trace exporter, which
// never touches Qt's GUI so it runs without a display.
#include <QApplication>
#include <QCommandLineParser>
#include <iostream>

#include "app/HeadlessCommand.h"
#include "app/MainWindow.h"

int main(int argc, char* argv[]) {
    if (attnscope::app::wantsHeadless(argc, argv)) {
        return attnscope::app::runHeadless(std::vector<std::string>(argv + 1, argv + argc), std::cout, std::cerr);
    }
    QApplication application(argc, argv);
    QApplication::setApplicationName(QStringLiteral("attnscope"));
    QApplication::setOrganizationName(QStringLiteral("attnscope"));
    QApplication::setApplicationVersion(QStringLiteral(ATTNSCOPE_VERSION));

    attnscope::app::MainWindow window;
    window.show();
    return QApplication::exec();
}
