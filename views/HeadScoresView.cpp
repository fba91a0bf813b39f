#include "views/HeadScoresView.h"

#include <QComboBox>
#include <QEvent>
#include <QFontMetrics>
#include <QGridLayout>
#include <QResizeEvent>
#include <QHeaderView>
#include <QHelpEvent>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMouseEvent>
#include <QPainter>
#include <QPushButton>
#include <QSplitter>
#include <QStyle>
#include <QTableView>
#include <QToolTip>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

#include "views/CoreText.h"
#include "views/HeadScoreModel.h"
#include "views/HeatmapStyle.h"

namespace attnscope::views {
namespace {

constexpr int kMargin = 8;
constexpr int kGap = 4;        // room for the 2-pixel selection outline between cells
constexpr int kMaxCellW = 72;  // a 2 x 4 model should not get cells the size of a fist
constexpr int kMinCellForText = 12;

QString defaultMessage() {
    return HeadScoresView::tr("No scores yet. Generate some text, or run the diagnostics, to score every head.");
}

// Label every `step`-th row or column once a cell is smaller than its label (as the head grid).
int labelStep(int needPx, int cellPx) {
    for (int step : {1, 2, 4, 5, 10, 20, 50, 100}) {
        if (step * cellPx >= needPx) return step;
    }
    return 100;
}

QString cellText(double v) { return std::isnan(v) ? QStringLiteral("–") : QString::number(v, 'f', 2); }

}  // namespace

// ---------------------------------------------------------------------------------------------
// the grid: one score, every head

HeadScoreGrid::HeadScoreGrid(const HeadScoreModel* model, QWidget* parent)
    : QWidget(parent), m_model(model), m_column(HeadScoreModel::PreviousToken), m_message(defaultMessage()) {
    setAttribute(Qt::WA_OpaquePaintEvent);
    // Clicks and tooltips go to the view, which knows what a head means to the rest of the app.
    setAttribute(Qt::WA_TransparentForMouseEvents);
}

void HeadScoreGrid::setColumn(int column) {
    if (column == m_column) return;
    m_column = column;
    update();
}

void HeadScoreGrid::setSelection(const Selection& selection) {
    if (selection == m_selection) return;
    m_selection = selection;
    update();
}

void HeadScoreGrid::setMessage(const QString& text) {
    m_message = text.isEmpty() ? defaultMessage() : text;
    update();
}

QString HeadScoreGrid::message() const { return m_model->rowCount() == 0 ? m_message : QString(); }

QSize HeadScoreGrid::sizeHint() const {
    // Room for comfortable cells (two decimals in the widget's font), whatever the model's shape.
    const QFontMetrics fm(font());
    const int nLayer = std::max(2, m_model->nLayer());
    const int nHead = std::max(4, m_model->nHead());
    const int cellW = std::clamp(fm.horizontalAdvance(QStringLiteral("0.00")) + 24, 40, kMaxCellW);
    // A few layers get squarish cells; many get flatter ones, two lines of text high.
    const int cellH = std::clamp(360 / nLayer, 2 * fm.height(), cellW);
    const int labelW = fm.horizontalAdvance(QStringLiteral("L%1").arg(nLayer - 1)) + 8;
    return {2 * kMargin + labelW + nHead * (cellW + kGap), 2 * kMargin + fm.height() + 2 + nLayer * (cellH + kGap) +
                                                              2 * fm.height() + 10};
}
QSize HeadScoreGrid::minimumSizeHint() const { return {160, 100}; }

std::pair<double, double> HeadScoreGrid::range() const {
    if (m_column != HeadScoreModel::Entropy) return {0.0, 1.0};
    // Entropy has no fixed top (log n grows with the text): the scale ends at the most spread-out head.
    double top = 0;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const double v = m_model->value(row, m_column);
        if (!std::isnan(v)) top = std::max(top, v);
    }
    return {0.0, top > 0 ? top : 1.0};
}

