#include "model/HeadScores.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>

#include "model/Errors.h"

namespace attnscope::scores {
namespace {

// Mean of f(i) over query rows 1..T-1; NaN for a one-token text.
template <typename F>
double meanOverQueries(const Eigen::MatrixXf& a, F f) {
    const Eigen::Index T = a.rows();
    if (T < 2) return std::numeric_limits<double>::quiet_NaN();
    double sum = 0;
    for (Eigen::Index i = 1; i < T; ++i) sum += f(i);
    return sum / static_cast<double>(T - 1);
}

}  // namespace

double entropy(const Eigen::MatrixXf& a) {
    return meanOverQueries(a, [&](Eigen::Index i) {
        double h = 0;
        for (Eigen::Index j = 0; j <= i; ++j) {
            const double p = a(i, j);
            if (p > 0) h -= p * std::log(p);
        }
        return h;
    });
}

double previousToken(const Eigen::MatrixXf& a) {
    return meanOverQueries(a, [&](Eigen::Index i) { return static_cast<double>(a(i, i - 1)); });
}

double firstToken(const Eigen::MatrixXf& a) {
    return meanOverQueries(a, [&](Eigen::Index i) { return static_cast<double>(a(i, 0)); });
}

double self(const Eigen::MatrixXf& a) {
    return meanOverQueries(a, [&](Eigen::Index i) { return static_cast<double>(a(i, i)); });
}

double duplicateToken(const Eigen::MatrixXf& a, std::span<const std::int32_t> tokens) {
    double sum = 0;
    int count = 0;
    for (Eigen::Index i = 1; i < a.rows(); ++i) {
        double weight = 0;
        bool repeated = false;
        for (Eigen::Index j = 0; j < i; ++j) {
            if (tokens[j] == tokens[i]) {
                weight += a(i, j);
                repeated = true;
            }
        }
        if (repeated) {
            sum += weight;
            ++count;
        }
    }
    return count ? sum / count : std::numeric_limits<double>::quiet_NaN();
}

double induction(const Eigen::MatrixXf& a, int start, int period) {
    if (period < 2 || start < 0 || start + 2 * period > a.rows()) {
        throw UsageError("induction score: the text does not hold two copies of the repeated span");
    }
    double sum = 0;
    // The second copy's token at start + period + k first occurred at start + k; the token after
    // that occurrence is at start + k + 1. The last token of the copy has no "next" in the first.
    for (int k = 0; k + 1 < period; ++k) sum += a(start + period + k, start + k + 1);
    return sum / (period - 1);
}

std::vector<std::int32_t> repeatedRandomTokens(int period, std::int32_t low, std::int32_t high, std::uint64_t seed,
                                               std::optional<std::int32_t> first) {
    if (period < 2 || high - low < period) throw UsageError("repeatedRandomTokens: the id range is smaller than the period");
    std::vector<std::int32_t> pool(static_cast<std::size_t>(high - low));
    std::iota(pool.begin(), pool.end(), low);
    std::mt19937_64 rng(seed);
    // A partial Fisher-Yates shuffle with our own index draw, so the text is the same everywhere.
    for (int i = 0; i < period; ++i) {
        const auto j = i + static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(pool.size() - i));
        std::swap(pool[i], pool[j]);
    }
    std::vector<std::int32_t> tokens;
    if (first) tokens.push_back(*first);
    for (int copy = 0; copy < 2; ++copy) tokens.insert(tokens.end(), pool.begin(), pool.begin() + period);
    return tokens;
}

HeadScoreTable scoreHeads(const StepRecord& record) {
    if (!record.recorded()) throw UsageError("head scores need a step recorded with recording on");
    HeadScoreTable t;
    t.nLayer = record.shape->nLayer;
    t.nHead = record.shape->nHead;
    for (int layer = 0; layer < t.nLayer; ++layer) {
        for (int head = 0; head < t.nHead; ++head) {
            const Eigen::MatrixXf a = record.attentionMatrix(layer, head);
            t.entropy.push_back(entropy(a));
            t.previousToken.push_back(previousToken(a));
            t.firstToken.push_back(firstToken(a));
            t.self.push_back(self(a));
            t.duplicateToken.push_back(duplicateToken(a, record.tokens));
        }
    }
    return t;
}

}  // namespace attnscope::scores
