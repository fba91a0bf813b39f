#include "app/HelpDialogs.h"

#include <QAction>
#include <QDialog>
#include <QDialogButtonBox>
#include <QKeySequence>
#include <QTextBrowser>
#include <QVBoxLayout>

#include <Eigen/Core>

namespace attnscope::app {

namespace {

QString row(const QString& key, const QString& name, const QString& what) {
    return QStringLiteral("<tr><td style='padding-right:12px'><b>%1</b></td><td style='padding-right:12px'>%2</td><td>%3</td></tr>")
        .arg(key.toHtmlEscaped(), name.toHtmlEscaped(), what.toHtmlEscaped());
}

}  // namespace

QString shortcutsHtml(const QList<QAction*>& actions) {
    QString html = QStringLiteral("<h3>%1</h3><table>").arg(QObject::tr("Keyboard"));
    for (const QAction* action : actions) {
        if (action->shortcut().isEmpty()) continue;
        QString name = action->text();
        name.remove(QLatin1Char('&'));
        if (name.endsWith(QStringLiteral("…"))) name.chop(1);
        html += row(action->shortcut().toString(QKeySequence::NativeText), name, action->statusTip());
    }
    html += QStringLiteral("</table><h3>%1</h3><table>").arg(QObject::tr("Mouse"));
    const QList<std::pair<QString, QString>> gestures = {
        {QObject::tr("Click a heatmap cell"), QObject::tr("select that query (row) in every view")},
        {QObject::tr("Wheel / drag on the heatmap"), QObject::tr("zoom and pan; double-click shows the whole matrix again")},
        {QObject::tr("Click a token in the strip"), QObject::tr("select it as the query")},
        {QObject::tr("Click a head in All heads"), QObject::tr("show that layer and head")},
        {QObject::tr("Ctrl + wheel on All heads"), QObject::tr("make the head cells larger or smaller")},
        {QObject::tr("Click a query in Token paths"), QObject::tr("select it; its strongest key is scrolled into view")},
        {QObject::tr("Click a candidate in the next-token bars"), QObject::tr("force that token as the next one (the old one stays as a branch)")},
        {QObject::tr("Hover any cell, bar or token"), QObject::tr("the exact numbers behind it")},
        {QObject::tr("Drop a model folder on the window"), QObject::tr("open it")},
    };
    for (const auto& [gesture, what] : gestures) html += row(gesture, QString(), what);
    html += QStringLiteral("</table>");
    return html;
}

QString aboutHtml(const QString& modelDescription) {
    return QObject::tr("<h2>attnscope %1</h2>"
                       "<p>Watch a GPT-2 model think, one token at a time: every layer's and head's attention before "
                       "and after the causal mask, the queries, keys and values, and the next-token probabilities, "
                       "recorded at each step of generation.</p>"
                       "<p><b>Model on screen:</b> %2</p>"
                       "<p>Built with Qt %3 (running on %4), Eigen %5.%6.%7 and QCustomPlot.</p>"
                       "<p>The embedded model <i>attnscope-small</i> was trained by this project on public-domain "
                       "English; its model card (resources/models/attnscope-small/MODEL_CARD.md) lists every source "
                       "and its licence. It is a teaching model, not a useful language model.</p>"
                       "<p>Built from the lesson \"The Illustrated GPT-2\".</p>")
        .arg(QStringLiteral(ATTNSCOPE_VERSION), modelDescription.toHtmlEscaped(), QStringLiteral(QT_VERSION_STR),
             QString::fromLatin1(qVersion()))
        .arg(EIGEN_WORLD_VERSION)
        .arg(EIGEN_MAJOR_VERSION)
        .arg(EIGEN_MINOR_VERSION);
}

QDialog* showHelpDialog(QWidget* parent, const QString& title, const QString& html) {
    auto* dialog = parent->findChild<QDialog*>(QStringLiteral("helpDialog"));
    if (!dialog) {
        dialog = new QDialog(parent);
        dialog->setObjectName(QStringLiteral("helpDialog"));
        auto* layout = new QVBoxLayout(dialog);
        auto* browser = new QTextBrowser(dialog);
        browser->setOpenExternalLinks(false);
        layout->addWidget(browser);
        auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
        QObject::connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::close);
        layout->addWidget(buttons);
        dialog->resize(640, 560);
    }
    dialog->setWindowTitle(title);
    dialog->findChild<QTextBrowser*>()->setHtml(html);
    dialog->show();
    dialog->raise();
    return dialog;
}

}  // namespace attnscope::app
