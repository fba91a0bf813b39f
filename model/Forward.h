#pragma once
// The GPT-2 forward pass and the state of one run: the key/value cache (S8, S18) and the
// scratch buffers. The weights are shared and read-only; everything that changes lives here.

#include <atomic>
#include <memory>
#include <span>
#include <vector>

#include <Eigen/Core>

#include "model/Gpt2Model.h"
#include "model/KvCache.h"
#include "model/StepRecord.h"

namespace attnscope {

// Switching a head off (research: what does this head contribute?). Zero ablation replaces the
// head's output (its weighted sum of values, before c_proj) with zeros; mean ablation with a
// fixed vector, usually the head's mean output over a text (see Ablation.h).
struct HeadAblation {
    int layer = 0;
    int head = 0;
    std::vector<float> replacement;  // empty: zeros; else head_dim values

    bool operator==(const HeadAblation&) const = default;
};
using AblationSet = std::vector<HeadAblation>;

// The heads `record` was made with switched off (zeros or their mean output). Inline, so that
// readers of saved choices (app/WorkspaceFile, also built into the fuzzers) need no forward pass.
inline AblationSet ablationOf(const StepRecord& record) {
    AblationSet heads;
    for (std::size_t i = 0; i < record.ablatedHeads.size(); ++i) {
        const auto& [layer, head] = record.ablatedHeads[i];
        heads.push_back(HeadAblation{layer, head, i < record.ablationReplacements.size() ? record.ablationReplacements[i] : std::vector<float>{}});
    }
    return heads;
}

// y = LayerNorm(x) column by column (one column per position), with GPT-2's learned gain and
// bias. The forward pass and the logit lens both use it, so the lens reads exactly what the
// model computes.
void layerNorm(const Eigen::MatrixXf& x, const VectorRef& gain, const VectorRef& bias, float eps, Eigen::MatrixXf& y);

// Y = W X + b, one column per position: a matrix-vector product for one column (split over the
// cores for large W), Eigen's matrix-matrix product otherwise. Exposed so that the teaching
// views recompute a block's intermediate values with the very arithmetic of the forward pass.
void linear(const MatrixRef& w, const VectorRef& b, const Eigen::MatrixXf& x, Eigen::MatrixXf& y);

// The feed-forward network's activation, in place (GPT-2: gelu_new, the tanh approximation).
void activate(Activation activation, Eigen::MatrixXf& x);

// logits = head^T x for one normalised column: the output head exactly as a forward pass that
// returns only the last position's logits computes it.
void applyOutputHead(const MatrixRef& head, const float* x, float* logits);

// logits = head^T x for every column of x (one per position), as the forward pass computes
// them when it returns every position's logits.
void outputHead(const MatrixRef& head, const Eigen::MatrixXf& x, Eigen::MatrixXf& logits);


// Sets the logits of ids the tokenizer cannot decode (a vocabulary padded beyond the
// tokenizer, as nanoGPT's 50,304 over GPT-2's 50,257) to -infinity, so that no softmax gives
// them probability and no sampler picks them. Rows from `decodable` on, in every column.
void maskUndecodable(Eigen::Ref<Eigen::MatrixXf> logits, int decodable);

// Throws UsageError for a layer, head or replacement size that does not fit the model.
void validateAblation(const Gpt2Config& config, const AblationSet& ablation);

struct ForwardResult {
    Eigen::VectorXf logits;        // at the last new position (vocab)
    Eigen::MatrixXf allLogits;     // (vocab, new positions), only when asked for
    std::vector<std::shared_ptr<PositionRecord>> positions;  // one per new position, when recording
};

class InferenceState {
public:
    // kvStorage: the KV cache's type, F32 or the model's own 16-bit type (see KvCache.h).
    explicit InferenceState(std::shared_ptr<const Gpt2Model> model, WeightStorage kvStorage = WeightStorage::F32);

    const Gpt2Model& model() const { return *m_model; }
    int length() const { return m_length; }       // positions held in the cache
    int capacity() const { return m_model->config().nPositions; }
    // Forget every position from `length` on (going back to an earlier step).
    void truncate(int length);
    // Makes the cache hold exactly the keys and values of these recorded positions (a text
    // made earlier, 0..n-1): bit for bit what it held when they were made, so continuing from
    // them gives the numbers the first run gave. Nothing is computed. Throws UsageError for
    // positions out of order, of another model's shape, or more than the context holds.
    void restore(std::span<const std::shared_ptr<const PositionRecord>> positions);

    // Runs `tokens` at positions length() .. length()+n-1, appending their keys and values to the
    // cache. n > 1 is the prefill (matrix-matrix); n == 1 a decode step (matrix-vector).
    // Throws UsageError if the tokens do not fit in the context or an id is outside the vocabulary.
    ForwardResult forward(std::span<const std::int32_t> tokens, bool record, bool allLogits = false);

    // Heads to switch off in every later forward pass. Keys and values already in the cache were
    // computed without this change, so callers that want a consistent text truncate(0) and run it
    // again. Throws UsageError for a layer, head or replacement size that does not fit the model.
    void setAblation(AblationSet ablation);
    const AblationSet& ablation() const { return m_ablation; }

    // A flag another thread may set to stop a forward pass early: forward() then throws
    // Cancelled within one layer of one chunk, leaving the cache as it was before the call.
    // The flag must outlive this state; nullptr: not cancellable.
    void setCancelFlag(const std::atomic<bool>* flag) { m_cancel = flag; }

    // Positions a long prompt is run in at a time.
    static constexpr int kPrefillChunk = 128;

private:
    ForwardResult forwardChunk(std::span<const std::int32_t> tokens, bool record, bool allLogits);
    void checkCancel() const;

    std::shared_ptr<const Gpt2Model> m_model;
    int m_length = 0;
    KvCache m_cache;
    AblationSet m_ablation;
    std::vector<int> m_ablationByHead;
    const std::atomic<bool>* m_cancel = nullptr;  // [layer * nHead + head]: index into m_ablation, -1 = untouched
};

}  // namespace attnscope
