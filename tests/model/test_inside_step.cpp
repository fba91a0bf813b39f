// The teaching numbers (model/InsideStep): what the stepper, the token's path and the KV-cache
// view show must be the record's own values where the record has them, and an exact
// recomputation from the weights where it does not.
#include <catch2/catch.hpp>

#include <bit>
#include <cmath>

#include "model/Errors.h"
#include "model/InsideStep.h"
#include "model/Session.h"
#include "tests/model/Fixtures.h"

using namespace attnscope;

namespace {

std::shared_ptr<const Gpt2Model> tiny() {
    static const auto model = Gpt2Model::loadFolder(attnscope::testing::checkpointDir("tiny-f32-prefixed"));
    return model;
}

// A prompt, then three decode steps: positions made by the prefill (matrix-matrix products)
// and by decoding (matrix-vector) are both in the text.
StepRecordPtr recordAfterDecoding() {
    GenerationSession session(tiny());
    session.start({320, 39, 68, 297, 78, 11, 262}, SamplingSettings{});
    StepRecordPtr last;
    for (int i = 0; i < 3; ++i) last = session.step(SamplingSettings{});
    return last;
}

Eigen::VectorXf vec(std::span<const float> s) { return Eigen::Map<const Eigen::VectorXf>(s.data(), static_cast<Eigen::Index>(s.size())); }

bool bitEqual(const Eigen::VectorXf& a, const Eigen::VectorXf& b) {
    if (a.size() != b.size()) return false;
    for (Eigen::Index i = 0; i < a.size(); ++i) {
        if (std::bit_cast<std::uint32_t>(a[i]) != std::bit_cast<std::uint32_t>(b[i])) return false;
    }
    return true;
}

// Equal up to float rounding: the recomputation runs one column where the prefill ran a
// matrix-matrix product, which may sum in another order.
double worstRelativeError(const Eigen::VectorXf& got, const Eigen::VectorXf& expected) {
    REQUIRE(got.size() == expected.size());
    const double scale = std::max(1.0, static_cast<double>(expected.cwiseAbs().maxCoeff()));
    return (got - expected).cwiseAbs().maxCoeff() / scale;
}

}  // namespace

TEST_CASE("inside one step: the values the record holds are shown bit for bit", "[model][teaching]") {
    const auto model = tiny();
    const StepRecordPtr record = recordAfterDecoding();
    const int C = model->config().nEmbd, D = model->config().headDim();
    for (int position : {0, 3, record->length() - 2, record->length() - 1}) {
        for (int layer = 0; layer < model->config().nLayer; ++layer) {
            for (int head = 0; head < model->config().nHead; ++head) {
                CAPTURE(position, layer, head);
                const auto s = teaching::insideStep(*model, *record, position, layer, head);
                const PositionRecord& p = *record->positions[position];
                // Stage 1: wte row + wpe row is the residual entering block 0.
                CHECK(bitEqual(s.tokenEmbedding, model->weights().wte.map().col(p.token())));
                CHECK(bitEqual(s.positionEmbedding, model->weights().wpe.map().col(position)));
                CHECK(bitEqual(s.embedding, vec(p.residualIn(0))));
                CHECK(bitEqual(s.block.input, vec(p.residualIn(layer))));
                // Stage 3: q, the keys, the scores; the dot products times the scale are the scores.
                CHECK(bitEqual(s.query, vec(p.query(layer, head))));
                REQUIRE(s.keys.cols() == position + 1);
                for (int j = 0; j <= position; ++j) {
                    CHECK(bitEqual(s.keys.col(j), vec(record->positions[j]->key(layer, head))));
                    CHECK(bitEqual(s.values.col(j), vec(record->positions[j]->value(layer, head))));
                }
                CHECK(bitEqual(s.scores, vec(record->scoresRow(layer, head, position))));
                CHECK(bitEqual(Eigen::VectorXf(s.dots * s.scale), s.scores));
                CHECK(s.scale == Approx(1.0 / std::sqrt(static_cast<double>(D))));
                // Stage 5: the weights and the head's output.
                CHECK(bitEqual(s.weights, vec(record->attentionRow(layer, head, position))));
                CHECK(bitEqual(s.headOutput, vec(p.headOutput(layer, head))));
                CHECK(bitEqual(s.block.merged, vec(p.headOutputs(layer))));
                // Stage 8: the final residual.
                CHECK(bitEqual(s.finalResidual, vec(p.finalResidual())));
                CHECK(s.block.qkv.size() == 3 * C);
            }
        }
    }
}

