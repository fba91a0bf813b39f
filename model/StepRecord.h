#pragma once
// What the core records at each generation step: immutable values, shared by pointer between
// the worker thread, the controller and the views, never changed after they are made.
//
// Per position (one token in the text), a PositionRecord keeps what the forward pass computed
// for it in every layer: q, k, v, the merged head outputs and the residual stream entering the
// block. A StepRecord holds the whole text so far as a list of shared PositionRecords (steps and
// branches share them), plus what the step decided: the top-k, the entropy and the choice.
//
// Attention rows are not stored: a row is q . k over the earlier positions, recomputed from the
// stored q and k with the very functions the forward pass used (AttentionMath.h), so it is the
// same to the last bit, and a 1024-token gpt2 trace stays under 200 MB instead of 600.

#include <cstdint>
#include <memory>
#include <optional>
#include <utility>
#include <span>
#include <string>
#include <vector>

#include <Eigen/Core>

namespace attnscope {

// The sizes a record needs to be read on its own, shared by all records of one model.
struct RecordShape {
    int nLayer = 0;
    int nHead = 0;
    int nEmbd = 0;
    int headDim = 0;
    int nPositions = 0;
    int vocabSize = 0;
    // Ids from here to vocabSize are padding that the tokenizer cannot decode: their logits are
    // masked (-inf, probability 0). Equal to vocabSize when the vocabulary is not padded.
    int decodableVocabSize = 0;
    std::vector<float> attentionScale;  // per layer: 1/sqrt(d_head) (and 1/(layer+1) where configured)
};

class PositionRecord {
public:
    PositionRecord(std::shared_ptr<const RecordShape> shape, int position, std::int32_t token);

    int position() const { return m_position; }
    std::int32_t token() const { return m_token; }
    const RecordShape& shape() const { return *m_shape; }

    // Whole n_embd-wide vectors of one layer; head h is the slice [h*d, (h+1)*d).
    std::span<const float> query(int layer) const { return slot(layer, 0); }
    std::span<const float> key(int layer) const { return slot(layer, 1); }
    std::span<const float> value(int layer) const { return slot(layer, 2); }
    std::span<const float> headOutputs(int layer) const { return slot(layer, 3); }  // merged, before c_proj (S22)
    std::span<const float> residualIn(int layer) const { return slot(layer, 4); }   // entering block `layer` (S10)
    std::span<const float> finalResidual() const;                                   // after the last block, before ln_f

    std::span<const float> query(int layer, int head) const { return query(layer).subspan(head * m_shape->headDim, m_shape->headDim); }
    std::span<const float> key(int layer, int head) const { return key(layer).subspan(head * m_shape->headDim, m_shape->headDim); }
    std::span<const float> value(int layer, int head) const { return value(layer).subspan(head * m_shape->headDim, m_shape->headDim); }
    std::span<const float> headOutput(int layer, int head) const { return headOutputs(layer).subspan(head * m_shape->headDim, m_shape->headDim); }

    // Writable access, only while the forward pass builds the record (before it is shared).
    float* mutableSlot(int layer, int which);
    float* mutableFinalResidual();

    std::size_t bytes() const { return m_data.size() * sizeof(float); }
    static constexpr int kSlotsPerLayer = 5;  // q, k, v, head outputs, residual in
    // What one recorded position of a model of this shape holds, in bytes.
    static std::size_t bytesFor(const RecordShape& shape) {
        return (static_cast<std::size_t>(shape.nLayer) * kSlotsPerLayer + 1) * static_cast<std::size_t>(shape.nEmbd) * sizeof(float);
    }

private:
    std::span<const float> slot(int layer, int which) const;

    std::shared_ptr<const RecordShape> m_shape;
    int m_position;
    std::int32_t m_token;
    std::vector<float> m_data;  // per layer [q | k | v | head outputs | residual in], then final residual
};

enum class ChoiceKind { Greedy, Sampled, Forced };
const char* choiceKindName(ChoiceKind kind);

// "L1H2, L3H0": heads as the app and the exports name them (StepRecord::ablatedHeads); "" for none.
std::string headListText(const std::vector<std::pair<int, int>>& heads);

struct Candidate {
    std::int32_t token = 0;
    float logit = 0;        // raw logit
    float probability = 0;  // softmax(logits / temperature), before top-k/top-p truncation
};

struct SamplingSettings {
    bool greedy = true;
    float temperature = 1.0f;
    int topK = 0;        // 0: no cut
    float topP = 1.0f;   // 1: no cut
    std::uint64_t seed = 0;
};

class StepRecord {
public:
    int step = 0;                          // 0: the prompt (prefill); then one per generated token
    std::vector<std::int32_t> tokens;      // the whole text so far, as ids (always present)
    int firstNewPosition = 0;              // this step's forward ran positions [firstNewPosition, tokens.size())
    std::vector<std::shared_ptr<const PositionRecord>> positions;  // one per token; empty if recording was off

    std::vector<Candidate> topK;           // the best candidates for the next token, best first
    double entropy = 0;                    // of softmax(logits / temperature), in nats
    SamplingSettings sampling;             // what the choice was made with
    std::int32_t chosen = 0;               // the next token
    ChoiceKind choice = ChoiceKind::Greedy;
    float chosenProbability = 0;           // the chosen token's probability, on the same scale as topK

    std::shared_ptr<const RecordShape> shape;
    std::vector<std::pair<int, int>> ablatedHeads;  // (layer, head) switched off in this step's forward pass
    std::vector<std::vector<float>> ablationReplacements;  // per ablated head: empty = zeros, else its mean output
    double computeSeconds = 0;             // wall time of this step's forward pass and choice, measured by the session

    int length() const { return static_cast<int>(tokens.size()); }
    int newPositionCount() const { return length() - firstNewPosition; }
    bool recorded() const { return !positions.empty(); }

    // One row: query position `query` against keys 0..query, before the mask (scaled) and after
    // mask + softmax. Throws UsageError if the step was not recorded or an index is out of range.
    std::vector<float> scoresRow(int layer, int head, int query) const;
    std::vector<float> attentionRow(int layer, int head, int query) const;

    // The whole text's matrices, query rows x key columns, T = length(): scores before the mask
    // include the future cells (S17: "before mask"); attention has the future set to exactly 0.
    Eigen::MatrixXf scoresMatrix(int layer, int head) const;
    Eigen::MatrixXf attentionMatrix(int layer, int head) const;
    // Both at once, for the price of the scores alone: each attention row is the softmax of the
    // scores row's visible part, so the dot products are made once. Same numbers, bit for bit.
    void scoresAndAttention(int layer, int head, Eigen::MatrixXf& scores, Eigen::MatrixXf& attention) const;
    // The same into matrices the caller sized T x T (e.g. maps over memory of its own).
    void scoresAndAttention(int layer, int head, Eigen::Ref<Eigen::MatrixXf> scores, Eigen::Ref<Eigen::MatrixXf> attention) const;

    std::size_t recordedBytes() const;  // the memory of the positions this step added

private:
    void check(int layer, int head, int query) const;
};

using StepRecordPtr = std::shared_ptr<const StepRecord>;

}  // namespace attnscope
