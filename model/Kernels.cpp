#include "model/Kernels.h"

#include <immintrin.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include <Eigen/Core>

namespace attnscope {

std::size_t bytesPerElement(WeightStorage storage) { return storage == WeightStorage::F32 ? 4 : 2; }

const char* storageName(WeightStorage storage) {
    switch (storage) {
        case WeightStorage::F32: return "F32";
        case WeightStorage::F16: return "F16";
        case WeightStorage::BF16: return "BF16";
    }
    return "?";
}

namespace kernels {
namespace {

using S = WeightStorage;

// ---------------------------------------------------------------------------------------------
// One element, exactly, in any storage (the portable path and every tail).

template <S Storage>
inline float element(const std::byte* w, std::size_t i) {
    if constexpr (Storage == S::F32) {
        float v;
        std::memcpy(&v, w + 4 * i, 4);
        return v;
    } else {
        std::uint16_t bits;
        std::memcpy(&bits, w + 2 * i, 2);
        if constexpr (Storage == S::F16) {
            return static_cast<float>(Eigen::numext::bit_cast<Eigen::half>(bits));
        } else {
            const std::uint32_t wide = std::uint32_t(bits) << 16;  // BF16 is the high half of an F32
            float v;
            std::memcpy(&v, &wide, 4);
            return v;
        }
    }
}

// The fixed tree that adds a dot product's 16 partial sums.
inline float addLanes(float lanes[16]) {
    for (int half = 8; half >= 1; half /= 2) {
        for (int l = 0; l < half; ++l) lanes[l] += lanes[l + half];
    }
    return lanes[0];
}

// 16-bit weights: ask for the rows this loop reads 16 columns later, into L2. Without it two
// cores read F16 weights at ~18 GB/s against ~28 for F32 on the development machine (the
// widening keeps fewer loads in flight); with it, ~24. F32 streams are faster without.
constexpr int kPrefetchColumnsAhead = 16;

template <S Storage>
inline void prefetchAhead(const std::byte* w, std::size_t element) {
    if constexpr (Storage != S::F32) _mm_prefetch(reinterpret_cast<const char*>(w + 2 * element), _MM_HINT_T1);
}

// Elements [from, rows) of one dot product, into their lanes, then the tree.
template <S Storage>
inline float finishDot(float lanes[16], const std::byte* w, std::size_t column, int from, int rows, const float* x) {
    for (int i = from; i < rows; ++i) lanes[i % 16] = std::fma(element<Storage>(w, column + static_cast<std::size_t>(i)), x[i], lanes[i % 16]);
    return addLanes(lanes);
}

// Rows [from, end) of y = W x, each its own chain over every column.
template <S Storage>
inline void finishRows(const std::byte* w, int rows, int cols, const float* x, float* y, int from, int end) {
    for (int r = from; r < end; ++r) {
        float acc = 0.0f;
        for (int c = 0; c < cols; ++c) acc = std::fma(element<Storage>(w, static_cast<std::size_t>(c) * rows + r), x[c], acc);
        y[r] = acc;
    }
}

// ---------------------------------------------------------------------------------------------
// Portable

template <S Storage>
void matvecPortable(const std::byte* w, int rows, int cols, const float* x, float* y, int begin, int end) {
    std::fill(y + begin, y + end, 0.0f);
    for (int c = 0; c < cols; ++c) {
        const std::size_t column = static_cast<std::size_t>(c) * rows;
        for (int r = begin; r < end; ++r) y[r] = std::fma(element<Storage>(w, column + r), x[c], y[r]);
    }
}

template <S Storage>
void dotPortable(const std::byte* w, int rows, const float* x, float* y, int begin, int end) {
    for (int j = begin; j < end; ++j) {
        float lanes[16] = {};
        y[j] = finishDot<Storage>(lanes, w, static_cast<std::size_t>(j) * rows, 0, rows, x);
    }
}

// ---------------------------------------------------------------------------------------------
// AVX2 + FMA + F16C: 8 floats a register; a dot product's 16 lanes are two registers.

#define ATTNSCOPE_AVX2 __attribute__((target("avx2,fma,f16c")))

template <S Storage>
ATTNSCOPE_AVX2 inline __m256 load8(const std::byte* w, std::size_t i) {
    if constexpr (Storage == S::F32) {
        return _mm256_loadu_ps(reinterpret_cast<const float*>(w + 4 * i));
    } else {
        const __m128i bits = _mm_loadu_si128(reinterpret_cast<const __m128i*>(w + 2 * i));
        if constexpr (Storage == S::F16) return _mm256_cvtph_ps(bits);
        return _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_cvtepu16_epi32(bits), 16));
    }
}

template <S Storage>
ATTNSCOPE_AVX2 void matvecAvx2(const std::byte* w, int rows, int cols, const float* x, float* y, int begin, int end) {
    const int vectorEnd = begin + (end - begin) / 8 * 8;
    std::fill(y + begin, y + vectorEnd, 0.0f);
    int c = 0;
    for (; c + 4 <= cols; c += 4) {
        const std::size_t col = static_cast<std::size_t>(c) * rows;
        const __m256 x0 = _mm256_set1_ps(x[c]), x1 = _mm256_set1_ps(x[c + 1]);
        const __m256 x2 = _mm256_set1_ps(x[c + 2]), x3 = _mm256_set1_ps(x[c + 3]);
        const std::size_t ahead = col + static_cast<std::size_t>(kPrefetchColumnsAhead) * rows;
        for (int r = begin; r < vectorEnd; r += 8) {
            for (int k = 0; k < 4; ++k) prefetchAhead<Storage>(w, ahead + static_cast<std::size_t>(k) * rows + r);
            __m256 acc = _mm256_loadu_ps(y + r);
            acc = _mm256_fmadd_ps(load8<Storage>(w, col + r), x0, acc);
            acc = _mm256_fmadd_ps(load8<Storage>(w, col + rows + r), x1, acc);
            acc = _mm256_fmadd_ps(load8<Storage>(w, col + 2 * rows + r), x2, acc);
            acc = _mm256_fmadd_ps(load8<Storage>(w, col + 3 * rows + r), x3, acc);
            _mm256_storeu_ps(y + r, acc);
        }
    }
    for (; c < cols; ++c) {
        const std::size_t col = static_cast<std::size_t>(c) * rows;
        const __m256 xc = _mm256_set1_ps(x[c]);
        for (int r = begin; r < vectorEnd; r += 8) {
            _mm256_storeu_ps(y + r, _mm256_fmadd_ps(load8<Storage>(w, col + r), xc, _mm256_loadu_ps(y + r)));
        }
    }
    finishRows<Storage>(w, rows, cols, x, y, vectorEnd, end);
}

template <S Storage>
ATTNSCOPE_AVX2 void dotAvx2(const std::byte* w, int rows, const float* x, float* y, int begin, int end) {
    const int vectorRows = rows / 16 * 16;
    for (int j = begin; j < end; ++j) {
        const std::size_t col = static_cast<std::size_t>(j) * rows;
        __m256 low = _mm256_setzero_ps(), high = _mm256_setzero_ps();  // lanes 0-7 and 8-15
        for (int i = 0; i < vectorRows; i += 16) {
            low = _mm256_fmadd_ps(load8<Storage>(w, col + i), _mm256_loadu_ps(x + i), low);
            high = _mm256_fmadd_ps(load8<Storage>(w, col + i + 8), _mm256_loadu_ps(x + i + 8), high);
        }
        float lanes[16];
        _mm256_storeu_ps(lanes, low);
        _mm256_storeu_ps(lanes + 8, high);
        y[j] = finishDot<Storage>(lanes, w, col, vectorRows, rows, x);
    }
}

// ---------------------------------------------------------------------------------------------
// AVX-512: 16 floats a register; a dot product's 16 lanes are one register.

#define ATTNSCOPE_AVX512 __attribute__((target("avx512f,avx512bw,avx512vl,avx2,fma,f16c")))

template <S Storage>
ATTNSCOPE_AVX512 inline __m512 load16(const std::byte* w, std::size_t i) {
    if constexpr (Storage == S::F32) {
        return _mm512_loadu_ps(reinterpret_cast<const float*>(w + 4 * i));
    } else {
        const __m256i bits = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(w + 2 * i));
        if constexpr (Storage == S::F16) return _mm512_cvtph_ps(bits);
        return _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32(bits), 16));
    }
}

