// TokenPaths: lines from the selected query to every key, exactly the record's attention rows;
// widths and opacities by weight, one colour per head, clicks, recording off, shape changes.
#include <catch2/catch.hpp>

#include <QDir>
#include <QMouseEvent>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <set>

#include "tests/views/ViewFixtures.h"
#include "views/TokenPaths.h"


using namespace attnscope;
using attnscope::views::PathLine;
using attnscope::views::Selection;
using attnscope::views::TokenPaths;

namespace {

// A record of another shape (3 layers x 6 heads, head size 2), with deterministic q and k so
// its attention is not uniform; tokens are ids the tiny namer knows.
StepRecordPtr otherShapeRecord(int length) {
    auto shape = std::make_shared<RecordShape>();
    shape->nLayer = 3;
    shape->nHead = 6;
    shape->headDim = 2;
    shape->nEmbd = 12;
    shape->nPositions = 64;
    shape->vocabSize = 321;
    shape->attentionScale.assign(3, 1.0f / std::sqrt(2.0f));
    auto record = std::make_shared<StepRecord>();
    record->shape = shape;
    for (int p = 0; p < length; ++p) {
        auto position = std::make_shared<PositionRecord>(shape, p, 64 + p);
        for (int layer = 0; layer < 3; ++layer) {
            for (int which = 0; which < 2; ++which) {  // q, k
                float* v = position->mutableSlot(layer, which);
                for (int i = 0; i < 12; ++i) v[i] = std::sin(0.7f * static_cast<float>(p * 13 + i * 3 + layer + which));
            }
        }
        record->tokens.push_back(64 + p);
        record->positions.push_back(position);
    }
    record->topK = {{64, 1.0f, 0.5f}};
    record->chosen = 64;
    return record;
}

double distance(const QColor& a, const QColor& b) {
    return std::hypot(a.red() - b.red(), a.green() - b.green(), a.blue() - b.blue());
}

}  // namespace

TEST_CASE("token paths: lines are the attention row, exactly, and grow with weight", "[views][tokenpaths]") {
    const auto records = testing::tinyRecords("Hello, the cat", 5);
    const StepRecordPtr record = records.back();
    const int q = record->length() - 2;

    TokenPaths paths;
    paths.setNamer(testing::tinyNamer());
    paths.setRecord(record);
    const int layer = GENERATE(0, 1);
    const int head = GENERATE(0, 3);
    paths.setSelection(Selection{layer, head, false, q});
    CHECK(paths.message().isEmpty());
    CHECK(paths.query() == q);
    REQUIRE(paths.shownHeads() == std::vector<int>{head});

    const std::vector<float> row = record->attentionRow(layer, head, q);
    const std::vector<PathLine> lines = paths.linesFor(q);
    REQUIRE(lines.size() == static_cast<std::size_t>(q + 1));
    for (const PathLine& line : lines) {
        CHECK(line.head == head);
        REQUIRE(line.key >= 0);
        REQUIRE(line.key <= q);
        CHECK(line.weight == row[static_cast<std::size_t>(line.key)]);  // exactly, not approximately
        CHECK(line.penWidth == TokenPaths::penWidthFor(line.weight));
        CHECK(line.alpha == TokenPaths::alphaFor(line.weight));
    }
    // Heavier lines are never thinner nor fainter, and strictly heavier ones are strictly wider.
    std::vector<PathLine> sorted = lines;
    std::sort(sorted.begin(), sorted.end(), [](const PathLine& a, const PathLine& b) { return a.weight < b.weight; });
    for (std::size_t i = 1; i < sorted.size(); ++i) {
        CHECK(sorted[i].penWidth >= sorted[i - 1].penWidth);
        CHECK(sorted[i].alpha >= sorted[i - 1].alpha);
        if (sorted[i].weight > sorted[i - 1].weight + 1e-3f) CHECK(sorted[i].penWidth > sorted[i - 1].penWidth);
    }
    CHECK(TokenPaths::penWidthFor(1.0f) > TokenPaths::penWidthFor(0.5f));
    CHECK(TokenPaths::penWidthFor(0.5f) > TokenPaths::penWidthFor(0.0f));
    CHECK(TokenPaths::alphaFor(1.0f) == 255);
    CHECK(TokenPaths::alphaFor(0.0f) == 0);

    CHECK(paths.linesFor(-1).empty());
    CHECK(paths.linesFor(record->length()).empty());
}

