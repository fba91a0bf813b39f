// The attention heatmap, fed real records of the tiny checkpoint (2 layers x 4 heads, context 16):
// what it computes, what it paints where, what it says on hover and what a click selects.
#include <catch2/catch.hpp>

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>
#include <QWheelEvent>

#include <cmath>
#include <cstdio>
#include <random>

#include "model/Session.h"
#include "tests/views/ViewFixtures.h"
#include "views/AttentionHeatmap.h"
#include "views/Colormaps.h"
#include "views/HeatmapStyle.h"

using namespace attnscope;
using namespace attnscope::views;
using attnscope::testing::render;
using attnscope::testing::tinyNamer;
using attnscope::testing::tinyRecords;
using attnscope::testing::tinyViewModel;

namespace {

// A record of another model, made by hand: random q and k, `T` positions.
StepRecordPtr syntheticRecord(int nLayer, int nHead, int headDim, int T, unsigned seed = 7) {
    auto shape = std::make_shared<RecordShape>();
    shape->nLayer = nLayer;
    shape->nHead = nHead;
    shape->headDim = headDim;
    shape->nEmbd = nHead * headDim;
    shape->nPositions = std::max(T, 16);
    shape->vocabSize = 1000;
    shape->attentionScale.assign(static_cast<std::size_t>(nLayer), 1.0f / std::sqrt(static_cast<float>(headDim)));
    auto record = std::make_shared<StepRecord>();
    record->shape = shape;
    std::mt19937 rng(seed);
    std::normal_distribution<float> normal(0.0f, 1.5f);
    for (int i = 0; i < T; ++i) {
        auto p = std::make_shared<PositionRecord>(shape, i, i % 1000);
        for (int l = 0; l < nLayer; ++l) {
            for (int which = 0; which < 2; ++which) {  // q, k
                float* slot = p->mutableSlot(l, which);
                for (int c = 0; c < shape->nEmbd; ++c) slot[c] = normal(rng);
            }
        }
        record->positions.push_back(p);
        record->tokens.push_back(i % 1000);
    }
    return record;
}

bool near(QColor a, QColor b, int tolerance) {
    return std::abs(a.red() - b.red()) <= tolerance && std::abs(a.green() - b.green()) <= tolerance &&
           std::abs(a.blue() - b.blue()) <= tolerance;
}

bool isMaskGrey(QColor c) {
    return near(c, heatmapstyle::maskColor(), 3) || near(c, heatmapstyle::maskHatchColor(), 3);
}

QColor pixelAt(const QImage& image, QPointF p) { return image.pixelColor(p.toPoint()); }

// Turns the mouse wheel over a point of the view (positive: zoom in).
void wheel(AttentionHeatmap& view, QPointF at, int steps) {
    QWidget* target = view.childAt(at.toPoint());
    REQUIRE(target != nullptr);
    const QPointF local = target->mapFrom(&view, at.toPoint());
    QWheelEvent event(local, target->mapToGlobal(local), QPoint(), QPoint(0, 120 * steps), Qt::NoButton, Qt::NoModifier,
                      Qt::NoScrollPhase, false);
    QApplication::sendEvent(target, &event);
    view.flush();
}

QImage shot(AttentionHeatmap& view, QSize size = {640, 480}) {
    view.resize(size);
    view.show();
    view.flush();
    return render(view, size);
}

// The prompt's records: step 0 has the prompt's tokens, each later step one more.
const std::vector<StepRecordPtr>& sampleRecords() {
    static const std::vector<StepRecordPtr> records = tinyRecords("The cat sat on", 4);
    return records;
}

}  // namespace