HeadScoreGrid::Layout HeadScoreGrid::layout() const {
    Layout l;
    if (!message().isEmpty()) return l;
    l.nLayer = m_model->nLayer();
    l.nHead = m_model->nHead();
    const QFontMetrics fm(font());
    const int headerH = fm.height() + 2;
    const int labelW = fm.horizontalAdvance(QStringLiteral("L%1").arg(l.nLayer - 1)) + 8;
    const int legendH = 2 * fm.height() + 10;
    const QRect avail = rect().adjusted(kMargin + labelW, kMargin + headerH, -kMargin, -(kMargin + legendH));
    if (avail.width() <= 0 || avail.height() <= 0) return l;
    l.gap = kGap;
    const int byWidth = (avail.width() - (l.nHead - 1) * l.gap) / l.nHead;
    const int byHeight = (avail.height() - (l.nLayer - 1) * l.gap) / l.nLayer;
    // Cells may be wider than tall (a number is wider than it is tall), never taller than wide.
    l.cell = std::max(1, std::min(byWidth, kMaxCellW));
    l.cellH = std::max(1, std::min(byHeight, l.cell));
    const int w = l.nHead * l.cell + (l.nHead - 1) * l.gap;
    const int h = l.nLayer * l.cellH + (l.nLayer - 1) * l.gap;
    l.grid = QRect(avail.left(), avail.top(), w, h);
    return l;
}

QRect HeadScoreGrid::cellRect(int layer, int head) const {
    const Layout l = layout();
    if (l.cell <= 0 || layer < 0 || head < 0 || layer >= l.nLayer || head >= l.nHead) return {};
    return QRect(l.grid.left() + head * (l.cell + l.gap), l.grid.top() + layer * (l.cellH + l.gap), l.cell, l.cellH);
}

std::pair<int, int> HeadScoreGrid::headAt(QPoint pos) const {
    const Layout l = layout();
    if (l.cell <= 0 || !l.grid.adjusted(-l.gap / 2, -l.gap / 2, l.gap / 2, l.gap / 2).contains(pos)) return {-1, -1};
    const int head = std::clamp((pos.x() - l.grid.left() + l.gap / 2) / (l.cell + l.gap), 0, l.nHead - 1);
    const int layer = std::clamp((pos.y() - l.grid.top() + l.gap / 2) / (l.cellH + l.gap), 0, l.nLayer - 1);
    return {layer, head};
}

