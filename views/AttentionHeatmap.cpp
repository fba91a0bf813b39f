#include "views/AttentionHeatmap.h"

#include <qcustomplot.h>

#include <QApplication>
#include <QElapsedTimer>
#include <QEvent>
#include <QFontMetrics>
#include <QHelpEvent>
#include <QLabel>
#include <QMouseEvent>
#include <QPointer>
#include <QScopeGuard>
#include <QStackedLayout>
#include <QThreadPool>
#include <QTimer>
#include <QToolTip>

#include <algorithm>
#include <cmath>
#include <exception>
#include <new>
#include <limits>
#include <memory>

#include "views/Colormaps.h"
#include "views/CoreText.h"
#include "views/HeatmapStyle.h"
#include "views/MatrixImage.h"

namespace attnscope::views {
namespace {

// A new record waits this long for the next one (the worker can deliver many per second); a
// change of selection or scale is applied on the next turn of the event loop.
constexpr int kRecordDelayMs = 30;
// Matrices kept for the current record: enough for every head of a layer and their mean at
// 1024 tokens, so that stepping through heads and back never recomputes.
constexpr std::size_t kCacheBudgetBytes = std::size_t(192) << 20;
// Matrices whose dot products take more multiply-adds than this (a few milliseconds) are
// computed on the thread pool instead of in the UI thread.
constexpr double kSynchronousMultiplyAdds = 4.0e6;
// Scores beyond the mask stay visible in score mode, faded over the hatching.
constexpr unsigned char kFutureScoreAlpha = 80;
constexpr int kMaxLabelPx = 96;

int niceStep(double minimum) {
    if (minimum <= 1.0) return 1;
    for (int decade = 1;; decade *= 10) {
        for (int m : {1, 2, 5}) {
            if (m * decade >= minimum) return m * decade;
        }
        if (decade > 100000000) return decade;
    }
}

bool sameRange(const QCPRange& a, const QCPRange& b) {
    return std::abs(a.lower - b.lower) < 1e-9 && std::abs(a.upper - b.upper) < 1e-9;
}

}  // namespace

AttentionHeatmap::AttentionHeatmap(QWidget* parent) : QWidget(parent) {
    setMinimumSize(240, 200);

    m_plot = new QCustomPlot(this);
    m_plot->setMouseTracking(true);
    m_plot->installEventFilter(this);
    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    m_plot->setNoAntialiasingOnDrag(true);

    // The title row above the matrix and its colour bar.
    m_plot->plotLayout()->insertRow(0);
    QFont titleFont = font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.15);
    titleFont.setBold(true);
    m_titleElement = new QCPTextElement(m_plot, QString(), titleFont);
    m_plot->plotLayout()->addElement(0, 0, m_titleElement);

    QCPAxisRect* rect = m_plot->axisRect();
    // The mask shows through: masked cells are transparent in the colour map.
    rect->setBackground(heatmapstyle::maskBrush());
    rect->setRangeDrag(Qt::Horizontal | Qt::Vertical);
    rect->setRangeZoom(Qt::Horizontal | Qt::Vertical);

    QFont tickFont = font();
    tickFont.setPointSizeF(std::max(7.0, tickFont.pointSizeF() * 0.9));
    for (QCPAxis* axis : {m_plot->xAxis, m_plot->yAxis}) {
        axis->grid()->setVisible(false);
        axis->setSubTicks(false);
        axis->setTickLength(0, 3);
        axis->setTickLabelFont(tickFont);
        axis->setTicker(QSharedPointer<QCPAxisTickerText>(new QCPAxisTickerText));
    }
    m_plot->xAxis->setLabel(tr("key: the token attended to"));
    m_plot->yAxis->setLabel(tr("query: the token attending"));
    m_plot->yAxis->setRangeReversed(true);  // the first token on top, as the text reads

    m_cells = new MatrixImage(m_plot->xAxis, m_plot->yAxis);

    m_gradient = viridisGradient();
    m_colorScale = new QCPColorScale(m_plot);
    m_colorScale->setType(QCPAxis::atRight);
    m_colorScale->setBarWidth(12);
    m_colorScale->axis()->setTickLabelFont(tickFont);
    m_colorScale->setGradient(m_gradient);
    m_plot->plotLayout()->addElement(1, 1, m_colorScale);
    auto* group = new QCPMarginGroup(m_plot);
    rect->setMarginGroup(QCP::msTop | QCP::msBottom, group);
    m_colorScale->setMarginGroup(QCP::msTop | QCP::msBottom, group);

