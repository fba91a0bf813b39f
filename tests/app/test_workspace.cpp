// Workspaces in the window: save, open in a fresh window, and be back where we were; a moved or
// changed model; numbers that no longer match; a failed save; the recovery file.
#include <catch2/catch.hpp>

#include <QAction>
#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTest>

#include <nlohmann/json.hpp>

#include "app/ControlPanel.h"
#include "app/Controller.h"
#include "app/MainWindow.h"
#include "app/TeachingPanels.h"
#include "app/WorkspaceManager.h"
#include "tests/model/Fixtures.h"
#include "model/Analysis.h"
#include "model/AtomicFile.h"
#include "model/Gpt2Model.h"
#include "views/AblationPanel.h"
#include "views/InsideStepView.h"

using attnscope::app::Controller;
using attnscope::app::MainWindow;
using attnscope::app::WorkspaceManager;
using namespace attnscope;

namespace {

std::unique_ptr<MainWindow> windowOn(const QString& folder) {
    auto window = std::make_unique<MainWindow>(nullptr, false);
    window->show();
    QSignalSpy loaded(window->controller(), &Controller::modelChanged);
    window->openModel(folder);
    REQUIRE(loaded.wait(10000));
    return window;
}

QString fixture() { return QString::fromStdString(testing::checkpointDir("tiny-f32-prefixed").string()); }

bool waitIdle(Controller* c) {
    QElapsedTimer t;
    t.start();
    while ((c->isGenerating() || c->isLoading()) && t.elapsed() < 10000) QTest::qWait(5);
    return !c->isGenerating();
}

// A sampled run with a forced token in the middle, an unusual selection and layout.
void makeLesson(MainWindow& window) {
    Controller* c = window.controller();
    window.controlPanel()->setPrompt(QStringLiteral("the cat sat"));
    c->state().editSettings([](app::GenerationSettings& s) {
        s.sampling.greedy = false;
        s.sampling.temperature = 0.8f;
        s.sampling.seed = 7;
        s.maxNewTokens = 3;
    });
    c->generate();
    REQUIRE(waitIdle(c));
    c->scrubTo(1);
    c->forceToken(c->currentRecord()->topK[3].token);  // continues one step from the forced token
    REQUIRE(waitIdle(c));
    REQUIRE(c->branches().size() == 1);  // the sampled line before the forced token
    // Two heads switched off for one more step, one of them by its mean output.
    const AblationSet off{{0, 1, {}}, {1, 3, analysis::meanHeadOutput(*c->currentRecord(), 1, 3)}};
    c->state().setHeadsOff({{{0, 1}, {1, 3}}, true, true, off});
    // The panel shows the lesson state.
    CHECK(window.ablationPanel()->checkedHeads() == std::vector<std::pair<int, int>>{{0, 1}, {1, 3}});
    CHECK(window.ablationPanel()->generateWithHeadsOff());
    c->stepOnce();
    REQUIRE(waitIdle(c));
    REQUIRE(c->timeline().back()->ablatedHeads.size() == 2);
    c->selectHead(1, 2);
    c->selectQuery(2);
    c->scrubTo(2);
    window.centerTabs()->setCurrentIndex(1);
    window.teaching()->insideStep()->setStage(4);
}

// makeLesson in a window of its own, saved to `file`; the window is closed after.
void saveLesson(const QString& file) {
    auto window = windowOn(fixture());
    makeLesson(*window);
    QString error;
    REQUIRE(window->workspaces()->save(file, &error));
}

QStringList openAndWait(MainWindow& window, const QString& file) {
    QSignalSpy opened(window.workspaces(), &WorkspaceManager::opened);
    QString error;
    REQUIRE(window.workspaces()->open(file, &error));
    REQUIRE(opened.wait(20000));
    return opened.takeFirst().at(1).toStringList();
}

}  // namespace

