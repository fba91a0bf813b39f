#include "views/Colormaps.h"

#include <algorithm>
#include <array>

namespace attnscope::views {
namespace {

struct Stop {
    double position;
    QRgb rgb;
};

// Matplotlib's viridis sampled at nine evenly spaced points; linear interpolation between
// them stays within a few units of the full 256-entry table.
constexpr std::array<Stop, 9> kViridis{{
    {0.000, 0x440154},
    {0.125, 0x472d7b},
    {0.250, 0x3b528b},
    {0.375, 0x2c728e},
    {0.500, 0x21918c},
    {0.625, 0x28ae80},
    {0.750, 0x5ec962},
    {0.875, 0xaddc30},
    {1.000, 0xfde725},
}};

// ColorBrewer's RdBu, from -1 (blue) through white to +1 (red): signed values such as vector
// components, scores and differences. Also readable for the common colour-blindnesses.
constexpr std::array<Stop, 7> kDiverging{{
    {0.000, 0x2166ac},
    {0.250, 0x67a9cf},
    {0.375, 0xd1e5f0},
    {0.500, 0xf7f7f7},
    {0.625, 0xfddbc7},
    {0.750, 0xef8a62},
    {1.000, 0xb2182b},
}};

template <std::size_t N>
QColor interpolate(const std::array<Stop, N>& stops, double t) {
    t = std::clamp(t, 0.0, 1.0);
    for (std::size_t i = 1; i < N; ++i) {
        if (t <= stops[i].position) {
            const Stop& lo = stops[i - 1];
            const Stop& hi = stops[i];
            const double f = (t - lo.position) / (hi.position - lo.position);
            auto mix = [f](int a, int b) { return static_cast<int>(a + f * (b - a) + 0.5); };
            return QColor(mix(qRed(lo.rgb), qRed(hi.rgb)), mix(qGreen(lo.rgb), qGreen(hi.rgb)),
                          mix(qBlue(lo.rgb), qBlue(hi.rgb)));
        }
    }
    return QColor::fromRgb(stops.back().rgb);
}

template <std::size_t N>
QCPColorGradient gradientOf(const std::array<Stop, N>& stops) {
    QCPColorGradient gradient;
    gradient.clearColorStops();
    for (const Stop& stop : stops) gradient.setColorStopAt(stop.position, QColor::fromRgb(stop.rgb));
    gradient.setColorInterpolation(QCPColorGradient::ciRGB);
    gradient.setLevelCount(256);
    return gradient;
}

}  // namespace

QCPColorGradient divergingGradient() { return gradientOf(kDiverging); }

QColor divergingColor(double t) { return interpolate(kDiverging, (t + 1.0) / 2.0); }

QCPColorGradient viridisGradient() { return gradientOf(kViridis); }

QColor viridisColor(double t) { return interpolate(kViridis, t); }

}  // namespace attnscope::views
