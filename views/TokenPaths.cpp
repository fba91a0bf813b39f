#include "views/TokenPaths.h"

#include "views/Tooltip.h"

#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QScrollBar>
#include <QToolTip>
#include <QWheelEvent>

#include <algorithm>
#include <map>
#include <array>
#include <cmath>
#include <numeric>

namespace attnscope::views {
namespace {

constexpr int kMargin = 8;
constexpr int kLabelPad = 6;
constexpr int kLineGap = 6;  // between a label and the ends of its lines
constexpr int kMinRow = 16;
constexpr int kMaxRow = 26;

// Tableau's ten, then indigo, teal and grey: twelve colours a class can tell apart on a projector
// (GPT-2 small has 12 heads); after them eight more for the bigger models, less distinct.
constexpr std::array<QRgb, 20> kHeadPalette{{
    0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd, 0x8c564b, 0xe377c2, 0xbcbd22, 0x17becf, 0x393b79,
    0x006d6f, 0x7f7f7f, 0x8c6d31, 0x7b4173, 0xe7969c, 0x6baed6, 0xfd8d3c, 0x74c476, 0x9e9ac8, 0x637939,
}};

QFont smallFont(const QFont& base) {
    QFont small = base;
    small.setPointSizeF(base.pointSizeF() * 0.85);
    return small;
}

}  // namespace

TokenPaths::TokenPaths(QWidget* parent) : QWidget(parent), m_scroll(new QScrollBar(Qt::Vertical, this)) {
    setMouseTracking(true);
    setBackgroundRole(QPalette::Base);
    setAutoFillBackground(true);
    m_scroll->hide();
    connect(m_scroll, &QScrollBar::valueChanged, this, [this] { update(); });
}

// --- look --------------------------------------------------------------------------------

QColor TokenPaths::headColor(int head) {
    const auto n = static_cast<int>(kHeadPalette.size());
    return QColor::fromRgb(kHeadPalette[static_cast<std::size_t>(((head % n) + n) % n)]);
}

// Width and opacity both grow with the weight; opacity with a square-root-like curve so that
// weights of a few percent still show as faint threads while near-zero ones vanish.
double TokenPaths::penWidthFor(float weight) { return 0.6 + 7.0 * std::clamp(static_cast<double>(weight), 0.0, 1.0); }

int TokenPaths::alphaFor(float weight) {
    const double w = std::clamp(static_cast<double>(weight), 0.0, 1.0);
    return static_cast<int>(std::lround(255.0 * std::pow(w, 0.6)));
}

QColor TokenPaths::selectedFill() { return QColor(0xff, 0xd5, 0x4f); }

// --- data --------------------------------------------------------------------------------

void TokenPaths::setNamer(TokenNamer namer) {
    m_namer = std::move(namer);
    relayout();
}

void TokenPaths::setRecord(StepRecordPtr record) {
    m_record = std::move(record);
    if (m_hoverQuery >= length()) m_hoverQuery = -1;
    if (m_hoverKey >= length()) m_hoverKey = -1;
    invalidateLines();
    relayout();
    ensureVisible(query());
}

void TokenPaths::setSelection(const Selection& selection) {
    if (selection == m_selection) return;
    m_selection = selection;
    invalidateLines();
    relayout();  // the head legend may change its height
    ensureVisible(query());
}

void TokenPaths::setHeads(std::vector<int> heads) {
    m_pinnedHeads = std::move(heads);
    invalidateLines();
    relayout();
}

int TokenPaths::length() const { return m_record ? m_record->length() : 0; }

bool TokenPaths::drawable() const {
    return m_record && m_record->recorded() && m_record->shape && m_record->shape->nLayer > 0 &&
           m_record->shape->nHead > 0 && m_record->length() > 0;
}

int TokenPaths::layer() const {
    if (!m_record || !m_record->shape || m_record->shape->nLayer <= 0) return 0;
    return std::clamp(m_selection.layer, 0, m_record->shape->nLayer - 1);
}

int TokenPaths::query() const { return length() > 0 ? m_selection.queryFor(length()) : -1; }

std::vector<int> TokenPaths::shownHeads() const {
    const int nHead = (m_record && m_record->shape) ? m_record->shape->nHead : 0;
    std::vector<int> heads;
    if (nHead <= 0) return heads;
    if (!m_pinnedHeads.empty()) {
        for (int h : m_pinnedHeads) {
            if (h >= 0 && h < nHead && std::find(heads.begin(), heads.end(), h) == heads.end()) heads.push_back(h);
        }
    } else if (m_selection.averageHeads) {
        heads.resize(static_cast<std::size_t>(nHead));
        std::iota(heads.begin(), heads.end(), 0);
    } else {
        heads.push_back(std::clamp(m_selection.head, 0, nHead - 1));
    }
    return heads;
}

QString TokenPaths::message() const {
    if (!m_record) return tr("No step to show yet: generate some text to see where each token looks.");
    if (!m_record->recorded()) {
        return QStringLiteral(
            "This step was generated with recording off, so its attention was not kept.\n"
            "Turn recording on and generate again to see where each token looks.");
    }
    if (!drawable()) return tr("This record has no attention to draw.");
    return {};
}

std::vector<PathLine> TokenPaths::linesFor(int q) const {
    std::vector<PathLine> lines;
    if (!drawable() || q < 0 || q >= length()) return lines;
    const int l = layer();
    for (int head : shownHeads()) {
        const std::vector<float> row = m_record->attentionRow(l, head, q);
        for (int key = 0; key <= q && key < static_cast<int>(row.size()); ++key) {
            const float w = row[static_cast<std::size_t>(key)];
            lines.push_back({head, key, w, penWidthFor(w), alphaFor(w)});
        }
    }
    return lines;
}

void TokenPaths::invalidateLines() {
    m_cachedQuery = -1;
    m_cachedLines.clear();
}

const std::vector<PathLine>& TokenPaths::cachedLines(int q) const {
    if (q != m_cachedQuery) {
        m_cachedLines = linesFor(q);
        // Faint lines first, so the strong ones are drawn on top.
        std::stable_sort(m_cachedLines.begin(), m_cachedLines.end(),
                         [](const PathLine& a, const PathLine& b) { return a.weight < b.weight; });
        m_cachedQuery = q;
    }
    return m_cachedLines;
}

QString TokenPaths::nameOf(std::int32_t token) const { return m_namer ? m_namer(token) : QString::number(token); }

// --- layout ------------------------------------------------------------------------------

void TokenPaths::relayout() {
    const QFontMetrics fm = fontMetrics();
    const QFontMetrics small(smallFont(font()));

    // Header: a title line, the head legend (flowing), then the column captions.
    int header = kMargin + fm.height() + 4;
    {
        int x = kMargin;
        const int right = width() - kMargin;
        int lines = 1;
        for (int head : shownHeads()) {
            const int w = small.height() + 4 + small.horizontalAdvance(QStringLiteral("h%1").arg(head)) + 10;
            if (x > kMargin && x + w > right) {
                x = kMargin;
                ++lines;
            }
            x += w;
        }
        header += lines * (small.height() + 2) + 4 + small.height() + 2;
    }
    m_headerHeight = header;

    const int n = length();
    const int available = std::max(1, height() - m_headerHeight - kMargin);
    m_rowHeight = n > 0 ? std::clamp(available / n, kMinRow, kMaxRow) : kMinRow;
    m_rowHeight = std::max(m_rowHeight, fm.height() + 2);
    m_contentHeight = n * m_rowHeight;

    const bool scrolls = drawable() && m_contentHeight > available;
    const int barWidth = m_scroll->sizeHint().width();
    m_scroll->setVisible(scrolls);
    if (scrolls) {
        m_scroll->setGeometry(width() - barWidth, m_headerHeight, barWidth, height() - m_headerHeight);
        m_scroll->setRange(0, m_contentHeight - available);
        m_scroll->setPageStep(available);
        m_scroll->setSingleStep(m_rowHeight);
    } else {
        m_scroll->setRange(0, 0);
    }

    const int usable = width() - (scrolls ? barWidth : 0);
    m_numberWidth = small.horizontalAdvance(QString::number(std::max(n - 1, 0))) + 6;
    int widest = 0;
    if (m_record) {
        for (std::int32_t token : m_record->tokens) widest = std::max(widest, fm.horizontalAdvance(nameOf(token)));
    }
    const int cap = std::max(40, (usable - 2 * kMargin - 2 * m_numberWidth) * 3 / 10);
    m_columnWidth = std::clamp(widest + 2 * kLabelPad, 40, cap);
    update();
}

int TokenPaths::scrollOffset() const { return m_scroll->isHidden() ? 0 : m_scroll->value(); }

int TokenPaths::rowTop(int position) const { return position * m_rowHeight; }

void TokenPaths::ensureVisible(int position) {
    if (position < 0 || m_scroll->isHidden()) return;
    const int available = height() - m_headerHeight - kMargin;
    const int top = rowTop(position);
    if (top < m_scroll->value()) {
        m_scroll->setValue(top);
    } else if (top + m_rowHeight > m_scroll->value() + available) {
        m_scroll->setValue(top + m_rowHeight - available);
    }
}

int TokenPaths::firstVisibleRow() const { return m_rowHeight > 0 ? (scrollOffset() + m_rowHeight - 1) / m_rowHeight : 0; }

int TokenPaths::strongestKey(int q) const {
    int best = -1;
    float bestWeight = -1;
    for (const PathLine& line : linesFor(q)) {
        if (line.weight > bestWeight) {
            bestWeight = line.weight;
            best = line.key;
        }
    }
    return best;
}

void TokenPaths::revealStrongestKey(int q) {
    // Lines run from a query up to earlier keys: after a click the strongest of them may lie
    // above the view. Bring it in, keeping the clicked query where it can still be seen.
    if (m_scroll->isHidden() || q < 0) return;
    const int key = strongestKey(q);
    if (key < 0 || key >= firstVisibleRow()) return;
    const int available = height() - m_headerHeight - kMargin;
    const int span = rowTop(q) + m_rowHeight - rowTop(key);
    if (span <= available) m_scroll->setValue(rowTop(key));
}

float TokenPaths::attentionAbove() const {
    if (!drawable() || m_scroll->isHidden()) return 0;
    const int first = firstVisibleRow();
    const std::vector<int> heads = shownHeads();
    if (first <= 0 || heads.empty()) return 0;
    double sum = 0;
    for (const PathLine& line : cachedLines(shownQuery())) {
        if (line.key < first) sum += line.weight;
    }
    return static_cast<float>(sum / static_cast<double>(heads.size()));
}

QRect TokenPaths::aboveTagRect() const {
    const float above = attentionAbove();
    if (above < 0.005f) return {};
    // On the captions line, between the columns, where the lines leave the view.
    const int row = firstVisibleRow();
    const int middle = (queryRect(row).right() + keyRect(row).left()) / 2;
    const QFontMetrics sm(smallFont(font()));
    const int w = sm.horizontalAdvance(aboveTagText(above)) + 8;
    return {middle - w / 2, m_headerHeight - sm.height() - 3, w, sm.height() + 2};
}

QString TokenPaths::aboveTagText(float above) { return tr("\u25B2 %1% above").arg(std::lround(100.0 * above)); }

QRect TokenPaths::queryRect(int position) const {
    if (!drawable() || position < 0 || position >= length()) return {};
    return {kMargin + m_numberWidth, m_headerHeight + rowTop(position) - scrollOffset(), m_columnWidth, m_rowHeight};
}

QRect TokenPaths::keyRect(int position) const {
    if (!drawable() || position < 0 || position >= length()) return {};
    const int usable = width() - (m_scroll->isHidden() ? 0 : m_scroll->width());
    return {usable - kMargin - m_numberWidth - m_columnWidth, m_headerHeight + rowTop(position) - scrollOffset(),
            m_columnWidth, m_rowHeight};
}

int TokenPaths::queryAt(QPoint point) const {
    if (!drawable() || point.y() < m_headerHeight) return -1;
    const int row = (point.y() - m_headerHeight + scrollOffset()) / m_rowHeight;
    if (row < 0 || row >= length()) return -1;
    const QRect rect = queryRect(row);
    return (point.x() >= rect.left() - m_numberWidth && point.x() <= rect.right()) ? row : -1;
}

int TokenPaths::keyAt(QPoint point) const {
    if (!drawable() || point.y() < m_headerHeight) return -1;
    const int row = (point.y() - m_headerHeight + scrollOffset()) / m_rowHeight;
    if (row < 0 || row >= length()) return -1;
    const QRect rect = keyRect(row);
    return (point.x() >= rect.left() && point.x() <= rect.right() + m_numberWidth) ? row : -1;
}

QSize TokenPaths::sizeHint() const { return {420, 480}; }

QSize TokenPaths::minimumSizeHint() const { return {220, 160}; }

// --- events ------------------------------------------------------------------------------

QString TokenPaths::keyTooltip(int key) const {
    const int q = shownQuery();
    const auto& tokens = m_record->tokens;
    QString text = tr("key %1 \u201C%2\u201D   id %3")
                       .arg(key)
                       .arg(nameOf(tokens[static_cast<std::size_t>(key)]))
                       .arg(tokens[static_cast<std::size_t>(key)]);
    if (key > q) {
        return text + tr("\nafter query %1: masked, a token cannot look at the future").arg(q);
    }
    text += tr("\nattention from query %1 \u201C%2\u201D, layer %3:")
                .arg(q)
                .arg(nameOf(tokens[static_cast<std::size_t>(q)]))
                .arg(layer());
    for (int head : shownHeads()) {
        const float w = m_record->attentionRow(layer(), head, q)[static_cast<std::size_t>(key)];
        text += tr("\n  head %1: %2").arg(head).arg(QString::number(w, 'f', 3));
    }
    return text;
}

int TokenPaths::shownQuery() const { return m_hoverQuery >= 0 ? m_hoverQuery : query(); }

QString TokenPaths::tooltipAt(QPoint point) const {
    if (aboveTagRect().contains(point)) {
        return tr("%1% of query %2's attention goes to keys 0\u2013%3, scrolled out of view above.\nClick to scroll to the strongest of them (key %4).")
            .arg(std::lround(100.0 * attentionAbove()))
            .arg(shownQuery())
            .arg(firstVisibleRow() - 1)
            .arg(strongestKey(shownQuery()));
    }
    if (const int key = keyAt(point); key >= 0) return keyTooltip(key);
    if (const int q = queryAt(point); q >= 0) {
        const std::int32_t id = m_record->tokens[static_cast<std::size_t>(q)];
        return tr("query %1 \u201C%2\u201D   id %3\nclick to select it").arg(q).arg(nameOf(id)).arg(id);
    }
    return {};
}

bool TokenPaths::event(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const QString text = tooltipAt(help->pos());
        return showPlainToolTip(this, help, text);
    }
    return QWidget::event(event);
}

