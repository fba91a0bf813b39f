#include "views/MatrixImage.h"

#include <utility>

namespace attnscope::views {

MatrixImage::MatrixImage(QCPAxis* keyAxis, QCPAxis* valueAxis) : QCPAbstractPlottable(keyAxis, valueAxis) {
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
    // The cells' outer edges in pixels; an axis drawn reversed gives a negative extent, which the
    // scale below turns into a mirrored image without copying it.
    const QPointF first = coordsToPixels(-0.5, -0.5);
    const QPointF last = coordsToPixels(m_image.width() - 0.5, m_image.height() - 0.5);
    const bool keysAcross = mKeyAxis->orientation() == Qt::Horizontal;
    const double width = last.x() - first.x(), height = last.y() - first.y();
    painter->save();
    painter->setRenderHint(QPainter::SmoothPixmapTransform, false);  // a cell is a cell, not a blur
    painter->translate(first);
    if (keysAcross) {
        painter->scale(width / m_image.width(), height / m_image.height());
    } else {  // keys run down the screen: the image's columns become rows
        painter->scale(width / m_image.height(), height / m_image.width());
        painter->setTransform(QTransform(0, 1, 1, 0, 0, 0), true);
    }
    painter->drawImage(QPointF(0, 0), m_image);
    painter->restore();
}

void MatrixImage::drawLegendIcon(QCPPainter* painter, const QRectF& rect) const {
    if (!m_image.isNull()) painter->drawImage(rect, m_image);
}

}  // namespace attnscope::views
