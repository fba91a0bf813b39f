#pragma once
// The key/value cache (seed S8, S18): per layer, the keys and the values every position has left
// in the cache, one column per position, growing by one column per generated token. The
// columns this step computed are outlined; every other column was reused, not recomputed. A
// line above says what that saved.

#include <QWidget>

#include "model/InsideStep.h"
#include "model/StepRecord.h"
#include "views/ViewTypes.h"

namespace attnscope::views {

class KvCacheView : public QWidget {
    Q_OBJECT
public:
    explicit KvCacheView(QWidget* parent = nullptr);

    void setRecord(StepRecordPtr record, const teaching::KvCacheSummary& summary, TokenNamer namer);
    void setSelectedLayer(int layer);
    void clear();

    StepRecordPtr record() const { return m_record; }
    QString summaryText() const;  // the line above the bands
    // Geometry, public for tests: the band of `layer`'s keys (values: `values` true) and the
    // rectangle of position `position`'s column in it.
    QRect bandRect(int layer, bool values) const;
    QRect columnRect(int layer, bool values, int position) const;
    QString toolTipAt(const QPoint& pos) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override { return {200, 120}; }
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;

protected:
    void paintEvent(QPaintEvent* event) override;
    bool event(QEvent* event) override;

private:
    int bandHeight() const;
    int headerHeight() const;
    int columnWidth() const;
    int labelWidth() const;
    int gridLeft() const;

    StepRecordPtr m_record;
    teaching::KvCacheSummary m_summary;
    TokenNamer m_namer;
    int m_selectedLayer = 0;
};

}  // namespace attnscope::views
