#include "app/MainWindow.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPainter>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QScreen>
#include <QSettings>
#include <QScrollArea>
#include <QSlider>
#include <QStyle>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabBar>
#include <QTabWidget>
#include <QTextStream>
#include <QToolBar>
#include <QVBoxLayout>

#include <iostream>
#include <limits>

#include <nlohmann/json.hpp>

#include "app/ControlPanel.h"
#include "app/ExportActions.h"
#include "app/GuidedLesson.h"
#include "app/HelpDialogs.h"
#include "app/Language.h"
#include "app/ViewExport.h"
#include "app/Controller.h"
#include "app/ProblemReporter.h"
#include "app/ResearchPanels.h"
#include "app/TeachingPanels.h"
#include "app/WorkspaceManager.h"
#include "views/AblationPanel.h"
#include "views/ComparePromptsView.h"
#include "views/CoreText.h"
#include "views/FormationView.h"
#include "views/HeadScoresView.h"
#include "views/InsideStepView.h"
#include "views/KvCacheView.h"
#include "views/TokenPathView.h"
#include "views/LogitLensView.h"
#include "views/ModelAnatomyView.h"
#include "model/AtomicFile.h"
#include "model/Errors.h"
#include "model/Export.h"
#include "model/TraceJson.h"
#include "views/AttentionHeatmap.h"
#include "views/HeadGrid.h"
#include "views/ProbabilityBars.h"
#include "views/TokenPaths.h"
#include "views/TokenStrip.h"

// The icons and other resources live in this static library; Qt only registers them when the
// initialiser is referenced, and Q_INIT_RESOURCE must be called outside any namespace.
static void initAttnscopeResources() { Q_INIT_RESOURCE(attnscope); }

namespace attnscope::app {

namespace {
constexpr int kMaxRecent = 8;
QString embeddedFolder() { return QString::fromStdString(Gpt2Model::embeddedModelFolder().string()); }
}  // namespace

MainWindow::MainWindow(QWidget* parent, bool restoreSettingsFromDisk) : QMainWindow(parent), m_persist(restoreSettingsFromDisk) {
    initAttnscopeResources();
    setWindowTitle(tr("attnscope"));
    setWindowIcon(QIcon(QStringLiteral(":/attnscope/icon.svg")));
    setAcceptDrops(true);
    setDockNestingEnabled(true);
    // Before the docks are sized, so their first proportions hold; never larger than the screen.
    QSize size(1500, 940);
    if (const QScreen* screen = QGuiApplication::primaryScreen()) size = size.boundedTo(screen->availableGeometry().size() * 0.95);
    resize(size);

    m_controller = new Controller(this);
    createActions();
    createMenus();
    createToolBar();
    createViews();
    createStatusBar();
    m_problemReporter = new ProblemReporter(this, statusBar(), m_persist);
    connectController();
    m_workspaces = new WorkspaceManager(m_controller, m_persist, this);
    m_workspaces->setLayoutAccess({[this] {
                                       workspace::Layout layout;
                                       layout.windowGeometry = saveGeometry().toBase64().toStdString();
                                       layout.windowState = saveState().toBase64().toStdString();
                                       return layout;
                                   },
                                   [this](const workspace::Layout& layout) {
                                       if (!layout.windowGeometry.empty()) restoreGeometry(QByteArray::fromBase64(QByteArray::fromStdString(layout.windowGeometry)));
                                       if (!layout.windowState.empty()) restoreState(QByteArray::fromBase64(QByteArray::fromStdString(layout.windowState)));
                                   }});
    m_workspaces->setModelResolver([this](WorkspaceManager::ModelProblem problem, const QString& folder) {
        return askForModelFolder(static_cast<int>(problem), folder);
    });
    connect(m_workspaces, &WorkspaceManager::modifiedChanged, this, [this] { updateTitle(); });
    connect(m_workspaces, &WorkspaceManager::currentFileChanged, this, [this] { updateTitle(); });
    connect(m_workspaces, &WorkspaceManager::recentChanged, this, [this] { rebuildRecentWorkspacesMenu(); });
    connect(m_workspaces, &WorkspaceManager::opened, this, [this](const QString& file, const QStringList& differences) {
        if (differences.isEmpty()) {
            statusBar()->showMessage(tr("Opened %1: every step was made again and matches.").arg(QFileInfo(file).fileName()), 8000);
            return;
        }
        // Every difference on stderr, so that a --screenshot run or a terminal user sees that the
        // replayed numbers are not the saved ones even when no dialog is shown.
        QStringList shown = differences.mid(0, 12);
        if (differences.size() > shown.size()) shown << tr("… and %1 more.").arg(differences.size() - shown.size());
        m_problemReporter->report({tr("%1: %2 differences on replay").arg(file).arg(differences.size()),
                                   tr("%1: the model now computes something else than when it was saved (%2 differences):\n  %3")
                                       .arg(file).arg(differences.size()).arg(differences.join(QStringLiteral("\n  "))),
                                   tr("The numbers no longer match"),
                                   tr("%1 was opened, but the model now computes something else than when it was saved:\n\n%2")
                                       .arg(QFileInfo(file).fileName(), shown.join(QLatin1Char('\n')))});
    });
    connect(m_workspaces, &WorkspaceManager::openFailed, this, [this](const QString& file, const QString& message) {
        reportWorkspaceFailure(file, message, tr("%1\n\n%2").arg(file, message));
    });
    // No dialog every minute: the status bar keeps saying it until a save or an autosave works.
    connect(m_workspaces, &WorkspaceManager::autosaveFailed, this, [this](const QString& message) {
        m_problemReporter->report({message, tr("The autosave failed: %1 Save the workspace somewhere else (File > Save As).").arg(message),
                                   {}, {}, false, false, 0});
    });
    if (m_persist) restoreSettings();
    rebuildRecentMenu();
    rebuildRecentWorkspacesMenu();
    updateActions();
    updateStatus();
}

MainWindow::~MainWindow() = default;

bool MainWindow::showsEmptyState() const { return m_pages->currentWidget() == m_emptyState; }

// ---------------------------------------------------------------------------------------------
// Actions, menus, toolbar

void MainWindow::createActions() {
    auto make = [this](const QString& text, const QString& tip, const QKeySequence& key, auto slot) {
        auto* a = new QAction(text, this);
        if (!key.isEmpty()) a->setShortcut(key);
        const QString keyText = key.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(key.toString(QKeySequence::NativeText));
        a->setStatusTip(tip);
        a->setToolTip(tip + keyText);
        connect(a, &QAction::triggered, this, slot);
        return a;
    };
    m_openModel = make(tr("&Open Model Folder…"),
                       tr("Open a Hugging Face GPT-2 folder (config.json, model.safetensors, vocab.json, merges.txt)"),
                       QKeySequence::Open, [this] { chooseModelFolder(); });
    m_openModel->setIcon(QIcon::fromTheme(QStringLiteral("document-open")));
    m_quit = make(tr("&Quit"), tr("Quit attnscope"), QKeySequence::Quit, [this] { close(); });
    m_openWorkspace = make(tr("Open &Workspace…"), tr("Open a saved lesson: model, prompt, every step, the selection and the layout"),
                           QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O), [this] { chooseWorkspace(); });
    m_saveWorkspace = make(tr("&Save Workspace"), tr("Save the model, prompt, every step, the selection and the layout"),
                           QKeySequence::Save, [this] { saveWorkspace(); });
    m_saveWorkspaceAs = make(tr("Save Workspace &As…"), tr("Save the workspace to another file"), QKeySequence::SaveAs,
                             [this] { saveWorkspaceAs(); });

