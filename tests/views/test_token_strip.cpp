// TokenStrip: chips for every token of real records from the tiny checkpoint; fills, the
// selected highlight, clicks, tooltips, line breaks, scrolling, and the edge cases.
#include <catch2/catch.hpp>

#include <QDir>
#include <QSignalSpy>
#include <QTest>

#include <cmath>

#include "tests/views/ViewFixtures.h"
#include "views/TokenStrip.h"
#include "views/Tooltip.h"
#include <QToolTip>


using namespace attnscope;
using attnscope::views::TokenStrip;

namespace {

// What the controller hands the strip: the shown record's text, and per generated position
// the probability and kind of the choice that put it there (from the earlier records).
struct StripText {
    std::vector<std::int32_t> tokens;
    int promptLength = 0;
    std::vector<float> probability;
    std::vector<ChoiceKind> how;
};

StripText stripText(const std::vector<StepRecordPtr>& records) {
    StripText t;
    t.tokens = records.back()->tokens;
    t.promptLength = records.front()->length();
    t.probability.assign(t.tokens.size(), NAN);
    t.how.assign(t.tokens.size(), ChoiceKind::Greedy);
    for (const StepRecordPtr& r : records) {
        const auto p = static_cast<std::size_t>(r->length());
        if (p < t.tokens.size() && t.tokens[p] == r->chosen) {
            t.probability[p] = r->chosenProbability;
            t.how[p] = r->choice;
        }
    }
    return t;
}

void feed(TokenStrip& strip, const std::vector<StepRecordPtr>& records) {
    const StripText t = stripText(records);
    strip.setText(t.tokens, t.promptLength, t.probability, t.how);
}

// A point inside a chip, left of its text and above its probability bar.
QPoint fillPoint(const QRect& chip) { return {chip.left() + 3, chip.center().y()}; }

std::vector<StepRecordPtr> sampledRecords(const std::string& prompt, int newTokens) {
    GenerationSession session(testing::tinyViewModel(), {true, 10});
    std::vector<StepRecordPtr> records;
    generate(session,
             {testing::tinyViewModel()->tokenizer().encode(prompt), newTokens, SamplingSettings{false, 0.9f, 0, 1.0f, 7},
              false},
             [&](const StepRecordPtr& r) { records.push_back(r); });
    return records;
}

}  // namespace

TEST_CASE("token strip: prompt, generated and selected chips have their own fills", "[views][tokenstrip]") {
    const auto records = testing::tinyRecords("Hello, the cat", 5);
    const int prompt = records.front()->length();
    REQUIRE(records.back()->length() == prompt + 4);

    TokenStrip strip;
    strip.setNamer(testing::tinyNamer());
    feed(strip, records);
    strip.setSelectedQuery(1);
    const QImage image = testing::render(strip, {640, 200});

    REQUIRE(strip.tokenCount() == prompt + 4);
    CHECK(strip.promptLength() == prompt);
    CHECK(image.pixelColor(fillPoint(strip.chipRect(0))) == TokenStrip::promptFill());
    CHECK(image.pixelColor(fillPoint(strip.chipRect(prompt))) == TokenStrip::generatedFill());
    CHECK(image.pixelColor(fillPoint(strip.chipRect(1))) == TokenStrip::selectedFill());
    CHECK(TokenStrip::promptFill() != TokenStrip::generatedFill());

    // The newest token carries its badge at the top-right corner.
    const QRect newest = strip.chipRect(strip.tokenCount() - 1);
    CHECK(image.pixelColor(newest.right() - 1, newest.top() + 1) == TokenStrip::newestMarkColor());

    SECTION("selecting follows the newest token with -1") {
        strip.setSelectedQuery(-1);
        CHECK(strip.selectedQuery() == strip.tokenCount() - 1);
        const QImage again = testing::render(strip, {640, 200});
        CHECK(again.pixelColor(fillPoint(strip.chipRect(1))) == TokenStrip::promptFill());
        CHECK(again.pixelColor(fillPoint(newest)) == TokenStrip::selectedFill());
    }
}

