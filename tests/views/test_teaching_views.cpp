// The teaching views: the stepper through one step (its stages, keys and numbers), the KV cache
// and a token's path. Fed real records of the tiny fixture model, exactly as the app feeds them.
#include <catch2/catch.hpp>

#include <QToolButton>
#include <QTest>

#include "model/InsideStep.h"
#include "tests/views/ViewFixtures.h"
#include "views/HeatmapStyle.h"
#include "views/InsideStepView.h"
#include "views/KvCacheView.h"
#include "views/TokenPathView.h"

using namespace attnscope;
using attnscope::testing::tinyNamer;
using attnscope::testing::tinyRecords;
using attnscope::testing::tinyViewModel;

namespace {

std::shared_ptr<const teaching::InsideStep> stepOf(const StepRecordPtr& record, int position, int layer, int head) {
    return std::make_shared<teaching::InsideStep>(teaching::insideStep(*tinyViewModel(), *record, position, layer, head));
}

template <typename T>
std::vector<const T*> itemsOf(const views::StageCanvas& canvas) {
    std::vector<const T*> out;
    for (const auto& item : canvas.items()) {
        if (const auto* x = std::get_if<T>(&item)) out.push_back(x);
    }
    return out;
}

bool sameValues(const Eigen::VectorXf& a, const Eigen::VectorXf& b) { return a.size() == b.size() && a == b; }

}  // namespace

TEST_CASE("the stepper moves through its eight stages by buttons and keys", "[views][teaching]") {
    const auto records = tinyRecords("the cat sat on", 3);
    views::InsideStepView view;
    testing::render(view, {1000, 700});
    CHECK_FALSE(view.findChildren<QToolButton*>().front()->isEnabled());  // nothing to step through yet
    view.setStep(stepOf(records.back(), records.back()->length() - 1, 1, 2), tinyNamer());
    CHECK(view.stage() == 0);
    CHECK(view.title().contains(QStringLiteral("S9")));
    view.setFocus();
    QTest::keyClick(&view, Qt::Key_Right);
    CHECK(view.stage() == 1);
    QTest::keyClick(&view, Qt::Key_PageDown);
    CHECK(view.stage() == 2);
    QTest::keyClick(&view, Qt::Key_Left);
    CHECK(view.stage() == 1);
    QTest::keyClick(&view, Qt::Key_End);
    CHECK(view.stage() == 7);
    QTest::keyClick(&view, Qt::Key_Right);  // stays on the last stage
    CHECK(view.stage() == 7);
    QTest::keyClick(&view, Qt::Key_Home);
    CHECK(view.stage() == 0);
    QTest::keyClick(&view, Qt::Key_4);
    CHECK(view.stage() == 3);
    // The stage buttons: "5 Values" jumps to stage 5.
    for (QToolButton* b : view.findChildren<QToolButton*>()) {
        if (b->text() == QStringLiteral("5 Values")) b->click();
    }
    CHECK(view.stage() == 4);
    // Every stage has a title, a sentence and something drawn.
    for (int stage = 0; stage < views::InsideStepView::kStageCount; ++stage) {
        view.setStage(stage);
        CAPTURE(stage);
        CHECK_FALSE(view.title().isEmpty());
        CHECK(view.explanation().size() > 40);
        CHECK_FALSE(view.canvas()->items().empty());
    }
}

