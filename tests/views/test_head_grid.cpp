// The head grid: thumbnails of every head's attention, computed off the UI thread and reused
// while the text grows; what it paints, what a click selects.
#include <catch2/catch.hpp>

#include <QApplication>
#include <QDir>
#include <QScrollArea>
#include <QScrollBar>
#include <QWheelEvent>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

#include <cmath>
#include <cstdio>
#include <random>

#include "model/Session.h"
#include "tests/views/ViewFixtures.h"
#include "views/Colormaps.h"
#include "views/HeadGrid.h"
#include "views/HeatmapStyle.h"

using namespace attnscope;
using namespace attnscope::views;
using attnscope::testing::render;
using attnscope::testing::tinyNamer;
using attnscope::testing::tinyRecords;
using attnscope::testing::tinyViewModel;

namespace {

std::shared_ptr<const RecordShape> syntheticShape(int nLayer, int nHead, int headDim) {
    auto shape = std::make_shared<RecordShape>();
    shape->nLayer = nLayer;
    shape->nHead = nHead;
    shape->headDim = headDim;
    shape->nEmbd = nHead * headDim;
    shape->nPositions = 1024;
    shape->vocabSize = 1000;
    shape->attentionScale.assign(static_cast<std::size_t>(nLayer), 1.0f / std::sqrt(static_cast<float>(headDim)));
    return shape;
}

std::shared_ptr<const PositionRecord> syntheticPosition(const std::shared_ptr<const RecordShape>& shape, int i,
                                                        std::mt19937& rng) {
    std::normal_distribution<float> normal(0.0f, 1.5f);
    auto p = std::make_shared<PositionRecord>(shape, i, i % 1000);
    for (int l = 0; l < shape->nLayer; ++l) {
        for (int which = 0; which < 2; ++which) {  // q, k
            float* slot = p->mutableSlot(l, which);
            for (int c = 0; c < shape->nEmbd; ++c) slot[c] = normal(rng);
        }
    }
    return p;
}

// A record whose positions are `positions` (shared, as a session's records share them).
StepRecordPtr recordOf(const std::shared_ptr<const RecordShape>& shape,
                       const std::vector<std::shared_ptr<const PositionRecord>>& positions, int step = 0) {
    auto record = std::make_shared<StepRecord>();
    record->shape = shape;
    record->step = step;
    record->positions = positions;
    for (const auto& p : positions) record->tokens.push_back(p->token());
    return record;
}

StepRecordPtr syntheticRecord(int nLayer, int nHead, int headDim, int T, unsigned seed = 7) {
    const auto shape = syntheticShape(nLayer, nHead, headDim);
    std::mt19937 rng(seed);
    std::vector<std::shared_ptr<const PositionRecord>> positions;
    for (int i = 0; i < T; ++i) positions.push_back(syntheticPosition(shape, i, rng));
    return recordOf(shape, positions);
}

bool near(QColor a, QColor b, int tolerance) {
    return std::abs(a.red() - b.red()) <= tolerance && std::abs(a.green() - b.green()) <= tolerance &&
           std::abs(a.blue() - b.blue()) <= tolerance;
}

// Waits until the grid shows `record`'s thumbnails.
bool waitFor(HeadGrid& grid, const StepRecordPtr& record, int ms = 10000) {
    return grid.waitForThumbnails(ms) && grid.thumbnails() && grid.thumbnails()->record == record;
}

QImage shot(HeadGrid& grid, const StepRecordPtr& record, QSize size = {640, 480}) {
    grid.resize(size);
    grid.show();
    REQUIRE(waitFor(grid, record));
    return render(grid, size);
}

// Every block equal (NaN where NaN), between two thumbnail sets of the same record.
bool sameBlocks(const HeadThumbnails& a, const HeadThumbnails& b) {
    if (a.blocks != b.blocks || a.blockSize != b.blockSize || a.headCount() != b.headCount()) return false;
    for (std::size_t h = 0; h < a.headCount(); ++h) {
        for (std::size_t i = 0; i < a.maxima(h).size(); ++i) {
            const float x = a.maxima(h)[i], y = b.maxima(h)[i];
            if (!(x == y || (std::isnan(x) && std::isnan(y)))) return false;
        }
    }
    return true;
}

const std::vector<StepRecordPtr>& sampleRecords() {
    static const std::vector<StepRecordPtr> records = tinyRecords("The cat sat on", 4);
    return records;
}

}  // namespace

