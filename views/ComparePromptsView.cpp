#include "views/ComparePromptsView.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>
#include <qcustomplot.h>

#include <algorithm>
#include <cmath>

#include "views/Colormaps.h"
#include "views/HeatmapStyle.h"

namespace attnscope::views {

ComparePromptsView::ComparePromptsView(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    auto* prompts = new QHBoxLayout;
    m_promptA = new QLineEdit(QStringLiteral("The robot picked up the ball because it"), this);
    m_promptB = new QLineEdit(QStringLiteral("The robots picked up the balls because they"), this);
    m_promptA->setToolTip(tr("Prompt A"));
    m_promptB->setToolTip(tr("Prompt B: where its tokens line up with A's, the difference is shown"));
    m_compare = new QPushButton(tr("Compare"), this);
    m_compare->setToolTip(tr("Run both prompts and show the selected layer and head for each, and A − B"));
    connect(m_compare, &QPushButton::clicked, this, &ComparePromptsView::compareRequested);
    prompts->addWidget(new QLabel(tr("A"), this));
    prompts->addWidget(m_promptA, 1);
    prompts->addWidget(new QLabel(tr("B"), this));
    prompts->addWidget(m_promptB, 1);
    prompts->addWidget(m_compare);
    layout->addLayout(prompts);
    m_caption = new QLabel(this);
    m_caption->setWordWrap(true);
    layout->addWidget(m_caption);

    m_plot = new QCustomPlot(this);
    m_plot->plotLayout()->clear();
    const char* titles[3] = {"A", "B", "A − B"};  // the summary above says which positions are aligned
    // One colour scale for the two attention maps (0..1), one for their difference (−1..1).
    for (int i = 0; i < 2; ++i) {
        m_scales[i] = new QCPColorScale(m_plot);
        m_scales[i]->setType(QCPAxis::atBottom);
        m_scales[i]->setBarWidth(8);
        QCPColorGradient gradient = i == 0 ? viridisGradient() : divergingGradient();  // red: A attends more, blue: B
        gradient.setNanHandling(QCPColorGradient::nhNanColor);
        gradient.setNanColor(heatmapstyle::maskColor());  // the masked future, as in the heatmap
        m_scales[i]->setGradient(gradient);
        m_scales[i]->setDataRange(i == 0 ? QCPRange(0, 1) : QCPRange(-1, 1));
        m_scales[i]->axis()->setLabel(i == 0 ? tr("attention (A and B)") : tr("A − B: red A more, blue B more"));
    }
    for (int i = 0; i < 3; ++i) {
        auto* rect = new QCPAxisRect(m_plot);
        m_plot->plotLayout()->addElement(0, i, rect);  // arrange() places it
        rect->axis(QCPAxis::atLeft)->setRangeReversed(true);  // query rows top to bottom
        rect->axis(QCPAxis::atBottom)->setLabel(QString::fromUtf8(titles[i]));
        rect->axis(QCPAxis::atBottom)->setTickLabelRotation(90);
        for (QCPAxis* axis : {rect->axis(QCPAxis::atLeft), rect->axis(QCPAxis::atBottom)}) {
            axis->setTicker(QSharedPointer<QCPAxisTickerText>::create());
            axis->setSubTicks(false);
        }
        m_maps[i] = new QCPColorMap(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
        m_maps[i]->setInterpolate(false);
        m_maps[i]->setColorScale(m_scales[i < 2 ? 0 : 1]);
    }
    arrange(false);
    // The maps shrink with the dock rather than pushing the docks beside it off the screen.
    m_plot->setMinimumSize(120, 150);
    m_plot->setVisible(false);  // nothing to draw before the first comparison
    layout->addWidget(m_plot, 1);
    setMessage(tr("Two prompts that differ in one place (robot/robots, it/they): press Compare to see how one head's "
                  "attention changes."));
}

void ComparePromptsView::setNamer(TokenNamer namer) { m_namer = std::move(namer); }
QString ComparePromptsView::promptA() const { return m_promptA->text(); }
QString ComparePromptsView::promptB() const { return m_promptB->text(); }

void ComparePromptsView::setPrompts(const QString& a, const QString& b) {
    m_promptA->setText(a);
    m_promptB->setText(b);
}

void ComparePromptsView::setRecords(StepRecordPtr a, StepRecordPtr b) {
    m_recordA = std::move(a);
    m_recordB = std::move(b);
    refresh();
}

void ComparePromptsView::setSelection(const Selection& selection) {
    m_selection = selection;
    refresh();
}

void ComparePromptsView::setMessage(const QString& text) { m_caption->setText(text); }

QString ComparePromptsView::caption() const { return m_caption->text(); }

bool ComparePromptsView::showsPlot() const { return !m_plot->isHidden(); }

Eigen::MatrixXf ComparePromptsView::attentionOf(const StepRecord& record, const Selection& s) {
    const int layer = std::clamp(s.layer, 0, record.shape->nLayer - 1);
    if (!s.averageHeads) return record.attentionMatrix(layer, std::clamp(s.head, 0, record.shape->nHead - 1));
    Eigen::MatrixXf mean = Eigen::MatrixXf::Zero(record.length(), record.length());
    for (int h = 0; h < record.shape->nHead; ++h) mean += record.attentionMatrix(layer, h);
    return mean / static_cast<float>(record.shape->nHead);
}

QStringList ComparePromptsView::tokenLabels(int map) const {
    QStringList labels;
    if (map < 0 || map > 2) return labels;
    const auto ticker = m_maps[map]->valueAxis()->ticker().dynamicCast<QCPAxisTickerText>();
    if (!ticker) return labels;
    for (auto it = ticker->ticks().cbegin(); it != ticker->ticks().cend(); ++it) labels << it.value();
    return labels;
}

void ComparePromptsView::labelAxes() {
    if (!m_recordA || !m_recordB) return;
    // Token names on both axes (every n-th where they would not fit); the difference's names
    // read "A/B" where the two texts differ.
    const auto name = [this](std::int32_t id) { return m_namer ? m_namer(id) : QString::number(id); };
    const auto label = [&](int map, int p) {
        const QString a = p < m_recordA->length() ? name(m_recordA->tokens[p]) : QString();
        const QString b = p < m_recordB->length() ? name(m_recordB->tokens[p]) : QString();
        if (map == 0) return a;
        if (map == 1) return b;
        return a == b ? a : QStringLiteral("%1/%2").arg(a, b);
    };
    const int lineHeight = QFontMetrics(font()).height();
    for (int map = 0; map < 3; ++map) {
        const int n = static_cast<int>(map == 0 ? m_a.rows() : map == 1 ? m_b.rows() : m_difference.rows());
        // Before the plot is laid out its height says nothing: every label, thinned on resize.
        const int room = m_maps[map]->valueAxis()->axisRect()->height();
        const int every = room > 2 * lineHeight ? std::max(1, (n * lineHeight + room - 1) / room) : 1;
        for (QCPAxis* axis : {m_maps[map]->keyAxis(), m_maps[map]->valueAxis()}) {
            auto ticker = axis->ticker().dynamicCast<QCPAxisTickerText>();
            ticker->clear();
            for (int p = 0; p < n; p += every) {
                const QString text = label(map, p);
                ticker->addTick(p, QStringLiteral("%1 %2").arg(p).arg(text.size() > 12 ? text.left(11) + QStringLiteral("…") : text));
            }
        }
    }
}

void ComparePromptsView::arrange(bool inColumn) {
    // Where the view is wider than tall the three maps stand in a row with the scales under
    // them; where it is taller (a narrow window, or the view docked elsewhere), in a column.
    QCPLayoutGrid* grid = m_plot->plotLayout();
    if (m_arranged && m_inColumn == inColumn) return;
    m_arranged = true;
    m_inColumn = inColumn;
    for (int i = 0; i < 3; ++i) grid->take(m_maps[i]->keyAxis()->axisRect());
    for (QCPColorScale* scale : m_scales) grid->take(scale);
    grid->simplify();
    for (int i = 0; i < 3; ++i) grid->addElement(inColumn ? i : 0, inColumn ? 0 : i, m_maps[i]->keyAxis()->axisRect());
    grid->addElement(inColumn ? 3 : 1, 0, m_scales[0]);
    grid->addElement(inColumn ? 4 : 1, inColumn ? 0 : 2, m_scales[1]);
    grid->simplify();
}

void ComparePromptsView::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    arrange(width() < height());
    if (m_a.size() == 0) return;
    m_plot->replot(QCustomPlot::rpImmediateRefresh);  // lays the rects out at the new size
    labelAxes();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void ComparePromptsView::refresh() {
    if (!m_recordA || !m_recordB || !m_recordA->recorded() || !m_recordB->recorded()) return;
    m_plot->setVisible(true);
    m_a = attentionOf(*m_recordA, m_selection);
    m_b = attentionOf(*m_recordB, m_selection);
    const int aligned = static_cast<int>(std::min(m_a.rows(), m_b.rows()));
    m_difference = m_a.topLeftCorner(aligned, aligned) - m_b.topLeftCorner(aligned, aligned);

    auto fill = [](QCPColorMap* map, const Eigen::MatrixXf& m) {
        const int n = static_cast<int>(m.rows());
        map->data()->setSize(n, n);
        map->data()->setRange(QCPRange(0, n - 1), QCPRange(0, n - 1));
        for (int i = 0; i < n; ++i) {
            for (int j = 0; j < n; ++j) {
                // The future (j > i) is masked: NaN shows the plot's background, not a zero weight.
                map->data()->setCell(j, i, j > i ? std::nan("") : static_cast<double>(m(i, j)));
            }
        }
        map->keyAxis()->setRange(-0.5, n - 0.5);
        map->valueAxis()->setRange(-0.5, n - 0.5);
    };
    fill(m_maps[0], m_a);
    fill(m_maps[1], m_b);
    fill(m_maps[2], m_difference);

    labelAxes();

    int differing = -1;
    for (int p = 0; p < aligned && differing < 0; ++p) {
        if (m_recordA->tokens[p] != m_recordB->tokens[p]) differing = p;
    }
    const QString head = m_selection.averageHeads ? tr("mean of the heads") : tr("head %1").arg(m_selection.head);
    QString text = tr("Layer %1 · %2. A has %3 tokens, B %4; the difference covers the first %5 positions.")
                       .arg(m_selection.layer)
                       .arg(head)
                       .arg(m_a.rows())
                       .arg(m_b.rows())
                       .arg(aligned);
    if (differing >= 0) {
        const auto name = [this](std::int32_t id) { return m_namer ? m_namer(id) : QString::number(id); };
        text += tr(" The texts first differ at position %1 (\u201C%2\u201D vs \u201C%3\u201D).")
                    .arg(differing)
                    .arg(name(m_recordA->tokens[differing]), name(m_recordB->tokens[differing]));
    }
    m_caption->setText(text);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

}  // namespace attnscope::views
