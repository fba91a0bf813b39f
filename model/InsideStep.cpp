#include "model/InsideStep.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "model/AttentionMath.h"
#include "model/Errors.h"
#include "model/Forward.h"

namespace attnscope::teaching {
namespace {

using Eigen::MatrixXf;
using Eigen::VectorXf;

VectorXf toVector(std::span<const float> values) {
    return Eigen::Map<const VectorXf>(values.data(), static_cast<Eigen::Index>(values.size()));
}

// One column through one of the forward pass's column-wise functions.
VectorXf normed(const VectorXf& x, const VectorRef& gain, const VectorRef& bias, float eps) {
    MatrixXf y;
    layerNorm(x, gain, bias, eps, y);
    return y.col(0);
}

VectorXf applied(const MatrixRef& w, const VectorRef& b, const VectorXf& x) {
    MatrixXf y;
    linear(w, b, x, y);
    return y.col(0);
}

void checkRecorded(const StepRecord& record, int position) {
    if (!record.recorded()) throw UsageError(Message(QT_TRANSLATE_NOOP("core", "step %1 was generated with recording off"), record.step));
    if (position < 0 || position >= record.length()) {
        throw UsageError(Message(QT_TRANSLATE_NOOP("core", "position %1 is outside the text of %2 tokens"), position, record.length()));
    }
}

// softmax(logits / temperature)[token], in double over the whole vocabulary.
double probabilityOf(const Eigen::VectorXf& logits, std::int32_t token, float temperature) {
    const double top = logits.maxCoeff();
    double sum = 0;
    for (Eigen::Index i = 0; i < logits.size(); ++i) sum += std::exp((logits[i] - top) / temperature);
    return std::exp((logits[token] - top) / temperature) / sum;
}

}  // namespace

BlockTrace traceBlock(const Gpt2Model& model, const PositionRecord& position, int layer) {
    const Gpt2Config& cfg = model.config();
    if (layer < 0 || layer >= cfg.nLayer) {
        throw UsageError(Message(QT_TRANSLATE_NOOP("core", "layer %1 is outside the model's %2 layers"), layer, cfg.nLayer));
    }
    const LayerWeights& lw = model.weights().layers[layer];
    BlockTrace b;
    b.layer = layer;
    b.input = toVector(position.residualIn(layer));
    b.attnNormed = normed(b.input, lw.ln1Weight, lw.ln1Bias, cfg.layerNormEpsilon);
    b.qkv = applied(lw.attnWeight, lw.attnBias, b.attnNormed);
    b.merged = toVector(position.headOutputs(layer));
    b.attnOut = applied(lw.attnProjWeight, lw.attnProjBias, b.merged);
    b.afterAttn = b.input + b.attnOut;
    b.mlpNormed = normed(b.afterAttn, lw.ln2Weight, lw.ln2Bias, cfg.layerNormEpsilon);
    b.mlpHidden = applied(lw.fcWeight, lw.fcBias, b.mlpNormed);
    MatrixXf activated = b.mlpHidden;
    activate(cfg.activation, activated);
    b.mlpActivated = activated.col(0);
    b.mlpOut = applied(lw.fcProjWeight, lw.fcProjBias, b.mlpActivated);
    b.output = b.afterAttn + b.mlpOut;
    return b;
}

Readout readOut(const Gpt2Model& model, std::span<const float> residual, float temperature, int topN) {
    const Gpt2Config& cfg = model.config();
    const Gpt2Weights& w = model.weights();
    if (static_cast<int>(residual.size()) != cfg.nEmbd) {
        throw UsageError(Message(QT_TRANSLATE_NOOP("core", "a residual vector must have n_embd values")));
    }
    Readout r;
    r.normed = normed(toVector(residual), w.lnFWeight, w.lnFBias, cfg.layerNormEpsilon);
    r.logits.resize(cfg.vocabSize);
    applyOutputHead(w.lmHead, r.normed.data(), r.logits.data());
    maskUndecodable(r.logits, model.decodableVocabSize());
    r.distribution = summarize(r.logits, temperature, topN);
    return r;
}

InsideStep insideStep(const Gpt2Model& model, const StepRecord& record, int position, int layer, int head, int topN) {
    checkRecorded(record, position);
    const Gpt2Config& cfg = model.config();
    if (head < 0 || head >= cfg.nHead) {
        throw UsageError(Message(QT_TRANSLATE_NOOP("core", "head %1 is outside the model's %2 heads"), head, cfg.nHead));
    }
    if (record.shape->nEmbd != cfg.nEmbd || record.shape->nLayer != cfg.nLayer) {
        throw UsageError(Message(QT_TRANSLATE_NOOP("core", "the step record was made by a different model")));

    }
    const Gpt2Weights& w = model.weights();
    const PositionRecord& here = *record.positions[position];
    const int D = cfg.headDim();

    InsideStep s;
    s.step = record.step;
    s.position = position;
    s.layer = layer;
    s.head = head;
    s.headDim = D;
    s.token = here.token();
    s.tokens = record.tokens;

    // 1. Embeddings, added exactly as the forward pass adds them.
    s.tokenEmbedding = w.wte.column(s.token);
    s.positionEmbedding = w.wpe.column(position);
    s.embedding = s.tokenEmbedding + s.positionEmbedding;

    // 2, 6, 7. The block.
    s.block = traceBlock(model, here, layer);

    // 3. Query against every visible key, with the forward pass's own dot product.
    const int visible = position + 1;
    s.query = toVector(here.query(layer, head));
    s.keys.resize(D, visible);
    s.values.resize(D, visible);
    s.dots.resize(visible);
    for (int j = 0; j < visible; ++j) {
        const PositionRecord& other = *record.positions[j];
        s.keys.col(j) = toVector(other.key(layer, head));
        s.values.col(j) = toVector(other.value(layer, head));
        s.dots[j] = math::dot(s.query.data(), other.key(layer, head).data(), D);
    }
    s.scale = record.shape->attentionScale[layer];
    s.scores = toVector(record.scoresRow(layer, head, position));

    // 4. A window of the whole text's score matrix around this token.
    const int T = record.length();
    s.windowSize = std::min(T, kMaxMaskWindow);
    s.windowStart = std::clamp(position - s.windowSize / 2, 0, T - s.windowSize);
    s.windowScores.resize(s.windowSize, s.windowSize);
    s.windowAttention.resize(s.windowSize, s.windowSize);
    std::vector<float> row(static_cast<std::size_t>(s.windowStart + s.windowSize));
    std::vector<float> probs(row.size());
    for (int i = 0; i < s.windowSize; ++i) {
        const int query = s.windowStart + i;
        const int count = s.windowStart + s.windowSize;  // keys up to the window's right edge
        math::scaledScores(
            record.positions[query]->query(layer, head).data(), [&](int j) { return record.positions[j]->key(layer, head).data(); },
            count, D, s.scale, row.data());
        // The softmax runs over the whole visible row (keys 0..query), as in the forward pass;
        // the window only decides which of its cells are shown.
        math::maskedSoftmax(row.data(), query + 1, count, probs.data());
        for (int j = 0; j < s.windowSize; ++j) {
            s.windowScores(i, j) = row[static_cast<std::size_t>(s.windowStart + j)];
            s.windowAttention(i, j) = probs[static_cast<std::size_t>(s.windowStart + j)];
        }
    }

    // 5. The weighted sum of the values.
    s.weights = toVector(record.attentionRow(layer, head, position));
    s.headOutput = toVector(here.headOutput(layer, head));
    s.headAblated = std::find(record.ablatedHeads.begin(), record.ablatedHeads.end(), std::pair{layer, head}) !=
                    record.ablatedHeads.end();

    // 8. The output head.
    s.finalResidual = toVector(here.finalResidual());
    s.isLastPosition = position == T - 1;
    if (s.isLastPosition) {
        s.temperature = record.sampling.greedy ? 1.0f : record.sampling.temperature;
        s.readout = readOut(model, here.finalResidual(), s.temperature, topN);
        s.candidates = record.topK;
        if (static_cast<int>(s.candidates.size()) > topN) s.candidates.resize(static_cast<std::size_t>(topN));
        s.chosen = record.chosen;
    } else {
        s.temperature = 1;
        s.readout = readOut(model, here.finalResidual(), 1.0f, topN);
        s.candidates = s.readout.distribution.top;
        s.chosen = record.tokens[static_cast<std::size_t>(position) + 1];
    }
    s.chosenLogit = s.readout.logits[s.chosen];
    s.chosenProbability = static_cast<float>(probabilityOf(s.readout.logits, s.chosen, s.temperature));
    return s;
}

TokenPath tokenPath(const Gpt2Model& model, const StepRecord& record, int position, int topN) {
    checkRecorded(record, position);
    const Gpt2Config& cfg = model.config();
    const PositionRecord& here = *record.positions[position];
    TokenPath path;
    path.position = position;
    path.token = here.token();
    path.nextToken = position + 1 < record.length() ? record.tokens[static_cast<std::size_t>(position) + 1] : -1;
    for (int layer = 0; layer <= cfg.nLayer; ++layer) {
        PathLayer row;
        row.layer = layer;
        const auto residual = layer < cfg.nLayer ? here.residualIn(layer) : here.finalResidual();
        row.inputNorm = toVector(residual).cast<double>().norm();
        if (layer < cfg.nLayer) {
            const BlockTrace block = traceBlock(model, here, layer);
            row.attnNorm = block.attnOut.cast<double>().norm();
            row.mlpNorm = block.mlpOut.cast<double>().norm();
        }
        row.lens = readOut(model, residual, 1.0f, topN).distribution.top;
        path.layers.push_back(std::move(row));
    }
    return path;
}

KvCacheSummary kvCacheSummary(const StepRecord& record) {
    KvCacheSummary s;
    if (!record.shape) return s;
    s.layers = record.shape->nLayer;
    s.positions = record.length();
    s.newPositions = record.newPositionCount();
    s.width = record.shape->nEmbd;
    s.cachedFloats = 2LL * s.layers * s.positions * s.width;
    s.capacityFloats = 2LL * s.layers * record.shape->nPositions * s.width;
    const double perPosition = 12.0 * s.width * s.width * s.layers;
    s.multiplyAddsWithCache = perPosition * s.newPositions;
    s.multiplyAddsWithoutCache = perPosition * s.positions;
    return s;
}

}  // namespace attnscope::teaching
