#include "views/StageCanvas.h"

#include <QEvent>
#include <QHelpEvent>
#include <QImage>
#include <QPainter>

#include <algorithm>
#include <cmath>
#include <limits>

#include "views/Colormaps.h"
#include "views/HeatmapStyle.h"
#include "views/Tooltip.h"

namespace attnscope::views {
namespace {

constexpr int kMargin = 8;
constexpr int kStripHeight = 22;
constexpr int kRowGap = 6;
constexpr int kNoteWidth = 170;
constexpr int kCandidateRowHeight = 20;
constexpr int kNumberCell = 30;  // cells at least this wide print their value
constexpr int kMinCell = 6;      // the smallest matrix cell drawn
constexpr int kMatrixGap = 16;   // between matrices side by side
constexpr int kMaxRowLabel = 90;

int labelWidth(int width) { return std::clamp(width / 5, 90, 220); }

QString elided(const QFontMetrics& fm, const QString& text, int width) { return fm.elidedText(text, Qt::ElideRight, width); }

float maxAbs(const Eigen::VectorXf& v) { return v.size() == 0 ? 0.0f : v.cwiseAbs().maxCoeff(); }

// A strip's cells as an image, one pixel per component, scaled when drawn.
QImage stripImage(const Eigen::VectorXf& values, float range) {
    QImage image(static_cast<int>(values.size()), 1, QImage::Format_RGB32);
    const float r = range > 0 ? range : 1.0f;
    for (int i = 0; i < values.size(); ++i) image.setPixel(i, 0, divergingColor(values[i] / r).rgb());
    return image;
}

QColor textColorOn(const QColor& fill) { return fill.lightness() > 140 ? Qt::black : Qt::white; }

}  // namespace

QString shortNumber(double value) {
    if (std::isinf(value)) return value < 0 ? QStringLiteral("−∞") : QStringLiteral("∞");
    const double a = std::abs(value);
    if (a != 0 && (a < 0.01 || a >= 1000)) return QString::number(value, 'g', 2);
    return QString::number(value, 'f', a < 10 ? 2 : 1);
}

QString exactNumber(double value) {
    if (std::isinf(value)) return value < 0 ? QStringLiteral("−∞") : QStringLiteral("∞");
    return QString::number(value, 'g', 9);
}

StageCanvas::StageCanvas(QWidget* parent) : QWidget(parent) {
    setMouseTracking(true);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
}

void StageCanvas::setItems(std::vector<StageItem> items) {
    m_items = std::move(items);
    setMinimumWidth(widthNeeded());
    fitHeight();
    updateGeometry();
    update();
}

void StageCanvas::setMatricesSideBySide(bool sideBySide) {
    m_sideBySide = sideBySide;
    fitHeight();
    updateGeometry();
    update();
}

int StageCanvas::widthNeeded() const {
    int widest = 0;
    for (const StageItem& item : m_items) {
        if (const auto* m = std::get_if<MatrixItem>(&item)) widest = std::max(widest, static_cast<int>(m->values.rows()));
    }
    if (widest == 0) return 0;
    return 2 * kMargin + kMaxRowLabel + kMinCell * widest;
}

std::vector<QRect> StageCanvas::matrixRects() const { return m_matrixRects; }

QSize StageCanvas::sizeHint() const { return {640, heightForWidth(640)}; }

int StageCanvas::heightForWidth(int width) const {
    // Measuring rebuilds the hit areas for that width; the next paint rebuilds them again.
    auto* self = const_cast<StageCanvas*>(this);
    const int h = self->layout(width, nullptr);
    if (width != this->width()) self->layout(this->width(), nullptr);
    return h;
}

void StageCanvas::resizeEvent(QResizeEvent*) { fitHeight(); }

void StageCanvas::fitHeight() {
    // The scroll area around the canvas sizes it to its viewport and asks no height for the
    // width; a minimum height of what the items need makes it scroll down to the last one.
    const int needed = layout(width(), nullptr);
    if (minimumHeight() != needed) setMinimumHeight(needed);
}

void StageCanvas::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), palette().base());
    layout(width(), &p);
}

bool StageCanvas::event(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        return showPlainToolTip(this, help, toolTipAt(help->pos()));
    }
    return QWidget::event(event);
}