TEST_CASE("a saved workspace opens in a new window exactly where it was", "[app][workspace]") {
    testing::TempDir dir;
    const QString file = QString::fromStdString((dir / "lesson.attnscope").string());
    auto first = windowOn(fixture());
    makeLesson(*first);
    Controller* a = first->controller();
    CHECK(first->workspaces()->isModified());
    CHECK(first->windowTitle().startsWith(QLatin1Char('*')));
    QString error;
    REQUIRE(first->workspaces()->save(file, &error));
    CHECK_FALSE(first->workspaces()->isModified());
    CHECK(first->windowTitle().startsWith(QStringLiteral("lesson.attnscope")));

    auto second = std::make_unique<MainWindow>(nullptr, false);
    second->show();
    const QStringList differences = openAndWait(*second, file);
    CHECK(differences.isEmpty());
    Controller* b = second->controller();
    CHECK(b->tokensPerSecond() == 0);  // the replay measured nothing about decoding speed
    REQUIRE(b->timeline().size() == a->timeline().size());
    for (std::size_t i = 0; i < a->timeline().size(); ++i) {
        CAPTURE(i);
        CHECK(b->timeline()[i]->tokens == a->timeline()[i]->tokens);
        CHECK(b->timeline()[i]->chosen == a->timeline()[i]->chosen);
        CHECK(b->timeline()[i]->choice == a->timeline()[i]->choice);
        CHECK(b->timeline()[i]->chosenProbability == a->timeline()[i]->chosenProbability);
    }
    CHECK(b->timeline().back()->ablatedHeads == a->timeline().back()->ablatedHeads);
    CHECK(b->timeline().back()->ablationReplacements == a->timeline().back()->ablationReplacements);
    REQUIRE(b->branches().size() == a->branches().size());
    for (std::size_t br = 0; br < a->branches().size(); ++br) {
        const auto& x = a->branches()[br];
        const auto& y = b->branches()[br];
        REQUIRE(y.size() == x.size());
        for (std::size_t i = 0; i < x.size(); ++i) {
            CHECK(y[i]->tokens == x[i]->tokens);
            CHECK(y[i]->chosen == x[i]->chosen);
            CHECK(y[i]->chosenProbability == x[i]->chosenProbability);
        }
        CHECK(y.front() == b->timeline().front());  // the shared step is shared again, not made twice
    }
    CHECK(b->ablation() == a->ablation());  // generation goes on with the same heads off
    CHECK(second->ablationPanel()->checkedHeads() == std::vector<std::pair<int, int>>{{0, 1}, {1, 3}});
    CHECK(second->ablationPanel()->mode() == views::AblationPanel::Mode::Mean);
    CHECK(second->ablationPanel()->generateWithHeadsOff());
    CHECK(b->currentStep() == 2);
    CHECK(b->selection() == a->selection());
    CHECK(second->controlPanel()->prompt() == QStringLiteral("the cat sat"));
    CHECK(second->centerTabs()->currentIndex() == 1);
    CHECK(second->teaching()->insideStep()->stage() == 4);
    CHECK_FALSE(second->workspaces()->isModified());
    CHECK(second->workspaces()->currentFile() == file);
    CHECK(second->workspaces()->recentFiles().front() == QFileInfo(file).absoluteFilePath());

    // Generating on continues the restored text rather than starting over.
    b->scrubTo(static_cast<int>(b->timeline().size()) - 1);
    b->stepOnce();
    REQUIRE(waitIdle(b));
    CHECK(b->timeline().size() == a->timeline().size() + 1);
    CHECK(second->workspaces()->isModified());
}

TEST_CASE("opening a workspace whose numbers changed says so", "[app][workspace]") {
    testing::TempDir dir;
    const QString file = QString::fromStdString((dir / "lesson.attnscope").string());
    auto window = windowOn(fixture());
    makeLesson(*window);
    QString error;
    REQUIRE(window->workspaces()->save(file, &error));
    auto j = nlohmann::json::parse(testing::readFile(file.toStdString()));
    j["timeline"]["steps"][1]["probability"] = 0.123456;
    testing::writeFile(file.toStdString(), j.dump());

    auto second = std::make_unique<MainWindow>(nullptr, false);
    second->show();
    testing::StderrCapture stderrText;
    const QStringList differences = openAndWait(*second, file);
    REQUIRE(differences.size() == 1);
    CHECK(differences.front().startsWith(QStringLiteral("Step 1: the chosen token's probability is now")));
    // Said on stderr too (a --screenshot run shows no dialog), naming the file.
    const std::string said = stderrText.text();
    CHECK_THAT(said, Catch::Contains(file.toStdString() + ": the model now computes something else"));
    CHECK_THAT(said, Catch::Contains("Step 1: the chosen token's probability is now"));
    CHECK(second->problems().join(QLatin1Char('\n')).contains(QStringLiteral("differences on replay")));
    CHECK(second->controller()->timeline().size() == window->controller()->timeline().size());  // the text is still restored
}

