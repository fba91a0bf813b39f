#pragma once
// The arithmetic of one attention row, shared by the forward pass and by the step records that
// recompute rows on demand. Because both call these exact functions with the same inputs, a
// row read from a record is bit-for-bit the row the forward pass used.

#include <cmath>
#include <cstddef>
#include <cstring>
#include <algorithm>
#include <cstdint>
#include <limits>
#include <type_traits>

#include <Eigen/Core>

namespace attnscope::math {

// What the KV cache holds: floats, or the 16-bit F16 / BF16 bits of a model stored in 16 bits.
// Every 16-bit value widens to a float exactly, so attention over a 16-bit cache is attention
// over the widened floats; the step records keep those floats (the keys and values are rounded
// before they are stored and recorded), and rows recomputed from a record stay the same bits.
struct F16Bits {
    std::uint16_t bits;
};
struct BF16Bits {
    std::uint16_t bits;
};

inline float widen(float x) { return x; }
inline float widen(BF16Bits x) {
    const std::uint32_t bits = static_cast<std::uint32_t>(x.bits) << 16;
    float f;
    std::memcpy(&f, &bits, sizeof f);
    return f;
}
inline float widen(F16Bits x) { return static_cast<float>(Eigen::numext::bit_cast<Eigen::half>(x.bits)); }

// A dot product with a fixed summation order (eight independent partial sums, then a fixed
// tree), so that the result does not depend on the pointers' alignment the way a library's
// vectorised reduction can. b's elements are widened to float first (exactly), so the result
// over 16-bit elements is the result over their floats, bit for bit.
template <typename E>
float dotWidened(const float* a, const E* b, int n) {
    float acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    int i = 0;
    for (; i + 8 <= n; i += 8) {
        for (int j = 0; j < 8; ++j) acc[j] += a[i + j] * widen(b[i + j]);
    }
    for (; i < n; ++i) acc[i % 8] += a[i] * widen(b[i]);
    return ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7]));
}

inline float dot(const float* a, const float* b, int n) { return dotWidened(a, b, n); }

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

// GCC/Clang vector types: plain arithmetic on them is element-wise and contracts to fused
// multiply-adds exactly where the scalar code above does (same compiler, same flags), so the
// kernels below give bit for bit what dot() and a plain loop give.
using Float8Lanes = float __attribute__((vector_size(32)));
using Float16Lanes = float __attribute__((vector_size(64)));

inline Float8Lanes load8(const float* p) {
    Float8Lanes v;
    std::memcpy(&v, p, sizeof v);
    return v;
}
inline Float8Lanes load8(const BF16Bits* p) {
    using Bits16 = std::uint16_t __attribute__((vector_size(16)));
    using Bits32 = std::uint32_t __attribute__((vector_size(32)));
    Bits16 h;
    std::memcpy(&h, p, sizeof h);
    const Bits32 w = __builtin_convertvector(h, Bits32) << 16;
    Float8Lanes v;
    std::memcpy(&v, &w, sizeof v);
    return v;
}
inline Float8Lanes load8(const F16Bits* p) {
    Float8Lanes v;
#if defined(__F16C__)
    // The compiler's own F16C builtin (vcvtph2ps): the intrinsics' header trips GCC 12's
    // uninitialised-variable warnings (bug 105593) in every file that includes this one.
    using Halves = short __attribute__((vector_size(16)));
    Halves h;
    std::memcpy(&h, p, sizeof h);
    v = __builtin_ia32_vcvtph2ps256(h);
#else
    for (int i = 0; i < 8; ++i) v[i] = widen(p[i]);
#endif
    return v;
}
template <typename E>
Float16Lanes load16(const E* p) {
    if constexpr (std::is_same_v<E, float>) {
        Float16Lanes v;
        std::memcpy(&v, p, sizeof v);
        return v;
    } else {
        const Float8Lanes low = load8(p), high = load8(p + 8);
        Float16Lanes v;
        std::memcpy(&v, &low, sizeof low);
        std::memcpy(reinterpret_cast<char*>(&v) + sizeof low, &high, sizeof high);
        return v;
    }
}

// Attention for up to kQueryBlock queries of one head at once, against keys and values stored
// one after another (key j at keys + j * headDim), as the cache holds them. Query i sees the
// first counts[i] keys. Each key and value is loaded once per block rather than once per query,
// which is what prefill's attention is bound by; inside each query everything happens in the
// order of the one-query code, so the results are the same bits.
constexpr int kQueryBlock = 4;

