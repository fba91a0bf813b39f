#pragma once
// One head's attention as a matrix (S12-S17): query tokens as rows from top to bottom, key tokens
// as columns, each cell the probability with which the row's token attends to the column's
// token. The future (above the diagonal) is masked and drawn hatched grey, so that it cannot be
// mistaken for a weight of 0 (viridis' dark purple). Optionally the pre-mask scores q.k/sqrt(d)
// instead, future included, faded over the hatching.
//
// Fed by setters, like every view: a record, a selection, a namer. Matrices are computed once
// per (record, layer, head) and kept; hovering, zooming and the selected row only redraw. Large
// matrices (a long text, or the mean of all heads) are computed on the thread pool, so that the
// window keeps repainting; the previous picture stays until they are ready.

#include <QPoint>
#include <QPointF>
#include <QRect>
#include <QString>
#include <QWidget>

#include <list>
#include <memory>
#include <vector>

#include <Eigen/Core>

#include "model/StepRecord.h"
#include "views/PagePool.h"
#include "views/ViewTypes.h"

#include <QImage>

#include <qcustomplot.h>

class QCustomPlot;
class QCPColorScale;
class QCPItemRect;
class QCPTextElement;
class QLabel;
class QMouseEvent;
class QStackedLayout;
class QTimer;

namespace attnscope::views {

class MatrixImage;

class AttentionHeatmap : public QWidget {
    Q_OBJECT
public:
    explicit AttentionHeatmap(QWidget* parent = nullptr);
    ~AttentionHeatmap() override;

    void setNamer(TokenNamer namer);
    void setRecord(StepRecordPtr record);
    void setSelection(const Selection& selection);
    void setLogScale(bool on);    // probabilities on a log scale, floored at heatmapstyle::kLogFloor
    void setShowScores(bool on);  // the pre-mask scores instead of the probabilities

    StepRecordPtr record() const { return m_record; }
    const Selection& selection() const { return m_selection; }
    bool logScale() const { return m_logScale; }
    bool showScores() const { return m_showScores; }

    // Applies what the setters left pending (they coalesce on a short timer) and replots now.
    // For tests and screenshots; the app never needs it.
    void flush();

    // What the view says about its state, as shown (after flush()).
    QString title() const;    // "Layer 1 · Head 3", "Layer 1 · mean of 4 heads"; empty without a matrix
    QString message() const;  // the text shown instead of a matrix (no record, recording off); empty otherwise
    int shownLayer() const { return m_shownLayer; }
    int shownHead() const { return m_shownHead; }  // -1 for the mean over heads
    int shownQuery() const { return m_shownQuery; }

    // The matrices behind the picture (T x T, query rows x key columns); empty without a matrix.
    Eigen::Map<const Eigen::MatrixXf> probabilities() const;
    Eigen::Map<const Eigen::MatrixXf> scores() const;

    // The bytes of the pages the view holds for its matrices and images, in use and spare.
    std::size_t pageBytes() const { return m_matrixPages->bytes() + m_imagePages->bytes(); }

    // The hover text of one cell: both tokens, the probability and the pre-mask score.
    QString cellDescription(int query, int key) const;

    // Geometry in this widget's coordinates (after flush()): the centre of a cell, and the cell
    // under a point as (key, query); a point left of the matrix, over the row labels, gives key -1.
    QPointF cellCenter(int query, int key) const;
    QPoint cellAt(QPoint pos) const;

    static QString formatProbability(double p);
    static QString formatScore(double s);

signals:
    void querySelected(int position);      // a click on a row (or on its label)
    void cellHovered(int query, int key);  // -1, -1 when the pointer leaves the matrix

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void showEvent(QShowEvent* event) override;

private:
    // One head's (or the mean's) scores and probabilities, in pages from the view's pool.
    struct Matrices {
        StepRecordPtr record;
        int layer = 0;
        int head = 0;  // -1: the mean over heads
        int size = 0;  // T
        PooledBuffer storage;  // the scores, then the probabilities, each T x T column-major

