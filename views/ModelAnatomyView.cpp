#include "views/ModelAnatomyView.h"

#include <QCoreApplication>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPainter>
#include <QRegularExpression>
#include <QScrollArea>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <map>

#include "views/Colormaps.h"

namespace attnscope::views {

// The stack, drawn bottom-up like the seed's pictures: embeddings, the blocks, the final norm and
// the output head. Block height is fixed per block up to what fits; width grows with n_embd
// relative to gpt2-xl's 1600, so the sizes compare at a glance.
class ModelStackPicture : public QWidget {
    // tr() in this class's own context, where lupdate files its strings (QWidget's tr would
    // look them up under "QWidget" and find nothing).
    Q_DECLARE_TR_FUNCTIONS(attnscope::views::ModelStackPicture)

public:
    using QWidget::QWidget;
    void setShape(int nLayer, int nEmbd, const QString& name) {
        m_layers = nLayer;
        m_embd = nEmbd;
        m_name = name;
        update();
    }
    QSize sizeHint() const override { return {260, 200}; }

protected:
    void paintEvent(QPaintEvent*) override {
        QPainter p(this);
        p.setRenderHint(QPainter::Antialiasing);
        if (m_layers <= 0) return;
        const QRect area = rect().adjusted(10, 24, -10, -10);
        p.drawText(QRect(0, 2, width(), 20), Qt::AlignCenter, tr("%1: %2 blocks, %3 wide").arg(m_name).arg(m_layers).arg(m_embd));
        const double widthShare = std::clamp(m_embd / 1600.0, 0.45, 1.0);  // gpt2-xl is the widest
        const int w = static_cast<int>(area.width() * widthShare);
        const int x = area.center().x() - w / 2;
        const int rows = m_layers + 2;  // embeddings + blocks + head
        const double h = std::min(28.0, static_cast<double>(area.height()) / rows);
        double y = area.bottom() - h;
        auto box = [&](const QColor& fill, const QString& label) {
            const QRectF r(x, y + 1, w, h - 2);
            p.setPen(QPen(QColor(0x44, 0x44, 0x44), 1));
            p.setBrush(fill);
            p.drawRoundedRect(r, 3, 3);
            if (h >= 12) {
                p.setPen(fill.lightness() > 140 ? Qt::black : Qt::white);
                p.drawText(r, Qt::AlignCenter, label);
            }
            y -= h;
        };
        box(QColor(0xe0, 0xe0, 0xe0), tr("wte + wpe"));
        for (int l = 0; l < m_layers; ++l) box(viridisColor(0.15 + 0.7 * l / std::max(1, m_layers - 1)), tr("block %1").arg(l));
        box(QColor(0xf0, 0xc0, 0x60), tr("ln_f, head"));
    }

private:
    int m_layers = 0;
    int m_embd = 0;
    QString m_name;
};

QString ModelAnatomyView::groupTitle(const QString& group) {
    if (group.startsWith(QLatin1String("block "))) return tr("block %1").arg(group.mid(6));
    if (group == QLatin1String("embeddings")) return tr("embeddings");
    if (group == QLatin1String("final layer norm")) return tr("final layer norm");
    return tr("output head");
}

QString ModelAnatomyView::groupOf(const QString& tensorName) {
    static const QRegularExpression block(QStringLiteral(R"((?:^|\.)h\.(\d+)\.)"));
    const auto m = block.match(tensorName);
    if (m.hasMatch()) return QStringLiteral("block %1").arg(m.captured(1).toInt());
    if (tensorName.contains(QStringLiteral("wte")) || tensorName.contains(QStringLiteral("wpe"))) return QStringLiteral("embeddings");
    if (tensorName.contains(QStringLiteral("ln_f"))) return QStringLiteral("final layer norm");
    return QStringLiteral("output head");
}

ModelAnatomyView::ModelAnatomyView(QWidget* parent) : QWidget(parent) {
    // Everything in a scroll area: a dock shorter than the summary, the picture and the table
    // together scrolls, where a squeezed splitter would draw the picture over the table.
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto* content = new QWidget(scroll);
    auto* layout = new QVBoxLayout(content);
    m_summary = new QLabel(content);
    m_summary->setWordWrap(true);
    layout->addWidget(m_summary);
    // The picture above the table in a splitter, so a short dock squeezes neither into the other.
    auto* splitter = new QSplitter(Qt::Vertical, content);
    m_picture = new ModelStackPicture(splitter);
    m_picture->setMinimumHeight(110);  // enough for a labelled row per block of a small model
    m_tree = new QTreeWidget(splitter);
    m_tree->setColumnCount(3);
    m_tree->setHeaderLabels({tr("tensor"), tr("shape"), tr("parameters")});
    // Every column as wide as its text: a narrow dock scrolls sideways rather than cutting a
    // shape or a count short (a cut "[4353, 256] F…" teaches nothing).
    for (int column = 0; column < 3; ++column) m_tree->header()->setSectionResizeMode(column, QHeaderView::ResizeToContents);
    m_tree->header()->setStretchLastSection(false);
    m_tree->setToolTip(tr("Every weight of the model as stored in model.safetensors (Conv1D weights are [in, out])."));
    m_tree->setMinimumHeight(60);
    splitter->addWidget(m_picture);
    splitter->addWidget(m_tree);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    splitter->setChildrenCollapsible(false);
    layout->addWidget(splitter, 1);
    scroll->setWidget(content);
    outer->addWidget(scroll);
    clear();
}

void ModelAnatomyView::clear() {
    m_tree->clear();
    m_total = 0;
    m_picture->setShape(0, 0, {});
    m_summary->setText(tr("Open a model to see every weight it has."));
}

void ModelAnatomyView::setModel(const AnatomyInput& in) {
    m_tree->clear();
    m_total = 0;
    const QLocale locale(QLocale::English);
    auto count = [&](std::int64_t n) { return locale.toString(static_cast<qlonglong>(n)); };

    // Groups in the order of the forward pass: embeddings, blocks 0..n-1, final norm, head.
    std::map<int, QTreeWidgetItem*> groups;
    auto orderOf = [&](const QString& group) {
        if (group == QLatin1String("embeddings")) return -1;
        if (group.startsWith(QLatin1String("block "))) return group.mid(6).toInt();
        return group == QLatin1String("final layer norm") ? in.nLayer : in.nLayer + 1;
    };
    std::map<int, std::int64_t> sums;
    std::map<int, QString> names;
    for (const WeightTensorInfo& t : in.tensors) {
        const QString group = groupOf(QString::fromStdString(t.name));
        const int order = orderOf(group);
        names[order] = group;
        sums[order] += t.parameters;
    }
    for (const auto& [order, name] : names) {
        auto* item = new QTreeWidgetItem({groupTitle(name), QString(), count(sums[order])});

        QFont bold = item->font(0);
        bold.setBold(true);
        item->setFont(0, bold);
        item->setFont(2, bold);
        item->setTextAlignment(2, Qt::AlignRight | Qt::AlignVCenter);
        m_tree->addTopLevelItem(item);
        groups[order] = item;
    }
    for (const WeightTensorInfo& t : in.tensors) {
        QStringList dims;
        for (auto d : t.shape) dims << QString::number(d);
        auto* child = new QTreeWidgetItem({QString::fromStdString(t.name), QStringLiteral("[%1] %2").arg(dims.join(QStringLiteral(", ")), QString::fromStdString(t.dtype)),
                                           count(t.parameters)});
        child->setTextAlignment(2, Qt::AlignRight | Qt::AlignVCenter);
        const QString tip = tr("%1: shape %2, stored as %3, %4 parameters")
                                .arg(child->text(0), child->text(1).section(QLatin1Char(']'), 0, 0) + QLatin1Char(']'),
                                     QString::fromStdString(t.dtype), child->text(2));
        for (int column = 0; column < 3; ++column) child->setToolTip(column, tip);
        groups[orderOf(groupOf(QString::fromStdString(t.name)))]->addChild(child);
        m_total += t.parameters;
    }
    if (!groups.empty()) groups.begin()->second->setExpanded(true);
    m_picture->setShape(in.nLayer, in.nEmbd, in.name);
    m_summary->setText(tr("%1: %2 parameters in %3 tensors — %4 blocks × %5 heads, %6 wide, %7 positions, %8 tokens. %9")
                           .arg(in.name, count(m_total))
                           .arg(in.tensors.size())
                           .arg(in.nLayer)
                           .arg(in.nHead)
                           .arg(in.nEmbd)
                           .arg(in.nPositions)
                           .arg(count(in.vocabSize))
                           .arg(in.tiedHead ? tr("The output head reuses wte (tied), so it is counted once.")
                                            : tr("The output head has its own lm_head.weight.")));
}

QString ModelAnatomyView::summary() const { return m_summary->text(); }

}  // namespace attnscope::views
