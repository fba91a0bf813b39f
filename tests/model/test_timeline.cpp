// The timeline of one text: appending, going back and branching, forcing, switching branches,
// and what each position of the shown text was chosen with. Records are made by hand (tokens and
// choices only): the timeline never looks at their numbers.
#include <catch2/catch.hpp>

#include <cmath>

#include "model/Timeline.h"

using namespace attnscope;

namespace {

// Step `step` of the text prompt + chosen: the record whose tokens are `text` and which chose `next`.
StepRecordPtr stepOf(std::vector<std::int32_t> text, int step, std::int32_t next, float p = 0.5f,
                     ChoiceKind kind = ChoiceKind::Greedy, std::vector<std::pair<int, int>> headsOff = {}) {
    auto r = std::make_shared<StepRecord>();
    r->tokens = std::move(text);
    r->step = step;
    r->chosen = next;
    r->chosenProbability = p;
    r->choice = kind;
    r->ablatedHeads = std::move(headsOff);
    return r;
}

// A line of `n` steps from the prompt {1, 2} that chooses `tokens[s]` at step s.
Timeline::Line lineOf(const std::vector<std::int32_t>& tokens) {
    Timeline::Line line;
    std::vector<std::int32_t> text{1, 2};
    for (std::size_t s = 0; s < tokens.size(); ++s) {
        line.push_back(stepOf(text, static_cast<int>(s), tokens[s], 0.1f * static_cast<float>(s + 1)));
        text.push_back(tokens[s]);
    }
    return line;
}

Timeline appended(const Timeline::Line& line) {
    Timeline t;
    t.startOver("prompt", false);
    for (const auto& r : line) t.append(r);
    return t;
}

}  // namespace

TEST_CASE("appended steps make the line on screen and each new step is shown", "[timeline]") {
    Timeline t;
    t.startOver("The cat", true);
    CHECK(t.empty());
    CHECK(t.current() == -1);
    CHECK(t.currentRecord() == nullptr);
    const auto line = lineOf({10, 11, 12});
    for (const auto& r : line) {
        const auto c = t.append(r);
        CHECK(c.steps);
        CHECK(c.current);
        CHECK(t.currentRecord() == r);
    }
    CHECK(t.size() == 3);
    CHECK(t.prompt() == "The cat");
    CHECK(t.specialsAsText());
    CHECK(t.promptLength() == 2);
    CHECK_FALSE(t.canGoForward());
    // A step from a run whose steps were cut meanwhile (it does not follow the line) is ignored.
    const auto c = t.append(stepOf({1, 2, 10, 11, 12, 13, 14}, 5, 15));
    CHECK_FALSE(c.steps);
    CHECK(t.size() == 3);
}

TEST_CASE("showing a step clamps to the line and says only when it moved", "[timeline]") {
    Timeline t = appended(lineOf({10, 11, 12}));
    CHECK(t.show(0).current);
    CHECK(t.current() == 0);
    CHECK(t.canGoForward());
    CHECK_FALSE(t.show(0).current);
    t.show(99);
    CHECK(t.current() == 2);
    t.show(-5);
    CHECK(t.current() == 0);
    CHECK(t.lineToCurrent().size() == 1);
}

TEST_CASE("generating from an earlier step keeps the later steps as a branch", "[timeline]") {
    const auto first = lineOf({10, 11, 12});
    Timeline t = appended(first);
    t.show(1);
    const auto cut = t.cutAfterCurrent();
    CHECK(cut.steps);
    CHECK(cut.branches);
    REQUIRE(t.size() == 2);
    REQUIRE(t.branches().size() == 1);
    CHECK(t.branches()[0] == first);
    // The new continuation from step 1 chose 11 again, then 20: the branch forks at step 2.
    t.append(stepOf({1, 2, 10, 11}, 2, 20));
    CHECK(t.forkStep(0) == 2);
    CHECK(t.forkStep(1) == -1);

    // Cutting at the last step changes nothing.
    CHECK_FALSE(t.cutAfterCurrent().steps);
}