void TokenPaths::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    relayout();
    ensureVisible(query());
}

void TokenPaths::changeEvent(QEvent* event) {
    if (event->type() == QEvent::FontChange) relayout();
    QWidget::changeEvent(event);
}

void TokenPaths::mousePressEvent(QMouseEvent* event) {
    if (event->button() == Qt::LeftButton) {
        const QPoint point = event->position().toPoint();
        if (aboveTagRect().contains(point)) {
            const int key = strongestKey(shownQuery());
            if (key >= 0) m_scroll->setValue(rowTop(key));
            return;
        }
        const int q = queryAt(point);
        if (q >= 0) {
            emit querySelected(q);
            revealStrongestKey(q);
            return;
        }
    }
    QWidget::mousePressEvent(event);
}

void TokenPaths::mouseMoveEvent(QMouseEvent* event) {
    const QPoint point = event->position().toPoint();
    const int hoverQuery = queryAt(point);
    const int hoverKey = keyAt(point);
    if (hoverQuery != m_hoverQuery || hoverKey != m_hoverKey) {
        m_hoverQuery = hoverQuery;
        m_hoverKey = hoverKey;
        setCursor(hoverQuery >= 0 ? Qt::PointingHandCursor : Qt::ArrowCursor);
        update();
    }
    QWidget::mouseMoveEvent(event);
}

