#include "views/TokenStrip.h"

#include "views/Tooltip.h"

#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QScrollBar>
#include <QToolTip>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace attnscope::views {
namespace {

constexpr int kMargin = 6;
constexpr int kGapX = 4;
constexpr int kGapY = 7;
constexpr int kPadX = 6;
constexpr double kRadius = 5.0;

const QChar kSpaceMark(0x00B7);    // "·", the namer's leading space
const QChar kNewlineMark(0x21B5);  // "↵"
const QChar kTabMark(0x21E5);      // "⇥"

bool isMark(QChar c) { return c == kSpaceMark || c == kNewlineMark || c == kTabMark; }

// How a chosen token is told in words.
QString howText(ChoiceKind how) {
    switch (how) {
    case ChoiceKind::Greedy: return TokenStrip::tr("greedy (the most probable)");
    case ChoiceKind::Sampled: return TokenStrip::tr("sampled");
    case ChoiceKind::Forced: return TokenStrip::tr("forced by the user");
    }
    return {};
}

QString probabilityText(float p) {
    return QStringLiteral("%1 (%2%)").arg(QString::number(p, 'g', 3), QString::number(100.0 * p, 'f', 1));
}

// Draws `text` from `x` on the baseline `y`, with the namer's marks (· ↵ ⇥) in a muted pen so
// a leading space is visible without shouting.
void drawMarkedText(QPainter& painter, const QFontMetrics& fm, int x, int y, const QString& text,
                    const QColor& ink, const QColor& muted) {
    int start = 0;
    while (start < text.size()) {
        const bool mark = isMark(text[start]);
        int end = start + 1;
        while (end < text.size() && isMark(text[end]) == mark) ++end;
        const QString run = text.mid(start, end - start);
        painter.setPen(mark ? muted : ink);
        painter.drawText(x, y, run);
        x += fm.horizontalAdvance(run);
        start = end;
    }
}

}  // namespace

TokenStrip::TokenStrip(QWidget* parent) : QWidget(parent), m_scroll(new QScrollBar(Qt::Vertical, this)) {
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setBackgroundRole(QPalette::Base);
    setAutoFillBackground(true);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    m_scroll->hide();
    connect(m_scroll, &QScrollBar::valueChanged, this, [this] { update(); });
}

// --- colours -----------------------------------------------------------------------------

QColor TokenStrip::promptFill() { return QColor(0xe4, 0xe4, 0xe4); }
QColor TokenStrip::generatedFill() { return QColor(0xcf, 0xe4, 0xf7); }
QColor TokenStrip::forcedFill() { return QColor(0xe6, 0xcc, 0xf2); }
QColor TokenStrip::selectedFill() { return QColor(0xff, 0xd5, 0x4f); }
QColor TokenStrip::newestMarkColor() { return QColor(0xd6, 0x27, 0x28); }
QColor TokenStrip::probabilityBarColor(ChoiceKind how) {
    switch (how) {
    case ChoiceKind::Greedy: return QColor(0x1f, 0x5f, 0x9f);
    case ChoiceKind::Sampled: return QColor(0xe0, 0x6c, 0x00);
    case ChoiceKind::Forced: return QColor(0x7b, 0x3f, 0xa0);
    }
    return Qt::black;
}

// --- data --------------------------------------------------------------------------------

void TokenStrip::setNamer(TokenNamer namer) {
    m_namer = std::move(namer);
    m_names.clear();
    m_widths.clear();
    relayout();
}

void TokenStrip::setText(const std::vector<std::int32_t>& tokens, int promptLength,
                         const std::vector<float>& chosenProbability, const std::vector<ChoiceKind>& how) {
    m_tokens = tokens;
    m_promptLength = std::clamp(promptLength, 0, static_cast<int>(tokens.size()));
    m_probability = chosenProbability;
    m_how = how;
    if (m_hover >= tokenCount()) m_hover = -1;
    relayout();
    if (m_selected < 0 || m_selected >= tokenCount()) ensureVisible(tokenCount() - 1);
}

void TokenStrip::setPendingToken(std::optional<std::int32_t> token, float probability, ChoiceKind how) {
    m_pending = token;
    m_pendingProbability = probability;
    m_pendingHow = how;
    relayout();
}

void TokenStrip::setHeadsOff(std::vector<QString> perPosition, QString pending) {
    m_headsOff = std::move(perPosition);
    m_pendingHeadsOff = std::move(pending);
    update();
}