template <S Storage>
ATTNSCOPE_AVX512 void matvecAvx512(const std::byte* w, int rows, int cols, const float* x, float* y, int begin, int end) {
    const int vectorEnd = begin + (end - begin) / 16 * 16;
    std::fill(y + begin, y + vectorEnd, 0.0f);
    int c = 0;
    for (; c + 4 <= cols; c += 4) {
        const std::size_t col = static_cast<std::size_t>(c) * rows;
        const __m512 x0 = _mm512_set1_ps(x[c]), x1 = _mm512_set1_ps(x[c + 1]);
        const __m512 x2 = _mm512_set1_ps(x[c + 2]), x3 = _mm512_set1_ps(x[c + 3]);
        const std::size_t ahead = col + static_cast<std::size_t>(kPrefetchColumnsAhead) * rows;
        for (int r = begin; r < vectorEnd; r += 16) {
            for (int k = 0; k < 4; ++k) prefetchAhead<Storage>(w, ahead + static_cast<std::size_t>(k) * rows + r);
            __m512 acc = _mm512_loadu_ps(y + r);
            acc = _mm512_fmadd_ps(load16<Storage>(w, col + r), x0, acc);
            acc = _mm512_fmadd_ps(load16<Storage>(w, col + rows + r), x1, acc);
            acc = _mm512_fmadd_ps(load16<Storage>(w, col + 2 * rows + r), x2, acc);
            acc = _mm512_fmadd_ps(load16<Storage>(w, col + 3 * rows + r), x3, acc);
            _mm512_storeu_ps(y + r, acc);
        }
    }
    for (; c < cols; ++c) {
        const std::size_t col = static_cast<std::size_t>(c) * rows;
        const __m512 xc = _mm512_set1_ps(x[c]);
        for (int r = begin; r < vectorEnd; r += 16) {
            _mm512_storeu_ps(y + r, _mm512_fmadd_ps(load16<Storage>(w, col + r), xc, _mm512_loadu_ps(y + r)));
        }
    }
    finishRows<Storage>(w, rows, cols, x, y, vectorEnd, end);
}

