// The shipped model (resources/models/attnscope-small) loads through the same Hugging Face path
// as any checkpoint, and the core reproduces what PyTorch computed for it at export time
// (tools/export_embedded.py --reference): logits within 1e-4 relative, attention within 1e-5.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

#include "model/Analysis.h"
#include "model/Forward.h"
#include "model/HeadScores.h"
#include "model/Session.h"
#include "model/Gpt2Model.h"
#include "tests/model/Fixtures.h"

using namespace attnscope;
using attnscope::testing::readJson;
using nlohmann::json;

TEST_CASE("the embedded model matches its PyTorch reference", "[model][embedded]") {
    const auto model = Gpt2Model::loadFolder(Gpt2Model::embeddedModelFolder());
    const json reference = readJson(attnscope::testing::dataDir() / "embedded" / "reference.json");
    const auto& cfg = model->config();
    REQUIRE(reference["config"]["n_layer"] == cfg.nLayer);
    REQUIRE(reference["config"]["n_embd"] == cfg.nEmbd);
    CHECK(model->warnings().empty());
    CHECK(model->weights().tiedHead);
    const int H = cfg.nHead, d = cfg.headDim(), V = cfg.vocabSize;

    for (const json& prompt : reference["prompts"]) {
        const auto ids = prompt["ids"].get<std::vector<std::int32_t>>();
        const int T = static_cast<int>(ids.size());
        INFO("prompt: " << prompt["text"].get<std::string>());
        // The core's own tokenizer gives the ids PyTorch was fed.
        CHECK(model->tokenizer().encode(prompt["text"].get<std::string>()) == ids);

        InferenceState state(model);
        const ForwardResult result = state.forward(ids, true, true);
        StepRecord record;
        record.tokens = ids;
        record.shape = model->recordShape();
        for (const auto& p : result.positions) record.positions.push_back(p);

        const auto& logits = prompt["logits"];
        const int rows = prompt["logits_shape"][0];
        for (int r = 0; r < rows; ++r) {
            const int position = rows == 1 ? T - 1 : r;
            double maxDiff = 0, scale = 1;
            for (int v = 0; v < V; ++v) {
                const double ref = logits[static_cast<std::size_t>(r) * V + v].get<double>();
                maxDiff = std::max(maxDiff, std::abs(ref - result.allLogits(v, position)));
                scale = std::max(scale, std::abs(ref));
            }
            INFO("logits at position " << position << ": max |diff| " << maxDiff << ", scale " << scale);
            CHECK(maxDiff <= 1e-4 * scale);
        }
        for (int layer = 0; layer < cfg.nLayer; ++layer) {
            const json& l = prompt["layers"][layer];
            for (int h = 0; h < H; ++h) {
                const Eigen::MatrixXf attention = record.attentionMatrix(layer, h);
                double attnDiff = 0, qDiff = 0;
                for (int i = 0; i < T; ++i) {
                    for (int j = 0; j < T; ++j) {
                        const double ref = l["attn"][(static_cast<std::size_t>(h) * T + i) * T + j].get<double>();
                        attnDiff = std::max(attnDiff, std::abs(ref - attention(i, j)));
                    }
                    for (int k = 0; k < d; ++k) {
                        const std::size_t at = (static_cast<std::size_t>(h) * T + i) * d + k;
                        qDiff = std::max(qDiff, std::abs(l["q"][at].get<double>() - record.positions[i]->query(layer, h)[k]));
                        qDiff = std::max(qDiff, std::abs(l["k"][at].get<double>() - record.positions[i]->key(layer, h)[k]));
                        qDiff = std::max(qDiff, std::abs(l["v"][at].get<double>() - record.positions[i]->value(layer, h)[k]));
                    }
                }
                INFO("layer " << layer << " head " << h << ": attention diff " << attnDiff << ", q/k/v diff " << qDiff);
                CHECK(attnDiff <= 1e-5);
                CHECK(qDiff <= 1e-4);
            }
        }
    }
}

// Issue 22 item 3: the shipped model has an induction head, measured as the app's diagnostics
// measure it (ResearchPanels::runDiagnostics, the head report): 50 random merged tokens after
// <|endoftext|>, repeated once.
TEST_CASE("the embedded model has an induction head that copies", "[model][embedded][induction]") {
    const auto model = Gpt2Model::loadFolder(Gpt2Model::embeddedModelFolder());
    const auto& cfg = model->config();
    const analysis::InductionDiagnostic diagnostic = analysis::inductionDiagnostic(model);
    REQUIRE(diagnostic.start == 1);  // after <|endoftext|>
    const int period = diagnostic.period;
    const auto& tokens = diagnostic.tokens;
    const std::vector<double>& induction = diagnostic.scores;
    const auto heads = scores::headsAtLeast(induction, scores::kInductionHeadScore);
    INFO("induction heads: " << scores::inductionHeadsText(induction, cfg.nHead).english());
    REQUIRE_FALSE(heads.empty());
    CHECK(heads.front().second >= 0.5);
    CHECK(heads.front().first / cfg.nHead >= 1);  // it needs a previous-token head below it

    // It does its job: the second copy is predicted far better than the first.
    InferenceState state(model);
    const ForwardResult result = state.forward(tokens, false, true);
    double first = 0, second = 0;
    for (int j = 1; j < period; ++j) {
        const auto loss = [&](int position) {
            const Eigen::VectorXf logits = result.allLogits.col(position);
            const float top = logits.maxCoeff();
            const double logSum = top + std::log((logits.array() - top).exp().sum());
            return logSum - logits[tokens[static_cast<std::size_t>(position) + 1]];
        };
        first += loss(j);               // predicting token j+1 of the first copy
        second += loss(period + j);     // the same token in the second copy
    }
    first /= period - 1;
    second /= period - 1;
    INFO("loss on the first copy " << first << ", on the second " << second << " nats");
    CHECK(second < first / 2);
}
