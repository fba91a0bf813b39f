#include <catch2/catch.hpp>

#include <QAction>
#include <QSignalSpy>
#include <QTest>

#include "app/MainWindow.h"

using attnscope::app::MainWindow;

TEST_CASE("main window shows offscreen in its empty state and closes cleanly", "[app]") {
    auto window = std::make_unique<MainWindow>();
    window->show();
    REQUIRE(QTest::qWaitForWindowExposed(window.get()));

    CHECK(window->showsEmptyState());
    CHECK(window->openModelAction()->shortcut() == QKeySequence(QKeySequence::Open));

    // The window really painted something: not a blank grab.
    const QImage image = window->grab().toImage();
    REQUIRE(!image.isNull());
    CHECK(image.width() >= 640);
    bool varied = false;
    const QRgb first = image.pixel(0, 0);
    for (int y = 0; y < image.height() && !varied; y += 7) {
        for (int x = 0; x < image.width() && !varied; x += 7) {
            varied = image.pixel(x, y) != first;
        }
    }
    CHECK(varied);

    CHECK(window->close());
}
