#pragma once
// The main window: actions, menus and toolbar, the dockable views, the timeline, the status
// bar and the persisted layout. It owns no model state: the controller does; the window wires
// the controller's signals to the views and the views' clicks back to the controller.

#include <QMainWindow>
#include <QMessageBox>
#include <QStringList>

#include <functional>
#include <vector>

#include "model/Forward.h"
#include "model/StepRecord.h"

class QAction;
class QLabel;
class QMenu;
class QProgressBar;
class QComboBox;
class QSlider;
class QStackedWidget;
class QDockWidget;
class QTabWidget;

namespace attnscope::views {
class AttentionHeatmap;
class HeadGrid;
class TokenStrip;
class TokenPaths;
class ProbabilityBars;
class LogitLensView;
class HeadScoresView;
class AblationPanel;
class ComparePromptsView;
class FormationView;
class ModelAnatomyView;
}  // namespace attnscope::views

namespace attnscope::app {

class Controller;
class ControlPanel;
class ExportActions;
class GuidedLesson;
class ProblemReporter;
class ResearchPanels;
class TeachingPanels;
class WorkspaceManager;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    // `restoreSettings`: false in tests, so that a developer's own settings never leak in.
    explicit MainWindow(QWidget* parent = nullptr, bool restoreSettings = true);
    ~MainWindow() override;

    Controller* controller() const { return m_controller; }
    ControlPanel* controlPanel() const { return m_controls; }
    bool showsEmptyState() const;
    QAction* openModelAction() const { return m_openModel; }
    QAction* generateAction() const { return m_generate; }
    QAction* pauseAction() const { return m_pause; }
    QAction* stepAction() const { return m_step; }
    QAction* backAction() const { return m_back; }
    QAction* forwardAction() const { return m_forward; }
    QAction* resetAction() const { return m_reset; }
    QSlider* timeline() const { return m_timeline; }
    QComboBox* branchBox() const { return m_branchBox; }  // item 0: this line; then one per branch

    views::AttentionHeatmap* heatmap() const { return m_heatmap; }
    views::HeadGrid* headGrid() const { return m_headGrid; }
    views::TokenStrip* tokenStrip() const { return m_tokenStrip; }
    views::TokenPaths* tokenPaths() const { return m_tokenPaths; }
    views::ProbabilityBars* probabilityBars() const { return m_bars; }
    views::LogitLensView* logitLens() const;
    views::HeadScoresView* headScores() const;
    views::AblationPanel* ablationPanel() const;
    views::ComparePromptsView* comparePrompts() const;
    views::FormationView* formationView() const;
    ResearchPanels* research() const { return m_research; }
    views::ModelAnatomyView* anatomy() const { return m_anatomy; }
    TeachingPanels* teaching() const { return m_teaching; }
    WorkspaceManager* workspaces() const { return m_workspaces; }
    bool persistsSettings() const { return m_persist; }
    QAction* saveWorkspaceAction() const { return m_saveWorkspace; }
    QAction* shortcutsHelpAction() const { return m_shortcutsHelp; }
    QAction* aboutAction() const { return m_about; }
    QAction* startLessonAction() const { return m_startLesson; }
    GuidedLesson* lesson() const { return m_lesson; }
    void startLesson();  // shows the lesson's panel and goes to its first stop
    // The errors reported by the controller so far (shown as dialogs when the window persists
    // its settings, on the status bar otherwise, as in tests).
    QStringList problems() const;

    // Opens a workspace file, asking the user where its model is if it moved or changed, and
    // saying where the remade steps differ from the saved ones.
    // False (and said on stderr, and in a dialog or the status bar) if it could not be opened.
    bool openWorkspace(const QString& file);
    // At start-up: if an earlier session left a recovery file, offer to restore it.
    void offerRecovery();
    QTabWidget* centerTabs() const { return m_centerTabs; }

    // How the window asks "Save the workspace first?" (Save, Discard or Cancel) before it ends
    // a text: by a dialog, or, when set (tests), by this function.
    using Asker = std::function<QMessageBox::StandardButton(const QString& title, const QString& text)>;
    void setAsker(Asker asker) { m_asker = std::move(asker); }

