#pragma once
// The two products that decode spends its time in, on weights kept as the file stores them
// (F32, F16 or BF16): 16-bit weights are widened to float in registers, exactly, and never
// copied to a float matrix, so decode reads half the bytes and the model takes the file's size.
//
// Both kernels fix their order of summation, whatever the instruction set (AVX-512, AVX2 with
// F16C, or portable C++ chosen at run time) and whatever the storage:
//   - matvecRows: each y[r] is one chain of fused multiply-adds over c = 0, 1, ..., cols - 1;
//   - dotColumns: element i of a dot product goes to partial sum i mod 16 (fused multiply-adds
//     in increasing i), and the 16 partial sums are added by a fixed tree.
// So F16 weights computed as stored give bit for bit what an F32 copy of them gives, and the
// vector paths give bit for bit what the portable one gives (tests/model/test_kernels.cpp).

#include <cstddef>
#include <cstdint>

namespace attnscope {

enum class WeightStorage : std::uint8_t { F32, F16, BF16 };

std::size_t bytesPerElement(WeightStorage storage);
const char* storageName(WeightStorage storage);

namespace kernels {

enum class Isa : std::uint8_t { Portable, Avx2, Avx512 };

// The best this CPU runs (asked once; ATTNSCOPE_ISA=portable|avx2|avx512 caps it, for
// measuring and testing).
Isa bestIsa();
bool supported(Isa isa);
const char* isaName(Isa isa);

// y[r] = sum over c of W[r, c] * x[c], for r in [begin, end). W is column-major, rows x cols
// (column c starts at element c * rows), elements of `storage` from `w` (any alignment).
void matvecRows(const void* w, WeightStorage storage, int rows, int cols, const float* x, float* y, int begin, int end,
                Isa isa = bestIsa());

// y[j] = sum over i of W[i, j] * x[i], for j in [begin, end): one dot product per column of the
// same column-major W (the output head, whose columns are token embeddings).
void dotColumns(const void* w, WeightStorage storage, int rows, int cols, const float* x, float* y, int begin, int end,
                Isa isa = bestIsa());

// out[k] = element first + k of `w` as a float (exact), for k < count.
void widen(const void* w, WeightStorage storage, std::size_t first, std::size_t count, float* out);

}  // namespace kernels
}  // namespace attnscope
