#pragma once
// What the attention heatmap and the head grid share, so that the two read as one picture:
// the colour of a masked (future) cell, the colour that marks the selection, and the floor of
// the log scale. Header only: nothing here needs a moc or a source file.

#include <QBrush>
#include <QColor>
#include <QImage>
#include <QPainter>

#include <array>
#include <cmath>

#include "views/Colormaps.h"

namespace attnscope::views::heatmapstyle {

// A masked cell is a neutral light grey, hatched where there is room for it: far from viridis'
// dark purple, which means "weight 0" and is a real value, not an absence of one.
inline QColor maskColor() { return QColor(0xdd, 0xdd, 0xdd); }
inline QColor maskHatchColor() { return QColor(0xc2, 0xc2, 0xc2); }

// The selection outline: a warm crimson that no viridis colour comes close to.
inline QColor highlightColor() { return QColor(0xe8, 0x17, 0x5d); }

// Probabilities on the log scale are clamped to this floor (GPT-2 rows reach 1e-9 and below,
// which would spend most of the scale on noise).
inline constexpr double kLogFloor = 1e-4;

// The mask's hatching as a tiling brush: light grey with thin diagonal lines.
inline QBrush maskBrush() {
    constexpr int kTile = 8;
    QImage tile(kTile, kTile, QImage::Format_RGB32);
    tile.fill(maskColor());
    for (int i = 0; i < kTile; ++i) tile.setPixelColor(i, kTile - 1 - i, maskHatchColor());
    return QBrush(tile);
}

// The viridis scale as 256 ready pixels, for views that fill a QImage themselves.
inline const std::array<QRgb, 256>& viridisTable() {
    static const std::array<QRgb, 256> table = [] {
        std::array<QRgb, 256> t{};
        for (int i = 0; i < 256; ++i) t[i] = viridisColor(i / 255.0).rgb();
        return t;
    }();
    return table;
}

// Where a probability lands on the colour scale, in [0, 1].
inline double scalePosition(double p, bool logScale) {
    if (!logScale) return p <= 0 ? 0.0 : (p >= 1 ? 1.0 : p);
    const double lo = std::log10(kLogFloor);
    const double v = std::log10(p < kLogFloor ? kLogFloor : (p > 1 ? 1.0 : p));
    return (v - lo) / -lo;
}

}  // namespace attnscope::views::heatmapstyle