template <S Storage>
ATTNSCOPE_AVX512 void dotAvx512(const std::byte* w, int rows, const float* x, float* y, int begin, int end) {
    const int vectorRows = rows / 16 * 16;
    int j = begin;
    // Four columns at a time share each load of x.
    for (; j + 4 <= end; j += 4) {
        const std::size_t c0 = static_cast<std::size_t>(j) * rows;
        __m512 a0 = _mm512_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;
        const std::size_t ahead = c0 + static_cast<std::size_t>(kPrefetchColumnsAhead) * rows;
        for (int i = 0; i < vectorRows; i += 16) {
            for (int k = 0; k < 4; ++k) prefetchAhead<Storage>(w, ahead + static_cast<std::size_t>(k) * rows + i);
            const __m512 xv = _mm512_loadu_ps(x + i);
            a0 = _mm512_fmadd_ps(load16<Storage>(w, c0 + i), xv, a0);
            a1 = _mm512_fmadd_ps(load16<Storage>(w, c0 + rows + i), xv, a1);
            a2 = _mm512_fmadd_ps(load16<Storage>(w, c0 + 2 * rows + i), xv, a2);
            a3 = _mm512_fmadd_ps(load16<Storage>(w, c0 + 3 * rows + i), xv, a3);
        }
        const __m512 acc[4] = {a0, a1, a2, a3};
        for (int k = 0; k < 4; ++k) {
            float lanes[16];
            _mm512_storeu_ps(lanes, acc[k]);
            y[j + k] = finishDot<Storage>(lanes, w, c0 + static_cast<std::size_t>(k) * rows, vectorRows, rows, x);
        }
    }
    for (; j < end; ++j) {
        const std::size_t col = static_cast<std::size_t>(j) * rows;
        __m512 acc = _mm512_setzero_ps();
        for (int i = 0; i < vectorRows; i += 16) acc = _mm512_fmadd_ps(load16<Storage>(w, col + i), _mm512_loadu_ps(x + i), acc);
        float lanes[16];
        _mm512_storeu_ps(lanes, acc);
        y[j] = finishDot<Storage>(lanes, w, col, vectorRows, rows, x);
    }
}