TEST_CASE("head thumbnails are the attention matrices, pooled by maximum", "[views][headgrid]") {
    SECTION("short texts: one block per cell, exactly the record's probabilities") {
        const StepRecordPtr record = sampleRecords().back();
        const auto thumbs = HeadThumbnails::compute(record, nullptr);
        const int T = record->length();
        REQUIRE(thumbs->blockSize == 1);
        REQUIRE(thumbs->blocks == T);
        for (int l = 0; l < 2; ++l) {
            for (int h = 0; h < 4; ++h) {
                const Eigen::MatrixXf P = record->attentionMatrix(l, h);
                for (int i = 0; i < T; ++i) {
                    for (int j = 0; j < T; ++j) {
                        if (j <= i) {
                            CHECK(thumbs->at(l, h, i, j) == P(i, j));
                        } else {
                            CHECK(std::isnan(thumbs->at(l, h, i, j)));
                        }
                    }
                }
            }
        }
    }
    SECTION("long texts: blocks of a power of two, each the maximum of its cells") {
        const StepRecordPtr record = syntheticRecord(2, 3, 8, 150);
        const auto thumbs = HeadThumbnails::compute(record, nullptr);
        CHECK(thumbs->blockSize == 4);
        CHECK(thumbs->blocks == 38);
        const Eigen::MatrixXf P = record->attentionMatrix(1, 2);
        for (int r : {0, 5, 37}) {
            for (int c : {0, 3, r}) {
                float m = std::numeric_limits<float>::quiet_NaN();
                for (int i = r * 4; i < std::min(150, r * 4 + 4); ++i) {
                    for (int j = c * 4; j < std::min(i + 1, c * 4 + 4); ++j) m = std::fmax(m, P(i, j));
                }
                const float got = thumbs->at(1, 2, r, c);
                CHECK((got == m || (std::isnan(got) && std::isnan(m))));
            }
        }
        CHECK(std::isnan(thumbs->at(1, 2, 0, 1)));  // all future
    }
}

TEST_CASE("head thumbnails reuse the rows a growing text shares", "[views][headgrid]") {
    const auto shape = syntheticShape(2, 3, 8);
    std::mt19937 rng(11);
    std::vector<std::shared_ptr<const PositionRecord>> positions;
    for (int i = 0; i < 140; ++i) positions.push_back(syntheticPosition(shape, i, rng));
    auto prefix = [&](int n) {
        return std::vector<std::shared_ptr<const PositionRecord>>(positions.begin(), positions.begin() + n);
    };

    SECTION("one more token, same block size: only the last block row is recomputed") {
        const auto a = HeadThumbnails::compute(recordOf(shape, prefix(130)), nullptr);
        const StepRecordPtr grown = recordOf(shape, prefix(131), 1);
        const auto b = HeadThumbnails::compute(grown, a);
        CHECK(b->blockSize == 4);
        CHECK(b->computedRows == 131 - 128);
        CHECK(sameBlocks(*b, *HeadThumbnails::compute(grown, nullptr)));
    }
    SECTION("crossing a block size: the old blocks merge") {
        const auto a = HeadThumbnails::compute(recordOf(shape, prefix(128)), nullptr);
        REQUIRE(a->blockSize == 2);
        const StepRecordPtr grown = recordOf(shape, prefix(129), 1);
        const auto b = HeadThumbnails::compute(grown, a);
        CHECK(b->blockSize == 4);
        CHECK(b->computedRows == 1);
        CHECK(sameBlocks(*b, *HeadThumbnails::compute(grown, nullptr)));
    }
    SECTION("going back, or a branch that differs from some position on") {
        const auto a = HeadThumbnails::compute(recordOf(shape, prefix(140)), nullptr);
        const StepRecordPtr back = recordOf(shape, prefix(100), 2);
        CHECK(sameBlocks(*HeadThumbnails::compute(back, a), *HeadThumbnails::compute(back, nullptr)));

        auto branch = prefix(140);
        branch[90] = syntheticPosition(shape, 90, rng);
        const StepRecordPtr forked = recordOf(shape, branch, 3);
        const auto c = HeadThumbnails::compute(forked, a);
        CHECK(c->computedRows == 140 - 88);
        CHECK(sameBlocks(*c, *HeadThumbnails::compute(forked, nullptr)));
    }
    SECTION("another model: nothing is reused") {
        const auto a = HeadThumbnails::compute(recordOf(shape, prefix(50)), nullptr);
        const StepRecordPtr other = syntheticRecord(3, 2, 8, 60);
        const auto b = HeadThumbnails::compute(other, a);
        CHECK(b->computedRows == 60);
        CHECK(b->nLayer == 3);
        CHECK(sameBlocks(*b, *HeadThumbnails::compute(other, nullptr)));
    }
}