    m_generate = make(tr("&Generate"), tr("Run the prompt, then add tokens one by one until the limit or Pause"),
                      QKeySequence(Qt::CTRL | Qt::Key_Return), [this] {
                          if (confirmStartingOver()) m_controller->generate();
                      });
    m_pause = make(tr("&Pause"), tr("Stop after the current token"), QKeySequence(), [this] { m_controller->pause(); });
    auto* playPause = new QAction(tr("Play / pause"), this);
    playPause->setShortcut(Qt::Key_Space);
    playPause->setStatusTip(tr("Generate, or pause a run in progress"));
    connect(playPause, &QAction::triggered, this, [this] {
        if (m_controller->isGenerating()) m_controller->pause();
        else if (confirmStartingOver()) m_controller->generate();
    });
    addAction(playPause);
    m_generate->setToolTip(m_generate->toolTip() + tr("; Space plays and pauses"));
    // Like a player: ← and → move along the text already made; generating is its own key, so
    // that stepping forward through a lesson never makes a branch by accident.
    m_step = make(tr("&Step"), tr("Generate exactly one token (from a past step: a new branch)"),
                  QKeySequence(Qt::SHIFT | Qt::Key_Right), [this] {
                      if (confirmStartingOver()) m_controller->stepOnce();
                  });
    m_back = make(tr("&Back"), tr("Show the previous step; generating from there starts a new branch"), QKeySequence(Qt::Key_Left),
                  [this] { m_controller->back(); });
    m_forward = make(tr("&Forward"), tr("Show the next step of this text (generates nothing)"), QKeySequence(Qt::Key_Right),
                     [this] { m_controller->forward(); });
    m_first = make(tr("First step"), tr("Show the prompt's step"), QKeySequence(Qt::Key_Home), [this] { m_controller->scrubTo(0); });
    m_last = make(tr("Last step"), tr("Show the newest step of this text"), QKeySequence(Qt::Key_End), [this] {
        if (!m_controller->timeline().empty()) m_controller->scrubTo(static_cast<int>(m_controller->timeline().size()) - 1);
    });
    m_reset = make(tr("&Reset"), tr("Forget the generated text; the next Generate runs the prompt anew"),
                   QKeySequence(Qt::CTRL | Qt::Key_R), [this] {
                       if (confirmEndingSession(tr("Reset forgets"))) m_controller->reset();
                   });

    auto moveSelection = [this](int dLayer, int dHead) {
        const ModelPtr model = m_controller->model();
        if (!model) return;
        views::Selection s = m_controller->selection();
        s.layer = std::clamp(s.layer + dLayer, 0, model->config().nLayer - 1);
        if (dHead != 0) {
            s.averageHeads = false;
            s.head = std::clamp(s.head + dHead, 0, model->config().nHead - 1);
        }
        m_controller->setSelection(s);
    };
    m_layerUp = make(tr("Previous layer"), tr("Show the layer below"), QKeySequence(Qt::ALT | Qt::Key_Up), [=] { moveSelection(-1, 0); });
    m_layerDown = make(tr("Next layer"), tr("Show the layer above"), QKeySequence(Qt::ALT | Qt::Key_Down), [=] { moveSelection(1, 0); });
    m_headPrev = make(tr("Previous head"), tr("Show the previous head"), QKeySequence(Qt::ALT | Qt::Key_Left), [=] { moveSelection(0, -1); });
    m_headNext = make(tr("Next head"), tr("Show the next head"), QKeySequence(Qt::ALT | Qt::Key_Right), [=] { moveSelection(0, 1); });
    m_averageHeads = make(tr("Mean of all heads"), tr("Show the mean attention over all heads of the layer"),
                          QKeySequence(Qt::ALT | Qt::Key_A), [this] {
                              views::Selection s = m_controller->selection();
                              s.averageHeads = !s.averageHeads;
                              m_controller->setSelection(s);
                          });
    m_logScale = make(tr("&Logarithmic colour scale"), tr("Colour the heatmap by log probability, to see small weights"),
                      QKeySequence(Qt::ALT | Qt::Key_L), [this] {
                          m_controller->state().editDisplay([&](DisplayOptions& d) { d.logScale = m_logScale->isChecked(); });
                      });
    m_logScale->setCheckable(true);

    m_exportImage = make(tr("Export Centre &View as Image…"),
                         tr("Save the centre tab's view as PNG, SVG or PDF, with the model, prompt, step and settings it shows"),
                         QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E), [this] { m_exports->exportCentreView(); });
    m_exportCsv = make(tr("Export Attention as &CSV…"), tr("Save the current layer/head attention matrix as CSV"), QKeySequence(),
                       [this] { m_exports->exportAttentionCsv(); });
    m_exportTrace = make(tr("Export &Trace as JSON…"), tr("Save every step of this generation (docs/trace-format.md)"),
                         QKeySequence(Qt::CTRL | Qt::Key_E), [this] { m_exports->exportTrace(); });
}

