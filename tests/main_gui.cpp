// Entry point of the GUI tests: Catch2 runs inside a QApplication (offscreen in CI), so
// widget tests can construct windows, spin the event loop and grab pixels.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <QApplication>

int main(int argc, char* argv[]) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
    }
    QApplication application(argc, argv);
    return Catch::Session().run(argc, argv);
}