TEST_CASE("while a text grows the head grid reuses its thumbnails' pages, and lets go of them with the text", "[views][headgrid]") {
    // The thumbnails on screen and the next ones take turns in two sets of recycled pages
    // (PagePool), so the grid's memory is the same at every step, whatever the timing, and
    // nothing is kept once the text is gone (Reset).
    const auto shape = syntheticShape(2, 3, 8);
    std::mt19937 rng(5);
    std::vector<std::shared_ptr<const PositionRecord>> positions;
    for (int i = 0; i < 70; ++i) positions.push_back(syntheticPosition(shape, i, rng));
    const std::size_t set = 2 * 3 * HeadThumbnails::kMaxBlocks * HeadThumbnails::kMaxBlocks * sizeof(float);
    HeadGrid grid;
    grid.resize(640, 480);
    grid.show();
    for (int n = 60; n < 66; ++n) {
        const StepRecordPtr record = recordOf(shape, {positions.begin(), positions.begin() + n}, n - 60);
        grid.setRecord(record);
        REQUIRE(waitFor(grid, record));
        INFO("step " << n - 60);
        CHECK(grid.pageBytes() == (n == 60 ? set : 2 * set));
    }
    grid.setRecord(nullptr);
    CHECK(grid.pageBytes() == 0);

    // A short text's thumbnails take a set sized for 16 blocks a side, not 64 (the pool writes
    // every page of a set it maps).
    const StepRecordPtr shortText = recordOf(shape, {positions.begin(), positions.begin() + 10}, 0);
    grid.setRecord(shortText);
    REQUIRE(waitFor(grid, shortText));
    CHECK(grid.pageBytes() == 2 * 3 * 16 * 16 * sizeof(float));
}

TEST_CASE("the head grid paints every head and outlines the selected one", "[views][headgrid]") {
    const StepRecordPtr record = sampleRecords().back();
    const int T = record->length();
    HeadGrid grid;
    grid.setNamer(tinyNamer());
    grid.setRecord(record);
    grid.setSelection({1, 2, false, -1});
    const QImage image = shot(grid, record);
    CHECK(grid.message().isEmpty());

    // A block's pixel: cell (layer, head), row i, column j of T x T blocks drawn into the cell.
    auto blockPixel = [&](int layer, int head, int i, int j) {
        const QRect c = grid.cellRect(layer, head);
        return image.pixelColor(c.left() + int((j + 0.5) * c.width() / T), c.top() + int((i + 0.5) * c.height() / T));
    };

    SECTION("masked blocks are the mask's grey; visible ones the viridis colour of their weight") {
        const QRect c = grid.cellRect(0, 1);
        REQUIRE(c.width() >= T);
        CHECK(blockPixel(0, 1, 0, T - 1) == heatmapstyle::maskColor());
        const Eigen::MatrixXf P = record->attentionMatrix(0, 1);
        const int q = T - 1;
        int hi = 0, lo = 0;
        for (int k = 0; k <= q; ++k) {
            if (P(q, k) > P(q, hi)) hi = k;
            if (P(q, k) < P(q, lo)) lo = k;
        }
        CHECK(qGray(blockPixel(0, 1, q, hi).rgb()) > qGray(blockPixel(0, 1, q, lo).rgb()));
        CHECK(near(blockPixel(0, 1, q, hi), viridisColor(P(q, hi)), 3));
        CHECK(near(blockPixel(0, 1, q, lo), viridisColor(P(q, lo)), 3));
    }
    SECTION("the selected head has the outline, the others do not") {
        const QRect selected = grid.cellRect(1, 2);
        CHECK(near(image.pixelColor(selected.left() - 1, selected.center().y()), heatmapstyle::highlightColor(), 2));
        CHECK(near(image.pixelColor(selected.right() + 2, selected.top() + 3), heatmapstyle::highlightColor(), 2));
        const QRect other = grid.cellRect(0, 0);
        CHECK(image.pixelColor(other.left() - 1, other.center().y()) == QColor(Qt::white));
    }
    SECTION("with the mean over heads, the whole layer is outlined") {
        grid.setSelection({0, 2, true, -1});
        const QImage mean = render(grid, {640, 480});
        for (int h = 0; h < 4; ++h) {
            const QRect c = grid.cellRect(0, h);
            CHECK(near(mean.pixelColor(c.center().x(), c.top() - 1), heatmapstyle::highlightColor(), 2));
        }
        const QRect c = grid.cellRect(1, 0);
        CHECK(mean.pixelColor(c.center().x(), c.bottom() + 2) == QColor(Qt::white));
    }
}