TEST_CASE("inside one step: recomputed values land on the record", "[model][teaching]") {
    const auto model = tiny();
    const StepRecordPtr record = recordAfterDecoding();
    const int C = model->config().nEmbd, L = model->config().nLayer;
    for (int position = 0; position < record->length(); ++position) {
        for (int layer = 0; layer < L; ++layer) {
            CAPTURE(position, layer);
            const auto s = teaching::insideStep(*model, *record, position, layer, 1);
            const PositionRecord& p = *record->positions[position];
            // c_attn's one long vector splits into exactly the recorded q, k and v (S19, S20).
            CHECK(worstRelativeError(s.block.qkv.segment(0, C), vec(p.query(layer))) < 1e-5);
            CHECK(worstRelativeError(s.block.qkv.segment(C, C), vec(p.key(layer))) < 1e-5);
            CHECK(worstRelativeError(s.block.qkv.segment(2 * C, C), vec(p.value(layer))) < 1e-5);
            // The weighted sum of the values is the head's output (S16).
            CHECK(worstRelativeError(s.values * s.weights, s.headOutput) < 1e-5);
            // The block's output is the residual entering the next block (or the final one).
            const auto next = layer + 1 < L ? p.residualIn(layer + 1) : p.finalResidual();
            CHECK(worstRelativeError(s.block.output, vec(next)) < 1e-5);
            CHECK(worstRelativeError(s.block.afterAttn + s.block.mlpOut, s.block.output) == 0);
            // The activation is GPT-2's gelu_new, written out here independently.
            for (Eigen::Index i = 0; i < s.block.mlpHidden.size(); ++i) {
                const double v = s.block.mlpHidden[i];
                const double gelu = 0.5 * v * (1 + std::tanh(std::sqrt(2 / M_PI) * (v + 0.044715 * v * v * v)));
                CHECK(s.block.mlpActivated[i] == Approx(gelu).margin(1e-6));
            }
        }
    }
}

TEST_CASE("inside one step: the mask window is the record's matrix, future cells exactly 0", "[model][teaching]") {
    const auto model = tiny();
    const StepRecordPtr record = recordAfterDecoding();
    const int T = record->length();
    REQUIRE(T == 10);
    const auto s = teaching::insideStep(*model, *record, 4, 1, 2);
    REQUIRE(s.windowSize == T);  // a short text is shown whole, like the seed's 4-token example
    REQUIRE(s.windowStart == 0);
    const Eigen::MatrixXf scores = record->scoresMatrix(1, 2);
    const Eigen::MatrixXf attention = record->attentionMatrix(1, 2);
    for (int i = 0; i < T; ++i) {
        for (int j = 0; j < T; ++j) {
            CHECK(std::bit_cast<std::uint32_t>(s.windowScores(i, j)) == std::bit_cast<std::uint32_t>(scores(i, j)));
            CHECK(std::bit_cast<std::uint32_t>(s.windowAttention(i, j)) == std::bit_cast<std::uint32_t>(attention(i, j)));
            if (j > i) CHECK(s.windowAttention(i, j) == 0.0f);
        }
        CHECK(s.windowAttention.row(i).sum() == Approx(1.0).epsilon(1e-6));
    }
}

TEST_CASE("inside one step: a long text shows a window around the token, softmax over the whole row", "[model][teaching]") {
    const auto model = tiny();
    std::vector<std::int32_t> prompt;
    for (int i = 0; i < 16; ++i) prompt.push_back(100 + (i * 37) % 200);
    GenerationSession session(model);
    const StepRecordPtr record = session.start(prompt, SamplingSettings{});
    const auto s = teaching::insideStep(*model, *record, 13, 0, 0);
    REQUIRE(s.windowSize == teaching::kMaxMaskWindow);
    CHECK(s.windowStart <= 13);
    CHECK(s.windowStart > 0);  // the window is not simply the start of the text
    CHECK(s.windowStart + s.windowSize > 13);
    const Eigen::MatrixXf attention = record->attentionMatrix(0, 0);
    for (int i = 0; i < s.windowSize; ++i) {
        for (int j = 0; j < s.windowSize; ++j) {
            CHECK(s.windowAttention(i, j) == attention(s.windowStart + i, s.windowStart + j));
        }
    }
}

TEST_CASE("inside one step: the output head gives the record's candidates and choice", "[model][teaching]") {
    const auto model = tiny();
    const StepRecordPtr record = recordAfterDecoding();
    const int last = record->length() - 1;
    const auto s = teaching::insideStep(*model, *record, last, 0, 0, 5);
    REQUIRE(s.isLastPosition);
    REQUIRE(s.candidates.size() == 5);
    for (std::size_t i = 0; i < s.candidates.size(); ++i) {
        CHECK(s.candidates[i].token == record->topK[i].token);
        // The recomputed logits are the forward pass's: the same functions on the same input.
        CHECK(s.readout.logits[record->topK[i].token] == record->topK[i].logit);
    }
    CHECK(s.chosen == record->chosen);
    // At an earlier position, the prediction is recomputed and the "choice" is the next token.
    const auto earlier = teaching::insideStep(*model, *record, 2, 0, 0, 5);
    CHECK_FALSE(earlier.isLastPosition);
    CHECK(earlier.chosen == record->tokens[3]);
    double sum = 0;
    const Eigen::VectorXf shifted = earlier.readout.logits.array() - earlier.readout.logits.maxCoeff();
    sum = shifted.array().exp().cast<double>().sum();
    CHECK(earlier.candidates[0].probability == Approx(1.0 / sum).epsilon(1e-5));
}

