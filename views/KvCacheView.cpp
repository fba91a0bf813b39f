#include "views/KvCacheView.h"

#include <QEvent>
#include <QHelpEvent>
#include <QImage>
#include <QLocale>
#include <QPainter>

#include <algorithm>
#include <cmath>

#include "views/Colormaps.h"
#include "views/HeatmapStyle.h"
#include "views/StageCanvas.h"
#include "views/Tooltip.h"

namespace attnscope::views {
namespace {

constexpr int kMargin = 8;
constexpr int kLabelWidth = 110;
constexpr int kBandGap = 4;
constexpr int kLayerGap = 10;

QString bytesText(std::int64_t floats) {
    return QLocale().formattedDataSize(floats * static_cast<std::int64_t>(sizeof(float)), 1, QLocale::DataSizeTraditionalFormat);
}

QString multiplyAdds(double n) {
    if (n >= 1e9) return QStringLiteral("%1 G").arg(n / 1e9, 0, 'f', 2);
    if (n >= 1e6) return QStringLiteral("%1 M").arg(n / 1e6, 0, 'f', 1);
    return QStringLiteral("%1 k").arg(n / 1e3, 0, 'f', 1);
}

}  // namespace

KvCacheView::KvCacheView(QWidget* parent) : QWidget(parent) {
    setMouseTracking(true);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
}

void KvCacheView::setRecord(StepRecordPtr record, const teaching::KvCacheSummary& summary, TokenNamer namer) {
    m_record = record && record->recorded() ? std::move(record) : nullptr;
    m_summary = summary;
    m_namer = std::move(namer);
    updateGeometry();
    update();
}

void KvCacheView::setSelectedLayer(int layer) {
    m_selectedLayer = layer;
    update();
}

void KvCacheView::clear() {
    m_record.reset();
    m_summary = {};
    updateGeometry();
    update();
}

QString KvCacheView::summaryText() const {
    if (!m_record) return tr("Generate some text: the cache fills with one key and one value column per token and layer.");
    const auto& s = m_summary;
    const int reused = s.positions - s.newPositions;
    QString text = s.newPositions == s.positions
                       ? tr("Step %1 ran the whole prompt (%2 positions) and filled the cache; nothing could be reused yet.")
                             .arg(m_record->step).arg(s.positions)
                       : tr("Step %1 computed the keys and values of %2 (outlined) and reused those of the %3 earlier positions "
                            "in all %4 layers instead of recomputing them.")
                             .arg(m_record->step)
                             .arg(s.newPositions == 1 ? tr("1 new position") : tr("%1 new positions").arg(s.newPositions))
                             .arg(reused).arg(s.layers);
    text += QLatin1Char(' ');
    text += tr("The cache holds 2 × %1 layers × %2 positions × %3 = %4 numbers (%5; a full context of %6 would take %7). "
               "Block matrices this step: %8 multiply-adds with the cache, %9 without.")
                .arg(s.layers).arg(s.positions).arg(s.width).arg(QLocale().toString(static_cast<qlonglong>(s.cachedFloats)))
                .arg(bytesText(s.cachedFloats)).arg(m_record->shape->nPositions).arg(bytesText(s.capacityFloats))
                .arg(multiplyAdds(s.multiplyAddsWithCache), multiplyAdds(s.multiplyAddsWithoutCache));
    return text;
}

int KvCacheView::headerHeight() const {
    const QRect bounds(0, 0, std::max(100, width() - 2 * kMargin), 10000);
    return fontMetrics().boundingRect(bounds, Qt::TextWordWrap, summaryText()).height() + 2 * kMargin;
}

int KvCacheView::bandHeight() const {
    if (!m_record) return 0;
    return std::clamp(m_record->shape->nEmbd / 4, 16, 80);
}

// As wide as the longest row label in bold ("layer 11 values", longer in Turkish), at least kLabelWidth.
int KvCacheView::labelWidth() const {
    QFont bold = font();
    bold.setBold(true);
    const QFontMetrics fm(bold);
    const int last = m_record && m_record->shape ? std::max(0, m_record->shape->nLayer - 1) : 0;
    const int widest = std::max(fm.horizontalAdvance(tr("layer %1 values").arg(last)), fm.horizontalAdvance(tr("layer %1 keys").arg(last)));
    return std::max(kLabelWidth, widest + 10);
}

int KvCacheView::gridLeft() const { return kMargin + labelWidth(); }

int KvCacheView::columnWidth() const {
    if (!m_record) return 1;
    const int available = std::max(10, width() - gridLeft() - kMargin);
    const int columns = std::max(1, m_record->shape->nPositions);
    // Columns keep their width as the text grows (the cache visibly fills), unless the whole
    // context would not fit otherwise.
    return std::clamp(available / std::min(columns, std::max(m_record->length(), 24)), 1, 24);
}

QRect KvCacheView::bandRect(int layer, bool values) const {
    const int band = bandHeight();
    const int top = headerHeight() + layer * (2 * band + kBandGap + kLayerGap) + (values ? band + kBandGap : 0);
    return {gridLeft(), top, columnWidth() * (m_record ? m_record->length() : 0), band};
}

QRect KvCacheView::columnRect(int layer, bool values, int position) const {
    const QRect band = bandRect(layer, values);
    return {band.left() + position * columnWidth(), band.top(), columnWidth(), band.height()};
}

int KvCacheView::heightForWidth(int) const {
    if (!m_record) return 120;
    return bandRect(m_record->shape->nLayer - 1, true).bottom() + fontMetrics().height() + 2 * kMargin;
}

QSize KvCacheView::sizeHint() const { return {600, heightForWidth(600)}; }

void KvCacheView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), palette().base());
    p.setPen(palette().color(QPalette::Text));
    p.drawText(QRect(kMargin, kMargin, width() - 2 * kMargin, headerHeight()), Qt::TextWordWrap, summaryText());
    if (!m_record) return;
    const StepRecord& r = *m_record;
    const int T = r.length(), C = r.shape->nEmbd;
    const int band = bandHeight();
    const int rows = std::min(C, band);  // dimensions sampled to the band's pixel rows
    for (int layer = 0; layer < r.shape->nLayer; ++layer) {
        for (bool values : {false, true}) {
            const QRect area = bandRect(layer, values);
            QImage image(T, rows, QImage::Format_RGB32);
            float range = 0;
            for (int t = 0; t < T; ++t) {
                const auto v = values ? r.positions[t]->value(layer) : r.positions[t]->key(layer);
                for (float x : v) range = std::max(range, std::abs(x));
            }
            range = range > 0 ? range : 1.0f;
            for (int t = 0; t < T; ++t) {
                const auto v = values ? r.positions[t]->value(layer) : r.positions[t]->key(layer);
                for (int y = 0; y < rows; ++y) {
                    reinterpret_cast<QRgb*>(image.scanLine(y))[t] = divergingColor(v[static_cast<std::size_t>(y) * C / rows] / range).rgb();
                }
            }
            p.drawImage(area, image);
            QFont f = p.font();
            f.setBold(layer == m_selectedLayer);
            p.save();
            p.setFont(f);
            p.setPen(palette().color(QPalette::Text));
            p.drawText(QRect(kMargin, area.top(), labelWidth() - 6, area.height()), Qt::AlignRight | Qt::AlignVCenter,
                       values ? tr("layer %1 values").arg(layer) : tr("layer %1 keys").arg(layer));
            p.restore();
            // This step's own columns: computed now, not read from the cache.
            p.setPen(QPen(heatmapstyle::highlightColor(), 2));
            p.setBrush(Qt::NoBrush);
            const QRect fresh = columnRect(layer, values, r.firstNewPosition).united(columnRect(layer, values, T - 1));
            p.drawRect(fresh.adjusted(0, -1, 0, 1));
        }
        if (layer == m_selectedLayer) {
            p.setPen(QPen(palette().color(QPalette::Highlight), 1, Qt::DashLine));
            p.drawRect(bandRect(layer, false).united(bandRect(layer, true)).adjusted(-3, -3, 3, 3));
        }
    }
    // Token labels under the last band when the columns are wide enough to read them.
    const int cw = columnWidth();
    if (cw >= 14 && m_namer) {
        const QRect last = bandRect(r.shape->nLayer - 1, true);
        p.setPen(palette().color(QPalette::Text));
        for (int t = 0; t < T; ++t) {
            p.save();
            p.translate(last.left() + t * cw + cw / 2, last.bottom() + 4);
            p.rotate(45);
            p.drawText(0, fontMetrics().ascent(), fontMetrics().elidedText(m_namer(r.tokens[static_cast<std::size_t>(t)]), Qt::ElideRight, 80));
            p.restore();
        }
    }
}