TEST_CASE("the heatmap shows the selected head's probabilities, query rows top to bottom", "[views][heatmap]") {
    const StepRecordPtr record = sampleRecords().back();
    const int T = record->length();
    REQUIRE(T >= 6);
    AttentionHeatmap view;
    view.setNamer(tinyNamer());
    view.setRecord(record);
    view.setSelection({1, 2, false, 3});
    const QImage image = shot(view);

    CHECK(view.title() == QStringLiteral("Layer 1 · Head 2"));
    CHECK(view.message().isEmpty());
    // Exactly the record's numbers, not a recomputation of them.
    CHECK(view.probabilities() == record->attentionMatrix(1, 2));
    CHECK(view.scores() == record->scoresMatrix(1, 2));

    // Rows go down: the first query is above the last, the first key left of the last.
    CHECK(view.cellCenter(0, 0).y() < view.cellCenter(T - 1, 0).y());
    CHECK(view.cellCenter(0, 0).x() < view.cellCenter(0, T - 1).x());
    CHECK(view.cellAt(view.cellCenter(4, 2).toPoint()) == QPoint(2, 4));

    SECTION("a masked future cell is grey, not viridis' dark purple for 0") {
        const QColor masked = pixelAt(image, view.cellCenter(0, T - 1));
        INFO("masked pixel " << masked.name().toStdString());
        CHECK(isMaskGrey(masked));
        CHECK_FALSE(near(masked, viridisColor(0.0), 40));
    }
    SECTION("each visible cell has the viridis colour of its probability") {
        const Eigen::MatrixXf P = record->attentionMatrix(1, 2);
        const int q = T - 1;
        int hi = 0, lo = 0;
        for (int k = 0; k <= q; ++k) {
            if (P(q, k) > P(q, hi)) hi = k;
            if (P(q, k) < P(q, lo)) lo = k;
        }
        REQUIRE(P(q, hi) > P(q, lo));
        const QColor bright = pixelAt(image, view.cellCenter(q, hi));
        const QColor dark = pixelAt(image, view.cellCenter(q, lo));
        INFO("max " << P(q, hi) << " -> " << bright.name().toStdString() << ", min " << P(q, lo) << " -> "
                    << dark.name().toStdString());
        CHECK(qGray(bright.rgb()) > qGray(dark.rgb()));
        CHECK(near(bright, viridisColor(P(q, hi)), 8));
        CHECK(near(dark, viridisColor(P(q, lo)), 8));
        for (int k = 0; k <= 3; ++k) CHECK(near(pixelAt(image, view.cellCenter(3, k)), viridisColor(P(3, k)), 8));
    }
    SECTION("the selected query row is outlined") {
        // The outline runs along the row's top edge: look a few pixels around it.
        const QPointF centre = view.cellCenter(3, 1);
        const double half = (view.cellCenter(4, 1).y() - centre.y()) / 2;
        bool found = false;
        for (int dy = -2; dy <= 2 && !found; ++dy) {
            found = near(image.pixelColor(int(centre.x()), int(std::lround(centre.y() - half)) + dy),
                         heatmapstyle::highlightColor(), 10);
        }
        CHECK(found);
        // ... and another row is not.
        const QPointF other = view.cellCenter(1, 0);
        for (int dy = -2; dy <= 2; ++dy) {
            CHECK_FALSE(near(image.pixelColor(int(other.x()), int(std::lround(other.y() - half)) + dy),
                             heatmapstyle::highlightColor(), 10));
        }
    }
}

