#pragma once
// What individual heads do, as numbers: pure functions of attention matrices (query rows x key
// columns, causal) and the token ids. The head-scores view and the model card use them.
//
// Every score is a mean over query positions i >= 1 (position 0 can only look at itself).

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include <Eigen/Core>

#include "model/Message.h"
#include "model/StepRecord.h"

namespace attnscope::scores {

// Mean entropy (nats) of the attention rows: low = focused, log(i+1) = uniform.
double entropy(const Eigen::MatrixXf& attention);
// Mean weight on the previous position, A[i][i-1]: 1 for a perfect previous-token head.
double previousToken(const Eigen::MatrixXf& attention);
// Mean weight on position 0 (the "sink" many heads park their attention on).
double firstToken(const Eigen::MatrixXf& attention);
// Mean weight on the query's own position, A[i][i].
double self(const Eigen::MatrixXf& attention);
// Over the queries whose token occurred earlier, the mean total weight on those earlier copies.
// Returns NaN when no token repeats.
double duplicateToken(const Eigen::MatrixXf& attention, std::span<const std::int32_t> tokens);
// On a text whose positions [start, start + period) repeat at [start + period, start + 2 period):
// the mean weight from each token of the second copy to the token right after its first
// occurrence (Olsson et al., "In-context Learning and Induction Heads", 2022).
double induction(const Eigen::MatrixXf& attention, int start, int period);

// A head counts as an induction head when its induction score reaches this: a third of its
// attention on the token to copy, ~60x what a head spreading its attention evenly would score
// on the diagnostic text (50 tokens repeated once).
inline constexpr double kInductionHeadScore = 0.3;

// The heads whose score reaches `threshold`, best first, as (layer * nHead + head, score).
std::vector<std::pair<int, double>> headsAtLeast(const std::vector<double>& scores, double threshold);

// "L3H1 (0.92), L2H0 (0.41)" for the induction heads of `scores` ([layer * nHead + head]), or
// "none: the best is L3H1 (0.015)"; "" when nothing was measured.
Message inductionHeadsText(const std::vector<double>& scores, int nHead);

// The standard diagnostic text for induction: an optional first token (e.g. <|endoftext|>),
// then `period` random ids from [low, high) without repeats, then the same ids again. Seeded.
std::vector<std::int32_t> repeatedRandomTokens(int period, std::int32_t low, std::int32_t high, std::uint64_t seed,
                                               std::optional<std::int32_t> first = std::nullopt);

// Every score for every head of a recorded step, laid out [layer][head].
struct HeadScoreTable {
    int nLayer = 0;
    int nHead = 0;
    std::vector<double> entropy, previousToken, firstToken, self, duplicateToken;
    double at(const std::vector<double>& score, int layer, int head) const { return score[layer * nHead + head]; }
};
HeadScoreTable scoreHeads(const StepRecord& record);

}  // namespace attnscope::scores
