// Generation: sampling, determinism, forcing, going back, and the end of the context window.
#include <catch2/catch.hpp>

#include "model/Errors.h"
#include "model/Gpt2Model.h"
#include "model/Session.h"
#include "model/SystemMemory.h"
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

// True when two records of the same text hold the same numbers, bit for bit: every candidate,
// and every layer's key and value at the last position.
bool sameNumbers(const StepRecord& a, const StepRecord& b) {
    if (a.tokens != b.tokens || a.topK.size() != b.topK.size() || a.entropy != b.entropy) return false;
    for (std::size_t i = 0; i < a.topK.size(); ++i) {
        if (a.topK[i].token != b.topK[i].token || a.topK[i].logit != b.topK[i].logit || a.topK[i].probability != b.topK[i].probability) return false;
    }
    if (a.recorded() != b.recorded()) return false;
    if (!a.recorded()) return true;
    const PositionRecord &pa = *a.positions.back(), &pb = *b.positions.back();
    for (int layer = 0; layer < a.shape->nLayer; ++layer) {
        const auto ka = pa.key(layer), kb = pb.key(layer), va = pa.value(layer), vb = pb.value(layer);
        if (!std::equal(ka.begin(), ka.end(), kb.begin()) || !std::equal(va.begin(), va.end(), vb.begin())) return false;
    }
    return true;
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
    // The cache holds the branch's recorded keys and values: the same numbers, to the last bit.
    CHECK(five->chosenProbability == first[5]->chosenProbability);
    CHECK(sameNumbers(*five, *first[5]));
    CHECK(five->positions[3] == first[4]->positions[3]);  // the branch's records are shared, not copied

    // A line the history already holds is a plain rewind; a broken line is refused.
    session.continueFrom(upToFour);
    CHECK(session.history().size() == 5);
    CHECK_THROWS_AS(session.continueFrom({}), UsageError);
    CHECK_THROWS_AS(session.continueFrom({first[0], first[2]}), UsageError);
    CHECK(session.history().size() == 5);  // refused lines change nothing
}

// Opening a workspace makes its steps again one by one from the prompt, each with the heads it
// was made with switched off. However the first run got there (going back, switching branches,
// switching heads off and on again in between), its steps must come out the same to the last
// bit, or a token chosen by a hair could come out differently (docs/reliability.md).
TEST_CASE("steps made after going back, switching lines and switching heads off equal the same steps made straight", "[model][session][branches]") {
    SamplingSettings s;
    s.greedy = false;
    s.seed = 3;
    const AblationSet off{{0, 1, {}}, {1, 2, {}}};
    GenerationSession live(tinyModel());
    live.start({320, 39}, s);
    for (int i = 0; i < 3; ++i) live.step(s);
    live.setAblation(off);  // steps 4, 5 with two heads off: step 4 runs the text again
    live.step(s);
    live.step(s);
    const std::vector<StepRecordPtr> line = live.history();  // steps 0..5
    live.setAblation({});
    live.step(s);                // step 6, all heads on again: the text is run again
    live.rewindTo(4);            // back into the heads-off part: the cache must be step 4's
    live.setAblation(off);
    live.setAblation({});
    live.setAblation(off);       // off, on, off again: still step 4's heads
    const StepRecordPtr five = live.step(s);
    CHECK(sameNumbers(*five, *line[5]));
    live.rewindTo(2);            // back before the heads were switched off, with them off now
    live.setAblation({});
    const StepRecordPtr three = live.step(s);
    CHECK(sameNumbers(*three, *line[3]));
    live.setAblation(off);
    live.continueFrom(std::vector<StepRecordPtr>(line.begin(), line.begin() + 5));  // the other line again
    const StepRecordPtr fiveAgain = live.step(s);
    CHECK(sameNumbers(*fiveAgain, *line[5]));

    // The same steps made straight, as opening a workspace makes them.
    GenerationSession straight(tinyModel());
    straight.start({320, 39}, s);
    for (int i = 1; i <= 5; ++i) {
        straight.setAblation(i >= 4 ? off : AblationSet{});
        const StepRecordPtr r = straight.step(s);
        CAPTURE(i);
        CHECK(sameNumbers(*r, *line[static_cast<std::size_t>(i)]));
    }
    // A step cancelled while running the text again leaves the session able to go on exactly.
    std::atomic<bool> cancel{true};
    straight.setAblation({});
    straight.setCancelFlag(&cancel);
    CHECK_THROWS_AS(straight.step(s), Cancelled);
    cancel = false;
    straight.setAblation(off);
    straight.rewindTo(4);
    CHECK(sameNumbers(*straight.step(s), *line[5]));
}