TEST_CASE("the heatmap's hover text carries the record's probability and pre-mask score", "[views][heatmap]") {
    const StepRecordPtr record = sampleRecords().back();
    const int T = record->length();
    AttentionHeatmap view;
    view.setNamer(tinyNamer());
    view.setRecord(record);
    view.setSelection({0, 1, false, -1});
    shot(view);
    const Eigen::MatrixXf P = record->attentionMatrix(0, 1);
    const Eigen::MatrixXf S = record->scoresMatrix(0, 1);
    const auto namer = tinyNamer();

    const QString text = view.cellDescription(T - 1, 2);
    INFO(text.toStdString());
    CHECK(text.contains(AttentionHeatmap::formatProbability(P(T - 1, 2))));
    CHECK(text.contains(AttentionHeatmap::formatScore(S(T - 1, 2))));
    CHECK(text.contains(namer(record->tokens[static_cast<std::size_t>(T - 1)])));
    CHECK(text.contains(namer(record->tokens[2])));
    CHECK(text.contains(QStringLiteral("head 1")));

    const QString future = view.cellDescription(1, 4);
    INFO(future.toStdString());
    CHECK(future.contains(QStringLiteral("masked")));
    CHECK(future.contains(AttentionHeatmap::formatScore(S(1, 4))));  // the score the mask threw away

    CHECK(view.cellDescription(T, 0).isEmpty());
    // Token texts are shown as they are, even when they look like placeholders.
    view.setNamer([](std::int32_t) { return QStringLiteral("%1"); });
    view.flush();
    CHECK(view.cellDescription(3, 1).startsWith(QStringLiteral("query 3 “%1” → key 1 “%1”")));
    view.setNamer(namer);
    view.flush();
    CHECK(view.cellDescription(-1, 0).isEmpty());
    CHECK(AttentionHeatmap::formatProbability(0.25) == QStringLiteral("0.2500 (25.0 %)"));
    CHECK(AttentionHeatmap::formatProbability(2.5e-5) == QStringLiteral("2.50e-05"));

    SECTION("hovering reports the cell") {
        QSignalSpy hovered(&view, &AttentionHeatmap::cellHovered);
        const QPoint at = view.cellCenter(T - 1, 2).toPoint();
        QWidget* target = view.childAt(at);
        REQUIRE(target != nullptr);
        QTest::mouseMove(target, target->mapFrom(&view, at));
        REQUIRE(hovered.count() >= 1);
        CHECK(hovered.last().at(0).toInt() == T - 1);
        CHECK(hovered.last().at(1).toInt() == 2);
    }
}

TEST_CASE("clicking a row of the heatmap selects its query", "[views][heatmap]") {
    const StepRecordPtr record = sampleRecords().back();
    AttentionHeatmap view;
    view.setNamer(tinyNamer());
    view.setRecord(record);
    shot(view);
    QSignalSpy selected(&view, &AttentionHeatmap::querySelected);

    const QPoint cell = view.cellCenter(3, 1).toPoint();
    QWidget* target = view.childAt(cell);
    REQUIRE(target != nullptr);
    QTest::mouseClick(target, Qt::LeftButton, {}, target->mapFrom(&view, cell));
    REQUIRE(selected.count() == 1);
    CHECK(selected.at(0).at(0).toInt() == 3);

    // On the row's label, left of the matrix, too.
    const QPoint label = view.cellCenter(5, 0).toPoint() - QPoint(40, 0);
    CHECK(view.cellAt(label) == QPoint(-1, 5));
    QTest::mouseClick(target, Qt::LeftButton, {}, target->mapFrom(&view, label));
    REQUIRE(selected.count() == 2);
    CHECK(selected.at(1).at(0).toInt() == 5);

    // The view does not select on its own: the controller answers with setSelection.
    CHECK(view.selection().query == -1);
}

TEST_CASE("the heatmap's mean over heads is the mean of the head matrices", "[views][heatmap]") {
    const StepRecordPtr record = sampleRecords().back();
    const int nHead = record->shape->nHead;
    AttentionHeatmap view;
    view.setRecord(record);
    view.setSelection({1, 0, true, -1});
    const QImage image = shot(view);

    Eigen::MatrixXf mean = Eigen::MatrixXf::Zero(record->length(), record->length());
    for (int h = 0; h < nHead; ++h) mean += record->attentionMatrix(1, h);
    mean /= static_cast<float>(nHead);
    REQUIRE(view.probabilities().rows() == mean.rows());
    CHECK((view.probabilities() - mean).cwiseAbs().maxCoeff() < 1e-6f);
    CHECK(view.title() == QStringLiteral("Layer 1 · mean of 4 heads"));
    CHECK(view.cellDescription(2, 1).contains(QStringLiteral("mean probability")));
    // Each row of a mean of distributions is still a distribution.
    for (int q = 0; q < mean.rows(); ++q) CHECK(view.probabilities().row(q).sum() == Approx(1.0).epsilon(1e-5));
    CHECK(isMaskGrey(pixelAt(image, view.cellCenter(0, 1))));
}

