// Generation: sampling, determinism, forcing, going back, and the end of the context window.
#include <catch2/catch.hpp>

#include "model/Errors.h"
#include "model/Gpt2Model.h"
#include "model/Session.h"
#include "tests/model/Fixtures.h"

using namespace attnscope;
using attnscope::testing::checkpointDir;

namespace {

std::shared_ptr<const Gpt2Model> tinyModel() {
    static const auto model = Gpt2Model::loadFolder(checkpointDir("tiny-f32-prefixed"));
    return model;
}

std::vector<std::int32_t> generateTokens(const SamplingSettings& sampling, int n, bool record = true) {
    GenerationSession session(tinyModel(), {record, 10});
    std::vector<std::int32_t> out;
    generate(session, {{320, 39, 68}, n, sampling, false}, [&](const StepRecordPtr& r) { out.push_back(r->chosen); });
    return out;
}

}  // namespace

TEST_CASE("greedy picks the most probable token", "[model][sampling]") {
    GenerationSession session(tinyModel());
    const StepRecordPtr r = session.start({320, 39, 68}, SamplingSettings{});
    REQUIRE(r->topK.size() == 20);
    CHECK(r->chosen == r->topK.front().token);
    CHECK(r->choice == ChoiceKind::Greedy);
    CHECK(r->chosenProbability == r->topK.front().probability);
    for (std::size_t i = 1; i < r->topK.size(); ++i) CHECK(r->topK[i - 1].probability >= r->topK[i].probability);
    CHECK(r->entropy > 0);
    CHECK(r->entropy <= std::log(static_cast<double>(tinyModel()->config().vocabSize)) + 1e-9);
}

TEST_CASE("the same seed and settings give the same text, and another seed another", "[model][sampling]") {
    SamplingSettings s;
    s.greedy = false;
    s.temperature = 1.5f;
    s.seed = 42;
    const auto a = generateTokens(s, 12);
    const auto b = generateTokens(s, 12);
    CHECK(a == b);
    s.seed = 43;
    const auto c = generateTokens(s, 12);
    CHECK(a != c);
    // Recording does not change what is generated.
    s.seed = 42;
    CHECK(generateTokens(s, 12, false) == a);
}

TEST_CASE("top-k = 1 and a tiny top-p are greedy", "[model][sampling]") {
    const auto greedy = generateTokens(SamplingSettings{}, 10);
    SamplingSettings k1;
    k1.greedy = false;
    k1.topK = 1;
    k1.temperature = 2.0f;
    k1.seed = 7;
    CHECK(generateTokens(k1, 10) == greedy);
    SamplingSettings p;
    p.greedy = false;
    p.topP = 1e-6f;
    p.seed = 9;
    CHECK(generateTokens(p, 10) == greedy);
}

TEST_CASE("sampling with top-k only ever picks from the k best", "[model][sampling]") {
    const auto model = tinyModel();
    Eigen::VectorXf logits = Eigen::VectorXf::LinSpaced(model->config().vocabSize, -5.0f, 5.0f);
    SamplingSettings s;
    s.greedy = false;
    s.topK = 3;
    for (int position = 0; position < 200; ++position) {
        const Choice c = choose(logits, s, position);
        CHECK(c.token >= model->config().vocabSize - 3);
    }
    s.topK = 0;
    s.temperature = 0.0f;
    CHECK_THROWS_AS(choose(logits, s, 0), UsageError);
    s.temperature = 1.0f;
    s.topP = 1.5f;
    CHECK_THROWS_AS(choose(logits, s, 0), UsageError);
}

TEST_CASE("forcing a candidate continues from it", "[model][sampling]") {
    GenerationSession session(tinyModel());
    const StepRecordPtr first = session.start({320, 39, 68}, SamplingSettings{});
    const std::int32_t alternative = first->topK[3].token;
    const StepRecordPtr forced = session.force(alternative);
    CHECK(forced->chosen == alternative);
    CHECK(forced->choice == ChoiceKind::Forced);
    CHECK(forced->chosenProbability == first->topK[3].probability);
    CHECK(first->chosen != alternative);  // the original record is untouched
    const StepRecordPtr next = session.step(SamplingSettings{});
    CHECK(next->tokens.back() == alternative);
}

