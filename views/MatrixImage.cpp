#include "views/MatrixImage.h"

#include <utility>

namespace attnscope::views {

MatrixImage::MatrixImage(QCPAxis* keyAxis, QCPAxis* valueAxis) : QCPAbstractPlottable(keyAxis, valueAxis) {
    Q_ASSERT(keyAxis->orientation() == Qt::Horizontal);  // columns run across, as draw() assumes
    setSelectable(QCP::stNone);
    setAntialiased(false);
}

void MatrixImage::setImage(QImage image) { m_image = std::move(image); }

double MatrixImage::selectTest(const QPointF&, bool, QVariant*) const { return -1; }  // never selected

QCPRange MatrixImage::getKeyRange(bool& foundRange, QCP::SignDomain) const {
    foundRange = !m_image.isNull();
    return QCPRange(-0.5, m_image.width() - 0.5);
}

QCPRange MatrixImage::getValueRange(bool& foundRange, QCP::SignDomain, const QCPRange&) const {
    foundRange = !m_image.isNull();
    return QCPRange(-0.5, m_image.height() - 0.5);
}

void MatrixImage::draw(QCPPainter* painter) {
    if (m_image.isNull() || !mKeyAxis || !mValueAxis) return;
    // The cells' outer corners in pixels. A reversed axis (the heatmap's query axis) gives a
    // negative extent, which the scale below turns into a mirrored image without copying it.
    const QPointF first = coordsToPixels(-0.5, -0.5);
    const QPointF last = coordsToPixels(m_image.width() - 0.5, m_image.height() - 0.5);
    painter->save();
    painter->setRenderHint(QPainter::SmoothPixmapTransform, false);  // a cell is a cell, not a blur
    painter->translate(first);
    painter->scale((last.x() - first.x()) / m_image.width(), (last.y() - first.y()) / m_image.height());
    painter->drawImage(QPointF(0, 0), m_image);
    painter->restore();
}

void MatrixImage::drawLegendIcon(QCPPainter* painter, const QRectF& rect) const {
    if (!m_image.isNull()) painter->drawImage(rect, m_image);
}

}  // namespace attnscope::views