        void allocate(int T, PagePool& pages);
        Eigen::Map<Eigen::MatrixXf> scores() { return {cells(0), size, size}; }
        Eigen::Map<Eigen::MatrixXf> probabilities() { return {cells(1), size, size}; }
        Eigen::Map<const Eigen::MatrixXf> scores() const { return {cells(0), size, size}; }
        Eigen::Map<const Eigen::MatrixXf> probabilities() const { return {cells(1), size, size}; }
        std::size_t bytes() const { return storage.size(); }

    private:
        float* cells(int which) const {
            return storage.data() ? static_cast<float*>(storage.data()) + std::size_t(which) * size * size : nullptr;
        }
    };

    void schedule(int delayMs);
    void refresh();
    void showMessage(const QString& text);
    static Matrices computeMatrices(const StepRecordPtr& record, int layer, int head, PagePool& pages);
    const Matrices* cachedMatrices(int layer, int head);  // moves a hit to the front
    const Matrices& storeMatrices(Matrices matrices);     // at the front; never evicts the front
    void dropOtherRecordsMatrices();
    void startMatricesJob(int layer, int head);
    // One matrix in one mode, coloured into an image (a pixel per cell), made ready away from
    // the plot: on the thread pool for a large matrix.
    struct CellImage {
        StepRecordPtr record;
        int layer = 0;
        int head = 0;
        bool showScores = false;
        bool logScale = false;
        QImage image;                 // handed to the plot when shown
        double lower = 0, upper = 1;  // the data range the colours span
        bool fits(const Matrices& m, bool scores, bool log) const;
    };
    static CellImage colourCells(const Matrices& matrices, bool showScores, bool logScale, QCPColorGradient gradient,
                                 PagePool& pages);
    void applyCellImage(CellImage& content);
    void updateRanges(int previousLength);
    void replotNow();
    bool updateTicks();  // true when the labels changed
    void updateOverlay();
    void clampRange(bool xAxis);
    void onMousePress(QMouseEvent* event);
    void onMouseRelease(QMouseEvent* event);
    void onMouseMove(QMouseEvent* event);
    QPointF plotToWidget(QPointF p) const;

    TokenNamer m_namer;
    StepRecordPtr m_record;
    Selection m_selection;
    bool m_logScale = false;
    bool m_showScores = false;

    // What is on screen now.
    const Matrices* m_shown = nullptr;
    StepRecordPtr m_shownRecord;
    int m_shownLayer = -1;
    int m_shownHead = -2;
    int m_shownQuery = -1;
    bool m_shownLog = false;
    bool m_shownScores = false;
    QString m_title;
    QString m_message;
    QPoint m_hovered{-1, -1};
    QPoint m_pressPos;
    bool m_pressed = false;

    std::list<Matrices> m_cache;  // most recently used first; one record's matrices at a time
    std::size_t m_cacheBytes = 0;
    bool m_jobRunning = false;  // a thread-pool job computes matrices; refresh() again when it is done
    int m_releasedLength = -1;  // the picture's length while its matrices are let go of for a job

    QStackedLayout* m_stack = nullptr;
    QLabel* m_messageLabel = nullptr;
    QCustomPlot* m_plot = nullptr;
    MatrixImage* m_cells = nullptr;
    QCPColorGradient m_gradient;
    QCPColorScale* m_colorScale = nullptr;
    QCPTextElement* m_titleElement = nullptr;
    QCPItemRect* m_rowOutline = nullptr;
    QCPItemRect* m_hoverOutline = nullptr;
    QTimer* m_timer = nullptr;
    int m_xTickStep = 0;
    int m_yTickStep = 0;
    bool m_xRotated = false;
    bool m_ticksChanged = false;
    bool m_replotting = false;  // inside replotNow()
    bool m_stale = false;   // a change arrived while hidden
    bool m_forced = false;  // inside flush()
    int m_recordDelayMs = 30;
    std::vector<QString> m_labels;  // the tick texts of m_labelTokens, elided
    std::vector<std::int32_t> m_labelTokens;
    int m_widestLabel = 0;
    CellImage m_prepared;  // the cells for what is shown, or what a job prepared
    // Recycled pages for the matrices and for the images: while a text grows, each job takes
    // the buffers the previous one gave back (PagePool). Emptied when the view lets go of its text.
    std::shared_ptr<PagePool> m_matrixPages = PagePool::create(2);
    std::shared_ptr<PagePool> m_imagePages = PagePool::create(2);
};

}  // namespace attnscope::views