TEST_CASE("token paths: which heads are shown, each in its own colour", "[views][tokenpaths]") {
    const auto record = testing::tinyRecords("Hello, the cat", 3).back();
    TokenPaths paths;
    paths.setRecord(record);

    paths.setSelection(Selection{1, 2, true, -1});
    CHECK(paths.shownHeads() == std::vector<int>{0, 1, 2, 3});
    const int q = record->length() - 1;
    CHECK(paths.query() == q);
    const auto lines = paths.linesFor(q);
    REQUIRE(lines.size() == static_cast<std::size_t>(4 * (q + 1)));
    for (int head = 0; head < 4; ++head) {
        const std::vector<float> row = record->attentionRow(1, head, q);
        for (const PathLine& line : lines) {
            if (line.head == head) CHECK(line.weight == row[static_cast<std::size_t>(line.key)]);
        }
    }

    paths.setHeads({3, 1, 9, 1});  // 9 is not a head of this model; 1 twice counts once
    CHECK(paths.shownHeads() == std::vector<int>{3, 1});
    paths.setHeads({});
    CHECK(paths.shownHeads() == std::vector<int>{0, 1, 2, 3});
    paths.setSelection(Selection{1, 7, false, -1});  // a head beyond the shape is clamped
    CHECK(paths.shownHeads() == std::vector<int>{3});

    // The palette: at least twelve colours that are far apart from each other and from white.
    for (int a = 0; a < 12; ++a) {
        CHECK(distance(TokenPaths::headColor(a), Qt::white) > 60);
        for (int b = a + 1; b < 12; ++b) {
            INFO("heads " << a << " and " << b);
            CHECK(distance(TokenPaths::headColor(a), TokenPaths::headColor(b)) > 60);
        }
    }
}

TEST_CASE("token paths: the picture shows the selected query and its strongest line", "[views][tokenpaths]") {
    const auto record = testing::tinyRecords("the cat sat on the mat", 30).back();
    REQUIRE(record->length() == 16);
    TokenPaths paths;
    paths.setNamer(testing::tinyNamer());
    paths.setRecord(record);
    const int q = 11;
    paths.setSelection(Selection{0, 1, false, q});
    const QImage image = testing::render(paths, {560, 520});

    CHECK(paths.rowHeight() >= 16);
    const QRect left = paths.queryRect(q);
    REQUIRE_FALSE(left.isEmpty());
    CHECK(image.pixelColor(left.left() + 3, left.center().y()) == TokenPaths::selectedFill());
    // Every row readable: at least 16 px, labels inside the widget.
    for (int p = 0; p < record->length(); ++p) {
        CHECK(paths.queryRect(p).height() >= 16);
        CHECK(paths.keyRect(p).right() < paths.width());
        CHECK(paths.queryRect(p).right() < paths.keyRect(p).left());
    }

    // The strongest line is drawn in its head's colour: sample the middle of its path.
    const auto lines = paths.linesFor(q);
    const PathLine strongest = *std::max_element(lines.begin(), lines.end(),
                                                 [](const PathLine& a, const PathLine& b) { return a.weight < b.weight; });
    const QRect to = paths.keyRect(strongest.key);
    const QPoint middle((left.right() + to.left()) / 2, (left.center().y() + to.center().y()) / 2 + 1);
    const QColor seen = image.pixelColor(middle);
    INFO("strongest weight " << strongest.weight << ", pixel " << seen.name().toStdString());
    CHECK(distance(seen, TokenPaths::headColor(1)) < distance(seen, Qt::white));
}