TEST_CASE("the cache is restored only from a model's own positions, in order", "[model][session][errors]") {
    GenerationSession session(tinyModel());
    session.start({320, 39, 68}, SamplingSettings{});
    const auto& positions = session.last()->positions;
    InferenceState state(tinyModel());
    state.restore(positions);
    CHECK(state.length() == 3);
    const std::vector<std::shared_ptr<const PositionRecord>> swapped{positions[1], positions[0]};
    CHECK_THROWS_AS(state.restore(swapped), UsageError);
    const std::vector<std::shared_ptr<const PositionRecord>> missing{positions[0], nullptr};
    CHECK_THROWS_AS(state.restore(missing), UsageError);
    InferenceState otherModel(Gpt2Model::loadFolder(Gpt2Model::embeddedModelFolder()));  // 4 layers, 256 wide
    CHECK_THROWS_AS(otherModel.restore(positions), UsageError);
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

TEST_CASE("generating on from the session's last step continues its text, and is cancelled before a step", "[model][session]") {
    GenerationSession straight(tinyModel());
    std::vector<StepRecordPtr> all;
    generate(straight, {{320, 39}, 6, SamplingSettings{}, false}, [&](const StepRecordPtr& r) { all.push_back(r); });

    GenerationSession session(tinyModel());
    std::vector<StepRecordPtr> first, more;
    generate(session, {{320, 39}, 2, SamplingSettings{}, false}, [&](const StepRecordPtr& r) { first.push_back(r); });
    GenerateRequest on{{}, 4, SamplingSettings{}, false, true};
    int asked = 0;
    const StopReason reason = generate(session, on, [&](const StepRecordPtr& r) { more.push_back(r); }, [&] { return ++asked > 4; });
    CHECK(reason == StopReason::StepsDone);
    CHECK(asked == 4);  // before each of the four steps
    REQUIRE(more.size() == 4);
    for (std::size_t i = 0; i < more.size(); ++i) {
        CHECK(more[i]->step == static_cast<int>(i) + 2);
        CHECK(more[i]->tokens == all[i + 2]->tokens);
        CHECK(more[i]->chosen == all[i + 2]->chosen);
    }
    // Asked to stop before the first step: nothing is made.
    more.clear();
    CHECK(generate(session, on, [&](const StepRecordPtr& r) { more.push_back(r); }, [] { return true; }) == StopReason::Cancelled);
    CHECK(more.empty());
    // Nothing to continue from.
    GenerationSession fresh(tinyModel());
    CHECK_THROWS_AS(generate(fresh, on, [](const StepRecordPtr&) {}), UsageError);
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

TEST_CASE("available memory is read from /proc/meminfo", "[model][memory]") {
    CHECK(memAvailableFrom("MemTotal:       24000000 kB\nMemFree:  100 kB\nMemAvailable:   20480 kB\n") == 20480ull * 1024);
    CHECK_FALSE(memAvailableFrom("MemTotal: 1 kB\n").has_value());
    CHECK_FALSE(memAvailableFrom("MemAvailable: lots\n").has_value());
    const auto now = availableMemoryBytes();
    REQUIRE(now.has_value());  // Linux
    CHECK(*now > (16u << 20));
}
