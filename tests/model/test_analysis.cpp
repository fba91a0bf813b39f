// Ablation and the logit lens, checked against recomputations that do not use them.
#include <catch2/catch.hpp>

#include <cmath>

#include "model/Analysis.h"
#include "model/Errors.h"
#include "model/Session.h"
#include "tests/model/Fixtures.h"

using namespace attnscope;

namespace {

std::shared_ptr<const Gpt2Model> tiny() {
    static const auto model = Gpt2Model::loadFolder(attnscope::testing::checkpointDir("tiny-f32-prefixed"));
    return model;
}

const std::vector<std::int32_t> kText{320, 39, 68, 297, 78, 11, 262, 269, 265};

StepRecordPtr recordOf(const std::vector<std::int32_t>& tokens) {
    GenerationSession session(tiny());
    return session.start(tokens, SamplingSettings{});
}

Eigen::VectorXf layerNorm(const Gpt2Model& m, Eigen::VectorXf x, const VectorRef& gain, const VectorRef& bias) {
    const float mean = x.mean();
    const float variance = (x.array() - mean).square().mean();
    return ((x.array() - mean) / std::sqrt(variance + m.config().layerNormEpsilon)) * gain.map().array() + bias.map().array();
}

// The last block from the point where the heads are merged, written out again here: c_proj,
// residual, MLP, residual, final norm, output head.
Eigen::VectorXf logitsFromMergedHeads(const Gpt2Model& m, const PositionRecord& p, Eigen::VectorXf merged) {
    const int L = m.config().nLayer - 1, C = m.config().nEmbd;
    const LayerWeights& w = m.weights().layers[L];
    Eigen::VectorXf x = Eigen::Map<const Eigen::VectorXf>(p.residualIn(L).data(), C);
    x += w.attnProjWeight.map() * merged + w.attnProjBias.map();
    Eigen::VectorXf hidden = w.fcWeight.map() * layerNorm(m, x, w.ln2Weight, w.ln2Bias) + w.fcBias.map();
    hidden = hidden.unaryExpr([](float v) { return 0.5f * v * (1.0f + std::tanh(0.7978845608f * (v + 0.044715f * v * v * v))); });
    x += w.fcProjWeight.map() * hidden + w.fcProjBias.map();
    return m.weights().lmHead.map().transpose() * layerNorm(m, x, m.weights().lnFWeight, m.weights().lnFBias);
}

}  // namespace

TEST_CASE("zero-ablating a last-layer head equals removing its contribution by hand", "[model][analysis]") {
    const auto model = tiny();
    const int L = model->config().nLayer - 1, d = model->config().headDim();
    const StepRecordPtr intact = recordOf(kText);
    const PositionRecord& last = *intact->positions.back();
    for (int head = 0; head < model->config().nHead; ++head) {
        // The recorded merged heads with this head's slice zeroed, run through the rest of the block.
        const auto merged = last.headOutputs(L);
        Eigen::VectorXf zeroed = Eigen::Map<const Eigen::VectorXf>(merged.data(), model->config().nEmbd);
        zeroed.segment(head * d, d).setZero();
        const Eigen::VectorXf expected = logitsFromMergedHeads(*model, last, zeroed);
        // Sanity: without zeroing, the same code gives the model's own logits.
        const Eigen::VectorXf own = logitsFromMergedHeads(*model, last, Eigen::Map<const Eigen::VectorXf>(merged.data(), model->config().nEmbd));
        CHECK((own - analysis::compareAblation(model, kText, {}).logitsBefore).cwiseAbs().maxCoeff() < 1e-3);

        const auto c = analysis::compareAblation(model, kText, {{L, head, {}}});
        const double diff = (c.logitsAfter - expected).cwiseAbs().maxCoeff();
        INFO("head " << head << ": max |diff| " << diff);
        CHECK(diff <= 1e-4 * std::max(1.0f, expected.cwiseAbs().maxCoeff()));
        CHECK(c.klDivergence > 0);
    }
}

TEST_CASE("ablating nothing changes nothing", "[model][analysis]") {
    const auto c = analysis::compareAblation(tiny(), kText, {});
    CHECK(c.logitsBefore == c.logitsAfter);
    CHECK(c.klDivergence == Approx(0.0).margin(1e-12));
    CHECK(c.before.top.front().token == c.after.top.front().token);
}

