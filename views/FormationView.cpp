#include "views/FormationView.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>
#include <QVBoxLayout>

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>

#include "views/HeatmapStyle.h"
#include "views/MatrixImage.h"

namespace attnscope::views {
namespace {

QString headName(int index, int nHead) { return QStringLiteral("L%1H%2").arg(index / nHead).arg(index % nHead); }

double millions(std::int64_t tokens) { return static_cast<double>(tokens) / 1e6; }

}  // namespace

FormationView::FormationView(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    m_message = new QLabel(this);
    m_message->setWordWrap(true);
    layout->addWidget(m_message);

    m_curves = new QCustomPlot(this);
    m_curves->setMinimumSize(160, 200);  // narrower than its axes ask: a laptop's dock
    m_curves->xAxis->setLabel(tr("tokens seen in training (millions)"));
    m_curves->yAxis->setLabel(tr("loss on the sequence (nats)"));
    m_curves->yAxis2->setVisible(true);
    m_curves->yAxis2->setLabel(tr("best head score"));
    m_curves->yAxis2->setRange(0, 1);
    m_curves->legend->setVisible(true);
    m_curves->legend->setFont(font());
    // Under the plot, two entries a line, so that it never hides the curves in a narrow dock.
    auto* legendRow = new QCPLayoutGrid;
    m_curves->plotLayout()->addElement(1, 0, legendRow);
    m_curves->plotLayout()->setRowStretchFactor(1, 0.001);
    legendRow->setMargins(QMargins(0, 0, 0, 0));
    legendRow->addElement(0, 0, m_curves->legend);
    m_curves->legend->setFillOrder(QCPLegend::foColumnsFirst);
    m_curves->legend->setWrap(2);
    m_curves->legend->setBorderPen(Qt::NoPen);
    auto addGraph = [&](QCPAxis* valueAxis, const QString& name, QColor color, Qt::PenStyle style) {
        QCPGraph* g = m_curves->addGraph(m_curves->xAxis, valueAxis);
        g->setName(name);
        g->setPen(QPen(color, 2, style));
        g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 4));
        return g;
    };
    addGraph(m_curves->yAxis, tr("loss, first copy"), QColor(0x88, 0x88, 0x88), Qt::DashLine);
    addGraph(m_curves->yAxis, tr("loss, second copy"), QColor(0x22, 0x22, 0x22), Qt::SolidLine);
    addGraph(m_curves->yAxis2, tr("previous-token score"), QColor(0x1f, 0x77, 0xb4), Qt::SolidLine);
    addGraph(m_curves->yAxis2, tr("induction score"), QColor(0xe8, 0x17, 0x5d), Qt::SolidLine);
    m_marker = new QCPItemStraightLine(m_curves);
    m_marker->setPen(QPen(QColor(0, 0, 0, 90), 1, Qt::DotLine));
    layout->addWidget(m_curves, 3);

    auto* row = new QHBoxLayout;
    m_slider = new QSlider(Qt::Horizontal, this);
    m_slider->setToolTip(tr("Scrub through the checkpoints taken along the training"));
    row->addWidget(new QLabel(tr("Checkpoint"), this));
    row->addWidget(m_slider, 1);
    row->addWidget(new QLabel(tr("Head"), this));
    m_head = new QComboBox(this);
    m_head->setToolTip(tr("The head whose attention is drawn below"));
    row->addWidget(m_head);
    layout->addLayout(row);
    m_caption = new QLabel(this);
    m_caption->setWordWrap(true);
    m_caption->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_caption);

    m_heatmap = new QCustomPlot(this);
    m_heatmap->setMinimumSize(160, 220);
    m_heatmap->xAxis->setLabel(tr("key position"));
    m_heatmap->yAxis->setLabel(tr("query position"));
    m_heatmap->yAxis->setRangeReversed(true);
    m_image = new MatrixImage(m_heatmap->xAxis, m_heatmap->yAxis);
    layout->addWidget(m_heatmap, 4);

    connect(m_slider, &QSlider::valueChanged, this, [this] { showCheckpoint(); });
    connect(m_head, &QComboBox::currentIndexChanged, this, [this] { showCheckpoint(); });
    setMessage(tr("No series loaded."));
}