bool TokenStrip::madeWithHeadsOff(int position) const {
    return position >= m_promptLength && position >= 0 && position < static_cast<int>(m_headsOff.size()) &&
           !m_headsOff[static_cast<std::size_t>(position)].isEmpty();
}

QColor TokenStrip::headsOffMarkColor() { return QColor(0xe5, 0x39, 0x35); }

void TokenStrip::clear() {
    m_headsOff.clear();
    m_pendingHeadsOff.clear();
    m_tokens.clear();
    m_promptLength = 0;
    m_probability.clear();
    m_how.clear();
    m_pending.reset();
    m_hover = -1;
    relayout();
}

void TokenStrip::setSelectedQuery(int position) {
    if (position == m_selected) return;
    m_selected = position;
    ensureVisible(selectedQuery());
    update();
}

void TokenStrip::setLegendVisible(bool visible) {
    m_legendVisible = visible;
    relayout();
}

int TokenStrip::selectedQuery() const {
    if (m_tokens.empty()) return -1;
    return (m_selected < 0 || m_selected >= tokenCount()) ? tokenCount() - 1 : m_selected;
}

QString TokenStrip::nameOf(std::int32_t token) const {
    auto it = m_names.constFind(token);
    if (it != m_names.constEnd()) return *it;
    const QString name = m_namer ? m_namer(token) : QString::number(token);
    m_names.insert(token, name);
    return name;
}

QString TokenStrip::displayText(int position) const {
    if (position < 0 || position >= tokenCount()) return {};
    return nameOf(m_tokens[static_cast<std::size_t>(position)]);
}

// --- layout ------------------------------------------------------------------------------

int TokenStrip::chipHeight() const { return fontMetrics().height() + 10; }

int TokenStrip::legendHeight() const {
    if (!m_legendVisible) return 0;
    QFont small = font();
    small.setPointSizeF(font().pointSizeF() * 0.85);
    return QFontMetrics(small).height() + 8;
}

int TokenStrip::chipWidth(std::int32_t token) const {
    auto it = m_widths.constFind(token);
    if (it != m_widths.constEnd()) return *it;
    const int width = std::max(fontMetrics().horizontalAdvance(nameOf(token)) + 2 * kPadX, 18);
    m_widths.insert(token, width);
    return width;
}

TokenStrip::Layout TokenStrip::layoutFor(int width) const {
    Layout layout;
    const int h = chipHeight();
    const int right = width - kMargin;
    const int widest = std::max(24, right - kMargin);
    int x = kMargin;
    int y = kMargin + legendHeight();
    int bottom = y;
    const auto place = [&](int w) {
        w = std::min(w, widest);
        if (x > kMargin && x + w > right) {
            x = kMargin;
            y += h + kGapY;
        }
        const QRect rect(x, y, w, h);
        x += w + kGapX;
        bottom = rect.bottom() + 1;
        return rect;
    };
    layout.chips.reserve(m_tokens.size());
    for (std::int32_t token : m_tokens) {
        layout.chips.push_back(place(chipWidth(token)));
        // A newline token ends its line, as it does in the text.
        if (nameOf(token).endsWith(kNewlineMark)) {
            x = kMargin;
            y += h + kGapY;
        }
    }
    if (m_pending) layout.pending = place(chipWidth(*m_pending) + fontMetrics().horizontalAdvance(QStringLiteral("→ ")));
    layout.contentHeight = bottom + kMargin;
    return layout;
}

void TokenStrip::relayout() {
    const int barWidth = m_scroll->sizeHint().width();
    m_layout = layoutFor(width());
    const bool scrolls = m_layout.contentHeight > height();
    if (scrolls) m_layout = layoutFor(width() - barWidth);
    m_scroll->setVisible(scrolls);
    if (scrolls) {
        m_scroll->setGeometry(width() - barWidth, 0, barWidth, height());
        m_scroll->setRange(0, m_layout.contentHeight - height());
        m_scroll->setPageStep(height());
        m_scroll->setSingleStep(chipHeight() + kGapY);
    } else {
        m_scroll->setRange(0, 0);
    }
    // No updateGeometry(): the size hint does not depend on the text, and asking the window to
    // lay out its docks again on every new token cost ~25 ms of the UI thread per step.
    update();
}

int TokenStrip::scrollOffset() const { return m_scroll->isHidden() ? 0 : m_scroll->value(); }