TEST_CASE("in a narrow dock the head grid's legend wraps instead of running off the edge", "[views][headgrid]") {
    const StepRecordPtr big = syntheticRecord(12, 12, 64, 256);  // 256 tokens in small cells: pooled
    HeadGrid grid;
    grid.setRecord(big);
    const QSize size(260, 420);
    const QImage image = shot(grid, big, size);
    const QRect last = grid.cellRect(11, 11);
    REQUIRE(last.width() < 256);
    const QFontMetrics fm(grid.font());
    auto inkIn = [&](int x0, int x1, int y0, int y1) {
        int ink = 0;
        for (int y = std::max(0, y0); y < std::min(size.height(), y1); ++y) {
            for (int x = std::max(0, x0); x < std::min(size.width(), x1); ++x) ink += qGray(image.pixel(x, y)) < 160;
        }
        return ink;
    };
    const int legendTop = last.bottom() + 8;
    // Nothing drawn in the last pixels before the right edge: no word cut off there.
    CHECK(inkIn(size.width() - 3, size.width(), legendTop, size.height()) == 0);
    // The caption's lines come below the scale: ink on the second and third lines.
    CHECK(inkIn(0, size.width(), legendTop + fm.height(), legendTop + 2 * fm.height()) > 20);
    CHECK(inkIn(0, size.width(), legendTop + 2 * fm.height(), legendTop + 3 * fm.height()) > 20);

    // In a wide dock it all fits on one line, and the grid gets the room of the other two.
    HeadGrid wide;
    wide.setRecord(big);
    const QSize wideSize(900, 420);
    const QImage wideImage = shot(wide, big, wideSize);
    const int wideLegendTop = wide.cellRect(11, 11).bottom() + 8;
    int below = 0;
    for (int y = wideLegendTop + fm.height(); y < wideSize.height(); ++y) {
        for (int x = 0; x < wideSize.width(); ++x) below += qGray(wideImage.pixel(x, y)) < 160;
    }
    CHECK(below == 0);
    CHECK(wideSize.height() - 1 - wideLegendTop < 2 * fm.height() + 8 + 2);  // no room kept for lines it does not use
}

TEST_CASE("clicking a head in the grid selects it", "[views][headgrid]") {
    const StepRecordPtr record = sampleRecords().back();
    HeadGrid grid;
    grid.setRecord(record);
    shot(grid, record);
    QSignalSpy selected(&grid, &HeadGrid::headSelected);
    for (auto [layer, head] : {std::pair{1, 3}, std::pair{0, 0}, std::pair{1, 0}}) {
        QTest::mouseClick(&grid, Qt::LeftButton, {}, grid.cellRect(layer, head).center());
        REQUIRE(selected.count() >= 1);
        CHECK(selected.last().at(0).toInt() == layer);
        CHECK(selected.last().at(1).toInt() == head);
    }
    CHECK(selected.count() == 3);
    const auto outside = grid.headAt({2, 2});
    CHECK(outside.first == -1);
    QTest::mouseClick(&grid, Qt::LeftButton, {}, QPoint(2, 2));
    CHECK(selected.count() == 3);
}

