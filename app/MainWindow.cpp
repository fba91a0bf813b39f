#include "app/MainWindow.h"

#include <QAction>
#include <QApplication>
#include <QFileDialog>
#include <QLabel>
#include <QMenuBar>
#include <QPushButton>
#include <QStackedWidget>
#include <QStatusBar>
#include <QVBoxLayout>

// The icons and other resources live in this static library; Qt only registers them when the
// initialiser is referenced, and Q_INIT_RESOURCE must be called outside any namespace.
static void initAttnscopeResources() { Q_INIT_RESOURCE(attnscope); }

namespace attnscope::app {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    initAttnscopeResources();
    setWindowTitle(tr("attnscope"));
    setWindowIcon(QIcon(QStringLiteral(":/attnscope/icon.svg")));
    createActions();
    createMenus();

    m_pages = new QStackedWidget(this);
    m_emptyState = createEmptyState();
    m_pages->addWidget(m_emptyState);
    setCentralWidget(m_pages);

    statusBar()->showMessage(tr("No model loaded"));
    resize(1280, 800);
}

bool MainWindow::showsEmptyState() const { return m_pages->currentWidget() == m_emptyState; }

void MainWindow::createActions() {
    m_openModel = new QAction(QIcon::fromTheme(QStringLiteral("document-open")), tr("&Open Model Folder…"), this);
    m_openModel->setShortcut(QKeySequence::Open);
    m_openModel->setStatusTip(tr("Open a Hugging Face GPT-2 folder (config.json, model.safetensors, vocab.json, merges.txt)"));
    m_openModel->setToolTip(m_openModel->statusTip());
    connect(m_openModel, &QAction::triggered, this, &MainWindow::chooseModelFolder);

    m_quit = new QAction(tr("&Quit"), this);
    m_quit->setShortcut(QKeySequence::Quit);
    m_quit->setStatusTip(tr("Quit attnscope"));
    connect(m_quit, &QAction::triggered, this, &QWidget::close);
}

void MainWindow::createMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_openModel);
    file->addSeparator();
    file->addAction(m_quit);
}

QWidget* MainWindow::createEmptyState() {
    auto* page = new QWidget(this);
    auto* layout = new QVBoxLayout(page);
    layout->addStretch();

    auto* title = new QLabel(tr("No model loaded"), page);
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.8);
    titleFont.setBold(true);
    title->setFont(titleFont);
    title->setAlignment(Qt::AlignCenter);
    layout->addWidget(title);

    auto* hint = new QLabel(
        tr("Open a GPT-2 model folder as downloaded from the Hugging Face hub:\n"
           "config.json, model.safetensors, vocab.json and merges.txt."),
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

void MainWindow::chooseModelFolder() {
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Open a GPT-2 model folder"));
    if (!folder.isEmpty()) {
        emit modelFolderRequested(folder);
    }
}

}  // namespace attnscope::app