TEST_CASE("the heatmap's log scale and pre-mask scores", "[views][heatmap]") {
    const StepRecordPtr record = sampleRecords().back();
    const int T = record->length();
    AttentionHeatmap view;
    view.setRecord(record);
    view.setSelection({0, 3, false, -1});

    SECTION("log: colours follow log10(p), floored at 1e-4; the mask stays grey") {
        view.setLogScale(true);
        const QImage image = shot(view);
        const Eigen::MatrixXf P = record->attentionMatrix(0, 3);
        for (int k = 0; k < T; ++k) {
            const double t = heatmapstyle::scalePosition(P(T - 1, k), true);
            CHECK(near(pixelAt(image, view.cellCenter(T - 1, k)), viridisColor(t), 10));
        }
        CHECK(isMaskGrey(pixelAt(image, view.cellCenter(2, 3))));
    }
    SECTION("scores: the record's scores, the future faded rather than hidden") {
        view.setShowScores(true);
        const QImage image = shot(view);
        CHECK(view.scores() == record->scoresMatrix(0, 3));
        const QColor future = pixelAt(image, view.cellCenter(0, T - 1));
        CHECK_FALSE(isMaskGrey(future));
        CHECK(view.cellDescription(0, T - 1).contains(QStringLiteral("dropped by the mask")));
    }
}

TEST_CASE("the heatmap copes with one token, a full context, no recording and another model", "[views][heatmap]") {
    AttentionHeatmap view;
    view.setNamer(tinyNamer());

    SECTION("no record yet") {
        shot(view);
        CHECK_FALSE(view.message().isEmpty());
        CHECK(view.cellAt({100, 100}) == QPoint(-1, -1));
    }
    SECTION("one token: a single cell of weight 1") {
        const auto records = tinyRecords("", 1);  // starts from <|endoftext|>
        REQUIRE(records.front()->length() == 1);
        view.setRecord(records.front());
        const QImage image = shot(view);
        CHECK(view.probabilities().rows() == 1);
        CHECK(view.probabilities()(0, 0) == 1.0f);
        CHECK(near(pixelAt(image, view.cellCenter(0, 0)), viridisColor(1.0), 8));
        CHECK(view.cellAt(view.cellCenter(0, 0).toPoint()) == QPoint(0, 0));
        CHECK_FALSE(view.cellDescription(0, 0).isEmpty());
    }
    SECTION("the whole context window") {
        const auto records = tinyRecords("The cat sat on the mat and", 40);
        const int context = tinyViewModel()->config().nPositions;
        REQUIRE(records.back()->length() == context);
        view.setRecord(records.back());
        view.setSelection({1, 3, false, 5});
        const QImage image = shot(view, {420, 320});
        CHECK(view.probabilities().rows() == context);
        CHECK(isMaskGrey(pixelAt(image, view.cellCenter(0, context - 1))));
        CHECK(view.cellAt(view.cellCenter(context - 1, context - 1).toPoint()) == QPoint(context - 1, context - 1));
    }
    SECTION("recording off: a message instead of a matrix") {
        GenerationSession session(tinyViewModel(), {false, 10});
        const StepRecordPtr bare = session.start(tinyViewModel()->tokenizer().encode("The cat"), SamplingSettings{});
        REQUIRE_FALSE(bare->recorded());
        view.setRecord(sampleRecords().back());
        shot(view);
        REQUIRE(view.message().isEmpty());
        view.setRecord(bare);
        shot(view);
        CHECK(view.message().contains(QStringLiteral("recording off")));
        CHECK(view.title().isEmpty());
        CHECK(view.probabilities().size() == 0);
        CHECK(view.cellDescription(0, 0).isEmpty());
        // ... and back.
        view.setRecord(sampleRecords().back());
        shot(view);
        CHECK(view.message().isEmpty());
    }
    SECTION("a record of a different shape after another") {
        view.setRecord(sampleRecords().back());
        view.setSelection({1, 3, false, 2});
        shot(view);
        const StepRecordPtr other = syntheticRecord(3, 2, 8, 5);
        view.setRecord(other);
        shot(view);
        CHECK(view.probabilities().rows() == 5);
        CHECK(view.shownLayer() == 1);
        CHECK(view.shownHead() == 1);  // head 3 does not exist there
        CHECK(view.title() == QStringLiteral("Layer 1 · Head 1"));
        CHECK(view.probabilities() == other->attentionMatrix(1, 1));
        view.setRecord(sampleRecords().front());
        shot(view);
        CHECK(view.probabilities().rows() == sampleRecords().front()->length());
    }
}

