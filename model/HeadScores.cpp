#include "model/HeadScores.h"

#include <cstdio>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>

#include "model/Errors.h"

namespace attnscope::scores {
namespace {

// Each score is built from one query row i at a time; `at(j)` is the row's attention on key j
// (0 <= j <= i). The matrix functions below read the row from a matrix, scoreHeads() from
// StepRecord::attentionRow, so that it never holds a T x T matrix: the same sums in the same
// order, so the same numbers to the last bit.
template <typename At>
double rowEntropy(Eigen::Index i, At at) {
    double h = 0;
    for (Eigen::Index j = 0; j <= i; ++j) {
        const double p = at(j);
        if (p > 0) h -= p * std::log(p);
    }
    return h;
}

// The weight on earlier copies of the query's token; false when it has none.
template <typename At>
bool rowDuplicateWeight(Eigen::Index i, At at, std::span<const std::int32_t> tokens, double& weight) {
    weight = 0;
    bool repeated = false;
    for (Eigen::Index j = 0; j < i; ++j) {
        if (tokens[j] == tokens[i]) {
            weight += at(j);
            repeated = true;
        }
    }
    return repeated;
}

// Mean of f(i) over query rows 1..T-1; NaN for a one-token text.
template <typename F>
double meanOverQueries(Eigen::Index T, F f) {
    if (T < 2) return std::numeric_limits<double>::quiet_NaN();
    double sum = 0;
    for (Eigen::Index i = 1; i < T; ++i) sum += f(i);
    return sum / static_cast<double>(T - 1);
}

auto rowOf(const Eigen::MatrixXf& a, Eigen::Index i) {
    return [&a, i](Eigen::Index j) { return a(i, j); };
}

}  // namespace

double entropy(const Eigen::MatrixXf& a) {
    return meanOverQueries(a.rows(), [&](Eigen::Index i) { return rowEntropy(i, rowOf(a, i)); });
}

double previousToken(const Eigen::MatrixXf& a) {
    return meanOverQueries(a.rows(), [&](Eigen::Index i) { return static_cast<double>(a(i, i - 1)); });
}

double firstToken(const Eigen::MatrixXf& a) {
    return meanOverQueries(a.rows(), [&](Eigen::Index i) { return static_cast<double>(a(i, 0)); });
}

double self(const Eigen::MatrixXf& a) {
    return meanOverQueries(a.rows(), [&](Eigen::Index i) { return static_cast<double>(a(i, i)); });
}

double duplicateToken(const Eigen::MatrixXf& a, std::span<const std::int32_t> tokens) {
    double sum = 0;
    int count = 0;
    for (Eigen::Index i = 1; i < a.rows(); ++i) {
        double weight = 0;
        if (rowDuplicateWeight(i, rowOf(a, i), tokens, weight)) {
            sum += weight;
            ++count;
        }
    }
    return count ? sum / count : std::numeric_limits<double>::quiet_NaN();
}

double induction(const Eigen::MatrixXf& a, int start, int period) {
    if (period < 2 || start < 0 || start + 2 * period > a.rows()) {
        throw UsageError(Message(QT_TRANSLATE_NOOP("core", "induction score: the text does not hold two copies of the repeated span")));
    }
    double sum = 0;
    // The second copy's token at start + period + k first occurred at start + k; the token after
    // that occurrence is at start + k + 1. The last token of the copy has no "next" in the first.
    for (int k = 0; k + 1 < period; ++k) sum += a(start + period + k, start + k + 1);
    return sum / (period - 1);
}

std::vector<std::int32_t> repeatedRandomTokens(int period, std::int32_t low, std::int32_t high, std::uint64_t seed,
                                               std::optional<std::int32_t> first) {
    if (period < 2 || high - low < period) {
        throw UsageError(Message(QT_TRANSLATE_NOOP("core", "repeatedRandomTokens: the id range is smaller than the period")));
    }
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
    if (!record.recorded()) throw UsageError(Message(QT_TRANSLATE_NOOP("core", "head scores need a step recorded with recording on")));

    HeadScoreTable t;
    t.nLayer = record.shape->nLayer;
    t.nHead = record.shape->nHead;
    const Eigen::Index T = record.length();
    const double nan = std::numeric_limits<double>::quiet_NaN();
    // Row by row, as the functions above do it on a matrix: a 1024-token text's 144 heads would
    // otherwise each take a 4 MB matrix, made and dropped again, while the window generates.
    for (int layer = 0; layer < t.nLayer; ++layer) {
        for (int head = 0; head < t.nHead; ++head) {
            double entropySum = 0, previousSum = 0, firstSum = 0, selfSum = 0, duplicateSum = 0;
            int duplicateCount = 0;
            for (Eigen::Index i = 1; i < T; ++i) {
                const std::vector<float> row = record.attentionRow(layer, head, static_cast<int>(i));
                const auto at = [&row](Eigen::Index j) { return row[static_cast<std::size_t>(j)]; };
                entropySum += rowEntropy(i, at);
                previousSum += static_cast<double>(at(i - 1));
                firstSum += static_cast<double>(at(0));
                selfSum += static_cast<double>(at(i));
                double weight = 0;
                if (rowDuplicateWeight(i, at, record.tokens, weight)) {
                    duplicateSum += weight;
                    ++duplicateCount;
                }
            }
            const double rows = static_cast<double>(T - 1);
            t.entropy.push_back(T < 2 ? nan : entropySum / rows);
            t.previousToken.push_back(T < 2 ? nan : previousSum / rows);
            t.firstToken.push_back(T < 2 ? nan : firstSum / rows);
            t.self.push_back(T < 2 ? nan : selfSum / rows);
            t.duplicateToken.push_back(duplicateCount ? duplicateSum / duplicateCount : nan);
        }
    }
    return t;
}

std::vector<std::pair<int, double>> headsAtLeast(const std::vector<double>& scores, double threshold) {
    std::vector<std::pair<int, double>> heads;
    for (std::size_t i = 0; i < scores.size(); ++i) {
        if (scores[i] >= threshold) heads.emplace_back(static_cast<int>(i), scores[i]);  // NaN never passes
    }
    std::stable_sort(heads.begin(), heads.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    return heads;
}

Message inductionHeadsText(const std::vector<double>& scores, int nHead) {
    const auto name = [nHead](int index, double score) {
        char buffer[64];
        std::snprintf(buffer, sizeof buffer, "L%dH%d (%.3f)", index / nHead, index % nHead, score);
        return std::string(buffer);
    };
    const auto heads = headsAtLeast(scores, kInductionHeadScore);
    if (!heads.empty()) {
        std::string text;
        for (const auto& [index, score] : heads) text += (text.empty() ? "" : ", ") + name(index, score);
        return Message::verbatim(text);
    }
    int best = -1;
    for (std::size_t i = 0; i < scores.size(); ++i) {
        if (!std::isnan(scores[i]) && (best < 0 || scores[i] > scores[static_cast<std::size_t>(best)])) best = static_cast<int>(i);
    }
    if (best < 0) return Message::verbatim(std::string());
    return Message(QT_TRANSLATE_NOOP("core", "none: the best is %1"), name(best, scores[static_cast<std::size_t>(best)]));

}

}  // namespace attnscope::scores
