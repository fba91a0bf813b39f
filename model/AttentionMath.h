#pragma once
// The arithmetic of one attention row, shared by the forward pass and by the step records that
// recompute rows on demand. Because both call these exact functions with the same inputs, a
// row read from a record is bit-for-bit the row the forward pass used.

#include <cmath>
#include <cstddef>
#include <limits>

namespace attnscope::math {

// A dot product with a fixed summation order (eight independent partial sums, then a fixed
// tree), so that the result does not depend on the pointers' alignment the way a library's
// vectorised reduction can.
inline float dot(const float* a, const float* b, int n) {
    float acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    int i = 0;
    for (; i + 8 <= n; i += 8) {
        for (int j = 0; j < 8; ++j) acc[j] += a[i + j] * b[i + j];
    }
    for (; i < n; ++i) acc[i % 8] += a[i] * b[i];
    return ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7]));
}

// scores[j] = q . key(j) * scale for j in [0, count): the scaled scores before the mask (S12).
template <typename KeyAt>
void scaledScores(const float* q, KeyAt keyAt, int count, int headDim, float scale, float* scores) {
    for (int j = 0; j < count; ++j) scores[j] = dot(q, keyAt(j), headDim) * scale;
}

// Row-wise softmax over the first `visible` scores; the rest (the future, S4/S17) get exactly 0,
// which is what adding minus infinity before the softmax gives.
inline void maskedSoftmax(const float* scores, int visible, int count, float* probs) {
    float maxScore = -std::numeric_limits<float>::infinity();
    for (int j = 0; j < visible; ++j) maxScore = scores[j] > maxScore ? scores[j] : maxScore;
    float sum = 0.0f;
    for (int j = 0; j < visible; ++j) {
        probs[j] = std::exp(scores[j] - maxScore);
        sum += probs[j];
    }
    const float inv = 1.0f / sum;
    for (int j = 0; j < visible; ++j) probs[j] *= inv;
    for (int j = visible; j < count; ++j) probs[j] = 0.0f;
}

}  // namespace attnscope::math