void FormationView::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    fitLegend();
}

void FormationView::fitLegend() {
    QCPLegend* legend = m_curves->legend;
    int widest = 0;
    for (int i = 0; i < legend->itemCount(); ++i) widest = std::max(widest, legend->item(i)->minimumOuterSizeHint().width());
    const int perLine = 2 * widest + 20 <= m_curves->width() ? 2 : 1;
    if (legend->wrap() == perLine) return;
    legend->setWrap(perLine);
    m_curves->setMinimumHeight(perLine == 1 ? 270 : 200);  // room for the curves above four lines of legend

    legend->setFillOrder(QCPLegend::foColumnsFirst, true);  // true: lay the entries out again
    m_curves->replot(QCustomPlot::rpQueuedReplot);

}

void FormationView::setControlsEnabled(bool enabled) {

    for (QWidget* w : std::initializer_list<QWidget*>{m_curves, m_heatmap, m_slider, m_head, m_caption}) w->setEnabled(enabled);
}

void FormationView::setMessage(const QString& text) {
    m_series.reset();
    m_message->setText(text);
    m_message->setVisible(true);
    setControlsEnabled(false);
}

void FormationView::setSeries(std::shared_ptr<const formation::Series> series) {
    m_series = std::move(series);
    if (!m_series || m_series->readings.empty()) {
        setMessage(tr("The series holds no checkpoints."));
        return;
    }
    const formation::Reading& last = m_series->readings.back();
    // What the series shows, read off its own measurements (a head has "formed" once it has
    // come a tenth of the way from its first score to its last).
    const int previousHead = last.bestPreviousTokenHead(), inductionHead = last.bestInductionHead();
    const int previousAt = formation::formedAt(*m_series, formation::Score::PreviousToken, previousHead);
    const int inductionAt = formation::formedAt(*m_series, formation::Score::Induction, inductionHead);
    const auto stepOf = [&](int i) { return i < 0 ? QString(QStringLiteral("–")) : QString::number(m_series->readings[static_cast<std::size_t>(i)].checkpoint.step); };
    QString order;
    if (previousAt >= 0 && inductionAt >= 0) {
        order = previousAt == inductionAt ? tr("The previous-token head %1 and the induction head %2 form together, by step %3; ")
                                                .arg(headName(previousHead, last.nHead), headName(inductionHead, last.nHead), stepOf(previousAt))
                : previousAt < inductionAt
                    ? tr("The previous-token head %1 forms first (by step %2), the induction head %3 after it (by step %4); ")
                          .arg(headName(previousHead, last.nHead), stepOf(previousAt), headName(inductionHead, last.nHead), stepOf(inductionAt))
                    : tr("The induction head %1 forms by step %2, the previous-token head %3 by step %4; ")
                          .arg(headName(inductionHead, last.nHead), stepOf(inductionAt), headName(previousHead, last.nHead), stepOf(previousAt));
    }
    m_message->setText(tr("One %1-layer GPT-2 along its training, measured now on %2 random tokens repeated once. %3"
                          "the induction head looks at the token after the current token's earlier copy, and as it "
                          "forms, the loss on the second copy drops below the first's.")
                           .arg(last.nLayer).arg(m_series->period).arg(order));
    setControlsEnabled(true);
    {
        const QSignalBlocker blockHead(m_head);
        m_head->clear();
        for (int i = 0; i < last.nLayer * last.nHead; ++i) m_head->addItem(headName(i, last.nHead));
        // The head that ends as the induction head: the one to watch forming.
        m_head->setCurrentIndex(last.bestInductionHead());
    }
    {
        const QSignalBlocker blockSlider(m_slider);
        m_slider->setRange(0, static_cast<int>(m_series->readings.size()) - 1);
        m_slider->setValue(m_slider->maximum());
    }
    rebuildCurves();
    showCheckpoint();
}