void TokenStrip::ensureVisible(int position) {
    if (position < 0 || position >= static_cast<int>(m_layout.chips.size()) || m_scroll->isHidden()) return;
    const QRect rect = m_layout.chips[static_cast<std::size_t>(position)];
    const int top = scrollOffset();
    if (rect.top() - kMargin < top) {
        m_scroll->setValue(rect.top() - kMargin);
    } else if (rect.bottom() + kMargin > top + height()) {
        m_scroll->setValue(rect.bottom() + kMargin - height() + 1);
    }
}

QRect TokenStrip::chipRect(int position) const {
    if (position < 0 || position >= static_cast<int>(m_layout.chips.size())) return {};
    return m_layout.chips[static_cast<std::size_t>(position)].translated(0, -scrollOffset());
}

QRect TokenStrip::pendingChipRect() const {
    if (!m_pending || m_layout.pending.isNull()) return {};
    return m_layout.pending.translated(0, -scrollOffset());
}

int TokenStrip::positionAt(QPoint point) const {
    const QPoint content = point + QPoint(0, scrollOffset());
    // Chips are in reading order, so the first whose line is below the point ends the search.
    for (std::size_t i = 0; i < m_layout.chips.size(); ++i) {
        const QRect& rect = m_layout.chips[i];
        if (rect.top() > content.y()) break;
        if (rect.contains(content)) return static_cast<int>(i);
    }
    return -1;
}

QSize TokenStrip::sizeHint() const { return {480, 3 * (chipHeight() + kGapY) + 2 * kMargin + legendHeight()}; }

QSize TokenStrip::minimumSizeHint() const { return {120, chipHeight() + 2 * kMargin}; }

// --- text for people ---------------------------------------------------------------------

QString TokenStrip::tooltipFor(int position) const {
    if (position < 0 || position >= tokenCount()) return {};
    const auto index = static_cast<std::size_t>(position);
    const std::int32_t id = m_tokens[index];
    QString text = tr("\u201C%1\u201D   id %2\nposition %3").arg(nameOf(id)).arg(id).arg(position);
    if (position < m_promptLength) {
        text += tr(" \u00B7 prompt token");
    } else {
        const float p = index < m_probability.size() ? m_probability[index] : NAN;
        const ChoiceKind how = index < m_how.size() ? m_how[index] : ChoiceKind::Greedy;
        text += tr(" \u00B7 generated, chosen at step %1\n").arg(position - m_promptLength);
        if (!std::isfinite(p)) {
            text += tr("%1; probability not known").arg(howText(how));
        } else if (how == ChoiceKind::Forced && p == 0.0f) {
            text += tr("forced by the user; not among the recorded candidates, so its probability is not known");
        } else if (how == ChoiceKind::Forced) {
            text += tr("forced by the user; the model gave it probability %1").arg(probabilityText(p));
        } else {
            text += tr("%1 with probability %2").arg(howText(how), probabilityText(p));
        }
    }
    if (madeWithHeadsOff(position)) {
        text += tr("\nchosen with heads switched off: %1").arg(m_headsOff[index]);
    }
    if (position == tokenCount() - 1) text += tr("\nthe newest token");
    if (position == selectedQuery()) text += tr("\nthe selected query");
    return text;
}

// --- events ------------------------------------------------------------------------------

bool TokenStrip::event(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const int position = positionAt(help->pos());
        QString text = tooltipFor(position);
        if (text.isEmpty() && pendingChipRect().contains(help->pos())) {
            text = tr("chosen next: \u201C%1\u201D   id %2\n%3 with probability %4\nit enters the text (position %5) at the next step")
                       .arg(nameOf(*m_pending))
                       .arg(*m_pending)
                       .arg(howText(m_pendingHow), probabilityText(m_pendingProbability))
                       .arg(tokenCount());
            if (!m_pendingHeadsOff.isEmpty()) text += tr("\nchosen with heads switched off: %1").arg(m_pendingHeadsOff);
        }
        return showPlainToolTip(this, help, text);
    }
    return QWidget::event(event);
}

void TokenStrip::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    relayout();
    ensureVisible(selectedQuery());
}

void TokenStrip::changeEvent(QEvent* event) {
    if (event->type() == QEvent::FontChange) {
        m_widths.clear();
        relayout();
    }
    QWidget::changeEvent(event);
}

