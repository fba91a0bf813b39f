#pragma once
// The main window: actions, menus, the empty "no model loaded" state, and (as the app grows)
// the dockable views. It owns no model state itself; the controller does.

#include <QMainWindow>

class QAction;
class QLabel;
class QStackedWidget;

namespace attnscope::app {

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);

    // True while no model is loaded and the window shows its empty state.
    bool showsEmptyState() const;
    QAction* openModelAction() const { return m_openModel; }

signals:
    // The user picked a folder to load (from the dialog, drag-and-drop or the recent list).
    void modelFolderRequested(const QString& folder);

private:
    void createActions();
    void createMenus();
    QWidget* createEmptyState();
    void chooseModelFolder();

    QStackedWidget* m_pages = nullptr;
    QWidget* m_emptyState = nullptr;
    QAction* m_openModel = nullptr;
    QAction* m_quit = nullptr;
};

}  // namespace attnscope::app
