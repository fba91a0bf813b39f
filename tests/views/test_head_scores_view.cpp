// The head scores: the table model (checked by QAbstractItemModelTester, values as computed,
// sorting with unmeasured scores last) and the view (grid colours and outline, clicks on cells
// and rows, the empty state, a model of another shape).
#include <catch2/catch.hpp>

#include <QAbstractItemModelTester>
#include <QDir>
#include <QHeaderView>
#include <QPushButton>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <limits>

#include "model/HeadScores.h"
#include "model/Session.h"
#include "tests/views/ViewFixtures.h"
#include "views/Colormaps.h"
#include "views/HeadScoreModel.h"
#include "views/HeadScoresView.h"
#include "views/HeatmapStyle.h"

using namespace attnscope;
using namespace attnscope::views;
using attnscope::testing::render;
using attnscope::testing::tinyRecords;
using attnscope::testing::tinyViewModel;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

const scores::HeadScoreTable& tinyScores() {
    static const scores::HeadScoreTable table = scores::scoreHeads(*tinyRecords("The cat sat on the mat and", 40).back());
    return table;
}

// The induction score of every head of the tiny model on the diagnostic text: <|endoftext|>,
// then 7 random ids, then the same 7 again (the context holds 16).
std::vector<double> tinyInduction() {
    constexpr int kPeriod = 7;
    const auto model = tinyViewModel();
    const std::int32_t eot = 320;
    const auto tokens = scores::repeatedRandomTokens(kPeriod, 0, eot, 11, eot);
    GenerationSession session(model);
    const StepRecordPtr r = session.start(tokens, SamplingSettings{});
    std::vector<double> out;
    for (int layer = 0; layer < r->shape->nLayer; ++layer) {
        for (int head = 0; head < r->shape->nHead; ++head) {
            out.push_back(scores::induction(r->attentionMatrix(layer, head), 1, kPeriod));
        }
    }
    return out;
}

// A table of any shape with known numbers: score k of head i is (i + 1) / (heads + 1) shifted by k.
scores::HeadScoreTable handMade(int nLayer, int nHead) {
    scores::HeadScoreTable t;
    t.nLayer = nLayer;
    t.nHead = nHead;
    const int n = nLayer * nHead;
    for (int i = 0; i < n; ++i) {
        const double x = (i + 1.0) / (n + 1.0);
        t.entropy.push_back(2 * x);
        t.previousToken.push_back(x);
        t.firstToken.push_back(1 - x);
        t.self.push_back(x / 2);
        t.duplicateToken.push_back(i % 2 ? kNaN : x);
    }
    return t;
}

// Collects what QAbstractItemModelTester reports (category qt.modeltest) while it lives.
struct ModelTesterLog {
    static inline QStringList failures;
    static inline QtMessageHandler previous = nullptr;
    static void handler(QtMsgType type, const QMessageLogContext& context, const QString& message) {
        if (context.category && QByteArray(context.category).startsWith("qt.modeltest") && type != QtDebugMsg) {
            failures << message;
        }
        if (previous) previous(type, context, message);
    }
    ModelTesterLog() {
        failures.clear();
        previous = qInstallMessageHandler(handler);
    }
    ~ModelTesterLog() { qInstallMessageHandler(previous); }
};

double luminance(QColor c) { return 0.299 * c.red() + 0.587 * c.green() + 0.114 * c.blue(); }

bool near(QColor a, QColor b, int tolerance) {
    return std::abs(a.red() - b.red()) <= tolerance && std::abs(a.green() - b.green()) <= tolerance &&
           std::abs(a.blue() - b.blue()) <= tolerance;
}

// The (layer, head) of a row of the view's table, as the table shows it (sorted).
std::pair<int, int> headOfRow(QTableView* table, int row) {
    const QAbstractItemModel* m = table->model();
    return {m->index(row, HeadScoreModel::Layer).data(Qt::UserRole).toInt(),
            m->index(row, HeadScoreModel::Head).data(Qt::UserRole).toInt()};
}

}  // namespace

