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

}  // namespace

QCPColorGradient viridisGradient() {
    QCPColorGradient gradient;
    gradient.clearColorStops();
    for (const Stop& stop : kViridis) {
        gradient.setColorStopAt(stop.position, QColor::fromRgb(stop.rgb));
    }
    gradient.setColorInterpolation(QCPColorGradient::ciRGB);
    gradient.setLevelCount(256);
    return gradient;
}

QColor viridisColor(double t) {
    t = std::clamp(t, 0.0, 1.0);
    for (std::size_t i = 1; i < kViridis.size(); ++i) {
        if (t <= kViridis[i].position) {
            const Stop& lo = kViridis[i - 1];
            const Stop& hi = kViridis[i];
            const double f = (t - lo.position) / (hi.position - lo.position);
            auto mix = [f](int a, int b) { return static_cast<int>(a + f * (b - a) + 0.5); };
            return QColor(mix(qRed(lo.rgb), qRed(hi.rgb)), mix(qGreen(lo.rgb), qGreen(hi.rgb)),
                          mix(qBlue(lo.rgb), qBlue(hi.rgb)));
        }
    }
    return QColor::fromRgb(kViridis.back().rgb);
}

}  // namespace attnscope::views
