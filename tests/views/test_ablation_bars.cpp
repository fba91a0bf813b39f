// AblationBars: the before/after comparison of switching heads off as two bar charts, their
// numbers exactly the comparison's, coloured by which way each token moved.
#include <catch2/catch.hpp>

#include "model/Analysis.h"
#include "tests/views/ViewFixtures.h"
#include "views/AblationBars.h"

using namespace attnscope;
using attnscope::views::AblationBars;
using Side = AblationBars::Side;

TEST_CASE("ablation bars: two charts of the comparison's top-k, each bar's move after", "[views][ablation]") {
    const auto model = testing::tinyViewModel();
    const auto tokens = model->tokenizer().encode("Hello, the cat");
    const auto c = analysis::compareAblation(model, tokens, {{1, 2, {}}, {0, 0, {}}}, 8, 0.8f);
    AblationBars bars;
    bars.setNamer(testing::tinyNamer());
    CHECK(bars.barCount(Side::Before) == 0);
    bars.setComparison(c);
    REQUIRE(bars.barCount(Side::Before) == 8);
    REQUIRE(bars.barCount(Side::After) == 8);
    int rose = 0, fell = 0;
    for (int i = 0; i < 8; ++i) {
        const auto index = static_cast<std::size_t>(i);
        CHECK(bars.valueFor(Side::Before, i) == c.before.top[index].probability);
        CHECK(bars.valueFor(Side::After, i) == c.after.top[index].probability);
        CHECK(bars.labelFor(Side::After, i) == testing::tinyNamer()(c.after.top[index].token));
        const double change = c.after.top[index].probability - c.beforeOfAfter[index];
        CHECK(bars.changeFor(i) == Approx(change));
        if (std::abs(change) >= 1e-4) {
            CHECK(bars.colorFor(Side::After, i) == (change > 0 ? AblationBars::roseColor() : AblationBars::fellColor()));
            (change > 0 ? rose : fell) += 1;
        }
        CHECK(bars.colorFor(Side::Before, i) == AblationBars::beforeColor());
    }
    CHECK(rose + fell > 0);  // two heads off move something
    CHECK_FALSE(testing::render(bars, {640, 300}).isNull());
    CHECK(bars.sideBySide());
    testing::render(bars, {300, 420});  // a narrow dock: one chart above the other
    CHECK_FALSE(bars.sideBySide());
    bars.clear();
    CHECK(bars.barCount(Side::After) == 0);
}
