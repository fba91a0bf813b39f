#include "model/Formation.h"

#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

#include "model/Errors.h"
#include "model/Forward.h"
#include "model/HeadScores.h"
#include "model/RegularFile.h"

namespace attnscope::formation {
namespace {

using nlohmann::json;

constexpr std::uint64_t kMaxIndexBytes = 1u << 20;
constexpr std::size_t kMaxCheckpoints = 256;

[[noreturn]] void fail(const std::filesystem::path& file, const Message& what) {
    throw FormatError(Message(QT_TRANSLATE_NOOP("core", "%1: %2"), file, what));
}

std::int64_t integer(const json& entry, const char* key, const std::filesystem::path& file, std::size_t index) {
    const std::string where = "checkpoints[" + std::to_string(index) + "]." + key;
    if (!entry.contains(key)) fail(file, Message(QT_TRANSLATE_NOOP("core", "missing field \"%1\""), where));
    const json& v = entry.at(key);
    if (!v.is_number_integer() || v.get<std::int64_t>() < 0) {
        fail(file, Message(QT_TRANSLATE_NOOP("core", "field \"%1\" must be a non-negative integer"), where));
    }
    return v.get<std::int64_t>();
}

// Mean cross-entropy of predicting tokens [from, to) from the logits of the positions before them.
double meanLoss(const Eigen::MatrixXf& logits, const std::vector<std::int32_t>& tokens, int from, int to) {
    double total = 0;
    for (int t = from; t < to; ++t) {
        const Eigen::VectorXd column = logits.col(t - 1).cast<double>();
        const double m = column.maxCoeff();
        const double logSum = m + std::log((column.array() - m).exp().sum());
        total += logSum - column[tokens[static_cast<std::size_t>(t)]];
    }
    return total / std::max(1, to - from);
}

int argmax(const std::vector<double>& v) {
    return static_cast<int>(std::max_element(v.begin(), v.end(), [](double a, double b) {
                                return (std::isnan(a) ? -1.0 : a) < (std::isnan(b) ? -1.0 : b);
                            }) -
                            v.begin());
}

}  // namespace

std::filesystem::path shippedSeriesFolder() {
    return std::filesystem::path(ATTNSCOPE_RESOURCES_DIR) / "models" / "induction-formation";
}

std::vector<CheckpointEntry> readIndex(const std::filesystem::path& root) {
    const auto file = root / "formation.json";
    json j;
    try {
        j = json::parse(RegularFile::readAll(file, kMaxIndexBytes, Message(QT_TRANSLATE_NOOP("core", "a small JSON file of at most 1 MiB"))));
    } catch (const json::exception& e) {
        fail(file, Message(QT_TRANSLATE_NOOP("core", "not valid JSON (%1)"), e.what()));
    }
    if (!j.is_object() || j.value("format", json()) != "attnscope-formation") {
        fail(file, Message(QT_TRANSLATE_NOOP("core", "field \"%1\" must be \"%2\""), "format", "attnscope-formation"));
    }
    if (j.value("version", json()) != 1) fail(file, Message(QT_TRANSLATE_NOOP("core", "field \"%1\" must be %2"), "version", 1));
    if (!j.contains("checkpoints") || !j["checkpoints"].is_array() || j["checkpoints"].empty()) {
        fail(file, Message(QT_TRANSLATE_NOOP("core", "field \"%1\" must be a non-empty list"), "checkpoints"));
    }
    if (j["checkpoints"].size() > kMaxCheckpoints) fail(file, Message(QT_TRANSLATE_NOOP("core", "more than %1 checkpoints"), kMaxCheckpoints));
    std::vector<CheckpointEntry> out;
    for (std::size_t i = 0; i < j["checkpoints"].size(); ++i) {
        const json& e = j["checkpoints"][i];
        if (!e.is_object()) fail(file, Message(QT_TRANSLATE_NOOP("core", "checkpoints[%1] must be an object"), i));
        if (!e.contains("folder") || !e["folder"].is_string()) {
            fail(file, Message(QT_TRANSLATE_NOOP("core", "field \"checkpoints[%1].folder\" must be a string"), i));
        }
        const std::string name = e["folder"].get<std::string>();
        // A plain name inside the series, never a path that leaves it.
        if (name.empty() || name.find('/') != std::string::npos || name == "." || name == "..") {
            fail(file, Message(QT_TRANSLATE_NOOP("core", "field \"checkpoints[%1].folder\" must name a folder beside formation.json"), i));
        }
        CheckpointEntry c{std::filesystem::absolute(root / name), integer(e, "step", file, i), integer(e, "tokens_seen", file, i)};
        if (!out.empty() && c.step <= out.back().step) {
            fail(file, Message(QT_TRANSLATE_NOOP("core", "checkpoints must be in training order (step %1 after %2)"), c.step, out.back().step));
        }
        out.push_back(std::move(c));
    }
    return out;
}

int Reading::bestPreviousTokenHead() const { return argmax(previousToken); }
int Reading::bestInductionHead() const { return argmax(induction); }

Series diagnosticSequence(const Gpt2Model& model, int period) {
    Series s;
    const auto eot = model.tokenizer().endOfTextId();
    const int decodable = model.decodableVocabSize();
    const std::int32_t high = eot && *eot == decodable - 1 ? decodable - 1 : decodable;
    s.period = period;
    s.start = eot ? 1 : 0;
    s.sequence = scores::repeatedRandomTokens(period, 0, high, 1234, eot);
    return s;
}

Reading measure(const std::shared_ptr<const Gpt2Model>& model, const Series& series, const CheckpointEntry& entry) {
    Reading r;
    r.checkpoint = entry;
    const Gpt2Config& cfg = model->config();
    r.nLayer = cfg.nLayer;
    r.nHead = cfg.nHead;
    InferenceState state(model);
    ForwardResult forward = state.forward(series.sequence, /*record=*/true, /*allLogits=*/true);
    StepRecord record;
    record.tokens = series.sequence;
    record.shape = model->recordShape();
    for (auto& p : forward.positions) record.positions.push_back(std::move(p));
    const int L = series.period, s = series.start;
    r.lossFirstCopy = meanLoss(forward.allLogits, series.sequence, s + 1, s + L);
    r.lossSecondCopy = meanLoss(forward.allLogits, series.sequence, s + L + 1, s + 2 * L);
    for (int layer = 0; layer < cfg.nLayer; ++layer) {
        for (int head = 0; head < cfg.nHead; ++head) {
            Eigen::MatrixXf a = record.attentionMatrix(layer, head);
            r.previousToken.push_back(scores::previousToken(a));
            r.induction.push_back(scores::induction(a, s, L));
            r.attention.push_back(std::move(a));
        }
    }
    return r;
}

int formedAt(const Series& series, Score score, int head, double fraction) {
    if (series.readings.empty() || head < 0) return -1;
    const auto value = [&](const Reading& r) {
        const std::vector<double>& v = score == Score::PreviousToken ? r.previousToken : r.induction;
        return static_cast<std::size_t>(head) < v.size() ? v[static_cast<std::size_t>(head)] : 0.0;
    };
    const double from = value(series.readings.front()), to = value(series.readings.back());
    if (!(to > from)) return -1;
    for (std::size_t i = 0; i < series.readings.size(); ++i) {
        if (value(series.readings[i]) >= from + fraction * (to - from)) return static_cast<int>(i);
    }
    return -1;
}

Series measureSeries(const std::filesystem::path& root, int period) {
    const std::vector<CheckpointEntry> entries = readIndex(root);
    Series series;
    std::shared_ptr<const Gpt2Model> first;
    for (const CheckpointEntry& entry : entries) {
        auto model = Gpt2Model::loadFolder(entry.folder);
        if (!first) {
            first = model;
            const int longest = (model->config().nPositions - 1) / 2;
            series = diagnosticSequence(*model, period > 0 ? std::min(period, longest) : longest);
        } else if (model->config().nLayer != first->config().nLayer || model->config().nHead != first->config().nHead ||
                   model->config().nEmbd != first->config().nEmbd || model->config().nPositions != first->config().nPositions ||
                   model->decodableVocabSize() != first->decodableVocabSize()) {
            throw FormatError(Message(QT_TRANSLATE_NOOP("core", "%1: has another shape or vocabulary than %2 (a series is one model along its training)"),
                                      entry.folder, entries.front().folder));

        }
        series.readings.push_back(measure(model, series, entry));
    }
    return series;
}

}  // namespace attnscope::formation
