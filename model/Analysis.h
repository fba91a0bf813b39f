#pragma once
// Research tools over a loaded model and a recorded text: what happens when heads are switched
// off (ablation), and what the residual stream "would say" at each layer (the logit lens).
// Pure functions of the weights and the records; they run their own forward passes and never
// touch a session's cache.

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include <Eigen/Core>

#include "model/Forward.h"
#include "model/Gpt2Model.h"
#include "model/Sampler.h"
#include "model/StepRecord.h"

namespace attnscope::analysis {

// The head's output (before c_proj) averaged over every position of the record: the vector a
// mean ablation puts in its place.
std::vector<float> meanHeadOutput(const StepRecord& record, int layer, int head);

struct AblationComparison {
    Eigen::VectorXf logitsBefore, logitsAfter;  // at the last position of the text
    float temperature = 1;                      // what every probability below is computed at
    Distribution before, after;                 // top-k and entropy at `temperature`
    std::vector<float> afterOfBefore;           // per before.top candidate: its probability after
    std::vector<float> beforeOfAfter;           // per after.top candidate: its probability before
    double klDivergence = 0;                    // KL(before || after) at `temperature`, nats
};

// Runs the text twice from scratch (heads on, heads off) and compares the next-token
// distributions at its last position, at `temperature` (the one the next-token bars show;
// <= 0 means 1, as for greedy choices).
AblationComparison compareAblation(const std::shared_ptr<const Gpt2Model>& model, std::span<const std::int32_t> tokens,
                                   const AblationSet& ablation, int topK = 10, float temperature = 1.0f);

// The standard test for induction heads (Olsson et al. 2022), as the app's diagnostics and the
// head report run it: min(50, (n_positions - 1) / 2) random tokens without repeats (merged
// tokens from id 256 where the vocabulary has them, up to the last decodable id before
// <|endoftext|>), after <|endoftext|> if the model has one, then the same tokens again; seed 1234.
struct InductionDiagnostic {
    int period = 0;                     // how many random tokens, repeated once
    int start = 0;                      // where the first copy begins (1 after <|endoftext|>)
    std::vector<std::int32_t> tokens;   // the whole sequence
    std::vector<double> scores;         // scores::induction per head, [layer * n_head + head]
    StepRecordPtr record;               // the recorded forward pass over `tokens`
};
InductionDiagnostic inductionDiagnostic(const std::shared_ptr<const Gpt2Model>& model);

// KL(p || q) of softmax(a) and softmax(b), in nats, computed in double.
double klDivergence(const Eigen::VectorXf& a, const Eigen::VectorXf& b);

// The logit lens: each layer's residual stream read out through the final layer norm and the
// output head. Row l < n_layer is the residual entering block l (row 0: the embeddings);
// row n_layer is after the last block, i.e. the model's own prediction.
struct LensCell {
    std::vector<Candidate> top;  // best first, probabilities at temperature 1
};
struct LogitLens {
    int rows = 0;       // n_layer + 1
    int positions = 0;  // the record's length
    std::vector<LensCell> cells;  // [row * positions + position]
    const LensCell& at(int row, int position) const { return cells[static_cast<std::size_t>(row) * positions + position]; }
};
LogitLens logitLens(const Gpt2Model& model, const StepRecord& record, int topN = 5);

}  // namespace attnscope::analysis
