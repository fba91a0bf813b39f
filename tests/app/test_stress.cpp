// Rough use: a seeded, reproducible storm of random actions on the window — generate, pause,
// step, back, force a token, scrub, change the selection and the sampling settings, switch
// tabs, open another model mid-generation, save and reopen a workspace, close a window while it
// generates — with the invariants checked after every action.
//
// CI runs a short storm. The long one:
//   ATTNSCOPE_STRESS_ACTIONS=5000 ATTNSCOPE_STRESS_SEED=7 build/tests/attnscope_gui_tests "[stress]"
#include <catch2/catch.hpp>

#include <QElapsedTimer>
#include <QMutex>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTest>

#include <unistd.h>

#include <fstream>
#include <random>

#include "app/ControlPanel.h"
#include "app/Controller.h"
#include "app/MainWindow.h"
#include "app/TeachingPanels.h"
#include "app/WorkspaceManager.h"
#include "tests/model/Fixtures.h"
#include "views/AttentionHeatmap.h"
#include "views/InsideStepView.h"
#include "views/ProbabilityBars.h"
#include "views/TokenPaths.h"

using attnscope::app::Controller;
using attnscope::app::MainWindow;
using namespace attnscope;

namespace {

// Qt's warnings during the storm (cross-thread object use, painting outside paint events...).
QStringList g_warnings;
QMutex g_warningsMutex;
QtMessageHandler g_previousHandler = nullptr;

void recordWarnings(QtMsgType type, const QMessageLogContext& context, const QString& message) {
    if (type == QtWarningMsg || type == QtCriticalMsg || type == QtFatalMsg) {
        // The offscreen platform's notes about window hints are not problems of ours.
        if (!message.contains(QStringLiteral("propagateSizeHints")) && !message.contains(QStringLiteral("XDG_RUNTIME_DIR"))) {
            QMutexLocker lock(&g_warningsMutex);
            g_warnings << message;
        }
    }
    if (g_previousHandler) g_previousHandler(type, context, message);
}

int envInt(const char* name, int fallback) {
    bool ok = false;
    const int v = qEnvironmentVariableIntValue(name, &ok);
    return ok ? v : fallback;
}

QString fixture(const char* variant) { return QString::fromStdString(testing::checkpointDir(variant).string()); }

// The timeline is one consistent chain: step i is record i, each record's text is the previous
// text plus the previous choice, and the step on screen exists.
// A line of steps is one chain: step i is record i, each text the previous text plus its choice.
void checkChain(const std::vector<StepRecordPtr>& line) {
    for (std::size_t i = 0; i < line.size(); ++i) {
        REQUIRE(line[i]->step == static_cast<int>(i));
        if (i > 0) {
            std::vector<std::int32_t> expected = line[i - 1]->tokens;
            expected.push_back(line[i - 1]->chosen);
            REQUIRE(line[i]->tokens == expected);
        }
    }
}

void checkTimeline(const Controller& c) {
    const auto& timeline = c.timeline();
    checkChain(timeline);
    // Every branch is such a chain from the same prompt step, and none is part of the timeline.
    for (const auto& branch : c.branches()) {
        REQUIRE_FALSE(branch.empty());
        checkChain(branch);
        if (!timeline.empty()) REQUIRE(branch.front()->tokens == timeline.front()->tokens);
        const std::size_t n = branch.size();
        const bool contained = n <= timeline.size() && branch.back()->tokens == timeline[n - 1]->tokens &&
                               branch.back()->chosen == timeline[n - 1]->chosen;
        REQUIRE_FALSE(contained);
    }
    if (timeline.empty()) {
        REQUIRE(c.currentStep() == -1);
    } else {
        REQUIRE(c.currentStep() >= 0);
        REQUIRE(c.currentStep() < static_cast<int>(timeline.size()));
    }
}

// When nothing is running, every view shows the controller's current record.
void checkViewsFollow(MainWindow& w) {
    Controller* c = w.controller();
    if (c->isGenerating() || c->isLoading()) return;
    QTest::qWait(40);  // the views coalesce updates on a zero-length timer
    w.heatmap()->flush();
    const StepRecordPtr current = c->currentRecord();
    REQUIRE(w.heatmap()->record() == current);
    REQUIRE(w.tokenPaths()->record() == current);
    REQUIRE(w.probabilityBars()->record() == current);
}

// Resident memory of this process, MiB (/proc/self/statm).
double residentMiB() {
    std::ifstream statm("/proc/self/statm");
    long pages = 0, resident = 0;
    statm >> pages >> resident;
    return static_cast<double>(resident) * static_cast<double>(::sysconf(_SC_PAGESIZE)) / (1024.0 * 1024.0);
}

// A prompt of about 200 tokens for the embedded model: step 0 runs it in two 128-position chunks.
QString longPrompt() {
    QString text;
    for (int i = 0; i < 28; ++i) text += QStringLiteral("The cat sat on the mat. ");
    return text;
}

bool waitIdle(Controller* c, int ms) {
    QElapsedTimer t;
    t.start();
    while ((c->isGenerating() || c->isLoading()) && t.elapsed() < ms) QTest::qWait(5);
    return !c->isGenerating() && !c->isLoading();
}

}  // namespace