TEST_CASE("the ablation comparison is made at the temperature asked for, each side's candidates read on the other", "[model][analysis]") {
    const auto model = tiny();
    const float T = 0.7f;
    const auto c = analysis::compareAblation(model, kText, {{1, 2, {}}}, 5, T);
    CHECK(c.temperature == T);
    const Distribution before = summarize(c.logitsBefore, T, 5), after = summarize(c.logitsAfter, T, 5);
    REQUIRE(c.before.top.size() == before.top.size());
    REQUIRE(c.afterOfBefore.size() == c.before.top.size());
    REQUIRE(c.beforeOfAfter.size() == c.after.top.size());
    const auto probabilityAt = [&](const Eigen::VectorXf& logits, std::int32_t token) {
        const Eigen::ArrayXd z = (logits.cast<double>() / T).array();
        return std::exp(z[token] - z.maxCoeff()) / (z - z.maxCoeff()).exp().sum();
    };
    for (std::size_t i = 0; i < before.top.size(); ++i) {
        CHECK(c.before.top[i].token == before.top[i].token);
        CHECK(c.before.top[i].probability == Approx(before.top[i].probability));
        CHECK(c.afterOfBefore[i] == Approx(probabilityAt(c.logitsAfter, c.before.top[i].token)).epsilon(1e-5));
    }
    for (std::size_t i = 0; i < after.top.size(); ++i) {
        CHECK(c.after.top[i].probability == Approx(after.top[i].probability));
        CHECK(c.beforeOfAfter[i] == Approx(probabilityAt(c.logitsBefore, c.after.top[i].token)).epsilon(1e-5));
    }
    CHECK(c.klDivergence == Approx(analysis::klDivergence(c.logitsBefore / T, c.logitsAfter / T)));
    // Not the temperature-1 numbers.
    CHECK(c.before.top.front().probability != Approx(analysis::compareAblation(model, kText, {{1, 2, {}}}, 5).before.top.front().probability));
}

TEST_CASE("mean ablation puts the head's mean output in its place", "[model][analysis]") {
    const auto model = tiny();
    const StepRecordPtr intact = recordOf(kText);
    const std::vector<float> mean = analysis::meanHeadOutput(*intact, 0, 2);
    InferenceState state(model);
    state.setAblation({{0, 2, mean}});
    const ForwardResult r = state.forward(kText, true);
    for (const auto& p : r.positions) {
        const auto out = p->headOutput(0, 2);
        CHECK(std::vector<float>(out.begin(), out.end()) == mean);
    }
    // An early head's change reaches the last layer's attention.
    StepRecord ablated;
    ablated.tokens = kText;
    ablated.shape = model->recordShape();
    for (const auto& p : r.positions) ablated.positions.push_back(p);
    CHECK(ablated.attentionMatrix(1, 0) != intact->attentionMatrix(1, 0));
}

TEST_CASE("impossible ablations are refused", "[model][analysis][errors]") {
    InferenceState state(tiny());
    CHECK_THROWS_AS(state.setAblation({{2, 0, {}}}), UsageError);
    CHECK_THROWS_AS(state.setAblation({{0, 4, {}}}), UsageError);
    CHECK_THROWS_AS(state.setAblation({{0, 0, std::vector<float>(3)}}), UsageError);
}

TEST_CASE("KL divergence is zero for equal and positive for different distributions", "[model][analysis]") {
    Eigen::VectorXf a(3), b(3);
    a << 1, 2, 3;
    b << 3, 2, 1;
    CHECK(analysis::klDivergence(a, a) == Approx(0.0).margin(1e-12));
    CHECK(analysis::klDivergence(a, b) > 0.5);
    CHECK(analysis::klDivergence(a, (a.array() + 5).matrix()) == Approx(0.0).margin(1e-9));  // shift invariant
}

TEST_CASE("the logit lens's last row is the model's own prediction", "[model][analysis][lens]") {
    const auto model = tiny();
    const StepRecordPtr r = recordOf(kText);
    const analysis::LogitLens lens = analysis::logitLens(*model, *r, 5);
    REQUIRE(lens.rows == model->config().nLayer + 1);
    REQUIRE(lens.positions == static_cast<int>(kText.size()));
    const auto& prediction = lens.at(lens.rows - 1, lens.positions - 1);
    REQUIRE(prediction.top.size() == 5);
    CHECK(prediction.top.front().token == r->topK.front().token);
    CHECK(prediction.top.front().probability == Approx(r->topK.front().probability).epsilon(1e-4));
    for (const auto& cell : lens.cells) {
        for (std::size_t i = 1; i < cell.top.size(); ++i) CHECK(cell.top[i - 1].probability >= cell.top[i].probability);
    }
}

TEST_CASE("generating with heads switched off continues from a consistently ablated text", "[model][analysis][session]") {
    const auto model = tiny();
    GenerationSession session(model);
    session.start(kText, SamplingSettings{});
    const AblationSet off{{0, 1, {}}, {1, 3, {}}};
    session.setAblation(off);
    const StepRecordPtr step = session.step(SamplingSettings{});
    CHECK(step->ablatedHeads == std::vector<std::pair<int, int>>{{0, 1}, {1, 3}});

    // The same text run from scratch with the heads off gives the same next-token logits.
    std::vector<std::int32_t> text = step->tokens;
    const auto reference = analysis::compareAblation(model, text, off);
    CHECK(step->topK.front().token == reference.after.top.front().token);
    CHECK(step->topK.front().probability == Approx(reference.after.top.front().probability).epsilon(1e-4));
    // Every position of the step carries the ablation (the earlier ones were run again).
    for (const auto& p : step->positions) {
        const auto out = p->headOutput(1, 3);
        CHECK(std::all_of(out.begin(), out.end(), [](float v) { return v == 0.0f; }));
    }
    // Switching them back on: the next step agrees with the intact model again.
    session.setAblation({});
    const StepRecordPtr back = session.step(SamplingSettings{});
    CHECK(back->ablatedHeads.empty());
    const auto intact = analysis::compareAblation(model, back->tokens, {});
    CHECK(back->topK.front().token == intact.before.top.front().token);
    CHECK_THROWS_AS(session.setAblation({{9, 0, {}}}), UsageError);
}
