#pragma once
// The head scores as a table: one row per head (layer, head, then every score), for a sortable
// QTableView. The numbers come from scores::scoreHeads (model/HeadScores.h) and, when the
// diagnostics were run, an induction score per head.
//
// Roles: Qt::DisplayRole is the text ("0.823", "–" for a score that was not measured),
// Qt::UserRole the raw double (NaN when not measured) to sort by, Qt::ToolTipRole on a column
// header is a one-line explanation of that score.

#include <QAbstractTableModel>
#include <QSortFilterProxyModel>
#include <QString>

#include <vector>

#include "model/HeadScores.h"

namespace attnscope::views {

class HeadScoreModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Layer, Head, Entropy, PreviousToken, FirstToken, Self, DuplicateToken, Induction, ColumnCount };
    static constexpr int kFirstScore = Entropy;  // the score columns are [kFirstScore, ColumnCount)

    explicit HeadScoreModel(QObject* parent = nullptr);

    // `induction` has one value per head laid out [layer * nHead + head] (NaN: not measured), or is
    // empty when the diagnostics were not run; a vector of any other size is treated as empty.
    void setScores(const scores::HeadScoreTable& table, const std::vector<double>& induction = {});
    void clear();

    // What the scores were measured on, in words: the text scores ("the text of step 15, 35
    // tokens"; empty: not measured on any text) and the induction score ("50 random tokens,
    // repeated"). Shown in the column headers' tooltips and the view's caption, so that a
    // number is never read as being about the wrong text.
    void setSources(const QString& text, const QString& induction);
    QString textSource() const { return m_textSource; }
    QString inductionSource() const { return m_inductionSource; }
    QString sourceOf(int column) const;  // the source of a score column

    int nLayer() const { return m_table.nLayer; }
    int nHead() const { return m_table.nHead; }
    bool hasInduction() const { return !m_induction.empty(); }
    // The raw score of `column` for one head (NaN when not measured); the layer or head number
    // for the first two columns. Row = layer * nHead + head.
    double value(int row, int column) const;
    double value(int layer, int head, int column) const { return value(layer * nHead() + head, column); }

    static QString columnName(int column);         // "previous-token"
    static QString columnExplanation(int column);  // one line, for tooltips and the view's caption
    static QString format(double v);               // "0.823", or "–" for NaN

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    scores::HeadScoreTable m_table;
    std::vector<double> m_induction;
    QString m_textSource;
    QString m_inductionSource;
};

// Sorts by Qt::UserRole with the scores that were not measured (NaN) always last, in either
// order: a plain QSortFilterProxyModel compares NaN as neither less nor greater than anything,
// which is no ordering at all and leaves the rows in an arbitrary order.
class HeadScoreSortProxy : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit HeadScoreSortProxy(QObject* parent = nullptr);

protected:
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;
};

}  // namespace attnscope::views