    // The selected row and the hovered cell live on their own buffered layer: moving the
    // pointer redraws that layer only, never the matrix.
    m_plot->addLayer(QStringLiteral("selection"), m_plot->layer(QStringLiteral("main")), QCustomPlot::limAbove);
    m_plot->layer(QStringLiteral("selection"))->setMode(QCPLayer::lmBuffered);
    m_rowOutline = new QCPItemRect(m_plot);
    m_hoverOutline = new QCPItemRect(m_plot);
    for (QCPItemRect* item : {m_rowOutline, m_hoverOutline}) {
        item->setLayer(QStringLiteral("selection"));
        item->setAntialiased(false);
        item->setBrush(Qt::NoBrush);
        item->setSelectable(false);
        item->setVisible(false);
    }
    m_rowOutline->setPen(QPen(heatmapstyle::highlightColor(), 2));
    m_hoverOutline->setPen(QPen(Qt::white, 2));

    connect(m_plot->xAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this, [this] { clampRange(true); });
    connect(m_plot->yAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this, [this] { clampRange(false); });
    connect(m_plot, &QCustomPlot::mousePress, this, &AttentionHeatmap::onMousePress);
    connect(m_plot, &QCustomPlot::mouseRelease, this, &AttentionHeatmap::onMouseRelease);
    connect(m_plot, &QCustomPlot::mouseMove, this, &AttentionHeatmap::onMouseMove);
    connect(m_plot, &QCustomPlot::mouseDoubleClick, this, [this](QMouseEvent*) {
        if (!m_shown) return;
        const double T = m_shown->size;
        m_plot->xAxis->setRange(-0.5, T - 0.5);
        m_plot->yAxis->setRange(-0.5, T - 0.5);
        m_plot->replot(QCustomPlot::rpQueuedReplot);
    });
    // Tick labels are thinned to the pixels a cell gets, which the layout only knows now.
    connect(m_plot, &QCustomPlot::afterLayout, this, [this] {
        m_ticksChanged = updateTicks();
        // The new labels show on the next pass: replotNow() makes it at once, a drag or zoom queues it.
        if (m_ticksChanged && !m_replotting) m_plot->replot(QCustomPlot::rpQueuedReplot);
    });

    m_messageLabel = new QLabel(this);
    m_messageLabel->setAlignment(Qt::AlignCenter);
    m_messageLabel->setWordWrap(true);
    m_messageLabel->setMargin(24);

    m_stack = new QStackedLayout(this);
    m_stack->setContentsMargins(0, 0, 0, 0);
    m_stack->addWidget(m_plot);
    m_stack->addWidget(m_messageLabel);
    // Both stay shown, the current one on top: a plot hidden behind a message would, when shown
    // again for a text's first step, be resized and replotted on the spot (60 ms and more for a
    // 1000-token text, with the window frozen meanwhile: docs/reliability.md).
    m_stack->setStackingMode(QStackedLayout::StackAll);
    m_messageLabel->setAutoFillBackground(true);

    m_timer = new QTimer(this);
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, &AttentionHeatmap::refresh);

    refresh();
}

AttentionHeatmap::~AttentionHeatmap() = default;

// ---------------------------------------------------------------------------------------------
// setters: remember, then refresh once on a short timer

void AttentionHeatmap::setNamer(TokenNamer namer) {
    m_namer = std::move(namer);
    m_xTickStep = m_yTickStep = 0;  // relabel
    m_labelTokens.clear();
    m_labels.clear();
    m_widestLabel = 0;
    schedule(0);
}

void AttentionHeatmap::setRecord(StepRecordPtr record) {
    if (record == m_record) return;
    m_record = std::move(record);
    schedule(m_recordDelayMs);
}

void AttentionHeatmap::setSelection(const Selection& selection) {
    if (selection == m_selection) return;
    m_selection = selection;
    schedule(0);
}

void AttentionHeatmap::setLogScale(bool on) {
    if (on == m_logScale) return;
    m_logScale = on;
    schedule(0);
}

void AttentionHeatmap::setShowScores(bool on) {
    if (on == m_showScores) return;
    m_showScores = on;
    schedule(0);
}

void AttentionHeatmap::schedule(int delayMs) {
    if (!m_timer->isActive() || m_timer->remainingTime() > delayMs) m_timer->start(delayMs);
}