void MainWindow::createMenus() {
    m_shortcutsHelp = new QAction(tr("&Keyboard and Mouse Shortcuts"), this);
    m_shortcutsHelp->setShortcut(QKeySequence::HelpContents);
    m_shortcutsHelp->setStatusTip(tr("List every shortcut and what each click does"));
    connect(m_shortcutsHelp, &QAction::triggered, this, [this] {
        showHelpDialog(this, tr("attnscope shortcuts"), shortcutsHtml(findChildren<QAction*>(Qt::FindDirectChildrenOnly)));
    });
    m_startLesson = new QAction(tr("Guided &Lesson"), this);
    m_startLesson->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    m_startLesson->setStatusTip(tr("Walk through \u201CThe Illustrated GPT-2\u201D on the open model, stop by stop"));
    connect(m_startLesson, &QAction::triggered, this, [this] { startLesson(); });
    m_about = new QAction(tr("&About attnscope"), this);
    m_about->setStatusTip(tr("Version, libraries and where the embedded model came from"));
    connect(m_about, &QAction::triggered, this, [this] {
        const ModelPtr model = m_controller->model();
        const QString description = model ? tr("%1 (%2 parameters)").arg(QString::fromStdString(model->name()))
                                                .arg(QLocale(QLocale::English).toString(static_cast<qlonglong>(model->parameterCount())))
                                          : tr("none open");
        showHelpDialog(this, tr("About attnscope"), aboutHtml(description));
    });

    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_openModel);
    m_recentMenu = file->addMenu(tr("Recent &Models"));
    file->addSeparator();
    file->addAction(m_openWorkspace);
    m_recentWorkspacesMenu = file->addMenu(tr("Recent W&orkspaces"));
    file->addAction(m_saveWorkspace);
    file->addAction(m_saveWorkspaceAs);
    file->addSeparator();
    file->addAction(m_exportImage);
    m_exportViewMenu = file->addMenu(tr("Export Any View"));
    m_exportViewMenu->setToolTip(tr("Every view on screen, the docks included"));
    connect(m_exportViewMenu, &QMenu::aboutToShow, this, [this] { m_exports->fillMenu(m_exportViewMenu); });
    file->addAction(m_exportCsv);
    file->addAction(m_exportTrace);
    file->addSeparator();
    file->addAction(m_quit);

    QMenu* run = menuBar()->addMenu(tr("&Generate"));
    for (QAction* a : {m_generate, m_pause, m_step, m_back, m_forward, m_first, m_last, m_reset}) run->addAction(a);

    m_viewMenu = menuBar()->addMenu(tr("&View"));
    for (QAction* a : {m_layerUp, m_layerDown, m_headPrev, m_headNext, m_averageHeads, m_logScale}) m_viewMenu->addAction(a);
    QMenu* language = m_viewMenu->addMenu(tr("&Language"));
    auto* languages = new QActionGroup(language);
    const QString chosen = savedLanguageChoice();
    const std::pair<QString, QString> choices[] = {
        {QString(), tr("Follow the system")}, {QStringLiteral("en"), QStringLiteral("English")}, {QStringLiteral("tr"), QStringLiteral("Türkçe")}};
    for (const auto& [code, name] : choices) {
        QAction* a = language->addAction(name);
        a->setCheckable(true);
        a->setChecked(code == chosen);
        a->setData(code);
        languages->addAction(a);
        connect(a, &QAction::triggered, this, [this, code] {
            saveLanguageChoice(code);
            statusBar()->showMessage(tr("The language changes when attnscope starts again."), 8000);
        });
    }
    m_viewMenu->addSeparator();

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(m_startLesson);
    help->addAction(m_shortcutsHelp);
    help->addAction(m_about);
}

void MainWindow::createToolBar() {
    QToolBar* bar = addToolBar(tr("Generation"));
    bar->setObjectName(QStringLiteral("generationToolBar"));
    bar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    for (QAction* a : {m_generate, m_pause, m_step, m_back, m_forward, m_reset}) bar->addAction(a);
    bar->addSeparator();
    bar->addWidget(new QLabel(tr(" Step "), bar));
    m_timeline = new QSlider(Qt::Horizontal, bar);
    m_timeline->setMinimumWidth(320);
    m_timeline->setRange(0, 0);
    m_timeline->setToolTip(tr("Scrub through the steps: every view shows the step you choose"));
    connect(m_timeline, &QSlider::valueChanged, this, [this](int step) { m_controller->scrubTo(step); });
    bar->addWidget(m_timeline);
    m_stepLabel = new QLabel(bar);
    m_stepLabel->setFixedWidth(std::max(90, fontMetrics().horizontalAdvance(QStringLiteral("00000 / 00000")) + 8));  // see createStatusBar
    bar->addWidget(m_stepLabel);
    // Branches: where the text went before Back + Generate, or a forced token, took it elsewhere.
    m_branchBox = new QComboBox(bar);
    m_branchBox->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_branchBox->setMinimumContentsLength(28);  // a fixed width: a new step must not relayout the window
    m_branchBox->setToolTip(tr("Branches: going back and generating or forcing another token keeps the old continuation "
                               "here; choose one to show it (and to continue it)"));
    connect(m_branchBox, &QComboBox::activated, this, [this](int index) {
        if (index > 0) m_controller->switchToBranch(index - 1);
    });
    bar->addWidget(m_branchBox);
}

QDockWidget* MainWindow::addDock(const QString& title, const QString& objectName, QWidget* widget, Qt::DockWidgetArea area,
                                 DockFit fit) {
    auto* dock = new QDockWidget(title, this);
    dock->setObjectName(objectName);
    if (fit == DockFit::Scroll) {
        // A panel of controls and text has a natural size larger than a laptop's dock: it
        // scrolls there instead of making the window larger than the screen.
        auto* scroll = new QScrollArea(dock);
        scroll->setFrameShape(QFrame::NoFrame);
        scroll->setWidgetResizable(true);
        scroll->setWidget(widget);
        // Narrow panels keep their own width (no sideways scrolling of a form); wide ones
        // scroll sideways below a width that still fits a 1280-pixel window.
        const int bar = scroll->style()->pixelMetric(QStyle::PM_ScrollBarExtent);
        scroll->setMinimumWidth(std::min(widget->minimumSizeHint().width() + bar, 320));
        dock->setWidget(scroll);
    } else {
        dock->setWidget(widget);
    }
    addDockWidget(area, dock);
    m_viewMenu->addAction(dock->toggleViewAction());
    return dock;
}

