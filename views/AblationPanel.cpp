#include "views/AblationPanel.h"

#include "views/AblationBars.h"

#include <QSignalBlocker>

#include <algorithm>

#include <QCheckBox>
#include <QComboBox>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace attnscope::views {

AblationPanel::AblationPanel(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    auto* intro = new QLabel(tr("Tick heads to switch them off, then compare what the model predicts next with and without them."), this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    m_grid = new QTableWidget(this);
    m_grid->setToolTip(tr("Rows are layers, columns heads. A ticked head's output is replaced (zeros, or its mean over the text)."));
    m_grid->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_grid->horizontalHeader()->setDefaultSectionSize(44);
    m_grid->verticalHeader()->setDefaultSectionSize(24);
    connect(m_grid, &QTableWidget::itemChanged, this, [this] {
        if (!m_updating) emit choiceChanged();
    });
    layout->addWidget(m_grid);

    // The mode and the button on rows of their own: side by side they made the panel wider
    // than its dock at 1280x800 (in Turkish above all), and the text beside them then ran
    // out of sight instead of wrapping.
    auto* row = new QVBoxLayout;
    m_mode = new QComboBox(this);
    m_mode->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_mode->setMinimumContentsLength(12);

    m_mode->addItem(tr("zero ablation"));
    m_mode->addItem(tr("mean ablation (over the text)"));
    m_mode->setToolTip(tr("Zero: the head adds nothing. Mean: the head always adds its average output, so only what "
                          "depends on this particular text is removed."));
    connect(m_mode, &QComboBox::currentIndexChanged, this, &AblationPanel::choiceChanged);
    row->addWidget(m_mode);
    m_compare = new QPushButton(tr("Compare on this step"), this);
    m_compare->setToolTip(tr("Run the text on screen again with the ticked heads off and compare the next-token distributions."));
    connect(m_compare, &QPushButton::clicked, this, &AblationPanel::compareRequested);
    row->addWidget(m_compare);
    layout->addLayout(row);

    m_generate = new QCheckBox(tr("Keep generating with these heads off"), this);
    m_generate->setToolTip(tr("From the next step on, the model runs with the ticked heads switched off."));
    connect(m_generate, &QCheckBox::toggled, this, &AblationPanel::choiceChanged);
    layout->addWidget(m_generate);

    m_result = new QLabel(this);
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_result);
    m_bars = new AblationBars(this);
    layout->addWidget(m_bars, 1);
    setShape(0, 0);
}

void AblationPanel::setNamer(TokenNamer namer) { m_namer = std::move(namer); }

void AblationPanel::setShape(int nLayer, int nHead) {
    m_updating = true;
    m_grid->clear();
    m_grid->setRowCount(nLayer);
    m_grid->setColumnCount(nHead);
    for (int h = 0; h < nHead; ++h) m_grid->setHorizontalHeaderItem(h, new QTableWidgetItem(tr("H%1").arg(h)));
    for (int l = 0; l < nLayer; ++l) {
        m_grid->setVerticalHeaderItem(l, new QTableWidgetItem(tr("L%1").arg(l)));
        for (int h = 0; h < nHead; ++h) {
            auto* item = new QTableWidgetItem;
            item->setFlags(Qt::ItemIsUserCheckable | Qt::ItemIsEnabled);
            item->setCheckState(Qt::Unchecked);
            item->setToolTip(tr("layer %1, head %2").arg(l).arg(h));
            m_grid->setItem(l, h, item);
        }
    }
    m_updating = false;
    // As tall as the layers need (a 48-layer model scrolls), so the results keep their room.
    const int rowsHeight = m_grid->horizontalHeader()->sizeHint().height() + nLayer * m_grid->verticalHeader()->defaultSectionSize() +
                           2 * m_grid->frameWidth() + 2;
    m_grid->setFixedHeight(std::min(220, std::max(60, rowsHeight)));
    m_generate->setChecked(false);
    setMessage(nLayer > 0 ? tr("No comparison yet.") : tr("Open a model first."));
}

std::vector<std::pair<int, int>> AblationPanel::checkedHeads() const {
    std::vector<std::pair<int, int>> heads;
    for (int l = 0; l < m_grid->rowCount(); ++l) {
        for (int h = 0; h < m_grid->columnCount(); ++h) {
            if (m_grid->item(l, h) && m_grid->item(l, h)->checkState() == Qt::Checked) heads.emplace_back(l, h);
        }
    }
    return heads;
}

void AblationPanel::setChecked(int layer, int head, bool checked) {
    if (QTableWidgetItem* item = m_grid->item(layer, head)) item->setCheckState(checked ? Qt::Checked : Qt::Unchecked);
}

void AblationPanel::restoreState(const std::vector<std::pair<int, int>>& checked, Mode mode, bool generateWithHeadsOff) {
    const QSignalBlocker blockMode(m_mode), blockGenerate(m_generate), blockGrid(m_grid);
    m_updating = true;
    for (int l = 0; l < m_grid->rowCount(); ++l) {
        for (int h = 0; h < m_grid->columnCount(); ++h) {
            const bool on = std::find(checked.begin(), checked.end(), std::pair<int, int>(l, h)) != checked.end();
            if (m_grid->item(l, h)) m_grid->item(l, h)->setCheckState(on ? Qt::Checked : Qt::Unchecked);
        }
    }
    m_mode->setCurrentIndex(mode == Mode::Mean ? 1 : 0);
    m_generate->setChecked(generateWithHeadsOff);
    m_updating = false;
}

AblationPanel::Mode AblationPanel::mode() const { return m_mode->currentIndex() == 1 ? Mode::Mean : Mode::Zero; }

bool AblationPanel::generateWithHeadsOff() const { return m_generate->isChecked(); }

void AblationPanel::showComparison(const analysis::AblationComparison& c, int step) {
    m_result->setText(tr("Step %1, %2 head(s) off (%3), at temperature %4 as the next-token bars. "
                         "KL(before ‖ after) = %5 nats.")
                          .arg(step)
                          .arg(checkedHeads().size())
                          .arg(m_mode->currentText())
                          .arg(c.temperature, 0, 'g', 3)
                          .arg(c.klDivergence, 0, 'f', 4));
    m_bars->setNamer(m_namer);
    m_bars->setComparison(c);
}

void AblationPanel::setMessage(const QString& text) {
    m_result->setText(text);
    m_bars->clear();
}

QString AblationPanel::resultText() const { return m_result->text(); }

}  // namespace attnscope::views