TEST_CASE("token strip: chips flow in reading order and positionAt inverts chipRect", "[views][tokenstrip]") {
    const auto records = testing::tinyRecords("the cat sat on the mat", 30);  // runs until the context is full
    REQUIRE(records.back()->length() == 16);
    TokenStrip strip;
    strip.setNamer(testing::tinyNamer());
    feed(strip, records);
    testing::render(strip, {260, 400});

    for (int p = 0; p < strip.tokenCount(); ++p) {
        const QRect chip = strip.chipRect(p);
        INFO("position " << p);
        REQUIRE_FALSE(chip.isEmpty());
        CHECK(chip.left() >= 0);
        CHECK(chip.right() < strip.width());
        CHECK(strip.positionAt(chip.center()) == p);
        CHECK(strip.displayText(p) == testing::tinyNamer()(records.back()->tokens[static_cast<std::size_t>(p)]));
        if (p > 0) {
            const QRect before = strip.chipRect(p - 1);
            // Same line, further right; or a later line.
            CHECK(((chip.top() == before.top() && chip.left() > before.right()) || chip.top() > before.bottom()));
        }
    }
    CHECK(strip.positionAt({1, 1}) == -1);
    CHECK(strip.chipRect(-1).isEmpty());
    CHECK(strip.chipRect(strip.tokenCount()).isEmpty());
}

TEST_CASE("token strip: clicking a chip emits querySelected with its position", "[views][tokenstrip]") {
    const auto records = testing::tinyRecords("Hello, the cat", 4);
    TokenStrip strip;
    strip.setNamer(testing::tinyNamer());
    feed(strip, records);
    testing::render(strip, {640, 200});

    QSignalSpy spy(&strip, &TokenStrip::querySelected);
    const int target = GENERATE(0, 2, 5);
    REQUIRE(target < strip.tokenCount());
    QTest::mouseClick(&strip, Qt::LeftButton, {}, strip.chipRect(target).center());
    REQUIRE(spy.count() == 1);
    CHECK(spy.at(0).at(0).toInt() == target);

    // Between the lines (below the last chip) nothing is selected.
    const QRect last = strip.chipRect(strip.tokenCount() - 1);
    QTest::mouseClick(&strip, Qt::LeftButton, {}, QPoint(last.center().x(), last.bottom() + 20));
    CHECK(spy.count() == 1);
}

TEST_CASE("token strip: tooltips give id, position and the probability when chosen", "[views][tokenstrip]") {
    const auto namer = testing::tinyNamer();

    SECTION("greedy") {
        const auto records = testing::tinyRecords("Hello, the cat", 4);
        TokenStrip strip;
        strip.setNamer(namer);
        feed(strip, records);
        const auto& tokens = records.back()->tokens;

        const QString prompt = strip.tooltipFor(0);
        CHECK(prompt.contains(QStringLiteral("id %1").arg(tokens[0])));
        CHECK(prompt.contains(QStringLiteral("position 0")));
        CHECK(prompt.contains(QStringLiteral("prompt")));
        CHECK(prompt.contains(namer(tokens[0])));

        const int p = records.front()->length();  // the first generated token
        const QString generated = strip.tooltipFor(p);
        CHECK(generated.contains(QStringLiteral("id %1").arg(tokens[static_cast<std::size_t>(p)])));
        CHECK(generated.contains(QStringLiteral("position %1").arg(p)));
        CHECK(generated.contains(QString::number(records.front()->chosenProbability, 'g', 3)));
        CHECK(generated.contains(QStringLiteral("greedy")));
        CHECK_FALSE(generated.contains(QStringLiteral("prompt")));
        CHECK(strip.tooltipFor(strip.tokenCount() - 1).contains(QStringLiteral("newest")));
        CHECK(strip.tooltipFor(-1).isEmpty());
        CHECK(strip.tooltipFor(strip.tokenCount()).isEmpty());
    }
    SECTION("sampled") {
        const auto records = sampledRecords("the cat", 4);
        TokenStrip strip;
        strip.setNamer(namer);
        feed(strip, records);
        const int p = records.front()->length() + 1;  // chosen by the record of step 1
        REQUIRE(records[1]->choice == ChoiceKind::Sampled);
        const QString text = strip.tooltipFor(p);
        CHECK(text.contains(QStringLiteral("sampled")));
        CHECK(text.contains(QString::number(records[1]->chosenProbability, 'g', 3)));
    }
    SECTION("forced") {
        GenerationSession session(testing::tinyViewModel(), {true, 10});
        const auto first = session.start(testing::tinyViewModel()->tokenizer().encode("the cat"), SamplingSettings{});
        const std::int32_t third = first->topK[2].token;
        const auto forced = session.force(third);
        const auto next = session.step(SamplingSettings{});
        TokenStrip strip;
        strip.setNamer(namer);
        feed(strip, {first, forced, next});
        strip.setSelectedQuery(0);
        const int p = first->length();
        const QString text = strip.tooltipFor(p);
        CHECK(text.contains(QStringLiteral("forced")));
        CHECK(text.contains(QString::number(first->topK[2].probability, 'g', 3)));
        // A forced chip has its own fill.
        const QImage image = testing::render(strip, {640, 200});
        CHECK(image.pixelColor(fillPoint(strip.chipRect(p))) == TokenStrip::forcedFill());
    }
}

