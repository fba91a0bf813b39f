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
    for (int i = 0; i < 3; ++i) {
        auto* rect = new QCPAxisRect(m_plot);
        m_plot->plotLayout()->addElement(0, i, rect);
        rect->axis(QCPAxis::atLeft)->setRangeReversed(true);  // query rows top to bottom
        rect->axis(QCPAxis::atBottom)->setLabel(QString::fromUtf8(titles[i]));
        m_maps[i] = new QCPColorMap(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
        m_maps[i]->setInterpolate(false);
        QCPColorGradient gradient = i < 2 ? viridisGradient() : divergingGradient();  // red: A attends more, blue: B
        gradient.setNanHandling(QCPColorGradient::nhNanColor);
        gradient.setNanColor(heatmapstyle::maskColor());  // the masked future, as in the heatmap
        m_maps[i]->setGradient(gradient);
        m_maps[i]->setDataRange(i < 2 ? QCPRange(0, 1) : QCPRange(-1, 1));
    }
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

Eigen::MatrixXf ComparePromptsView::attentionOf(const StepRecord& record, const Selection& s) {
    const int layer = std::clamp(s.layer, 0, record.shape->nLayer - 1);
    if (!s.averageHeads) return record.attentionMatrix(layer, std::clamp(s.head, 0, record.shape->nHead - 1));
    Eigen::MatrixXf mean = Eigen::MatrixXf::Zero(record.length(), record.length());
    for (int h = 0; h < record.shape->nHead; ++h) mean += record.attentionMatrix(layer, h);
    return mean / static_cast<float>(record.shape->nHead);
}

void ComparePromptsView::refresh() {
    if (!m_recordA || !m_recordB || !m_recordA->recorded() || !m_recordB->recorded()) return;
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
    text += tr(" Red: A attends more; blue: B attends more.");
    m_caption->setText(text);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

}  // namespace attnscope::views
