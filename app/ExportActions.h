#pragma once
// File > Export: any view on screen as PNG, SVG or PDF with the provenance of what it shows, the
// selected head's attention as CSV, the steps up to the one on screen as a JSON trace. Each
// export has a dialog-free function (the dialogs call it; so do the tests) that writes the file
// atomically and returns false with the reason when it could not.

#include <QObject>
#include <QString>

#include <functional>
#include <string>
#include <utility>
#include <vector>

class QMainWindow;
class QMenu;
class QTabWidget;
class QWidget;

namespace attnscope::app {

class Controller;

class ExportActions : public QObject {
    Q_OBJECT
public:
    // A view that can be exported: its dock's or tab's title and the widget drawn.
    struct ExportableView {
        QString name;
        QWidget* widget;
    };
    ExportActions(QMainWindow* window, Controller* controller, QTabWidget* centerTabs);

    // With a file dialog (the menu's actions).
    void exportCentreView();
    void exportView(const ExportableView& view);
    void exportAttentionCsv();
    void exportTrace();
    void fillMenu(QMenu* menu);  // one entry per view on screen

    // A view as PNG, SVG or PDF (by extension) with the provenance of what it shows; `name`
    // says which view (default: its dock's or tab's title).
    bool writeViewImage(QWidget* view, const QString& file, QString* error = nullptr, QString name = {}) const;
    bool writeAttentionCsv(const QString& file, QString* error = nullptr) const;
    bool writeTrace(const QString& file, QString* error = nullptr) const;  // the steps up to the one on screen
    // Every view on screen that can be exported: the centre tab's page, then each visible dock.
    std::vector<ExportableView> exportableViews() const;
    // The provenance fields of the step on screen, for an export of `view`.
    std::vector<std::pair<std::string, std::string>> provenance(const QString& view) const;

private:
    // Writes bytes() to `file` atomically and says where; false with the reason otherwise.
    bool writeExport(const QString& file, const QString& what, QString* error, const std::function<std::string()>& bytes) const;
    void announceExport(const QString& what, const QString& file) const;

    QMainWindow* m_window;
    Controller* m_controller;
    QTabWidget* m_centerTabs;
};

}  // namespace attnscope::app
