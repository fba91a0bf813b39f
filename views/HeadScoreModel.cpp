#include "views/HeadScoreModel.h"

#include <cmath>
#include <limits>

namespace attnscope::views {
namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}  // namespace

HeadScoreModel::HeadScoreModel(QObject* parent) : QAbstractTableModel(parent) {}

void HeadScoreModel::setScores(const scores::HeadScoreTable& table, const std::vector<double>& induction) {
    beginResetModel();
    m_table = table;
    const auto heads = static_cast<std::size_t>(table.nLayer) * static_cast<std::size_t>(table.nHead);
    // A table whose vectors do not cover every head would be read out of range: show nothing.
    const bool complete = table.nLayer > 0 && table.nHead > 0 && table.entropy.size() == heads &&
                          table.previousToken.size() == heads && table.firstToken.size() == heads &&
                          table.self.size() == heads && table.duplicateToken.size() == heads;
    if (!complete) m_table = {};
    m_induction = (complete && induction.size() == heads) ? induction : std::vector<double>{};
    endResetModel();
}

void HeadScoreModel::setSources(const QString& text, const QString& induction) {
    m_textSource = text;
    m_inductionSource = induction;
    emit headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
}

QString HeadScoreModel::sourceOf(int column) const {
    if (column < kFirstScore || column >= ColumnCount) return {};
    return column == Induction ? m_inductionSource : m_textSource;
}

void HeadScoreModel::clear() {
    beginResetModel();
    m_table = {};
    m_induction.clear();
    m_textSource.clear();
    m_inductionSource.clear();
    endResetModel();
}

double HeadScoreModel::value(int row, int column) const {
    if (row < 0 || row >= rowCount()) return kNaN;
    const auto i = static_cast<std::size_t>(row);
    switch (column) {
    case Layer: return row / m_table.nHead;
    case Head: return row % m_table.nHead;
    case Entropy: return m_table.entropy[i];
    case PreviousToken: return m_table.previousToken[i];
    case FirstToken: return m_table.firstToken[i];
    case Self: return m_table.self[i];
    case DuplicateToken: return m_table.duplicateToken[i];
    case Induction: return m_induction.empty() ? kNaN : m_induction[i];
    default: return kNaN;
    }
}

QString HeadScoreModel::columnName(int column) {
    switch (column) {
    case Layer: return tr("layer");
    case Head: return tr("head");
    case Entropy: return tr("entropy");
    case PreviousToken: return tr("previous-token");
    case FirstToken: return tr("first-token");
    case Self: return tr("self");
    case DuplicateToken: return tr("duplicate-token");
    case Induction: return tr("induction");
    default: return {};
    }
}

QString HeadScoreModel::columnExplanation(int column) {
    switch (column) {
    case Layer: return tr("the block the head belongs to, 0 = nearest the input");
    case Head: return tr("the head's index within its layer");
    case Entropy: return tr("how spread out attention is, in nats: 0 = one key, log(n) = uniform");
    case PreviousToken: return tr("mean attention from each token to the one just before it; 1 = always looks one back");
    case FirstToken: return tr("mean attention on position 0, where many heads park attention they do not need");
    case Self: return tr("mean attention from each token to itself; 1 = always looks at its own position");
    case DuplicateToken:
        return tr("for tokens that occurred earlier in the text, the attention on those earlier copies");
    case Induction:
        return tr("on a repeated random sequence, attention from a token's second occurrence to the token after its "
                  "first occurrence (Olsson et al. 2022)");
    default: return {};
    }
}

QString HeadScoreModel::format(double v) {
    return std::isnan(v) ? QStringLiteral("–") : QString::number(v, 'f', 3);
}

int HeadScoreModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : m_table.nLayer * m_table.nHead;
}

int HeadScoreModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant HeadScoreModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const int row = index.row();
    const int column = index.column();
    const double v = value(row, column);
    switch (role) {
    case Qt::DisplayRole:
        if (column == Layer || column == Head) return static_cast<int>(v);
        return format(v);
    case Qt::UserRole:
        if (column == Layer || column == Head) return static_cast<int>(v);
        return v;
    case Qt::TextAlignmentRole:
        return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
    case Qt::ToolTipRole: {
        if (column == Layer || column == Head) return tr("Layer %1 · Head %2").arg(row / nHead()).arg(row % nHead());
        QString why;
        if (std::isnan(v)) {
            why = column == Induction        ? tr("not measured: run the diagnostics (repeated random tokens)")
                  : m_textSource.isEmpty()   ? tr("not measured: generate some text")
                  : column == DuplicateToken ? tr("no token repeats in this text")
                                             : tr("not defined for a one-token text");
        }
        const QString source = sourceOf(column);
        return tr("Layer %1 · Head %2 · %3 %4%5%6")
            .arg(row / nHead())
            .arg(row % nHead())
            .arg(columnName(column), format(v), why.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(why),
                 source.isEmpty() || std::isnan(v) ? QString() : tr("\nmeasured on %1").arg(source));
    }
    default: return {};
    }
}

QVariant HeadScoreModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal) return QAbstractTableModel::headerData(section, orientation, role);
    if (section < 0 || section >= ColumnCount) return {};
    switch (role) {
    case Qt::DisplayRole: return columnName(section);
    case Qt::ToolTipRole: {
        const QString source = sourceOf(section);
        return source.isEmpty() ? columnExplanation(section)
                                : tr("%1\nmeasured on %2").arg(columnExplanation(section), source);
    }
    default: return {};
    }
}

// ---------------------------------------------------------------------------------------------
// sorting

HeadScoreSortProxy::HeadScoreSortProxy(QObject* parent) : QSortFilterProxyModel(parent) {
    setSortRole(Qt::UserRole);
}

bool HeadScoreSortProxy::lessThan(const QModelIndex& left, const QModelIndex& right) const {
    const double a = sourceModel()->data(left, sortRole()).toDouble();
    const double b = sourceModel()->data(right, sortRole()).toDouble();
    const bool aNaN = std::isnan(a);
    const bool bNaN = std::isnan(b);
    if (aNaN || bNaN) {
        if (aNaN && bNaN) return false;
        // The proxy sorts descending by asking lessThan(right, left): flip, so NaN stays last.
        const bool nanLast = sortOrder() == Qt::AscendingOrder;
        return nanLast ? bNaN : aNaN;
    }
    return a < b;
}

}  // namespace attnscope::views
