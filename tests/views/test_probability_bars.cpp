// ProbabilityBars: the record's top-k as bars, the chosen one highlighted, the top-k / top-p
// cuts where sampling applies them, the temperature preview, logits, and clicking a bar.
#include <catch2/catch.hpp>

#include <QDir>
#include <QSignalSpy>
#include <QTest>

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>

#include "tests/model/Fixtures.h"
#include "tests/views/ViewFixtures.h"
#include "views/ProbabilityBars.h"


using namespace attnscope;
using attnscope::views::ProbabilityBars;

namespace {

std::vector<StepRecordPtr> recordsWith(const std::string& prompt, int newTokens, const SamplingSettings& sampling,
                                       SessionOptions options = {true, 10}) {
    GenerationSession session(testing::tinyViewModel(), options);
    std::vector<StepRecordPtr> records;
    generate(session, {testing::tinyViewModel()->tokenizer().encode(prompt), newTokens, sampling, false},
             [&](const StepRecordPtr& r) { records.push_back(r); });
    return records;
}

// Lays the plot out and draws it now (the view itself only queues replots), then grabs it.
QImage renderBars(ProbabilityBars& bars, QSize size = {520, 420}) {
    bars.resize(size);
    bars.show();
    bars.plot()->replot();
    QImage image(size, QImage::Format_ARGB32);
    image.fill(Qt::white);
    bars.render(&image);
    return image;
}

}  // namespace

TEST_CASE("probability bars: the record's candidates, best on top, chosen highlighted", "[views][bars]") {
    const auto record = testing::tinyRecords("Hello, the cat", 3).back();
    REQUIRE(record->topK.size() == 10);
    const auto namer = testing::tinyNamer();

    ProbabilityBars bars;
    bars.setNamer(namer);
    bars.setRecord(record);
    const QImage image = renderBars(bars);

    REQUIRE(bars.candidateCount() == 10);
    for (int i = 0; i < 10; ++i) {
        const Candidate& c = record->topK[static_cast<std::size_t>(i)];
        CHECK(bars.labelFor(i) == namer(c.token));
        CHECK(bars.valueFor(i) == Approx(c.probability).epsilon(1e-6));
        CHECK(bars.tokenAt(i) == c.token);
    }
    // Greedy: the chosen token is the best, drawn in the highlight colour; the others are not.
    REQUIRE(bars.highlightedIndex() == 0);
    CHECK(record->topK[0].token == record->chosen);
    CHECK(bars.barColor(0) == ProbabilityBars::chosenColor());
    CHECK(bars.barColor(1) == ProbabilityBars::keptColor());
    CHECK(image.pixelColor(bars.barRect(0).center()) == ProbabilityBars::chosenColor());
    CHECK(image.pixelColor(bars.barRect(1).center()) == ProbabilityBars::keptColor());
    // Best on top, and longer bars for larger probabilities.
    CHECK(bars.barRect(0).top() < bars.barRect(1).top());
    CHECK(bars.barRect(0).width() >= bars.barRect(1).width());
    // Greedy applies no cut, whatever the settings say.
    CHECK(bars.topKCut() == -1);
    CHECK(bars.topPCut() == -1);
    CHECK(bars.caption().contains(QStringLiteral("greedy")));
}

TEST_CASE("probability bars: clicking a bar (or its label) emits its token", "[views][bars]") {
    const auto record = testing::tinyRecords("Hello, the cat", 3).back();
    ProbabilityBars bars;
    bars.setNamer(testing::tinyNamer());
    bars.setRecord(record);
    renderBars(bars);

    QSignalSpy spy(&bars, &ProbabilityBars::candidateChosen);
    const int index = GENERATE(0, 3, 9);
    const QRect bar = bars.barRect(index);
    CHECK(bars.candidateAt(bar.center()) == index);
    QTest::mouseClick(&bars, Qt::LeftButton, {}, bar.center());
    REQUIRE(spy.count() == 1);
    CHECK(spy.at(0).at(0).value<std::int32_t>() == record->topK[static_cast<std::size_t>(index)].token);

    // The token label at the left edge of the row counts too.
    QTest::mouseClick(&bars, Qt::LeftButton, {}, QPoint(4, bar.center().y()));
    REQUIRE(spy.count() == 2);
    CHECK(spy.at(1).at(0).value<std::int32_t>() == record->topK[static_cast<std::size_t>(index)].token);

    // The tooltip names the token, its id, its probability and the click.
    const Candidate& c = record->topK[static_cast<std::size_t>(index)];
    const QString tip = bars.tooltipFor(index);
    CHECK(tip.contains(QStringLiteral("id %1").arg(c.token)));
    CHECK(tip.contains(QStringLiteral("rank %1").arg(index + 1)));
    CHECK(tip.contains(QStringLiteral("click")));
    CHECK(bars.tooltipFor(-1).isEmpty());
    CHECK(bars.tooltipFor(10).isEmpty());

    // Outside the bars (the title above them) nothing is chosen.
    QTest::mouseClick(&bars, Qt::LeftButton, {}, QPoint(bars.width() / 2, 3));
    CHECK(spy.count() == 2);
}

