#include "views/TokenPathView.h"

#include <QEvent>
#include <QHelpEvent>
#include <QPainter>

#include <algorithm>

#include "views/HeatmapStyle.h"
#include "views/StageCanvas.h"
#include "views/Tooltip.h"

namespace attnscope::views {
namespace {

constexpr int kMargin = 8;
constexpr int kLabelWidth = 180;
constexpr int kHeaderLines = 3;

QColor residualColor() { return QColor(0x88, 0x88, 0x88); }
QColor attentionColor() { return QColor(0x21, 0x66, 0xac); }
QColor feedForwardColor() { return QColor(0xef, 0x8a, 0x62); }

}  // namespace

TokenPathView::TokenPathView(QWidget* parent) : QWidget(parent) {
    setMouseTracking(true);
    setMessage(tr("Generate some text, then pick a token: its path up the stack is drawn here."));
}

void TokenPathView::setPath(std::shared_ptr<const teaching::TokenPath> path, TokenNamer namer) {
    m_path = std::move(path);
    m_namer = std::move(namer);
    m_message.clear();
    updateGeometry();
    update();
}

void TokenPathView::setMessage(const QString& message) {
    m_path.reset();
    m_message = message;
    update();
}

QString TokenPathView::tokenText(std::int32_t token) const {
    return QStringLiteral("‘%1’").arg(m_namer ? m_namer(token) : QString::number(token));
}

int TokenPathView::rowHeight() const {
    if (!m_path) return 0;
    const int rows = static_cast<int>(m_path->layers.size());
    const int available = height() - kHeaderLines * fontMetrics().height() - 3 * kMargin;
    return std::clamp(available / std::max(1, rows), 3 * fontMetrics().height() / 2 + 6, 4 * fontMetrics().height());
}

QRect TokenPathView::rowRect(int row) const {
    const int h = rowHeight();
    const int top = kHeaderLines * fontMetrics().height() + 2 * kMargin;
    const int rows = m_path ? static_cast<int>(m_path->layers.size()) : 0;
    return {kMargin, top + (rows - 1 - row) * h, width() - 2 * kMargin, h};  // row 0 at the bottom
}

QSize TokenPathView::sizeHint() const {
    const int rows = m_path ? static_cast<int>(m_path->layers.size()) : 5;
    return {520, kHeaderLines * fontMetrics().height() + 3 * kMargin + rows * (2 * fontMetrics().height() + 6)};
}

QString TokenPathView::rowText(int row) const {
    if (!m_path || row < 0 || row >= static_cast<int>(m_path->layers.size())) return {};
    QStringList parts;
    for (const Candidate& c : m_path->layers[static_cast<std::size_t>(row)].lens) {
        parts << QStringLiteral("%1 %2").arg(tokenText(c.token), shortNumber(c.probability));
    }
    return parts.join(QStringLiteral(" · "));
}

void TokenPathView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), palette().base());
    p.setPen(palette().color(QPalette::Text));
    const QFontMetrics fm = fontMetrics();
    const QRect header(kMargin, kMargin, width() - 2 * kMargin, kHeaderLines * fm.height());
    if (!m_path) {
        p.drawText(header.adjusted(0, 0, 0, 200), Qt::TextWordWrap, m_message);
        return;
    }
    const teaching::TokenPath& path = *m_path;
    const QString next = path.nextToken >= 0 ? tr(" The text's next token is %1.").arg(tokenText(path.nextToken)) : QString();
    p.drawText(header, Qt::TextWordWrap,
               tr("%1 at position %2, from the embeddings (bottom) up through every block. Grey: the size |x| of the vector "
                  "entering the block; blue: what attention added; orange: what the feed-forward network added. Right: what "
                  "the vector would predict if read out here (logit lens).%3")
                   .arg(tokenText(path.token)).arg(path.position).arg(next));
    double maxNorm = 0;
    for (const auto& l : path.layers) maxNorm = std::max({maxNorm, l.inputNorm, l.attnNorm, l.mlpNorm});
    maxNorm = maxNorm > 0 ? maxNorm : 1;
    const int rows = static_cast<int>(path.layers.size());
    const int barsWidth = std::max(60, (width() - 2 * kMargin - kLabelWidth) * 2 / 5);
    for (int row = 0; row < rows; ++row) {
        const teaching::PathLayer& l = path.layers[static_cast<std::size_t>(row)];
        const QRect r = rowRect(row);
        const bool last = row == rows - 1;
        p.setPen(QColor(0xdd, 0xdd, 0xdd));
        p.drawLine(r.bottomLeft(), r.bottomRight());
        p.setPen(palette().color(QPalette::Text));
        p.drawText(QRect(r.left(), r.top(), kLabelWidth - 6, r.height()), Qt::AlignRight | Qt::AlignVCenter,
                   last ? tr("after the last block") : (row == 0 ? tr("into block 0 (embeddings)") : tr("into block %1").arg(row)));
        const int barLeft = r.left() + kLabelWidth;
        const int barH = std::max(3, (r.height() - 10) / 3);
        auto bar = [&](int index, double value, const QColor& color) {
            const QRect b(barLeft, r.top() + 4 + index * (barH + 1), static_cast<int>(barsWidth * value / maxNorm), barH);
            p.fillRect(b, color);
        };
        bar(0, l.inputNorm, residualColor());
        if (!last) {
            bar(1, l.attnNorm, attentionColor());
            bar(2, l.mlpNorm, feedForwardColor());
        }
        p.setPen(palette().color(QPalette::Text));
        const QRect text(barLeft + barsWidth + 10, r.top(), r.right() - barLeft - barsWidth - 10, r.height());
        QFont f = p.font();
        f.setBold(last);
        p.save();
        p.setFont(f);
        p.drawText(text, Qt::AlignLeft | Qt::AlignVCenter, fm.elidedText(rowText(row), Qt::ElideRight, text.width()));
        p.restore();
    }
}

QString TokenPathView::toolTipAt(const QPoint& pos) const {
    if (!m_path) return {};
    for (int row = 0; row < static_cast<int>(m_path->layers.size()); ++row) {
        if (!rowRect(row).contains(pos)) continue;
        const teaching::PathLayer& l = m_path->layers[static_cast<std::size_t>(row)];
        const bool last = row + 1 == static_cast<int>(m_path->layers.size());
        QString text = last ? tr("After the last block\n|x| = %1").arg(exactNumber(l.inputNorm))
                            : tr("Entering block %1\n|x| = %2\nattention added a vector of size %3\nthe feed-forward network added %4")
                                  .arg(row).arg(exactNumber(l.inputNorm), exactNumber(l.attnNorm), exactNumber(l.mlpNorm));
        text += tr("\nread out here:");
        for (const Candidate& c : l.lens) text += QStringLiteral("\n  %1  %2").arg(tokenText(c.token), exactNumber(c.probability));
        return text;
    }
    return {};
}

bool TokenPathView::event(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        return showPlainToolTip(this, help, toolTipAt(help->pos()));
    }
    return QWidget::event(event);
}

}  // namespace attnscope::views