void FormationView::rebuildCurves() {
    QVector<double> x, first, second, prev, ind;
    double lossMax = 0;
    for (const formation::Reading& r : m_series->readings) {
        x << millions(r.checkpoint.tokensSeen);
        first << r.lossFirstCopy;
        second << r.lossSecondCopy;
        prev << r.previousToken[static_cast<std::size_t>(r.bestPreviousTokenHead())];
        ind << r.induction[static_cast<std::size_t>(r.bestInductionHead())];
        lossMax = std::max({lossMax, r.lossFirstCopy, r.lossSecondCopy});
    }
    m_curves->graph(0)->setData(x, first);
    m_curves->graph(1)->setData(x, second);
    m_curves->graph(2)->setData(x, prev);
    m_curves->graph(3)->setData(x, ind);
    m_curves->xAxis->setRange(0, x.back() * 1.03);
    m_curves->yAxis->setRange(0, lossMax * 1.08);
}

void FormationView::setCheckpoint(int index) { m_slider->setValue(index); }
int FormationView::checkpoint() const { return m_slider->value(); }
void FormationView::setHead(int layer, int head) {
    if (!m_series || m_series->readings.empty()) return;
    m_head->setCurrentIndex(layer * m_series->readings.front().nHead + head);
}
int FormationView::headIndex() const { return m_head->currentIndex(); }
QString FormationView::caption() const { return m_caption->text(); }
const QImage& FormationView::attentionImage() const { return m_image->image(); }

void FormationView::showCheckpoint() {
    if (!m_series || m_series->readings.empty()) return;
    const int index = std::clamp(m_slider->value(), 0, static_cast<int>(m_series->readings.size()) - 1);
    const formation::Reading& r = m_series->readings[static_cast<std::size_t>(index)];
    const int head = std::clamp(m_head->currentIndex(), 0, r.nLayer * r.nHead - 1);
    const int bestPrev = r.bestPreviousTokenHead(), bestInd = r.bestInductionHead();
    m_caption->setText(tr("Step %1 (%2 M tokens seen): loss %3 on the first copy, %4 on the second. "
                          "Best previous-token head %5 (%6), best induction head %7 (%8). "
                          "Shown: %9, previous-token %10, induction %11.")
                           .arg(r.checkpoint.step)
                           .arg(millions(r.checkpoint.tokensSeen), 0, 'f', 2)
                           .arg(r.lossFirstCopy, 0, 'f', 2)
                           .arg(r.lossSecondCopy, 0, 'f', 2)
                           .arg(headName(bestPrev, r.nHead))
                           .arg(r.previousToken[static_cast<std::size_t>(bestPrev)], 0, 'f', 2)
                           .arg(headName(bestInd, r.nHead))
                           .arg(r.induction[static_cast<std::size_t>(bestInd)], 0, 'f', 2)
                           .arg(headName(head, r.nHead))
                           .arg(r.previousToken[static_cast<std::size_t>(head)], 0, 'f', 2)
                           .arg(r.induction[static_cast<std::size_t>(head)], 0, 'f', 2));
    const double x = millions(r.checkpoint.tokensSeen);
    m_marker->point1->setCoords(x, 0);
    m_marker->point2->setCoords(x, 1);
    m_curves->replot(QCustomPlot::rpQueuedReplot);

    // The attention matrix as viridis pixels; the future (masked) cells in the mask's grey.
    const Eigen::MatrixXf& a = r.attention[static_cast<std::size_t>(head)];
    const int T = static_cast<int>(a.rows());
    QImage image(T, T, QImage::Format_RGB32);
    const auto& table = heatmapstyle::viridisTable();
    for (int q = 0; q < T; ++q) {
        auto* line = reinterpret_cast<QRgb*>(image.scanLine(q));
        for (int k = 0; k < T; ++k) {
            line[k] = k > q ? heatmapstyle::maskColor().rgb()
                            : table[static_cast<std::size_t>(std::clamp(std::lround(a(q, k) * 255.0f), 0L, 255L))];
        }
    }
    m_image->setImage(std::move(image));
    m_heatmap->xAxis->setRange(-0.5, T - 0.5);
    m_heatmap->yAxis->setRange(-0.5, T - 0.5);
    m_heatmap->replot(QCustomPlot::rpQueuedReplot);
}

}  // namespace attnscope::views