TEST_CASE("token paths: clicking a query emits querySelected, and keys do not", "[views][tokenpaths]") {
    const auto record = testing::tinyRecords("Hello, the cat", 4).back();
    TokenPaths paths;
    paths.setNamer(testing::tinyNamer());
    paths.setRecord(record);
    testing::render(paths, {480, 400});

    QSignalSpy spy(&paths, &TokenPaths::querySelected);
    QTest::mouseClick(&paths, Qt::LeftButton, {}, paths.queryRect(2).center());
    REQUIRE(spy.count() == 1);
    CHECK(spy.at(0).at(0).toInt() == 2);
    CHECK(paths.queryAt(paths.queryRect(4).center()) == 4);
    CHECK(paths.keyAt(paths.keyRect(3).center()) == 3);
    QTest::mouseClick(&paths, Qt::LeftButton, {}, paths.keyRect(3).center());
    CHECK(spy.count() == 1);
}

TEST_CASE("token paths: hovering previews a query's lines and explains a key", "[views][tokenpaths]") {
    const auto record = testing::tinyRecords("Hello, the cat", 4).back();
    TokenPaths paths;
    paths.setNamer(testing::tinyNamer());
    paths.setRecord(record);
    paths.setSelection(Selection{0, 0, true, 6});
    testing::render(paths, {480, 400});
    const auto move = [&](QPoint point) {
        QMouseEvent event(QEvent::MouseMove, QPointF(point), paths.mapToGlobal(QPointF(point)), Qt::NoButton,
                          Qt::NoButton, Qt::NoModifier);
        QCoreApplication::sendEvent(&paths, &event);
    };

    move(paths.queryRect(2).center());
    CHECK(paths.hoveredQuery() == 2);
    CHECK(paths.shownQuery() == 2);
    CHECK(paths.query() == 6);  // hovering does not select
    CHECK(paths.tooltipAt(paths.queryRect(2).center()).contains(QStringLiteral("query 2")));

    move(paths.keyRect(1).center());
    CHECK(paths.hoveredQuery() == -1);
    CHECK(paths.hoveredKey() == 1);
    const QString text = paths.tooltipAt(paths.keyRect(1).center());
    CHECK(text.contains(QStringLiteral("key 1")));
    CHECK(text.contains(QStringLiteral("query 6")));
    for (int head = 0; head < 4; ++head) {
        const float w = record->attentionRow(0, head, 6)[1];
        CHECK(text.contains(QStringLiteral("head %1: %2").arg(head).arg(QString::number(w, 'f', 3))));
    }
    CHECK(paths.tooltipAt(paths.keyRect(7).center()).contains(QStringLiteral("masked")));

    QEvent leave(QEvent::Leave);
    QCoreApplication::sendEvent(&paths, &leave);
    CHECK(paths.hoveredKey() == -1);
    CHECK(paths.shownQuery() == 6);
}