TEST_CASE("probability bars: the top-k cut appears only when top-k cuts the list", "[views][bars]") {
    ProbabilityBars bars;
    bars.setNamer(testing::tinyNamer());

    SECTION("top-k 4 of 10 shown") {
        const auto record = recordsWith("Hello, the cat", 3, SamplingSettings{false, 1.0f, 4, 1.0f, 3}).back();
        bars.setRecord(record);
        const QImage image = renderBars(bars);
        REQUIRE(bars.topKCut() == 4);
        CHECK(bars.topPCut() == -1);
        CHECK(bars.highlightedIndex() < 4);  // sampling picked inside the cut
        for (int i = 4; i < 10; ++i) CHECK(bars.barColor(i) == ProbabilityBars::cutColor());
        for (int i = 0; i < 4; ++i) {
            if (i != bars.highlightedIndex()) CHECK(bars.barColor(i) == ProbabilityBars::keptColor());
        }
        CHECK(image.pixelColor(bars.barRect(5).center()) == ProbabilityBars::cutColor());
        CHECK(image.pixelColor(bars.barRect(bars.highlightedIndex()).center()) == ProbabilityBars::chosenColor());
        CHECK(bars.caption().contains(QStringLiteral("top-k 4")));
    }
    SECTION("no top-k") {
        bars.setRecord(recordsWith("Hello, the cat", 3, SamplingSettings{false, 1.0f, 0, 1.0f, 3}).back());
        CHECK(bars.topKCut() == -1);
    }
    SECTION("top-k larger than the list shown") {
        bars.setRecord(recordsWith("Hello, the cat", 3, SamplingSettings{false, 1.0f, 40, 1.0f, 3}).back());
        CHECK(bars.topKCut() == -1);
    }
    SECTION("greedy with a top-k set") {
        bars.setRecord(recordsWith("Hello, the cat", 3, SamplingSettings{true, 1.0f, 4, 1.0f, 3}).back());
        CHECK(bars.topKCut() == -1);
    }
}

TEST_CASE("probability bars: the top-p cut is where the mass first reaches top_p", "[views][bars]") {
    const float topP = GENERATE(0.3f, 0.6f, 0.8f);
    const auto record = recordsWith("Hello, the cat", 3, SamplingSettings{false, 1.0f, 0, topP, 5}).back();
    ProbabilityBars bars;
    bars.setRecord(record);

    int expected = -1;
    double mass = 0;
    for (std::size_t i = 0; i < record->topK.size(); ++i) {
        mass += record->topK[i].probability;
        if (mass >= topP) {
            expected = static_cast<int>(i) + 1;
            break;
        }
    }
    INFO("top_p " << topP << ", mass of the shown " << mass);
    CHECK(bars.topPCut() == expected);
    if (expected > 0) {
        CHECK(bars.highlightedIndex() < expected);
        for (int i = expected; i < bars.candidateCount(); ++i) CHECK(bars.barColor(i) == ProbabilityBars::cutColor());
    } else {
        CHECK(bars.caption().contains(QStringLiteral("beyond")));
    }
}