TEST_CASE("the heatmap zooms and pans, but never off the matrix", "[views][heatmap]") {
    const auto records = tinyRecords("The cat sat on the mat and", 40);
    const StepRecordPtr record = records.back();
    const int T = record->length();
    AttentionHeatmap view;
    view.setNamer(tinyNamer());
    view.setRecord(record);
    shot(view);
    const double cell = view.cellCenter(0, 1).x() - view.cellCenter(0, 0).x();

    wheel(view, view.cellCenter(8, 8), 4);
    const double zoomed = view.cellCenter(0, 1).x() - view.cellCenter(0, 0).x();
    CHECK(zoomed > 1.5 * cell);
    CHECK(view.cellAt(view.cellCenter(9, 8).toPoint()) == QPoint(8, 9));

    // A new record of the same text keeps the zoom (the user chose it).
    view.setRecord(records[records.size() - 2]);
    view.flush();
    CHECK(view.cellCenter(0, 1).x() - view.cellCenter(0, 0).x() == Approx(zoomed));

    // Zooming out stops at the whole matrix.
    wheel(view, view.cellCenter(8, 8), -30);
    CHECK(view.cellCenter(0, 1).x() - view.cellCenter(0, 0).x() == Approx(cell).epsilon(0.1));

    // A double click goes back to the whole matrix.
    wheel(view, view.cellCenter(3, 3), 5);
    const QPoint at = view.cellCenter(3, 3).toPoint();
    QWidget* target = view.childAt(at);
    QTest::mouseDClick(target, Qt::LeftButton, {}, target->mapFrom(&view, at));
    view.flush();
    CHECK(view.cellCenter(0, 1).x() - view.cellCenter(0, 0).x() == Approx(cell).epsilon(0.1));
    CHECK(view.cellAt(view.cellCenter(T - 2, 0).toPoint()) == QPoint(0, T - 2));
}

TEST_CASE("the heatmap follows records live, coalescing bursts", "[views][heatmap]") {
    const auto& records = sampleRecords();
    AttentionHeatmap view;
    view.setNamer(tinyNamer());
    shot(view);
    for (const auto& r : records) view.setRecord(r);  // as fast as a worker could deliver them
    QElapsedTimer clock;
    clock.start();
    while (view.probabilities().rows() != records.back()->length() && clock.elapsed() < 2000) QTest::qWait(5);
    CHECK(view.probabilities() == records.back()->attentionMatrix(0, 0));
    CHECK(view.shownQuery() == records.back()->length() - 1);  // query -1 follows the newest token

    // A new selection is on screen after one turn of the event loop, no flush() needed.
    view.setSelection({1, 3, false, -1});
    QCoreApplication::processEvents();
    const QImage image = render(view, view.size());
    CHECK(view.title() == QStringLiteral("Layer 1 · Head 3"));
    const Eigen::MatrixXf P = records.back()->attentionMatrix(1, 3);
    const int q = records.back()->length() - 1;
    for (int k = 0; k <= q; ++k) CHECK(near(pixelAt(image, view.cellCenter(q, k)), viridisColor(P(q, k)), 8));
}

// Waits (running the event loop) until the view shows a T x T matrix; false after 10 s.
bool waitForRows(const AttentionHeatmap& view, int T) {
    QElapsedTimer clock;
    clock.start();
    while (view.probabilities().rows() != T && clock.elapsed() < 10000) QTest::qWait(5);
    return view.probabilities().rows() == T;
}

