#pragma once
// The teaching views' numbers (issue "Teaching: inside one step"): everything that happens to
// one token in one step, from its embedding to the choice of the next token, with the real
// values of the loaded model.
//
// Values that a step record holds (q, k, v, the head outputs, the residual stream entering each
// block, the attention rows) are taken from the record as they are, bit for bit. The values in
// between (layer-norm outputs, c_attn's raw output, the feed-forward network's inside, the
// logits at an earlier position) are not recorded; they are recomputed here from the weights
// with the forward pass's own functions (layerNorm, linear, activate, applyOutputHead), so they
// are what the core computes, and the tests check that the recomputation lands on the record.

#include <cstdint>
#include <span>
#include <vector>

#include <Eigen/Core>

#include "model/Gpt2Model.h"
#include "model/Sampler.h"
#include "model/StepRecord.h"

namespace attnscope::teaching {

// One block for one position: attention half, then feed-forward half (S10, S19-S24).
struct BlockTrace {
    int layer = 0;
    Eigen::VectorXf input;         // the residual entering the block (from the record)
    Eigen::VectorXf attnNormed;    // ln_1(input)
    Eigen::VectorXf qkv;           // c_attn(attnNormed): q ++ k ++ v, 3 n_embd long (S19)
    Eigen::VectorXf merged;        // the heads' outputs side by side (S22, from the record)
    Eigen::VectorXf attnOut;       // c_proj(merged): what attention adds (S23)
    Eigen::VectorXf afterAttn;     // input + attnOut
    Eigen::VectorXf mlpNormed;     // ln_2(afterAttn)
    Eigen::VectorXf mlpHidden;     // c_fc(mlpNormed): 4 n_embd wide, before the activation (S24)
    Eigen::VectorXf mlpActivated;  // GELU(mlpHidden)
    Eigen::VectorXf mlpOut;        // c_proj(mlpActivated): what the feed-forward network adds
    Eigen::VectorXf output;        // afterAttn + mlpOut: the residual leaving the block
};

// Recomputes block `layer` for one recorded position. Throws UsageError for a layer out of range.
BlockTrace traceBlock(const Gpt2Model& model, const PositionRecord& position, int layer);

// What the output head makes of a residual vector: final layer norm, times the embedding matrix,
// softmax (S13). Used for the model's own prediction and for the logit lens.
struct Readout {
    Eigen::VectorXf normed;  // ln_f(residual)
    Eigen::VectorXf logits;  // one per vocabulary token
    Distribution distribution;  // top candidates and entropy at `temperature`
};
Readout readOut(const Gpt2Model& model, std::span<const float> residual, float temperature, int topN);

// The stepper's eight stages for one token (`position`), one layer and one head of a step.
struct InsideStep {
    int step = 0;
    int position = 0;
    int layer = 0;
    int head = 0;
    int headDim = 0;
    std::int32_t token = 0;
    std::vector<std::int32_t> tokens;  // the step's text

    // 1 (S9): the token's row of wte, its position's row of wpe, and their sum, which is the
    // residual entering block 0.
    Eigen::VectorXf tokenEmbedding, positionEmbedding, embedding;

    // 2, 6, 7 (S19-S24): the selected block for this token.
    BlockTrace block;

    // 3 (S12, S21): this head's query against the keys of positions 0..position.
    Eigen::VectorXf query;        // headDim (record)
    Eigen::MatrixXf keys;         // headDim x (position + 1), column j = position j's key (record)
    Eigen::VectorXf dots;         // q . k_j, before scaling (the forward pass's own dot product)
    float scale = 0;              // 1/sqrt(headDim) (and 1/(layer+1) where the model asks for it)
    Eigen::VectorXf scores;       // dots * scale: the record's scores row, bit for bit

    // 4 (S4, S17): the whole text's scores for this head, rows = queries, columns = keys, over
    // the window [windowStart, windowStart + windowSize) that contains `position`.
    int windowStart = 0;
    int windowSize = 0;
    Eigen::MatrixXf windowScores;     // before the mask (future cells included)
    Eigen::MatrixXf windowAttention;  // after mask and softmax (future cells exactly 0)

    // 5 (S15, S16): the weights (the attention row), the value vectors, and their weighted sum.
    Eigen::VectorXf weights;      // position + 1 (record)
    Eigen::MatrixXf values;       // headDim x (position + 1) (record)
    Eigen::VectorXf headOutput;   // headDim (record): sum_j weights[j] * values[:, j]
    bool headAblated = false;     // the head was switched off in this step's forward pass

    // 8 (S7, S13): after the last block. At the step's last position the candidates are the
    // record's own (at the step's temperature) and `chosen` is the token that was picked; at an
    // earlier position they are recomputed at temperature 1 and `chosen` is the text's next token.
    Eigen::VectorXf finalResidual;  // record
    Readout readout;
    std::vector<Candidate> candidates;
    std::int32_t chosen = 0;
    float chosenLogit = 0;
    float chosenProbability = 0;  // softmax(logits / temperature) of `chosen`, over the whole vocabulary
    float temperature = 1;
    bool isLastPosition = false;
};

// Largest window that stage 4 shows; the seed's example has 4 tokens.
constexpr int kMaxMaskWindow = 12;

// Throws UsageError if the record was not recorded or an index is out of range.
InsideStep insideStep(const Gpt2Model& model, const StepRecord& record, int position, int layer, int head, int topN = 10);

// A token's path up the stack (S10): per block, the size of the residual entering it, how much
// attention and the feed-forward network added, and what the residual would predict if it were
// read out now (the logit lens).
struct PathLayer {
    int layer = 0;             // n_layer: after the last block
    double inputNorm = 0;      // |residual entering| (row n_layer: |final residual|)
    double attnNorm = 0;       // |attention's addition| (0 for the last row)
    double mlpNorm = 0;        // |feed-forward's addition| (0 for the last row)
    std::vector<Candidate> lens;  // the residual entering, read out (temperature 1)
};
struct TokenPath {
    int position = 0;
    std::int32_t token = 0;
    std::int32_t nextToken = -1;  // the text's next token, -1 at the last position
    std::vector<PathLayer> layers;  // n_layer + 1 rows, bottom (embeddings) first
};
TokenPath tokenPath(const Gpt2Model& model, const StepRecord& record, int position, int topN = 3);

// The key/value cache at one step (S8, S18): what it holds and what this step reused from it.
struct KvCacheSummary {
    int layers = 0;
    int positions = 0;       // columns held after this step
    int newPositions = 0;    // computed by this step's forward pass
    int width = 0;           // n_embd: one key (and one value) column per position and layer
    std::int64_t cachedFloats = 0;     // 2 * layers * positions * width
    std::int64_t capacityFloats = 0;   // the same for a full context
    // Multiply-adds of the block matrices (c_attn, c_proj, c_fc, mlp c_proj): 12 n_embd^2 per
    // position per layer. With the cache a step runs them for its new positions only; without
    // one it would run them for the whole text again.
    double multiplyAddsWithCache = 0;
    double multiplyAddsWithoutCache = 0;
};
KvCacheSummary kvCacheSummary(const StepRecord& record);

}  // namespace attnscope::teaching
