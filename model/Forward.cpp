#include "model/Forward.h"

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>
#include <sstream>

#include "model/AttentionMath.h"
#include "model/Errors.h"
#include "model/Kernels.h"

namespace attnscope {
namespace {

using Eigen::MatrixXf;
using Eigen::VectorXf;

// Below these sizes a parallel region costs more than it saves: waking the second thread and
// meeting at the barrier takes microseconds on an idle machine and a scheduler time slice on a
// busy one, so the small embedded model runs its matrix-vector products on one thread.
constexpr long long kParallelMatvecElements = 1 << 20;
constexpr long long kParallelAttentionFlops = 1 << 18;

// ---------------------------------------------------------------------------------------------
// Building blocks

// y = W x for one column, with W's output rows split across the threads (in multiples of 16,
// one AVX-512 register): decode is bound by how fast W streams from memory, which both cores
// together do about twice as fast. Each y[r] is the kernel's fixed chain over W's columns, so
// the numbers do not depend on the number of threads.
void matvec(const MatrixRef& w, const float* x, float* y) {
#pragma omp parallel if (static_cast<long long>(w.rows) * w.cols >= kParallelMatvecElements)
    {
        const int threads = omp_get_num_threads();
        const int t = omp_get_thread_num();
        const int begin = static_cast<int>(static_cast<long long>(w.rows) * t / threads) / 16 * 16;
        const int end = t == threads - 1 ? w.rows : static_cast<int>(static_cast<long long>(w.rows) * (t + 1) / threads) / 16 * 16;
        kernels::matvecRows(w.data, w.storage, w.rows, w.cols, x, y, begin, end);
    }
}

// y = W^T x where W is (C, V) column-major: the output head, one dot product per vocabulary
// column, the columns split across the threads.
void matvecTransposed(const MatrixRef& w, const float* x, float* y) {
#pragma omp parallel if (static_cast<long long>(w.rows) * w.cols >= kParallelMatvecElements)
    {
        const int threads = omp_get_num_threads();
        const int t = omp_get_thread_num();
        const int begin = static_cast<int>(static_cast<long long>(w.cols) * t / threads);
        const int end = static_cast<int>(static_cast<long long>(w.cols) * (t + 1) / threads);
        kernels::dotColumns(w.data, w.storage, w.rows, w.cols, x, y, begin, end);
    }
}

// A 16-bit matrix for a matrix-matrix product: widened a block of columns at a time into a
// scratch buffer of about 4 MiB (never the whole matrix, which would double the model's memory),
// each block used by Eigen's product at once, while it is in the cache.
template <class UseBlock>
void forEachWidenedBlock(const MatrixRef& w, UseBlock&& use) {
    thread_local std::vector<float> scratch;
    const int block = std::max(1, (1 << 20) / std::max(1, w.rows));
    for (int first = 0; first < w.cols; first += block) {
        const int count = std::min(block, w.cols - first);
        scratch.resize(static_cast<std::size_t>(w.rows) * count);
        const std::size_t n = scratch.size(), base = static_cast<std::size_t>(first) * w.rows;
        // The buffer is named by pointer: inside the parallel loop `scratch` would be each
        // worker thread's own (empty) thread_local vector.
        float* const out = scratch.data();
#pragma omp parallel for schedule(static) if (n >= (1u << 18))
        for (std::size_t part = 0; part < n; part += 4096) {
            kernels::widen(w.data, w.storage, base + part, std::min<std::size_t>(4096, n - part), out + part);
        }
        use(first, count, Eigen::Map<const MatrixXf>(out, w.rows, count));
    }
}

// The KV cache's type: F32, or the model's own 16-bit type.
WeightStorage checkedKvStorage(const Gpt2Model& model, WeightStorage kvStorage) {
    if (kvStorage != WeightStorage::F32 && kvStorage != model.weightStorage()) {
        throw UsageError(Message(QT_TRANSLATE_NOOP("core", "a %1 KV cache needs a model stored in %1; this one is stored in %2"),
                                 storageName(kvStorage), storageName(model.weightStorage())));
    }
    return kvStorage;
}

}  // namespace

// Y = W X + b (one column per position). Eigen's matrix-matrix product uses every core.
void linear(const MatrixRef& w, const VectorRef& b, const MatrixXf& x, MatrixXf& y) {
    y.resize(w.rows, x.cols());
    if (x.cols() == 1) {
        matvec(w, x.data(), y.data());
    } else if (w.isF32()) {
        y.noalias() = w.map() * x;
    } else {
        y.setZero();
        forEachWidenedBlock(w, [&](int first, int count, const Eigen::Map<const MatrixXf>& block) {
            y.noalias() += block * x.middleRows(first, count);
        });
    }
    y.colwise() += b.map();
}

void outputHead(const MatrixRef& head, const MatrixXf& x, MatrixXf& logits) {
    logits.resize(head.cols, x.cols());
    if (x.cols() == 1) {
        matvecTransposed(head, x.data(), logits.data());
    } else if (head.isF32()) {
        logits.noalias() = head.map().transpose() * x;
    } else {
        forEachWidenedBlock(head, [&](int first, int count, const Eigen::Map<const MatrixXf>& block) {
            logits.middleRows(first, count).noalias() = block.transpose() * x;
        });
    }
}

void activate(Activation activation, MatrixXf& x) {
    switch (activation) {
        case Activation::GeluTanh: {
            // GPT-2's gelu_new: 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))
            constexpr float k = 0.7978845608028654f;
            x = (0.5f * x.array() * (1.0f + ((k * (x.array() + 0.044715f * x.array().cube())).tanh())));
            break;
        }
        case Activation::GeluErf:
            x = x.unaryExpr([](float v) { return 0.5f * v * (1.0f + std::erf(v * 0.7071067811865476f)); });
            break;
        case Activation::Relu:
            x = x.cwiseMax(0.0f);
            break;
    }
}

void applyOutputHead(const MatrixRef& head, const float* x, float* logits) { matvecTransposed(head, x, logits); }

void maskUndecodable(Eigen::Ref<Eigen::MatrixXf> logits, int decodable) {
    const Eigen::Index from = std::clamp<Eigen::Index>(decodable, 0, logits.rows());
    logits.bottomRows(logits.rows() - from).setConstant(-std::numeric_limits<float>::infinity());
}

void layerNorm(const MatrixXf& x, const VectorRef& gain, const VectorRef& bias, float eps, MatrixXf& y) {
    y.resize(x.rows(), x.cols());
    for (Eigen::Index t = 0; t < x.cols(); ++t) {
        const float mean = x.col(t).mean();
        const float variance = (x.col(t).array() - mean).square().mean();
        const float inv = 1.0f / std::sqrt(variance + eps);
        y.col(t) = ((x.col(t).array() - mean) * inv) * gain.map().array() + bias.map().array();
    }
}

InferenceState::InferenceState(std::shared_ptr<const Gpt2Model> model, WeightStorage kvStorage)
    : m_model(std::move(model)),
      m_cache(m_model->config().nLayer, m_model->config().nHead, m_model->config().headDim(), m_model->config().nPositions,
              checkedKvStorage(*m_model, kvStorage)) {}

void validateAblation(const Gpt2Config& c, const AblationSet& ablation) {
    for (const HeadAblation& a : ablation) {
        if (a.layer < 0 || a.layer >= c.nLayer || a.head < 0 || a.head >= c.nHead) {
            throw UsageError(Message(QT_TRANSLATE_NOOP("core", "cannot switch off layer %1 head %2: the model has %3 layers of %4 heads"),
                                     a.layer, a.head, c.nLayer, c.nHead));
        }
        if (!a.replacement.empty() && static_cast<int>(a.replacement.size()) != c.headDim()) {
            throw UsageError(Message(QT_TRANSLATE_NOOP("core", "a mean-ablation vector must have head_dim = %1 values"), c.headDim()));
        }
    }
}

void InferenceState::setAblation(AblationSet ablation) {
    const Gpt2Config& c = m_model->config();
    validateAblation(c, ablation);
    m_ablation = std::move(ablation);
    m_ablationByHead.assign(static_cast<std::size_t>(c.nLayer) * c.nHead, -1);
    for (std::size_t i = 0; i < m_ablation.size(); ++i) {
        m_ablationByHead[static_cast<std::size_t>(m_ablation[i].layer) * c.nHead + m_ablation[i].head] = static_cast<int>(i);
    }
}

void InferenceState::truncate(int length) {
    if (length < 0 || length > m_length) {
        throw UsageError(Message(QT_TRANSLATE_NOOP("core", "cannot go back to length %1: the cache holds %2 positions"), length, m_length));
    }
    m_length = length;  // later columns are simply overwritten by the next forward pass
}

void InferenceState::restore(std::span<const std::shared_ptr<const PositionRecord>> positions) {
    const Gpt2Config& cfg = m_model->config();
    const int n = static_cast<int>(positions.size());
    if (n > cfg.nPositions) {
        throw UsageError(Message(QT_TRANSLATE_NOOP("core", "cannot restore %1 positions: the context window holds %2"), n, cfg.nPositions));
    }
    for (int p = 0; p < n; ++p) {
        const PositionRecord* r = positions[static_cast<std::size_t>(p)].get();
        if (!r || r->position() != p || r->shape().nLayer != cfg.nLayer || r->shape().nEmbd != cfg.nEmbd) {
            throw UsageError(Message(QT_TRANSLATE_NOOP("core", "cannot restore the cache: recorded position %1 is missing, "
                                                               "out of order or from a model of another shape"),
                                     p));
        }
    }
    for (int layer = 0; layer < cfg.nLayer; ++layer) {
        for (int p = 0; p < n; ++p) {
            const PositionRecord& r = *positions[static_cast<std::size_t>(p)];
            m_cache.store(layer, p, r.key(layer).data(), r.value(layer).data());
        }
    }
    m_length = n;
}

ForwardResult InferenceState::forward(std::span<const std::int32_t> tokens, bool record, bool allLogits) {
    const Gpt2Config& cfg = m_model->config();
    const int n = static_cast<int>(tokens.size());
    if (n == 0) throw UsageError(Message(QT_TRANSLATE_NOOP("core", "forward pass over no tokens")));
    if (m_length + n > cfg.nPositions) {
        throw UsageError(Message(QT_TRANSLATE_NOOP("core", "the text would be %1 tokens long, but the model's context window holds %2"),
                                 m_length + n, cfg.nPositions));
    }
    for (std::int32_t id : tokens) {
        if (id < 0 || id >= cfg.vocabSize) {
            throw UsageError(Message(QT_TRANSLATE_NOOP("core", "token id %1 is outside the vocabulary (0..%2)"), id, cfg.vocabSize - 1));
        }
    }
    // A long prompt runs in chunks: the cache makes that the same computation, each chunk's
    // matrices stay large enough for fast matrix products, and a cancel request is seen
    // within one chunk's layer rather than after the whole prompt.
    const int startLength = m_length;
    ForwardResult result;
    try {
        for (int begin = 0; begin < n; begin += kPrefillChunk) {
            const int count = std::min(kPrefillChunk, n - begin);
            ForwardResult part = forwardChunk(tokens.subspan(static_cast<std::size_t>(begin), static_cast<std::size_t>(count)), record, allLogits);
            for (auto& p : part.positions) result.positions.push_back(std::move(p));
            if (allLogits) {
                if (result.allLogits.size() == 0) result.allLogits.resize(part.allLogits.rows(), n);
                result.allLogits.middleCols(begin, count) = part.allLogits;
            }
            result.logits = std::move(part.logits);
        }
    } catch (...) {
        m_length = startLength;  // as if the call never happened: the cache's later columns are ignored
        throw;
    }
    return result;
}

void InferenceState::checkCancel() const {
    if (m_cancel && m_cancel->load(std::memory_order_relaxed)) {
        throw Cancelled(Message(QT_TRANSLATE_NOOP("core", "the forward pass was cancelled")));
    }

}

ForwardResult InferenceState::forwardChunk(std::span<const std::int32_t> tokens, bool record, bool allLogits) {
    checkCancel();
    const Gpt2Config& cfg = m_model->config();
    const Gpt2Weights& w = m_model->weights();
    const int C = cfg.nEmbd, H = cfg.nHead, D = cfg.headDim();
    const int n = static_cast<int>(tokens.size());  // validated by forward(), the only caller
    const int start = m_length;

    ForwardResult result;
    const auto shape = m_model->recordShape();
    if (record) {
        for (int t = 0; t < n; ++t) result.positions.push_back(std::make_shared<PositionRecord>(shape, start + t, tokens[t]));
    }
    auto keep = [&](int t, int layer, int slot, const float* src) {
        std::copy(src, src + C, result.positions[t]->mutableSlot(layer, slot));
    };

    // Input: token embedding + position embedding (S9).
    MatrixXf x(C, n);
    VectorXf position(C);
    for (int t = 0; t < n; ++t) {
        w.wte.column(tokens[t], x.col(t).data());
        w.wpe.column(start + t, position.data());
        x.col(t) += position;
    }

    MatrixXf h, qkv, merged(C, n), projected, hidden;
    for (int layer = 0; layer < cfg.nLayer; ++layer) {
        checkCancel();
        const LayerWeights& lw = w.layers[layer];
        if (record) {
            for (int t = 0; t < n; ++t) keep(t, layer, 4, x.col(t).data());
        }

        // Masked self-attention. One matrix multiply makes q ++ k ++ v for every new position
        // (S19); each head works on its own d-wide slice (S20).
        layerNorm(x, lw.ln1Weight, lw.ln1Bias, cfg.layerNormEpsilon, h);
        linear(lw.attnWeight, lw.attnBias, h, qkv);
        // A 16-bit cache holds k and v rounded to its type; the rounded values are what attention
        // and the record see from here on.
        for (int t = 0; t < n; ++t) {
            m_cache.roundToStorage(qkv.col(t).data() + C, 2 * C);
            m_cache.store(layer, start + t, qkv.col(t).data() + C, qkv.col(t).data() + 2 * C);
        }

        // Each new query scores against every cached key up to itself (S21): the causal mask is
        // simply that later keys are never looked at (S4, S17).
        const float scale = shape->attentionScale[layer];
        const long long attentionFlops = 4LL * H * n * (start + n) * D;
        // Queries go in blocks of kQueryBlock consecutive positions of one head, which share
        // their loads of the keys and values; the blocks are dealt to the threads one by one in
        // turn, so that both get as many early (short) and late (long) rows.
        constexpr int Q = math::kQueryBlock;
        const int blocks = (n + Q - 1) / Q;
#pragma omp parallel if (attentionFlops >= kParallelAttentionFlops)
        {
            std::vector<float> scores(static_cast<std::size_t>(Q) * (start + n));
            std::vector<float> probs(static_cast<std::size_t>(Q) * (start + n));
#pragma omp for collapse(2) schedule(static, 1)
            for (int block = 0; block < blocks; ++block) {
                for (int head = 0; head < H; ++head) {
                    const int first = block * Q, queries = std::min(Q, n - first);
                    const float* q[Q];
                    float* out[Q];
                    float* scoreRow[Q];
                    float* probRow[Q];
                    int visible[Q];
                    for (int i = 0; i < queries; ++i) {
                        q[i] = qkv.col(first + i).data() + head * D;
                        out[i] = merged.col(first + i).data() + head * D;
                        scoreRow[i] = scores.data() + static_cast<std::size_t>(i) * (start + n);
                        probRow[i] = probs.data() + static_cast<std::size_t>(i) * (start + n);
                        visible[i] = start + first + i + 1;
                    }
                    const int ablation =
                        m_ablationByHead.empty() ? -1 : m_ablationByHead[static_cast<std::size_t>(layer) * H + head];
                    if (ablation >= 0) {  // the head switched off: its output is zero or the given mean
                        const HeadAblation& ablated = m_ablation[static_cast<std::size_t>(ablation)];
                        for (int i = 0; i < queries; ++i) {
                            if (ablated.replacement.empty()) std::fill(out[i], out[i] + D, 0.0f);
                            else std::copy(ablated.replacement.begin(), ablated.replacement.end(), out[i]);
                        }
                        continue;
                    }
                    m_cache.withHead(layer, head, [&](const auto* headKeys, const auto* headValues) {
                        math::scaledScoresOfRows(queries, q, visible, headKeys, D, scale, scoreRow);
                        for (int i = 0; i < queries; ++i) math::maskedSoftmax(scoreRow[i], visible[i], visible[i], probRow[i]);
                        // The head's output: the values summed, each weighted by its score (S15, S16).
                        math::weightedValues(queries, probRow, visible, headValues, D, out);
                    });
                }
            }
        }
        if (record) {
            for (int t = 0; t < n; ++t) {
                keep(t, layer, 0, qkv.col(t).data());
                keep(t, layer, 1, qkv.col(t).data() + C);
                keep(t, layer, 2, qkv.col(t).data() + 2 * C);
                keep(t, layer, 3, merged.col(t).data());
            }
        }
        // Merge the heads and project (S22, S23), then the residual add.
        linear(lw.attnProjWeight, lw.attnProjBias, merged, projected);
        x += projected;

        checkCancel();
        // Feed-forward: widen to 4x with GELU, narrow back (S24), residual add.
        layerNorm(x, lw.ln2Weight, lw.ln2Bias, cfg.layerNormEpsilon, h);
        linear(lw.fcWeight, lw.fcBias, h, hidden);
        activate(cfg.activation, hidden);
        linear(lw.fcProjWeight, lw.fcProjBias, hidden, projected);
        x += projected;
    }
    if (record) {
        for (int t = 0; t < n; ++t) std::copy(x.col(t).data(), x.col(t).data() + C, result.positions[t]->mutableFinalResidual());
    }
    m_length = start + n;

    // Output: final layer norm, then one score per vocabulary token (S13).
    if (allLogits) {
        layerNorm(x, w.lnFWeight, w.lnFBias, cfg.layerNormEpsilon, h);
        outputHead(w.lmHead, h, result.allLogits);
        maskUndecodable(result.allLogits, m_model->decodableVocabSize());
        result.logits = result.allLogits.col(n - 1);
    } else {
        MatrixXf last = x.col(n - 1);
        layerNorm(last, w.lnFWeight, w.lnFBias, cfg.layerNormEpsilon, h);
        result.logits.resize(cfg.vocabSize);
        matvecTransposed(w.lmHead, h.data(), result.logits.data());
        maskUndecodable(result.logits, m_model->decodableVocabSize());
    }
    return result;
}

}  // namespace attnscope