TEST_CASE("token strip: a newline chip ends its line", "[views][tokenstrip]") {
    const auto records = testing::tinyRecords("Hello, the cat", 4);
    const auto& tokens = records.back()->tokens;
    const std::int32_t breaker = tokens[2];
    auto base = testing::tinyNamer();
    TokenStrip strip;
    strip.setNamer([base, breaker](std::int32_t id) { return id == breaker ? QStringLiteral("x\u21B5") : base(id); });
    feed(strip, records);
    testing::render(strip, {640, 200});
    const QRect broken = strip.chipRect(2);
    const QRect after = strip.chipRect(3);
    CHECK(after.top() > broken.bottom());
    CHECK(after.left() == strip.chipRect(0).left());
}

TEST_CASE("token strip: edge cases", "[views][tokenstrip]") {
    TokenStrip strip;
    strip.setNamer(testing::tinyNamer());

    SECTION("no text") {
        const QImage image = testing::render(strip, {300, 80});
        CHECK(strip.tokenCount() == 0);
        CHECK(strip.selectedQuery() == -1);
        CHECK(strip.positionAt({10, 10}) == -1);
        CHECK(strip.tooltipFor(0).isEmpty());
        CHECK_FALSE(image.isNull());
    }
    SECTION("a one-token text") {
        const auto records = testing::tinyRecords("", 1);  // an empty prompt starts from <|endoftext|>
        REQUIRE(records.back()->length() == 1);
        feed(strip, records);
        strip.setSelectedQuery(5);  // beyond the text: follows the newest
        const QImage image = testing::render(strip, {300, 80});
        CHECK(strip.selectedQuery() == 0);
        CHECK(image.pixelColor(fillPoint(strip.chipRect(0))) == TokenStrip::selectedFill());
    }
    SECTION("a narrow strip scrolls and keeps the selected chip in view") {
        const auto records = testing::tinyRecords("the cat sat on the mat", 30);
        feed(strip, records);
        testing::render(strip, {120, 60});
        // Following the newest token: the last chip is visible.
        CHECK(strip.rect().contains(strip.chipRect(strip.tokenCount() - 1).center()));
        strip.setSelectedQuery(0);
        CHECK(strip.rect().contains(strip.chipRect(0).center()));
        CHECK(strip.positionAt(strip.chipRect(0).center()) == 0);
    }
    SECTION("the pending token sits after the text and is not a query") {
        const auto records = testing::tinyRecords("Hello, the cat", 3);
        feed(strip, records);
        strip.setPendingToken(records.back()->chosen, records.back()->chosenProbability, records.back()->choice);
        testing::render(strip, {640, 200});
        const QRect pending = strip.pendingChipRect();
        REQUIRE_FALSE(pending.isEmpty());
        const QRect last = strip.chipRect(strip.tokenCount() - 1);
        CHECK((pending.top() > last.bottom() || pending.left() > last.right()));
        CHECK(strip.positionAt(pending.center()) == -1);
        strip.setPendingToken(std::nullopt);
        CHECK(strip.pendingChipRect().isEmpty());
    }
    SECTION("a shorter text after a longer one") {
        feed(strip, testing::tinyRecords("the cat sat on the mat", 30));
        strip.setSelectedQuery(12);
        feed(strip, testing::tinyRecords("Hi", 1));
        testing::render(strip, {300, 80});
        CHECK(strip.selectedQuery() == strip.tokenCount() - 1);
        CHECK(strip.chipRect(12).isEmpty());
    }
}

