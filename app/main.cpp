// attnscope's entry point: the desktop app, or (with --headless) the trace exporter.
#include <QApplication>

#include "app/MainWindow.h"

int main(int argc, char* argv[]) {
    QApplication application(argc, argv);
    QApplication::setApplicationName(QStringLiteral("attnscope"));
    QApplication::setOrganizationName(QStringLiteral("attnscope"));
    QApplication::setApplicationVersion(QStringLiteral(ATTNSCOPE_VERSION));

    attnscope::app::MainWindow window;
    window.show();
    return QApplication::exec();
}
