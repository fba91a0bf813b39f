#include "views/HeadGrid.h"

#include <QWheelEvent>

#include <QElapsedTimer>
#include <QEvent>
#include <QEventLoop>
#include <QFontMetrics>
#include <QHelpEvent>
#include <QMouseEvent>
#include <QPaintEvent>
#include <QTimer>
#include <QToolTip>

#include <algorithm>
#include <cmath>
#include <exception>
#include <limits>

#include "views/HeatmapStyle.h"

namespace attnscope::views {
namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

// The same shape, as far as the thumbnails care: cached blocks from one model never fill in
// another's.
bool sameShape(const StepRecord& a, const StepRecord& b) {
    if (a.shape == b.shape) return true;
    if (!a.shape || !b.shape) return false;
    return a.shape->nLayer == b.shape->nLayer && a.shape->nHead == b.shape->nHead && a.shape->nEmbd == b.shape->nEmbd &&
           a.shape->headDim == b.shape->headDim;
}

// Label every `step`-th row or column once a cell is smaller than its label.
int labelStep(int needPx, int cellPx) {
    for (int step : {1, 2, 4, 5, 10, 20, 50, 100}) {
        if (step * cellPx >= needPx) return step;
    }
    return 100;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// the thumbnails: block maxima, reused while the text grows

std::shared_ptr<const HeadThumbnails> HeadThumbnails::compute(const StepRecordPtr& record,
                                                              const std::shared_ptr<const HeadThumbnails>& previous,
                                                              const std::atomic<bool>* cancel, PagePool* pages) {
    auto out = std::make_shared<HeadThumbnails>();
    out->record = record;
    if (!record || !record->recorded() || !record->shape) return out;
    const int T = record->length();
    out->nLayer = record->shape->nLayer;
    out->nHead = record->shape->nHead;
    out->length = T;
    int B = 1;
    while ((T + B - 1) / B > kMaxBlocks) B *= 2;
    const int n = (T + B - 1) / B;
    out->blockSize = B;
    out->blocks = n;
    const std::size_t heads = out->headCount();
    // Room for n rounded up to 16, 32 or 64 blocks a side, so that the steps of a growing text
    // ask the pool for the same size until the next of these (the pool writes all the pages of
    // a new buffer: a short text should not pay for 64 x 64 blocks a head).
    const std::size_t side = static_cast<std::size_t>(n <= 16 ? 16 : n <= 32 ? 32 : kMaxBlocks);
    const std::size_t bytes = heads * side * side * sizeof(float);
    out->storage = pages ? pages->take(bytes) : PagePool::create(0)->take(bytes);
    for (std::size_t h = 0; h < heads; ++h) std::ranges::fill(out->maxima(h), kNaN);

    // Rows before the first position that differs from the previous record are the same rows
    // (a row only reads its own and earlier positions): keep the blocks made of them only.
    int firstRow = 0;
    if (previous && previous->record && previous->record->recorded() && previous->length > 0 &&
        sameShape(*previous->record, *record) && previous->blockSize <= B) {
        const auto& was = previous->record->positions;
        const auto& now = record->positions;
        const int common = std::min(previous->length, T);
        int same = 0;
        while (same < common && was[static_cast<std::size_t>(same)] == now[static_cast<std::size_t>(same)]) ++same;
        const int keptBlockRows = same / B;
        const int f = B / previous->blockSize;  // old blocks per new block side
        const int pn = previous->blocks;
        for (std::size_t h = 0; h < heads; ++h) {
            const std::span<const float> old = previous->maxima(h);
            const std::span<float> cur = out->maxima(h);
            for (int r = 0; r < keptBlockRows; ++r) {
                for (int c = 0; c <= r; ++c) {
                    float m = kNaN;
                    for (int a = 0; a < f; ++a) {
                        const int R = r * f + a;
                        if (R >= pn) break;
                        for (int b = 0; b < f; ++b) {
                            const int C = c * f + b;
                            if (C >= pn) break;
                            m = std::fmax(m, old[static_cast<std::size_t>(R * pn + C)]);
                        }
                    }
                    cur[static_cast<std::size_t>(r * n + c)] = m;
                }
            }
        }
        firstRow = keptBlockRows * B;
    }

    for (int layer = 0; layer < out->nLayer; ++layer) {
        for (int head = 0; head < out->nHead; ++head) {
            if (cancel && cancel->load(std::memory_order_relaxed)) return nullptr;
            const std::span<float> cur = out->maxima(static_cast<std::size_t>(layer * out->nHead + head));
            for (int i = firstRow; i < T; ++i) {
                const std::vector<float> row = record->attentionRow(layer, head, i);
                float* blockRow = cur.data() + static_cast<std::size_t>(i / B) * static_cast<std::size_t>(n);
                for (int j = 0; j <= i; ++j) {
                    float& m = blockRow[j / B];
                    m = std::fmax(m, row[static_cast<std::size_t>(j)]);
                }
            }
        }
    }
    out->computedRows = T - firstRow;
    return out;
}

// ---------------------------------------------------------------------------------------------
// the widget

HeadGrid::HeadGrid(QWidget* parent) : QWidget(parent) {
    setAttribute(Qt::WA_OpaquePaintEvent);
    m_pool.setMaxThreadCount(1);
}

HeadGrid::~HeadGrid() {
    // Stop the worker before the widget it reports to goes; its posted results die with us.
    m_cancel = true;
    m_pool.waitForDone();
}

void HeadGrid::setNamer(TokenNamer) {}

void HeadGrid::setRecord(StepRecordPtr record) {
    if (record == m_record) return;
    m_record = std::move(record);
    // No text (Reset, another model): the old thumbnails go too, and with them the last text's
    // records, which they would otherwise keep alive.
    if (!m_record) {
        m_thumbs.reset();
        m_pages->clear();
        m_failed.reset();
        if (m_running) m_cancel = true;  // a long text's first thumbnails take seconds: stop them
    }
    if (m_record && m_record->recorded() && !m_running) startJob();
    update();
}

void HeadGrid::setSelection(const Selection& selection) {
    if (selection == m_selection) return;
    m_selection = selection;
    update();
}

void HeadGrid::setLogScale(bool on) {
    if (on == m_logScale) return;
    m_logScale = on;
    update();
}

void HeadGrid::startJob() {
    if (m_record == m_failed) return;
    m_running = true;
    m_cancel = false;
    const StepRecordPtr record = m_record;
    std::shared_ptr<const HeadThumbnails> previous = m_thumbs;
    m_pool.start([this, record, previous = std::move(previous), pages = m_pages]() mutable {
        std::shared_ptr<const HeadThumbnails> result;
        try {
            result = HeadThumbnails::compute(record, previous, &m_cancel, pages.get());
        } catch (const std::exception&) {
            auto failed = std::make_shared<HeadThumbnails>();
            failed->record = record;
            failed->length = -1;  // marks the failure
            result = failed;
        }
        // Neither this job nor the posted call keeps a set of thumbnails once it is handed over:
        // their pages go back to the pool when the grid lets go of them, not whenever this
        // thread or the posted call's last reference happens to be dropped.
        previous.reset();
        QMetaObject::invokeMethod(
            this, [this, result = std::move(result)]() mutable { onJobDone(std::move(result)); }, Qt::QueuedConnection);
    });
}

// `result` is null when the job was cancelled (the text was forgotten, or the widget is going away).
void HeadGrid::onJobDone(std::shared_ptr<const HeadThumbnails> result) {
    m_running = false;
    if (!m_record || !result) {  // the text was forgotten while the job ran: keep nothing of it
        m_thumbs.reset();
        result.reset();
        if (!m_record) m_pages->clear();
        m_images.clear();
        update();
        if (m_record && m_record->recorded()) startJob();  // a new text came meanwhile
        return;
    }
    if (result->length < 0) {
        m_failed = result->record;
    } else {
        const bool newShape = !m_thumbs || m_thumbs->nLayer != result->nLayer || m_thumbs->nHead != result->nHead;
        m_thumbs = std::move(result);
        m_images.clear();
        if (newShape) updateGeometry();  // a legible grid of this shape needs this much room
        emit thumbnailsUpdated();
        update();
    }
    // The newest record wins: whatever arrived meanwhile is skipped but the last.
    if (m_record && m_record->recorded() && (!m_thumbs || m_thumbs->record != m_record)) startJob();
}

bool HeadGrid::waitForThumbnails(int timeoutMs) {
    auto current = [this] {
        return !m_record || !m_record->recorded() || m_record == m_failed || (m_thumbs && m_thumbs->record == m_record);
    };
    QElapsedTimer clock;
    clock.start();
    while (!current()) {
        if (clock.elapsed() >= timeoutMs) return false;
        QEventLoop loop;
        QTimer::singleShot(10, &loop, &QEventLoop::quit);
        connect(this, &HeadGrid::thumbnailsUpdated, &loop, &QEventLoop::quit);
        loop.exec();
    }
    return true;
}

QString HeadGrid::message() const {
    if (!m_record) return tr("No step yet. Generate some text to see every head at once.");
    if (!m_record->recorded()) {
        return tr("Step %1 was generated with recording off, so there is no attention to show.").arg(m_record->step);
    }
    if (m_record == m_failed) return tr("The attention of step %1 could not be read.").arg(m_record->step);
    if (!m_thumbs || !m_thumbs->record || !m_thumbs->record->recorded() || !sameShape(*m_thumbs->record, *m_record)) {
        return tr("Computing the attention of every head…");
    }
    return {};
}

// ---------------------------------------------------------------------------------------------
// geometry

namespace {
constexpr int kMargin = 8;
constexpr int kMaxLegendLines = 3;
}  // namespace

// The legend's room at this width: the lines it takes with its longer caption (so that the grid
// does not jump when pooling starts), at most kMaxLegendLines.
int HeadGrid::legendHeight() const {
    LegendRoom& room = m_legendRoom;
    if (room.width == width() && room.font == font() && room.logScale == m_logScale) return room.height;
    const QFontMetrics fm(font());
    const QRect most(kMargin, 0, width() - 2 * kMargin, kMaxLegendLines * fm.height());
    room = {width(), font(), m_logScale, 8 + std::clamp(drawLegend(nullptr, most, true), 1, kMaxLegendLines) * fm.height()};
    return room.height;
}

int HeadGrid::legibleCell() const {
    // Wide enough for the widest head label over every column, and never below kLegibleCell.
    const QFontMetrics fm(font());
    const int heads = m_thumbs ? m_thumbs->nHead : 1;
    const int label = fm.horizontalAdvance(QStringLiteral("H%1").arg(heads - 1)) + 4 - kGap;
    return std::max({kLegibleCell, label, m_zoomCell});
}

QSize HeadGrid::minimumSizeHint() const {
    if (!m_thumbs) return {200, 160};
    // The room for every head at a legible size: in its scroll area the grid never gets less,
    // so a 12 x 12 (or 48 x 25) model scrolls instead of shrinking to postage stamps.
    const QFontMetrics fm(font());
    const int cell = legibleCell();
    const int labelW = fm.horizontalAdvance(QStringLiteral("L%1").arg(m_thumbs->nLayer - 1)) + 8;
    const int w = 2 * kMargin + labelW + m_thumbs->nHead * cell + (m_thumbs->nHead - 1) * kGap;
    const int titleH = fm.height() + 6, headerH = fm.height() + 2;
    const int legend = 8 + 3 * fm.height();  // the legend's lines in a narrow dock
    const int h = 2 * kMargin + titleH + headerH + m_thumbs->nLayer * cell + (m_thumbs->nLayer - 1) * kGap + legend;
    return {std::max(200, w), std::max(160, h)};
}

QSize HeadGrid::sizeHint() const { return minimumSizeHint(); }

void HeadGrid::setZoomCell(int pixels) {
    const int zoom = pixels <= 0 ? 0 : std::clamp(pixels, kLegibleCell, kMaxZoomCell);
    if (zoom == m_zoomCell) return;
    m_zoomCell = zoom;
    updateGeometry();
    update();
}

void HeadGrid::wheelEvent(QWheelEvent* event) {
    // Ctrl + wheel zooms the cells (the scroll area around the grid scrolls to them); a plain
    // wheel scrolls, as everywhere.
    if (!(event->modifiers() & Qt::ControlModifier) || !m_thumbs) {
        QWidget::wheelEvent(event);
        return;
    }
    const int current = std::max(legibleCell(), layout().cell);
    setZoomCell(event->angleDelta().y() > 0 ? current + 8 : (current - 8 <= kLegibleCell ? 0 : current - 8));
    event->accept();
}

int HeadGrid::headLabelEvery() const {
    const Layout l = layout();
    if (l.cell <= 0) return 0;
    return labelStep(QFontMetrics(font()).horizontalAdvance(QStringLiteral("H%1").arg(l.nHead - 1)) + 4, l.cell + l.gap);
}

HeadGrid::Layout HeadGrid::layout() const {
    Layout l;
    if (!message().isEmpty()) return l;
    l.nLayer = m_thumbs->nLayer;
    l.nHead = m_thumbs->nHead;
    const QFontMetrics fm(font());
    const int titleH = fm.height() + 6;
    const int headerH = fm.height() + 2;
    const int labelW = fm.horizontalAdvance(QStringLiteral("L%1").arg(l.nLayer - 1)) + 8;
    const QRect avail =
        rect().adjusted(kMargin + labelW, kMargin + titleH + headerH, -kMargin, -(kMargin + legendHeight()));
    if (avail.width() <= 0 || avail.height() <= 0) return l;
    // Room for the 2-pixel selection outline between cells.
    l.gap = kGap;
    const int byWidth = (avail.width() - (l.nHead - 1) * l.gap) / l.nHead;
    const int byHeight = (avail.height() - (l.nLayer - 1) * l.gap) / l.nLayer;
    l.cell = std::max(1, std::min(byWidth, byHeight));
    const int w = l.nHead * l.cell + (l.nHead - 1) * l.gap;
    const int h = l.nLayer * l.cell + (l.nLayer - 1) * l.gap;
    l.grid = QRect(avail.left() + (avail.width() - w) / 2, avail.top(), w, h);
    return l;
}

QColor HeadGrid::switchedOffColor() { return QColor(0xe5, 0x39, 0x35); }

QRect HeadGrid::cellRect(int layer, int head) const {
    const Layout l = layout();
    if (l.cell <= 0 || layer < 0 || head < 0 || layer >= l.nLayer || head >= l.nHead) return {};
    return QRect(l.grid.left() + head * (l.cell + l.gap), l.grid.top() + layer * (l.cell + l.gap), l.cell, l.cell);
}

std::pair<int, int> HeadGrid::headAt(QPoint pos) const {
    const Layout l = layout();
    if (l.cell <= 0 || !l.grid.adjusted(-l.gap / 2, -l.gap / 2, l.gap / 2, l.gap / 2).contains(pos)) return {-1, -1};
    const int stride = l.cell + l.gap;
    const int head = std::clamp((pos.x() - l.grid.left() + l.gap / 2) / stride, 0, l.nHead - 1);
    const int layer = std::clamp((pos.y() - l.grid.top() + l.gap / 2) / stride, 0, l.nLayer - 1);
    return {layer, head};
}

// ---------------------------------------------------------------------------------------------
// painting

// One head's picture at `pixels` x `pixels`: the blocks as they are when there are fewer than
// pixels (drawn scaled up, crisp), otherwise pooled again by maximum.
const QImage& HeadGrid::image(int layer, int head, int pixels) {
    if (m_images.empty() || m_imagePixels != pixels || m_imagesLog != m_logScale) {
        m_images.assign(static_cast<std::size_t>(m_thumbs->nLayer * m_thumbs->nHead), QImage());
        m_imagePixels = pixels;
        m_imagesLog = m_logScale;
    }
    QImage& img = m_images[static_cast<std::size_t>(layer * m_thumbs->nHead + head)];
    if (!img.isNull()) return img;

    const int n = m_thumbs->blocks;
    const int size = std::min(n, std::max(1, pixels));
    const auto& table = heatmapstyle::viridisTable();
    const QRgb masked = heatmapstyle::maskColor().rgb();
    img = QImage(size, size, QImage::Format_RGB32);
    for (int y = 0; y < size; ++y) {
        const int r0 = y * n / size, r1 = std::max(r0 + 1, (y + 1) * n / size);
        auto* line = reinterpret_cast<QRgb*>(img.scanLine(y));
        for (int x = 0; x < size; ++x) {
            const int c0 = x * n / size, c1 = std::max(c0 + 1, (x + 1) * n / size);
            float m = kNaN;
            for (int r = r0; r < r1; ++r) {
                for (int c = c0; c < c1; ++c) m = std::fmax(m, m_thumbs->at(layer, head, r, c));
            }
            line[x] =
                std::isnan(m)
                    ? masked
                    : table[static_cast<std::size_t>(std::lround(255 * heatmapstyle::scalePosition(m, m_logScale)))];
        }
    }
    return img;
}

void HeadGrid::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.fillRect(rect(), Qt::white);
    painter.setPen(QColor(0x22, 0x22, 0x22));  // on the white we paint, whatever the palette
    const QString text = message();
    if (!text.isEmpty()) {
        painter.drawText(rect().adjusted(24, 24, -24, -24), Qt::AlignCenter | Qt::TextWordWrap, text);
        return;
    }
    const Layout l = layout();
    const QFontMetrics fm(font());

    // The title: what is shown, and that a newer step is on its way.
    QFont bold = font();
    bold.setBold(true);
    painter.setFont(bold);
    QString title = tr("Every head · step %1 · %2 tokens").arg(m_thumbs->record->step).arg(m_thumbs->length);
    if (m_thumbs->record != m_record) title += tr("  (updating…)");
    painter.drawText(QRect(kMargin, kMargin, width() - 2 * kMargin, fm.height() + 4), Qt::AlignLeft | Qt::AlignVCenter,
                     title);
    painter.setFont(font());
    if (l.cell <= 0) return;

    // Labels: heads across the top, layers down the left, thinned when the cells are small.
    painter.setPen(QColor(0x44, 0x44, 0x44));
    const int headStep = labelStep(fm.horizontalAdvance(QStringLiteral("H%1").arg(l.nHead - 1)) + 4, l.cell + l.gap);
    for (int h = 0; h < l.nHead; h += headStep) {
        const QRect c = cellRect(0, h);
        painter.drawText(QRect(c.left() - l.gap, c.top() - fm.height() - 2, c.width() + 2 * l.gap, fm.height()),
                         Qt::AlignHCenter | Qt::AlignBottom, QStringLiteral("H%1").arg(h));
    }
    const int layerStep = labelStep(fm.height(), l.cell + l.gap);
    for (int layer = 0; layer < l.nLayer; layer += layerStep) {
        const QRect c = cellRect(layer, 0);
        painter.drawText(QRect(kMargin, c.top(), c.left() - kMargin - 4, c.height()), Qt::AlignRight | Qt::AlignVCenter,
                         QStringLiteral("L%1").arg(layer));
    }

    // The thumbnails, scaled without smoothing so that a cell stays a cell.
    painter.setRenderHint(QPainter::SmoothPixmapTransform, false);
    for (int layer = 0; layer < l.nLayer; ++layer) {
        for (int h = 0; h < l.nHead; ++h) painter.drawImage(cellRect(layer, h), image(layer, h, l.cell));
    }

    // Heads this step ran with switched off: crossed out (the pattern is computed, the output unused).
    if (m_record && !m_record->ablatedHeads.empty()) {
        painter.setRenderHint(QPainter::Antialiasing, true);
        painter.setPen(QPen(switchedOffColor(), 2));
        for (const auto& [offLayer, offHead] : m_record->ablatedHeads) {
            if (offLayer >= l.nLayer || offHead >= l.nHead) continue;
            const QRectF c = QRectF(cellRect(offLayer, offHead)).adjusted(2, 2, -2, -2);
            painter.drawLine(c.topLeft(), c.bottomRight());
            painter.drawLine(c.topRight(), c.bottomLeft());
        }
    }

    // The selection: one head, or the whole layer when its mean is shown.
    const int layer = std::clamp(m_selection.layer, 0, l.nLayer - 1);
    QRect outline = m_selection.averageHeads ? cellRect(layer, 0).united(cellRect(layer, l.nHead - 1))
                                             : cellRect(layer, std::clamp(m_selection.head, 0, l.nHead - 1));
    painter.setRenderHint(QPainter::Antialiasing, false);
    painter.setBrush(Qt::NoBrush);
    painter.setPen(QPen(heatmapstyle::highlightColor(), 2, Qt::SolidLine, Qt::SquareCap, Qt::MiterJoin));
    // A 2-pixel pen on the rectangle one pixel outside the cell covers the 2 pixels around it.
    painter.drawRect(QRectF(outline).adjusted(-1, -1, 1, 1));

    drawLegend(&painter, QRect(kMargin, l.grid.bottom() + 8, width() - 2 * kMargin, legendHeight() - 8),
               m_thumbs->blocks > l.cell || m_thumbs->blockSize > 1);
}

int HeadGrid::drawLegend(QPainter* painter, const QRect& area, bool pooled) const {
    // Laid out like words: the colour scale, the mask swatch, then the caption, each on the
    // current line if it fits there, else at the start of the next; a caption too long for a
    // whole line wraps by words, and what still does not fit in the lines left is elided.
    // Without a painter it only measures: the lines it would take (layout() sizes the grid so).
    const QFontMetrics fm(font());
    const int barW = std::min(120, area.width() / 4);
    const int barH = std::min(10, fm.height() / 2 + 2);
    const QString low = m_logScale ? QStringLiteral("10⁻⁴") : QStringLiteral("0");
    const QString high = QStringLiteral("1");
    const QString maskText = tr("masked (future)");
    QString caption = m_logScale ? tr("attention probability (log)") : tr("attention probability");
    if (pooled) caption += tr(", max over the cells a pixel covers");

    int x = area.left();
    int top = area.top();
    auto place = [&](int width) {  // moves to the next line if `width` does not fit on this one
        if (x > area.left() && x + width > area.right()) {
            x = area.left();
            top += fm.height();
        }
    };
    auto baseline = [&] { return top + fm.ascent(); };
    auto swatchTop = [&] { return top + (fm.height() - barH) / 2; };

    if (painter) {
        painter->setPen(QColor(0x44, 0x44, 0x44));
        painter->drawText(QPoint(x, baseline()), low);
        const int barLeft = x + fm.horizontalAdvance(low) + 4;
        const auto& table = heatmapstyle::viridisTable();
        for (int i = 0; i < barW; ++i) {
            painter->fillRect(QRect(barLeft + i, swatchTop(), 1, barH),
                              QColor(table[static_cast<std::size_t>(i * 255 / std::max(1, barW - 1))]));
        }
        painter->drawText(QPoint(barLeft + barW + 4, baseline()), high);
    }
    x += fm.horizontalAdvance(low) + 4 + barW + 4 + fm.horizontalAdvance(high) + 16;

    const int maskW = barH + 4 + fm.horizontalAdvance(maskText);
    place(maskW);
    if (painter) {
        painter->fillRect(QRect(x, swatchTop(), barH, barH), heatmapstyle::maskColor());
        painter->drawText(QPoint(x + barH + 4, baseline()), maskText);
    }
    x += maskW + 16;

    place(fm.horizontalAdvance(caption));
    const QRect captionArea(x, top, area.right() - x + 1, std::max(0, area.bottom() - top + 1));
    const int lines = std::max(1, captionArea.height() / fm.height());
    const int needed = fm.boundingRect(QRect(captionArea.topLeft(), QSize(captionArea.width(), 1 << 20)), Qt::TextWordWrap, caption).height();
    const int used = (top - area.top()) / fm.height() + std::min(lines, (needed + fm.height() - 1) / fm.height());
    if (!painter || captionArea.height() < fm.height()) return used;
    QString shown = caption;
    if (needed > lines * fm.height()) {
        shown = fm.elidedText(caption, Qt::ElideRight, lines * captionArea.width() - fm.averageCharWidth() * 4 * lines);
    }
    painter->drawText(captionArea, Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, shown);
    return used;
}

// ---------------------------------------------------------------------------------------------
// the mouse

void HeadGrid::mousePressEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton) return QWidget::mousePressEvent(event);
    const auto [layer, head] = headAt(event->pos());
    if (layer >= 0) emit headSelected(layer, head);
}

void HeadGrid::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    update();
}

QString HeadGrid::tooltipFor(int layer, int head) const {
    QString text = tr("Layer %1 · Head %2").arg(layer).arg(head);
    if (m_record && switchedOff(*m_record, layer, head)) {
        text += tr("\nswitched off in this step: its pattern is computed, its output was not used");
    }
    return text + tr("\nClick to look at it closely");
}

bool HeadGrid::event(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const auto [layer, head] = headAt(help->pos());
        if (layer < 0) {
            QToolTip::hideText();
        } else {
            QToolTip::showText(help->globalPos(), tooltipFor(layer, head), this, cellRect(layer, head));
        }
        return true;
    }
    return QWidget::event(event);
}

}  // namespace attnscope::views