void AttentionHeatmap::flush() {
    m_stack->activate();
    m_forced = true;
    refresh();
    m_forced = false;
}

// The setters are already coalesced by the timer, so the replot happens here and now: whoever
// paints the widget next (the screen, grab(), render()) gets the new picture.
void AttentionHeatmap::replotNow() {
    m_replotting = true;
    for (int pass = 0; pass < 3; ++pass) {
        m_ticksChanged = false;
        m_plot->replot(QCustomPlot::rpQueuedRefresh);
        if (!m_ticksChanged) break;
    }
    m_replotting = false;
}

// ---------------------------------------------------------------------------------------------
// what is shown

QString AttentionHeatmap::title() const { return m_shown ? m_title : QString(); }
QString AttentionHeatmap::message() const { return m_message; }

Eigen::Map<const Eigen::MatrixXf> AttentionHeatmap::probabilities() const {
    return m_shown ? m_shown->probabilities() : Eigen::Map<const Eigen::MatrixXf>(nullptr, 0, 0);
}

Eigen::Map<const Eigen::MatrixXf> AttentionHeatmap::scores() const {
    return m_shown ? m_shown->scores() : Eigen::Map<const Eigen::MatrixXf>(nullptr, 0, 0);
}

void AttentionHeatmap::Matrices::allocate(int T, PagePool& pages) {
    size = T;
    const std::size_t side = static_cast<std::size_t>(PagePool::roundedSide(T));
    storage = pages.take(std::size_t(2) * side * side * sizeof(float));
}

void AttentionHeatmap::showMessage(const QString& text) {
    m_message = text;
    m_messageLabel->setText(text);
    m_stack->setCurrentWidget(m_messageLabel);
    m_shown = nullptr;
    m_releasedLength = -1;
    m_shownRecord = m_record;
    m_hovered = {-1, -1};
    m_cache.clear();
    m_cacheBytes = 0;
    m_cells->setImage(QImage());  // the message covers the plot: its picture need not take memory
    m_prepared = CellImage{};
    // Without a text the recycled pages have nothing to be reused for. A job still running
    // gives its pages back when it ends, and its result finds no text and clears again.
    m_matrixPages->clear();
    m_imagePages->clear();
}

void AttentionHeatmap::refresh() {
    m_timer->stop();
    if (!m_record) {
        showMessage(tr("No step yet. Generate some text to see where each token looks."));
        return;
    }
    if (!m_record->recorded() || !m_record->shape || m_record->length() == 0) {
        showMessage(tr("Step %1 was generated with recording off, so there is no attention to show.\n"
                       "Turn recording on and generate again.")
                        .arg(m_record->step));
        return;
    }

    // A hidden heatmap (another tab) does no work until it is shown again.
    if (!isVisible() && !m_forced) {
        m_stale = true;
        return;
    }
    m_stale = false;
    QElapsedTimer clock;
    clock.start();

    const RecordShape& shape = *m_record->shape;
    const int T = m_record->length();
    // A record from another model may come with a selection meant for the old one.
    const int layer = std::clamp(m_selection.layer, 0, shape.nLayer - 1);
    const int head = m_selection.averageHeads ? -1 : std::clamp(m_selection.head, 0, shape.nHead - 1);
    const int query = m_selection.queryFor(T);

    const bool recordChanged = m_record != m_shownRecord || !m_shown;
    // The length on screen, also while a job has let go of the matrices behind it (below).
    const int previousLength = (m_shown && m_shownRecord) ? m_shownRecord->length() : m_releasedLength;
    if (recordChanged || layer != m_shownLayer || head != m_shownHead || m_logScale != m_shownLog ||
        m_showScores != m_shownScores) {
        const Matrices* found = cachedMatrices(layer, head);
        if (!found) {
            const double multiplyAdds = double(T) * T * shape.headDim * (head < 0 ? shape.nHead : 1);
            if (!m_forced && multiplyAdds > kSynchronousMultiplyAdds) {
                startMatricesJob(layer, head);  // the picture on screen stays until the job is done
                return;
            }
            try {
                found = &storeMatrices(computeMatrices(m_record, layer, head, *m_matrixPages));
            } catch (const std::exception& e) {  // a record that does not hold together: say so, do not crash
                showMessage(tr("The attention of step %1 could not be read: %2")
                                .arg(m_record->step)
                                .arg(coreText(e)));
                return;
            }
        }
        m_shown = found;
        m_releasedLength = -1;
        dropOtherRecordsMatrices();
        m_shownRecord = m_record;
        m_shownLayer = layer;
        m_shownHead = head;
        m_shownLog = m_logScale;
        m_shownScores = m_showScores;
        // A job has usually prepared the cells already; a toggle of the mode builds them here.
        if (!m_prepared.fits(*m_shown, m_showScores, m_logScale)) {
            m_prepared = colourCells(*m_shown, m_showScores, m_logScale, m_gradient, *m_imagePages);
        }
        applyCellImage(m_prepared);
        m_title = head >= 0 ? tr("Layer %1 · Head %2").arg(layer).arg(head)
                            : tr("Layer %1 · mean of %2 heads").arg(layer).arg(shape.nHead);
        // A head switched off still computes its pattern; its output was not used in this step.
        if (head >= 0 && switchedOff(*m_record, layer, head)) {
            m_title += tr(" · switched off in this step (its output was not used)");
        } else if (!m_record->ablatedHeads.empty()) {
            m_title += tr(" · this step ran with heads off: %1").arg(headsOffText(m_record->ablatedHeads));
        }
        m_titleElement->setText(m_title);
        if (recordChanged) {
            updateRanges(previousLength);
            m_xTickStep = m_yTickStep = 0;
            if (m_hovered.x() >= T || m_hovered.y() >= T) m_hovered = {-1, -1};
        }
    }
    m_shownQuery = query;
    m_message.clear();
    m_stack->setCurrentWidget(m_plot);
    updateTicks();
    updateOverlay();
    replotNow();
    // Long texts cost more per record: wait longer for the next one, never below the base delay.
    m_recordDelayMs = std::clamp(static_cast<int>(2 * clock.elapsed()), kRecordDelayMs, 250);
}

