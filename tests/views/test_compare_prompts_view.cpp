// Two prompts side by side: the matrices are the records' own, the difference is A - B.
#include <catch2/catch.hpp>

#include "tests/views/ViewFixtures.h"
#include "views/ComparePromptsView.h"

using namespace attnscope;
using attnscope::views::ComparePromptsView;

TEST_CASE("comparing two prompts shows both heads and their aligned difference", "[views][compare]") {
    const StepRecordPtr a = testing::tinyRecords("Hello, the cat", 1).front();
    const StepRecordPtr b = testing::tinyRecords("Hello, the hat and", 1).front();
    ComparePromptsView view;
    view.setNamer(testing::tinyNamer());
    view.setSelection({1, 2, false, -1});
    CHECK_FALSE(view.showsPlot());  // no solid squares before the first comparison
    view.setRecords(a, b);
    CHECK(view.showsPlot());
    // Token names on the axes: A's, B's, and "A/B" where they differ.
    const QStringList labelsA = view.tokenLabels(0);
    REQUIRE(labelsA.size() == a->length());
    CHECK(labelsA.front() == QStringLiteral("0 ") + testing::tinyNamer()(a->tokens[0]));
    CHECK(view.tokenLabels(1).size() == b->length());
    REQUIRE(view.matrixA() == a->attentionMatrix(1, 2));
    REQUIRE(view.matrixB() == b->attentionMatrix(1, 2));
    const int aligned = std::min(a->length(), b->length());
    REQUIRE(view.difference().rows() == aligned);
    CHECK(view.difference() == (a->attentionMatrix(1, 2) - b->attentionMatrix(1, 2)).topLeftCorner(aligned, aligned));
    // Identical prefixes attend identically: the difference is exactly zero there.
    int same = 0;
    while (same < aligned && a->tokens[same] == b->tokens[same]) ++same;
    REQUIRE(same > 0);
    CHECK(view.difference().topLeftCorner(same, same).isZero(0.0f));
    CHECK(view.caption().contains(QStringLiteral("first differ at position %1").arg(same)));
    const QString differs = view.tokenLabels(2).at(same);
    CHECK(differs == QStringLiteral("%1 %2/%3").arg(same).arg(testing::tinyNamer()(a->tokens[same]), testing::tinyNamer()(b->tokens[same])));

    view.setSelection({0, 0, true, -1});  // the mean over heads
    Eigen::MatrixXf mean = Eigen::MatrixXf::Zero(a->length(), a->length());
    for (int h = 0; h < 4; ++h) mean += a->attentionMatrix(0, h);
    CHECK((view.matrixA() - mean / 4.0f).cwiseAbs().maxCoeff() < 1e-6f);
    CHECK_FALSE(testing::render(view, {900, 400}).isNull());
}
