// FormationView: the induction-formation series scrubbed checkpoint by checkpoint — the curves,
// the marker, the caption and the chosen head's attention.
#include <catch2/catch.hpp>

#include <QDir>

#include <qcustomplot.h>

#include "model/Formation.h"
#include "views/FormationView.h"
#include "tests/model/Fixtures.h"

using namespace attnscope;
using attnscope::views::FormationView;

namespace {

// Two checkpoints of the same shape (the tiny fixtures), as a series: what the view does does not
// depend on the model being trained. The shipped series' numbers are tested in the model tests.
std::shared_ptr<const formation::Series> series() {
    static const auto s = [] {
        testing::TempDir dir;
        for (const char* name : {"a", "b"}) std::filesystem::create_directories(dir / name);
        testing::copyCheckpoint("tiny-f32-prefixed", dir / "a");
        testing::copyCheckpoint("tiny-bf16-untied", dir / "b");
        testing::writeFile(dir / "formation.json", R"({"format":"attnscope-formation","version":1,"checkpoints":[)"
                                                   R"({"folder":"a","step":100,"tokens_seen":409600},)"
                                                   R"({"folder":"b","step":200,"tokens_seen":819200}]})");
        return std::make_shared<const formation::Series>(formation::measureSeries(dir.path()));
    }();
    return s;
}

// For the screenshots: ATTNSCOPE_FORMATION_DIR, else the shipped series.
std::shared_ptr<const formation::Series> realSeries() {
    const QByteArray dir = qgetenv("ATTNSCOPE_FORMATION_DIR");
    const std::filesystem::path root = dir.isEmpty() ? formation::shippedSeriesFolder() : std::filesystem::path(dir.toStdString());
    return std::make_shared<const formation::Series>(formation::measureSeries(root));
}

QImage render(QWidget& w, QSize size) {
    w.resize(size);
    w.show();
    for (auto* plot : w.findChildren<QCustomPlot*>()) plot->replot();
    QImage image(size, QImage::Format_ARGB32);
    image.fill(Qt::white);
    w.render(&image);
    return image;
}

}  // namespace

TEST_CASE("formation view: curves over the checkpoints, the chosen head's attention at each", "[views][formation]") {
    const auto s = series();
    REQUIRE(s->readings.size() >= 2);
    FormationView view;
    view.setSeries(s);
    render(view, {640, 720});
    const int n = static_cast<int>(s->readings.size());
    CHECK(view.checkpoint() == n - 1);  // the end of training first
    // The head shown is the last checkpoint's best induction head: the one to watch forming.
    CHECK(view.headIndex() == s->readings.back().bestInductionHead());
    for (int g = 0; g < 4; ++g) CHECK(view.curves()->graph(g)->dataCount() == n);
    CHECK(view.curves()->graph(1)->data()->at(n - 1)->value == Approx(s->readings.back().lossSecondCopy));

    view.setCheckpoint(0);
    const formation::Reading& first = s->readings.front();
    CHECK(view.caption().contains(QStringLiteral("Step %1 ").arg(first.checkpoint.step)));
    const QImage early = view.attentionImage();
    REQUIRE(early.width() == static_cast<int>(s->sequence.size()));
    view.setCheckpoint(n - 1);
    CHECK(view.caption().contains(QStringLiteral("Step %1 ").arg(s->readings.back().checkpoint.step)));
    CHECK(view.attentionImage() != early);  // another checkpoint, other weights
    // Above the diagonal is the mask's grey, whatever the head.
    CHECK(view.attentionImage().pixel(5, 0) == QColor(0xdd, 0xdd, 0xdd).rgb());

    view.setHead(0, 1);
    CHECK(view.headIndex() == 1);
    CHECK(view.caption().contains(QStringLiteral("Shown: L0H1")));
}

TEST_CASE("formation view: a message instead of a series", "[views][formation]") {
    FormationView view;
    view.setMessage(QStringLiteral("The series could not be read"));
    render(view, {400, 300});
    CHECK_FALSE(view.curves()->isEnabled());
    view.setSeries(nullptr);
    CHECK_FALSE(view.curves()->isEnabled());
}

// Not run by default: renders the view to /tmp/attnscope-shots/formation-*.png to look at.
TEST_CASE("formation view: screenshot", "[.][shots]") {
    FormationView view;
    view.setSeries(realSeries());
    QDir().mkpath(QStringLiteral("/tmp/attnscope-shots"));
    CHECK(render(view, {640, 760}).save(QStringLiteral("/tmp/attnscope-shots/formation-end.png")));
    view.setCheckpoint(2);
    CHECK(render(view, {640, 760}).save(QStringLiteral("/tmp/attnscope-shots/formation-early.png")));
}
