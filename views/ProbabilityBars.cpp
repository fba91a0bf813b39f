#include "views/ProbabilityBars.h"

#include "views/Tooltip.h"

#include <QHelpEvent>
#include <QMouseEvent>
#include <QToolTip>
#include <QVBoxLayout>

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>

namespace attnscope::views {
namespace {

constexpr double kBarWidth = 0.72;

// "41.2%", and two significant digits below 1% ("0.19%", "0.042%") so small candidates still differ.
QString percent(double p) {
    if (p > 0 && p < 0.01) return QString::number(100.0 * p, 'g', 2) + QLatin1Char('%');
    return QString::number(100.0 * p, 'f', 1) + QLatin1Char('%');
}

QString temperatureText(float t) { return QString::number(static_cast<double>(t), 'g', 3); }

}  // namespace

// How a step chose its token, in the interface's language (model/StepRecord's choiceKindName).
QString ProbabilityBars::choiceWords(ChoiceKind kind) {
    switch (kind) {
        case ChoiceKind::Greedy: return tr("greedy");
        case ChoiceKind::Sampled: return tr("sampled");
        case ChoiceKind::Forced: return tr("forced");
    }
    return QString::fromLatin1(choiceKindName(kind));
}

QColor ProbabilityBars::keptColor() { return QColor(0x4c, 0x78, 0xa8); }
QColor ProbabilityBars::cutColor() { return QColor(0xc6, 0xd2, 0xde); }
QColor ProbabilityBars::chosenColor() { return QColor(0xf5, 0x85, 0x18); }

ProbabilityBars::ProbabilityBars(QWidget* parent) : QWidget(parent), m_plot(new QCustomPlot(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
    // The plot only draws; clicks and tooltips are this widget's (so tests and the app click
    // the same thing).
    m_plot->setAttribute(Qt::WA_TransparentForMouseEvents);
    setMouseTracking(true);

    m_plot->plotLayout()->insertRow(0);
    m_title = new QCPTextElement(m_plot, QString(), font());
    m_title->setTextFlags(Qt::AlignLeft | Qt::AlignVCenter);
    m_title->setMargins(QMargins(10, 6, 10, 2));
    m_plot->plotLayout()->addElement(0, 0, m_title);

    // Candidates along the vertical axis, best on top; values along the horizontal one.
    QCPAxis* keys = m_plot->yAxis;
    QCPAxis* values = m_plot->xAxis;
    keys->setRangeReversed(true);
    keys->setTicker(QSharedPointer<QCPAxisTickerText>(new QCPAxisTickerText));
    keys->setSubTicks(false);
    keys->setTickLength(0, 0);
    keys->grid()->setVisible(false);
    keys->setTickLabelFont(font());
    values->grid()->setPen(QPen(QColor(0xe2, 0xe2, 0xe2), 0));
    values->setLabel(tr("probability"));

    const auto makeBars = [&](const QColor& colour) {
        auto* bars = new QCPBars(keys, values);
        bars->setWidth(kBarWidth);
        bars->setPen(Qt::NoPen);
        bars->setBrush(colour);
        bars->setAntialiased(false);
        return bars;
    };
    m_kept = makeBars(keptColor());
    m_cut = makeBars(cutColor());
    m_chosen = makeBars(chosenColor());

    const auto makeLine = [&](const QColor& colour) {
        auto* line = new QCPItemStraightLine(m_plot);
        line->setPen(QPen(colour, 1.5, Qt::DashLine));
        line->setVisible(false);
        return line;
    };
    const auto makeCutText = [&](const QColor& colour) {
        auto* text = new QCPItemText(m_plot);
        text->position->setTypeX(QCPItemPosition::ptAxisRectRatio);
        text->position->setTypeY(QCPItemPosition::ptPlotCoords);
        text->setPositionAlignment(Qt::AlignRight | Qt::AlignTop);
        text->setColor(colour);
        text->setBrush(QColor(255, 255, 255, 220));
        text->setPadding(QMargins(3, 0, 3, 0));
        text->setVisible(false);
        return text;
    };
    m_topKLine = makeLine(QColor(0xc0, 0x39, 0x2b));
    m_topKText = makeCutText(QColor(0xc0, 0x39, 0x2b));
    m_topPLine = makeLine(QColor(0x1e, 0x84, 0x49));
    m_topPText = makeCutText(QColor(0x1e, 0x84, 0x49));

    m_emptyText = new QCPItemText(m_plot);
    m_emptyText->position->setType(QCPItemPosition::ptAxisRectRatio);
    m_emptyText->position->setCoords(0.5, 0.5);
    m_emptyText->setColor(QColor(0x80, 0x80, 0x80));
    m_emptyText->setText(tr("No step yet: the next-token candidates appear here."));

    rebuild();
}

// --- data --------------------------------------------------------------------------------

void ProbabilityBars::setNamer(TokenNamer namer) {
    m_namer = std::move(namer);
    rebuild();
}

void ProbabilityBars::setRecord(StepRecordPtr record) {
    m_record = std::move(record);
    rebuild();
}

void ProbabilityBars::setShowLogits(bool show) {
    if (show == m_showLogits) return;
    m_showLogits = show;
    rebuild();
}

void ProbabilityBars::setTemperature(float temperature) {
    if (temperature == m_temperature || (std::isnan(temperature) && std::isnan(m_temperature))) return;
    m_temperature = temperature;
    rebuild();
}

float ProbabilityBars::recordTemperature() const {
    if (!m_record || m_record->sampling.greedy) return 1.0f;  // greedy records report T = 1 (Sampler)
    return m_record->sampling.temperature;
}

float ProbabilityBars::shownTemperature() const { return previewing() ? m_temperature : recordTemperature(); }

bool ProbabilityBars::previewing() const {
    return m_record && std::isfinite(m_temperature) && m_temperature > 0.0f &&
           std::abs(m_temperature - recordTemperature()) > 1e-6f;
}

int ProbabilityBars::candidateCount() const { return m_record ? static_cast<int>(m_record->topK.size()) : 0; }

std::int32_t ProbabilityBars::tokenAt(int index) const {
    return (index >= 0 && index < candidateCount()) ? m_record->topK[static_cast<std::size_t>(index)].token : -1;
}

QString ProbabilityBars::nameOf(std::int32_t token) const { return m_namer ? m_namer(token) : QString::number(token); }

QString ProbabilityBars::labelFor(int index) const {
    return (index >= 0 && index < candidateCount()) ? nameOf(tokenAt(index)) : QString();
}

double ProbabilityBars::valueFor(int index) const {
    return (index >= 0 && index < static_cast<int>(m_values.size())) ? m_values[static_cast<std::size_t>(index)] : NAN;
}

int ProbabilityBars::highlightedIndex() const { return m_chosenIndex; }
int ProbabilityBars::topKCut() const { return m_topKCut; }
int ProbabilityBars::topPCut() const { return m_topPCut; }

int ProbabilityBars::keptCount() const {
    int kept = candidateCount();
    if (m_topKCut >= 0) kept = std::min(kept, m_topKCut);
    if (m_topPCut >= 0) kept = std::min(kept, m_topPCut);
    return kept;
}

QColor ProbabilityBars::barColor(int index) const {
    if (index < 0 || index >= candidateCount()) return {};
    if (index == m_chosenIndex) return chosenColor();
    return index < keptCount() ? keptColor() : cutColor();
}

// What the bars show: the record's probabilities, their preview at another temperature, or
// the raw logits.
std::vector<double> ProbabilityBars::values() const {
    std::vector<double> out;
    if (!m_record) return out;
    const auto& top = m_record->topK;
    if (m_showLogits) {
        for (const Candidate& c : top) out.push_back(c.logit);
    } else if (previewing() && !top.empty()) {
        // p_i(T) is proportional to exp(logit_i / T); the vocabulary's partition function at T
        // is unknown (only the top-k is recorded), so normalise over the shown candidates.
        double best = top.front().logit;
        for (const Candidate& c : top) best = std::max(best, static_cast<double>(c.logit));
        double sum = 0;
        for (const Candidate& c : top) {
            out.push_back(std::exp((c.logit - best) / static_cast<double>(m_temperature)));
            sum += out.back();
        }
        for (double& v : out) v /= sum;
    } else {
        for (const Candidate& c : top) out.push_back(c.probability);
    }
    return out;
}

QString ProbabilityBars::caption() const { return m_title->text(); }

void ProbabilityBars::rebuild() {
    const int n = candidateCount();
    m_values = values();
    m_chosenIndex = -1;
    m_topKCut = -1;
    m_topPCut = -1;

    QStringList caption;
    bool topPBeyond = false;
    if (m_record) {
        const auto& top = m_record->topK;
        const SamplingSettings& s = m_record->sampling;
        for (int i = 0; i < n; ++i) {
            if (top[static_cast<std::size_t>(i)].token == m_record->chosen) m_chosenIndex = i;
        }
        // The cuts apply only when sampling (greedy takes the argmax, whatever top-k/top-p say).
        if (!s.greedy && s.topK > 0 && s.topK < n) m_topKCut = s.topK;
        if (!s.greedy && s.topP < 1.0f && !previewing()) {
            // As the sampler does: the smallest prefix (within the top-k) whose mass reaches top_p.
            const int limit = m_topKCut >= 0 ? m_topKCut : n;
            double mass = 0;
            int cut = -1;
            for (int i = 0; i < limit; ++i) {
                mass += top[static_cast<std::size_t>(i)].probability;
                if (mass >= s.topP) {
                    cut = i + 1;
                    break;
                }
            }
            if (cut > 0 && (m_topKCut < 0 || cut < m_topKCut)) m_topPCut = cut;
            topPBeyond = cut < 0 && m_topKCut < 0;
        }

        // The caption: what decided this step, what it chose, what the preview is.
        const QString last = m_record->tokens.empty() ? QString() : nameOf(m_record->tokens.back());
        QString how;
        if (s.greedy) {
            how = tr("greedy (T = 1)");
        } else {
            how = tr("sampled at T = %1").arg(temperatureText(s.temperature));
            if (s.topK > 0) how += tr(", top-k %1").arg(s.topK);
            if (s.topP < 1.0f) how += tr(", top-p %1").arg(QString::number(s.topP, 'g', 3));
        }
        caption << tr("Next token after \u201C%1\u201D (step %2): %3").arg(last).arg(m_record->step).arg(how);
        QString chosen = tr("chosen: \u201C%1\u201D (%2)")
                             .arg(nameOf(m_record->chosen), choiceWords(m_record->choice));
        if (m_chosenIndex < 0) {
            chosen += tr(", not among the %1 shown").arg(n);
        } else {
            chosen += QStringLiteral(", p = %1").arg(percent(m_record->chosenProbability));
        }
        if (topPBeyond) chosen += tr("; top-p is reached beyond the %1 shown").arg(n);
        if (m_topKCut >= 0 || m_topPCut >= 0) chosen += tr("; pale bars are cut, never drawn");
        caption << chosen;
        if (const auto& shape = m_record->shape; shape && shape->decodableVocabSize < shape->vocabSize) {
            caption << tr("ids %1\u2013%2 pad the vocabulary and have no text: masked (p = 0, never chosen)")
                           .arg(shape->decodableVocabSize)
                           .arg(shape->vocabSize - 1);
        }
        if (m_showLogits) {
            caption << tr("raw logits: only their differences matter to the softmax");
        } else if (previewing()) {
            caption << tr("preview at T = %1, renormalised over the %2 shown candidates")
                           .arg(temperatureText(m_temperature))
                           .arg(n);
            if (s.topP < 1.0f && !s.greedy) caption << tr("(the top-p cut needs the whole vocabulary: not previewed)");
        }
    }
    m_title->setText(caption.join(QLatin1Char('\n')));

    // Value range: probabilities from 0 (to at most 1); logits from just below the lowest
    // shown, since only their differences mean anything and bars from 0 would all look alike.
    double lo = 0, hi = 1.0;
    if (n > 0) {
        const auto [mn, mx] = std::minmax_element(m_values.begin(), m_values.end());
        if (m_showLogits) {
            const double spread = std::max(*mx - *mn, 1.0);
            lo = *mn - 0.15 * spread;
            hi = *mx + 0.22 * spread;
        } else {
            // Scaled to the largest shown, so a flat distribution still shows its shape; the
            // percentages beside the bars say how small they are.
            hi = std::clamp(*mx * 1.22, 1e-6, 1.0);
        }
    }
    m_base = lo;
    m_plot->xAxis->setRange(lo, hi);
    fitKeyRange();
    m_plot->xAxis->setLabel(m_showLogits    ? tr("logit")
                            : previewing() ? tr("probability (preview, renormalised over the shown)")
                                           : tr("probability"));

    // Bars: three groups (kept, cut, chosen) so each has one brush. QCPBars draws a bar from
    // its base value to base + value, so the data is the height above the base.
    const int kept = keptCount();
    QVector<double> keptKeys, keptValues, cutKeys, cutValues, chosenKeys, chosenValues;
    auto ticker = qSharedPointerCast<QCPAxisTickerText>(m_plot->yAxis->ticker());
    ticker->clear();
    for (int i = 0; i < n; ++i) {
        const double v = m_values[static_cast<std::size_t>(i)] - m_base;
        if (i == m_chosenIndex) {
            chosenKeys << i;
            chosenValues << v;
        } else if (i < kept) {
            keptKeys << i;
            keptValues << v;
        } else {
            cutKeys << i;
            cutValues << v;
        }
        ticker->addTick(i, labelFor(i));
    }
    m_kept->setData(keptKeys, keptValues, true);
    m_cut->setData(cutKeys, cutValues, true);
    m_chosen->setData(chosenKeys, chosenValues, true);

    for (QCPBars* bars : {m_kept, m_cut, m_chosen}) bars->setBaseValue(m_base);

    // Value labels at the end of each bar, from a pool made once.
    while (static_cast<int>(m_valueTexts.size()) < n) {
        auto* text = new QCPItemText(m_plot);
        text->setPositionAlignment(Qt::AlignLeft | Qt::AlignVCenter);
        text->setColor(QColor(0x33, 0x33, 0x33));
        text->setPadding(QMargins(4, 0, 0, 0));
        text->setClipToAxisRect(true);
        m_valueTexts.push_back(text);
    }
    for (std::size_t i = 0; i < m_valueTexts.size(); ++i) {
        QCPItemText* text = m_valueTexts[i];
        const bool shown = static_cast<int>(i) < n;
        text->setVisible(shown);
        if (!shown) continue;
        const double v = m_values[i];
        // After the bar's end; inside it (in white) when the bar nearly fills the plot.
        const bool inside = (v - lo) > 0.8 * (hi - lo);
        text->position->setCoords(v, static_cast<double>(i));
        text->setPositionAlignment((inside ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter);
        text->setPadding(inside ? QMargins(0, 0, 4, 0) : QMargins(4, 0, 0, 0));
        text->setColor(inside ? QColor(Qt::white) : QColor(0x33, 0x33, 0x33));
        QString label = m_showLogits ? QString::number(v, 'f', 2) : percent(v);
        if (static_cast<int>(i) == m_chosenIndex) label += tr("  \u25C0 chosen");  // visible even when the bar is not
        text->setText(label);
    }

    // The cut lines, between the last kept bar and the first cut one.
    const auto placeCut = [&](QCPItemStraightLine* line, QCPItemText* text, int cut, const QString& label) {
        const bool visible = cut >= 0;
        line->setVisible(visible);
        text->setVisible(visible);
        if (!visible) return;
        const double key = cut - 0.5;
        line->point1->setCoords(0, key);
        line->point2->setCoords(1, key);
        text->position->setCoords(0.995, key);
        text->setText(label);
    };
    placeCut(m_topKLine, m_topKText, m_topKCut,
             m_record ? tr("top-k = %1 cut").arg(m_record->sampling.topK) : QString());
    placeCut(m_topPLine, m_topPText, m_topPCut,
             m_record ? tr("top-p = %1 cut").arg(QString::number(m_record->sampling.topP, 'g', 3))
                      : QString());

    m_emptyText->setVisible(n == 0);
    if (m_record && n == 0) m_emptyText->setText(tr("This step recorded no candidates."));

    // One queued replot however many setters ran in this turn of the event loop.
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

// --- geometry and events -----------------------------------------------------------------

// Show as many bars as fit with readable labels (about 14 px each); the rest are below the fold
// and the caption says how many are shown. With room for all, all are shown.
void ProbabilityBars::fitKeyRange() {
    const int n = std::max(candidateCount(), 1);
    const int height = m_plot->axisRect()->rect().height();
    const int fit = height > 0 ? std::clamp(height / 14, 3, n) : n;
    m_plot->yAxis->setRange(-0.6, fit - 0.4);
}

void ProbabilityBars::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    m_plot->replot();  // lays the axis rect out at the new size first
    fitKeyRange();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

int ProbabilityBars::candidateAt(QPoint point) const {
    const int n = candidateCount();
    if (n == 0) return -1;
    const QPoint p = m_plot->mapFrom(this, point);
    const QRect area = m_plot->axisRect()->rect();
    // The row of a bar, from the token label on the left to the plot's right edge.
    if (p.x() < 0 || p.x() > area.right() || p.y() < area.top() || p.y() > area.bottom()) return -1;
    const double key = m_plot->yAxis->pixelToCoord(p.y());
    const int index = static_cast<int>(std::lround(key));
    if (index < 0 || index >= n || std::abs(key - index) > 0.5) return -1;
    return index;
}

QRect ProbabilityBars::barRect(int index) const {
    if (index < 0 || index >= candidateCount()) return {};
    const double v = valueFor(index);
    const double x0 = m_plot->xAxis->coordToPixel(m_base);
    const double x1 = m_plot->xAxis->coordToPixel(v);
    const double y0 = m_plot->yAxis->coordToPixel(index - kBarWidth / 2);
    const double y1 = m_plot->yAxis->coordToPixel(index + kBarWidth / 2);
    const QRectF rect = QRectF(QPointF(std::min(x0, x1), std::min(y0, y1)), QPointF(std::max(x0, x1), std::max(y0, y1)));
    return rect.toAlignedRect().translated(m_plot->pos());
}

QString ProbabilityBars::tooltipFor(int index) const {
    if (index < 0 || index >= candidateCount()) return {};
    const Candidate& c = m_record->topK[static_cast<std::size_t>(index)];
    QString text = tr("\u201C%1\u201D   id %2\nrank %3 of %4 shown\nprobability %5 at T = %6\nlogit %7")
                       .arg(nameOf(c.token))
                       .arg(c.token)
                       .arg(index + 1)
                       .arg(candidateCount())
                       .arg(percent(c.probability), temperatureText(recordTemperature()))
                       .arg(QString::number(c.logit, 'f', 3));
    if (previewing()) {
        text += tr("\npreview at T = %1: %2 of the shown")
                    .arg(temperatureText(m_temperature), percent(valueFor(index)));
    }
    if (index == m_chosenIndex) {
        text += tr("\nchosen (%1)").arg(choiceWords(m_record->choice));
    } else if (index >= keptCount()) {
        text += tr("\ncut by top-k / top-p: sampling could not draw it");
    }
    text += tr("\nclick to continue with this token instead");
    return text;
}

bool ProbabilityBars::event(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const int index = candidateAt(help->pos());
        return showPlainToolTip(this, help, index >= 0 ? tooltipFor(index) : QString());
    }
    return QWidget::event(event);
}

void ProbabilityBars::mousePressEvent(QMouseEvent* event) {
    if (event->button() == Qt::LeftButton) {
        const int index = candidateAt(event->position().toPoint());
        if (index >= 0) {
            emit candidateChosen(tokenAt(index));
            return;
        }
    }
    QWidget::mousePressEvent(event);
}

void ProbabilityBars::mouseMoveEvent(QMouseEvent* event) {
    setCursor(candidateAt(event->position().toPoint()) >= 0 ? Qt::PointingHandCursor : Qt::ArrowCursor);
    QWidget::mouseMoveEvent(event);
}

QSize ProbabilityBars::sizeHint() const { return {420, 360}; }

}  // namespace attnscope::views
