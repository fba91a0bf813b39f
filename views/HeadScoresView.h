#pragma once
// What each head does, as numbers: pick a score and see it for every head at once, as a
// layers x heads grid (like the head grid, coloured on viridis, each cell labelled with its
// value), with the sortable table of every score below ("which heads look one back the most?").
// A click on a cell or a table row selects that head; the selected head is outlined.
//
// The scores come from outside (scores::scoreHeads on the current record, and the induction
// score from the diagnostic run of repeated random tokens, which the app starts when the
// "Run diagnostics" button asks for it); the view computes nothing.

#include <QRect>
#include <QString>
#include <QWidget>

#include <vector>

#include "model/HeadScores.h"
#include "views/ViewTypes.h"

class QComboBox;
class QGridLayout;
class QLabel;
class QPushButton;
class QSplitter;
class QTableView;

namespace attnscope::views {

class HeadScoreModel;
class HeadScoreSortProxy;
class HeadScoreGrid;

class HeadScoresView : public QWidget {
    Q_OBJECT
public:
    explicit HeadScoresView(QWidget* parent = nullptr);
    ~HeadScoresView() override;

    // `induction`: one value per head, [layer * nHead + head], NaN where not measured; may be empty.
    void setScores(const scores::HeadScoreTable& table, const std::vector<double>& induction = {});
    // What the scores were measured on (see HeadScoreModel::setSources); shown as a caption.
    void setSources(const QString& text, const QString& induction);
    QString sourcesCaption() const;
    void setSelection(const Selection& selection);
    void clear();                         // no scores: the message is shown instead of the grid
    void setMessage(const QString& text);  // what to show while there are no scores

    const Selection& selection() const { return m_selection; }
    bool hasScores() const;
    // The text shown instead of the grid; empty while the grid is shown.
    QString message() const;

    // For tests and screenshots. The metrics are the score columns of the table, in its order:
    // 0 entropy, 1 previous-token, 2 first-token, 3 self, 4 duplicate-token, 5 induction.
    QRect cellRect(int layer, int head) const;  // in this widget's coordinates; empty if none
    QString metricName() const;
    int metric() const;
    void setMetric(int index);
    QTableView* table() const { return m_table; }
    HeadScoreModel* model() const { return m_model; }

signals:
    void headSelected(int layer, int head);
    void diagnosticsRequested();

protected:
    void mousePressEvent(QMouseEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    bool event(QEvent* event) override;

private:
    void placeButton();  // beside the chooser, or under it when the view is narrow
    void onMetricChanged();
    void updateSourcesCaption();
    void fitColumns();
    void onTableSelectionChanged();
    void selectRowOf(const Selection& selection);  // without emitting headSelected
    std::pair<int, int> headAt(QPoint pos) const;   // (layer, head) under a point of this widget, or (-1, -1)

    HeadScoreModel* m_model = nullptr;
    HeadScoreSortProxy* m_proxy = nullptr;
    QComboBox* m_metric = nullptr;
    QPushButton* m_diagnostics = nullptr;
    QGridLayout* m_top = nullptr;
    bool m_buttonOnOneLine = false;
    QLabel* m_explanation = nullptr;
    QLabel* m_sources = nullptr;  // what the scores were measured on
    QSplitter* m_splitter = nullptr;
    HeadScoreGrid* m_grid = nullptr;
    QTableView* m_table = nullptr;
    Selection m_selection;
    bool m_syncing = false;  // selecting a table row from setSelection: not the user's click
};

// The painted grid of one score, layers x heads. Public only so that the view's source can
// define it; use HeadScoresView. Mouse events pass through it to the view.
class HeadScoreGrid : public QWidget {
    Q_OBJECT
public:
    explicit HeadScoreGrid(const HeadScoreModel* model, QWidget* parent = nullptr);

    void setColumn(int column);
    void setSelection(const Selection& selection);
    void setMessage(const QString& text);
    QString message() const;  // empty while cells are drawn
    QRect cellRect(int layer, int head) const;
    std::pair<int, int> headAt(QPoint pos) const;
    // The colour scale of the current score: [0, 1] for attention weights, [0, max] for entropy.
    std::pair<double, double> range() const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    struct Layout {
        QRect grid;
        int cell = 0;  // cell width
        int cellH = 0;
        int gap = 0;
        int nLayer = 0;
        int nHead = 0;
    };
    Layout layout() const;
    void drawLegend(QPainter& painter, const QRect& area) const;

    const HeadScoreModel* m_model;
    int m_column;
    Selection m_selection;
    QString m_message;
};

}  // namespace attnscope::views
