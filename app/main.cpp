// attnscope's entry point: the desktop app, or (with --headless) the trace exporter, which
// never touches Qt's GUI so it runs without a display.
#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QLocale>
#include <QSettings>
#include <QTimer>
#include <csignal>
#include <iostream>
#include <string_view>

#include "app/ControlPanel.h"
#include "app/Controller.h"
#include "app/HeadlessCommand.h"
#include "app/MallocPolicy.h"
#include "app/WorkspaceManager.h"
#include "app/Language.h"
#include "app/MainWindow.h"
#include "app/DisplayCheck.h"
#include "model/Gpt2Model.h"

int main(int argc, char* argv[]) {
    // A file-size limit (ulimit -f) makes write() fail with EFBIG, which the savers report,
    // instead of killing the app with SIGXFSZ in the middle of a save.
    std::signal(SIGXFSZ, SIG_IGN);
    if (attnscope::app::wantsHeadless(argc, argv)) {
        return attnscope::app::runHeadless(std::vector<std::string>(argv + 1, argv + argc), std::cout, std::cerr);
    }
    // Before any thread starts: may run the program again with malloc's per-thread cache off.
    attnscope::app::restartWithoutMallocThreadCache(argv);
    for (int i = 1; i < argc; ++i) {
        if (std::string_view(argv[i]) == "--malloc-policy") {
            std::cout << attnscope::app::describeMallocPolicy() << '\n';
            return 0;
        }
    }
    // The options are parsed before any QApplication exists, so that --help, --version and a
    // mistyped option answer on a machine without a display instead of dying in Qt's xcb plugin.
    QCoreApplication::setApplicationName(QStringLiteral("attnscope"));
    QCoreApplication::setOrganizationName(QStringLiteral("attnscope"));
    QCoreApplication::setApplicationVersion(QStringLiteral(ATTNSCOPE_VERSION));
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Watch a GPT-2 model think, one token at a time.\n"
        "Run with --headless --help for the command-line trace exporter."));
    const QCommandLineOption helpOption = parser.addHelpOption();
    const QCommandLineOption versionOption = parser.addVersionOption();
    const QCommandLineOption modelOption(QStringLiteral("model"), QStringLiteral("Open this GPT-2 model folder."),
                                         QStringLiteral("DIR"));
    const QCommandLineOption promptOption(QStringLiteral("prompt"), QStringLiteral("Start with this prompt."),
                                          QStringLiteral("TEXT"));
    const QCommandLineOption screenshotOption(
        QStringLiteral("screenshot"), QStringLiteral("Generate --screenshot-steps tokens, save the window as PNG, and quit."),
        QStringLiteral("FILE.png"));
    const QCommandLineOption stepsOption(QStringLiteral("screenshot-steps"), QStringLiteral("Tokens to generate first (default 12)."),
                                         QStringLiteral("N"), QStringLiteral("12"));
    parser.addOption(modelOption);
    parser.addOption(promptOption);
    parser.addOption(screenshotOption);
    parser.addOption(stepsOption);
    const QCommandLineOption mallocOption(QStringLiteral("malloc-policy"),
                                          QStringLiteral("Print how malloc is set up in this process, and quit."));
    parser.addOption(mallocOption);  // handled above, before Qt starts; listed here for --help
    parser.addPositionalArgument(QStringLiteral("workspace"), QStringLiteral("A workspace (.attnscope) to open."), QStringLiteral("[FILE.attnscope]"));
    QStringList arguments;
    for (int i = 0; i < argc; ++i) arguments << QString::fromLocal8Bit(argv[i]);
    if (!parser.parse(arguments)) {
        std::cerr << "attnscope: " << parser.errorText().toStdString() << "\n"
                  << "Run attnscope --help for the options.\n";
        return 2;
    }
    if (parser.isSet(helpOption)) {
        std::cout << parser.helpText().toStdString();
        return 0;
    }
    if (parser.isSet(versionOption)) {
        std::cout << "attnscope " << ATTNSCOPE_VERSION << "\n";
        return 0;
    }
    if (const std::string problem = attnscope::app::displayProblem(); !problem.empty()) {
        std::cerr << "attnscope: " << problem << "\n";
        return 1;
    }
    QApplication application(argc, argv);
    // The interface language, before any widget exists: the menu's choice, else the system's.
    attnscope::app::installLanguage(application, attnscope::app::languageToUse(attnscope::app::savedLanguageChoice(),
                                                                               QLocale::system().name()));
    const QString workspaceFile = parser.positionalArguments().value(0);

    const bool screenshot = parser.isSet(screenshotOption);
    attnscope::app::MainWindow window(nullptr, /*restoreSettings=*/!screenshot);
    if (parser.isSet(promptOption)) window.controlPanel()->setPrompt(parser.value(promptOption));
    window.show();

    // The model given on the command line; else the one open when the app last closed; else the
    // embedded model, so that the app teaches something the moment it first starts.
    QString folder = parser.value(modelOption);
    if (folder.isEmpty() && !screenshot) {
        const QString last = QSettings().value(QStringLiteral("models/last")).toString();
        if (!last.isEmpty() && QFileInfo(last).isDir()) folder = last;
    }
    if (folder.isEmpty()) {
        const QString embedded = QString::fromStdString(attnscope::Gpt2Model::embeddedModelFolder().string());
        if (QFileInfo::exists(embedded)) folder = embedded;
    }
    if (screenshot) {
        // For the docs and for looking at what we build: generate, then grab the whole window.
        // Connected before anything is opened: a workspace can fail at once.
        const QString file = parser.value(screenshotOption);
        auto* controller = window.controller();
        const int steps = parser.value(stepsOption).toInt();
        controller->state().editSettings([&](attnscope::app::GenerationSettings& s) {
            s.maxNewTokens = steps;
            s.paceMs = 0;
        });
        QObject::connect(controller, &attnscope::app::Controller::modelChanged, &window, [controller] { controller->generate(); });
        QObject::connect(controller, &attnscope::app::Controller::generatingChanged, &window, [&window, file](bool generating) {
            if (generating) return;
            QTimer::singleShot(300, &window, [&window, file] {
                const bool ok = window.grab().save(file, "PNG");
                std::cerr << (ok ? "saved " : "could not save ") << file.toStdString() << "\n";
                QApplication::exit(ok ? 0 : 1);
            });
        });
        // Queued: a failure can come before the event loop runs, when exit() would do nothing.
        const auto fail = [] { QTimer::singleShot(0, [] { QApplication::exit(1); }); };
        // The window has said why on stderr: no picture of a model or workspace that is not there.
        QObject::connect(controller, &attnscope::app::Controller::loadFailed, &window, fail);
        QObject::connect(window.workspaces(), &attnscope::app::WorkspaceManager::openFailed, &window, fail);
        // Nor of a run that could not start (a prompt longer than the context, say).
        QObject::connect(controller, &attnscope::app::Controller::errorOccurred, &window, [fail](const QString& text) {
            std::cerr << "attnscope: " << text.toStdString() << "\n";
            fail();
        });
    }
    if (!workspaceFile.isEmpty()) {
        // Loads the workspace's own model; a file that cannot be read ends a screenshot run.
        if (!window.openWorkspace(workspaceFile) && screenshot) return 1;
    } else if (!folder.isEmpty()) {
        window.openModel(folder);
        if (!screenshot) window.offerRecovery();
    }
    return QApplication::exec();
}