TEST_CASE("going back and generating again gives the same records", "[model][session]") {
    SamplingSettings s;
    s.greedy = false;
    s.seed = 5;
    GenerationSession session(tinyModel());
    session.start({320, 39}, s);
    for (int i = 0; i < 5; ++i) session.step(s);
    const StepRecordPtr before = session.history()[4];
    const StepRecordPtr later = session.history()[5];

    session.rewindTo(2);
    CHECK(session.history().size() == 3);
    session.step(s);
    session.step(s);
    const StepRecordPtr again = session.history()[4];
    CHECK(again->tokens == before->tokens);
    CHECK(again->chosen == before->chosen);
    CHECK(again->attentionRow(1, 2, again->length() - 1) == before->attentionRow(1, 2, before->length() - 1));
    // Earlier records are shared between the branches, not copied.
    CHECK(again->positions[0] == before->positions[0]);
    CHECK(later->length() == 7);  // the dropped branch's record is still whole
}

TEST_CASE("continuing another branch gives the records that branch would have had", "[model][session][branches]") {
    SamplingSettings s;
    s.greedy = false;
    s.seed = 11;
    GenerationSession session(tinyModel());
    session.start({320, 39}, s);
    for (int i = 0; i < 6; ++i) session.step(s);
    const std::vector<StepRecordPtr> first = session.history();  // steps 0..6

    // Another branch: back to step 2, another token forced there, three more steps.
    session.rewindTo(2);
    const std::int32_t other = first[2]->chosen == 100 ? 101 : 100;
    session.force(other);
    for (int i = 0; i < 3; ++i) session.step(s);
    REQUIRE(session.history()[3]->tokens.back() == other);

    // Back on the first branch at its step 4: the next step is the first branch's step 5.
    const std::vector<StepRecordPtr> upToFour(first.begin(), first.begin() + 5);
    session.continueFrom(upToFour);
    CHECK(session.history() == upToFour);
    const StepRecordPtr five = session.step(s);
    CHECK(five->tokens == first[5]->tokens);
    CHECK(five->chosen == first[5]->chosen);
    // The cache was built in one pass rather than token by token: the same numbers up to rounding.
    CHECK(five->chosenProbability == Approx(first[5]->chosenProbability).epsilon(1e-5));
    const auto row = five->attentionRow(1, 3, five->length() - 1), firstRow = first[5]->attentionRow(1, 3, first[5]->length() - 1);
    REQUIRE(row.size() == firstRow.size());
    for (std::size_t j = 0; j < row.size(); ++j) CHECK(row[j] == Approx(firstRow[j]).margin(1e-6));
    CHECK(five->positions[3] == first[4]->positions[3]);  // the branch's records are shared, not copied

    // A line the history already holds is a plain rewind; a broken line is refused.
    session.continueFrom(upToFour);
    CHECK(session.history().size() == 5);
    CHECK_THROWS_AS(session.continueFrom({}), UsageError);
    CHECK_THROWS_AS(session.continueFrom({first[0], first[2]}), UsageError);
    CHECK(session.history().size() == 5);  // refused lines change nothing
}

TEST_CASE("reaching the context window ends generation with a reason", "[model][session]") {
    const auto model = tinyModel();
    REQUIRE(model->config().nPositions == 16);
    GenerationSession session(model);
    std::vector<StepRecordPtr> records;
    const StopReason reason = generate(session, {{320, 39, 68, 297, 78, 11, 262, 269, 265, 100}, 50, SamplingSettings{}, false},
                                       [&](const StepRecordPtr& r) { records.push_back(r); });
    CHECK(reason == StopReason::ContextFull);
    REQUIRE(records.size() == 7);  // lengths 10, 11, ..., 16
    CHECK(records.back()->length() == 16);
    CHECK(session.contextFull());
    CHECK_THROWS_WITH(session.step(SamplingSettings{}), Catch::Contains("context window of 16 tokens is full"));
}

