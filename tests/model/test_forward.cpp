// The forward pass against the independent numpy reference (tools/make_test_checkpoints.py):
// logits within 1e-4 relative, attention within 1e-5 absolute, for F32/F16/BF16 checkpoints,
// prefixed and plain names, tied and untied heads.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>

#include <Eigen/Core>

#include "model/Forward.h"
#include "model/Gpt2Model.h"
#include "model/Session.h"
#include "tests/model/Fixtures.h"

using namespace attnscope;
using attnscope::testing::checkpointDir;
using attnscope::testing::readJson;
using nlohmann::json;

namespace {

// Largest |got - ref| over a row, and the row's scale for the relative rule of
// docs/test-fixtures.md: |got - ref| <= tol * max(1, max |ref|).
struct RowDiff {
    double maxAbs = 0;
    double scale = 1;
};

template <typename Got>
RowDiff compareRow(const Got& got, const json& ref, std::size_t n) {
    RowDiff d;
    for (std::size_t i = 0; i < n; ++i) {
        const double r = ref[i].get<double>();
        d.maxAbs = std::max(d.maxAbs, std::abs(static_cast<double>(got[i]) - r));
        d.scale = std::max(d.scale, std::abs(r));
    }
    return d;
}

// Runs one reference case through a StepRecord (prefill, recording on, logits at every position).
struct CaseRun {
    ForwardResult forward;
    StepRecord record;
};

CaseRun runCase(const std::shared_ptr<const Gpt2Model>& model, const std::vector<std::int32_t>& tokens) {
    InferenceState state(model);
    CaseRun run{state.forward(tokens, true, true), {}};
    run.record.tokens = tokens;
    run.record.shape = model->recordShape();
    for (auto& p : run.forward.positions) run.record.positions.push_back(p);
    return run;
}

}  // namespace

TEST_CASE("forward pass matches the independent reference", "[model][forward]") {
    const std::string variant = GENERATE(as<std::string>{}, "tiny-f32-prefixed", "tiny-f16", "tiny-bf16-untied");
    const auto model = Gpt2Model::loadFolder(checkpointDir(variant));
    const json reference = readJson(checkpointDir(variant) / "reference.json");
    const double logitsRel = reference["tolerances"]["logits_rel"].get<double>();
    const double attentionAbs = reference["tolerances"]["attention_abs"].get<double>();
    const int L = model->config().nLayer, H = model->config().nHead, C = model->config().nEmbd;
    CHECK(model->weights().tiedHead == (variant != "tiny-bf16-untied"));

    for (const json& c : reference["cases"]) {
        const auto tokens = c["tokens"].get<std::vector<std::int32_t>>();
        const int T = static_cast<int>(tokens.size());
        INFO(variant << ", tokens " << c["tokens"].dump());
        const CaseRun run = runCase(model, tokens);

        for (int t = 0; t < T; ++t) {
            const RowDiff d = compareRow(run.forward.allLogits.col(t), c["logits"][t], model->config().vocabSize);
            INFO("logits at position " << t << ": max |diff| " << d.maxAbs << " (row scale " << d.scale << ")");
            CHECK(d.maxAbs <= logitsRel * d.scale);
        }
        for (int layer = 0; layer < L; ++layer) {
            const json& ref = c["layers"][layer];
            for (int t = 0; t < T; ++t) {
                const PositionRecord& p = *run.record.positions[t];
                const RowDiff r = compareRow(p.residualIn(layer), ref["residual_in"][t], C);
                const RowDiff o = compareRow(p.headOutputs(layer), ref["head_out"][t], C);
                INFO("layer " << layer << " position " << t << ": residual_in diff " << r.maxAbs << ", head_out diff " << o.maxAbs);
                CHECK(r.maxAbs <= logitsRel * r.scale);
                CHECK(o.maxAbs <= logitsRel * o.scale);
                for (int head = 0; head < H; ++head) {
                    const int d = model->config().headDim();
                    const RowDiff q = compareRow(p.query(layer, head), ref["q"][head][t], d);
                    const RowDiff k = compareRow(p.key(layer, head), ref["k"][head][t], d);
                    const RowDiff v = compareRow(p.value(layer, head), ref["v"][head][t], d);
                    INFO("head " << head << ": q diff " << q.maxAbs << ", k diff " << k.maxAbs << ", v diff " << v.maxAbs);
                    CHECK(q.maxAbs <= logitsRel * q.scale);
                    CHECK(k.maxAbs <= logitsRel * k.scale);
                    CHECK(v.maxAbs <= logitsRel * v.scale);
                }
            }
            for (int head = 0; head < H; ++head) {
                const Eigen::MatrixXf scores = run.record.scoresMatrix(layer, head);
                const Eigen::MatrixXf attention = run.record.attentionMatrix(layer, head);
                Eigen::MatrixXf bothScores, bothAttention;  // the views' one-pass version: the same bits
                run.record.scoresAndAttention(layer, head, bothScores, bothAttention);
                CHECK(bothScores == scores);
                CHECK(bothAttention == attention);
                for (int t = 0; t < T; ++t) {
                    const RowDiff s = compareRow(scores.row(t), ref["scores"][head][t], T);
                    const RowDiff a = compareRow(attention.row(t), ref["attn"][head][t], T);
                    INFO("layer " << layer << " head " << head << " query " << t << ": scores diff " << s.maxAbs
                                  << ", attention diff " << a.maxAbs);
                    CHECK(s.maxAbs <= logitsRel * s.scale);
                    CHECK(a.maxAbs <= attentionAbs);
                    for (int j = t + 1; j < T; ++j) CHECK(attention(t, j) == 0.0f);  // the mask is exact
                }
            }
        }
        for (int t = 0; t < T; ++t) {
            const RowDiff f = compareRow(run.record.positions[t]->finalResidual(), c["final_residual"][t], C);
            CHECK(f.maxAbs <= logitsRel * f.scale);
        }
    }
}

