#pragma once
// Switching heads off, as two bar charts side by side: the next-token candidates before (all
// heads on) and after (the ticked heads off), best on top, at the temperature the comparison
// was made at. Each bar says its probability and, after, how far it moved; a token that
// rose is drawn green, one that fell red, so the effect of the heads reads at a glance.

#include <QWidget>

#include "model/Analysis.h"
#include "views/ViewTypes.h"

class QCustomPlot;

namespace attnscope::views {

class AblationBars : public QWidget {
    Q_OBJECT
public:
    enum class Side { Before, After };

    explicit AblationBars(QWidget* parent = nullptr);

    void setNamer(TokenNamer namer);
    void setComparison(const analysis::AblationComparison& comparison);
    void clear();

    // What each chart shows, for tests: bar i (0 = best) of a side.
    int barCount(Side side) const;
    QString labelFor(Side side, int index) const;
    double valueFor(Side side, int index) const;   // its probability on that side
    double changeFor(int index) const;             // after bar i: after minus before
    QColor colorFor(Side side, int index) const;
    QCustomPlot* plot(Side side) const { return side == Side::Before ? m_before : m_after; }

    static QColor beforeColor();
    static QColor roseColor();
    static QColor fellColor();

    bool sideBySide() const;  // false: stacked (a narrow dock)

    QSize sizeHint() const override { return {360, 300}; }

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void draw(QCustomPlot* plot, const QString& title, Side side);

    QCustomPlot* m_before = nullptr;
    QCustomPlot* m_after = nullptr;
    TokenNamer m_namer;
    analysis::AblationComparison m_comparison;
    bool m_has = false;
};

}  // namespace attnscope::views
