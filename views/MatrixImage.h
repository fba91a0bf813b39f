#pragma once
// A QCustomPlot plottable that draws a prepared image, one pixel per matrix cell: column c covers
// key coordinates c - 0.5 .. c + 0.5 and row r value coordinates r - 0.5 .. r + 0.5. The key
// axis runs across (horizontal); either axis may be reversed.
//
// The heatmap colours a 1000-token matrix into such an image on the thread pool. QCPColorMap,
// which it used before, keeps the matrix once more as doubles (8 bytes a cell, 8 MB at 1000
// tokens) and colours it into its own image on the UI thread whenever the data changes: 65-77 ms
// at 1000 tokens, the longest the window stopped repainting while generating.

#include <QImage>

#include <qcustomplot.h>

namespace attnscope::views {

class MatrixImage : public QCPAbstractPlottable {
public:
    MatrixImage(QCPAxis* keyAxis, QCPAxis* valueAxis);

    // Width = columns (keys), height = rows (values); a null image draws nothing.
    void setImage(QImage image);
    const QImage& image() const { return m_image; }

    double selectTest(const QPointF& pos, bool onlySelectable, QVariant* details = nullptr) const override;
    QCPRange getKeyRange(bool& foundRange, QCP::SignDomain inSignDomain = QCP::sdBoth) const override;
    QCPRange getValueRange(bool& foundRange, QCP::SignDomain inSignDomain = QCP::sdBoth,
                           const QCPRange& inKeyRange = QCPRange()) const override;

protected:
    void draw(QCPPainter* painter) override;
    void drawLegendIcon(QCPPainter* painter, const QRectF& rect) const override;

private:
    QImage m_image;
};

}  // namespace attnscope::views