namespace detail {

inline float reduceLikeDot(const Float8Lanes& a) {
    return ((a[0] + a[4]) + (a[1] + a[5])) + ((a[2] + a[6]) + (a[3] + a[7]));
}

template <int Q, typename E>
void scaledScores64(const float* const* q, const int* counts, const E* keys, float scale, float* const* scores) {
    const int common = *std::min_element(counts, counts + Q);
    int j = 0;
    for (; j + 4 <= common; j += 4) {
        Float8Lanes acc[Q][4] = {};
        const E* block = keys + static_cast<std::size_t>(j) * 64;
        for (int m = 0; m < 8; ++m) {
            Float8Lanes key[4];
            for (int k = 0; k < 4; ++k) key[k] = load8(block + k * 64 + 8 * m);
            for (int i = 0; i < Q; ++i) {
                const Float8Lanes query = load8(q[i] + 8 * m);
                for (int k = 0; k < 4; ++k) acc[i][k] += query * key[k];
            }
        }
        for (int i = 0; i < Q; ++i) {
            for (int k = 0; k < 4; ++k) scores[i][j + k] = reduceLikeDot(acc[i][k]) * scale;
        }
    }
    for (int i = 0; i < Q; ++i) {
        for (int r = j; r < counts[i]; ++r) scores[i][r] = dotWidened(q[i], keys + static_cast<std::size_t>(r) * 64, 64) * scale;
    }
}

template <int Q, typename E>
void weightedValues64(const float* const* probs, const int* counts, const E* values, float* const* out) {
    const int common = *std::min_element(counts, counts + Q);
    Float16Lanes sum[Q][4] = {};
    for (int j = 0; j < common; ++j) {
        const E* v = values + static_cast<std::size_t>(j) * 64;
        for (int lane = 0; lane < 4; ++lane) {
            const Float16Lanes value = load16(v + 16 * lane);
            for (int i = 0; i < Q; ++i) sum[i][lane] += probs[i][j] * value;
        }
    }
    for (int i = 0; i < Q; ++i) {
        for (int j = common; j < counts[i]; ++j) {
            const E* v = values + static_cast<std::size_t>(j) * 64;
            for (int lane = 0; lane < 4; ++lane) sum[i][lane] += probs[i][j] * load16(v + 16 * lane);
        }
        std::memcpy(out[i], sum[i], sizeof sum[i]);
    }
}

}  // namespace detail

// scores[i][j] = q[i] . key(j) * scale for j < counts[i]: scaledScores' numbers over the widened
// keys, bit for bit.
template <typename E>
void scaledScoresOfRows(int queries, const float* const* q, const int* counts, const E* keys, int headDim, float scale,
                        float* const* scores) {
    if (headDim == 64) {
        switch (queries) {
        case 1: return detail::scaledScores64<1>(q, counts, keys, scale, scores);
        case 2: return detail::scaledScores64<2>(q, counts, keys, scale, scores);
        case 3: return detail::scaledScores64<3>(q, counts, keys, scale, scores);
        case 4: return detail::scaledScores64<4>(q, counts, keys, scale, scores);
        default: break;
        }
    }
    for (int i = 0; i < queries; ++i) {
        for (int j = 0; j < counts[i]; ++j) scores[i][j] = dotWidened(q[i], keys + static_cast<std::size_t>(j) * headDim, headDim) * scale;
    }
}

// out[i] = sum over j < counts[i] of probs[i][j] * value j, summed in increasing j (one fused
// multiply-add per element and step where the compiler makes them, as for the plain loop).
template <typename E>
void weightedValues(int queries, const float* const* probs, const int* counts, const E* values, int headDim, float* const* out) {
    if (headDim == 64) {
        switch (queries) {
        case 1: return detail::weightedValues64<1>(probs, counts, values, out);
        case 2: return detail::weightedValues64<2>(probs, counts, values, out);
        case 3: return detail::weightedValues64<3>(probs, counts, values, out);
        case 4: return detail::weightedValues64<4>(probs, counts, values, out);
        default: break;
        }
    }
    for (int i = 0; i < queries; ++i) {
        std::fill(out[i], out[i] + headDim, 0.0f);
        for (int j = 0; j < counts[i]; ++j) {
            const float p = probs[i][j];
            const E* v = values + static_cast<std::size_t>(j) * headDim;
            for (int d = 0; d < headDim; ++d) out[i][d] += p * widen(v[d]);
        }
    }
}

}  // namespace attnscope::math