TEST_CASE("a workspace whose model moved or changed asks where the model is", "[app][workspace]") {
    testing::TempDir dir;
    const std::filesystem::path modelCopy = dir / "model";
    std::filesystem::create_directories(modelCopy);
    testing::copyCheckpoint("tiny-f32-prefixed", modelCopy);
    const QString file = QString::fromStdString((dir / "lesson.attnscope").string());
    {
        auto window = windowOn(QString::fromStdString(modelCopy.string()));
        makeLesson(*window);
        QString error;
        REQUIRE(window->workspaces()->save(file, &error));
    }
    std::filesystem::remove_all(modelCopy);

    auto window = std::make_unique<MainWindow>(nullptr, false);
    window->show();
    // Missing, and the user cancels: a clear error, nothing changes.
    std::vector<WorkspaceManager::ModelProblem> asked;
    window->workspaces()->setModelResolver([&](WorkspaceManager::ModelProblem p, const QString&) {
        asked.push_back(p);
        return QString();
    });
    QString error;
    CHECK_FALSE(window->workspaces()->open(file, &error));
    CHECK(error.contains(QStringLiteral("is missing")));
    CHECK(error.startsWith(file + QStringLiteral(": ")));
    REQUIRE(asked == std::vector{WorkspaceManager::ModelProblem::Missing});

    // Missing, and the user points at the same files elsewhere: the fingerprint matches.
    asked.clear();
    window->workspaces()->setModelResolver([&](WorkspaceManager::ModelProblem p, const QString&) {
        asked.push_back(p);
        return fixture();
    });
    CHECK(openAndWait(*window, file).isEmpty());
    CHECK(asked == std::vector{WorkspaceManager::ModelProblem::Missing});
    CHECK(window->controller()->timeline().size() == 4);  // makeLesson: 3 steps, then one with heads off

    // Another model in the folder: the user is asked, and may cancel.
    auto j = nlohmann::json::parse(testing::readFile(file.toStdString()));
    j["model"]["folder"] = fixture().toStdString();
    j["model"]["fingerprint"] = "0000";
    testing::writeFile(file.toStdString(), j.dump());
    asked.clear();
    window->workspaces()->setModelResolver([&](WorkspaceManager::ModelProblem p, const QString&) {
        asked.push_back(p);
        return QString();
    });
    CHECK_FALSE(window->workspaces()->open(file, &error));
    CHECK(error.contains(QStringLiteral("not the one the workspace was saved with")));
    CHECK(error.startsWith(file + QStringLiteral(": ")));
    CHECK(asked == std::vector{WorkspaceManager::ModelProblem::Different});

    // The same, with the model not loaded yet: it is loaded (and hashed) by the worker, never on
    // this thread, then found different.
    auto fresh = std::make_unique<MainWindow>(nullptr, false);
    fresh->show();
    asked.clear();
    fresh->workspaces()->setModelResolver([&](WorkspaceManager::ModelProblem p, const QString&) {
        asked.push_back(p);
        return QString();
    });
    QSignalSpy failed(fresh->workspaces(), &WorkspaceManager::openFailed);
    CHECK(fresh->workspaces()->open(file, &error));
    REQUIRE(failed.wait(10000));
    CHECK(failed.takeFirst().at(1).toString().contains(QStringLiteral("not the one the workspace was saved with")));
    CHECK(asked == std::vector{WorkspaceManager::ModelProblem::Different});
    CHECK(fresh->controller()->timeline().empty());
}

