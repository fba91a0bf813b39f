// The induction-formation series: its index is validated like every file from outside, and on
// the shipped checkpoints the core measures what the series is for — a previous-token head that
// forms first, an induction head after it, and the second copy's loss dropping below the first's.
#include <catch2/catch.hpp>

#include "model/Errors.h"
#include "model/Formation.h"
#include "tests/model/Fixtures.h"

using namespace attnscope;
using namespace attnscope::testing;

namespace {

std::string indexError(const std::string& text) {
    TempDir dir;
    writeFile(dir / "formation.json", text);
    try {
        formation::readIndex(dir.path());
    } catch (const FormatError& e) {
        return e.what();
    }
    return "(no error)";
}

}  // namespace

TEST_CASE("the formation index is validated, naming the file and the field", "[model][formation]") {
    CHECK_THAT(indexError("{"), Catch::Contains("formation.json: not valid JSON"));
    CHECK_THAT(indexError(R"({"format":"x","version":1,"checkpoints":[]})"), Catch::Contains("field \"format\" must be \"attnscope-formation\""));
    CHECK_THAT(indexError(R"({"format":"attnscope-formation","version":2,"checkpoints":[]})"), Catch::Contains("field \"version\" must be 1"));
    CHECK_THAT(indexError(R"({"format":"attnscope-formation","version":1,"checkpoints":[]})"), Catch::Contains("must be a non-empty list"));
    const std::string head = R"({"format":"attnscope-formation","version":1,"checkpoints":[)";
    CHECK_THAT(indexError(head + R"({"folder":"../x","step":1,"tokens_seen":1}]})"),
               Catch::Contains("\"checkpoints[0].folder\" must name a folder beside formation.json"));
    CHECK_THAT(indexError(head + R"({"folder":"a","step":-1,"tokens_seen":1}]})"),
               Catch::Contains("\"checkpoints[0].step\" must be a non-negative integer"));
    CHECK_THAT(indexError(head + R"({"folder":"a","step":5,"tokens_seen":1},{"folder":"b","step":5,"tokens_seen":2}]})"),
               Catch::Contains("training order"));
    CHECK_THAT(indexError(head + R"({"folder":"a","step":5}]})"), Catch::Contains("missing field \"checkpoints[0].tokens_seen\""));
    TempDir empty;
    CHECK_THROWS_WITH(formation::readIndex(empty.path()), Catch::Contains("formation.json: file not found"));
}

TEST_CASE("a series of one model's checkpoints refuses a checkpoint of another shape", "[model][formation]") {
    TempDir dir;
    for (const char* name : {"a", "b"}) std::filesystem::create_directories(dir / name);
    copyCheckpoint("tiny-f32-prefixed", dir / "a");
    copyCheckpoint("tiny-bf16-untied", dir / "b");
    writeFile(dir / "formation.json", R"({"format":"attnscope-formation","version":1,"checkpoints":[)"
                                      R"({"folder":"a","step":1,"tokens_seen":10},{"folder":"b","step":2,"tokens_seen":20}]})");
    // Same shapes (both 2 x 4 x 32): measured; the readings follow the index.
    const formation::Series s = formation::measureSeries(dir.path());
    REQUIRE(s.readings.size() == 2);
    CHECK(s.period == 7);  // (16 - 1) / 2
    CHECK(s.sequence.size() == 1 + 2 * 7);
    CHECK(s.readings[1].checkpoint.tokensSeen == 20);
    CHECK(s.readings[0].attention.size() == 8);
    for (double v : s.readings[0].induction) CHECK((v >= 0 && v <= 1));

    // The embedded model in place of the second checkpoint: another shape, refused by name.
    for (const auto& entry : std::filesystem::directory_iterator(Gpt2Model::embeddedModelFolder())) {
        std::filesystem::copy_file(entry.path(), dir / "b" / entry.path().filename(), std::filesystem::copy_options::overwrite_existing);
    }
    std::filesystem::remove(dir / "b" / "model.safetensors");
    std::filesystem::create_symlink(Gpt2Model::embeddedModelFolder() / "model.safetensors", dir / "b" / "model.safetensors");
    CHECK_THROWS_WITH(formation::measureSeries(dir.path()), Catch::Contains((dir / "b").string() + ": has another shape or vocabulary"));
}

TEST_CASE("the shipped series: a previous-token head and an induction head form at the phase change, and the second copy's loss drops", "[model][formation][shipped]") {
    const formation::Series series = formation::measureSeries(formation::shippedSeriesFolder());
    REQUIRE(series.readings.size() >= 18);
    const formation::Reading& first = series.readings.front();
    const formation::Reading& last = series.readings.back();
    // Before: no head copies, and the second copy is predicted no better than the first.
    CHECK(first.induction[first.bestInductionHead()] < 0.05);
    CHECK(first.previousToken[first.bestPreviousTokenHead()] < 0.1);
    CHECK(first.lossSecondCopy > first.lossFirstCopy - 0.5);
    // After: an induction head in the second layer (the card's test: >= 0.3), fed by a
    // previous-token head in the first, and in-context copying (nats per token).
    const int inductionHead = last.bestInductionHead();
    CHECK(last.induction[static_cast<std::size_t>(inductionHead)] >= 0.3);
    CHECK(inductionHead / last.nHead == 1);
    const int previousHead = last.bestPreviousTokenHead();
    CHECK(last.previousToken[static_cast<std::size_t>(previousHead)] >= 0.3);
    CHECK(previousHead / last.nHead == 0);
    CHECK(last.lossSecondCopy < last.lossFirstCopy - 2.0);
    // When each head forms: the first checkpoint where it has made a tenth of its way from its
    // first score to its last. The previous-token head is never later than the induction head
    // (on these weights both cross in the same checkpoint: they form together, in the phase
    // change between steps 500 and 800), and neither is there from the start.
    const int previousAt = formation::formedAt(series, formation::Score::PreviousToken, previousHead);
    const int inductionAt = formation::formedAt(series, formation::Score::Induction, inductionHead);
    CHECK(previousAt >= 3);
    CHECK(inductionAt >= 3);
    CHECK(previousAt <= inductionAt);
    // The second copy's loss falls as the induction head forms: at the checkpoint where it has
    // formed, the loss has dropped less than a third of the way; by the end, all of it.
    const auto& at = series.readings[static_cast<std::size_t>(inductionAt)];
    CHECK(at.lossSecondCopy > last.lossSecondCopy + 0.66 * (first.lossSecondCopy - last.lossSecondCopy));
}