void HeadScoreGrid::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.fillRect(rect(), Qt::white);
    painter.setPen(QColor(0x22, 0x22, 0x22));  // on the white we paint, whatever the palette
    const QString text = message();
    if (!text.isEmpty()) {
        painter.drawText(rect().adjusted(24, 24, -24, -24), Qt::AlignCenter | Qt::TextWordWrap, text);
        return;
    }
    const Layout l = layout();
    if (l.cell <= 0) return;
    const QFontMetrics fm(font());

    // Labels: heads across the top, layers down the left, thinned when the cells are small.
    painter.setPen(QColor(0x44, 0x44, 0x44));
    const int headStep = labelStep(fm.horizontalAdvance(QStringLiteral("H%1").arg(l.nHead - 1)) + 4, l.cell + l.gap);
    for (int h = 0; h < l.nHead; h += headStep) {
        const QRect c = cellRect(0, h);
        painter.drawText(QRect(c.left() - l.gap, c.top() - fm.height() - 2, c.width() + 2 * l.gap, fm.height()),
                         Qt::AlignHCenter | Qt::AlignBottom, QStringLiteral("H%1").arg(h));
    }
    const int layerStep = labelStep(fm.height(), l.cellH + l.gap);
    for (int layer = 0; layer < l.nLayer; layer += layerStep) {
        const QRect c = cellRect(layer, 0);
        painter.drawText(QRect(kMargin, c.top(), c.left() - kMargin - 4, c.height()), Qt::AlignRight | Qt::AlignVCenter,
                         QStringLiteral("L%1").arg(layer));
    }

    // The value labels use the widget's font where it fits, a smaller one where it does not,
    // and none on cells too small to read.
    QFont cellFont = font();
    auto fits = [&](const QFont& f) {
        const QFontMetrics m(f);
        return m.horizontalAdvance(QStringLiteral("0.00")) + 4 <= l.cell && m.height() <= l.cellH;
    };
    bool labels = l.cell >= kMinCellForText && fits(cellFont);
    if (!labels && l.cell >= kMinCellForText) {
        cellFont.setPointSizeF(std::max(6.0, cellFont.pointSizeF() * 0.8));
        labels = fits(cellFont);
    }
    painter.setFont(cellFont);

    const auto [lo, hi] = range();
    const auto& table = heatmapstyle::viridisTable();
    const QBrush notMeasured = heatmapstyle::maskBrush();
    for (int layer = 0; layer < l.nLayer; ++layer) {
        for (int h = 0; h < l.nHead; ++h) {
            const QRect c = cellRect(layer, h);
            const double v = m_model->value(layer, h, m_column);
            if (std::isnan(v)) {
                painter.fillRect(c, notMeasured);
                painter.setPen(QColor(0x55, 0x55, 0x55));
            } else {
                const double t = std::clamp((v - lo) / (hi - lo), 0.0, 1.0);
                painter.fillRect(c, QColor(table[static_cast<std::size_t>(std::lround(255 * t))]));
                // Dark text on the light (green-yellow) end of viridis, white on the dark end.
                painter.setPen(t > 0.55 ? QColor(0x11, 0x11, 0x11) : QColor(Qt::white));
            }
            if (labels) painter.drawText(c, Qt::AlignCenter, cellText(v));
        }
    }
    painter.setFont(font());

    // The selection: one head, or the whole layer when its mean is shown (as in the head grid).
    const int layer = std::clamp(m_selection.layer, 0, l.nLayer - 1);
    const QRect outline = m_selection.averageHeads ? cellRect(layer, 0).united(cellRect(layer, l.nHead - 1))
                                                   : cellRect(layer, std::clamp(m_selection.head, 0, l.nHead - 1));
    painter.setRenderHint(QPainter::Antialiasing, false);
    painter.setBrush(Qt::NoBrush);
    painter.setPen(QPen(heatmapstyle::highlightColor(), 2, Qt::SolidLine, Qt::SquareCap, Qt::MiterJoin));
    // A 2-pixel pen on the rectangle one pixel outside the cell covers the 2 pixels around it.
    painter.drawRect(QRectF(outline).adjusted(-1, -1, 1, 1));

    drawLegend(painter, QRect(kMargin, l.grid.bottom() + 8, width() - 2 * kMargin, 2 * fm.height() + 4));
}

void HeadScoreGrid::drawLegend(QPainter& painter, const QRect& area) const {
    const QFontMetrics fm(font());
    const int barW = std::min(120, area.width() / 4);
    const int barH = std::min(10, fm.height() - 2);
    int y = area.top() + (fm.height() - barH) / 2;
    int baseline = area.top() + fm.ascent();
    int x = area.left();
    auto text = [&](const QString& t, int after) {
        painter.drawText(QPoint(x, baseline), t);
        x += fm.horizontalAdvance(t) + after;
    };
    const auto [lo, hi] = range();
    const bool entropy = m_column == HeadScoreModel::Entropy;
    painter.setPen(QColor(0x44, 0x44, 0x44));
    text(QString::number(lo, 'g', 3), 4);
    const auto& table = heatmapstyle::viridisTable();
    for (int i = 0; i < barW; ++i) {
        painter.fillRect(QRect(x + i, y, 1, barH),
                         QColor(table[static_cast<std::size_t>(i * 255 / std::max(1, barW - 1))]));
    }
    x += barW + 4;
    text(entropy ? QString::number(hi, 'f', 2) : QStringLiteral("1"), 8);
    text(entropy ? tr("%1 in nats (the scale ends at the highest head)").arg(HeadScoreModel::columnName(m_column))
                 : tr("%1 (attention weight)").arg(HeadScoreModel::columnName(m_column)),
         20);

    // The "not measured" swatch, only when a cell shows it; on its own line when there is no room.
    bool anyMissing = false;
    for (int row = 0; row < m_model->rowCount() && !anyMissing; ++row) anyMissing = std::isnan(m_model->value(row, m_column));
    if (!anyMissing) return;
    const QString missing = m_column == HeadScoreModel::Induction
                                ? tr("– not measured: run the diagnostics")
                                : (m_column == HeadScoreModel::DuplicateToken ? tr("– no token repeats")
                                                                              : tr("– not measured"));
    if (x + barH + 4 + fm.horizontalAdvance(missing) > area.right()) {
        x = area.left();
        y += fm.height();
        baseline += fm.height();
    }
    painter.fillRect(QRect(x, y, barH, barH), heatmapstyle::maskBrush());
    x += barH + 4;
    text(missing, 0);
}

