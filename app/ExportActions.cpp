#include "app/ExportActions.h"

#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QMainWindow>
#include <QMenu>
#include <QMessageBox>
#include <QRegularExpression>
#include <QScrollArea>
#include <QStatusBar>
#include <QTabWidget>

#include <iostream>

#include <nlohmann/json.hpp>

#include "app/Controller.h"
#include "app/ViewExport.h"
#include "model/AtomicFile.h"
#include "model/Export.h"
#include "model/TraceJson.h"
#include "views/CoreText.h"

namespace attnscope::app {

ExportActions::ExportActions(QMainWindow* window, Controller* controller, QTabWidget* centerTabs)
    : QObject(window), m_window(window), m_controller(controller), m_centerTabs(centerTabs) {}

void ExportActions::exportCentreView() {
    const auto views = exportableViews();
    if (!views.empty()) exportView(views.front());
}

std::vector<ExportActions::ExportableView> ExportActions::exportableViews() const {
    std::vector<ExportableView> views;
    views.push_back({m_centerTabs->tabText(m_centerTabs->currentIndex()), m_centerTabs->currentWidget()});
    for (QDockWidget* dock : m_window->findChildren<QDockWidget*>()) {
        if (!dock->isVisible() || dock->visibleRegion().isEmpty() || !dock->widget()) continue;  // hidden, or a tab behind another
        QWidget* content = dock->widget();
        if (auto* scroll = qobject_cast<QScrollArea*>(content); scroll && scroll->widget()) content = scroll->widget();  // all of it
        views.push_back({dock->windowTitle(), content});
    }
    return views;
}

void ExportActions::fillMenu(QMenu* menu) {
    menu->clear();
    for (const ExportableView& view : exportableViews()) {
        QAction* a = menu->addAction(tr("%1…").arg(view.name));
        connect(a, &QAction::triggered, this, [this, view] { exportView(view); });
    }
}

std::vector<std::pair<std::string, std::string>> ExportActions::provenance(const QString& view) const {
    const ModelPtr model = m_controller->model();
    const StepRecordPtr record = m_controller->currentRecord();
    Provenance p;
    if (model && record) {
        p = provenanceOf(*model, *record, m_controller->timelinePrompt().toStdString(), view.toStdString());
    } else if (model) {
        p.view = view.toStdString();
        p.modelName = model->name();
        p.modelFingerprint = model->fingerprint();
    }
    const views::Selection& s = m_controller->selection();
    if (record) {
        p.layer = s.layer;
        p.meanOfHeads = s.averageHeads;
        p.head = s.averageHeads ? -1 : s.head;
    }
    auto fields = provenanceFields(p);
    if (record) fields.emplace_back("query", std::to_string(s.queryFor(record->length())));
    return fields;
}

void ExportActions::exportView(const ExportableView& view) {
    QString suggested = view.name.toLower();
    suggested.replace(QRegularExpression(QStringLiteral("[^a-z0-9]+")), QStringLiteral("-"));
    const QString file = QFileDialog::getSaveFileName(m_window, tr("Export %1").arg(view.name), suggested + QStringLiteral(".png"),
                                                      tr("PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)"));
    if (file.isEmpty()) return;
    QString error;
    if (!writeViewImage(view.widget, file, &error, view.name)) QMessageBox::warning(m_window, tr("Export failed"), error);
}

bool ExportActions::writeViewImage(QWidget* view, const QString& file, QString* error, QString name) const {
    if (name.isEmpty()) {
        for (const ExportableView& v : exportableViews()) {
            if (v.widget == view) name = v.name;
        }
    }
    if (!app::writeViewImage(view, file, provenance(name), error)) return false;
    announceExport(name.isEmpty() ? tr("The view") : name, file);
    return true;
}

void ExportActions::exportAttentionCsv() {
    const StepRecordPtr record = m_controller->currentRecord();
    if (!record || !record->recorded()) return;
    const QString file = QFileDialog::getSaveFileName(m_window, tr("Export attention as CSV"), QStringLiteral("attention.csv"),
                                                      tr("CSV (*.csv)"));
    if (file.isEmpty()) return;
    QString error;
    if (!writeAttentionCsv(file, &error)) QMessageBox::warning(m_window, tr("Export failed"), error);
}

bool ExportActions::writeAttentionCsv(const QString& file, QString* error) const {
    const StepRecordPtr record = m_controller->currentRecord();
    const ModelPtr model = m_controller->model();
    if (!record || !record->recorded() || !model) {
        if (error) *error = tr("There is no recorded step to export.");
        return false;
    }
    const views::Selection& s = m_controller->selection();
    // The same function the headless --export FILE.csv calls: the same bytes.
    return writeExport(file, tr("Attention matrix"), error, [&] {
        return attentionCsv(*model, *record, s.layer, s.averageHeads ? -1 : s.head, m_controller->timelinePrompt().toStdString());
    });
}

bool ExportActions::writeExport(const QString& file, const QString& what, QString* error, const std::function<std::string()>& bytes) const {
    try {
        writeFileAtomically(file.toStdString(), bytes());
    } catch (const std::exception& e) {
        if (error) *error = coreText(e);
        return false;
    }
    announceExport(what, file);
    return true;
}

void ExportActions::announceExport(const QString& what, const QString& file) const {
    // Say where it went: the status bar, and stderr for a terminal.
    const QString written = tr("%1 exported to %2").arg(what, QFileInfo(file).absoluteFilePath());
    std::cerr << "attnscope: " << written.toStdString() << '\n';
    m_window->statusBar()->showMessage(written, 8000);
}

void ExportActions::exportTrace() {
    if (!m_controller->model() || m_controller->timeline().empty()) return;
    const QString file = QFileDialog::getSaveFileName(m_window, tr("Export trace"), QStringLiteral("trace.json"), tr("JSON (*.json)"));
    if (file.isEmpty()) return;
    QString error;
    if (!writeTrace(file, &error)) QMessageBox::warning(m_window, tr("Export failed"), error);
}

bool ExportActions::writeTrace(const QString& file, QString* error) const {
    const ModelPtr model = m_controller->model();
    if (!model || m_controller->timeline().empty()) {
        if (error) *error = tr("There is no text to export.");
        return false;
    }
    const std::vector<StepRecordPtr> steps(m_controller->timeline().begin(),
                                           m_controller->timeline().begin() + m_controller->currentStep() + 1);
    // The prompt the text was made from: the prompt box may have been edited since.
    const TraceInfo info{m_controller->timelinePrompt().toStdString(), m_controller->promptLength(), "exported from the app", true};
    return writeExport(file, tr("Trace"), error, [&] { return traceToJson(*model, steps, info).dump(); });
}

}  // namespace attnscope::app