TEST_CASE("a seeded storm of random actions keeps the timeline and the views consistent", "[app][stress]") {
    const int actions = envInt("ATTNSCOPE_STRESS_ACTIONS", 400);
    const int seed = envInt("ATTNSCOPE_STRESS_SEED", 20261125);
    INFO("seed " << seed << ", " << actions << " actions (ATTNSCOPE_STRESS_SEED / ATTNSCOPE_STRESS_ACTIONS)");
    g_warnings.clear();
    g_previousHandler = qInstallMessageHandler(recordWarnings);
    testing::TempDir dir;
    const QString workspaceFile = QString::fromStdString((dir / "storm.attnscope").string());
    // models[0] is a copy, so that the storm can truncate and replace its weights under the
    // window; models[2] has a 256-token context, for prompts that fill 128-position chunks.
    std::filesystem::create_directories(dir / "model");
    testing::copyCheckpoint("tiny-f32-prefixed", dir / "model");
    const std::filesystem::path changingWeights = dir / "model" / "model.safetensors";
    const std::string originalWeights = testing::readFile(changingWeights);
    const QString models[] = {QString::fromStdString((dir / "model").string()), fixture("tiny-f16"),
                              QString::fromStdString(Gpt2Model::embeddedModelFolder().string())};
    auto isEmbedded = [&](const attnscope::app::ModelPtr& m) { return m && m->config().nPositions > 16; };
    // Opens a model, with a prompt that fits it (the tiny models' context is 16 tokens).
    auto openModel = [&](MainWindow& w, int which) {
        if (which != 2) w.controlPanel()->setPrompt(QStringLiteral("the cat sat"));
        w.openModel(models[which]);
    };
    QStringList provoked;  // the problems the storm caused on purpose (I/O faults)
    int faultsSurvived = 0, fileChanges = 0, longPrefills = 0;
    double baselineMiB = 0, worstGrowthMiB = 0;

    auto window = std::make_unique<MainWindow>(nullptr, false);
    window->show();
    {
        QSignalSpy loaded(window->controller(), &Controller::modelChanged);
        window->openModel(models[0]);
        REQUIRE(loaded.wait(10000));
    }
    // The default prompt is longer than the tiny models' 16-token context (a clear error, which
    // the storm would report): start from one that fits.
    window->controlPanel()->setPrompt(QStringLiteral("the cat sat"));
    baselineMiB = residentMiB();
    std::mt19937 rng(static_cast<std::uint32_t>(seed));
    auto pick = [&](int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); };
    constexpr int kActions = 21;
    int counts[kActions] = {};

    for (int i = 0; i < actions; ++i) {
        Controller* c = window->controller();
        const attnscope::app::ModelPtr model = c->model();
        const int action = pick(kActions);
        ++counts[action];
        CAPTURE(i, action);
        if (i >= envInt("ATTNSCOPE_STRESS_TRACE_FROM", 1 << 30)) {
            std::fprintf(stderr, "storm %d: action %d, timeline %zu, branches %zu, current %d, generating %d, model %s\n", i, action,
                         c->timeline().size(), c->branches().size(), c->currentStep(), c->isGenerating() ? 1 : 0,
                         model ? model->name().c_str() : "-");
        }
        switch (action) {
            case 0: {
                const int tokens = 1 + pick(6);
                c->state().editSettings([&](app::GenerationSettings& s) { s.maxNewTokens = tokens; });
                c->generate();
                break;
            }
            case 1: c->pause(); break;
            case 2: c->stepOnce(); break;
            case 3: c->back(); break;
            case 4:
                if (!c->timeline().empty()) c->scrubTo(pick(static_cast<int>(c->timeline().size())));
                break;
            case 5:
                if (const StepRecordPtr r = c->currentRecord(); r && !r->topK.empty()) c->forceToken(r->topK[static_cast<std::size_t>(pick(static_cast<int>(r->topK.size())))].token);
                break;
            case 6:
                if (const StepRecordPtr r = c->currentRecord()) c->selectQuery(pick(r->length() + 1) - 1);
                break;
            case 7:
                if (model) c->selectHead(pick(model->config().nLayer), pick(model->config().nHead));
                break;
            case 8: {
                c->state().editSettings([&](app::GenerationSettings& g) {
                    g.sampling.greedy = pick(2) == 0;
                    g.sampling.temperature = 0.2f + 0.3f * static_cast<float>(pick(6));
                    g.sampling.topK = pick(3) * 10;
                    g.sampling.seed = static_cast<std::uint64_t>(pick(1000));
                });
                break;
            }
            case 9: window->controlPanel()->setPrompt(pick(2) ? QStringLiteral("the cat sat") : QStringLiteral("A robot must")); break;
            case 10: c->reset(); break;
            case 11:
                if (pick(4) == 0) openModel(*window, pick(3));  // mid-generation too
                break;
            case 12:
                window->centerTabs()->setCurrentIndex(pick(window->centerTabs()->count()));
                window->teaching()->insideStep()->setStage(pick(8));
                break;
            case 13: {
                views::Selection s = c->selection();
                s.averageHeads = !s.averageHeads;
                c->setSelection(s);
                break;
            }
            case 14:
                // Save, then reopen what was saved, once things are quiet.
                if (pick(3) == 0 && waitIdle(c, 10000) && !c->timeline().empty()) {
                    QString error;
                    const std::size_t savedSteps = c->timeline().size();
                    REQUIRE(window->workspaces()->save(workspaceFile, &error));
                    QSignalSpy opened(window->workspaces(), &attnscope::app::WorkspaceManager::opened);
                    REQUIRE(window->workspaces()->open(workspaceFile, &error));
                    REQUIRE(opened.wait(20000));
                    // The remade steps match the saved ones to the last bit, however the storm
                    // got to them (going back, branches, heads switched off and on).
                    const QStringList differences = opened.takeFirst().at(1).toStringList();
                    for (const QString& d : differences) UNSCOPED_INFO("workspace remade with a difference: " << d.toStdString());
                    CHECK(differences.isEmpty());
                    REQUIRE(window->controller()->timeline().size() == savedSteps);
                }
                break;
            case 16:  // show another branch (ignored while generating)
                if (!c->branches().empty()) c->switchToBranch(pick(static_cast<int>(c->branches().size())));
                break;
            case 17: {  // switch a head off for generation, or all back on
                AblationSet heads;
                if (model && pick(2) == 0) heads.push_back({pick(model->config().nLayer), pick(model->config().nHead), {}});
                c->setAblation(heads);
                break;
            }
            case 15:
                // Close the window while it generates, and carry on with a new one.
                if (pick(8) == 0) {
                    c->state().editSettings([&](app::GenerationSettings& s) { s.maxNewTokens = 10; });
                    c->generate();
                    QTest::qWait(pick(20));
                    window->close();
                    window.reset();
                    window = std::make_unique<MainWindow>(nullptr, false);
                    window->show();
                    window->controlPanel()->setPrompt(QStringLiteral("A robot must"));
                    QSignalSpy loaded(window->controller(), &Controller::modelChanged);
                    openModel(*window, pick(3));
                    REQUIRE(loaded.wait(20000));
                }
                break;
            case 18: {
                // An I/O fault during a save or an autosave: the previous file stays whole, the
                // failure is said, the work stays unsaved.
                if (!waitIdle(c, 10000) || c->timeline().empty()) break;
                QString error;
                REQUIRE(window->workspaces()->save(workspaceFile, &error));
                // Unsaved again: another prompt (setting the same one again changes nothing).
                pick(2);  // drawn as before, so that a seed replays the same storm
                window->controlPanel()->setPrompt(window->controlPanel()->prompt() == QStringLiteral("the dog sat")
                                                      ? QStringLiteral("A robot must")
                                                      : QStringLiteral("the dog sat"));
                const std::string saved = testing::readFile(workspaceFile.toStdString());
                const int fault = pick(4);
                bool failed = false;
                if (fault == 0) {  // the folder vanished
                    const auto gone = dir / "gone";
                    std::filesystem::create_directories(gone);
                    std::filesystem::remove_all(gone);
                    failed = !window->workspaces()->save(QString::fromStdString((gone / "x.attnscope").string()), &error);
                } else if (fault == 1) {  // the disk is full (the file size limit stands in for it)
                    testing::FileSizeLimit limit(512);
                    failed = !window->workspaces()->save(workspaceFile, &error);
                } else if (fault == 2) {  // a folder where the file should be
                    const auto blocked = dir / "blocked.attnscope";
                    std::filesystem::create_directories(blocked / "inside");
                    failed = !window->workspaces()->save(QString::fromStdString(blocked.string()), &error);
                    REQUIRE(std::filesystem::is_directory(blocked / "inside"));
                } else {  // the autosave, on a full disk
                    testing::FileSizeLimit limit(512);
                    failed = !window->workspaces()->writeRecovery(&error);
                    provoked << error;
                }
                REQUIRE(failed);
                REQUIRE_FALSE(error.isEmpty());
                REQUIRE(testing::readFile(workspaceFile.toStdString()) == saved);
                REQUIRE(window->workspaces()->isModified());
                REQUIRE(window->workspaces()->writeRecovery(&error));  // and it works again
                ++faultsSurvived;
                break;
            }
            case 19: {
                // The model's weights truncated or replaced while it generates (with the file
                // mapped, the next matrix product died of SIGBUS), then put back.
                if (!waitIdle(c, 10000) || !model || model->folder() != std::filesystem::absolute(dir / "model")) break;
                c->state().editSettings([&](app::GenerationSettings& s) { s.maxNewTokens = 1 + pick(6); });
                c->generate();
                if (pick(2) == 0) {
                    REQUIRE(::truncate(changingWeights.c_str(), 0) == 0);
                } else {
                    testing::writeFile(dir / "replacement", originalWeights);
                    std::filesystem::rename(dir / "replacement", changingWeights);
                }
                REQUIRE(waitIdle(c, 10000));
                c->stepOnce();  // a run after the change: it is noticed, and the run goes on
                REQUIRE(waitIdle(c, 10000));
                testing::writeFile(dir / "replacement", originalWeights);
                std::filesystem::rename(dir / "replacement", changingWeights);
                ++fileChanges;
                break;
            }
            case 20:
                // A prompt of ~200 tokens on the embedded model: step 0 in two prefill chunks.
                if (isEmbedded(model) && waitIdle(c, 10000)) {
                    window->controlPanel()->setPrompt(longPrompt());
                    c->state().editSettings([&](app::GenerationSettings& s) { s.maxNewTokens = 1 + pick(4); });
                    c->generate();
                    ++longPrefills;
                }
                break;
        }
        QTest::qWait(pick(25));
        checkTimeline(*window->controller());
        if (pick(4) == 0) {
            REQUIRE(waitIdle(window->controller(), 10000));
            checkTimeline(*window->controller());
            checkViewsFollow(*window);
            // Memory stays bounded run after run: the records of the text on screen and its
            // branches, never a leak that grows with the number of runs.
            worstGrowthMiB = std::max(worstGrowthMiB, residentMiB() - baselineMiB);
            REQUIRE(residentMiB() - baselineMiB < 400.0);
        }
    }
    WARN("storm figures: " << actions << " actions, I/O faults survived " << faultsSurvived << ", model file changes " << fileChanges << ", long prefills "
                                          << longPrefills << ", worst resident growth " << worstGrowthMiB << " MiB");
    REQUIRE(waitIdle(window->controller(), 10000));
    checkTimeline(*window->controller());
    checkViewsFollow(*window);
    // Nothing went wrong but what the storm provoked (the failed autosaves).
    QStringList unexpected;
    for (const QString& p : window->problems()) {
        if (!provoked.contains(p)) unexpected << p;
    }
    for (const QString& p : unexpected) UNSCOPED_INFO("reported: " << p.toStdString());
    CHECK(unexpected.isEmpty());
    window.reset();
    qInstallMessageHandler(g_previousHandler);
    for (int a = 0; a < kActions; ++a) CHECK(counts[a] > 0);  // every kind of action happened
    for (const QString& w : g_warnings) UNSCOPED_INFO(w.toStdString());
    CHECK(g_warnings.isEmpty());
}