TEST_CASE("probability bars: temperature preview and logits", "[views][bars]") {
    const auto record = testing::tinyRecords("Hello, the cat", 3).back();
    ProbabilityBars bars;
    bars.setRecord(record);
    const auto& top = record->topK;

    SECTION("a lower temperature sharpens, renormalised over the shown, and says so") {
        bars.setTemperature(0.5f);
        REQUIRE(bars.previewing());
        double sum = 0;
        double z = 0;
        for (const Candidate& c : top) z += std::exp((c.logit - top[0].logit) / 0.5);
        for (int i = 0; i < bars.candidateCount(); ++i) {
            const double expected = std::exp((top[static_cast<std::size_t>(i)].logit - top[0].logit) / 0.5) / z;
            CHECK(bars.valueFor(i) == Approx(expected).epsilon(1e-9));
            sum += bars.valueFor(i);
        }
        CHECK(sum == Approx(1.0).epsilon(1e-9));
        CHECK(bars.valueFor(0) > top[0].probability);  // sharper than at T = 1
        CHECK(bars.caption().contains(QStringLiteral("renormalised")));
        CHECK(bars.caption().contains(QStringLiteral("T = 0.5")));
        const double sharp = bars.valueFor(0);
        bars.setTemperature(2.0f);
        CHECK(bars.valueFor(0) < sharp);
        CHECK(bars.highlightedIndex() == 0);  // the chosen token stays marked
    }
    SECTION("the record's own temperature shows its exact probabilities") {
        bars.setTemperature(0.5f);
        bars.setTemperature(1.0f);  // greedy records are at T = 1
        CHECK_FALSE(bars.previewing());
        for (int i = 0; i < bars.candidateCount(); ++i) CHECK(bars.valueFor(i) == top[static_cast<std::size_t>(i)].probability);
        CHECK_FALSE(bars.caption().contains(QStringLiteral("renormalised")));
        bars.setTemperature(NAN);
        CHECK_FALSE(bars.previewing());
    }
    SECTION("logits") {
        bars.setShowLogits(true);
        for (int i = 0; i < bars.candidateCount(); ++i) CHECK(bars.valueFor(i) == top[static_cast<std::size_t>(i)].logit);
        const QImage image = renderBars(bars);
        CHECK(image.pixelColor(bars.barRect(0).center()) == ProbabilityBars::chosenColor());
        CHECK(bars.barRect(0).width() > bars.barRect(9).width());
        bars.setShowLogits(false);
        CHECK(bars.valueFor(0) == top[0].probability);
    }
}

TEST_CASE("probability bars: forced outside the list, recording off, no record, fewer candidates", "[views][bars]") {
    ProbabilityBars bars;
    bars.setNamer(testing::tinyNamer());

    SECTION("no record") {
        renderBars(bars);
        CHECK(bars.candidateCount() == 0);
        CHECK(bars.candidateAt({100, 100}) == -1);
        CHECK(bars.highlightedIndex() == -1);
        CHECK(bars.labelFor(0).isEmpty());
    }
    SECTION("a forced token that is not among the candidates") {
        GenerationSession session(testing::tinyViewModel(), {true, 10});
        const auto first = session.start(testing::tinyViewModel()->tokenizer().encode("Hello, the cat"), SamplingSettings{});
        std::int32_t outside = 0;
        while (std::any_of(first->topK.begin(), first->topK.end(), [&](const Candidate& c) { return c.token == outside; })) {
            ++outside;
        }
        const auto forced = session.force(outside);
        bars.setRecord(forced);
        renderBars(bars);
        CHECK(bars.highlightedIndex() == -1);
        CHECK(bars.caption().contains(QStringLiteral("not among")));
        CHECK(bars.caption().contains(QStringLiteral("forced")));
        for (int i = 0; i < bars.candidateCount(); ++i) CHECK(bars.barColor(i) == ProbabilityBars::keptColor());
    }
    SECTION("recording off still records the candidates") {
        const auto record = recordsWith("Hello, the cat", 2, SamplingSettings{}, {false, 10}).back();
        REQUIRE_FALSE(record->recorded());
        bars.setRecord(record);
        const QImage image = renderBars(bars);
        CHECK(bars.candidateCount() == 10);
        CHECK(image.pixelColor(bars.barRect(0).center()) == ProbabilityBars::chosenColor());
    }
    SECTION("from ten candidates to three and back") {
        bars.setRecord(testing::tinyRecords("Hello, the cat", 3).back());
        renderBars(bars);
        bars.setRecord(recordsWith("the", 2, SamplingSettings{}, {true, 3}).back());
        renderBars(bars);
        CHECK(bars.candidateCount() == 3);
        CHECK(bars.candidateAt(bars.barRect(2).center()) == 2);
        CHECK(bars.labelFor(3).isEmpty());
        bars.setRecord(testing::tinyRecords("Hello, the cat", 3).back());
        renderBars(bars);
        CHECK(bars.candidateAt(bars.barRect(9).center()) == 9);
    }
}

