// Head scores on synthetic attention patterns with known answers, and on a real record.
#include <catch2/catch.hpp>

#include <limits>

#include <cmath>

#include "model/Gpt2Model.h"
#include "model/HeadScores.h"
#include "model/Session.h"
#include "tests/model/Fixtures.h"

using namespace attnscope;
using Eigen::MatrixXf;

namespace {

MatrixXf previousTokenPattern(int T) {
    MatrixXf a = MatrixXf::Zero(T, T);
    a(0, 0) = 1;
    for (int i = 1; i < T; ++i) a(i, i - 1) = 1;
    return a;
}

MatrixXf uniformCausal(int T) {
    MatrixXf a = MatrixXf::Zero(T, T);
    for (int i = 0; i < T; ++i) a.row(i).head(i + 1).setConstant(1.0f / static_cast<float>(i + 1));
    return a;
}

}  // namespace

TEST_CASE("a perfect previous-token head scores 1, and nothing else", "[model][scores]") {
    const MatrixXf a = previousTokenPattern(10);
    CHECK(scores::previousToken(a) == Approx(1.0));
    CHECK(scores::self(a) == Approx(0.0));
    CHECK(scores::firstToken(a) == Approx(1.0 / 9));  // only query 1's previous token is position 0
    CHECK(scores::entropy(a) == Approx(0.0).margin(1e-12));
}

TEST_CASE("a uniform pattern has the largest entropy", "[model][scores]") {
    const int T = 12;
    double expected = 0;
    for (int i = 1; i < T; ++i) expected += std::log(static_cast<double>(i + 1));
    expected /= T - 1;
    CHECK(scores::entropy(uniformCausal(T)) == Approx(expected).epsilon(1e-6));
    CHECK(scores::entropy(uniformCausal(T)) > scores::entropy(previousTokenPattern(T)));
}

TEST_CASE("a sink head puts everything on position 0", "[model][scores]") {
    MatrixXf a = MatrixXf::Zero(6, 6);
    a.col(0).setOnes();
    CHECK(scores::firstToken(a) == Approx(1.0));
    CHECK(scores::previousToken(a) == Approx(1.0 / 5));  // query 1's previous token is position 0
}

TEST_CASE("duplicate-token score counts only earlier copies of the same token", "[model][scores]") {
    const std::vector<std::int32_t> tokens{5, 7, 5, 9, 7};
    MatrixXf a = MatrixXf::Zero(5, 5);
    a(0, 0) = 1;
    a(1, 1) = 1;
    a(2, 0) = 0.75f;  // "5" looks at the earlier "5" with 0.75
    a(2, 2) = 0.25f;
    a(3, 3) = 1;      // "9" never occurred before: not counted
    a(4, 1) = 0.5f;   // "7" looks at the earlier "7" with 0.5
    a(4, 4) = 0.5f;
    CHECK(scores::duplicateToken(a, tokens) == Approx((0.75 + 0.5) / 2));
    CHECK(std::isnan(scores::duplicateToken(a, std::vector<std::int32_t>{1, 2, 3, 4, 6})));
}

TEST_CASE("a perfect induction head scores 1 on a repeated sequence", "[model][scores]") {
    const int period = 8, start = 1;
    const int T = start + 2 * period;
    MatrixXf a = uniformCausal(T);
    for (int k = 0; k < period; ++k) {
        const int i = start + period + k;
        a.row(i).setZero();
        if (k + 1 < period) a(i, start + k + 1) = 1;
        else a(i, i) = 1;
    }
    CHECK(scores::induction(a, start, period) == Approx(1.0));
    CHECK(scores::induction(uniformCausal(T), start, period) < 0.15);
    CHECK_THROWS(scores::induction(a, start, period + 1));
}