void MainWindow::createViews() {
    m_pages = new QStackedWidget(this);
    m_emptyState = createEmptyState();
    m_pages->addWidget(m_emptyState);

    // The heatmap is the centre; everything else is a dock a teacher can move or close.
    // The teaching views share the centre with it as tabs: they need the room.
    m_heatmap = new views::AttentionHeatmap(this);
    m_teaching = new TeachingPanels(m_controller, this);
    m_centerTabs = new QTabWidget(this);
    m_centerTabs->setDocumentMode(true);
    m_centerTabs->addTab(m_heatmap, tr("Attention"));
    m_centerTabs->addTab(m_teaching->insideStep(), tr("Inside one step"));
    m_centerTabs->addTab(m_teaching->kvCachePage(), tr("KV cache"));
    m_centerTabs->addTab(m_teaching->tokenPath(), tr("Token's path"));
    m_centerTabs->setTabToolTip(1, tr("One token's step through the model, stage by stage, with the real numbers (S9–S24)"));
    m_centerTabs->setTabToolTip(2, tr("The keys and values kept from earlier steps, and what this step reused (S8, S18)"));
    m_centerTabs->setTabToolTip(3, tr("The selected token's vector on its way up the blocks, and what each layer would predict (S10)"));
    connect(m_centerTabs, &QTabWidget::currentChanged, m_teaching, &TeachingPanels::refresh);
    connect(m_centerTabs, &QTabWidget::currentChanged, this, [this](int tab) {
        m_controller->state().editDisplay([&](DisplayOptions& d) { d.centerTab = std::max(0, tab); });
    });
    connect(m_teaching->insideStep(), &views::InsideStepView::stageChanged, this, [this](int stage) {
        m_controller->state().editDisplay([&](DisplayOptions& d) { d.stepperStage = stage; });
    });
    connect(&m_controller->state(), &LessonState::displayChanged, this, &MainWindow::showDisplayOptions);
    m_pages->addWidget(m_centerTabs);
    m_exports = new ExportActions(this, m_controller, m_centerTabs);
    setCentralWidget(m_pages);

    m_controls = new ControlPanel(m_controller, this);
    m_tokenStrip = new views::TokenStrip(this);
    m_tokenPaths = new views::TokenPaths(this);
    m_headGrid = new views::HeadGrid(this);
    m_bars = new views::ProbabilityBars(this);
    m_research = new ResearchPanels(m_controller, this);
    // Three matrices with token names on both axes need the centre's room, not a dock's.
    const int compareTab = m_centerTabs->addTab(m_research->comparePrompts(), tr("Compare prompts"));
    m_centerTabs->setTabToolTip(compareTab, tr("One head's attention for two prompts, side by side, and their difference"));
    m_anatomy = new views::ModelAnatomyView(this);

    QDockWidget* controls = addDock(tr("Prompt and sampling"), QStringLiteral("controlsDock"), m_controls, Qt::LeftDockWidgetArea, DockFit::Scroll);
    QDockWidget* tokens = addDock(tr("Tokens"), QStringLiteral("tokensDock"), m_tokenStrip, Qt::TopDockWidgetArea);
    QDockWidget* bars = addDock(tr("Next-token probabilities"), QStringLiteral("barsDock"), m_bars, Qt::RightDockWidgetArea);
    QDockWidget* paths = addDock(tr("Token paths"), QStringLiteral("pathsDock"), m_tokenPaths, Qt::RightDockWidgetArea);
    QDockWidget* grid = addDock(tr("All heads"), QStringLiteral("gridDock"), m_headGrid, Qt::LeftDockWidgetArea, DockFit::Scroll);
    splitDockWidget(controls, grid, Qt::Vertical);
    splitDockWidget(bars, paths, Qt::Vertical);
    // The research panels share the right-hand column as tabs behind the token paths.
    QDockWidget* lens = addDock(tr("Logit lens"), QStringLiteral("lensDock"), m_research->logitLens(), Qt::RightDockWidgetArea);
    QDockWidget* scores = addDock(tr("Head scores"), QStringLiteral("headScoresDock"), m_research->headScores(), Qt::RightDockWidgetArea, DockFit::Scroll);
    QDockWidget* ablation = addDock(tr("Switch heads off"), QStringLiteral("ablationDock"), m_research->ablationPanel(), Qt::RightDockWidgetArea, DockFit::Scroll);
    QDockWidget* formation = addDock(tr("How an induction head forms"), QStringLiteral("formationDock"), m_research->formation(),
                                     Qt::RightDockWidgetArea, DockFit::Scroll);
    m_research->setFormationDock(formation);
    for (QDockWidget* tab : {lens, scores, ablation, formation}) tabifyDockWidget(paths, tab);
    paths->raise();
    m_research->setHeadScoresDock(scores);
    m_research->setLogitLensDock(lens);
    m_research->setShownTemperature([this] { return m_bars->shownTemperature(); });
    QDockWidget* anatomy = addDock(tr("Model anatomy"), QStringLiteral("anatomyDock"), m_anatomy, Qt::LeftDockWidgetArea);
    tabifyDockWidget(grid, anatomy);
    grid->raise();
    // The guided lesson beside the text strip: wide enough for its paragraph; hidden until asked for.
    m_lesson = new GuidedLesson(this);
    QDockWidget* lesson = addDock(tr("Guided lesson"), QStringLiteral("lessonDock"), m_lesson, Qt::TopDockWidgetArea);
    splitDockWidget(tokens, lesson, Qt::Horizontal);
    lesson->hide();
    // A first layout that reads well on a 1500 x 940 window (a projector's 1080p included);
    // what the user rearranges is saved and restored instead.
    resizeDocks({controls, bars}, {330, 430}, Qt::Horizontal);
    resizeDocks({controls, grid}, {480, 380}, Qt::Vertical);
    resizeDocks({bars, paths}, {360, 440}, Qt::Vertical);
    resizeDocks({tokens}, {140}, Qt::Vertical);  // two or three lines of token chips

    connect(m_heatmap, &views::AttentionHeatmap::querySelected, m_controller, &Controller::selectQuery);
    connect(m_tokenStrip, &views::TokenStrip::querySelected, m_controller, &Controller::selectQuery);
    connect(m_tokenPaths, &views::TokenPaths::querySelected, m_controller, &Controller::selectQuery);
    connect(m_headGrid, &views::HeadGrid::headSelected, m_controller, &Controller::selectHead);
    // "Temperature applied live" (S7): the bars preview the candidates at the temperature being
    // set, before the next step is generated with it.
    connect(m_controls, &ControlPanel::problem, this, [this](const QString& text) { m_problemReporter->report({text}); });
    connect(&m_controller->state(), &LessonState::settingsChanged, this, [this] {
        const auto& s = m_controller->settings().sampling;
        m_bars->setTemperature(s.greedy ? std::numeric_limits<float>::quiet_NaN() : s.temperature);
    });
    connect(m_bars, &views::ProbabilityBars::candidateChosen, m_controller, [this](std::int32_t token) { m_controller->forceToken(token); });
}

