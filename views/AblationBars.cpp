#include "views/AblationBars.h"

#include <QHBoxLayout>

#include <algorithm>

#include <qcustomplot.h>

namespace attnscope::views {

namespace {

constexpr double kBarWidth = 0.7;
constexpr int kSideBySideMinWidth = 240;

QString percent(double p) { return QStringLiteral("%1%").arg(100.0 * p, 0, 'f', p < 0.001 ? 3 : 1); }

}  // namespace

QColor AblationBars::beforeColor() { return QColor(0x4c, 0x78, 0xa8); }
QColor AblationBars::roseColor() { return QColor(0x2e, 0x8b, 0x57); }
QColor AblationBars::fellColor() { return QColor(0xc0, 0x39, 0x2b); }

AblationBars::AblationBars(QWidget* parent) : QWidget(parent), m_before(new QCustomPlot(this)), m_after(new QCustomPlot(this)) {
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(m_before);
    layout->addWidget(m_after);
    for (QCustomPlot* plot : {m_before, m_after}) {
        plot->setMinimumHeight(220);  // ten labelled bars
        plot->plotLayout()->insertRow(0);
        plot->plotLayout()->addElement(0, 0, new QCPTextElement(plot, QString(), font()));
        plot->yAxis->setRangeReversed(true);
        plot->yAxis->setTicker(QSharedPointer<QCPAxisTickerText>(new QCPAxisTickerText));
        plot->yAxis->setSubTicks(false);
        plot->yAxis->setTickLength(0, 0);
        plot->yAxis->grid()->setVisible(false);
        plot->xAxis->setLabel(tr("probability"));
        plot->xAxis->grid()->setPen(QPen(QColor(0xe2, 0xe2, 0xe2), 0));
    }
    clear();
}

void AblationBars::resizeEvent(QResizeEvent* event) {
    // Side by side where each chart gets room for its labels, else one above the other.
    auto* box = static_cast<QBoxLayout*>(layout());
    box->setDirection(width() >= 2 * kSideBySideMinWidth ? QBoxLayout::LeftToRight : QBoxLayout::TopToBottom);
    QWidget::resizeEvent(event);
}

bool AblationBars::sideBySide() const { return static_cast<QBoxLayout*>(layout())->direction() == QBoxLayout::LeftToRight; }

void AblationBars::setNamer(TokenNamer namer) { m_namer = std::move(namer); }

void AblationBars::clear() {
    m_has = false;
    m_comparison = {};
    draw(m_before, tr("before: all heads on"), Side::Before);
    draw(m_after, tr("after: ticked heads off"), Side::After);
}

void AblationBars::setComparison(const analysis::AblationComparison& comparison) {
    m_comparison = comparison;
    m_has = true;
    draw(m_before, tr("before: all heads on"), Side::Before);
    draw(m_after, tr("after: ticked heads off"), Side::After);
}

int AblationBars::barCount(Side side) const {
    if (!m_has) return 0;
    return static_cast<int>((side == Side::Before ? m_comparison.before : m_comparison.after).top.size());
}

QString AblationBars::labelFor(Side side, int index) const {
    if (index < 0 || index >= barCount(side)) return {};
    const auto token = (side == Side::Before ? m_comparison.before : m_comparison.after).top[static_cast<std::size_t>(index)].token;
    return m_namer ? m_namer(token) : QString::number(token);
}

double AblationBars::valueFor(Side side, int index) const {
    if (index < 0 || index >= barCount(side)) return 0;
    return (side == Side::Before ? m_comparison.before : m_comparison.after).top[static_cast<std::size_t>(index)].probability;
}

double AblationBars::changeFor(int index) const {
    if (index < 0 || index >= barCount(Side::After) || static_cast<std::size_t>(index) >= m_comparison.beforeOfAfter.size()) return 0;
    return valueFor(Side::After, index) - m_comparison.beforeOfAfter[static_cast<std::size_t>(index)];
}

QColor AblationBars::colorFor(Side side, int index) const {
    if (side == Side::Before) return beforeColor();
    const double change = changeFor(index);
    if (std::abs(change) < 1e-4) return beforeColor();
    return change > 0 ? roseColor() : fellColor();
}

void AblationBars::draw(QCustomPlot* plot, const QString& title, Side side) {
    plot->clearPlottables();
    plot->clearItems();
    auto* heading = static_cast<QCPTextElement*>(plot->plotLayout()->element(0, 0));
    heading->setText(title);
    auto ticker = qSharedPointerCast<QCPAxisTickerText>(plot->yAxis->ticker());
    ticker->clear();
    const int n = barCount(side);
    double top = 0;
    for (int i = 0; i < n; ++i) top = std::max(top, valueFor(side, i));
    // One QCPBars per colour: QCustomPlot colours a whole plottable.
    std::map<QRgb, QCPBars*> bars;
    for (int i = 0; i < n; ++i) {
        const QColor colour = colorFor(side, i);
        QCPBars*& b = bars[colour.rgb()];
        if (!b) {
            b = new QCPBars(plot->yAxis, plot->xAxis);
            b->setWidth(kBarWidth);
            b->setPen(Qt::NoPen);
            b->setBrush(colour);
        }
        b->addData(i, valueFor(side, i));
        ticker->addTick(i, labelFor(side, i));
        auto* text = new QCPItemText(plot);
        text->position->setCoords(valueFor(side, i), i);
        text->setPositionAlignment(Qt::AlignLeft | Qt::AlignVCenter);
        text->setPadding(QMargins(4, 0, 0, 0));
        QString label = percent(valueFor(side, i));
        if (side == Side::After && std::abs(changeFor(i)) >= 1e-4) {
            label += QStringLiteral(" (%1%2 pts)").arg(changeFor(i) > 0 ? QStringLiteral("+") : QString(), QString::number(100.0 * changeFor(i), 'f', 1));
        }
        text->setText(label);
        text->setFont(font());
    }
    plot->yAxis->setRange(-0.6, std::max(1, n) - 0.4);
    plot->xAxis->setRange(0, std::max(0.05, top * 1.6));  // room for the labels right of the bars
    plot->replot(QCustomPlot::rpQueuedReplot);
}

}  // namespace attnscope::views