TEST_CASE("the stepper shows the record's own numbers at every stage", "[views][teaching]") {
    const auto records = tinyRecords("the cat sat on", 3);
    const StepRecordPtr record = records.back();
    const int position = record->length() - 1, layer = 1, head = 2;
    const auto step = stepOf(record, position, layer, head);
    const PositionRecord& p = *record->positions[position];
    auto vec = [](std::span<const float> s) { return Eigen::VectorXf(Eigen::Map<const Eigen::VectorXf>(s.data(), static_cast<Eigen::Index>(s.size()))); };
    views::InsideStepView view;
    testing::render(view, {1100, 800});
    view.setStep(step, tinyNamer());

    // 1: the three strips are wte row, wpe row, and the residual entering block 0.
    auto strips = itemsOf<views::StripItem>(*view.canvas());
    REQUIRE(strips.size() == 3);
    CHECK(sameValues(strips[2]->values, vec(p.residualIn(0))));
    // 2: the head's q is the recorded q.
    view.setStage(1);
    strips = itemsOf<views::StripItem>(*view.canvas());
    REQUIRE(strips.size() == 6);
    CHECK(strips[2]->values.size() == 3 * step->block.input.size());
    CHECK(strips[2]->highlights.size() == 3);
    CHECK(sameValues(strips[3]->values, vec(p.query(layer, head))));
    // 3: q, then one key per earlier token; the notes give q.k and the scaled score.
    view.setStage(2);
    strips = itemsOf<views::StripItem>(*view.canvas());
    REQUIRE(static_cast<int>(strips.size()) == 1 + position + 1);
    const auto scores = record->scoresRow(layer, head, position);
    for (int j = 0; j <= position; ++j) {
        CHECK(sameValues(strips[1 + j]->values, vec(record->positions[j]->key(layer, head))));
        CHECK(strips[1 + j]->note.endsWith(views::shortNumber(scores[static_cast<std::size_t>(j)])));
    }
    // 4: three matrices side by side: before the mask, masked, after the softmax.
    view.setStage(3);
    auto matrices = itemsOf<views::MatrixItem>(*view.canvas());
    REQUIRE(matrices.size() == 3);
    CHECK(matrices[0]->kind == views::MatrixItem::Kind::Scores);
    CHECK(matrices[2]->values == record->attentionMatrix(layer, head));
    CHECK(matrices[2]->highlightRow == position);
    // 5: values fade with their weight; the heaviest is fully opaque; the sum is the head's output.
    view.setStage(4);
    strips = itemsOf<views::StripItem>(*view.canvas());
    const auto weights = record->attentionRow(layer, head, position);
    const auto heaviest = std::max_element(weights.begin(), weights.end()) - weights.begin();
    CHECK(strips[static_cast<std::size_t>(heaviest)]->opacity == 1.0);
    for (int j = 0; j <= position; ++j) CHECK(strips[static_cast<std::size_t>(j)]->opacity <= 1.0);
    CHECK(sameValues(strips.back()->values, vec(p.headOutput(layer, head))));
    // 8: the candidates are the record's, the chosen one marked.
    view.setStage(7);
    const auto candidates = itemsOf<views::CandidatesItem>(*view.canvas());
    REQUIRE(candidates.size() == 1);
    REQUIRE_FALSE(candidates[0]->rows.empty());
    CHECK(candidates[0]->rows[0].token == tinyNamer()(record->topK[0].token));
    CHECK(candidates[0]->rows[0].probability == record->topK[0].probability);
    const auto chosen = std::count_if(candidates[0]->rows.begin(), candidates[0]->rows.end(), [](const auto& r) { return r.chosen; });
    CHECK(chosen == 1);
}

TEST_CASE("hovering a strip cell names the component and its exact value", "[views][teaching]") {
    const auto records = tinyRecords("the cat sat on", 1);
    const auto step = stepOf(records.back(), 2, 0, 1);
    views::InsideStepView view;
    testing::render(view, {1100, 800});
    view.setStep(step, tinyNamer());
    view.setStage(1);
    QCoreApplication::processEvents();
    views::StageCanvas* canvas = view.canvas();
    // The q strip of head 1 is the fourth strip; find its row by scanning down the strip column.
    const auto strips = itemsOf<views::StripItem>(*canvas);
    const Eigen::VectorXf q = strips[3]->values;
    QString tip;
    for (int y = 0; y < canvas->height() && !tip.contains(QStringLiteral("\nq[")); ++y) {
        tip = canvas->toolTipAt(QPoint(canvas->width() / 2, y));
    }
    REQUIRE(tip.contains(QStringLiteral("\nq[")));
    const int index = tip.section(QLatin1Char('['), 1).section(QLatin1Char(']'), 0, 0).toInt();
    CHECK(tip.endsWith(views::exactNumber(q[index])));
}