// Docks that share a place show their titles in tab bars that the main window makes itself, and
// Qt elides those titles: five docks share the right-hand column, and a teacher should read
// "Switch heads off", not "Switch h…". Full titles, with scroll arrows when they do not fit.
bool MainWindow::event(QEvent* event) {
    if (event->type() == QEvent::ChildPolished) {
        if (auto* bar = qobject_cast<QTabBar*>(static_cast<QChildEvent*>(event)->child())) {
            bar->setElideMode(Qt::ElideNone);
            bar->setUsesScrollButtons(true);
        }
    }
    return QMainWindow::event(event);
}

QWidget* MainWindow::createEmptyState() {
    auto* page = new QWidget(this);
    auto* layout = new QVBoxLayout(page);
    layout->addStretch();
    auto* title = new QLabel(tr("No model loaded"), page);
    title->setObjectName(QStringLiteral("emptyStateTitle"));
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.8);
    titleFont.setBold(true);
    title->setFont(titleFont);
    title->setAlignment(Qt::AlignCenter);
    layout->addWidget(title);
    auto* hint = new QLabel(tr("Open a GPT-2 model folder as downloaded from the Hugging Face hub:\n"
                               "config.json, model.safetensors, vocab.json and merges.txt.\n"
                               "You can also drop the folder onto this window."),
                            page);
    hint->setAlignment(Qt::AlignCenter);
    layout->addWidget(hint);
    auto* button = new QPushButton(m_openModel->icon(), m_openModel->text(), page);
    button->setToolTip(m_openModel->toolTip());
    connect(button, &QPushButton::clicked, m_openModel, &QAction::trigger);
    auto* row = new QHBoxLayout;
    row->addStretch();
    row->addWidget(button);
    row->addStretch();
    layout->addLayout(row);
    layout->addStretch();
    return page;
}

void MainWindow::createStatusBar() {
    m_modelLabel = new QLabel(this);
    m_positionLabel = new QLabel(this);
    m_speedLabel = new QLabel(this);
    // The numbers change on every step. A label whose width is fixed does not ask the window
    // to lay out its toolbar, docks and status bar again each time (~20 ms per step).
    const QFontMetrics fm = fontMetrics();
    m_positionLabel->setFixedWidth(fm.horizontalAdvance(QStringLiteral("position 0000 / 0000")) + 8);
    m_speedLabel->setFixedWidth(fm.horizontalAdvance(QStringLiteral("00000.0 tokens/s")) + 8);
    m_speedLabel->setToolTip(tr("Decoding speed of the last run: generated tokens per second of the model's own work. "
                                "The pause between tokens and the prompt's first pass do not count."));
    m_loadProgress = new QProgressBar(this);
    m_loadProgress->setRange(0, 100);
    m_loadProgress->setMaximumWidth(200);
    m_loadProgress->hide();
    statusBar()->addPermanentWidget(m_loadProgress);
    statusBar()->addPermanentWidget(m_modelLabel);
    statusBar()->addPermanentWidget(m_positionLabel);
    statusBar()->addPermanentWidget(m_speedLabel);
}

// ---------------------------------------------------------------------------------------------
// Following the controller

void MainWindow::connectController() {
    Controller* c = m_controller;
    connect(c, &Controller::modelChanged, this, [this](const ModelPtr& model) {
        const views::TokenNamer namer = m_controller->namer();
        m_heatmap->setNamer(namer);
        m_tokenStrip->setNamer(namer);
        m_tokenPaths->setNamer(namer);
        m_bars->setNamer(namer);
        m_research->onModelChanged();
        const auto& cfg = model->config();
        m_anatomy->setModel({QString::fromStdString(model->name()), cfg.nLayer, cfg.nHead, cfg.nEmbd, cfg.nPositions,
                             cfg.vocabSize, model->weights().tiedHead, model->weights().tensors});
        m_controls->onModelChanged();
        m_teaching->onModelChanged();
        m_pages->setCurrentWidget(m_centerTabs);
        rememberRecent(QString::fromStdString(model->folder().string()));
        if (m_workspaces) updateTitle();
        updateStatus();
        updateActions();
    });
    connect(c, &Controller::loadingChanged, this, [this](bool loading, const QString& folder) {
        m_loadProgress->setVisible(loading);
        m_loadProgress->setValue(0);
        if (loading) statusBar()->showMessage(tr("Loading %1…").arg(folder));
        else statusBar()->clearMessage();
        updateActions();
    });
    connect(c, &Controller::loadProgress, this, [this](double fraction, const QString& stage) {
        m_loadProgress->setValue(static_cast<int>(fraction * 100));
        m_loadProgress->setFormat(stage);
    });
    connect(c, &Controller::loadFailed, this, [this](const QString& folder, const QString& message) {
        const QString stays = m_controller->model() ? tr("The current model stays loaded.") : QString();
        m_problemReporter->report({message, tr("%1 could not be opened: %2 %3").arg(folder, message, stays), tr("Cannot open the model"),
                                   tr("<b>%1</b> could not be opened:<br><br>%2<br><br>%3")
                                       .arg(folder.toHtmlEscaped(), message.toHtmlEscaped(), stays),
                                   true, false, 0});
    });
    connect(c, &Controller::loadWarnings, this, [this](const QStringList& warnings) {
        m_problemReporter->report({warnings.join(QLatin1Char(' ')), {}, tr("The model loaded with warnings"),
                                   warnings.join(QStringLiteral("\n\n")), false, true, 8000});
    });
    connect(c, &Controller::errorOccurred, this, [this](const QString& text) {
        m_problemReporter->report({text, {}, tr("attnscope"), {}, false, false, 8000});
    });
    connect(c, &Controller::modelFilesChanged, this, [this](const QStringList& changes) {
        const QString text = tr("%1. attnscope goes on with the weights it read when the model was loaded; "
                                "open the folder again to use the new files.")
                                 .arg(changes.join(QStringLiteral("; ")));
        std::cerr << "attnscope: warning: " << text.toStdString() << '\n';
        statusBar()->showMessage(text, 15000);
    });
    connect(c, &Controller::message, this, [this](const QString& text) { statusBar()->showMessage(text, 5000); });
    connect(c, &Controller::generatingChanged, this, [this](bool generating) {
        updateActions();
        if (!generating) {
            m_research->computeHeadScores();
            m_research->onRecordChanged();
        }
    });
    connect(c, &Controller::timelineChanged, this, [this] {
        const QSignalBlocker block(m_timeline);
        m_timeline->setRange(0, std::max(0, static_cast<int>(m_controller->timeline().size()) - 1));
        updateActions();
        updateBranches();
    });
    connect(c, &Controller::branchesChanged, this, &MainWindow::updateBranches);
    connect(c, &Controller::currentRecordChanged, this, [this] { showRecord(); });
    connect(c, &Controller::selectionChanged, this, [this] { showSelection(); });
}