TEST_CASE("the model's fingerprint is the one earlier versions stored in workspaces", "[app][workspace][fingerprint]") {
    // The app hashed with Qt before the core did (QCryptographicHash::Blake2b_256 over each
    // file's name, size and bytes): workspaces saved then must still match.
    auto qtFingerprint = [](const QString& folder) {
        QCryptographicHash hash(QCryptographicHash::Blake2b_256);
        for (const char* name : {"config.json", "model.safetensors", "vocab.json", "merges.txt", "tokenizer.json"}) {
            QFile file(QDir(folder).filePath(QString::fromLatin1(name)));
            if (!file.exists()) continue;
            REQUIRE(file.open(QIODevice::ReadOnly));
            hash.addData(QByteArray(name) + '\0' + QByteArray::number(file.size()) + '\0');
            hash.addData(file.readAll());
        }
        return hash.result().toHex().toStdString();
    };
    for (const char* variant : {"tiny-f32-prefixed", "tiny-f16", "tiny-bf16-untied"}) {
        const auto folder = testing::checkpointDir(variant);
        CHECK(Gpt2Model::loadFolder(folder)->fingerprint() == qtFingerprint(QString::fromStdString(folder.string())));
    }
    auto window = windowOn(fixture());
    CHECK(window->workspaces()->fingerprintOfLoadedModel().toStdString() == qtFingerprint(fixture()));
}

TEST_CASE("a failed save says why and leaves the previous file as it was", "[app][workspace]") {
    testing::TempDir dir;
    auto window = windowOn(fixture());
    makeLesson(*window);
    QString error;
    const QString missingDir = QString::fromStdString((dir / "no-such-folder" / "lesson.attnscope").string());
    CHECK_FALSE(window->workspaces()->save(missingDir, &error));
    CHECK(error.contains(QStringLiteral("cannot be written")));
    CHECK(error.contains(missingDir));
    CHECK(window->workspaces()->isModified());  // still unsaved
    // The target is a directory: the save fails, and the directory is untouched.
    const std::filesystem::path blocked = dir / "blocked.attnscope";
    std::filesystem::create_directories(blocked / "inside");
    CHECK_FALSE(window->workspaces()->save(QString::fromStdString(blocked.string()), &error));
    CHECK(std::filesystem::is_directory(blocked / "inside"));
    // A full disk and a file-size limit: see the [io-faults] cases below.
}

TEST_CASE("opening a broken workspace file is a clear error that changes nothing", "[app][workspace]") {
    testing::TempDir dir;
    auto window = windowOn(fixture());
    makeLesson(*window);
    const auto before = window->controller()->timeline();
    const std::string broken = (dir / "broken.attnscope").string();
    testing::writeFile(broken, R"({"format":"attnscope-workspace","version":1,"model":{"folder":3}})");
    QString error;
    CHECK_FALSE(window->workspaces()->open(QString::fromStdString(broken), &error));
    CHECK(error.contains(QStringLiteral("field \"model.folder\" is number, expected a string")));
    CHECK(window->controller()->timeline() == before);
    CHECK_FALSE(window->workspaces()->open(QString::fromStdString(dir.path().string()), &error));
    CHECK(error.contains(QStringLiteral("not a regular file")));
}

TEST_CASE("the autosave writes a recovery file that restores the unsaved work", "[app][workspace]") {
    QStandardPaths::setTestModeEnabled(true);  // the recovery file goes to a test folder
    auto window = windowOn(fixture());
    window->workspaces()->removeRecovery();
    CHECK_FALSE(window->workspaces()->writeRecovery());  // nothing generated: nothing to recover
    makeLesson(*window);
    QString error;
    REQUIRE(window->workspaces()->writeRecovery(&error));
    REQUIRE(window->workspaces()->hasRecovery());
    CHECK(window->workspaces()->isModified());  // the recovery file is not the user's save
    CHECK(window->workspaces()->currentFile().isEmpty());

    auto second = std::make_unique<MainWindow>(nullptr, false);
    second->show();
    QSignalSpy opened(second->workspaces(), &WorkspaceManager::opened);
    // (The first window still runs, so the second has a recovery file of its own.)
    REQUIRE(second->workspaces()->open(window->workspaces()->recoveryFile(), &error, true));
    REQUIRE(opened.wait(20000));
    CHECK(second->controller()->timeline().size() == window->controller()->timeline().size());
    CHECK(second->workspaces()->isModified());
    CHECK(second->workspaces()->currentFile().isEmpty());
    // A clean close removes it.
    window->close();
    CHECK_FALSE(window->workspaces()->hasRecovery());
    QStandardPaths::setTestModeEnabled(false);
}