QString StageCanvas::toolTipAt(const QPoint& pos) const {
    for (const HitArea& hit : m_hits) {
        if (hit.rect.contains(pos)) return hit.describe(pos);
    }
    return {};
}

int StageCanvas::layout(int width, QPainter* p) {
    m_hits.clear();
    m_matrixRects.clear();
    const QFontMetrics fm = fontMetrics();
    const int labelW = labelWidth(width);
    const int stripLeft = kMargin + labelW + 6;
    const int stripWidth = std::max(40, width - stripLeft - kNoteWidth - kMargin);
    int y = kMargin;

    auto drawStrip = [&](const StripItem& s) {
        const QRect label(kMargin, y, labelW, kStripHeight);
        const QRect strip(stripLeft, y, stripWidth, kStripHeight);
        const QRect note(strip.right() + 8, y, kNoteWidth, kStripHeight);
        const float range = s.range > 0 ? s.range : maxAbs(s.values);
        if (p) {
            p->setPen(palette().color(QPalette::Text));
            p->drawText(label, Qt::AlignRight | Qt::AlignVCenter, elided(fm, s.label, labelW));
            p->save();
            p->setOpacity(std::clamp(s.opacity, 0.05, 1.0));
            p->drawImage(strip, stripImage(s.values, range));
            p->restore();
            p->setPen(QPen(QColor(0x99, 0x99, 0x99), 1));
            p->setBrush(Qt::NoBrush);
            p->drawRect(strip.adjusted(0, 0, -1, -1));
            for (const auto& [begin, end] : s.highlights) {
                if (s.values.size() == 0 || end <= begin) continue;
                const double cell = static_cast<double>(strip.width()) / s.values.size();
                const int x0 = strip.left() + static_cast<int>(begin * cell);
                const int x1 = strip.left() + static_cast<int>(std::ceil(end * cell));
                p->setPen(QPen(heatmapstyle::highlightColor(), 2));
                p->drawRect(QRect(x0, strip.top() - 1, std::max(2, x1 - x0), strip.height() + 1));
            }
            p->setPen(palette().color(QPalette::Text));
            p->drawText(note, Qt::AlignLeft | Qt::AlignVCenter, elided(fm, s.note, kNoteWidth));
        }
        const StripItem* item = &s;
        m_hits.push_back({strip, [item, strip](const QPoint& at) {
                              const int n = static_cast<int>(item->values.size());
                              if (n == 0) return QString();
                              const int i = std::clamp(static_cast<int>(static_cast<long long>(at.x() - strip.left()) * n / strip.width()), 0, n - 1);
                              const QString name = item->valueName.isEmpty() ? item->label : item->valueName;
                              const QString what = item->indexName ? QStringLiteral(" (%1)").arg(item->indexName(i)) : QString();
                              return QStringLiteral("%1\n%2[%3]%4 = %5").arg(item->label, name).arg(i).arg(what, exactNumber(item->values[i]));
                          }});
        m_hits.push_back({label, [item](const QPoint&) {
                              return QStringLiteral("%1\n%2 values, |x| = %3").arg(item->label).arg(item->values.size())
                                  .arg(exactNumber(item->values.cast<double>().norm()));
                          }});
        y += kStripHeight + kRowGap;
    };

    // Matrices: `group` laid out side by side in one band.
    auto drawMatrices = [&](const std::vector<const MatrixItem*>& group) {
        const int columns = static_cast<int>(group.size());
        const int bandWidth = (width - 2 * kMargin - (columns - 1) * kMatrixGap) / std::max(1, columns);
        int bandHeight = 0;
        for (int c = 0; c < columns; ++c) {
            const MatrixItem& m = *group[c];
            const int n = static_cast<int>(m.values.rows());
            const int left = kMargin + c * (bandWidth + kMatrixGap);
            const int rowLabelW = std::min(kMaxRowLabel, bandWidth / 3);
            const int cell = n == 0 ? 0 : std::clamp((bandWidth - rowLabelW) / n, kMinCell, 44);
            const int top = y + fm.height() + 2;  // title
            const int gridTop = top + fm.height();  // column numbers
            const QRect grid(left + rowLabelW, gridTop, cell * n, cell * n);
            m_matrixRects.push_back(grid);
            const float range = [&] {
                float r = 0;
                for (int i = 0; i < n; ++i)
                    for (int j = 0; j < n; ++j)
                        if (std::isfinite(m.values(i, j)) && (m.kind != MatrixItem::Kind::Masked || j <= i)) r = std::max(r, std::abs(m.values(i, j)));
                return r > 0 ? r : 1.0f;
            }();
            auto isMasked = [&](int i, int j) { return m.kind != MatrixItem::Kind::Scores && j > i; };
            if (p) {
                p->setPen(palette().color(QPalette::Text));
                QFont bold = p->font();
                bold.setBold(true);
                p->save();
                p->setFont(bold);
                p->drawText(QRect(left, y, bandWidth, fm.height()), Qt::AlignLeft | Qt::AlignVCenter, elided(fm, m.title, bandWidth));
                p->restore();
                QFont small = p->font();
                small.setPointSizeF(std::max(6.0, small.pointSizeF() * 0.85));
                p->save();
                p->setFont(small);
                for (int j = 0; j < n; ++j) {
                    p->drawText(QRect(grid.left() + j * cell, top, cell, fm.height()), Qt::AlignCenter,
                                cell >= 14 ? QString::number(m.firstPosition + j) : QString());
                }
                for (int i = 0; i < n; ++i) {
                    const QRect rowLabel(left, gridTop + i * cell, rowLabelW - 4, cell);
                    p->setPen(palette().color(QPalette::Text));
                    if (cell >= 9) p->drawText(rowLabel, Qt::AlignRight | Qt::AlignVCenter, elided(QFontMetrics(small), m.labels[static_cast<std::size_t>(i)], rowLabelW - 4));
                    for (int j = 0; j < n; ++j) {
                        const QRect r(grid.left() + j * cell, gridTop + i * cell, cell, cell);
                        const float v = m.values(i, j);
                        QColor fill;
                        if (isMasked(i, j)) {
                            p->fillRect(r, heatmapstyle::maskBrush());
                        } else {
                            fill = m.kind == MatrixItem::Kind::Probabilities ? viridisColor(v) : divergingColor(v / range);
                            p->fillRect(r, fill);
                        }
                        if (cell >= kNumberCell) {
                            p->setPen(isMasked(i, j) ? QColor(0x55, 0x55, 0x55) : textColorOn(fill));
                            const QString text = isMasked(i, j) && m.kind == MatrixItem::Kind::Masked ? QStringLiteral("−∞") : shortNumber(v);
                            p->drawText(r, Qt::AlignCenter, text);
                        }
                    }
                }
                p->restore();
                p->setPen(QPen(QColor(0x99, 0x99, 0x99), 1));
                p->setBrush(Qt::NoBrush);
                p->drawRect(grid.adjusted(0, 0, -1, -1));
                if (m.highlightRow >= 0 && m.highlightRow < n) {
                    p->setPen(QPen(heatmapstyle::highlightColor(), 2));
                    p->drawRect(QRect(grid.left(), gridTop + m.highlightRow * cell, cell * n, cell));
                }
            }
            const MatrixItem* item = &m;
            m_hits.push_back({grid, [item, grid, cell, n](const QPoint& at) {
                                  if (cell <= 0) return QString();
                                  const int i = std::clamp((at.y() - grid.top()) / cell, 0, n - 1);
                                  const int j = std::clamp((at.x() - grid.left()) / cell, 0, n - 1);
                                  const float v = item->values(i, j);
                                  const bool future = j > i;
                                  QString value = exactNumber(v);
                                  if (future && item->kind == MatrixItem::Kind::Masked) value = QStringLiteral("−∞ (masked: a later token)");
                                  if (future && item->kind == MatrixItem::Kind::Probabilities) value = QStringLiteral("0 (masked)");
                                  return QStringLiteral("%1\nquery %2 (position %3) → key %4 (position %5)\n%6")
                                      .arg(item->title, item->labels[static_cast<std::size_t>(i)]).arg(item->firstPosition + i)
                                      .arg(item->labels[static_cast<std::size_t>(j)]).arg(item->firstPosition + j).arg(value);
                              }});
            bandHeight = std::max(bandHeight, gridTop + cell * n - y);
        }
        y += bandHeight + 2 * kRowGap;
    };

    auto drawCandidates = [&](const CandidatesItem& c) {
        if (p) {
            p->setPen(palette().color(QPalette::Text));
            p->drawText(QRect(kMargin, y, width - 2 * kMargin, fm.height()), Qt::AlignLeft | Qt::AlignVCenter, c.title);
        }
        y += fm.height() + 4;
        const int tokenW = labelW;
        const int barLeft = stripLeft;
        for (const CandidateRow& row : c.rows) {
            const QRect label(kMargin, y, tokenW, kCandidateRowHeight);
            const QRect bar(barLeft, y + 2, static_cast<int>(stripWidth * std::clamp(row.probability, 0.0f, 1.0f)), kCandidateRowHeight - 4);
            const QRect note(barLeft + stripWidth + 8, y, kNoteWidth, kCandidateRowHeight);
            if (p) {
                QFont f = p->font();
                f.setBold(row.chosen);
                p->save();
                p->setFont(f);
                p->setPen(palette().color(QPalette::Text));
                p->drawText(label, Qt::AlignRight | Qt::AlignVCenter, elided(fm, row.token, tokenW));
                p->fillRect(QRect(barLeft, y + 2, stripWidth, kCandidateRowHeight - 4), QColor(0xee, 0xee, 0xee));
                p->fillRect(bar, row.chosen ? heatmapstyle::highlightColor() : viridisColor(0.35));
                p->drawText(note, Qt::AlignLeft | Qt::AlignVCenter,
                            QStringLiteral("p %1 · logit %2%3").arg(row.probability, 0, 'f', 4).arg(row.logit, 0, 'f', 2)
                                .arg(row.chosen ? QStringLiteral("  ◀") : QString()));
                p->restore();
            }
            const CandidateRow* item = &row;
            m_hits.push_back({QRect(kMargin, y, width - 2 * kMargin, kCandidateRowHeight), [item](const QPoint&) {
                                  return QStringLiteral("%1\nlogit = %2\nprobability = %3%4").arg(item->token, exactNumber(item->logit),
                                      exactNumber(item->probability), item->chosen ? QStringLiteral("\nchosen") : QString());
                              }});
            y += kCandidateRowHeight;
        }
        y += kRowGap;
    };

    auto drawText = [&](const TextItem& t) {
        const QRect bounds(kMargin, y, width - 2 * kMargin, 10000);
        const QRect used = fm.boundingRect(bounds, Qt::TextWordWrap, t.text);
        if (p) {
            p->setPen(palette().color(QPalette::Text));
            p->drawText(bounds, Qt::TextWordWrap, t.text);
        }
        y += used.height() + kRowGap;
    };

    for (std::size_t i = 0; i < m_items.size(); ++i) {
        if (const auto* s = std::get_if<StripItem>(&m_items[i])) {
            drawStrip(*s);
        } else if (const auto* m = std::get_if<MatrixItem>(&m_items[i])) {
            std::vector<const MatrixItem*> group{m};
            while (m_sideBySide && i + 1 < m_items.size() && std::holds_alternative<MatrixItem>(m_items[i + 1])) {
                group.push_back(&std::get<MatrixItem>(m_items[++i]));
            }
            // Side by side reads as one picture, but a short text's numbers matter more: when
            // only one matrix per row leaves room to print them, stack the matrices instead.
            const int n = static_cast<int>(m->values.rows());
            auto cellFor = [&](int columns) {
                const int band = (width - 2 * kMargin - (columns - 1) * kMatrixGap) / columns;
                return n == 0 ? 0 : (band - std::min(kMaxRowLabel, band / 3)) / n;
            };
            // A long text on a laptop: side by side, the matrices would need cells smaller than
            // the smallest drawn, and the later ones would fall off the right edge. Stack them.
            const int sideBySideCell = cellFor(static_cast<int>(group.size()));
            const bool numbersOnlyStacked = sideBySideCell < kNumberCell && cellFor(1) >= kNumberCell;
            if (group.size() > 1 && (numbersOnlyStacked || sideBySideCell < kMinCell)) {
                for (const MatrixItem* single : group) drawMatrices({single});
            } else {
                drawMatrices(group);
            }
        } else if (const auto* c = std::get_if<CandidatesItem>(&m_items[i])) {
            drawCandidates(*c);
        } else if (const auto* t = std::get_if<TextItem>(&m_items[i])) {
            drawText(*t);
        }
    }
    return y + kMargin;
}

}  // namespace attnscope::views