TEST_CASE("the head grid copes with one token, a full context, no recording and another model", "[views][headgrid]") {
    HeadGrid grid;
    SECTION("no record") {
        grid.resize(400, 300);
        grid.show();
        render(grid, {400, 300});
        CHECK_FALSE(grid.message().isEmpty());
        CHECK(grid.headAt({200, 150}).first == -1);
    }
    SECTION("one token") {
        const auto records = tinyRecords("", 1);
        REQUIRE(records.front()->length() == 1);
        grid.setRecord(records.front());
        const QImage image = shot(grid, records.front());
        CHECK(grid.thumbnails()->blocks == 1);
        CHECK(near(image.pixelColor(grid.cellRect(1, 1).center()), viridisColor(1.0), 3));
    }
    SECTION("the whole context window") {
        const auto records = tinyRecords("The cat sat on the mat and", 40);
        REQUIRE(records.back()->length() == tinyViewModel()->config().nPositions);
        grid.setRecord(records.back());
        const QImage image = shot(grid, records.back(), {300, 200});  // small: cells smaller than 16 blocks
        const QRect c = grid.cellRect(0, 3);
        CHECK(image.pixelColor(c.right() - 1, c.top() + 1) == heatmapstyle::maskColor());
    }
    SECTION("recording off") {
        GenerationSession session(tinyViewModel(), {false, 10});
        const StepRecordPtr bare = session.start(tinyViewModel()->tokenizer().encode("The cat"), SamplingSettings{});
        grid.setRecord(sampleRecords().back());
        shot(grid, sampleRecords().back());
        grid.setRecord(bare);
        render(grid, {640, 480});
        CHECK(grid.message().contains(QStringLiteral("recording off")));
        CHECK(grid.headAt(QPoint(320, 240)).first == -1);
        grid.setRecord(sampleRecords().front());
        shot(grid, sampleRecords().front());
        CHECK(grid.message().isEmpty());
    }
    SECTION("another model after this one") {
        grid.setRecord(sampleRecords().back());
        grid.setSelection({1, 3, false, -1});
        shot(grid, sampleRecords().back());
        const StepRecordPtr other = syntheticRecord(3, 2, 8, 20);
        grid.setRecord(other);
        const QImage image = shot(grid, other);
        CHECK(grid.thumbnails()->nLayer == 3);
        CHECK(grid.cellRect(2, 1).isValid());
        CHECK_FALSE(grid.cellRect(0, 2).isValid());
        // The selection (head 3) is out of range here: clamped to the last head, not lost.
        const QRect c = grid.cellRect(1, 1);
        CHECK(near(image.pixelColor(c.left() - 1, c.center().y()), heatmapstyle::highlightColor(), 2));
    }
}

TEST_CASE("the head grid follows records live and ends on the newest", "[views][headgrid]") {
    const auto records = tinyRecords("Once upon a time", 8);
    HeadGrid grid;
    grid.resize(500, 400);
    grid.show();
    QSignalSpy updated(&grid, &HeadGrid::thumbnailsUpdated);
    for (const auto& r : records) grid.setRecord(r);  // a burst: intermediate ones may be skipped
    REQUIRE(waitFor(grid, records.back()));
    CHECK(updated.count() >= 1);
    CHECK(updated.count() <= static_cast<int>(records.size()));
    CHECK(sameBlocks(*grid.thumbnails(), *HeadThumbnails::compute(records.back(), nullptr)));
    QTest::qWait(50);
    CHECK_FALSE(grid.computing());
}