void TokenStrip::mousePressEvent(QMouseEvent* event) {
    if (event->button() == Qt::LeftButton) {
        const int position = positionAt(event->position().toPoint());
        if (position >= 0) {
            emit querySelected(position);
            return;
        }
    }
    QWidget::mousePressEvent(event);
}

void TokenStrip::mouseMoveEvent(QMouseEvent* event) {
    const int hover = positionAt(event->position().toPoint());
    if (hover != m_hover) {
        m_hover = hover;
        setCursor(hover >= 0 ? Qt::PointingHandCursor : Qt::ArrowCursor);
        update();
    }
    QWidget::mouseMoveEvent(event);
}

void TokenStrip::leaveEvent(QEvent* event) {
    if (m_hover >= 0) {
        m_hover = -1;
        update();
    }
    QWidget::leaveEvent(event);
}

void TokenStrip::wheelEvent(QWheelEvent* event) {
    if (m_scroll->isHidden()) {
        event->ignore();
        return;
    }
    const QPoint pixels = event->pixelDelta();
    const int delta = !pixels.isNull() ? pixels.y() : event->angleDelta().y() / 120 * 3 * m_scroll->singleStep();
    m_scroll->setValue(m_scroll->value() - delta);
    event->accept();
}

// --- painting ----------------------------------------------------------------------------

void TokenStrip::paintChip(QPainter& painter, const QRect& rect, int position) const {
    const auto index = static_cast<std::size_t>(position);
    const bool prompt = position < m_promptLength;
    const ChoiceKind how = index < m_how.size() ? m_how[index] : ChoiceKind::Greedy;
    const bool selected = position == selectedQuery();

    QColor fill = prompt ? promptFill() : (how == ChoiceKind::Forced ? forcedFill() : generatedFill());
    QPen border(fill.darker(130), 1.0);
    if (selected) {
        fill = selectedFill();
        border = QPen(QColor(0x8a, 0x5a, 0x00), 2.0);
    } else if (position == m_hover) {
        border = QPen(palette().color(QPalette::Highlight), 1.5);
    }
    painter.setPen(border);
    painter.setBrush(fill);
    painter.drawRoundedRect(QRectF(rect).adjusted(0.5, 0.5, -0.5, -0.5), kRadius, kRadius);

    // The text, elided if a single token is wider than the whole strip.
    const QFontMetrics fm = fontMetrics();
    const QString name = nameOf(m_tokens[index]);
    const QString shown = fm.elidedText(name, Qt::ElideRight, rect.width() - 2 * kPadX + 2);
    const int baseline = rect.top() + 4 + fm.ascent();
    drawMarkedText(painter, fm, rect.left() + kPadX, baseline, shown, QColor(0x1a, 0x1a, 0x1a), QColor(0x80, 0x80, 0x80));

    // The probability the token had when it was chosen: a thin bar along the bottom.
    const float p = index < m_probability.size() ? m_probability[index] : NAN;
    if (!prompt && std::isfinite(p)) {
        const QRectF track(rect.left() + 3, rect.bottom() - 3.5, rect.width() - 6, 2.5);
        painter.setPen(Qt::NoPen);
        painter.setBrush(QColor(255, 255, 255, 170));
        painter.drawRect(track);
        painter.setBrush(probabilityBarColor(how));
        painter.drawRect(QRectF(track.left(), track.top(), track.width() * std::clamp(p, 0.0f, 1.0f), track.height()));
    }

    if (madeWithHeadsOff(position)) paintHeadsOffMark(painter, rect);

    // The newest token: a badge on its top-right corner.
    if (position == tokenCount() - 1) {
        painter.setPen(QPen(Qt::white, 1.0));
        painter.setBrush(newestMarkColor());
        painter.drawEllipse(QPointF(rect.right() - 1.0, rect.top() + 1.0), 4.0, 4.0);
    }
}

void TokenStrip::paintHeadsOffMark(QPainter& painter, const QRect& chip) const {
    // A small crossed square on the top-left corner, like the cross over the head in the grid.
    const QRectF box(chip.left() - 2.5, chip.top() - 2.5, 7, 7);
    painter.setPen(QPen(Qt::white, 1.0));
    painter.setBrush(headsOffMarkColor());
    painter.drawRect(box);
    painter.setPen(QPen(Qt::white, 1.2));
    painter.drawLine(box.topLeft() + QPointF(1.5, 1.5), box.bottomRight() - QPointF(1.5, 1.5));
    painter.drawLine(box.topRight() + QPointF(-1.5, 1.5), box.bottomLeft() + QPointF(1.5, -1.5));
}

