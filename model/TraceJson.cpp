#include "model/TraceJson.h"

#include <cstdio>
#include <fstream>
#include <random>

#include <nlohmann/json.hpp>

#include "model/Errors.h"

namespace attnscope {

using nlohmann::json;

std::string validUtf8(const std::string& bytes) {
    // nlohmann's replace handler substitutes U+FFFD for every invalid byte; round-trip through it.
    return json::parse(json(bytes).dump(-1, ' ', false, json::error_handler_t::replace)).get<std::string>();
}

namespace {

json tokenJson(const Gpt2Model& model, std::int32_t id) {
    const Tokenizer& tok = model.tokenizer();
    return {{"id", id}, {"text", validUtf8(tok.tokenBytes(id))}, {"display", tok.displayToken(id)}};
}

json floats(std::span<const float> values) { return json(std::vector<float>(values.begin(), values.end())); }

json stepJson(const Gpt2Model& model, const StepRecord& r, const TraceInfo& info) {
    json step;
    step["step"] = r.step;
    step["positions"] = {r.firstNewPosition, r.length()};
    step["input_tokens"] = json::array();
    for (int p = r.firstNewPosition; p < r.length(); ++p) step["input_tokens"].push_back(tokenJson(model, r.tokens[p]));
    step["entropy"] = r.entropy;
    step["top_k"] = json::array();
    for (const Candidate& c : r.topK) {
        json cj = tokenJson(model, c.token);
        cj["logit"] = c.logit;
        cj["probability"] = c.probability;
        step["top_k"].push_back(cj);
    }
    json chosen = tokenJson(model, r.chosen);
    chosen["how"] = choiceKindName(r.choice);
    chosen["probability"] = r.chosenProbability;
    step["chosen"] = chosen;
    step["sampling"] = {{"greedy", r.sampling.greedy},
                        {"temperature", r.sampling.temperature},
                        {"top_k", r.sampling.topK},
                        {"top_p", r.sampling.topP},
                        {"seed", r.sampling.seed}};
    if (!r.recorded()) return step;

    const RecordShape& s = *r.shape;
    json layers = json::array();
    for (int layer = 0; layer < s.nLayer; ++layer) {
        json heads = json::array();
        for (int head = 0; head < s.nHead; ++head) {
            json queries = json::array();
            for (int p = r.firstNewPosition; p < r.length(); ++p) {
                json q;
                q["position"] = p;
                q["attention"] = r.attentionRow(layer, head, p);
                q["scores"] = r.scoresRow(layer, head, p);
                if (info.includeVectors) {
                    const PositionRecord& pr = *r.positions[p];
                    q["q"] = floats(pr.query(layer, head));
                    q["k"] = floats(pr.key(layer, head));
                    q["v"] = floats(pr.value(layer, head));
                }
                queries.push_back(std::move(q));
            }
            heads.push_back({{"head", head}, {"queries", std::move(queries)}});
        }
        layers.push_back({{"layer", layer}, {"heads", std::move(heads)}});
    }
    step["layers"] = std::move(layers);
    return step;
}

}  // namespace

json traceToJson(const Gpt2Model& model, const std::vector<StepRecordPtr>& steps, const TraceInfo& info) {
    const Gpt2Config& c = model.config();
    json trace;
    trace["format"] = "attnscope-trace";
    trace["version"] = 1;
    trace["model"] = {{"name", model.name()},          {"folder", model.folder().string()}, {"n_layer", c.nLayer},
                      {"n_head", c.nHead},             {"n_embd", c.nEmbd},                 {"head_dim", c.headDim()},
                      {"n_positions", c.nPositions},   {"vocab_size", c.vocabSize},
                      {"decodable_vocab_size", model.decodableVocabSize()},         {"parameters", model.parameterCount()}};
    trace["prompt"] = validUtf8(info.prompt);
    trace["stop_reason"] = info.stopReason;

    // The whole text: every token that was fed, then the last choice.
    std::vector<std::int32_t> ids;
    if (!steps.empty()) {
        ids = steps.back()->tokens;
        ids.push_back(steps.back()->chosen);
    }
    json tokens = json::array();
    for (std::size_t i = 0; i < ids.size(); ++i) {
        json t = tokenJson(model, ids[i]);
        t["position"] = i;
        t["source"] = static_cast<int>(i) < info.promptTokens ? "prompt" : "generated";
        tokens.push_back(std::move(t));
    }
    trace["tokens"] = std::move(tokens);
    trace["text"] = validUtf8(model.tokenizer().decode(ids));
    trace["steps"] = json::array();
    for (const auto& step : steps) trace["steps"].push_back(stepJson(model, *step, info));
    return trace;
}

}  // namespace attnscope