void AttentionHeatmap::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    if (m_stale) schedule(0);
}

// Pure: reads only the (immutable) record, so it may run on any thread.
AttentionHeatmap::Matrices AttentionHeatmap::computeMatrices(const StepRecordPtr& record, int layer, int head, PagePool& pages) {
    Matrices m;
    m.record = record;
    m.layer = layer;
    m.head = head;
    const int T = record->length();
    m.allocate(T, pages);
    if (head >= 0) {
        record->scoresAndAttention(layer, head, m.scores(), m.probabilities());
        return m;
    }
    const int nHead = record->shape->nHead;
    m.scores().setZero();
    m.probabilities().setZero();
    Matrices one;  // each head's in turn
    one.allocate(T, pages);
    for (int h = 0; h < nHead; ++h) {
        record->scoresAndAttention(layer, h, one.scores(), one.probabilities());
        m.probabilities() += one.probabilities();
        m.scores() += one.scores();
    }
    m.probabilities() /= static_cast<float>(nHead);
    m.scores() /= static_cast<float>(nHead);
    return m;
}

const AttentionHeatmap::Matrices* AttentionHeatmap::cachedMatrices(int layer, int head) {
    for (auto it = m_cache.begin(); it != m_cache.end(); ++it) {
        if (it->record == m_record && it->layer == layer && it->head == head) {
            m_cache.splice(m_cache.begin(), m_cache, it);
            return &m_cache.front();
        }
    }
    return nullptr;
}

const AttentionHeatmap::Matrices& AttentionHeatmap::storeMatrices(Matrices m) {
    const std::size_t bytes = m.bytes();
    m_cache.push_front(std::move(m));
    m_cacheBytes += bytes;
    while (m_cacheBytes > kCacheBudgetBytes && m_cache.size() > 1) {
        const Matrices& last = m_cache.back();
        if (&last == m_shown) m_shown = nullptr;  // refresh() is about to show the front anyway
        m_cacheBytes -= last.bytes();
        m_cache.pop_back();
    }
    return m_cache.front();
}

// The older records' matrices go: once the current record's are on screen, or when a job starts
// making them (startMatricesJob).
void AttentionHeatmap::dropOtherRecordsMatrices() {
    for (auto it = m_cache.begin(); it != m_cache.end();) {
        if (it->record == m_record) {
            ++it;
            continue;
        }
        m_cacheBytes -= it->bytes();
        it = m_cache.erase(it);
    }
}