void TokenPaths::leaveEvent(QEvent* event) {
    if (m_hoverQuery >= 0 || m_hoverKey >= 0) {
        m_hoverQuery = -1;
        m_hoverKey = -1;
        update();
    }
    QWidget::leaveEvent(event);
}

void TokenPaths::wheelEvent(QWheelEvent* event) {
    if (m_scroll->isHidden()) {
        event->ignore();
        return;
    }
    const QPoint pixels = event->pixelDelta();
    const int delta = !pixels.isNull() ? pixels.y() : event->angleDelta().y() / 120 * 3 * m_rowHeight;
    m_scroll->setValue(m_scroll->value() - delta);
    event->accept();
}

// --- painting ----------------------------------------------------------------------------

void TokenPaths::paintHeader(QPainter& painter) const {
    const QFontMetrics fm = fontMetrics();
    const QFont small = smallFont(font());
    const QFontMetrics sm(small);
    const int shown = shownQuery();
    const std::int32_t id = m_record->tokens[static_cast<std::size_t>(shown)];

    QFont bold = font();
    bold.setBold(true);
    painter.setFont(bold);
    painter.setPen(palette().color(QPalette::Text));
    QString title = tr("Layer %1 \u00B7 where query %2 \u201C%3\u201D looks").arg(layer()).arg(shown).arg(nameOf(id));
    if (m_hoverQuery >= 0 && m_hoverQuery != query()) title += tr(" (hover; click to select)");
    painter.drawText(QRect(kMargin, kMargin, width() - 2 * kMargin, fm.height()), Qt::AlignLeft | Qt::AlignVCenter,
                     QFontMetrics(bold).elidedText(title, Qt::ElideRight, width() - 2 * kMargin));

    // The head legend: a swatch per head shown, in that head's colour.
    painter.setFont(small);
    int x = kMargin;
    int y = kMargin + fm.height() + 4;
    const int right = width() - kMargin;
    for (int head : shownHeads()) {
        const QString label = QStringLiteral("h%1").arg(head);
        const int w = sm.height() + 4 + sm.horizontalAdvance(label) + 10;
        if (x > kMargin && x + w > right) {
            x = kMargin;
            y += sm.height() + 2;
        }
        painter.setPen(Qt::NoPen);
        painter.setBrush(headColor(head));
        painter.drawRoundedRect(QRectF(x, y + 3, sm.height() - 4, sm.height() - 4), 2, 2);
        painter.setPen(palette().color(QPalette::Text));
        painter.drawText(x + sm.height(), y + sm.ascent(), label);
        x += w;
    }
    y += sm.height() + 6;

    // Column captions over the two columns.
    painter.setPen(QColor(0x70, 0x70, 0x70));
    const QRect left = queryRect(0);
    const QRect right2 = keyRect(0);
    painter.drawText(QRect(left.left(), y, left.width(), sm.height()), Qt::AlignRight | Qt::AlignVCenter,
                     tr("queries"));
    painter.drawText(QRect(right2.left(), y, right2.width(), sm.height()), Qt::AlignLeft | Qt::AlignVCenter,
                     tr("keys"));
    painter.setFont(font());
}