namespace {

// A full disk where the test may mount one, else a file-size limit: both make write() fail.
struct FullDisk {
    testing::SmallTmpfs disk{"size=256k"};
    testing::TempDir plain;
    std::unique_ptr<testing::FileSizeLimit> limit;
    std::filesystem::path folder() const { return disk.mounted() ? disk.path() : plain.path(); }
    void fill() {
        if (disk.mounted()) disk.fill();
        else limit = std::make_unique<testing::FileSizeLimit>(1000);
    }
};

}  // namespace

TEST_CASE("a save onto a full disk keeps the previous file whole, the '*' and the recovery file, and says so",
          "[app][workspace][io-faults]") {
    QStandardPaths::setTestModeEnabled(true);
    FullDisk full;
    auto window = windowOn(fixture());
    makeLesson(*window);
    const QString file = QString::fromStdString((full.folder() / "lesson.attnscope").string());
    QString error;
    REQUIRE(window->workspaces()->save(file, &error));
    const std::string before = testing::readFile(file.toStdString());
    REQUIRE(before.size() > 1000);

    // More work, autosaved, then the disk fills up.
    window->controller()->state().editSettings([&](app::GenerationSettings& s) { s.maxNewTokens = 2; });
    window->controller()->generate();
    REQUIRE(waitIdle(window->controller()));
    REQUIRE(window->workspaces()->isModified());
    REQUIRE(window->workspaces()->writeRecovery(&error));
    full.fill();
    window->saveWorkspaceAction()->trigger();

    CHECK(testing::readFile(file.toStdString()) == before);      // not emptied, not half-written
    CHECK(window->workspaces()->isModified());                    // the title keeps its '*'
    CHECK(window->windowTitle().contains(QLatin1Char('*')));
    CHECK(window->workspaces()->hasRecovery());                   // the autosave is not thrown away
    REQUIRE_FALSE(window->problems().isEmpty());
    CHECK(window->problems().back().contains(file));
    CHECK(window->problems().back().contains(QStringLiteral("the previous file is unchanged")));
    CHECK(strayTemporaries(file.toStdString()).empty());
    full.limit.reset();
    window->workspaces()->removeRecovery();
    QStandardPaths::setTestModeEnabled(false);
}

TEST_CASE("a failing autosave keeps the previous recovery file and is said once until it works again",
          "[app][workspace][io-faults]") {
    QStandardPaths::setTestModeEnabled(true);
    auto window = windowOn(fixture());
    makeLesson(*window);
    WorkspaceManager* w = window->workspaces();
    QSignalSpy failed(w, &WorkspaceManager::autosaveFailed);
    QString error;
    REQUIRE(w->writeRecovery(&error));
    const std::string before = testing::readFile(w->recoveryFile().toStdString());
    const auto problemsBefore = window->problems().size();

    {
        testing::FileSizeLimit limit(100);  // the disk is "full"
        CHECK_FALSE(w->writeRecovery(&error));
        CHECK_FALSE(w->writeRecovery(&error));  // a minute later: still failing, not said again
    }
    CHECK(failed.count() == 1);
    CHECK(failed.front().front().toString().contains(w->recoveryFile()));
    CHECK(testing::readFile(w->recoveryFile().toStdString()) == before);
    CHECK(window->problems().size() == problemsBefore + 1);

    REQUIRE(w->writeRecovery(&error));  // room again
    // A folder where the recovery file should be: failing again is said again.
    w->removeRecovery();
    QDir().mkpath(w->recoveryFile() + QStringLiteral("/inside"));
    CHECK_FALSE(w->writeRecovery(&error));
    CHECK(failed.count() == 2);
    CHECK(error.contains(QStringLiteral("is a folder")));
    QDir(w->recoveryFile()).removeRecursively();
    QStandardPaths::setTestModeEnabled(false);
}

