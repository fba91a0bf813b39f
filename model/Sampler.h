#pragma once
// Turning logits into the next token (S7): greedy, or sampling with temperature, top-k and
// top-p. The random draw for a position depends only on the seed and the position, so the same
// seed and settings give the same text, also after going back and generating again.

#include <cstdint>
#include <vector>

#include <Eigen/Core>

#include "model/StepRecord.h"

namespace attnscope {

struct Choice {
    std::int32_t token = 0;
    ChoiceKind kind = ChoiceKind::Greedy;
    float probability = 0;  // of softmax(logits / temperature), before truncation
};

struct Distribution {
    std::vector<Candidate> top;  // best first
    double entropy = 0;          // nats, of softmax(logits / temperature)
};

// softmax(logits / temperature) in double, so that tiny probabilities in a 50k vocabulary
// still sum to 1 and the entropy is accurate.
std::vector<double> softmax(const Eigen::VectorXf& logits, float temperature);

// The k best candidates with their probabilities at `temperature`, and the entropy.
Distribution summarize(const Eigen::VectorXf& logits, float temperature, int k);

// Chooses the next token at `position` (the position the token will take in the text).
// Throws UsageError for settings that make no distribution (temperature <= 0 when sampling,
// top_p outside (0, 1]).
Choice choose(const Eigen::VectorXf& logits, const SamplingSettings& settings, int position);

// The uniform number in [0, 1) that sampling at `position` uses with `seed` (splitmix64).
double uniformForPosition(std::uint64_t seed, int position);

}  // namespace attnscope