// ---------------------------------------------------------------------------------------------
// the view

HeadScoresView::HeadScoresView(QWidget* parent) : QWidget(parent) {
    m_model = new HeadScoreModel(this);
    m_proxy = new HeadScoreSortProxy(this);
    m_proxy->setSourceModel(m_model);

    m_metric = new QComboBox(this);
    for (int column = HeadScoreModel::kFirstScore; column < HeadScoreModel::ColumnCount; ++column) {
        m_metric->addItem(HeadScoreModel::columnName(column));
        m_metric->setItemData(m_metric->count() - 1, HeadScoreModel::columnExplanation(column), Qt::ToolTipRole);
    }
    m_diagnostics = new QPushButton(tr("Run diagnostics (repeated random tokens)"), this);
    m_diagnostics->setToolTip(
        tr("Score the heads on a sequence of random tokens repeated twice: the only way to measure induction"));
    m_explanation = new QLabel(this);
    m_explanation->setWordWrap(true);
    m_explanation->setTextFormat(Qt::PlainText);
    QPalette grey = m_explanation->palette();
    grey.setColor(QPalette::WindowText, QColor(0x55, 0x55, 0x55));
    m_explanation->setPalette(grey);
    m_sources = new QLabel(this);
    m_sources->setWordWrap(true);
    m_sources->setTextFormat(Qt::PlainText);

    m_grid = new HeadScoreGrid(m_model);
    m_table = new QTableView;
    m_table->setModel(m_proxy);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    // Narrow columns: a header wraps at its hyphen ("previous-" over "token") rather than making its
    // column three times as wide as the numbers under it, so all eight fit in a dock.
    m_table->horizontalHeader()->setDefaultAlignment(Qt::AlignCenter | Qt::Alignment(Qt::TextWordWrap));
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(HeadScoreModel::Layer, Qt::AscendingOrder);
    fitColumns();

    m_splitter = new QSplitter(Qt::Vertical, this);
    m_splitter->addWidget(m_grid);
    m_splitter->addWidget(m_table);
    // The grid asks for what its shape needs (HeadScoreGrid::sizeHint); the table takes the rest.
    m_splitter->setStretchFactor(0, 0);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setChildrenCollapsible(false);

    // The chooser and the button on one line where the dock is wide enough, on two where not
    // (a fixed row would clip the button in a narrow dock).
    auto* label = new QLabel(tr("Score:"), this);
    label->setBuddy(m_metric);
    auto* top = new QGridLayout;
    top->addWidget(label, 0, 0);
    top->addWidget(m_metric, 0, 1);
    top->setColumnStretch(2, 1);
    m_top = top;
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(top);
    layout->addWidget(m_explanation);
    layout->addWidget(m_sources);
    layout->addWidget(m_splitter, 1);

    connect(m_metric, &QComboBox::currentIndexChanged, this, &HeadScoresView::onMetricChanged);
    connect(m_diagnostics, &QPushButton::clicked, this, &HeadScoresView::diagnosticsRequested);
    connect(m_table->horizontalHeader(), &QHeaderView::sortIndicatorChanged, this, &HeadScoresView::fitColumns);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &HeadScoresView::onTableSelectionChanged);

    m_metric->setCurrentIndex(HeadScoreModel::PreviousToken - HeadScoreModel::kFirstScore);
    onMetricChanged();
    updateSourcesCaption();
    placeButton();
}

