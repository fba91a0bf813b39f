#pragma once
// The logit lens across the text: rows are layers (the embeddings, then each block's output),
// columns are positions; each cell shows the token the residual stream at that point would
// predict through the final layer norm and the output head, coloured by its probability.
// Hover shows the top five. The lens itself is computed in model/Analysis (a pure function).

#include <QAbstractTableModel>
#include <QWidget>

#include "model/Analysis.h"
#include "views/ViewTypes.h"

class QLabel;
class QPushButton;
class QTableView;

namespace attnscope::views {

class LogitLensModel : public QAbstractTableModel {
    Q_OBJECT
public:
    using QAbstractTableModel::QAbstractTableModel;

    void setLens(analysis::LogitLens lens, std::vector<std::int32_t> tokens, TokenNamer namer);
    void clear();
    const analysis::LogitLens& lens() const { return m_lens; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QString name(std::int32_t token) const;

    analysis::LogitLens m_lens;
    std::vector<std::int32_t> m_tokens;
    TokenNamer m_namer;
};

class LogitLensView : public QWidget {
    Q_OBJECT
public:
    explicit LogitLensView(QWidget* parent = nullptr);

    LogitLensModel* model() const { return m_model; }
    QTableView* table() const { return m_table; }
    void setLens(analysis::LogitLens lens, std::vector<std::int32_t> tokens, TokenNamer namer, int step);
    void setMessage(const QString& text);  // shown instead of a table (nothing computed yet, busy, ...)
    QString caption() const;                // what the lens says above its table

signals:
    void computeRequested();  // the user asked for the lens of the step on screen

private:
    LogitLensModel* m_model = nullptr;
    QTableView* m_table = nullptr;
    QLabel* m_caption = nullptr;
    QPushButton* m_compute = nullptr;
};

}  // namespace attnscope::views