void TokenPaths::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);

    const QString text = message();
    if (!text.isEmpty()) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(rect().adjusted(2 * kMargin, 2 * kMargin, -2 * kMargin, -2 * kMargin),
                         Qt::AlignCenter | Qt::TextWordWrap, text);
        return;
    }

    paintHeader(painter);

    const int n = length();
    const int selected = query();
    const int shown = shownQuery();
    const QFontMetrics fm = fontMetrics();
    const QFont small = smallFont(font());
    const int usable = width() - (m_scroll->isHidden() ? 0 : m_scroll->width());
    painter.setClipRect(QRect(0, m_headerHeight, usable, height() - m_headerHeight));

    const int offset = scrollOffset();
    const int firstRow = std::max(0, offset / m_rowHeight);
    const int lastRow = std::min(n - 1, (offset + height() - m_headerHeight) / m_rowHeight);
    const std::vector<PathLine>& lines = cachedLines(shown);

    // Per key, the strongest weight over the heads shown: a faint wash behind the key labels.
    std::vector<float> strongest(static_cast<std::size_t>(n), 0.0f);
    for (const PathLine& line : lines) {
        auto& s = strongest[static_cast<std::size_t>(line.key)];
        s = std::max(s, line.weight);
    }

    const QColor ink = palette().color(QPalette::Text);
    for (int row = firstRow; row <= lastRow; ++row) {
        const std::int32_t token = m_record->tokens[static_cast<std::size_t>(row)];
        const QString name = nameOf(token);
        const QRect left = queryRect(row);
        const QRect right = keyRect(row);
        const QRect leftBox = left.adjusted(0, 1, 0, -1);
        const QRect rightBox = right.adjusted(0, 1, 0, -1);

        if (row == selected) {
            painter.setPen(QPen(QColor(0x8a, 0x5a, 0x00), 1.5));
            painter.setBrush(selectedFill());
            painter.drawRoundedRect(QRectF(leftBox).adjusted(0.5, 0.5, -0.5, -0.5), 4, 4);
        } else if (row == m_hoverQuery) {
            painter.setPen(QPen(palette().color(QPalette::Highlight), 1.5));
            painter.setBrush(Qt::NoBrush);
            painter.drawRoundedRect(QRectF(leftBox).adjusted(0.5, 0.5, -0.5, -0.5), 4, 4);
        }
        if (row <= shown && strongest[static_cast<std::size_t>(row)] > 0.0f) {
            QColor wash(0x4c, 0x78, 0xa8);
            wash.setAlpha(static_cast<int>(std::lround(110.0 * strongest[static_cast<std::size_t>(row)])));
            painter.setPen(Qt::NoPen);
            painter.setBrush(wash);
            painter.drawRoundedRect(QRectF(rightBox).adjusted(0.5, 0.5, -0.5, -0.5), 4, 4);
        }
        if (row == m_hoverKey) {
            painter.setPen(QPen(palette().color(QPalette::Highlight), 1.5));
            painter.setBrush(Qt::NoBrush);
            painter.drawRoundedRect(QRectF(rightBox).adjusted(0.5, 0.5, -0.5, -0.5), 4, 4);
        }

        painter.setFont(font());
        painter.setPen(ink);
        painter.drawText(left.adjusted(kLabelPad, 0, -kLabelPad, 0), Qt::AlignRight | Qt::AlignVCenter,
                         fm.elidedText(name, Qt::ElideRight, left.width() - 2 * kLabelPad));
        // Keys after the shown query are masked (the future): drawn greyed out.
        painter.setPen(row > shown ? QColor(0xb0, 0xb0, 0xb0) : ink);
        painter.drawText(right.adjusted(kLabelPad, 0, -kLabelPad, 0), Qt::AlignLeft | Qt::AlignVCenter,
                         fm.elidedText(name, Qt::ElideRight, right.width() - 2 * kLabelPad));

        painter.setFont(small);
        painter.setPen(QColor(0x90, 0x90, 0x90));
        painter.drawText(QRect(left.left() - m_numberWidth, left.top(), m_numberWidth - 2, left.height()),
                         Qt::AlignRight | Qt::AlignVCenter, QString::number(row));
        painter.drawText(QRect(right.right() + 3, right.top(), m_numberWidth, right.height()),
                         Qt::AlignLeft | Qt::AlignVCenter, QString::number(row));
    }
    painter.setFont(font());

    // The lines: from the shown query's right edge to each key's left edge.
    const QRect from = queryRect(shown);
    const QPointF start(from.right() + kLineGap, from.center().y() + 0.5);
    // Faint thin lines (the long tail of a flat attention row, hundreds of them in a long text)
    // are drawn without antialiasing and in batches of one pen each (head and alpha): switching
    // pens and render hints per line was what made this view the slowest to repaint, and a faint
    // 1-pixel line looks the same either way. Strong lines are drawn one by one, antialiased, on top.
    const int visibleTop = offset - m_rowHeight, visibleBottom = offset + height();
    std::map<std::pair<int, int>, QVector<QLineF>> faint;  // (head, alpha) -> lines
    std::vector<std::pair<const PathLine*, int>> strong;   // line, alpha
    for (const PathLine& line : lines) {
        int alpha = line.alpha;
        if (m_hoverKey >= 0 && line.key != m_hoverKey) alpha = alpha / 5;
        if (alpha < 4) continue;
        const int keyY = line.key * m_rowHeight;
        const int queryY = shown * m_rowHeight;
        if (std::max(keyY, queryY) < visibleTop || std::min(keyY, queryY) > visibleBottom) continue;  // wholly off-screen
        if (line.penWidth < 1.5) {
            const QRect to = keyRect(line.key);
            // Alpha in steps of 8: fewer batches, no visible difference.
            faint[{line.head, std::max(4, alpha / 8 * 8)}].append(QLineF(start, QPointF(to.left() - kLineGap, to.center().y() + 0.5)));
        } else {
            strong.emplace_back(&line, alpha);
        }
    }
    painter.setRenderHint(QPainter::Antialiasing, false);
    for (const auto& [key, batch] : faint) {
        QColor colour = headColor(key.first);
        colour.setAlpha(key.second);
        painter.setPen(QPen(colour, 1.0));
        painter.drawLines(batch);
    }
    painter.setRenderHint(QPainter::Antialiasing, true);
    for (const auto& [line, alpha] : strong) {  // already in order of weight: the strongest last
        QColor colour = headColor(line->head);
        colour.setAlpha(alpha);
        const QRect to = keyRect(line->key);
        QPen pen(colour, line->penWidth);
        pen.setCapStyle(Qt::RoundCap);
        painter.setPen(pen);
        painter.drawLine(start, QPointF(to.left() - kLineGap, to.center().y() + 0.5));
    }
    painter.setRenderHint(QPainter::Antialiasing);

    // Attention that goes to keys above the view: said in a tag, so no line leaves unexplained.
    if (const QRect tag = aboveTagRect(); !tag.isEmpty()) {
        painter.setClipping(false);
        painter.setPen(QPen(QColor(0x4c, 0x78, 0xa8), 1));
        painter.setBrush(QColor(0xea, 0xf1, 0xf8));
        painter.drawRoundedRect(QRectF(tag).adjusted(0.5, 0.5, -0.5, -0.5), 3, 3);
        painter.setFont(small);
        painter.setPen(QColor(0x1f, 0x3d, 0x5c));
        painter.drawText(tag, Qt::AlignCenter, aboveTagText(attentionAbove()));
        painter.setFont(font());
    }
}

}  // namespace attnscope::views