void MainWindow::showRecord() {
    const StepRecordPtr record = m_controller->currentRecord();
    {
        const QSignalBlocker block(m_timeline);
        m_timeline->setValue(std::max(0, m_controller->currentStep()));
    }
    const int steps = static_cast<int>(m_controller->timeline().size());
    m_stepLabel->setText(record ? tr("%1 / %2").arg(m_controller->currentStep()).arg(steps - 1) : QString());
    m_heatmap->setRecord(record);
    m_headGrid->setRecord(record);
    m_tokenPaths->setRecord(record);
    m_bars->setRecord(record);
    if (record) {
        m_tokenStrip->setText(record->tokens, m_controller->promptLength(), m_controller->chosenProbabilities(),
                              m_controller->choiceKinds());
        m_tokenStrip->setPendingToken(record->chosen, record->chosenProbability, record->choice);
        m_tokenStrip->setHeadsOff(m_controller->headsOffPerPosition(), views::headsOffText(record->ablatedHeads));
    } else {
        m_tokenStrip->clear();
    }
    showSelection();
    updateStatus();
    updateActions();
    if (!m_controller->isGenerating()) {
        m_research->computeHeadScores();
        m_research->onRecordChanged();
    }
}

void MainWindow::showSelection() {
    const views::Selection& s = m_controller->selection();
    m_heatmap->setSelection(s);
    m_headGrid->setSelection(s);
    m_tokenPaths->setSelection(s);
    const StepRecordPtr record = m_controller->currentRecord();
    m_tokenStrip->setSelectedQuery(record ? s.queryFor(record->length()) : -1);
    m_research->onSelectionChanged(s);
    m_teaching->refresh();
}

void MainWindow::updateActions() {
    const bool model = m_controller->model() != nullptr;
    const bool busy = m_controller->isGenerating() || m_controller->isLoading();
    m_generate->setEnabled(model && !busy);
    m_step->setEnabled(model && !busy);
    m_pause->setEnabled(m_controller->isGenerating());
    m_back->setEnabled(m_controller->currentStep() > 0);
    m_first->setEnabled(m_controller->currentStep() > 0);
    m_forward->setEnabled(m_controller->canGoForward());
    m_last->setEnabled(m_controller->canGoForward());
    m_reset->setEnabled(!m_controller->timeline().empty() && !busy);
    m_openModel->setEnabled(!m_controller->isLoading());
    const bool record = m_controller->currentRecord() != nullptr;
    m_exportCsv->setEnabled(record);
    m_exportImage->setEnabled(model);
    m_exportTrace->setEnabled(record && !busy);
    m_timeline->setEnabled(!m_controller->timeline().empty());
    m_branchBox->setEnabled(!m_controller->branches().empty() && !busy);
}

// Item 0 is the line on screen; each branch is named by its fork step and what it says from there.
void MainWindow::updateBranches() {
    const QSignalBlocker block(m_branchBox);
    m_branchBox->clear();
    const auto& branches = m_controller->branches();
    const ModelPtr model = m_controller->model();
    const auto steps = [this](std::size_t n) { return n == 1 ? tr("1 step") : tr("%1 steps").arg(n); };
    m_branchBox->addItem(branches.empty() ? tr("no other branch") : tr("this line (%1)").arg(steps(m_controller->timeline().size())));
    for (std::size_t b = 0; b < branches.size(); ++b) {
        const int fork = m_controller->forkStep(static_cast<int>(b));
        std::vector<std::int32_t> continuation;
        for (std::size_t s = static_cast<std::size_t>(std::max(0, fork)); s < branches[b].size(); ++s) continuation.push_back(branches[b][s]->chosen);
        QString text = model ? QString::fromStdString(model->tokenizer().decode(continuation)).simplified() : QString();
        if (text.size() > 32) text = text.left(31) + QChar(0x2026);
        m_branchBox->addItem(tr("from step %1: “%2” (%3)").arg(fork).arg(text, steps(branches[b].size())));
        m_branchBox->setItemData(m_branchBox->count() - 1, tr("Branch %1: %2 steps, differs from this line from step %3 on")
                                                               .arg(b + 1).arg(branches[b].size()).arg(fork),
                                 Qt::ToolTipRole);
    }
    m_branchBox->setCurrentIndex(0);
    m_branchBox->setEnabled(!branches.empty() && !m_controller->isGenerating() && !m_controller->isLoading());
}

void MainWindow::updateStatus() {
    const ModelPtr model = m_controller->model();
    if (!model) {
        m_modelLabel->setText(tr("No model loaded"));
        m_positionLabel->clear();
        m_speedLabel->clear();
        return;
    }
    const auto& c = model->config();
    m_modelLabel->setText(tr("%1 · %2 M parameters · %3 layers × %4 heads")
                              .arg(QString::fromStdString(model->name()))
                              .arg(model->parameterCount() / 1e6, 0, 'f', 1)
                              .arg(c.nLayer)
                              .arg(c.nHead));
    const StepRecordPtr record = m_controller->currentRecord();
    m_positionLabel->setText(tr("position %1 / %2").arg(record ? record->length() : 0).arg(c.nPositions));
    m_speedLabel->setText(m_controller->tokensPerSecond() > 0 ? tr("%1 tokens/s").arg(m_controller->tokensPerSecond(), 0, 'f', 1)
                                                              : QString());
}