TEST_CASE("a zoomed heatmap stays zoomed while a long text's next matrices are made on the pool", "[views][heatmap]") {
    // While the job runs the view has let go of the shown matrices (only the picture stays), so
    // the length on screen must come from elsewhere, or the new record would reset the zoom.
    AttentionHeatmap view;
    shot(view);
    view.setRecord(syntheticRecord(2, 4, 64, 300, 1));
    REQUIRE(waitForRows(view, 300));
    view.flush();
    const double cell = view.cellCenter(0, 1).x() - view.cellCenter(0, 0).x();
    wheel(view, view.cellCenter(20, 20), 4);
    const double zoomed = view.cellCenter(0, 1).x() - view.cellCenter(0, 0).x();
    REQUIRE(zoomed > 1.5 * cell);

    view.setRecord(syntheticRecord(2, 4, 64, 310, 2));
    REQUIRE(waitForRows(view, 310));
    view.flush();
    CHECK(view.cellCenter(0, 1).x() - view.cellCenter(0, 0).x() == Approx(zoomed).epsilon(0.02));
}

TEST_CASE("while a long text grows the heatmap reuses its pages, and lets go of them with the text", "[views][heatmap]") {
    // Every step of a long text makes its matrices and image on the pool, while the last image
    // stays on screen. They come from the view's recycled pages (PagePool): from the second step
    // on the view holds one matrix pair and two images, whatever the timing, and nothing once
    // the text is gone (Reset). Memory that rose and fell with every job made each run's peak
    // depend on which moments coincided (docs/reliability.md).
    AttentionHeatmap view;
    shot(view);
    const std::size_t side = static_cast<std::size_t>(PagePool::roundedSide(300));
    const std::size_t matrixPair = 2 * side * side * sizeof(float), image = side * side * sizeof(QRgb);
    for (int i = 0; i < 6; ++i) {
        view.setRecord(syntheticRecord(2, 4, 64, 300 + i, static_cast<unsigned>(i + 1)));
        REQUIRE(waitForRows(view, 300 + i));
        INFO("step " << i);
        CHECK(view.pageBytes() == (i == 0 ? matrixPair + image : matrixPair + 2 * image));
    }
    view.setRecord(nullptr);
    view.flush();
    CHECK(view.message().size() > 0);
    CHECK(view.pageBytes() == 0);
}

TEST_CASE("large matrices are made on the thread pool, and the newest record wins", "[views][heatmap]") {
    // 300 positions x 64 dimensions: more dot products than the UI thread is allowed to make.
    const StepRecordPtr first = syntheticRecord(2, 4, 64, 300, 1);
    AttentionHeatmap view;
    shot(view);
    view.setRecord(first);
    REQUIRE(waitForRows(view, 300));
    CHECK(view.probabilities() == first->attentionMatrix(0, 0));
    CHECK(view.scores() == first->scoresMatrix(0, 0));
    CHECK(view.title() == QStringLiteral("Layer 0 · Head 0"));

    // A burst of records while a job runs: the view ends on the last one, not on a stale job's.
    const StepRecordPtr second = syntheticRecord(2, 4, 64, 310, 2);
    const StepRecordPtr third = syntheticRecord(2, 4, 64, 320, 3);
    view.setRecord(second);
    QTest::qWait(40);  // the record timer fires and a job starts
    view.setRecord(third);
    REQUIRE(waitForRows(view, 320));
    QTest::qWait(50);  // nothing older may arrive afterwards
    CHECK(view.probabilities() == third->attentionMatrix(0, 0));
    CHECK(view.record() == third);

    // The mean of heads (4 x the work) too.
    view.setSelection({1, 0, true, -1});
    QElapsedTimer clock;
    clock.start();
    while (view.title() != QStringLiteral("Layer 1 · mean of 4 heads") && clock.elapsed() < 10000) QTest::qWait(5);
    REQUIRE(view.title() == QStringLiteral("Layer 1 · mean of 4 heads"));
    Eigen::MatrixXf mean = Eigen::MatrixXf::Zero(320, 320);
    for (int h = 0; h < 4; ++h) mean += third->attentionMatrix(1, h);
    mean /= 4.0f;
    CHECK((view.probabilities() - mean).cwiseAbs().maxCoeff() < 1e-6f);

    // Cells prepared by a job follow the mode that was asked for: scores, when they are wanted.
    view.setShowScores(true);
    view.flush();
    CHECK(view.scores().rows() == 320);
    view.setSelection({1, 2, false, -1});
    clock.restart();
    while (view.title() != QStringLiteral("Layer 1 · Head 2") && clock.elapsed() < 10000) QTest::qWait(5);
    CHECK(view.scores() == third->scoresMatrix(1, 2));
}