TEST_CASE("the diagnostic sequence repeats distinct ids and is seeded", "[model][scores]") {
    const auto t = scores::repeatedRandomTokens(20, 256, 4352, 7, 4352);
    REQUIRE(t.size() == 41);
    CHECK(t[0] == 4352);
    for (int k = 0; k < 20; ++k) CHECK(t[1 + k] == t[21 + k]);
    std::vector<std::int32_t> firstCopy(t.begin() + 1, t.begin() + 21);
    std::sort(firstCopy.begin(), firstCopy.end());
    CHECK(std::adjacent_find(firstCopy.begin(), firstCopy.end()) == firstCopy.end());
    CHECK(scores::repeatedRandomTokens(20, 256, 4352, 7, 4352) == t);
    CHECK(scores::repeatedRandomTokens(20, 256, 4352, 8, 4352) != t);
}

TEST_CASE("scoring a real record covers every head with values in range", "[model][scores]") {
    const auto model = Gpt2Model::loadFolder(attnscope::testing::checkpointDir("tiny-f32-prefixed"));
    GenerationSession session(model);
    const StepRecordPtr r = session.start({320, 39, 68, 297, 78, 11, 262, 39, 68}, SamplingSettings{});
    const scores::HeadScoreTable table = scores::scoreHeads(*r);
    REQUIRE(table.previousToken.size() == 8);
    for (std::size_t i = 0; i < 8; ++i) {
        CHECK(table.previousToken[i] >= 0);
        CHECK(table.previousToken[i] <= 1);
        CHECK(table.entropy[i] >= 0);
        CHECK(table.duplicateToken[i] >= 0);  // "H" and "e" repeat
    }
    const Eigen::MatrixXf a = r->attentionMatrix(1, 3);
    CHECK(table.at(table.firstToken, 1, 3) == Approx(scores::firstToken(a)));
}

TEST_CASE("scoreHeads, row by row, gives the matrix functions' numbers to the last bit", "[model][scores]") {
    const auto model = Gpt2Model::loadFolder(attnscope::testing::checkpointDir("tiny-f32-prefixed"));
    for (const std::vector<std::int32_t>& tokens :
         {std::vector<std::int32_t>{320, 39, 68, 297, 78, 11, 262, 39, 68, 297, 78, 11, 262, 39}, std::vector<std::int32_t>{39}}) {
        GenerationSession session(model);
        const StepRecordPtr r = session.start(tokens, SamplingSettings{});
        const scores::HeadScoreTable table = scores::scoreHeads(*r);
        for (int layer = 0; layer < table.nLayer; ++layer) {
            for (int head = 0; head < table.nHead; ++head) {
                INFO(tokens.size() << " tokens, layer " << layer << ", head " << head);
                const Eigen::MatrixXf a = r->attentionMatrix(layer, head);
                // Same bits: equal, or both NaN (one token has no row to score).
                auto same = [](double x, double y) { return x == y || (std::isnan(x) && std::isnan(y)); };
                CHECK(same(table.at(table.entropy, layer, head), scores::entropy(a)));
                CHECK(same(table.at(table.previousToken, layer, head), scores::previousToken(a)));
                CHECK(same(table.at(table.firstToken, layer, head), scores::firstToken(a)));
                CHECK(same(table.at(table.self, layer, head), scores::self(a)));
                CHECK(same(table.at(table.duplicateToken, layer, head), scores::duplicateToken(a, r->tokens)));
            }
        }
    }
}

TEST_CASE("induction heads are named by the threshold, best first, or the best head is said", "[model][scores]") {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    CHECK(scores::inductionHeadsText({0.01, 0.92, nan, 0.45}, 2).english() == "L0H1 (0.920), L1H1 (0.450)");
    CHECK(scores::inductionHeadsText({0.01, 0.02, nan, 0.015}, 2).english() == "none: the best is L0H1 (0.020)");
    CHECK(scores::inductionHeadsText({nan, nan}, 2).english().empty());
    CHECK(scores::headsAtLeast({0.3, 0.29999, 0.5}, scores::kInductionHeadScore) == std::vector<std::pair<int, double>>{{2, 0.5}, {0, 0.3}});
}