QString KvCacheView::toolTipAt(const QPoint& pos) const {
    if (!m_record) return {};
    const StepRecord& r = *m_record;
    for (int layer = 0; layer < r.shape->nLayer; ++layer) {
        for (bool values : {false, true}) {
            const QRect band = bandRect(layer, values);
            if (!band.contains(pos)) continue;
            const int t = std::clamp((pos.x() - band.left()) / columnWidth(), 0, r.length() - 1);
            const int C = r.shape->nEmbd;
            const int d = std::clamp(static_cast<int>(static_cast<long long>(pos.y() - band.top()) * C / band.height()), 0, C - 1);
            const auto v = values ? r.positions[t]->value(layer) : r.positions[t]->key(layer);
            const QString token = m_namer ? m_namer(r.tokens[static_cast<std::size_t>(t)]) : QString::number(r.tokens[static_cast<std::size_t>(t)]);
            const QString origin = t >= r.firstNewPosition ? tr("computed in this step") : tr("reused from the cache");
            return tr("layer %1 %2 of ‘%3’ (position %4), %5\ndimension %6 = %7")
                .arg(layer).arg(values ? tr("value") : tr("key"), token).arg(t).arg(origin).arg(d).arg(exactNumber(v[static_cast<std::size_t>(d)]));
        }
    }
    return {};
}

bool KvCacheView::event(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        return showPlainToolTip(this, help, toolTipAt(help->pos()));
    }
    return QWidget::event(event);
}

}  // namespace attnscope::views