// ---------------------------------------------------------------------------------------------
// Dispatch

Isa detectIsa() {
    __builtin_cpu_init();
    Isa best = Isa::Portable;
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("f16c")) best = Isa::Avx2;
    if (best == Isa::Avx2 && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
        __builtin_cpu_supports("avx512vl")) {
        best = Isa::Avx512;
    }
    return best;
}

Isa cappedByEnvironment(Isa best) {
    const char* cap = std::getenv("ATTNSCOPE_ISA");
    if (!cap) return best;
    const std::string_view want(cap);
    if (want == "portable") return Isa::Portable;
    if (want == "avx2") return std::min(best, Isa::Avx2);
    return best;
}

template <template <S> class Op, class... Args>
void byStorage(S storage, Args&&... args) {
    switch (storage) {
        case S::F32: Op<S::F32>::run(args...); break;
        case S::F16: Op<S::F16>::run(args...); break;
        case S::BF16: Op<S::BF16>::run(args...); break;
    }
}

template <S Storage>
struct Matvec {
    static void run(Isa isa, const std::byte* w, int rows, int cols, const float* x, float* y, int begin, int end) {
        if (isa == Isa::Avx512) matvecAvx512<Storage>(w, rows, cols, x, y, begin, end);
        else if (isa == Isa::Avx2) matvecAvx2<Storage>(w, rows, cols, x, y, begin, end);
        else matvecPortable<Storage>(w, rows, cols, x, y, begin, end);
    }
};

template <S Storage>
struct Dot {
    static void run(Isa isa, const std::byte* w, int rows, const float* x, float* y, int begin, int end) {
        if (isa == Isa::Avx512) dotAvx512<Storage>(w, rows, x, y, begin, end);
        else if (isa == Isa::Avx2) dotAvx2<Storage>(w, rows, x, y, begin, end);
        else dotPortable<Storage>(w, rows, x, y, begin, end);
    }
};

template <S Storage>
struct Widen {
    static void run(const std::byte* w, std::size_t first, std::size_t count, float* out) {
        if constexpr (Storage == S::F32) {
            std::memcpy(out, w + 4 * first, 4 * count);
        } else {
            for (std::size_t k = 0; k < count; ++k) out[k] = element<Storage>(w, first + k);
        }
    }
};

Isa detectedIsa() {
    static const Isa isa = detectIsa();
    return isa;
}

}  // namespace

bool supported(Isa isa) { return isa <= detectedIsa(); }

Isa bestIsa() {
    static const Isa isa = cappedByEnvironment(detectedIsa());
    return isa;
}

const char* isaName(Isa isa) {
    switch (isa) {
        case Isa::Portable: return "portable";
        case Isa::Avx2: return "AVX2+FMA+F16C";
        case Isa::Avx512: return "AVX-512";
    }
    return "?";
}

void matvecRows(const void* w, WeightStorage storage, int rows, int cols, const float* x, float* y, int begin, int end, Isa isa) {
    if (!supported(isa)) isa = bestIsa();
    byStorage<Matvec>(storage, isa, static_cast<const std::byte*>(w), rows, cols, x, y, begin, end);
}

void dotColumns(const void* w, WeightStorage storage, int rows, int /*cols*/, const float* x, float* y, int begin, int end, Isa isa) {
    if (!supported(isa)) isa = bestIsa();
    byStorage<Dot>(storage, isa, static_cast<const std::byte*>(w), rows, x, y, begin, end);
}

void widen(const void* w, WeightStorage storage, std::size_t first, std::size_t count, float* out) {
    byStorage<Widen>(storage, static_cast<const std::byte*>(w), first, count, out);
}

}  // namespace kernels

}  // namespace attnscope