TEST_CASE("the head score model holds the table's numbers and passes the model tester", "[views][headscores]") {
    const scores::HeadScoreTable& table = tinyScores();
    REQUIRE(table.nLayer == 2);
    REQUIRE(table.nHead == 4);
    const std::vector<double> induction = tinyInduction();

    ModelTesterLog log;
    HeadScoreModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Warning);
    model.setScores(table, induction);
    REQUIRE(model.rowCount() == 8);
    REQUIRE(model.columnCount() == HeadScoreModel::ColumnCount);

    const std::vector<const std::vector<double>*> columns = {&table.entropy, &table.previousToken, &table.firstToken,
                                                             &table.self, &table.duplicateToken, &induction};
    for (int layer = 0; layer < 2; ++layer) {
        for (int head = 0; head < 4; ++head) {
            const int row = layer * 4 + head;
            CHECK(model.index(row, HeadScoreModel::Layer).data().toInt() == layer);
            CHECK(model.index(row, HeadScoreModel::Head).data().toInt() == head);
            for (int c = 0; c < 6; ++c) {
                const int column = HeadScoreModel::kFirstScore + c;
                const double expected = (*columns[static_cast<std::size_t>(c)])[static_cast<std::size_t>(row)];
                const QModelIndex index = model.index(row, column);
                INFO("layer " << layer << " head " << head << " column " << column);
                CHECK(index.data(Qt::UserRole).toDouble() == expected);  // the very double, not a rounding
                CHECK(index.data().toString() == QString::number(expected, 'f', 3));
            }
        }
    }
    CHECK(model.value(1, 3, HeadScoreModel::FirstToken) == table.at(table.firstToken, 1, 3));

    // Every score column explains itself in one line.
    for (int column = 0; column < HeadScoreModel::ColumnCount; ++column) {
        const QString tip = model.headerData(column, Qt::Horizontal, Qt::ToolTipRole).toString();
        INFO(column << ": " << tip.toStdString());
        CHECK(!tip.isEmpty());
        CHECK(!tip.contains('\n'));
    }
    CHECK(model.headerData(HeadScoreModel::PreviousToken, Qt::Horizontal).toString() == "previous-token");
    CHECK(model.headerData(HeadScoreModel::PreviousToken, Qt::Horizontal, Qt::ToolTipRole)
              .toString()
              .contains("one back"));
    CHECK(model.headerData(HeadScoreModel::Induction, Qt::Horizontal, Qt::ToolTipRole).toString().contains("Olsson"));

    // Resets to other shapes and to nothing, still under the tester.
    model.setScores(handMade(3, 2));
    CHECK(model.rowCount() == 6);
    model.clear();
    CHECK(model.rowCount() == 0);
    model.setScores(table);
    CHECK(model.rowCount() == 8);
    CHECK(log.failures.isEmpty());
    for (const QString& f : log.failures) WARN(f.toStdString());
}

TEST_CASE("unmeasured scores show as a dash and always sort last", "[views][headscores]") {
    scores::HeadScoreTable table = handMade(2, 4);
    std::vector<double> induction = {0.5, kNaN, 0.9, 0.1, kNaN, 0.3, 0.7, kNaN};

    HeadScoreModel model;
    model.setScores(table, induction);
    CHECK(model.index(1, HeadScoreModel::Induction).data().toString() == "–");
    CHECK(std::isnan(model.index(1, HeadScoreModel::Induction).data(Qt::UserRole).toDouble()));
    CHECK(model.index(1, HeadScoreModel::DuplicateToken).data().toString() == "–");  // handMade: odd heads
    CHECK(model.index(1, HeadScoreModel::Induction).data(Qt::ToolTipRole).toString().contains("diagnostics"));

    HeadScoresView view;
    view.setScores(table, induction);
    QTableView* t = view.table();
    const QAbstractItemModel* shown = t->model();
    REQUIRE(shown->rowCount() == 8);
    auto columnOf = [&] {
        std::vector<double> v;
        for (int r = 0; r < shown->rowCount(); ++r) {
            v.push_back(shown->index(r, HeadScoreModel::Induction).data(Qt::UserRole).toDouble());
        }
        return v;
    };
    SECTION("ascending") {
        t->sortByColumn(HeadScoreModel::Induction, Qt::AscendingOrder);
        const std::vector<double> v = columnOf();
        CHECK(v[0] == 0.1);
        CHECK(v[4] == 0.9);
        for (int r = 5; r < 8; ++r) CHECK(std::isnan(v[static_cast<std::size_t>(r)]));
        CHECK(shown->index(7, HeadScoreModel::Induction).data().toString() == "–");
    }
    SECTION("descending") {
        t->sortByColumn(HeadScoreModel::Induction, Qt::DescendingOrder);
        const std::vector<double> v = columnOf();
        CHECK(v[0] == 0.9);
        CHECK(v[4] == 0.1);
        for (int r = 5; r < 8; ++r) CHECK(std::isnan(v[static_cast<std::size_t>(r)]));
    }
    SECTION("no diagnostics run: the whole column is a dash") {
        view.setScores(table, {});
        for (int r = 0; r < 8; ++r) CHECK(shown->index(r, HeadScoreModel::Induction).data().toString() == "–");
        view.setScores(table, std::vector<double>(3, 0.5));  // the wrong size counts as not measured
        CHECK(shown->index(0, HeadScoreModel::Induction).data().toString() == "–");
    }
}