void TokenStrip::paintLegend(QPainter& painter) const {
    QFont small = font();
    small.setPointSizeF(font().pointSizeF() * 0.85);
    painter.setFont(small);
    const QFontMetrics fm(small);
    const int h = fm.height();
    int x = kMargin;
    const int y = kMargin - scrollOffset();
    const int right = width() - kMargin - (m_scroll->isHidden() ? 0 : m_scroll->width());
    struct Entry {
        QColor fill;
        QString text;
    };
    const Entry entries[] = {
        {promptFill(), tr("prompt")},
        {generatedFill(), tr("generated (bar: its probability when chosen)")},
        {forcedFill(), tr("forced")},
        {selectedFill(), tr("selected query")},
    };
    for (const Entry& entry : entries) {
        const int w = h + 4 + fm.horizontalAdvance(entry.text);
        if (x + w > right) break;
        painter.setPen(QPen(entry.fill.darker(130), 1.0));
        painter.setBrush(entry.fill);
        painter.drawRoundedRect(QRectF(x + 0.5, y + 2.5, h - 3, h - 3), 3, 3);
        painter.setPen(QColor(0x55, 0x55, 0x55));
        painter.drawText(x + h + 2, y + fm.ascent(), entry.text);
        x += w + 12;
    }
    const QString newest = tr("newest");
    if (x + h + fm.horizontalAdvance(newest) <= right) {
        painter.setPen(Qt::NoPen);
        painter.setBrush(newestMarkColor());
        painter.drawEllipse(QPointF(x + h / 2.0, y + h / 2.0 + 0.5), 4.0, 4.0);
        painter.setPen(QColor(0x55, 0x55, 0x55));
        painter.drawText(x + h + 2, y + fm.ascent(), newest);
        x += h + 2 + fm.horizontalAdvance(newest) + 12;
    }
    const bool anyOff = !m_pendingHeadsOff.isEmpty() ||
                        std::any_of(m_headsOff.begin(), m_headsOff.end(), [](const QString& t) { return !t.isEmpty(); });
    const QString off = tr("chosen with heads off");
    if (anyOff && x + h + fm.horizontalAdvance(off) <= right) {
        paintHeadsOffMark(painter, QRect(x + 3, y + 5, h, h));
        painter.setPen(QColor(0x55, 0x55, 0x55));
        painter.drawText(x + h + 2, y + fm.ascent(), off);
    }
    painter.setFont(font());
}

void TokenStrip::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setClipRect(QRect(0, 0, width() - (m_scroll->isHidden() ? 0 : m_scroll->width()), height()));

    if (m_tokens.empty() && !m_pending) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(rect(), Qt::AlignCenter, tr("No text yet: type a prompt and generate."));
        return;
    }
    if (m_legendVisible) paintLegend(painter);

    const int top = scrollOffset();
    const int bottom = top + height();
    for (std::size_t i = 0; i < m_layout.chips.size(); ++i) {
        const QRect& rect = m_layout.chips[i];
        if (rect.bottom() < top - 6 || rect.top() > bottom + 6) continue;
        paintChip(painter, rect.translated(0, -top), static_cast<int>(i));
    }

    if (m_pending && !m_layout.pending.isNull()) {
        const QRect rect = m_layout.pending.translated(0, -top);
        QPen dashed(QColor(0x70, 0x70, 0x70), 1.2, Qt::DashLine);
        painter.setPen(dashed);
        painter.setBrush(Qt::NoBrush);
        painter.drawRoundedRect(QRectF(rect).adjusted(0.5, 0.5, -0.5, -0.5), kRadius, kRadius);
        const QFontMetrics fm = fontMetrics();
        const QString text = fm.elidedText(QStringLiteral("→ ") + nameOf(*m_pending), Qt::ElideRight, rect.width() - 2 * kPadX + 2);
        drawMarkedText(painter, fm, rect.left() + kPadX, rect.top() + 4 + fm.ascent(), text, QColor(0x50, 0x50, 0x50),
                       QColor(0x99, 0x99, 0x99));
        if (!m_pendingHeadsOff.isEmpty()) paintHeadsOffMark(painter, rect);
    }
}

}  // namespace attnscope::views
