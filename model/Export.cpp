#include "model/Export.h"

#include <cstdio>
#include <sstream>

#include <nlohmann/json.hpp>

#include "model/Errors.h"
#include "model/TraceJson.h"

namespace attnscope {

namespace {

std::string csvQuoted(const std::string& text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"') out += "\"\"";
        else out += c;
    }
    return out + "\"";
}

std::string number(double v) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.9g", v);
    return buffer;
}

std::string header(const Provenance& p) {
    std::string out = "# attnscope export\n";
    for (const auto& [key, value] : provenanceFields(p)) out += "# " + key + ": " + value + "\n";
    return out;
}

}  // namespace

std::string appVersion() { return ATTNSCOPE_VERSION; }

std::string samplingText(const SamplingSettings& s) {
    if (s.greedy) return "greedy";
    std::ostringstream out;
    out << "temperature " << s.temperature << ", top-k " << s.topK << ", top-p " << s.topP << ", seed " << s.seed;
    return out.str();
}

std::vector<std::pair<std::string, std::string>> provenanceFields(const Provenance& p) {
    std::vector<std::pair<std::string, std::string>> f;
    f.emplace_back("app", "attnscope " + appVersion());
    if (!p.view.empty()) f.emplace_back("view", p.view);
    f.emplace_back("model", p.modelName);
    if (!p.modelFingerprint.empty()) f.emplace_back("model-fingerprint", p.modelFingerprint);
    f.emplace_back("prompt", nlohmann::json(validUtf8(p.prompt)).dump());
    if (p.step >= 0) {
        f.emplace_back("step", std::to_string(p.step));
        f.emplace_back("text-tokens", std::to_string(p.textTokens));
    }
    if (p.layer >= 0) f.emplace_back("layer", std::to_string(p.layer));
    if (p.meanOfHeads) f.emplace_back("head", "mean of the layer's heads");
    else if (p.head >= 0) f.emplace_back("head", std::to_string(p.head));
    if (p.sampling) f.emplace_back("sampling", samplingText(*p.sampling));
    f.emplace_back("heads-off", p.headsOff.empty() ? "none" : headListText(p.headsOff));
    return f;
}

Provenance provenanceOf(const Gpt2Model& model, const StepRecord& record, const std::string& prompt, std::string view) {
    Provenance p;
    p.view = std::move(view);
    p.modelName = model.name();
    p.modelFingerprint = model.fingerprint();
    p.prompt = prompt;
    p.step = record.step;
    p.textTokens = record.length();
    p.sampling = record.sampling;
    p.headsOff = record.ablatedHeads;
    return p;
}

std::string tokenText(const Gpt2Model& model, std::int32_t token) {
    return validUtf8(model.tokenizer().decode(std::span<const std::int32_t>(&token, 1)));
}

std::string attentionCsv(const Gpt2Model& model, const StepRecord& record, int layer, int head, const std::string& prompt) {
    if (!record.recorded()) {
        throw UsageError(Message(QT_TRANSLATE_NOOP("core", "step %1 was generated with recording off: it has no attention to export"), record.step));
    }
    const int nLayer = record.shape->nLayer, nHead = record.shape->nHead;
    if (layer < 0 || layer >= nLayer) {
        throw UsageError(Message(QT_TRANSLATE_NOOP("core", "layer %1 is out of range: the model has layers 0..%2"), layer, nLayer - 1));
    }
    if (head < -1 || head >= nHead) {
        throw UsageError(Message(QT_TRANSLATE_NOOP("core", "head %1 is out of range: the model has heads 0..%2 (or the mean)"), head, nHead - 1));
    }

    Eigen::MatrixXf m;
    if (head < 0) {
        m = Eigen::MatrixXf::Zero(record.length(), record.length());
        for (int h = 0; h < nHead; ++h) m += record.attentionMatrix(layer, h);
        m /= static_cast<float>(nHead);
    } else {
        m = record.attentionMatrix(layer, head);
    }
    Provenance p = provenanceOf(model, record, prompt, "attention matrix (rows: queries, columns: keys)");
    p.layer = layer;
    p.head = head;
    p.meanOfHeads = head < 0;
    std::string out = header(p);
    std::vector<std::string> labels;
    for (int i = 0; i < record.length(); ++i) labels.push_back(csvQuoted(std::to_string(i) + ":" + tokenText(model, record.tokens[static_cast<std::size_t>(i)])));
    out += csvQuoted("query \\ key");
    for (const std::string& label : labels) out += "," + label;
    out += "\n";
    for (int i = 0; i < record.length(); ++i) {
        out += labels[static_cast<std::size_t>(i)];
        for (int j = 0; j < record.length(); ++j) out += "," + number(m(i, j));
        out += "\n";
    }
    return out;
}

std::string candidatesCsv(const Gpt2Model& model, const StepRecord& record, const std::string& prompt) {
    std::string out = header(provenanceOf(model, record, prompt, "next-token candidates"));
    out += "rank,id,token,logit,probability,chosen\n";
    for (std::size_t i = 0; i < record.topK.size(); ++i) {
        const Candidate& c = record.topK[i];
        out += std::to_string(i + 1) + "," + std::to_string(c.token) + "," + csvQuoted(tokenText(model, c.token)) + "," +
               number(c.logit) + "," + number(c.probability) + "," + (c.token == record.chosen ? "yes" : "no") + "\n";
    }
    return out;
}

}  // namespace attnscope