void HeadScoresView::placeButton() {
    const int need = m_metric->sizeHint().width() + m_diagnostics->sizeHint().width() + 80;
    const bool oneLine = width() >= need;
    if (m_top->indexOf(m_diagnostics) >= 0 && m_buttonOnOneLine == oneLine) return;
    m_top->removeWidget(m_diagnostics);
    if (oneLine) {
        m_top->addWidget(m_diagnostics, 0, 3);
    } else {
        m_top->addWidget(m_diagnostics, 1, 0, 1, 3, Qt::AlignLeft);
    }
    // Beside the chooser the button must not hold the view wide, or a dock could never become
    // narrow enough for it to move under; it only sits there when it has the room anyway.
    m_diagnostics->setMinimumWidth(oneLine ? 1 : 0);
    m_buttonOnOneLine = oneLine;
    if (layout()) layout()->activate();
}

void HeadScoresView::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    placeButton();
}

HeadScoresView::~HeadScoresView() = default;

void HeadScoresView::fitColumns() {
    QHeaderView* header = m_table->horizontalHeader();
    const QFontMetrics fm(header->font());
    const QFontMetrics cells(m_table->font());
    const int markSize = header->style()->pixelMetric(QStyle::PM_HeaderMarkSize, nullptr, header) +
                         header->style()->pixelMetric(QStyle::PM_HeaderMargin, nullptr, header);
    for (int column = 0; column < HeadScoreModel::ColumnCount; ++column) {
        int words = 0;
        const QStringList parts = HeadScoreModel::columnName(column).split('-');
        for (int i = 0; i < parts.size(); ++i) {
            words = std::max(words, fm.horizontalAdvance(i + 1 < parts.size() ? parts[i] + '-' : parts[i]));
        }
        const int numbers = cells.horizontalAdvance(column < HeadScoreModel::kFirstScore ? QStringLiteral("000")
                                                                                          : QStringLiteral("00.000"));
        // + the section's padding, and room for the sort arrow in the sorted column (the style
        // draws it beside the text, which would otherwise be clipped)
        const int arrow = column == header->sortIndicatorSection() ? markSize : 0;
        header->resizeSection(column, std::max(words, numbers) + 16 + arrow);
    }
    header->setMinimumHeight(2 * fm.height() + 8);  // two lines for the wrapped names
    // At least five rows of the table stay in sight, however many layers the grid wants.
    m_table->setMinimumHeight(header->minimumHeight() + 5 * m_table->verticalHeader()->defaultSectionSize() +
                              2 * m_table->frameWidth());
}

void HeadScoresView::setScores(const scores::HeadScoreTable& table, const std::vector<double>& induction) {
    const bool newShape = table.nLayer != m_model->nLayer() || table.nHead != m_model->nHead();
    m_model->setScores(table, induction);
    selectRowOf(m_selection);  // the reset dropped the table's selection
    if (newShape) m_grid->updateGeometry();
    m_grid->update();
}

void HeadScoresView::setSources(const QString& text, const QString& induction) {
    m_model->setSources(text, induction);
    updateSourcesCaption();
    onMetricChanged();
}

QString HeadScoresView::sourcesCaption() const { return m_sources->text(); }

void HeadScoresView::updateSourcesCaption() {
    const QString text = m_model->textSource();
    const QString induction = m_model->inductionSource();
    QStringList parts;
    parts << (text.isEmpty() ? tr("Text scores: not measured yet (generate some text).")
                             : tr("Text scores: on %1.").arg(text));
    parts << (induction.isEmpty() ? tr("Induction: not measured (run the diagnostics).")
                                  : tr("Induction: on %1.").arg(induction));
    if (!induction.isEmpty()) {
        std::vector<double> values;
        for (int layer = 0; layer < m_model->nLayer(); ++layer) {
            for (int head = 0; head < m_model->nHead(); ++head) values.push_back(m_model->value(layer, head, HeadScoreModel::Induction));
        }
        parts << tr("Induction heads (score ≥ %1): %2.")
                     .arg(scores::kInductionHeadScore)
                     .arg(coreText(scores::inductionHeadsText(values, m_model->nHead())));
    }
    m_sources->setText(parts.join(QLatin1Char(' ')));
}