TEST_CASE("sorting the table by previous-token puts the highest first", "[views][headscores]") {
    const scores::HeadScoreTable& table = tinyScores();
    HeadScoresView view;
    view.setScores(table, {});
    QTableView* t = view.table();
    t->sortByColumn(HeadScoreModel::PreviousToken, Qt::DescendingOrder);
    const QAbstractItemModel* shown = t->model();
    const double best = *std::max_element(table.previousToken.begin(), table.previousToken.end());
    CHECK(shown->index(0, HeadScoreModel::PreviousToken).data(Qt::UserRole).toDouble() == best);
    for (int r = 1; r < shown->rowCount(); ++r) {
        CHECK(shown->index(r, HeadScoreModel::PreviousToken).data(Qt::UserRole).toDouble() <=
              shown->index(r - 1, HeadScoreModel::PreviousToken).data(Qt::UserRole).toDouble());
    }
    // The row still names its own head: the layer and head columns travel with the scores.
    const auto [layer, head] = headOfRow(t, 0);
    CHECK(table.at(table.previousToken, layer, head) == best);
    // Clicking the header sorts too (the user's way).
    const int x = t->horizontalHeader()->sectionViewportPosition(HeadScoreModel::Entropy) + 5;
    render(view, {640, 520});
    QTest::mouseClick(t->horizontalHeader()->viewport(), Qt::LeftButton, {}, QPoint(x, 5));
    CHECK(t->horizontalHeader()->sortIndicatorSection() == HeadScoreModel::Entropy);
}

TEST_CASE("clicking a grid cell or a table row selects that head", "[views][headscores]") {
    HeadScoresView view;
    view.setScores(tinyScores(), tinyInduction());
    render(view, {640, 560});
    QSignalSpy spy(&view, &HeadScoresView::headSelected);

    SECTION("grid cells, clicked on the view") {
        for (int layer = 0; layer < 2; ++layer) {
            for (int head = 0; head < 4; ++head) {
                const QRect c = view.cellRect(layer, head);
                REQUIRE(!c.isEmpty());
                QTest::mouseClick(&view, Qt::LeftButton, {}, c.center());
                REQUIRE(spy.count() == 1);
                CHECK(spy.takeFirst() == QList<QVariant>{layer, head});
            }
        }
        QTest::mouseClick(&view, Qt::LeftButton, {}, QPoint(2, view.height() - 2));  // not a cell
        CHECK(spy.isEmpty());
    }
    SECTION("grid cells, clicked where the mouse really lands (the child under the point)") {
        const QPoint p = view.cellRect(1, 2).center();
        QWidget* under = view.childAt(p);
        REQUIRE(under != nullptr);
        QTest::mouseClick(under, Qt::LeftButton, {}, under->mapFrom(&view, p));
        REQUIRE(spy.count() == 1);
        CHECK(spy.takeFirst() == QList<QVariant>{1, 2});
    }
    SECTION("table rows") {
        QTableView* t = view.table();
        t->sortByColumn(HeadScoreModel::PreviousToken, Qt::DescendingOrder);
        t->selectRow(3);
        REQUIRE(spy.count() == 1);
        const auto [layer, head] = headOfRow(t, 3);
        CHECK(spy.takeFirst() == QList<QVariant>{layer, head});
        // A click on another row, as the user does it.
        const QRect row5 = t->visualRect(t->model()->index(5, HeadScoreModel::Entropy));
        REQUIRE(!row5.isEmpty());
        QTest::mouseClick(t->viewport(), Qt::LeftButton, {}, row5.center());
        REQUIRE(spy.count() == 1);
        const auto [layer5, head5] = headOfRow(t, 5);
        CHECK(spy.takeFirst() == QList<QVariant>{layer5, head5});
    }
    SECTION("the controller's selection is followed without echoing it back") {
        view.setSelection({1, 3, false, -1});
        CHECK(spy.isEmpty());
        const QModelIndexList rows = view.table()->selectionModel()->selectedRows();
        REQUIRE(rows.size() == 1);
        CHECK(headOfRow(view.table(), rows.front().row()) == std::pair{1, 3});
        view.setScores(tinyScores(), {});  // a new table keeps the selection
        CHECK(view.table()->selectionModel()->selectedRows().size() == 1);
        view.setSelection({0, 0, true, -1});  // the mean of a layer is no row
        CHECK(view.table()->selectionModel()->selectedRows().isEmpty());
        CHECK(spy.isEmpty());
    }
}

