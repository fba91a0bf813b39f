#pragma once
// Switching heads off: choose heads (a layers x heads grid of check boxes), zero or mean
// ablation, then compare the next-token distribution of the step on screen with and without
// them (two bar charts of the top-k and the KL divergence, at the temperature of the next-token
// bars), or keep generating with them off.
// The panel only asks; the window computes (model/Analysis) and hands the comparison back.

#include <QWidget>

#include <optional>
#include <utility>
#include <vector>

#include "model/Analysis.h"
#include "views/ViewTypes.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QPushButton;
class QTableWidget;

namespace attnscope::views {

class AblationBars;

class AblationPanel : public QWidget {
    Q_OBJECT
public:
    enum class Mode { Zero, Mean };

    explicit AblationPanel(QWidget* parent = nullptr);

    void setNamer(TokenNamer namer);
    void setShape(int nLayer, int nHead);  // a new model: clears the choice
    std::vector<std::pair<int, int>> checkedHeads() const;
    void setChecked(int layer, int head, bool checked);
    Mode mode() const;
    bool generateWithHeadsOff() const;
    // Sets the ticks, the mode and the generation switch at once, without emitting choiceChanged
    // (the panel shows the lesson state; what it emits is the user's change).
    void restoreState(const std::vector<std::pair<int, int>>& checked, Mode mode, bool generateWithHeadsOff);

    void showComparison(const analysis::AblationComparison& comparison, int step);
    void setMessage(const QString& text);
    QString resultText() const;  // the summary above the charts (for tests)
    AblationBars* bars() const { return m_bars; }

signals:
    void compareRequested();
    // The user ticked or unticked a head, or changed the mode or the generation switch.
    void choiceChanged();

private:
    QTableWidget* m_grid = nullptr;
    QComboBox* m_mode = nullptr;
    QPushButton* m_compare = nullptr;
    QCheckBox* m_generate = nullptr;
    QLabel* m_result = nullptr;    // step, heads, mode, temperature, KL; or a message
    AblationBars* m_bars = nullptr;
    TokenNamer m_namer;
    bool m_updating = false;
};

}  // namespace attnscope::views
