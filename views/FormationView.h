#pragma once
// How an induction head forms: a series of checkpoints of one small model along its training
// (model/Formation.h), scrubbed with a slider. Above, the curves over the tokens seen: the loss
// on the first and on the second copy of a repeated random sequence, and the best
// previous-token and induction scores over all heads, with a line at the checkpoint shown.
// Below, the chosen head's attention on the sequence at that checkpoint: an induction head
// draws a diagonal stripe one position right of the copy's offset.

#include <QWidget>

#include <memory>

#include "model/Formation.h"

class QCPGraph;
class QCPItemStraightLine;
class QComboBox;
class QCustomPlot;
class QLabel;
class QSlider;

namespace attnscope::views {

class MatrixImage;

class FormationView : public QWidget {
    Q_OBJECT
public:
    explicit FormationView(QWidget* parent = nullptr);

    void setSeries(std::shared_ptr<const formation::Series> series);
    void setMessage(const QString& text);  // instead of a series (loading, or why there is none)

    // The checkpoint shown (index into the series) and the head whose attention is drawn.
    void setCheckpoint(int index);
    int checkpoint() const;
    void setHead(int layer, int head);
    int headIndex() const;  // layer * nHead + head

    // For tests and exports: what the view shows now.
    QString caption() const;
    QCustomPlot* curves() const { return m_curves; }
    QCustomPlot* heatmap() const { return m_heatmap; }
    const QImage& attentionImage() const;

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    // Two legend entries a line where they fit side by side, else one a line.
    void fitLegend();

    void setControlsEnabled(bool enabled);  // off while a message stands in for the series
    void rebuildCurves();
    void showCheckpoint();

    std::shared_ptr<const formation::Series> m_series;
    QLabel* m_message = nullptr;
    QCustomPlot* m_curves = nullptr;
    QCustomPlot* m_heatmap = nullptr;
    MatrixImage* m_image = nullptr;
    QSlider* m_slider = nullptr;
    QComboBox* m_head = nullptr;
    QLabel* m_caption = nullptr;
    QCPItemStraightLine* m_marker = nullptr;
};

}  // namespace attnscope::views