TEST_CASE("the grid colours each head by its score and outlines the selected one", "[views][headscores]") {
    const scores::HeadScoreTable& table = tinyScores();
    HeadScoresView view;
    view.setScores(table, {});
    view.setMetric(1);
    REQUIRE(view.metricName() == "previous-token");
    const auto& v = table.previousToken;
    const auto hi = static_cast<int>(std::max_element(v.begin(), v.end()) - v.begin());
    const auto lo = static_cast<int>(std::min_element(v.begin(), v.end()) - v.begin());
    REQUIRE(v[static_cast<std::size_t>(hi)] > v[static_cast<std::size_t>(lo)] + 0.1);
    // Select a head that is neither, so that its outline does not touch the two we sample.
    int selected = 0;
    while (selected == hi || selected == lo) ++selected;
    view.setSelection({selected / 4, selected % 4, false, -1});
    const QImage image = render(view, {640, 560});

    // A cell's corner, clear of its label in the middle.
    auto corner = [&](int i) { return image.pixelColor(view.cellRect(i / 4, i % 4).topLeft() + QPoint(3, 3)); };
    const QColor bright = corner(hi);
    const QColor dark = corner(lo);
    CHECK(luminance(bright) > luminance(dark) + 30);
    CHECK(bright.green() > dark.green());  // towards viridis' yellow end
    CHECK(near(bright, viridisColor(v[static_cast<std::size_t>(hi)]), 3));
    CHECK(near(dark, viridisColor(v[static_cast<std::size_t>(lo)]), 3));

    // The outline is drawn in the two pixels around the selected cell, and only there.
    const QRect sel = view.cellRect(selected / 4, selected % 4);
    CHECK(near(image.pixelColor(sel.left() - 1, sel.center().y()), heatmapstyle::highlightColor(), 8));
    CHECK(near(image.pixelColor(sel.center().x(), sel.bottom() + 2), heatmapstyle::highlightColor(), 8));
    const QRect other = view.cellRect(hi / 4, hi % 4);
    CHECK(!near(image.pixelColor(other.left() - 1, other.center().y()), heatmapstyle::highlightColor(), 40));

    // Another metric repaints the cells with its own numbers; an unmeasured one shows the hatch.
    view.setMetric(5);
    CHECK(view.metricName() == "induction");
    const QImage none = render(view, {640, 560});
    const QColor c = none.pixelColor(view.cellRect(0, 0).topLeft() + QPoint(3, 3));
    CHECK((near(c, heatmapstyle::maskColor(), 2) || near(c, heatmapstyle::maskHatchColor(), 2)));
}

