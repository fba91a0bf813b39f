// Model anatomy: every tensor grouped per block, and the total (S26: gpt2 small is 124,439,808).
#include <catch2/catch.hpp>

#include <QHeaderView>
#include <QTreeWidget>

#include "tests/views/ViewFixtures.h"
#include "views/ModelAnatomyView.h"

using namespace attnscope;
using attnscope::views::AnatomyInput;
using attnscope::views::ModelAnatomyView;

namespace {

// The tensors of GPT-2 small (tied head), shapes as in its model.safetensors.
std::vector<WeightTensorInfo> gpt2SmallTensors() {
    std::vector<WeightTensorInfo> t;
    auto add = [&](const std::string& name, std::vector<std::int64_t> shape) {
        std::int64_t n = 1;
        for (auto d : shape) n *= d;
        t.push_back({name, "F32", shape, n});
    };
    add("wte.weight", {50257, 768});
    add("wpe.weight", {1024, 768});
    for (int i = 0; i < 12; ++i) {
        const std::string p = "h." + std::to_string(i) + ".";
        add(p + "ln_1.weight", {768});
        add(p + "ln_1.bias", {768});
        add(p + "attn.c_attn.weight", {768, 2304});
        add(p + "attn.c_attn.bias", {2304});
        add(p + "attn.c_proj.weight", {768, 768});
        add(p + "attn.c_proj.bias", {768});
        add(p + "ln_2.weight", {768});
        add(p + "ln_2.bias", {768});
        add(p + "mlp.c_fc.weight", {768, 3072});
        add(p + "mlp.c_fc.bias", {3072});
        add(p + "mlp.c_proj.weight", {3072, 768});
        add(p + "mlp.c_proj.bias", {768});
    }
    add("ln_f.weight", {768});
    add("ln_f.bias", {768});
    return t;
}

}  // namespace

TEST_CASE("model anatomy of GPT-2 small adds up to 124,439,808 parameters", "[views][anatomy]") {
    ModelAnatomyView view;
    view.setModel({QStringLiteral("gpt2"), 12, 12, 768, 1024, 50257, true, gpt2SmallTensors()});
    CHECK(view.totalParameters() == 124439808);
    CHECK(view.summary().contains(QStringLiteral("124,439,808")));
    QTreeWidget* tree = view.tree();
    REQUIRE(tree->topLevelItemCount() == 14);  // embeddings, 12 blocks, final norm
    CHECK(tree->topLevelItem(0)->text(0) == QStringLiteral("embeddings"));
    CHECK(tree->topLevelItem(1)->text(0) == QStringLiteral("block 0"));
    CHECK(tree->topLevelItem(12)->text(0) == QStringLiteral("block 11"));
    CHECK(tree->topLevelItem(1)->childCount() == 12);
    CHECK(tree->topLevelItem(1)->text(2) == QStringLiteral("7,087,872"));  // one block of gpt2 small
    CHECK_FALSE(testing::render(view, {800, 500}).isNull());
}

TEST_CASE("model anatomy of a loaded model matches its parameter count", "[views][anatomy]") {
    const auto model = testing::tinyViewModel();
    ModelAnatomyView view;
    view.setModel({QStringLiteral("tiny"), 2, 4, 32, 16, 321, model->weights().tiedHead, model->weights().tensors});
    CHECK(view.totalParameters() == model->parameterCount());
    CHECK(ModelAnatomyView::groupOf(QStringLiteral("transformer.h.1.mlp.c_fc.weight")) == QStringLiteral("block 1"));
    CHECK(ModelAnatomyView::groupOf(QStringLiteral("lm_head.weight")) == QStringLiteral("output head"));
    view.clear();
    CHECK(view.tree()->topLevelItemCount() == 0);
}

TEST_CASE("model anatomy in a narrow dock: no shape or count is cut, the table scrolls sideways", "[views][anatomy][laptop]") {
    ModelAnatomyView view;
    view.setModel({QStringLiteral("gpt2"), 12, 12, 768, 1024, 50257, true, gpt2SmallTensors()});
    QTreeWidget* tree = view.tree();
    tree->expandAll();
    testing::render(view, {250, 500});  // the width the dock has at 1280x800
    const QFontMetrics fm(tree->font());
    for (int g = 0; g < tree->topLevelItemCount(); ++g) {
        for (int i = 0; i < tree->topLevelItem(g)->childCount(); ++i) {
            const QTreeWidgetItem* item = tree->topLevelItem(g)->child(i);
            CAPTURE(item->text(0), item->text(1));
            for (int column : {1, 2}) CHECK(tree->header()->sectionSize(column) >= fm.horizontalAdvance(item->text(column)));
            CHECK(item->toolTip(1).contains(item->text(1).section(QLatin1Char(']'), 0, 0)));
        }
    }
    CHECK(tree->header()->length() > tree->viewport()->width());  // wider than the dock: it scrolls
}