TEST_CASE("a masked cell reads minus infinity and is drawn hatched", "[views][teaching]") {
    const auto records = tinyRecords("the cat sat on the", 1);
    views::InsideStepView view;
    testing::render(view, {1300, 800});
    view.setStep(stepOf(records.back(), 1, 0, 0), tinyNamer());
    view.setStage(3);
    QCoreApplication::processEvents();
    QString tip;
    // Scan the canvas for a masked cell's tooltip.
    for (int y = 0; y < view.canvas()->height() && !tip.contains(QStringLiteral("masked")); y += 3) {
        for (int x = 0; x < view.canvas()->width() && !tip.contains(QStringLiteral("masked")); x += 3) {
            tip = view.canvas()->toolTipAt(QPoint(x, y));
        }
    }
    CHECK(tip.contains(QStringLiteral("−∞")));
    // The future cells are painted with the mask's hatching, as in the heatmap.
    QImage image(view.canvas()->size(), QImage::Format_ARGB32);
    view.canvas()->render(&image);
    int maskPixels = 0;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) maskPixels += image.pixelColor(x, y) == views::heatmapstyle::maskColor();
    }
    CHECK(maskPixels > 100);
}

TEST_CASE("the KV cache view: one column per position, this step's outlined, the rest reused", "[views][teaching]") {
    const auto records = tinyRecords("the cat sat on", 2);
    const StepRecordPtr record = records.back();
    views::KvCacheView view;
    view.setRecord(record, teaching::kvCacheSummary(*record), tinyNamer());
    testing::render(view, {900, 600});
    CHECK(view.summaryText().contains(QStringLiteral("reused")));
    const int last = record->length() - 1;
    const QRect fresh = view.columnRect(0, false, last);
    const QRect old = view.columnRect(0, false, 0);
    CHECK(view.bandRect(0, false).width() == fresh.width() * record->length());
    CHECK(view.toolTipAt(fresh.center()).contains(QStringLiteral("computed in this step")));
    const QString oldTip = view.toolTipAt(QPoint(old.center().x(), old.top()));
    CHECK(oldTip.contains(QStringLiteral("reused from the cache")));
    CHECK(oldTip.endsWith(views::exactNumber(record->positions[0]->key(0)[0])));
    const QRect valueBand = view.columnRect(1, true, 1);
    CHECK(view.toolTipAt(QPoint(valueBand.center().x(), valueBand.top())).endsWith(views::exactNumber(record->positions[1]->value(1)[0])));
    // The prompt step has nothing to reuse.
    view.setRecord(records.front(), teaching::kvCacheSummary(*records.front()), tinyNamer());
    CHECK(view.summaryText().contains(QStringLiteral("nothing could be reused")));
}

TEST_CASE("a token's path: one row per block, bottom up, with the lens on the right", "[views][teaching]") {
    const auto records = tinyRecords("the cat sat on", 1);
    const StepRecordPtr record = records.back();
    auto path = std::make_shared<teaching::TokenPath>(teaching::tokenPath(*tinyViewModel(), *record, record->length() - 1, 3));
    views::TokenPathView view;
    view.setPath(path, tinyNamer());
    testing::render(view, {800, 500});
    const int L = tinyViewModel()->config().nLayer;
    CHECK(view.rowRect(0).top() > view.rowRect(L).top());  // the embeddings at the bottom
    CHECK(view.rowText(L).startsWith(QStringLiteral("‘%1’").arg(tinyNamer()(record->topK[0].token))));
    CHECK(view.toolTipAt(view.rowRect(0).center()).contains(views::exactNumber(path->layers[0].attnNorm)));
}