TEST_CASE("decoding with the KV cache gives what recomputing the whole text gives", "[model][forward][cache]") {
    const std::string variant = GENERATE(as<std::string>{}, "tiny-f32-prefixed", "tiny-bf16-untied");
    const auto model = Gpt2Model::loadFolder(checkpointDir(variant));
    const std::vector<std::int32_t> tokens{320, 39, 68, 297, 78, 11, 262, 269, 265, 100, 5, 300};

    const CaseRun full = runCase(model, tokens);  // one batched pass over everything

    InferenceState incremental(model);
    std::vector<std::shared_ptr<const PositionRecord>> positions;
    ForwardResult prefill = incremental.forward(std::span(tokens).first(4), true);
    for (auto& p : prefill.positions) positions.push_back(p);
    for (std::size_t t = 4; t < tokens.size(); ++t) {
        ForwardResult step = incremental.forward(std::span(tokens).subspan(t, 1), true);
        positions.push_back(step.positions.front());
        INFO("position " << t);
        const Eigen::VectorXf expected = full.forward.allLogits.col(static_cast<Eigen::Index>(t));
        const double diff = (step.logits - expected).cwiseAbs().maxCoeff();
        CHECK(diff <= 1e-4 * std::max(1.0f, expected.cwiseAbs().maxCoeff()));
    }
    StepRecord cached;
    cached.tokens = tokens;
    cached.shape = model->recordShape();
    cached.positions = positions;
    for (int layer = 0; layer < model->config().nLayer; ++layer) {
        for (int head = 0; head < model->config().nHead; ++head) {
            const double diff = (cached.attentionMatrix(layer, head) - full.record.attentionMatrix(layer, head)).cwiseAbs().maxCoeff();
            INFO("layer " << layer << " head " << head << " attention diff " << diff);
            CHECK(diff <= 1e-5);
        }
    }
}

TEST_CASE("a record's attention row is the row the forward pass used", "[model][forward][record]") {
    const auto model = Gpt2Model::loadFolder(checkpointDir("tiny-f16"));
    GenerationSession session(model);
    SamplingSettings greedy;
    session.start({320, 39, 68}, greedy);
    const StepRecordPtr step = session.step(greedy);
    const int query = step->length() - 1;
    for (int layer = 0; layer < model->config().nLayer; ++layer) {
        for (int head = 0; head < model->config().nHead; ++head) {
            const std::vector<float> row = step->attentionRow(layer, head, query);
            // The head output the forward pass stored must be exactly sum_j row[j] * v_j.
            const int d = model->config().headDim();
            for (int i = 0; i < d; ++i) {
                float expected = 0;
                for (int j = 0; j <= query; ++j) expected += row[j] * step->positions[j]->value(layer, head)[i];
                CHECK(step->positions[query]->headOutput(layer, head)[i] == Approx(expected).margin(1e-6));
            }
            float sum = 0;
            for (float p : row) sum += p;
            CHECK(sum == Approx(1.0f).margin(1e-6));
        }
    }
}