TEST_CASE("a branch that the line grows into is dropped", "[timeline]") {
    const auto first = lineOf({10, 11, 12});
    Timeline t = appended(first);
    t.show(0);
    t.cutAfterCurrent();
    REQUIRE(t.branches().size() == 1);
    // Made again with the same choices (other record objects, the same tokens): the same steps.
    const auto again = lineOf({10, 11, 12});
    t.append(again[1]);
    CHECK(t.branches().size() == 1);  // step 1 alone does not yet hold the branch's last step
    const auto c = t.append(again[2]);
    CHECK(c.branches);
    CHECK(t.branches().empty());
}

TEST_CASE("forcing a token keeps the old choice as a branch unless it is the same", "[timeline]") {
    const auto first = lineOf({10, 11, 12});
    Timeline t = appended(first);
    t.show(1);
    const auto forced = stepOf(first[1]->tokens, 1, 99, 0.01f, ChoiceKind::Forced);
    const auto c = t.replace(forced);
    CHECK(c.branches);
    CHECK(c.current);
    REQUIRE(t.size() == 2);
    CHECK(t.currentRecord() == forced);
    REQUIRE(t.branches().size() == 1);
    CHECK(t.branches()[0] == first);
    CHECK(t.forkStep(0) == 1);

    // Forcing the token it chose already: no new branch, but the new record is shown.
    const auto same = stepOf(forced->tokens, 1, 99, 0.01f, ChoiceKind::Forced);
    const auto c2 = t.replace(same);
    CHECK_FALSE(c2.branches);
    CHECK(c2.current);
    CHECK(t.currentRecord() == same);
    CHECK(t.branches().size() == 1);
}

TEST_CASE("switching to a branch shows it at its fork step and keeps the line as a branch", "[timeline]") {
    const auto first = lineOf({10, 11, 12});
    Timeline t = appended(first);
    t.show(0);
    t.cutAfterCurrent();
    t.append(stepOf({1, 2, 10}, 1, 30));
    const auto second = t.steps();
    REQUIRE(t.branches().size() == 1);

    const auto c = t.switchToBranch(0);
    CHECK(c.steps);
    CHECK(c.branches);
    CHECK(t.steps() == first);
    CHECK(t.current() == 1);  // where the two lines part
    REQUIRE(t.branches().size() == 1);
    CHECK(t.branches()[0] == second);

    CHECK_FALSE(t.switchToBranch(5).steps);  // no such branch
}

TEST_CASE("a branch handed back is kept once, and never when the line holds it", "[timeline]") {
    const auto first = lineOf({10, 11, 12});
    Timeline t = appended(first);
    CHECK_FALSE(t.addBranch(lineOf({10, 11})).branches);  // part of the line on screen
    CHECK(t.addBranch(lineOf({10, 40})).branches);
    CHECK_FALSE(t.addBranch(lineOf({10, 40})).branches);  // held already
    CHECK(t.addBranch(lineOf({10, 40, 41})).branches);    // holds the older one, which goes
    REQUIRE(t.branches().size() == 1);
    CHECK(t.branches()[0].size() == 3);
}

TEST_CASE("each position of the shown text says how its token was chosen", "[timeline]") {
    Timeline t;
    t.startOver("p", false);
    t.append(stepOf({1, 2}, 0, 10, 0.5f));
    t.append(stepOf({1, 2, 10}, 1, 11, 0.25f, ChoiceKind::Sampled, {{0, 1}}));
    t.append(stepOf({1, 2, 10, 11}, 2, 12, 0.125f, ChoiceKind::Forced));
    const auto p = t.chosenProbabilities();
    REQUIRE(p.size() == 4);
    CHECK(std::isnan(p[0]));
    CHECK(std::isnan(p[1]));
    CHECK(p[2] == 0.5f);
    CHECK(p[3] == 0.25f);  // step 2's own choice (12) is not yet part of its text
    const auto kinds = t.choiceKinds();
    CHECK(kinds[2] == ChoiceKind::Greedy);
    CHECK(kinds[3] == ChoiceKind::Sampled);
    const auto off = t.headsOffPerPosition();
    CHECK(off[2].empty());
    CHECK(off[3] == std::vector<std::pair<int, int>>{{0, 1}});

    t.show(1);  // an earlier step: its shorter text
    CHECK(t.chosenProbabilities().size() == 3);

    t.startOver("q", false);
    CHECK(t.chosenProbabilities().empty());
}