void MainWindow::startLesson() {
    auto* dock = findChild<QDockWidget*>(QStringLiteral("lessonDock"));
    dock->show();
    dock->raise();
    resizeDocks({dock}, {std::max(420, width() * 2 / 5)}, Qt::Horizontal);
    resizeDocks({dock}, {190}, Qt::Vertical);
    m_lesson->start();
}

// ---------------------------------------------------------------------------------------------
// Models: dialog, drag-and-drop, recent list

void MainWindow::openModel(const QString& folder) {
    if (!confirmEndingSession(tr("Opening another model ends"))) return;
    m_controller->loadModel(folder);
}

bool MainWindow::confirmStartingOver() {
    // An edited prompt makes the next run start over from it: the text on screen goes.
    return !m_controller->runWouldStartOver() || confirmEndingSession(tr("Running the edited prompt replaces"));
}

bool MainWindow::confirmEndingSession(const QString& action) {
    if (!m_workspaces->isModified() || m_controller->timeline().empty()) return true;
    const int branches = static_cast<int>(m_controller->branches().size());
    QString what = tr("the text on screen (%n step(s))", nullptr, static_cast<int>(m_controller->timeline().size()));
    if (branches > 0) what += tr(" and its %n branch(es)", nullptr, branches);
    return saveOrDiscard(tr("%1 %2. Save them as a workspace first?").arg(action, what));
}

bool MainWindow::saveOrDiscard(const QString& question) {
    const auto answer = ask(tr("Save the workspace?"), question);
    if (answer == QMessageBox::Cancel) return false;
    if (answer == QMessageBox::Save) return saveWorkspace();
    return true;
}

QMessageBox::StandardButton MainWindow::ask(const QString& title, const QString& text) {
    if (m_asker) return m_asker(title, text);
    // No dialog where nobody could answer it (tests, --screenshot): go on, as before.
    if (!m_persist) return QMessageBox::Discard;
    return QMessageBox::question(this, title, text, QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel,
                                 QMessageBox::Save);
}

void MainWindow::chooseModelFolder() {
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Open a GPT-2 model folder"));
    if (!folder.isEmpty()) openModel(folder);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    const auto urls = event->mimeData()->urls();
    if (urls.size() == 1 && urls.front().isLocalFile() && QFileInfo(urls.front().toLocalFile()).isDir()) {
        event->acceptProposedAction();
    }
}

void MainWindow::dropEvent(QDropEvent* event) {
    const auto urls = event->mimeData()->urls();
    if (urls.size() == 1 && urls.front().isLocalFile()) openModel(urls.front().toLocalFile());
}

void MainWindow::rememberRecent(const QString& folder) {
    m_recent.removeAll(folder);
    m_recent.prepend(folder);
    while (m_recent.size() > kMaxRecent) m_recent.removeLast();
    rebuildRecentMenu();
    if (m_persist) saveSettings();
}

void MainWindow::rebuildRecentMenu() {
    m_recentMenu->clear();
    QStringList entries = m_recent;
    // The embedded model is always in the list, so there is always a way back to it.
    if (QFileInfo::exists(embeddedFolder()) && !entries.contains(embeddedFolder())) entries.append(embeddedFolder());
    for (const QString& folder : entries) {
        const QString label = folder == embeddedFolder() ? tr("%1 (embedded)").arg(QFileInfo(folder).fileName()) : folder;
        QAction* a = m_recentMenu->addAction(label);
        connect(a, &QAction::triggered, this, [this, folder] { openModel(folder); });
    }
    m_recentMenu->setEnabled(!entries.isEmpty());
}

// ---------------------------------------------------------------------------------------------
// Settings and closing

void MainWindow::saveSettings() const {
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("models/recent"), m_recent);
    if (const ModelPtr model = m_controller->model()) {
        settings.setValue(QStringLiteral("models/last"), QString::fromStdString(model->folder().string()));
    }
    settings.setValue(QStringLiteral("generation/controlsJson"),
                      QString::fromStdString(workspace::controlsToJson(m_controller->state().controls())));
    settings.setValue(QStringLiteral("view/logScale"), m_controller->state().display().logScale);
}

void MainWindow::restoreSettings() {
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    m_recent = settings.value(QStringLiteral("models/recent")).toStringList();
    // The controls as a workspace stores them, read with the same checks: a damaged settings
    // file is said and the defaults stay.
    const QString controls = settings.value(QStringLiteral("generation/controlsJson")).toString();
    if (!controls.isEmpty()) {
        try {
            m_controller->state().setControls(workspace::controlsFromJson(controls.toStdString(), settings.fileName().toStdString()));
        } catch (const FormatError& e) {
            std::cerr << "attnscope: the saved controls were not restored: " << coreText(e).toStdString() << '\n';
        }
    }
    const bool logScale = settings.value(QStringLiteral("view/logScale"), false).toBool();
    m_controller->state().editDisplay([&](DisplayOptions& d) { d.logScale = logScale; });
}

// The display options of the lesson state, in the widgets that show them.
void MainWindow::showDisplayOptions() {
    const DisplayOptions& d = m_controller->state().display();
    m_logScale->setChecked(d.logScale);
    m_heatmap->setLogScale(d.logScale);
    m_headGrid->setLogScale(d.logScale);
    m_centerTabs->setCurrentIndex(std::clamp(d.centerTab, 0, m_centerTabs->count() - 1));
    m_teaching->insideStep()->setStage(d.stepperStage);
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (!maybeSaveBeforeClosing()) {
        event->ignore();
        return;
    }
    m_controller->pause();
    if (m_persist) saveSettings();
    m_workspaces->removeRecovery();  // a clean close: nothing to recover
    event->accept();
}

// ---------------------------------------------------------------------------------------------
// Workspaces

bool MainWindow::maybeSaveBeforeClosing() {
    if (!m_workspaces->isModified() || m_controller->timeline().empty()) return true;
    return saveOrDiscard(tr("The text, its steps and the layout have changed since they were last saved. Save them as a workspace?"));
}