namespace {

// A copy of a 16-bit checkpoint folder whose tensors are widened to F32 in the file: the weights
// "widened at load", as attnscope used them before it computed 16-bit weights as stored.
void writeWidenedCopy(const std::filesystem::path& from, const std::filesystem::path& to) {
    for (const char* name : {"config.json", "vocab.json", "merges.txt"}) std::filesystem::copy_file(from / name, to / name);
    std::ifstream in(from / "model.safetensors", std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::uint64_t headerLength = 0;
    std::memcpy(&headerLength, bytes.data(), 8);
    const json header = json::parse(bytes.substr(8, headerLength));
    const std::string_view data(bytes.data() + 8 + headerLength, bytes.size() - 8 - headerLength);
    json out = json::object();
    std::string outData;
    for (const auto& [name, t] : header.items()) {
        if (name == "__metadata__") continue;
        const std::size_t begin = t["data_offsets"][0], end = t["data_offsets"][1];
        const std::string dtype = t["dtype"];
        const std::size_t first = outData.size();
        for (std::size_t at = begin; at < end; at += 2) {
            std::uint16_t bits;
            std::memcpy(&bits, data.data() + at, 2);
            float wide = 0;
            if (dtype == "F16") {
                wide = static_cast<float>(Eigen::numext::bit_cast<Eigen::half>(bits));
            } else {
                const std::uint32_t w = std::uint32_t(bits) << 16;
                std::memcpy(&wide, &w, 4);
            }
            outData.append(reinterpret_cast<const char*>(&wide), 4);
        }
        out[name] = {{"dtype", "F32"}, {"shape", t["shape"]}, {"data_offsets", {first, outData.size()}}};
    }
    const std::string text = out.dump();
    const std::uint64_t length = text.size();
    std::ofstream file(to / "model.safetensors", std::ios::binary);
    file.write(reinterpret_cast<const char*>(&length), 8);
    file << text << outData;
}

}  // namespace

TEST_CASE("16-bit weights computed as stored give exactly the numbers of the same weights widened to F32", "[model][forward][dtype]") {
    const std::string variant = GENERATE(as<std::string>{}, "tiny-f16", "tiny-bf16-untied");
    INFO(variant);
    testing::TempDir dir;
    writeWidenedCopy(checkpointDir(variant), dir.path());
    const auto asStored = Gpt2Model::loadFolder(checkpointDir(variant));
    const auto widened = Gpt2Model::loadFolder(dir.path());
    REQUIRE_FALSE(asStored->weights().layers[0].fcWeight.isF32());
    REQUIRE(widened->weights().layers[0].fcWeight.isF32());
    // Half the bytes per decode step, and no float copy of the matrices in memory.
    CHECK(asStored->bytesReadPerToken() * 2 == widened->bytesReadPerToken());
    // At a context of 10, every layer also reads 10 cached keys and values of n_embd floats.
    const Gpt2Config& c = asStored->config();
    CHECK(asStored->bytesReadPerToken(10) - asStored->bytesReadPerToken() == 2u * c.nLayer * 10u * c.nEmbd * sizeof(float));

    SamplingSettings greedy;
    GenerationSession a(asStored), b(widened);
    std::vector<std::int32_t> prompt = {320, 39, 68, 7, 91};
    StepRecordPtr ra = a.start(prompt, greedy), rb = b.start(prompt, greedy);  // prefill: matrix-matrix
    for (int i = 0; i < 6; ++i) {  // decode: the kernels, one matrix-vector product at a time
        ra = a.step(greedy);
        rb = b.step(greedy);
    }
    REQUIRE(ra->tokens == rb->tokens);
    const int last = ra->length() - 1;
    for (int layer = 0; layer < asStored->config().nLayer; ++layer) {
        const auto qa = ra->positions[last]->query(layer, 0), qb = rb->positions[last]->query(layer, 0);
        CHECK(std::memcmp(qa.data(), qb.data(), qa.size() * sizeof(float)) == 0);
    }
    REQUIRE(ra->topK.size() == rb->topK.size());
    REQUIRE_FALSE(ra->topK.empty());
    for (std::size_t i = 0; i < ra->topK.size(); ++i) {
        CHECK(ra->topK[i].token == rb->topK[i].token);
        CHECK(ra->topK[i].logit == rb->topK[i].logit);  // bit for bit, not approximately
    }
}

TEST_CASE("a KV cache in the weights' 16-bit type holds k and v rounded, and the records show what attention used",
          "[model][forward][cache][dtype]") {
    const std::string variant = GENERATE(as<std::string>{}, "tiny-f16", "tiny-bf16-untied");
    INFO(variant);
    const auto model = Gpt2Model::loadFolder(checkpointDir(variant));
    const WeightStorage storage = model->weightStorage();
    REQUIRE(storage != WeightStorage::F32);
    auto rounded = [&](float x) {
        return storage == WeightStorage::F16 ? static_cast<float>(Eigen::half(x)) : static_cast<float>(Eigen::bfloat16(x));
    };
    const Gpt2Config& c = model->config();
    CHECK(model->bytesReadPerToken(10, storage) - model->bytesReadPerToken() == 2u * c.nLayer * 10u * c.nEmbd * 2u);

    SessionOptions sixteen;
    sixteen.kvCacheInWeightType = true;
    GenerationSession half(model, sixteen), full(model);
    SamplingSettings greedy;
    const std::vector<std::int32_t> prompt = {320, 39, 68, 7, 91};
    StepRecordPtr h = half.start(prompt, greedy), f = full.start(prompt, greedy);
    const StepRecordPtr h0 = h, f0 = f;
    for (int i = 0; i < 5; ++i) {
        h = half.step(greedy);
        f = full.step(greedy);
    }
    const int last = h->length() - 1;
    int changedByRounding = 0;
    for (int p = 0; p <= last; ++p) {
        for (int layer = 0; layer < c.nLayer; ++layer) {
            for (int head = 0; head < c.nHead; ++head) {
                const auto k = h->positions[p]->key(layer, head), v = h->positions[p]->value(layer, head);
                for (int i = 0; i < c.headDim(); ++i) {
                    CHECK(k[i] == rounded(k[i]));  // representable: what the cache holds
                    CHECK(v[i] == rounded(v[i]));
                }
                if (layer == 0 && p < static_cast<int>(prompt.size())) {
                    // the same input, so exactly the float cache's key, rounded
                    const auto kf = f->positions[p]->key(0, head);
                    for (int i = 0; i < c.headDim(); ++i) {
                        CHECK(k[i] == rounded(kf[i]));
                        changedByRounding += k[i] != kf[i];
                    }
                }
            }
        }
    }
    CHECK(changedByRounding > 0);  // the rounding did happen
    // attention used the rounded values: each head output is the recorded row times the recorded v
    for (int layer = 0; layer < c.nLayer; ++layer) {
        for (int head = 0; head < c.nHead; ++head) {
            const std::vector<float> row = h->attentionRow(layer, head, last);
            for (int i = 0; i < c.headDim(); ++i) {
                float expected = 0;
                for (int j = 0; j <= last; ++j) expected += row[j] * h->positions[j]->value(layer, head)[i];
                CHECK(h->positions[last]->headOutput(layer, head)[i] == Approx(expected).margin(1e-6));
            }
        }
    }
    // and the numbers move by that rounding only: the prompt's candidates keep their logits closely
    REQUIRE(h0->topK.size() == f0->topK.size());
    float scale = 1.0f;
    for (const auto& t : f0->topK) scale = std::max(scale, std::abs(t.logit));
    int compared = 0;
    for (const auto& a : h0->topK) {
        for (const auto& b : f0->topK) {
            if (a.token != b.token) continue;
            CHECK(std::abs(a.logit - b.logit) < 2e-2f * scale);
            ++compared;
        }
    }
    CHECK(compared >= static_cast<int>(f0->topK.size()) / 2);
    // a model stored in F32 has no 16-bit cache to keep
    const auto f32 = Gpt2Model::loadFolder(checkpointDir("tiny-f32-prefixed"));
    CHECK_THROWS_AS(InferenceState(f32, WeightStorage::F16), UsageError);
}