// One job at a time: what is wanted may change while it runs, so when it is done refresh()
// looks again and keeps the result only if it is still the current record's.
void AttentionHeatmap::startMatricesJob(int layer, int head) {
    if (m_jobRunning) return;
    m_jobRunning = true;
    // For another record (the text grew: the usual case while generating), the matrices behind
    // the picture go now, not when the new ones arrive. The picture itself stays on screen; only
    // its hover text waits for the new matrices. Otherwise the view held two records' matrices
    // at once (16 MB at 1000 tokens) whenever a job ran, and whether a run's memory peak caught
    // such a moment was timing (docs/reliability.md). Other heads of the same record stay
    // cached: switching back to them must not recompute.
    if (m_shown && m_shown->record != m_record) {
        m_releasedLength = m_shown->size;
        m_shown = nullptr;
        dropOtherRecordsMatrices();
    }
    QPointer<AttentionHeatmap> self(this);
    const StepRecordPtr record = m_record;
    const bool showScores = m_showScores, logScale = m_logScale;
    QThreadPool::globalInstance()->start([self, record, layer, head, showScores, logScale, gradient = m_gradient,
                                          matrixPages = m_matrixPages, imagePages = m_imagePages] {
        auto matrices = std::make_shared<Matrices>();
        auto cells = std::make_shared<CellImage>();
        QString error;
        try {
            *matrices = computeMatrices(record, layer, head, *matrixPages);
            *cells = colourCells(*matrices, showScores, logScale, gradient, *imagePages);
        } catch (const std::exception& e) {
            error = coreText(e);
        }
        // The handler itself lets go of the result: the last reference to a posted functor may be
        // this thread's, dropped whenever it next gets to run, and the pages must be back in the
        // pool before the next job asks for them.
        QMetaObject::invokeMethod(qApp, [self, record, matrices = std::move(matrices), cells = std::move(cells), error] {
            const auto letGo = qScopeGuard([&] {
                *matrices = Matrices{};
                *cells = CellImage{};
            });
            if (!self) return;
            self->m_jobRunning = false;
            if (record != self->m_record) {  // a newer record came meanwhile
                self->schedule(0);
            } else if (!error.isEmpty()) {
                self->showMessage(tr("The attention of step %1 could not be read: %2").arg(record->step).arg(error));
            } else {
                if (!self->cachedMatrices(matrices->layer, matrices->head)) self->storeMatrices(std::move(*matrices));
                self->m_prepared = std::move(*cells);
                self->refresh();
            }
        }, Qt::QueuedConnection);
    });
}

// The cells of a matrix in a mode (probabilities or scores, linear or log) as an image, a pixel
// per cell, row = query, column = key. Pure, like computeMatrices(), so that a thread-pool job
// can make it with the matrices; `gradient` is the job's own copy (colouring fills its cache).
AttentionHeatmap::CellImage AttentionHeatmap::colourCells(const Matrices& matrices, bool showScores, bool logScale,
                                                          QCPColorGradient gradient, PagePool& pages) {
    const Eigen::Map<const Eigen::MatrixXf> P = matrices.probabilities();
    const Eigen::Map<const Eigen::MatrixXf> S = matrices.scores();
    const int T = matrices.size;
    CellImage content;
    content.record = matrices.record;
    content.layer = matrices.layer;
    content.head = matrices.head;
    content.showScores = showScores;
    content.logScale = logScale;
    // In pooled pages, like the matrices: they go back to the pool with the image's last copy.
    const std::size_t side = static_cast<std::size_t>(PagePool::roundedSide(T));
    auto* buffer = new PooledBuffer(pages.take(side * side * sizeof(QRgb)));
    content.image = QImage(static_cast<uchar*>(buffer->data()), T, T, qsizetype(T) * qsizetype(sizeof(QRgb)),
                           QImage::Format_ARGB32_Premultiplied, [](void* info) { delete static_cast<PooledBuffer*>(info); }, buffer);
    if (content.image.isNull()) {
        delete buffer;
        throw std::bad_alloc();
    }

    if (showScores) {
        float lo = std::numeric_limits<float>::infinity(), hi = -lo;
        for (int i = 0; i < T; ++i) {
            for (int j = 0; j <= i; ++j) {
                lo = std::min(lo, S(i, j));
                hi = std::max(hi, S(i, j));
            }
        }
        if (!(hi > lo)) {
            lo -= 0.5f;
            hi += 0.5f;
        }
        const QCPRange range(lo, hi);
        for (int i = 0; i < T; ++i) {
            auto* line = reinterpret_cast<QRgb*>(content.image.scanLine(i));
            for (int j = 0; j < T; ++j) {
                const QRgb c = gradient.color(S(i, j), range);
                // The future stays visible, faded over the hatching.
                line[j] = j <= i ? c : qPremultiply(qRgba(qRed(c), qGreen(c), qBlue(c), kFutureScoreAlpha));
            }
        }
        content.lower = lo;
        content.upper = hi;
    } else {
        content.lower = logScale ? heatmapstyle::kLogFloor : 0.0;
        content.upper = 1.0;
        const QCPRange range(content.lower, content.upper);
        for (int i = 0; i < T; ++i) {
            auto* line = reinterpret_cast<QRgb*>(content.image.scanLine(i));
            for (int j = 0; j < T; ++j) {
                if (j > i) {
                    line[j] = qRgba(0, 0, 0, 0);  // masked: transparent, the hatching shows through
                } else {
                    const double p = P(i, j);
                    line[j] = gradient.color(logScale ? std::max(p, heatmapstyle::kLogFloor) : p, range, logScale);
                }
            }
        }
    }
    return content;
}