    // Loads a model folder (also what the Open dialog, drag-and-drop and the recent list call).
    // Asks first when that would end an unsaved text.
    void openModel(const QString& folder);
    QStringList recentModels() const { return m_recent; }

protected:
    bool event(QEvent* event) override;
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void createActions();
    void createMenus();
    void createToolBar();
    void createViews();
    void createStatusBar();
    QWidget* createEmptyState();
    enum class DockFit { Stretch, Scroll };  // the view fills the dock, or scrolls inside it
    QDockWidget* addDock(const QString& title, const QString& objectName, QWidget* widget, Qt::DockWidgetArea area,
                         DockFit fit = DockFit::Stretch);
    void connectController();
    void chooseModelFolder();
    bool saveWorkspaceTo(const QString& file);
    void reportWorkspaceFailure(const QString& file, const QString& message, const QString& dialogText);
    void rememberRecent(const QString& folder);
    void rebuildRecentMenu();
    void updateActions();
    void updateBranches();
    void updateStatus();
    void showRecord();
    void showSelection();
    void showDisplayOptions();
    bool saveWorkspace();     // to the current file, or ask for one; false if not saved
    bool saveWorkspaceAs();
    void chooseWorkspace();
    void rebuildRecentWorkspacesMenu();
    void updateTitle();
    // Asks about unsaved changes before the window closes; false: the user cancelled.
    bool maybeSaveBeforeClosing();
    // Before an action that ends the text on screen and its branches: true to go on (saved or
    // discarded), false if the user cancelled. `action` starts the question ("Reset forgets").
    bool confirmEndingSession(const QString& action);
    bool confirmStartingOver();  // before a run: asks only when the edited prompt starts over
    // Asks Save / Discard / Cancel; saves on Save. False: cancelled, or the save failed.
    bool saveOrDiscard(const QString& question);
    QMessageBox::StandardButton ask(const QString& title, const QString& text);
    QString askForModelFolder(int problem, const QString& folder);

public:
    ExportActions* exports() const { return m_exports; }

private:
    void saveSettings() const;
    void restoreSettings();

    Controller* m_controller = nullptr;
    ControlPanel* m_controls = nullptr;
    QStackedWidget* m_pages = nullptr;
    QWidget* m_emptyState = nullptr;
    QWidget* m_workspace = nullptr;

    views::AttentionHeatmap* m_heatmap = nullptr;
    views::HeadGrid* m_headGrid = nullptr;
    views::TokenStrip* m_tokenStrip = nullptr;
    views::TokenPaths* m_tokenPaths = nullptr;
    views::ProbabilityBars* m_bars = nullptr;
    ResearchPanels* m_research = nullptr;
    TeachingPanels* m_teaching = nullptr;
    QTabWidget* m_centerTabs = nullptr;
    views::ModelAnatomyView* m_anatomy = nullptr;

    WorkspaceManager* m_workspaces = nullptr;
    ProblemReporter* m_problemReporter = nullptr;
    ExportActions* m_exports = nullptr;
    QAction* m_openWorkspace = nullptr;
    QAction* m_saveWorkspace = nullptr;
    QAction* m_saveWorkspaceAs = nullptr;
    QMenu* m_recentWorkspacesMenu = nullptr;
    QAction* m_openModel = nullptr;
    QMenu* m_recentMenu = nullptr;
    QAction* m_quit = nullptr;
    QAction* m_generate = nullptr;
    QAction* m_pause = nullptr;
    QAction* m_step = nullptr;
    QAction* m_back = nullptr;
    QAction* m_forward = nullptr;
    QAction* m_first = nullptr;
    QAction* m_last = nullptr;
    QAction* m_reset = nullptr;
    QAction* m_layerUp = nullptr;
    QAction* m_layerDown = nullptr;
    QAction* m_headPrev = nullptr;
    QAction* m_headNext = nullptr;
    QAction* m_averageHeads = nullptr;
    QAction* m_logScale = nullptr;
    QAction* m_exportImage = nullptr;
    QMenu* m_exportViewMenu = nullptr;
    QAction* m_exportCsv = nullptr;
    QAction* m_exportTrace = nullptr;
    QAction* m_shortcutsHelp = nullptr;
    QAction* m_about = nullptr;
    QAction* m_startLesson = nullptr;
    GuidedLesson* m_lesson = nullptr;
    QMenu* m_viewMenu = nullptr;

    QSlider* m_timeline = nullptr;
    QLabel* m_stepLabel = nullptr;
    QComboBox* m_branchBox = nullptr;
    QLabel* m_modelLabel = nullptr;
    QLabel* m_positionLabel = nullptr;
    QLabel* m_speedLabel = nullptr;
    QProgressBar* m_loadProgress = nullptr;
    QStringList m_recent;
    bool m_persist = true;
    Asker m_asker;
};

}  // namespace attnscope::app
