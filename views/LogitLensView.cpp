#include "views/LogitLensView.h"

#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

#include "views/Colormaps.h"

namespace attnscope::views {

// ---------------------------------------------------------------------------------------------
// The table model

void LogitLensModel::setLens(analysis::LogitLens lens, std::vector<std::int32_t> tokens, TokenNamer namer) {
    beginResetModel();
    m_lens = std::move(lens);
    m_tokens = std::move(tokens);
    m_namer = std::move(namer);
    endResetModel();
}

void LogitLensModel::clear() { setLens({}, {}, m_namer); }

int LogitLensModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : m_lens.rows; }
int LogitLensModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : m_lens.positions; }

QString LogitLensModel::name(std::int32_t token) const { return m_namer ? m_namer(token) : QString::number(token); }

QVariant LogitLensModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= m_lens.rows || index.column() >= m_lens.positions) return {};
    const auto& top = m_lens.at(index.row(), index.column()).top;
    if (top.empty()) return {};
    const Candidate& best = top.front();
    switch (role) {
        case Qt::DisplayRole:
            return QStringLiteral("%1\n%2%").arg(name(best.token)).arg(100.0 * best.probability, 0, 'f', best.probability < 0.1f ? 1 : 0);
        case Qt::UserRole:
            return static_cast<double>(best.probability);
        case Qt::BackgroundRole:
            return viridisColor(best.probability);
        case Qt::ForegroundRole:
            // Dark text on the bright (yellow-green) end of viridis, white on the dark end.
            return best.probability > 0.55f ? QColor(Qt::black) : QColor(Qt::white);
        case Qt::ToolTipRole: {
            QString text = tr("%1 at position %2 (\"%3\"):")
                               .arg(headerData(index.row(), Qt::Vertical).toString())
                               .arg(index.column())
                               .arg(index.column() < static_cast<int>(m_tokens.size()) ? name(m_tokens[index.column()]) : QString());
            for (const Candidate& c : top) {
                text += QStringLiteral("\n  %1  %2%").arg(name(c.token), -12).arg(100.0 * c.probability, 0, 'f', 2);
            }
            return text;
        }
        case Qt::TextAlignmentRole:
            return int(Qt::AlignCenter);
        default:
            return {};
    }
}

QVariant LogitLensModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole) return {};
    if (orientation == Qt::Horizontal) {
        if (section < 0 || section >= static_cast<int>(m_tokens.size())) return {};
        if (role == Qt::ToolTipRole) return tr("position %1: what the text predicts after this token").arg(section);
        return QStringLiteral("%1\n%2").arg(section).arg(name(m_tokens[section]));
    }
    if (section < 0 || section >= m_lens.rows) return {};
    if (role == Qt::ToolTipRole) {
        return section == 0 ? tr("the token and position embeddings, before any block")
                            : tr("the residual stream after block %1").arg(section - 1);
    }
    if (section == 0) return tr("embeddings");
    if (section == m_lens.rows - 1) return tr("block %1 (output)").arg(section - 1);
    return tr("after block %1").arg(section - 1);
}

// ---------------------------------------------------------------------------------------------
// The view

LogitLensView::LogitLensView(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    auto* row = new QHBoxLayout;
    m_caption = new QLabel(this);
    m_caption->setWordWrap(true);
    row->addWidget(m_caption, 1);
    m_compute = new QPushButton(tr("Compute for this step"), this);
    m_compute->setToolTip(tr("Read every layer's residual stream through the final layer norm and the output head "
                             "(the \"logit lens\"): which token would the model predict if it stopped there?"));
    connect(m_compute, &QPushButton::clicked, this, &LogitLensView::computeRequested);
    row->addWidget(m_compute);
    layout->addLayout(row);

    m_model = new LogitLensModel(this);
    m_table = new QTableView(this);
    m_table->setModel(m_model);
    m_table->setWordWrap(true);
    m_table->horizontalHeader()->setDefaultSectionSize(72);
    m_table->verticalHeader()->setDefaultSectionSize(40);
    m_table->setSelectionMode(QAbstractItemView::NoSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    layout->addWidget(m_table, 1);
    setMessage(tr("The logit lens shows, for every layer and position, the token that layer's residual stream "
                  "would predict. Generate some text, then press Compute."));
}

void LogitLensView::setLens(analysis::LogitLens lens, std::vector<std::int32_t> tokens, TokenNamer namer, int step) {
    const int rows = lens.rows;
    m_model->setLens(std::move(lens), std::move(tokens), std::move(namer));
    m_caption->setText(tr("Step %1: each cell is the most probable next token read from that layer (colour: its probability). "
                          "The bottom row is the model's real prediction.").arg(step));
    if (rows > 0) m_table->scrollTo(m_model->index(rows - 1, m_model->columnCount() - 1));
}

QString LogitLensView::caption() const { return m_caption->text(); }

void LogitLensView::setMessage(const QString& text) {
    m_model->clear();
    m_caption->setText(text);
}

}  // namespace attnscope::views