TEST_CASE("head grid timings, gpt2-small shape at 256 tokens (printed, not asserted)", "[views][headgrid][.timing]") {
    const auto shape = syntheticShape(12, 12, 64);
    std::mt19937 rng(3);
    std::vector<std::shared_ptr<const PositionRecord>> positions;
    for (int i = 0; i < 256; ++i) positions.push_back(syntheticPosition(shape, i, rng));
    const StepRecordPtr before = recordOf(shape, {positions.begin(), positions.end() - 1}, 0);
    const StepRecordPtr record = recordOf(shape, positions, 1);

    QElapsedTimer clock;
    clock.start();
    const auto full = HeadThumbnails::compute(before, nullptr);
    const double fullMs = clock.nsecsElapsed() / 1e6;
    clock.restart();
    const auto next = HeadThumbnails::compute(record, full);
    const double stepMs = clock.nsecsElapsed() / 1e6;

    HeadGrid grid;
    grid.setRecord(record);
    shot(grid, record, {960, 800});
    clock.restart();
    render(grid, {960, 800});  // the images are cached at this size now
    const double paintMs = clock.nsecsElapsed() / 1e6;
    grid.resize(900, 760);
    clock.restart();
    render(grid, {900, 760});  // a new size: every thumbnail image is made again
    const double resizedMs = clock.nsecsElapsed() / 1e6;
    std::printf(
        "head grid, 144 heads, 256 tokens: thumbnails %.1f ms from scratch, %.1f ms for one more token "
        "(%d rows); repaint %.1f ms, after a resize %.1f ms\n",
        fullMs, stepMs, next->computedRows, paintMs, resizedMs);
    CHECK(next->computedRows <= 4);
}

// Writes pictures for a person to look at, only when asked: ATTNSCOPE_SHOTS=/some/dir.
TEST_CASE("head grid screenshots", "[views][headgrid][.shots]") {
    const QString dir = qEnvironmentVariable("ATTNSCOPE_SHOTS");
    if (dir.isEmpty()) return;
    QDir().mkpath(dir);
    const auto records = tinyRecords("The cat sat on the mat and", 40);
    HeadGrid grid;
    grid.setRecord(records.back());
    grid.setSelection({1, 2, false, -1});
    CHECK(shot(grid, records.back(), {520, 340}).save(dir + "/headgrid-tiny.png"));

    const StepRecordPtr big = syntheticRecord(12, 12, 64, 256);
    HeadGrid large;
    large.setRecord(big);
    large.setSelection({3, 5, false, -1});
    CHECK(shot(large, big, {900, 820}).save(dir + "/headgrid-256.png"));
}

TEST_CASE("a 12 x 12 (and a 48 x 25) grid stays legible in a laptop's dock: it scrolls, and Ctrl+wheel zooms", "[views][grid][laptop]") {
    const auto [layers, heads] = GENERATE(std::pair{12, 12}, std::pair{48, 25});
    CAPTURE(layers, heads);
    const StepRecordPtr record = syntheticRecord(layers, heads, 4, 40);
    QScrollArea dock;  // as the window docks it: the grid in a scroll area
    auto* grid = new HeadGrid;
    dock.setWidget(grid);
    dock.setWidgetResizable(true);
    dock.resize(300, 380);  // the "All heads" dock's first size in a 1600 x 1000 window
    dock.show();
    grid->setRecord(record);
    REQUIRE(waitFor(*grid, record));
    QTest::qWait(20);

    const QRect first = grid->cellRect(0, 0);
    CHECK(first.width() >= HeadGrid::kLegibleCell);
    CHECK(grid->headLabelEvery() == 1);  // every column named, none overlapping
    // The last head can be scrolled to.
    const QRect last = grid->cellRect(layers - 1, heads - 1);
    CHECK(last.right() < dock.viewport()->width() + dock.horizontalScrollBar()->maximum());
    CHECK(last.bottom() < dock.viewport()->height() + dock.verticalScrollBar()->maximum());
    CHECK(grid->rect().contains(last));

    // Ctrl + wheel: larger cells; back down to the fit.
    auto wheel = [&](int delta) {
        QWheelEvent event(QPointF(50, 50), grid->mapToGlobal(QPointF(50, 50)), {}, {0, delta}, Qt::NoButton,
                          Qt::ControlModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(grid, &event);
        QTest::qWait(20);
    };
    wheel(120);
    CHECK(grid->zoomCell() > first.width());
    CHECK(grid->cellRect(0, 0).width() >= grid->zoomCell());
    for (int i = 0; i < 40 && grid->zoomCell() != 0; ++i) wheel(-120);
    CHECK(grid->zoomCell() == 0);
    CHECK(grid->cellRect(0, 0).width() == first.width());
}