bool MainWindow::saveWorkspace() {
    if (m_workspaces->currentFile().isEmpty()) return saveWorkspaceAs();
    return saveWorkspaceTo(m_workspaces->currentFile());
}

bool MainWindow::saveWorkspaceAs() {
    const QString suggested = m_workspaces->currentFile().isEmpty() ? tr("lesson%1").arg(QLatin1String(workspace::kFileSuffix))
                                                                    : m_workspaces->currentFile();
    QString file = QFileDialog::getSaveFileName(this, tr("Save workspace"), suggested, tr("attnscope workspace (*.attnscope)"));
    if (file.isEmpty()) return false;
    if (!file.endsWith(QLatin1String(workspace::kFileSuffix))) file += QLatin1String(workspace::kFileSuffix);
    return saveWorkspaceTo(file);
}

// A failed save is said on stderr, in the problems list and in the window (a dialog where a
// person is at it, else the status bar); the title keeps its "*" and the recovery file stays.
bool MainWindow::saveWorkspaceTo(const QString& file) {
    QString error;
    if (m_workspaces->save(file, &error)) {
        statusBar()->showMessage(tr("Saved %1").arg(file), 5000);
        return true;
    }
    m_problemReporter->report({error, tr("The workspace was not saved: %1").arg(error), tr("Save failed"), error, false, false, 0});
    return false;
}

void MainWindow::chooseWorkspace() {
    if (!maybeSaveBeforeClosing()) return;
    const QString file = QFileDialog::getOpenFileName(this, tr("Open workspace"), QString(), tr("attnscope workspace (*.attnscope);;All files (*)"));
    if (!file.isEmpty()) openWorkspace(file);
}

bool MainWindow::openWorkspace(const QString& file) {
    QString error;
    if (m_workspaces->open(file, &error)) return true;
    reportWorkspaceFailure(file, error, error);
    return false;
}

// On stderr (the app may have been started from a terminal) and in the problems list always; in
// a dialog only where a person is at the window, else (tests, --screenshot) in the status bar.
void MainWindow::reportWorkspaceFailure(const QString& file, const QString& message, const QString& dialogText) {
    m_problemReporter->report({message, tr("Cannot open the workspace %1: %2").arg(file, message), tr("Cannot open the workspace"),
                               dialogText, false, false, 0});
}

void MainWindow::offerRecovery() {
    const QString adopted = m_workspaces->adoptStrayRecovery();
    if (!adopted.isEmpty()) std::cerr << "attnscope: found the autosave's unfinished copy " << adopted.toStdString() << '\n';
    if (!m_workspaces->hasRecovery()) return;
    const QFileInfo info(m_workspaces->recoveryFile());
    const auto answer = QMessageBox::question(
        this, tr("Restore unsaved work?"),
        tr("attnscope did not close cleanly last time. Restore the work saved automatically at %1?")
            .arg(QLocale().toString(info.lastModified(), QLocale::ShortFormat)),
        QMessageBox::Yes | QMessageBox::Discard, QMessageBox::Yes);
    if (answer == QMessageBox::Discard) {
        m_workspaces->removeRecovery();
        return;
    }
    QString error;
    if (!m_workspaces->open(m_workspaces->recoveryFile(), &error, true)) QMessageBox::warning(this, tr("Cannot restore"), error);
}

QString MainWindow::askForModelFolder(int problem, const QString& folder) {
    if (!m_persist) return {};  // tests set their own resolver
    if (problem == static_cast<int>(WorkspaceManager::ModelProblem::Missing)) {
        const auto answer = QMessageBox::question(this, tr("Where is the model?"),
                                                  tr("The workspace's model folder\n%1\nis missing. Locate it?").arg(folder),
                                                  QMessageBox::Open | QMessageBox::Cancel, QMessageBox::Open);
        if (answer != QMessageBox::Open) return {};
        return QFileDialog::getExistingDirectory(this, tr("Locate the model folder"));
    }
    QMessageBox box(QMessageBox::Warning, tr("A different model"),
                    tr("The model in\n%1\nis not the one this workspace was saved with: its files differ. The steps will be "
                       "made again with this model, and their numbers will differ.").arg(folder),
                    QMessageBox::NoButton, this);
    QPushButton* anyway = box.addButton(tr("Open with this model"), QMessageBox::AcceptRole);
    QPushButton* locate = box.addButton(tr("Locate another…"), QMessageBox::ActionRole);
    box.addButton(QMessageBox::Cancel);
    box.exec();
    if (box.clickedButton() == anyway) return folder;
    if (box.clickedButton() == locate) return QFileDialog::getExistingDirectory(this, tr("Locate the model folder"));
    return {};
}

void MainWindow::rebuildRecentWorkspacesMenu() {
    m_recentWorkspacesMenu->clear();
    for (const QString& file : m_workspaces->recentFiles()) {
        QAction* a = m_recentWorkspacesMenu->addAction(file);
        connect(a, &QAction::triggered, this, [this, file] {
            if (maybeSaveBeforeClosing()) openWorkspace(file);
        });
    }
    m_recentWorkspacesMenu->setEnabled(!m_workspaces->recentFiles().isEmpty());
}

void MainWindow::updateTitle() {
    const ModelPtr model = m_controller->model();
    QString title = model ? tr("attnscope — %1").arg(QString::fromStdString(model->name())) : tr("attnscope");
    if (!m_workspaces->currentFile().isEmpty()) title = QFileInfo(m_workspaces->currentFile()).fileName() + QStringLiteral(" — ") + title;
    if (m_workspaces->isModified()) title = QStringLiteral("*") + title;
    setWindowTitle(title);
}

}  // namespace attnscope::app

namespace attnscope::app {

QStringList MainWindow::problems() const { return m_problemReporter->problems(); }
views::LogitLensView* MainWindow::logitLens() const { return m_research->logitLens(); }
views::HeadScoresView* MainWindow::headScores() const { return m_research->headScores(); }
views::AblationPanel* MainWindow::ablationPanel() const { return m_research->ablationPanel(); }
views::ComparePromptsView* MainWindow::comparePrompts() const { return m_research->comparePrompts(); }
views::FormationView* MainWindow::formationView() const { return m_research->formation(); }

}  // namespace attnscope::app