void HeadScoresView::clear() {
    m_model->clear();
    updateSourcesCaption();
    m_grid->update();
}

void HeadScoresView::setMessage(const QString& text) { m_grid->setMessage(text); }

bool HeadScoresView::hasScores() const { return m_model->rowCount() > 0; }

QString HeadScoresView::message() const { return m_grid->message(); }

void HeadScoresView::setSelection(const Selection& selection) {
    m_selection = selection;
    m_grid->setSelection(selection);
    selectRowOf(selection);
}

void HeadScoresView::selectRowOf(const Selection& selection) {
    if (m_model->rowCount() == 0) return;
    m_syncing = true;
    QItemSelectionModel* sm = m_table->selectionModel();
    const bool inRange = selection.layer >= 0 && selection.layer < m_model->nLayer() && selection.head >= 0 &&
                         selection.head < m_model->nHead();
    if (selection.averageHeads || !inRange) {
        sm->clearSelection();
    } else {
        const QModelIndex index =
            m_proxy->mapFromSource(m_model->index(selection.layer * m_model->nHead() + selection.head, 0));
        sm->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        m_table->scrollTo(index);
    }
    m_syncing = false;
}

void HeadScoresView::onTableSelectionChanged() {
    if (m_syncing) return;
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    if (rows.size() != 1 || m_model->nHead() <= 0) return;
    const int row = m_proxy->mapToSource(rows.front()).row();
    emit headSelected(row / m_model->nHead(), row % m_model->nHead());
}

void HeadScoresView::onMetricChanged() {
    const int column = HeadScoreModel::kFirstScore + std::max(0, m_metric->currentIndex());
    m_grid->setColumn(column);
    const QString source = m_model->sourceOf(column);
    QString explanation = HeadScoreModel::columnExplanation(column);
    if (!explanation.endsWith(QLatin1Char(')')) && !explanation.endsWith(QLatin1Char('.'))) explanation += QLatin1Char('.');
    if (explanation.endsWith(QLatin1Char(')'))) explanation += QLatin1Char('.');
    m_explanation->setText(HeadScoreModel::columnName(column) + QStringLiteral(": ") + explanation +
                           (source.isEmpty() ? QString() : tr(" Measured on %1.").arg(source)));
}

QString HeadScoresView::metricName() const { return m_metric->currentText(); }
int HeadScoresView::metric() const { return m_metric->currentIndex(); }

void HeadScoresView::setMetric(int index) {
    if (index >= 0 && index < m_metric->count()) m_metric->setCurrentIndex(index);
}

QRect HeadScoresView::cellRect(int layer, int head) const {
    const QRect r = m_grid->cellRect(layer, head);
    if (r.isEmpty() || !m_grid->isVisible()) return {};
    return r.translated(m_grid->mapTo(this, QPoint(0, 0)));
}

std::pair<int, int> HeadScoresView::headAt(QPoint pos) const {
    if (!m_grid->isVisible()) return {-1, -1};
    const QPoint local = m_grid->mapFrom(this, pos);
    if (!m_grid->rect().contains(local)) return {-1, -1};
    return m_grid->headAt(local);
}

void HeadScoresView::mousePressEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton) return QWidget::mousePressEvent(event);
    const auto [layer, head] = headAt(event->position().toPoint());
    if (layer >= 0) {
        emit headSelected(layer, head);
        event->accept();
        return;
    }
    QWidget::mousePressEvent(event);
}

bool HeadScoresView::event(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const auto [layer, head] = headAt(help->pos());
        if (layer < 0) {
            QToolTip::hideText();
            event->ignore();
            return true;
        }
        const int column = HeadScoreModel::kFirstScore + std::max(0, m_metric->currentIndex());
        const QModelIndex index = m_model->index(layer * m_model->nHead() + head, column);
        QToolTip::showText(help->globalPos(),
                           m_model->data(index, Qt::ToolTipRole).toString() + tr("\nClick to look at it closely"), this,
                           cellRect(layer, head));
        return true;
    }
    return QWidget::event(event);
}

}  // namespace attnscope::views