TEST_CASE("inside one step: bad indices and unrecorded steps are clear errors", "[model][teaching]") {
    const auto model = tiny();
    const StepRecordPtr record = recordAfterDecoding();
    CHECK_THROWS_AS(teaching::insideStep(*model, *record, record->length(), 0, 0), UsageError);
    CHECK_THROWS_AS(teaching::insideStep(*model, *record, -1, 0, 0), UsageError);
    CHECK_THROWS_AS(teaching::insideStep(*model, *record, 0, model->config().nLayer, 0), UsageError);
    CHECK_THROWS_AS(teaching::insideStep(*model, *record, 0, 0, model->config().nHead), UsageError);
    GenerationSession unrecorded(model, {false, 5});
    const StepRecordPtr bare = unrecorded.start({320, 39}, SamplingSettings{});
    CHECK_THROWS_WITH(teaching::insideStep(*model, *bare, 0, 0, 0), Catch::Contains("recording off"));
}

TEST_CASE("a token's path: residual sizes, what each half adds, and the lens", "[model][teaching]") {
    const auto model = tiny();
    const StepRecordPtr record = recordAfterDecoding();
    const int L = model->config().nLayer;
    const int last = record->length() - 1;
    const auto path = teaching::tokenPath(*model, *record, last, 3);
    REQUIRE(static_cast<int>(path.layers.size()) == L + 1);
    CHECK(path.nextToken == -1);
    const PositionRecord& p = *record->positions[last];
    for (int layer = 0; layer < L; ++layer) {
        CHECK(path.layers[layer].inputNorm == Approx(vec(p.residualIn(layer)).cast<double>().norm()));
        const auto block = teaching::traceBlock(*model, p, layer);
        CHECK(path.layers[layer].attnNorm == Approx(block.attnOut.cast<double>().norm()));
        CHECK(path.layers[layer].mlpNorm == Approx(block.mlpOut.cast<double>().norm()));
        CHECK(path.layers[layer].attnNorm > 0);
        CHECK(path.layers[layer].lens.size() == 3);
    }
    CHECK(path.layers[L].inputNorm == Approx(vec(p.finalResidual()).cast<double>().norm()));
    // The top row is the model's own prediction.
    CHECK(path.layers[L].lens.front().token == record->topK.front().token);
    CHECK(teaching::tokenPath(*model, *record, 2, 3).nextToken == record->tokens[3]);
}

TEST_CASE("the KV cache summary of a prefill and of a decode step", "[model][teaching]") {
    const auto model = tiny();
    GenerationSession session(model);
    const StepRecordPtr prefill = session.start({320, 39, 68, 297}, SamplingSettings{});
    const StepRecordPtr decode = session.step(SamplingSettings{});
    const int L = model->config().nLayer, C = model->config().nEmbd;
    const auto a = teaching::kvCacheSummary(*prefill);
    CHECK(a.newPositions == 4);
    CHECK(a.positions == 4);
    CHECK(a.multiplyAddsWithCache == a.multiplyAddsWithoutCache);  // nothing to reuse yet
    const auto b = teaching::kvCacheSummary(*decode);
    CHECK(b.newPositions == 1);
    CHECK(b.positions == 5);
    CHECK(b.cachedFloats == 2LL * L * 5 * C);
    CHECK(b.capacityFloats == 2LL * L * model->config().nPositions * C);
    CHECK(b.multiplyAddsWithoutCache == Approx(5 * b.multiplyAddsWithCache));
    CHECK(b.multiplyAddsWithCache == Approx(12.0 * C * C * L));
}

TEST_CASE("inside one step: the chosen token's probability is the record's", "[model][teaching]") {
    const auto model = tiny();
    GenerationSession session(model);
    session.start({320, 39, 68, 297}, SamplingSettings{});
    SamplingSettings warm;
    warm.greedy = false;
    warm.temperature = 0.7f;
    warm.seed = 5;
    const StepRecordPtr record = session.step(warm);
    const auto s = teaching::insideStep(*model, *record, record->length() - 1, 0, 0);
    CHECK(s.temperature == 0.7f);
    CHECK(s.chosen == record->chosen);
    CHECK(s.chosenProbability == Approx(record->chosenProbability).epsilon(1e-5));
}