bool AttentionHeatmap::CellImage::fits(const Matrices& m, bool scores, bool log) const {
    return !image.isNull() && record == m.record && layer == m.layer && head == m.head && showScores == scores &&
           logScale == log;
}

void AttentionHeatmap::applyCellImage(CellImage& content) {
    m_cells->setImage(std::move(content.image));
    const bool log = !content.showScores && content.logScale;
    m_colorScale->setDataScaleType(log ? QCPAxis::stLogarithmic : QCPAxis::stLinear);
    m_colorScale->setDataRange(QCPRange(content.lower, content.upper));
    QCPAxis* axis = m_colorScale->axis();
    axis->setTicker(log ? QSharedPointer<QCPAxisTicker>(new QCPAxisTickerLog) : QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
    axis->setNumberFormat(log ? QStringLiteral("eb") : QStringLiteral("g"));
    axis->setNumberPrecision(content.showScores ? 3 : log ? 0 : 2);
    m_colorScale->setLabel(content.showScores ? tr("pre-mask score q·k/√d")
                           : log              ? tr("attention probability (log)")
                                              : tr("attention probability"));
    content = CellImage{};  // holds the record otherwise, and with it the text's memory
}

void AttentionHeatmap::updateRanges(int previousLength) {
    const double T = m_shown->size;
    const QCPRange full(-0.5, T - 0.5);
    const bool wasFull =
        previousLength < 0 || (sameRange(m_plot->xAxis->range(), QCPRange(-0.5, previousLength - 0.5)) &&
                               sameRange(m_plot->yAxis->range(), QCPRange(-0.5, previousLength - 0.5)));
    if (wasFull) {
        m_plot->xAxis->setRange(full);
        m_plot->yAxis->setRange(full);
    } else {
        clampRange(true);
        clampRange(false);
    }
}

// Keeps a zoomed or dragged view on the matrix: never wider than it, never off its edges.
void AttentionHeatmap::clampRange(bool xAxis) {
    if (!m_shown) return;
    QCPAxis* axis = xAxis ? m_plot->xAxis : m_plot->yAxis;
    const double T = m_shown->size;
    const double lo = -0.5, hi = T - 0.5;
    QCPRange r = axis->range();
    const double minSize = std::min(T, 3.0);
    if (r.size() >= hi - lo) {
        r = QCPRange(lo, hi);
    } else {
        if (r.size() < minSize) {
            const double c = r.center();
            r = QCPRange(c - minSize / 2, c + minSize / 2);
        }
        if (r.lower < lo) r += lo - r.lower;
        if (r.upper > hi) r -= r.upper - hi;
    }
    if (!sameRange(r, axis->range())) axis->setRange(r);  // emits again, now a no-op
}

// Token text on both axes, thinned to what fits: every token while a cell is taller (or wider)
// than a line of text, otherwise every 2nd, 5th, 10th... with its position in front. The x
// labels stand upright once they are wider than a cell.
bool AttentionHeatmap::updateTicks() {
    if (!m_shown || !m_shownRecord) return false;
    const int T = m_shown->size;
    const QRect area = m_plot->axisRect()->rect();
    if (area.width() <= 0 || area.height() <= 0) return false;

    const QFontMetrics fm(m_plot->xAxis->tickLabelFont());
    // The labels' texts change with the tokens only; every drag and zoom comes through here. A
    // generated step adds a token to the text, so only the new tokens' labels are made.
    const std::vector<std::int32_t>& tokens = m_shownRecord->tokens;
    const bool extendsLabelled = m_labelTokens.size() <= tokens.size() &&
                                 std::equal(m_labelTokens.begin(), m_labelTokens.end(), tokens.begin());
    if (!extendsLabelled) {
        m_labelTokens.clear();
        m_labels.clear();
        m_widestLabel = 0;
    }
    for (std::size_t i = m_labels.size(); i < static_cast<std::size_t>(T); ++i) {
        const QString name = m_namer ? m_namer(tokens[i]) : QString::number(tokens[i]);
        m_labels.push_back(fm.elidedText(name, Qt::ElideRight, kMaxLabelPx));
        m_labelTokens.push_back(tokens[i]);
        m_widestLabel = std::max(m_widestLabel, fm.horizontalAdvance(m_labels.back()));
    }
    const std::vector<QString>& names = m_labels;
    const int widest = m_widestLabel;
    const double cellW = area.width() / m_plot->xAxis->range().size();
    const double cellH = area.height() / m_plot->yAxis->range().size();
    const int lineH = fm.height();
    const bool rotated = widest + 6 > cellW;
    const int xStep = niceStep((rotated ? lineH + 1 : widest + 8) / cellW);
    const int yStep = niceStep((lineH + 1) / cellH);
    if (xStep == m_xTickStep && yStep == m_yTickStep && rotated == m_xRotated) return false;

    auto ticker = [&](int step) {
        QMap<double, QString> ticks;
        for (int i = 0; i < T; i += step) {
            const QString& name = names[static_cast<std::size_t>(i)];
            ticks.insert(i, step == 1 ? name : QStringLiteral("%1 %2").arg(i).arg(name));
        }
        QSharedPointer<QCPAxisTickerText> t(new QCPAxisTickerText);
        t->setTicks(ticks);
        t->setSubTickCount(0);
        return t;
    };
    m_plot->xAxis->setTicker(ticker(xStep));
    m_plot->yAxis->setTicker(ticker(yStep));
    m_plot->xAxis->setTickLabelRotation(rotated ? -90 : 0);
    m_xTickStep = xStep;
    m_yTickStep = yStep;
    m_xRotated = rotated;
    return true;
}

void AttentionHeatmap::updateOverlay() {
    if (!m_shown) return;
    const double T = m_shown->size;
    const double q = m_shownQuery;
    m_rowOutline->topLeft->setCoords(-0.5, q - 0.5);
    m_rowOutline->bottomRight->setCoords(T - 0.5, q + 0.5);
    m_rowOutline->setVisible(true);
    const bool hovering = m_hovered.x() >= 0 && m_hovered.y() >= 0;
    if (hovering) {
        m_hoverOutline->topLeft->setCoords(m_hovered.x() - 0.5, m_hovered.y() - 0.5);
        m_hoverOutline->bottomRight->setCoords(m_hovered.x() + 0.5, m_hovered.y() + 0.5);
    }
    m_hoverOutline->setVisible(hovering);
}

// ---------------------------------------------------------------------------------------------
// the words for a cell

QString AttentionHeatmap::formatProbability(double p) {
    if (p == 0) return QStringLiteral("0");
    if (p >= 0.001)
        return QStringLiteral("%1 (%2 %)").arg(QString::number(p, 'f', 4), QString::number(100 * p, 'f', 1));
    return QString::number(p, 'e', 2);
}

QString AttentionHeatmap::formatScore(double s) { return QString::number(s, 'f', 3); }

QString AttentionHeatmap::cellDescription(int query, int key) const {
    if (!m_shown || !m_shownRecord) return {};
    const int T = m_shown->size;
    if (query < 0 || key < 0 || query >= T || key >= T) return {};
    auto name = [this](int position) {
        const std::int32_t id = m_shownRecord->tokens[static_cast<std::size_t>(position)];
        return m_namer ? m_namer(id) : QString::number(id);
    };
    const double p = m_shown->probabilities()(query, key);
    const double s = m_shown->scores()(query, key);
    const bool mean = m_shown->head < 0;
    // One arg() call: a token such as "%3" must not be taken for a placeholder.
    QString text = QStringLiteral("query %1 “%2” → key %3 “%4”\n")
                       .arg(QString::number(query), name(query), QString::number(key), name(key));
    text += mean ? tr("layer %1, mean of %2 heads\n").arg(m_shown->layer).arg(m_shownRecord->shape->nHead)
                 : tr("layer %1, head %2\n").arg(m_shown->layer).arg(m_shown->head);
    if (key > query) {
        text += tr("masked: the key comes after the query, probability 0\n");
        text +=
            (mean ? tr("mean pre-mask score %1 (dropped by the mask)") : tr("pre-mask score %1 (dropped by the mask)"))
                .arg(formatScore(s));
    } else {
        text += (mean ? tr("mean probability %1\n") : tr("probability %1\n")).arg(formatProbability(p));
        text += (mean ? tr("mean pre-mask score %1") : tr("pre-mask score %1")).arg(formatScore(s));
    }
    return text;
}

// ---------------------------------------------------------------------------------------------
// geometry and the mouse

QPointF AttentionHeatmap::plotToWidget(QPointF p) const { return QPointF(m_plot->mapTo(this, QPoint(0, 0))) + p; }

QPointF AttentionHeatmap::cellCenter(int query, int key) const {
    return plotToWidget(QPointF(m_plot->xAxis->coordToPixel(key), m_plot->yAxis->coordToPixel(query)));
}

QPoint AttentionHeatmap::cellAt(QPoint pos) const {
    if (!m_shown || m_stack->currentWidget() != m_plot) return {-1, -1};
    const QPoint p = m_plot->mapFrom(this, pos);
    const QRect area = m_plot->axisRect()->rect();
    const int T = m_shown->size;
    if (p.y() < area.top() || p.y() > area.bottom() || p.x() > area.right()) return {-1, -1};
    const int query = static_cast<int>(std::lround(m_plot->yAxis->pixelToCoord(p.y())));
    if (query < 0 || query >= T) return {-1, -1};
    if (p.x() < area.left()) return {-1, query};  // over the row labels
    const int key = static_cast<int>(std::lround(m_plot->xAxis->pixelToCoord(p.x())));
    if (key < 0 || key >= T) return {-1, -1};
    return {key, query};
}

void AttentionHeatmap::onMousePress(QMouseEvent* event) {
    m_pressPos = event->pos();
    m_pressed = event->button() == Qt::LeftButton;
}

void AttentionHeatmap::onMouseRelease(QMouseEvent* event) {
    const bool click = m_pressed && event->button() == Qt::LeftButton &&
                       (event->pos() - m_pressPos).manhattanLength() <= QApplication::startDragDistance();
    m_pressed = false;
    if (!click) return;
    const QPoint cell = cellAt(m_plot->mapTo(this, event->pos()));
    if (cell.y() >= 0) emit querySelected(cell.y());
}

void AttentionHeatmap::onMouseMove(QMouseEvent* event) {
    if (event->buttons() != Qt::NoButton) return;  // dragging
    if (!m_shown && m_releasedLength >= 0) return;  // a job is making the next matrices: keep the hover until they come
    QPoint cell = cellAt(m_plot->mapTo(this, event->pos()));
    if (cell.x() < 0) cell = {-1, -1};
    if (cell == m_hovered) return;
    m_hovered = cell;
    emit cellHovered(cell.y(), cell.x());
    updateOverlay();
    m_plot->layer(QStringLiteral("selection"))->replot();
    if (QToolTip::isVisible()) QToolTip::hideText();
}

bool AttentionHeatmap::eventFilter(QObject* watched, QEvent* event) {
    if (watched == m_plot) {
        if (event->type() == QEvent::ToolTip) {
            auto* help = static_cast<QHelpEvent*>(event);
            const QPoint cell = cellAt(m_plot->mapTo(this, help->pos()));
            const QString text = cell.x() >= 0 ? cellDescription(cell.y(), cell.x()) : QString();
            if (text.isEmpty()) {
                QToolTip::hideText();
            } else {
                // As rich text, so that a token such as "<b>" is shown and not obeyed.
                QToolTip::showText(help->globalPos(),
                                   QStringLiteral("<p style='white-space:pre'>%1</p>")
                                       .arg(text.toHtmlEscaped().replace('\n', QStringLiteral("<br>"))),
                                   m_plot);
            }
            return true;
        }
        if (event->type() == QEvent::Leave && m_hovered != QPoint(-1, -1)) {
            m_hovered = {-1, -1};
            emit cellHovered(-1, -1);
            updateOverlay();
            m_plot->layer(QStringLiteral("selection"))->replot();
        }
    }
    return QWidget::eventFilter(watched, event);
}

}  // namespace attnscope::views
