// The logit-lens table: a valid item model whose cells come from analysis::logitLens.
#include <catch2/catch.hpp>

#include <QAbstractItemModelTester>
#include <QTableView>

#include "model/Analysis.h"
#include "tests/views/ViewFixtures.h"
#include "views/Colormaps.h"
#include "views/LogitLensView.h"

using namespace attnscope;
using attnscope::views::LogitLensModel;
using attnscope::views::LogitLensView;

TEST_CASE("the logit-lens table shows the lens of a real record", "[views][lens]") {
    const auto records = testing::tinyRecords("Hello, the cat", 3);
    const StepRecordPtr r = records.back();
    const analysis::LogitLens lens = analysis::logitLens(*testing::tinyViewModel(), *r, 5);

    LogitLensView view;
    QAbstractItemModelTester tester(view.model(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    view.setLens(lens, r->tokens, testing::tinyNamer(), r->step);
    LogitLensModel* model = view.model();
    REQUIRE(model->rowCount() == 3);  // embeddings, after block 0, block 1 (output)
    REQUIRE(model->columnCount() == r->length());

    const int last = r->length() - 1;
    const QModelIndex prediction = model->index(2, last);
    // The bottom-right cell is the model's own next-token choice.
    CHECK(model->data(prediction).toString().startsWith(testing::tinyNamer()(r->topK.front().token)));
    CHECK(model->data(prediction, Qt::UserRole).toDouble() == Approx(r->topK.front().probability).epsilon(1e-4));
    CHECK(model->data(prediction, Qt::ToolTipRole).toString().count(QLatin1Char('\n')) == 5);  // the top five
    CHECK(model->data(prediction, Qt::BackgroundRole).value<QColor>() ==
          views::viridisColor(lens.at(2, last).top.front().probability));
    CHECK(model->headerData(0, Qt::Vertical).toString() == QStringLiteral("embeddings"));

    // Rendering does not crash and shows the table.
    const QImage image = testing::render(view, {700, 300});
    CHECK_FALSE(image.isNull());

    view.setMessage(QStringLiteral("busy"));
    CHECK(model->rowCount() == 0);
}

TEST_CASE("logit lens screenshot on the embedded model (writes a PNG when ATTNSCOPE_SHOTS is set)", "[views][lens][.shots]") {
    const QString out = qEnvironmentVariable("ATTNSCOPE_SHOTS");
    if (out.isEmpty()) return;
    const auto model = Gpt2Model::loadFolder(Gpt2Model::embeddedModelFolder());
    GenerationSession session(model);
    const StepRecordPtr r = session.start(model->tokenizer().encode("It is a truth universally acknowledged, that a single man"),
                                          SamplingSettings{});
    LogitLensView view;
    testing::render(view, {1000, 330});  // sized first, as in the app, so scrolling to the end is right
    view.setLens(analysis::logitLens(*model, *r, 5), r->tokens,
                 [&](std::int32_t id) { return QString::fromStdString(model->tokenizer().displayToken(id)); }, r->step);
    CHECK(testing::render(view, {1000, 330}).save(out + QStringLiteral("/lens.png")));
}
