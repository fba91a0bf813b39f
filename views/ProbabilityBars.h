#pragma once
// The next-token candidates of one step (S1, S7, S13): the record's top-k with their
// probabilities (or logits), best on top, the chosen token in its own colour, the top-k and
// top-p cut-offs drawn where sampling applies them, and a live temperature preview. Clicking a
// candidate asks the app to force it (S1: pick a word and continue).
//
// One QCustomPlot whose items are made once; a new record only changes data and queues a
// replot (coalesced by QCustomPlot), so a fast generation never replots per record.

#include <QWidget>

#include <cstdint>
#include <limits>
#include <vector>

#include "views/ViewTypes.h"

class QCustomPlot;
class QCPBars;
class QCPItemStraightLine;
class QCPItemText;
class QCPTextElement;

namespace attnscope::views {

class ProbabilityBars : public QWidget {
    Q_OBJECT
public:
    explicit ProbabilityBars(QWidget* parent = nullptr);

    void setNamer(TokenNamer namer);
    void setRecord(StepRecordPtr record);
    // Shows the candidates' raw logits instead of their probabilities.
    void setShowLogits(bool show);
    // Previews the candidates at another temperature. The record keeps only the top-k, so the
    // preview is softmax(logit / T) renormalised over the shown candidates (and says so).
    // NaN, T <= 0 or the record's own temperature shows the record's exact probabilities.
    void setTemperature(float temperature);

    const StepRecordPtr& record() const { return m_record; }
    bool showLogits() const { return m_showLogits; }
    bool previewing() const;             // a temperature preview is shown
    float recordTemperature() const;     // what the record's probabilities were computed at
    float shownTemperature() const;      // the preview's temperature while previewing, else the record's

    // For tests and for the window; index 0 is the best candidate (drawn on top).
    int candidateCount() const;
    std::int32_t tokenAt(int index) const;
    QString labelFor(int index) const;   // the axis label of bar `index`
    double valueFor(int index) const;    // what bar `index` shows (probability, preview or logit)
    QColor barColor(int index) const;
    int highlightedIndex() const;        // the chosen token's bar; -1 when it is not among them
    int topKCut() const;                 // bars [0, cut) are kept by top-k; -1: no line drawn
    int topPCut() const;                 // bars [0, cut) are kept by top-p; -1: no line drawn
    QString caption() const;             // the text above the plot
    int candidateAt(QPoint point) const; // in this widget's coordinates; -1 when none
    QRect barRect(int index) const;      // in this widget's coordinates (after a replot)
    QString tooltipFor(int index) const; // "" for an index outside the list
    QCustomPlot* plot() const { return m_plot; }

    static QString choiceWords(ChoiceKind kind);  // "greedy", "sampled", "forced", translated
    static QColor keptColor();     // candidates sampling can pick
    static QColor cutColor();      // candidates the top-k / top-p cut removed
    static QColor chosenColor();   // the token the step chose

    QSize sizeHint() const override;

signals:
    void candidateChosen(std::int32_t token);

protected:
    bool event(QEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    void rebuild();
    void fitKeyRange();
    std::vector<double> values() const;
    QString nameOf(std::int32_t token) const;
    int keptCount() const;  // how many bars sampling could pick from (cuts applied)

    TokenNamer m_namer;
    StepRecordPtr m_record;
    bool m_showLogits = false;
    float m_temperature = std::numeric_limits<float>::quiet_NaN();  // no preview

    // Computed by rebuild() from the above.
    std::vector<double> m_values;
    int m_topKCut = -1;
    int m_topPCut = -1;
    int m_chosenIndex = -1;
    double m_base = 0;  // where the bars start: 0 for probabilities, below the lowest logit

    QCustomPlot* m_plot = nullptr;
    QCPTextElement* m_title = nullptr;
    QCPBars* m_kept = nullptr;
    QCPBars* m_cut = nullptr;
    QCPBars* m_chosen = nullptr;
    QCPItemStraightLine* m_topKLine = nullptr;
    QCPItemStraightLine* m_topPLine = nullptr;
    QCPItemText* m_topKText = nullptr;
    QCPItemText* m_topPText = nullptr;
    QCPItemText* m_emptyText = nullptr;
    std::vector<QCPItemText*> m_valueTexts;  // a pool, grown once to the longest list seen
};

}  // namespace attnscope::views