TEST_CASE("token paths: recording off, no record, one token, another shape", "[views][tokenpaths]") {
    TokenPaths paths;
    paths.setNamer(testing::tinyNamer());

    SECTION("no record") {
        testing::render(paths, {400, 300});
        CHECK_FALSE(paths.message().isEmpty());
        CHECK(paths.linesFor(0).empty());
        CHECK(paths.query() == -1);
    }
    SECTION("recording off shows a message instead of crashing") {
        GenerationSession session(testing::tinyViewModel(), {false, 10});
        std::vector<StepRecordPtr> records;
        generate(session, {testing::tinyViewModel()->tokenizer().encode("Hello, the cat"), 3, SamplingSettings{}, false},
                 [&](const StepRecordPtr& r) { records.push_back(r); });
        REQUIRE_FALSE(records.back()->recorded());
        paths.setRecord(records.back());
        paths.setSelection(Selection{1, 2, true, 3});
        const QImage image = testing::render(paths, {400, 300});
        CHECK(paths.message().contains(QStringLiteral("recording off")));
        CHECK(paths.linesFor(3).empty());
        CHECK(paths.queryRect(0).isEmpty());
        CHECK(paths.queryAt({100, 150}) == -1);
        QSignalSpy spy(&paths, &TokenPaths::querySelected);
        QTest::mouseClick(&paths, Qt::LeftButton, {}, QPoint(60, 150));
        CHECK(spy.isEmpty());
        CHECK_FALSE(image.isNull());
    }
    SECTION("a one-token text") {
        const auto record = testing::tinyRecords("", 1).back();
        REQUIRE(record->length() == 1);
        paths.setRecord(record);
        testing::render(paths, {400, 300});
        const auto lines = paths.linesFor(0);
        REQUIRE(lines.size() == 1);
        CHECK(lines[0].weight == 1.0f);  // the only key takes all the attention
    }
    SECTION("switching to a record of another shape") {
        paths.setRecord(testing::tinyRecords("Hello, the cat", 4).back());
        paths.setSelection(Selection{1, 3, false, 7});
        testing::render(paths, {400, 300});

        const auto other = otherShapeRecord(5);
        paths.setRecord(other);
        paths.setSelection(Selection{2, 5, false, 7});  // query beyond the text: follows the newest
        testing::render(paths, {400, 300});
        CHECK(paths.query() == 4);
        CHECK(paths.layer() == 2);
        CHECK(paths.shownHeads() == std::vector<int>{5});
        const auto lines = paths.linesFor(4);
        REQUIRE(lines.size() == 5);
        const auto row = other->attentionRow(2, 5, 4);
        for (const PathLine& line : lines) CHECK(line.weight == row[static_cast<std::size_t>(line.key)]);

        // And back to the smaller model with the larger selection: clamped, no crash.
        paths.setRecord(testing::tinyRecords("Hi", 2).back());
        testing::render(paths, {400, 300});
        CHECK(paths.layer() == 1);
        CHECK(paths.shownHeads() == std::vector<int>{3});
        CHECK(paths.query() == paths.record()->length() - 1);
    }
    SECTION("a short widget scrolls and keeps the selected query visible") {
        const auto record = testing::tinyRecords("the cat sat on the mat", 30).back();
        paths.setRecord(record);
        paths.setSelection(Selection{0, 0, false, 2});
        testing::render(paths, {400, 180});
        CHECK(paths.rowHeight() >= 16);
        CHECK(paths.rect().contains(paths.queryRect(2).center()));
        paths.setSelection(Selection{0, 0, false, 15});
        CHECK(paths.rect().contains(paths.queryRect(15).center()));
        CHECK(paths.queryAt(paths.queryRect(15).center()) == 15);
    }
}

