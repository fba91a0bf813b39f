#pragma once
// Where one token looks (S11, like BertViz's "head view"): the text twice, queries on the left
// and keys on the right, and a line from the selected query to every key it attends to, its
// width and opacity growing with the attention weight. Several heads at once, one colour each.
//
// Hovering a query on the left previews its lines; hovering a key on the right brings out the
// lines that end there (and a tooltip lists the weight per head). Clicking a query asks the
// controller to select it. Weights are exactly StepRecord::attentionRow, nothing smoothed.

#include <QWidget>

#include <cstdint>
#include <vector>

#include "views/ViewTypes.h"

class QScrollBar;

namespace attnscope::views {

// One line of the picture: the query's attention to `key` in `head`.
struct PathLine {
    int head = 0;
    int key = 0;
    float weight = 0;      // attentionRow(layer, head, query)[key], exactly
    double penWidth = 0;   // pixels, grows with weight
    int alpha = 0;         // 0..255, grows with weight
};

class TokenPaths : public QWidget {
    Q_OBJECT
public:
    explicit TokenPaths(QWidget* parent = nullptr);

    void setNamer(TokenNamer namer);
    void setRecord(StepRecordPtr record);
    // Layer and query follow the selection; the heads too (averageHeads: every head of the
    // layer, else the one head) unless a set is pinned with setHeads.
    void setSelection(const Selection& selection);
    // Pins the heads shown (of the selected layer); an empty set follows the selection again.
    // Heads the record's shape lacks are left out.
    void setHeads(std::vector<int> heads);

    const StepRecordPtr& record() const { return m_record; }
    int layer() const;                   // the selection's layer, clamped to the record
    int query() const;                   // the selected query, resolved; -1 without a record
    std::vector<int> shownHeads() const; // after clamping to the record's shape
    // Every line for `query` (all shown heads, keys 0..query), or none when the record cannot
    // be drawn (no record, recording off, query out of range).
    std::vector<PathLine> linesFor(int query) const;
    // The text shown instead of the picture ("" when the picture is drawn).
    QString message() const;

    static QColor headColor(int head);       // a fixed qualitative palette of 20 colours, then repeats
    static double penWidthFor(float weight);
    static int alphaFor(float weight);
    static QColor selectedFill();

    // Geometry, in widget coordinates after scrolling; empty/-1 when not drawn.
    int rowHeight() const { return m_rowHeight; }
    QRect queryRect(int position) const;
    QRect keyRect(int position) const;
    int queryAt(QPoint point) const;
    int keyAt(QPoint point) const;
    int hoveredQuery() const { return m_hoverQuery; }  // -1 when none
    int hoveredKey() const { return m_hoverKey; }
    int shownQuery() const;                            // the hovered query, else the selected one
    QString tooltipAt(QPoint point) const;             // "" where there is nothing to explain
    // The shown query's attention to keys scrolled out of view above the list (the mean over
    // the heads shown), and the tag that says so at the top of the key column (empty when
    // nothing off-screen carries weight). Clicking the tag scrolls up to the strongest of them.
    float attentionAbove() const;
    QRect aboveTagRect() const;
    int strongestKey(int query) const;  // over the heads shown; -1 when none
    static QString aboveTagText(float above);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    void querySelected(int position);

protected:
    bool event(QEvent* event) override;
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void changeEvent(QEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;

private:
    int length() const;
    bool drawable() const;
    QString nameOf(std::int32_t token) const;
    void relayout();
    void ensureVisible(int position);
    void revealStrongestKey(int query);  // scroll so the query and its strongest key are both in view, if they fit
    int firstVisibleRow() const;
    int scrollOffset() const;
    int rowTop(int position) const;  // content coordinates
    void invalidateLines();
    const std::vector<PathLine>& cachedLines(int query) const;
    QString keyTooltip(int key) const;
    void paintHeader(QPainter& painter) const;

    TokenNamer m_namer;
    StepRecordPtr m_record;
    Selection m_selection;
    std::vector<int> m_pinnedHeads;
    int m_hoverQuery = -1;
    int m_hoverKey = -1;

    // Layout (recomputed on resize, record, font or head changes).
    QScrollBar* m_scroll = nullptr;
    int m_headerHeight = 0;
    int m_rowHeight = 18;
    int m_columnWidth = 0;   // each label column
    int m_numberWidth = 0;   // the position numbers outside the columns
    int m_contentHeight = 0;

    mutable int m_cachedQuery = -1;
    mutable std::vector<PathLine> m_cachedLines;
};

}  // namespace attnscope::views