// Not run by default: renders the strip to /tmp/attnscope-shots/tokenstrip.png to look at.
TEST_CASE("token strip: screenshot", "[.][shots]") {
    const auto records = sampledRecords("Hello, the cat sat on", 30);
    TokenStrip strip;
    strip.setNamer(testing::tinyNamer());
    feed(strip, records);
    strip.setSelectedQuery(6);
    strip.setPendingToken(records.back()->chosen, records.back()->chosenProbability, records.back()->choice);
    QDir().mkpath(QStringLiteral("/tmp/attnscope-shots"));
    CHECK(testing::render(strip, {560, 130}).save(QStringLiteral("/tmp/attnscope-shots/tokenstrip.png")));
}

// Not run by default: with ATTNSCOPE_SHOT_MODEL=<a GPT-2 folder> (and ATTNSCOPE_SHOT_PROMPT),
// renders a longer text to /tmp/attnscope-shots/tokenstrip-model.png.
TEST_CASE("token strip: screenshot with another model", "[.][shots]") {
    const QByteArray folder = qgetenv("ATTNSCOPE_SHOT_MODEL");
    if (folder.isEmpty()) return;
    const auto model = Gpt2Model::loadFolder(folder.toStdString());
    const QByteArray prompt = qEnvironmentVariableIsSet("ATTNSCOPE_SHOT_PROMPT") ? qgetenv("ATTNSCOPE_SHOT_PROMPT")
                                                                               : QByteArray("Once upon a time, there was a little");
    GenerationSession session(model, {true, 10});
    std::vector<StepRecordPtr> records;
    generate(session, {model->tokenizer().encode(prompt.toStdString()), 60, SamplingSettings{false, 0.9f, 40, 0.95f, 3}, false},
             [&](const StepRecordPtr& r) { records.push_back(r); });
    TokenStrip strip;
    strip.setNamer([model](std::int32_t id) { return QString::fromStdString(model->tokenizer().displayToken(id)); });
    feed(strip, records);
    strip.setSelectedQuery(9);
    strip.setPendingToken(records.back()->chosen, records.back()->chosenProbability, records.back()->choice);
    QDir().mkpath(QStringLiteral("/tmp/attnscope-shots"));
    CHECK(testing::render(strip, {640, 200}).save(QStringLiteral("/tmp/attnscope-shots/tokenstrip-model.png")));
}

TEST_CASE("tooltips show token text as written, not as markup", "[views][tooltip]") {
    QWidget widget;
    widget.resize(100, 100);
    widget.show();
    QHelpEvent help(QEvent::ToolTip, QPoint(5, 5), widget.mapToGlobal(QPoint(5, 5)));
    CHECK(attnscope::views::showPlainToolTip(&widget, &help, QStringLiteral("token <b>x</b> & <|endoftext|>")));
    CHECK(QToolTip::isVisible());
    CHECK(QToolTip::text().contains(QStringLiteral("&lt;b&gt;x&lt;/b&gt; &amp; &lt;|endoftext|&gt;")));
    QToolTip::hideText();
}
