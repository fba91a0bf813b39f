#pragma once
// Colour scales shared by the views. QCustomPlot 2.1 has no perceptually uniform gradient,
// so we build viridis from its published control points: it stays readable in greyscale and
// for colour-blind viewers, which matters on a classroom projector.

#include <qcustomplot.h>

namespace attnscope::views {

QCPColorGradient viridisGradient();

// The colour a value in [0, 1] gets on the viridis scale (for widgets that are not plots).
QColor viridisColor(double t);

// Signed values: blue below zero, white at zero, red above (ColorBrewer RdBu).
QCPColorGradient divergingGradient();

// The colour of a value in [-1, 1] on the diverging scale.
QColor divergingColor(double t);

}  // namespace attnscope::views