TEST_CASE("heatmap timings at 256 tokens (gpt2-small shape, printed, not asserted)", "[views][heatmap][.timing]") {
    const StepRecordPtr record = syntheticRecord(12, 12, 64, 256);
    AttentionHeatmap view;
    view.setRecord(record);
    shot(view, {900, 800});
    QElapsedTimer clock;
    double first = 0, again = 0, mean = 0;
    for (int h = 0; h < 12; ++h) {
        view.setSelection({3, h, false, -1});
        clock.restart();
        view.flush();
        first += clock.nsecsElapsed() / 1e6 / 12;
    }
    for (int h = 0; h < 12; ++h) {
        view.setSelection({3, h, false, -1});
        clock.restart();
        view.flush();
        again += clock.nsecsElapsed() / 1e6 / 12;
    }
    double replot = 0;
    for (int i = 0; i < 5; ++i) {
        clock.restart();
        view.flush();  // nothing changed: the replot alone
        replot += clock.nsecsElapsed() / 1e6 / 5;
    }
    view.setSelection({4, 0, true, -1});
    clock.restart();
    view.flush();
    mean = clock.nsecsElapsed() / 1e6;
    std::printf(
        "heatmap, 256 tokens, 900 x 800: switch head %.1f ms (first time), %.1f ms (cached), of which "
        "replot %.1f ms; mean of 12 heads %.1f ms (first time)\n",
        first, again, replot, mean);
    CHECK(view.probabilities().rows() == 256);
}

// Writes pictures for a person to look at, only when asked: ATTNSCOPE_SHOTS=/some/dir.
TEST_CASE("heatmap screenshots", "[views][heatmap][.shots]") {
    const QString dir = qEnvironmentVariable("ATTNSCOPE_SHOTS");
    if (dir.isEmpty()) return;
    QDir().mkpath(dir);
    const auto records = tinyRecords("The cat sat on the mat and", 40);
    AttentionHeatmap view;
    view.setNamer(tinyNamer());
    view.setRecord(records.back());
    view.setSelection({1, 2, false, 9});
    CHECK(shot(view, {720, 600}).save(dir + "/heatmap-tiny.png"));
    view.setLogScale(true);
    CHECK(shot(view, {720, 600}).save(dir + "/heatmap-tiny-log.png"));
    view.setLogScale(false);
    view.setShowScores(true);
    CHECK(shot(view, {720, 600}).save(dir + "/heatmap-tiny-scores.png"));
    view.setShowScores(false);
    view.setSelection({0, 0, true, -1});
    const QPoint hover = view.cellCenter(12, 4).toPoint();
    QTest::mouseMove(view.childAt(hover), view.childAt(hover)->mapFrom(&view, hover));
    CHECK(shot(view, {720, 600}).save(dir + "/heatmap-tiny-mean-hover.png"));
    std::printf("hover text:\n%s\n", qPrintable(view.cellDescription(12, 4)));

    AttentionHeatmap one;
    one.setNamer(tinyNamer());
    one.setRecord(tinyRecords("", 1).front());
    CHECK(shot(one, {360, 300}).save(dir + "/heatmap-one-token.png"));
    GenerationSession session(tinyViewModel(), {false, 10});
    one.setRecord(session.start(tinyViewModel()->tokenizer().encode("The cat"), SamplingSettings{}));
    CHECK(shot(one, {360, 300}).save(dir + "/heatmap-recording-off.png"));

    const StepRecordPtr longRecord = syntheticRecord(12, 12, 64, 256);
    AttentionHeatmap big;
    const QStringList words = QStringLiteral("·the ·quick ·brown ·fox ·jumps ·over ·a ·lazy ·dog ,").split(' ');
    big.setNamer([words](std::int32_t id) { return words[id % words.size()]; });
    big.setRecord(longRecord);
    big.setSelection({3, 5, false, 200});
    CHECK(shot(big, {900, 800}).save(dir + "/heatmap-256.png"));
    wheel(big, big.cellCenter(200, 190), 8);
    CHECK(shot(big, {900, 800}).save(dir + "/heatmap-256-zoomed.png"));
}