TEST_CASE("with no scores the view shows its message, and clear() brings it back", "[views][headscores]") {
    HeadScoresView view;
    CHECK(!view.hasScores());
    CHECK(!view.message().isEmpty());
    view.setMessage("Generate some text, or run the diagnostics");
    CHECK(view.message() == "Generate some text, or run the diagnostics");
    QImage image = render(view, {640, 520});
    CHECK(view.cellRect(0, 0).isEmpty());
    CHECK(view.table()->model()->rowCount() == 0);
    // No viridis anywhere: the grid area is white with dark text.
    int coloured = 0;
    int dark = 0;
    for (int y = 0; y < image.height(); y += 2) {
        for (int x = 0; x < image.width(); x += 2) {
            const QColor p = image.pixelColor(x, y);
            if (p.saturation() > 120 && p.value() > 60) ++coloured;
            if (luminance(p) < 80) ++dark;
        }
    }
    CHECK(coloured < 20);  // (the focus frame or a selected combo item may have a tint)
    CHECK(dark > 20);      // the message's letters

    view.setScores(tinyScores(), {});
    CHECK(view.message().isEmpty());
    CHECK(!view.cellRect(1, 3).isEmpty());
    view.clear();
    CHECK(view.message() == "Generate some text, or run the diagnostics");
    CHECK(view.table()->model()->rowCount() == 0);
    CHECK(view.cellRect(0, 0).isEmpty());

    // The button asks the app to run the diagnostic text.
    QSignalSpy spy(&view, &HeadScoresView::diagnosticsRequested);
    for (QPushButton* b : view.findChildren<QPushButton*>()) {
        if (b->text().contains("diagnostics")) QTest::mouseClick(b, Qt::LeftButton);
    }
    CHECK(spy.count() == 1);
}

TEST_CASE("the head scores view copes with a table of another shape", "[views][headscores]") {
    HeadScoresView view;
    view.setScores(tinyScores(), tinyInduction());
    view.setSelection({1, 3, false, -1});
    render(view, {640, 520});

    const scores::HeadScoreTable other = handMade(3, 2);
    view.setScores(other, {0.1, 0.2, 0.3, 0.4, 0.5, 0.6});
    for (int metric = 0; metric < 6; ++metric) {
        view.setMetric(metric);
        render(view, {640, 520});
    }
    CHECK(view.table()->model()->rowCount() == 6);
    CHECK(!view.cellRect(2, 1).isEmpty());
    CHECK(view.cellRect(0, 3).isEmpty());  // no head 3 any more
    CHECK(view.table()->selectionModel()->selectedRows().isEmpty());  // head 3 is gone

    QSignalSpy spy(&view, &HeadScoresView::headSelected);
    QTest::mouseClick(&view, Qt::LeftButton, {}, view.cellRect(2, 1).center());
    REQUIRE(spy.count() == 1);
    CHECK(spy.takeFirst() == QList<QVariant>{2, 1});

    // A table whose vectors do not cover its heads is refused, not read out of range.
    scores::HeadScoreTable broken = handMade(2, 2);
    broken.self.pop_back();
    view.setScores(broken, {});
    CHECK(!view.hasScores());
    render(view, {320, 240});  // small, and back to the message
    view.setScores(tinyScores(), {});
    render(view, {240, 200});  // too small for labels: no crash
    CHECK(view.hasScores());
}

// Writes pictures for a person to look at, only when asked: ATTNSCOPE_SHOTS=/some/dir.
TEST_CASE("head scores screenshots", "[views][headscores][.shots]") {
    const QString dir = qEnvironmentVariable("ATTNSCOPE_SHOTS");
    if (dir.isEmpty()) return;
    QDir().mkpath(dir);
    HeadScoresView view;
    view.setScores(tinyScores(), tinyInduction());
    view.setSelection({1, 2, false, -1});
    view.setMetric(1);
    view.table()->sortByColumn(HeadScoreModel::PreviousToken, Qt::DescendingOrder);
    CHECK(render(view, {640, 600}).save(dir + "/headscores.png"));
    view.setMetric(0);
    CHECK(render(view, {640, 600}).save(dir + "/headscores-entropy.png"));
    view.setScores(tinyScores(), {});
    view.setMetric(5);
    CHECK(render(view, {420, 560}).save(dir + "/headscores-narrow-no-induction.png"));

    // gpt2-small's shape, 12 x 12, with made-up numbers: do 144 labelled cells still read?
    HeadScoresView big;
    big.setScores(handMade(12, 12), std::vector<double>(144, 0.25));
    big.setSelection({5, 1, false, -1});
    CHECK(render(big, {760, 900}).save(dir + "/headscores-12x12.png"));
    CHECK(render(big, {460, 700}).save(dir + "/headscores-12x12-narrow.png"));

    HeadScoresView empty;
    empty.setMessage("Generate some text, or run the diagnostics");
    CHECK(render(empty, {520, 360}).save(dir + "/headscores-empty.png"));
}
