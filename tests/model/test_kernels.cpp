// The decode kernels: 16-bit weights computed as stored give bit for bit what their F32 widening
// gives, every instruction set gives bit for bit what the portable code gives, and the numbers
// are the products they should be.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <random>
#include <vector>

#include <Eigen/Core>

#include <omp.h>

#include "model/AttentionMath.h"
#include "model/Forward.h"
#include "model/Kernels.h"

using namespace attnscope;
using kernels::Isa;

namespace {

struct Stored {
    std::vector<std::uint16_t> f16, bf16;
    std::vector<float> f16Wide, bf16Wide, f32;
};

Stored randomMatrix(std::size_t n, unsigned seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> normal(0.0f, 0.05f);
    Stored s;
    for (std::size_t i = 0; i < n; ++i) {
        const float v = normal(rng) * (i % 97 == 0 ? 40.0f : 1.0f);  // a few large weights
        s.f32.push_back(v);
        const Eigen::half h(v);
        s.f16.push_back(Eigen::numext::bit_cast<std::uint16_t>(h));
        s.f16Wide.push_back(static_cast<float>(h));
        std::uint32_t bits;
        std::memcpy(&bits, &v, 4);
        s.bf16.push_back(static_cast<std::uint16_t>(bits >> 16));
        const std::uint32_t wide = bits & 0xffff0000u;
        float w;
        std::memcpy(&w, &wide, 4);
        s.bf16Wide.push_back(w);
    }
    return s;
}

bool sameBits(const std::vector<float>& a, const std::vector<float>& b) {
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

std::vector<Isa> isasHere() {
    std::vector<Isa> out;
    for (Isa isa : {Isa::Portable, Isa::Avx2, Isa::Avx512}) {
        if (kernels::supported(isa)) out.push_back(isa);
    }
    return out;
}

}  // namespace

TEST_CASE("matvecRows and dotColumns: 16-bit as stored equals its F32 widening, on every instruction set", "[kernels]") {
    // Odd sizes, so that every tail (rows not a multiple of 16, columns not of 4) is taken.
    const auto [rows, cols] = GENERATE(std::pair{64, 48}, std::pair{77, 33}, std::pair{300, 129}, std::pair{5, 3});
    const Stored m = randomMatrix(static_cast<std::size_t>(rows) * cols, 7u + static_cast<unsigned>(rows));
    std::vector<float> xRows(static_cast<std::size_t>(cols)), xCols(static_cast<std::size_t>(rows));
    std::mt19937 rng(11);
    std::normal_distribution<float> normal(0.0f, 1.0f);
    for (float& v : xRows) v = normal(rng);
    for (float& v : xCols) v = normal(rng);
    INFO(rows << " x " << cols);

    for (Isa isa : isasHere()) {
        INFO(kernels::isaName(isa));
        std::vector<float> asStored(rows), widened(rows), portable(rows);
        kernels::matvecRows(m.f16.data(), WeightStorage::F16, rows, cols, xRows.data(), asStored.data(), 0, rows, isa);
        kernels::matvecRows(m.f16Wide.data(), WeightStorage::F32, rows, cols, xRows.data(), widened.data(), 0, rows, isa);
        kernels::matvecRows(m.f16.data(), WeightStorage::F16, rows, cols, xRows.data(), portable.data(), 0, rows, Isa::Portable);
        CHECK(sameBits(asStored, widened));
        CHECK(sameBits(asStored, portable));
        kernels::matvecRows(m.bf16.data(), WeightStorage::BF16, rows, cols, xRows.data(), asStored.data(), 0, rows, isa);
        kernels::matvecRows(m.bf16Wide.data(), WeightStorage::F32, rows, cols, xRows.data(), widened.data(), 0, rows, isa);
        CHECK(sameBits(asStored, widened));

        std::vector<float> dots(cols), dotsWide(cols), dotsPortable(cols);
        kernels::dotColumns(m.f16.data(), WeightStorage::F16, rows, cols, xCols.data(), dots.data(), 0, cols, isa);
        kernels::dotColumns(m.f16Wide.data(), WeightStorage::F32, rows, cols, xCols.data(), dotsWide.data(), 0, cols, isa);
        kernels::dotColumns(m.f16.data(), WeightStorage::F16, rows, cols, xCols.data(), dotsPortable.data(), 0, cols, Isa::Portable);
        CHECK(sameBits(dots, dotsWide));
        CHECK(sameBits(dots, dotsPortable));
        kernels::dotColumns(m.bf16.data(), WeightStorage::BF16, rows, cols, xCols.data(), dots.data(), 0, cols, isa);
        kernels::dotColumns(m.bf16Wide.data(), WeightStorage::F32, rows, cols, xCols.data(), dotsWide.data(), 0, cols, isa);
        CHECK(sameBits(dots, dotsWide));
    }
}

TEST_CASE("the kernels compute W x and W^T x, and a share of the rows is that share of the whole", "[kernels]") {
    const int rows = 131, cols = 70;
    const Stored m = randomMatrix(static_cast<std::size_t>(rows) * cols, 3);
    std::vector<float> x(cols), xt(rows);
    for (int i = 0; i < cols; ++i) x[i] = std::sin(0.3f * i);
    for (int i = 0; i < rows; ++i) xt[i] = std::cos(0.2f * i);
    std::vector<float> y(rows), yt(cols);
    kernels::matvecRows(m.f32.data(), WeightStorage::F32, rows, cols, x.data(), y.data(), 0, rows);
    kernels::dotColumns(m.f32.data(), WeightStorage::F32, rows, cols, xt.data(), yt.data(), 0, cols);
    for (int r = 0; r < rows; ++r) {
        double want = 0;
        for (int c = 0; c < cols; ++c) want += double(m.f32[static_cast<std::size_t>(c) * rows + r]) * x[c];
        CHECK(y[r] == Approx(want).margin(1e-5));
    }
    for (int c = 0; c < cols; ++c) {
        double want = 0;
        for (int r = 0; r < rows; ++r) want += double(m.f32[static_cast<std::size_t>(c) * rows + r]) * xt[r];
        CHECK(yt[c] == Approx(want).margin(1e-5));
    }
    // Two threads' shares, split anywhere, are the same numbers as one call over everything.
    std::vector<float> parts(rows, -1.0f), partsT(cols, -1.0f);
    kernels::matvecRows(m.f32.data(), WeightStorage::F32, rows, cols, x.data(), parts.data(), 0, 53);
    kernels::matvecRows(m.f32.data(), WeightStorage::F32, rows, cols, x.data(), parts.data(), 53, rows);
    kernels::dotColumns(m.f32.data(), WeightStorage::F32, rows, cols, xt.data(), partsT.data(), 0, 29);
    kernels::dotColumns(m.f32.data(), WeightStorage::F32, rows, cols, xt.data(), partsT.data(), 29, cols);
    CHECK(sameBits(parts, y));
    CHECK(sameBits(partsT, yt));

    std::vector<float> wide(5);
    kernels::widen(m.f16.data(), WeightStorage::F16, 10, 5, wide.data());
    CHECK(std::vector<float>(m.f16Wide.begin() + 10, m.f16Wide.begin() + 15) == wide);
    kernels::widen(m.bf16.data(), WeightStorage::BF16, 0, 5, wide.data());
    CHECK(std::vector<float>(m.bf16Wide.begin(), m.bf16Wide.begin() + 5) == wide);
}

TEST_CASE("a 16-bit matrix times many positions (prefill) widens block by block on every thread", "[kernels][dtype]") {
    // Large enough that the widening of a block runs on several threads and that the matrix
    // takes several blocks: the path a GPT-2-sized F16 checkpoint's prefill takes.
    const int rows = 768, cols = 3000, positions = 3;
    const Stored m = randomMatrix(static_cast<std::size_t>(rows) * cols, 11);
    const int threadsBefore = omp_get_max_threads();
    omp_set_num_threads(2);
    const Eigen::Map<const Eigen::MatrixXf> wide(m.f16Wide.data(), rows, cols);
    Eigen::MatrixXf x(cols, positions), xt(rows, positions);
    for (int p = 0; p < positions; ++p) {
        for (int c = 0; c < cols; ++c) x(c, p) = std::sin(0.01f * c + p);
        for (int r = 0; r < rows; ++r) xt(r, p) = std::cos(0.02f * r - p);
    }
    const std::vector<float> zeros(rows, 0.0f);
    const MatrixRef stored{m.f16.data(), WeightStorage::F16, rows, cols};
    Eigen::MatrixXf y, logits;
    linear(stored, VectorRef{zeros.data(), rows}, x, y);
    outputHead(stored, xt, logits);
    omp_set_num_threads(threadsBefore);

    const Eigen::MatrixXf wantY = wide * x, wantLogits = wide.transpose() * xt;
    REQUIRE(y.rows() == rows);
    REQUIRE(logits.rows() == cols);
    CHECK((y - wantY).cwiseAbs().maxCoeff() <= 1e-3f * (1.0f + wantY.cwiseAbs().maxCoeff()));
    CHECK((logits - wantLogits).cwiseAbs().maxCoeff() <= 1e-3f * (1.0f + wantLogits.cwiseAbs().maxCoeff()));
}

// The attention kernels: several queries at once give each query's row exactly as the one-query
// functions that the step records recompute rows with (scaledScores, maskedSoftmax and a plain
// weighted sum in increasing key order), for GPT-2's head width and another one.
TEST_CASE("blocked attention scores and weighted sums equal the one-query arithmetic bit for bit", "[kernels][attention]") {
    std::mt19937 rng(7);
    std::normal_distribution<float> normal(0.0f, 1.0f);
    for (int headDim : {64, 24}) {
        const int keys = 203;
        std::vector<float> k(static_cast<std::size_t>(keys) * headDim), v(k.size()), q(static_cast<std::size_t>(4) * headDim);
        for (float& x : k) x = normal(rng);
        for (float& x : v) x = normal(rng);
        for (float& x : q) x = normal(rng);
        for (int queries = 1; queries <= math::kQueryBlock; ++queries) {
            INFO("head width " << headDim << ", " << queries << " queries");
            const float* qs[4];
            int counts[4];
            std::vector<float> scores(4 * keys), probs(4 * keys), out(4 * headDim);
            float* scoreRows[4];
            float* probRows[4];
            float* outRows[4];
            for (int i = 0; i < queries; ++i) {
                qs[i] = q.data() + i * headDim;
                counts[i] = keys - 3 * (queries - 1 - i) - (i == 0 ? 2 : 0);  // unequal, not multiples of 4
                scoreRows[i] = scores.data() + i * keys;
                probRows[i] = probs.data() + i * keys;
                outRows[i] = out.data() + i * headDim;
            }
            math::scaledScoresOfRows(queries, qs, counts, k.data(), headDim, 0.125f, scoreRows);
            for (int i = 0; i < queries; ++i) math::maskedSoftmax(scoreRows[i], counts[i], counts[i], probRows[i]);
            math::weightedValues(queries, probRows, counts, v.data(), headDim, outRows);

            for (int i = 0; i < queries; ++i) {
                std::vector<float> expectScores(counts[i]), expectProbs(counts[i]), expectOut(headDim, 0.0f);
                math::scaledScores(
                    qs[i], [&](int j) { return k.data() + static_cast<std::size_t>(j) * headDim; }, counts[i], headDim, 0.125f,
                    expectScores.data());
                math::maskedSoftmax(expectScores.data(), counts[i], counts[i], expectProbs.data());
                for (int j = 0; j < counts[i]; ++j) {
                    for (int d = 0; d < headDim; ++d) expectOut[d] += expectProbs[j] * v[static_cast<std::size_t>(j) * headDim + d];
                }
                CHECK(std::memcmp(scoreRows[i], expectScores.data(), sizeof(float) * counts[i]) == 0);
                CHECK(std::memcmp(outRows[i], expectOut.data(), sizeof(float) * headDim) == 0);
                // and they are the numbers: q . k_0 * scale from a double-precision sum
                double exact = 0;
                for (int d = 0; d < headDim; ++d) exact += static_cast<double>(qs[i][d]) * k[d];
                CHECK(scoreRows[i][0] == Approx(exact * 0.125).margin(1e-5));
            }
        }
    }
}

// Over a 16-bit KV cache the kernels widen each key and value exactly in registers: the same
// bits as the float kernels over the widened values.
TEST_CASE("blocked attention over F16 and BF16 keys and values equals it over their widened floats", "[kernels][attention][dtype]") {
    std::mt19937 rng(11);
    std::normal_distribution<float> normal(0.0f, 1.0f);
    const int keys = 150;
    for (int headDim : {64, 24}) {
        std::vector<math::F16Bits> k16(static_cast<std::size_t>(keys) * headDim), v16(k16.size());
        std::vector<math::BF16Bits> kb(k16.size()), vb(k16.size());
        std::vector<float> k16w(k16.size()), v16w(k16.size()), kbw(k16.size()), vbw(k16.size()), q(4 * headDim);
        for (std::size_t i = 0; i < k16.size(); ++i) {
            k16[i].bits = Eigen::numext::bit_cast<std::uint16_t>(Eigen::half(normal(rng)));
            v16[i].bits = Eigen::numext::bit_cast<std::uint16_t>(Eigen::half(normal(rng)));
            kb[i].bits = Eigen::numext::bit_cast<std::uint16_t>(Eigen::bfloat16(normal(rng)));
            vb[i].bits = Eigen::numext::bit_cast<std::uint16_t>(Eigen::bfloat16(normal(rng)));
            k16w[i] = static_cast<float>(Eigen::numext::bit_cast<Eigen::half>(k16[i].bits));
            v16w[i] = static_cast<float>(Eigen::numext::bit_cast<Eigen::half>(v16[i].bits));
            kbw[i] = static_cast<float>(Eigen::numext::bit_cast<Eigen::bfloat16>(kb[i].bits));
            vbw[i] = static_cast<float>(Eigen::numext::bit_cast<Eigen::bfloat16>(vb[i].bits));
        }
        for (float& x : q) x = normal(rng);
        const int queries = 3;
        const float* qs[4] = {q.data(), q.data() + headDim, q.data() + 2 * headDim, q.data() + 3 * headDim};
        const int counts[4] = {keys - 5, keys - 1, keys, keys};
        auto run = [&](const auto* kk, const auto* vv, std::vector<float>& scores, std::vector<float>& out) {
            scores.assign(4 * keys, 0.0f);
            out.assign(4 * headDim, 0.0f);
            std::vector<float> probs(4 * keys);
            float* s[4] = {scores.data(), scores.data() + keys, scores.data() + 2 * keys, scores.data() + 3 * keys};
            float* p[4] = {probs.data(), probs.data() + keys, probs.data() + 2 * keys, probs.data() + 3 * keys};
            float* o[4] = {out.data(), out.data() + headDim, out.data() + 2 * headDim, out.data() + 3 * headDim};
            math::scaledScoresOfRows(queries, qs, counts, kk, headDim, 0.125f, s);
            for (int i = 0; i < queries; ++i) math::maskedSoftmax(s[i], counts[i], counts[i], p[i]);
            math::weightedValues(queries, p, counts, vv, headDim, o);
        };
        std::vector<float> s16, o16, s16w, o16w, sb, ob, sbw, obw;
        run(k16.data(), v16.data(), s16, o16);
        run(k16w.data(), v16w.data(), s16w, o16w);
        run(kb.data(), vb.data(), sb, ob);
        run(kbw.data(), vbw.data(), sbw, obw);
        INFO("head width " << headDim);
        CHECK(std::memcmp(s16.data(), s16w.data(), s16.size() * sizeof(float)) == 0);
        CHECK(std::memcmp(o16.data(), o16w.data(), o16.size() * sizeof(float)) == 0);
        CHECK(std::memcmp(sb.data(), sbw.data(), sb.size() * sizeof(float)) == 0);
        CHECK(std::memcmp(ob.data(), obw.data(), ob.size() * sizeof(float)) == 0);
        CHECK(o16[0] != 0.0f);
    }
}
