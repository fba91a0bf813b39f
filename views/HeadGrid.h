#pragma once
// Every head of the model at the current step, like BertViz's "model view": one small attention
// matrix per (layer, head), layers as rows, heads as columns. Click one to look at it closely in
// the heatmap; the selected head is outlined (the whole row when the mean over heads is shown).
//
// The thumbnails are computed away from the UI thread, at most once per record, and only for
// what changed: while a text grows, each new record shares all earlier positions with the last
// one, so only the new query rows are computed. A big matrix is pooled into at most kMaxBlocks x
// kMaxBlocks blocks (each the maximum of the probabilities it covers, block sides a power of two
// so that a longer text merges blocks instead of starting over), then into the pixels a cell
// gets on screen, again by maximum. Painting draws ready images only.

#include <QFont>
#include <QImage>
#include <QPainter>
#include <QRect>
#include <QThreadPool>
#include <QWidget>

#include <atomic>
#include <memory>
#include <span>
#include <vector>

#include "model/StepRecord.h"
#include "views/PagePool.h"
#include "views/ViewTypes.h"

namespace attnscope::views {

// The pooled attention of every head of one record: the maximum probability in each block of
// blockSize x blockSize cells (rows: queries, columns: keys), NaN where a block is all future.
struct HeadThumbnails {
    static constexpr int kMaxBlocks = 64;

    StepRecordPtr record;
    int nLayer = 0;
    int nHead = 0;
    int length = 0;                          // T
    int blockSize = 1;                       // a power of two
    int blocks = 0;                          // ceil(T / blockSize) per side
    int computedRows = 0;                    // query rows worked out for this record (the rest came from `previous`)
    PooledBuffer storage;                    // every head's blocks x blocks maxima, head after head

    std::size_t headCount() const { return static_cast<std::size_t>(nLayer) * static_cast<std::size_t>(nHead); }
    // One head's maxima, [row * blocks + column]; `h` = layer * nHead + head.
    std::span<const float> maxima(std::size_t h) const { return {first(h), cellsPerHead()}; }
    std::span<float> maxima(std::size_t h) { return {first(h), cellsPerHead()}; }
    float at(int layer, int head, int blockRow, int blockColumn) const {
        return maxima(static_cast<std::size_t>(layer * nHead + head))[static_cast<std::size_t>(blockRow * blocks + blockColumn)];
    }

    // Computes the thumbnails of `record`, reusing `previous` where the two texts share their
    // first positions (the same PositionRecords). Returns null if `cancel` was set on the way.
    // The maxima take their pages from `pages` (the grid's, recycled from step to step), or
    // pages of their own without one.
    static std::shared_ptr<const HeadThumbnails> compute(const StepRecordPtr& record,
                                                         const std::shared_ptr<const HeadThumbnails>& previous,
                                                         const std::atomic<bool>* cancel = nullptr,
                                                         PagePool* pages = nullptr);

private:
    std::size_t cellsPerHead() const { return static_cast<std::size_t>(blocks) * static_cast<std::size_t>(blocks); }
    float* first(std::size_t h) const { return static_cast<float*>(storage.data()) + h * cellsPerHead(); }
};

class HeadGrid : public QWidget {
    Q_OBJECT
public:
    explicit HeadGrid(QWidget* parent = nullptr);
    ~HeadGrid() override;

    void setNamer(TokenNamer namer);  // not needed for the pictures; kept for the common view API
    void setRecord(StepRecordPtr record);
    void setSelection(const Selection& selection);
    void setLogScale(bool on);

    StepRecordPtr record() const { return m_record; }
    static QColor switchedOffColor();  // the cross over a head the step ran without
    QString tooltipFor(int layer, int head) const;
    const Selection& selection() const { return m_selection; }

    // The thumbnails on screen (may be one record behind while the next is computed); null if none.
    std::shared_ptr<const HeadThumbnails> thumbnails() const { return m_thumbs; }
    bool computing() const { return m_running; }
    // The bytes of the pages the grid holds for thumbnails, in use and spare.
    std::size_t pageBytes() const { return m_pages->bytes(); }
    // Runs the event loop until the current record's thumbnails are shown (true), or `timeoutMs`
    // passes (false). For tests, benchmarks and screenshots: the app just lets them arrive.
    bool waitForThumbnails(int timeoutMs = 10000);
    QString message() const;  // the text shown instead of the grid; empty when the grid is shown

    // Geometry in widget coordinates: a head's thumbnail, and the head under a point as
    // (layer, head) or (-1, -1).
    QRect cellRect(int layer, int head) const;
    std::pair<int, int> headAt(QPoint pos) const;

    // Cells never get smaller than this (the grid sits in a scroll area and asks for the room);
    // Ctrl + wheel zooms them larger (setZoomCell; 0: back to the fit).
    static constexpr int kLegibleCell = 24;
    static constexpr int kMaxZoomCell = 240;
    void setZoomCell(int pixels);
    int zoomCell() const { return m_zoomCell; }
    int headLabelEvery() const;  // 1: every head column is labelled (for tests)
    QSize minimumSizeHint() const override;
    QSize sizeHint() const override;

signals:
    void headSelected(int layer, int head);
    void thumbnailsUpdated();  // new thumbnails arrived from the worker (and a repaint is scheduled)

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    bool event(QEvent* event) override;

private:
    static constexpr int kGap = 4;
    int legibleCell() const;
    int m_zoomCell = 0;
    struct Layout {
        QRect grid;  // the cells' area
        int cell = 0;
        int gap = 0;
        int nLayer = 0;
        int nHead = 0;
    };
    Layout layout() const;
    void startJob();
    // Draws the legend into `area` (or, without a painter, only measures it); returns its lines.
    int drawLegend(QPainter* painter, const QRect& area, bool pooled) const;
    int legendHeight() const;
    // legendHeight() lays text out, and layout() (which every cellRect() calls, hundreds of times
    // a paint) needs it: kept for the width, font and scale it was measured at.
    struct LegendRoom {
        int width = -1;
        QFont font;
        bool logScale = false;
        int height = 0;
    };
    mutable LegendRoom m_legendRoom;
    void onJobDone(std::shared_ptr<const HeadThumbnails> result);
    const QImage& image(int layer, int head, int pixels);

    StepRecordPtr m_record;
    Selection m_selection;
    bool m_logScale = false;
    std::shared_ptr<const HeadThumbnails> m_thumbs;

    // The rendered thumbnails at one pixel size, rebuilt when the thumbnails or size change.
    std::vector<QImage> m_images;
    int m_imagePixels = 0;
    bool m_imagesLog = false;

    QThreadPool m_pool;
    // The maxima's pages, recycled: the set on screen and the one being made take turns, so the
    // grid's memory stays the same from step to step (PagePool). Emptied when the text goes.
    std::shared_ptr<PagePool> m_pages = PagePool::create(1);
    std::atomic<bool> m_cancel{false};
    bool m_running = false;
    StepRecordPtr m_failed;  // a record whose thumbnails could not be computed; not retried
};

}  // namespace attnscope::views