// Not run by default: renders the view to /tmp/attnscope-shots/bars.png to look at.
TEST_CASE("probability bars: screenshot", "[.][shots]") {
    const auto record = recordsWith("Hello, the cat sat", 4, SamplingSettings{false, 0.9f, 7, 0.9f, 11}).back();
    ProbabilityBars bars;
    bars.setNamer(testing::tinyNamer());
    bars.setRecord(record);
    QDir().mkpath(QStringLiteral("/tmp/attnscope-shots"));
    CHECK(renderBars(bars, {480, 400}).save(QStringLiteral("/tmp/attnscope-shots/bars.png")));
    bars.setTemperature(0.5f);
    CHECK(renderBars(bars, {480, 400}).save(QStringLiteral("/tmp/attnscope-shots/bars-preview.png")));
    bars.setTemperature(NAN);
    bars.setShowLogits(true);
    CHECK(renderBars(bars, {480, 400}).save(QStringLiteral("/tmp/attnscope-shots/bars-logits.png")));
}

// Not run by default: with ATTNSCOPE_SHOT_MODEL=<a GPT-2 folder> (and ATTNSCOPE_SHOT_PROMPT),
// renders a bigger model's candidates to /tmp/attnscope-shots/bars-model.png.
TEST_CASE("probability bars: screenshot with another model", "[.][shots]") {
    const QByteArray folder = qgetenv("ATTNSCOPE_SHOT_MODEL");
    if (folder.isEmpty()) return;
    const auto model = Gpt2Model::loadFolder(folder.toStdString());
    const QByteArray prompt = qEnvironmentVariableIsSet("ATTNSCOPE_SHOT_PROMPT") ? qgetenv("ATTNSCOPE_SHOT_PROMPT")
                                                                               : QByteArray("Once upon a time, there was a little");
    GenerationSession session(model, {true, 12});
    StepRecordPtr last;
    generate(session, {model->tokenizer().encode(prompt.toStdString()), 6, SamplingSettings{false, 0.8f, 10, 0.9f, 5}, false},
             [&](const StepRecordPtr& r) { last = r; });
    ProbabilityBars bars;
    bars.setNamer([model](std::int32_t id) { return QString::fromStdString(model->tokenizer().displayToken(id)); });
    bars.setRecord(last);
    QDir().mkpath(QStringLiteral("/tmp/attnscope-shots"));
    CHECK(renderBars(bars, {480, 420}).save(QStringLiteral("/tmp/attnscope-shots/bars-model.png")));
}

TEST_CASE("probability bars: a padded vocabulary says its ids are masked", "[views][bars][padded]") {
    testing::TempDir dir;
    testing::copyCheckpoint("tiny-f32-prefixed", dir.path());
    testing::padVocabulary(dir.path(), 47, 4.0f);
    const auto model = Gpt2Model::loadFolder(dir.path());
    GenerationSession session(model, {true, 10});
    const StepRecordPtr record = session.start(model->tokenizer().encode("Hello, the cat"), SamplingSettings{});

    ProbabilityBars bars;
    bars.setRecord(record);
    renderBars(bars);
    const int tokens = model->decodableVocabSize();
    CHECK(bars.caption().contains(QStringLiteral("ids %1\u2013%2 pad the vocabulary").arg(tokens).arg(tokens + 46)));
    CHECK(bars.caption().contains(QStringLiteral("masked")));

    // An unpadded model says nothing of the kind.
    bars.setRecord(testing::tinyRecords("Hello, the cat", 1).back());
    renderBars(bars);
    CHECK_FALSE(bars.caption().contains(QStringLiteral("masked")));
}

// Not run by default: a padded vocabulary's bars, to /tmp/attnscope-shots/bars-padded.png.
TEST_CASE("probability bars: screenshot with a padded vocabulary", "[.][shots]") {
    testing::TempDir dir;
    testing::copyCheckpoint("tiny-f32-prefixed", dir.path());
    testing::padVocabulary(dir.path(), 47, 4.0f);
    const auto model = Gpt2Model::loadFolder(dir.path());
    GenerationSession session(model, {true, 10});
    ProbabilityBars bars;
    bars.setNamer([model](std::int32_t id) { return QString::fromStdString(model->tokenizer().displayToken(id)); });
    bars.setRecord(session.start(model->tokenizer().encode("Hello, the cat"), SamplingSettings{}));
    QDir().mkpath(QStringLiteral("/tmp/attnscope-shots"));
    CHECK(renderBars(bars, {520, 420}).save(QStringLiteral("/tmp/attnscope-shots/bars-padded.png")));
}