TEST_CASE("a complete temporary copy of the recovery file left by a kill is offered, and the others are removed",
          "[app][workspace][io-faults]") {
    QStandardPaths::setTestModeEnabled(true);
    std::string saved;
    {
        auto window = windowOn(fixture());
        makeLesson(*window);
        saved = workspace::toJson(window->workspaces()->capture());
        window->workspaces()->setModified(false);
    }
    // (Other test processes may hold slots of their own: the strays are put beside whichever
    // recovery file this window holds.)
    auto next = std::make_unique<MainWindow>(nullptr, false);
    const QString recovery = next->workspaces()->recoveryFile();
    next->workspaces()->removeRecovery();
    const std::filesystem::path folder = std::filesystem::path(recovery.toStdString()).parent_path();
    const std::string name = std::filesystem::path(recovery.toStdString()).filename().string();
    // The kill came after the last byte, before the rename; an older attempt was cut short.
    testing::writeFile(folder / ("." + name + ".tmp-AAAAAA"), saved.substr(0, saved.size() / 2));
    std::filesystem::last_write_time(folder / ("." + name + ".tmp-AAAAAA"),
                                     std::filesystem::file_time_type::clock::now() - std::chrono::minutes(2));
    testing::writeFile(folder / ("." + name + ".tmp-BBBBBB"), saved);

    CHECK_FALSE(next->workspaces()->hasRecovery());
    CHECK_FALSE(next->workspaces()->adoptStrayRecovery().isEmpty());
    CHECK(next->workspaces()->hasRecovery());
    CHECK(testing::readFile(recovery.toStdString()) == saved);
    CHECK(strayTemporaries(recovery.toStdString()).empty());  // the cut one is gone too
    next->workspaces()->removeRecovery();
    QStandardPaths::setTestModeEnabled(false);
}

TEST_CASE("a second instance autosaves to a file of its own and does not offer the first one's live session",
          "[app][workspace]") {
    QStandardPaths::setTestModeEnabled(true);
    auto first = windowOn(fixture());
    makeLesson(*first);
    QString error;
    REQUIRE(first->workspaces()->writeRecovery(&error));
    auto second = std::make_unique<MainWindow>(nullptr, false);
    CHECK(second->workspaces()->recoveryFile() != first->workspaces()->recoveryFile());
    CHECK_FALSE(second->workspaces()->hasRecovery());
    first->workspaces()->removeRecovery();
    QStandardPaths::setTestModeEnabled(false);
}

TEST_CASE("a workspace whose replay would not fit in memory is refused before it starts", "[app][workspace][bounds]") {
    testing::TempDir dir;
    const QString file = QString::fromStdString((dir / "lesson.attnscope").string());
    saveLesson(file);
    auto window = std::make_unique<MainWindow>(nullptr, false);
    window->show();
    // makeLesson's text: a 3-token prompt ("the cat sat"), its line and a branch; 1 KiB holds
    // not even one recorded position of the tiny model (2 layers x 5 slots x 32 floats).
    window->workspaces()->setReplayMemoryBudget(1024);
    QSignalSpy failed(window->workspaces(), &WorkspaceManager::openFailed);
    QString error;
    REQUIRE(window->workspaces()->open(file, &error));
    REQUIRE(failed.wait(10000));
    const QString message = failed.takeFirst().at(1).toString();
    CHECK(message.contains(file));
    CHECK(message.contains(QStringLiteral("was not opened: making its")));
    CHECK(message.contains(QStringLiteral("more than the 0 MB")));
    CHECK(window->controller()->timeline().empty());
    CHECK_FALSE(window->controller()->isGenerating());

    // With the default budget (half of MemAvailable) the same file opens.
    window->workspaces()->setReplayMemoryBudget(std::nullopt);
    CHECK(openAndWait(*window, file).isEmpty());
    CHECK(window->controller()->timeline().size() == 4);
}