TEST_CASE("token paths: a click keeps the query's lines in view, and attention above the view is said", "[views][tokenpaths]") {
    TokenPaths paths;
    paths.setNamer(testing::tinyNamer());
    const auto record = testing::tinyRecords("the cat sat on the mat", 40).back();
    paths.setRecord(record);
    paths.setSelection(Selection{0, 0, true, -1});  // every head: lines to many keys
    testing::render(paths, {400, 220});
    auto* bar = paths.findChild<QScrollBar*>();
    REQUIRE(bar);
    REQUIRE(bar->isVisible());
    const int q = paths.record()->length() - 1;  // the newest token, scrolled to the bottom
    REQUIRE(paths.rect().contains(paths.queryRect(q).center()));

    // What the tag says is the shown heads' mean weight to the keys above the first visible row.
    const int first = (bar->value() + paths.rowHeight() - 1) / paths.rowHeight();
    REQUIRE(first > 0);
    double above = 0;
    const int heads = static_cast<int>(paths.shownHeads().size());
    for (const auto& line : paths.linesFor(q)) {
        if (line.key < first) above += line.weight;
    }
    CHECK(paths.attentionAbove() == Approx(above / heads).margin(1e-6));
    REQUIRE(above > 0.005 * heads);
    const QRect tag = paths.aboveTagRect();
    REQUIRE_FALSE(tag.isEmpty());
    CHECK(paths.rect().contains(tag));
    CHECK(paths.tooltipAt(tag.center()).contains(QStringLiteral("scrolled out of view above")));

    // Clicking the tag scrolls to the strongest key: its row is then in view.
    QTest::mouseClick(&paths, Qt::LeftButton, {}, tag.center());
    const int strongest = paths.strongestKey(q);
    REQUIRE(strongest >= 0);
    CHECK(paths.rect().contains(paths.keyRect(strongest).center()));

    // Clicking a query whose strongest key fits in the view with it shows both.
    paths.setSelection(Selection{0, 0, true, -1});
    QSignalSpy selected(&paths, &TokenPaths::querySelected);
    const int visibleRows = (paths.height() - paths.queryRect(0).top() + bar->value()) / paths.rowHeight();
    bool tried = false;
    for (int candidate = q; candidate >= first && !tried; --candidate) {
        const int key = paths.strongestKey(candidate);
        if (candidate - key + 1 >= visibleRows - 2 || key >= first) continue;
        tried = true;
        bar->setValue(bar->maximum());
        REQUIRE(paths.rect().contains(paths.queryRect(candidate).center()));
        QTest::mouseClick(&paths, Qt::LeftButton, {}, paths.queryRect(candidate).center());
        REQUIRE(selected.count() == 1);
        CHECK(selected.takeFirst().at(0).toInt() == candidate);
        CHECK(paths.rect().contains(paths.queryRect(candidate).center()));
        CHECK(paths.rect().contains(paths.keyRect(key).center()));
    }
    CHECK(tried);  // the text has such a query: otherwise this test proves nothing
}

// Not run by default: renders the view to /tmp/attnscope-shots/tokenpaths.png to look at.
TEST_CASE("token paths: screenshot", "[.][shots]") {
    const auto record = testing::tinyRecords("Hello, the cat sat on", 30).back();
    TokenPaths paths;
    paths.setNamer(testing::tinyNamer());
    paths.setRecord(record);
    paths.setSelection(Selection{1, 0, true, 12});
    QDir().mkpath(QStringLiteral("/tmp/attnscope-shots"));
    CHECK(testing::render(paths, {520, 480}).save(QStringLiteral("/tmp/attnscope-shots/tokenpaths.png")));
}

// Not run by default: with ATTNSCOPE_SHOT_MODEL=<a GPT-2 folder> (and ATTNSCOPE_SHOT_PROMPT),
// renders all heads of a bigger model over a longer text to /tmp/attnscope-shots/tokenpaths-model.png.
TEST_CASE("token paths: screenshot with another model", "[.][shots]") {
    const QByteArray folder = qgetenv("ATTNSCOPE_SHOT_MODEL");
    if (folder.isEmpty()) return;
    const auto model = Gpt2Model::loadFolder(folder.toStdString());
    const QByteArray prompt = qEnvironmentVariableIsSet("ATTNSCOPE_SHOT_PROMPT") ? qgetenv("ATTNSCOPE_SHOT_PROMPT")
                                                                               : QByteArray("Once upon a time, there was a little");
    GenerationSession session(model, {true, 10});
    StepRecordPtr last;
    generate(session, {model->tokenizer().encode(prompt.toStdString()), 24, SamplingSettings{}, false},
             [&](const StepRecordPtr& r) { last = r; });
    TokenPaths paths;
    paths.setNamer([model](std::int32_t id) { return QString::fromStdString(model->tokenizer().displayToken(id)); });
    paths.setRecord(last);
    paths.setSelection(Selection{1, 0, true, last->length() - 3});
    QDir().mkpath(QStringLiteral("/tmp/attnscope-shots"));
    CHECK(testing::render(paths, {560, 640}).save(QStringLiteral("/tmp/attnscope-shots/tokenpaths-model.png")));
}