TEST_CASE("a prompt longer than the context is refused with a clear message", "[model][session]") {
    GenerationSession session(tinyModel());
    std::vector<std::int32_t> prompt(17, 39);
    CHECK_THROWS_WITH(session.start(prompt, SamplingSettings{}),
                      Catch::Contains("17 tokens long") && Catch::Contains("holds 16"));
    prompt.resize(16);
    const StepRecordPtr r = session.start(prompt, SamplingSettings{});
    CHECK(r->length() == 16);
    CHECK(session.contextFull());
}

TEST_CASE("an empty prompt starts from <|endoftext|>", "[model][session]") {
    GenerationSession session(tinyModel());
    const StepRecordPtr r = session.start({}, SamplingSettings{});
    REQUIRE(r->tokens.size() == 1);
    CHECK(r->tokens[0] == 320);
}

TEST_CASE("token ids outside the vocabulary are refused", "[model][session]") {
    GenerationSession session(tinyModel());
    CHECK_THROWS_AS(session.start({320, 321}, SamplingSettings{}), UsageError);
    CHECK_THROWS_AS(session.start({-1}, SamplingSettings{}), UsageError);
}

TEST_CASE("cancelling stops between steps", "[model][session]") {
    GenerationSession session(tinyModel());
    int seen = 0;
    const StopReason reason = generate(session, {{320}, 10, SamplingSettings{}, false}, [&](const StepRecordPtr&) { ++seen; },
                                       [&] { return seen >= 3; });
    CHECK(reason == StopReason::Cancelled);
    CHECK(seen == 3);
}

TEST_CASE("recording off keeps no per-position data", "[model][session]") {
    GenerationSession session(tinyModel(), {false, 5});
    const StepRecordPtr r = session.start({320, 39}, SamplingSettings{});
    CHECK_FALSE(r->recorded());
    CHECK(r->topK.size() == 5);
    CHECK_THROWS_AS(r->attentionRow(0, 0, 0), UsageError);
}

TEST_CASE("a set cancel flag stops a prefill or a step and leaves the session as it was", "[model][session][cancel]") {
    const auto model = Gpt2Model::loadFolder(testing::checkpointDir("tiny-f32-prefixed"));
    std::atomic<bool> stop{true};
    GenerationSession session(model);
    session.setCancelFlag(&stop);
    CHECK_THROWS_AS(session.start({320, 39, 68, 297}, SamplingSettings{}), Cancelled);
    CHECK_FALSE(session.started());

    stop = false;
    const StepRecordPtr first = session.start({320, 39, 68, 297}, SamplingSettings{});
    stop = true;
    CHECK_THROWS_AS(session.step(SamplingSettings{}), Cancelled);
    CHECK(session.history().size() == 1);
    stop = false;
    const StepRecordPtr next = session.step(SamplingSettings{});

    // The same as a session that was never interrupted.
    GenerationSession fresh(model);
    fresh.start({320, 39, 68, 297}, SamplingSettings{});
    const StepRecordPtr expected = fresh.step(SamplingSettings{});
    CHECK(next->tokens == expected->tokens);
    CHECK(next->chosen == expected->chosen);
    REQUIRE(next->topK.size() == expected->topK.size());
    for (std::size_t i = 0; i < next->topK.size(); ++i) CHECK(next->topK[i].logit == expected->topK[i].logit);
}

TEST_CASE("a prompt longer than one prefill chunk equals feeding it token by token", "[model][session][embedded]") {
    const auto model = Gpt2Model::loadFolder(Gpt2Model::embeddedModelFolder());
    const int n = InferenceState::kPrefillChunk + 37;
    REQUIRE(n < model->config().nPositions);
    std::vector<std::int32_t> tokens;
    for (int i = 0; i < n; ++i) tokens.push_back(static_cast<std::int32_t>(300 + (i * 53) % 3000));
    InferenceState chunked(model);
    const ForwardResult whole = chunked.forward(tokens, true);
    REQUIRE(whole.positions.size() == tokens.size());
    InferenceState oneByOne(model);
    ForwardResult last;
    for (std::int32_t t : tokens) last = oneByOne.forward(std::span<const std::int32_t>(&t, 1), false);
    const double scale = std::max(1.0f, last.logits.cwiseAbs().maxCoeff());
    CHECK((whole.logits - last.logits).cwiseAbs().maxCoeff() / scale < 1e-4);
    CHECK(whole.positions.back()->position() == n - 1);
}
