#pragma once
// The text as the model sees it (S2, S3): one chip per token, flowing onto lines like text.
// Prompt and generated tokens have different fills, a generated chip carries a thin bar with
// the probability it had when it was chosen, the selected query token is highlighted and the
// newest token is marked. Clicking a chip asks the controller to select that query position.
//
// Fed by setters from the controller's timeline (the view never looks into the model); it
// paints its own flow layout and scrolls itself, so a 1024-token text costs one pass of
// text measuring (cached per token id) and a repaint.

#include <QHash>
#include <QWidget>

#include <cstdint>
#include <optional>
#include <vector>

#include "views/ViewTypes.h"

class QScrollBar;

namespace attnscope::views {

class TokenStrip : public QWidget {
    Q_OBJECT
public:
    explicit TokenStrip(QWidget* parent = nullptr);

    void setNamer(TokenNamer namer);

    // The whole text: its ids, how many of them are the prompt, and per position the
    // probability the token had when it was chosen and how it was chosen (both ignored for
    // prompt positions; NaN marks "not known"). Shorter vectors count as "not known".
    void setText(const std::vector<std::int32_t>& tokens, int promptLength,
                 const std::vector<float>& chosenProbability, const std::vector<ChoiceKind>& how);
    // The token the shown step chose, which is not yet part of the text (drawn as a dashed
    // chip after the last one); nullopt hides it. Not clickable: it has no attention yet.
    void setPendingToken(std::optional<std::int32_t> token, float probability = 0.0f,
                         ChoiceKind how = ChoiceKind::Greedy);
    // Per position, the heads that were switched off in the step that chose the token
    // (headsOffText, "" for none), and for the pending token; such chips get a mark.
    void setHeadsOff(std::vector<QString> perPosition, QString pending);
    bool madeWithHeadsOff(int position) const;
    void clear();

    // The highlighted query position; -1 follows the newest token (as Selection::query).
    void setSelectedQuery(int position);
    void setLegendVisible(bool visible);

    int tokenCount() const { return static_cast<int>(m_tokens.size()); }
    int promptLength() const { return m_promptLength; }
    int selectedQuery() const;  // resolved against the text; -1 when the text is empty

    // For tests and for the controller: widget coordinates (after scrolling).
    int positionAt(QPoint point) const;  // -1 where there is no chip
    QRect chipRect(int position) const;  // empty for a position outside the text
    QRect pendingChipRect() const;       // empty when no pending token is shown
    QString tooltipFor(int position) const;
    QString displayText(int position) const;

    // The fills, one place for the tests, the legend and the other views to agree on.
    static QColor promptFill();
    static QColor generatedFill();
    static QColor forcedFill();
    static QColor selectedFill();
    static QColor newestMarkColor();
    static QColor probabilityBarColor(ChoiceKind how);
    static QColor headsOffMarkColor();

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
    struct Layout {
        std::vector<QRect> chips;  // content coordinates, one per position
        QRect pending;             // content coordinates; null when there is none
        int contentHeight = 0;
    };

    Layout layoutFor(int width) const;
    void relayout();
    void ensureVisible(int position);
    int scrollOffset() const;
    int legendHeight() const;
    int chipHeight() const;
    int chipWidth(std::int32_t token) const;
    QString nameOf(std::int32_t token) const;
    void paintChip(QPainter& painter, const QRect& rect, int position) const;
    void paintLegend(QPainter& painter) const;
    void paintHeadsOffMark(QPainter& painter, const QRect& chip) const;

    TokenNamer m_namer;
    std::vector<std::int32_t> m_tokens;
    int m_promptLength = 0;
    std::vector<float> m_probability;
    std::vector<ChoiceKind> m_how;
    std::vector<QString> m_headsOff;
    QString m_pendingHeadsOff;
    std::optional<std::int32_t> m_pending;
    float m_pendingProbability = 0.0f;
    ChoiceKind m_pendingHow = ChoiceKind::Greedy;
    int m_selected = -1;
    int m_hover = -1;
    bool m_legendVisible = true;

    Layout m_layout;
    QScrollBar* m_scroll = nullptr;
    mutable QHash<std::int32_t, QString> m_names;   // namer results, cleared with the namer
    mutable QHash<std::int32_t, int> m_widths;      // chip widths, cleared on font changes
};

}  // namespace attnscope::views
