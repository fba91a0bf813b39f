// The window with the controller and the worker thread: loading, generating, pausing,
// stepping back and branching, forcing a token, and changing the model mid-session.
#include <catch2/catch.hpp>

#include <set>

#include <QAction>
#include <QFileInfo>
#include <QImage>
#include <sstream>
#include <thread>
#include <QAbstractItemView>
#include <QGroupBox>
#include <QLabel>
#include <QAbstractButton>
#include <QRegularExpression>
#include <QCheckBox>
#include <QDialog>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QTextBrowser>
#include <QTranslator>
#include <QTemporaryDir>
#include <QComboBox>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QClipboard>
#include <QPlainTextEdit>
#include <QTextCursor>
#include "app/PromptEdit.h"
#include <QProcess>
#include <QStatusBar>
#include <QSignalSpy>
#include <QSlider>
#include <QTest>

#include "app/ControlPanel.h"
#include "views/CoreText.h"
#include "app/Controller.h"
#include "app/GuidedLesson.h"
#include "app/Language.h"
#include "app/ExportActions.h"
#include "app/MainWindow.h"
#include <qcustomplot.h>

#include "views/AblationPanel.h"
#include "views/AttentionHeatmap.h"
#include "views/ComparePromptsView.h"
#include "views/HeadGrid.h"
#include "views/HeadScoreModel.h"
#include "model/HeadScores.h"
#include "views/HeadScoresView.h"
#include "views/InsideStepView.h"
#include "views/KvCacheView.h"
#include "views/TokenPathView.h"
#include "app/TeachingPanels.h"
#include <QTabBar>
#include <QTabWidget>
#include "views/AblationBars.h"
#include "views/LogitLensView.h"
#include "views/ModelAnatomyView.h"
#include "views/ProbabilityBars.h"
#include "views/TokenPaths.h"
#include "views/TokenStrip.h"
#include "tests/model/Fixtures.h"
#include "tests/app/WindowFixtures.h"

using attnscope::app::Controller;
using attnscope::app::MainWindow;
using namespace attnscope;

using namespace attnscope::testing;

TEST_CASE("main window shows offscreen in its empty state and closes cleanly", "[app]") {
    auto window = std::make_unique<MainWindow>(nullptr, false);
    window->show();
    REQUIRE(QTest::qWaitForWindowExposed(window.get()));
    CHECK(window->showsEmptyState());
    CHECK(window->openModelAction()->shortcut() == QKeySequence(QKeySequence::Open));
    CHECK_FALSE(window->generateAction()->isEnabled());
    const QImage image = window->grab().toImage();
    REQUIRE(!image.isNull());
    bool varied = false;
    const QRgb first = image.pixel(0, 0);
    for (int y = 0; y < image.height() && !varied; y += 7) {
        for (int x = 0; x < image.width() && !varied; x += 7) varied = image.pixel(x, y) != first;
    }
    CHECK(varied);
    CHECK(window->close());
}

TEST_CASE("docks that share a place show their whole titles as tabs", "[app]") {
    auto window = std::make_unique<MainWindow>(nullptr, false);
    window->resize(1360, 860);
    window->show();
    REQUIRE(QTest::qWaitForWindowExposed(window.get()));
    QStringList titles;
    int bars = 0;
    for (QTabBar* bar : window->findChildren<QTabBar*>()) {
        if (bar->parentWidget() != window.get() || !bar->isVisible()) continue;  // the centre's tabs are not docks
        ++bars;
        CHECK(bar->elideMode() == Qt::ElideNone);
        CHECK(bar->usesScrollButtons());
        for (int i = 0; i < bar->count(); ++i) titles << bar->tabText(i);
    }
    CHECK(bars == 2);  // the right-hand column's research docks; all heads and the model anatomy
    CHECK(titles.contains(QStringLiteral("Switch heads off")));
    CHECK(titles.contains(QStringLiteral("Model anatomy")));
}

TEST_CASE("generating N tokens delivers N records, in order, to the timeline", "[app][generate]") {
    auto window = windowWithModel();
    Controller* c = window->controller();
    CHECK_FALSE(window->showsEmptyState());
    c->state().editSettings([&](app::GenerationSettings& s) { s.prompt = QStringLiteral("Hello, the"); });
    c->state().editSettings([&](app::GenerationSettings& s) { s.maxNewTokens = 5; });
    QSignalSpy records(c, &Controller::currentRecordChanged);
    window->generateAction()->trigger();
    REQUIRE(waitUntilIdle(c));
    REQUIRE(c->timeline().size() == 5);
    for (int i = 0; i < 5; ++i) CHECK(c->timeline()[i]->step == i);
    CHECK(records.count() >= 5);
    CHECK(c->currentStep() == 4);
    CHECK(window->timeline()->maximum() == 4);
    // The text grows by exactly the chosen tokens.
    for (int i = 1; i < 5; ++i) CHECK(c->timeline()[i]->tokens.back() == c->timeline()[i - 1]->chosen);
}

TEST_CASE("Step adds exactly one token, and Back then Step branches", "[app][generate]") {
    auto window = windowWithModel();
    Controller* c = window->controller();
    c->state().editSettings([&](app::GenerationSettings& s) { s.prompt = QStringLiteral("the cat"); });
    window->stepAction()->trigger();
    REQUIRE(waitUntilIdle(c));
    REQUIRE(c->timeline().size() == 1);
    window->stepAction()->trigger();
    REQUIRE(waitUntilIdle(c));
    window->stepAction()->trigger();
    REQUIRE(waitUntilIdle(c));
    REQUIRE(c->timeline().size() == 3);
    const StepRecordPtr oldStep2 = c->timeline()[2];

    window->backAction()->trigger();
    CHECK(c->currentStep() == 1);
    CHECK(c->timeline().size() == 3);  // going back shows, it does not delete
    // Branch: force another candidate at step 1, then continue.
    const std::int32_t alternative = c->currentRecord()->topK[2].token;
    c->forceToken(alternative);
    REQUIRE(waitUntilIdle(c));
    REQUIRE(c->timeline().size() == 3);
    CHECK(c->timeline()[1]->chosen == alternative);
    CHECK(c->timeline()[1]->choice == ChoiceKind::Forced);
    CHECK(c->timeline()[2]->tokens.back() == alternative);
    CHECK(c->timeline()[2] != oldStep2);
}

TEST_CASE("the old continuation stays as a branch: listed, shown again, and continued", "[app][generate][branches]") {
    auto window = windowWithModel();
    Controller* c = window->controller();
    c->state().editSettings([&](app::GenerationSettings& s) { s.prompt = QStringLiteral("the cat sat"); });
    c->state().editSettings([&](app::GenerationSettings& s) { s.maxNewTokens = 6; });
    window->generateAction()->trigger();
    REQUIRE(waitUntilIdle(c));
    const std::vector<StepRecordPtr> first = c->timeline();  // steps 0..5
    REQUIRE(first.size() == 6);
    CHECK(c->branches().empty());
    CHECK_FALSE(window->branchBox()->isEnabled());

    // Back to step 2, another candidate forced there: the first line becomes a branch.
    c->scrubTo(2);
    const std::int32_t alternative = c->currentRecord()->topK[1].token;
    c->forceToken(alternative);
    REQUIRE(waitUntilIdle(c));
    REQUIRE(c->branches().size() == 1);
    CHECK(c->branches()[0] == first);
    CHECK(c->forkStep(0) == 2);
    CHECK(c->timeline()[2]->chosen == alternative);
    REQUIRE(window->branchBox()->count() == 2);
    CHECK(window->branchBox()->isEnabled());
    CHECK(window->branchBox()->itemText(1).startsWith(QStringLiteral("from step 2: ")));
    const std::vector<StepRecordPtr> second = c->timeline();

    // Choosing the branch in the box shows the first line again, at the step where they part.
    window->branchBox()->activated(1);
    CHECK(c->timeline() == first);
    CHECK(c->currentStep() == 2);
    CHECK(c->currentRecord() == first[2]);
    REQUIRE(c->branches().size() == 1);
    CHECK(c->branches()[0] == second);  // the line just left is a branch now

    // Continuing the first line from its end (the worker's session held the second line): the
    // new steps are those the first line would have had, without a restart.
    c->scrubTo(5);
    window->stepAction()->trigger();
    REQUIRE(waitUntilIdle(c));
    REQUIRE(c->timeline().size() == 7);
    for (int i = 0; i < 6; ++i) CHECK(c->timeline()[i] == first[i]);
    CHECK(c->timeline()[6]->tokens.back() == first[5]->chosen);
    CHECK(c->timeline()[6]->positions[3] == first[5]->positions[3]);  // shared, not made again

    // Going back and generating the same (greedy) continuation again does not make a duplicate.
    c->scrubTo(4);
    window->stepAction()->trigger();
    REQUIRE(waitUntilIdle(c));
    CHECK(c->timeline()[5]->chosen == first[5]->chosen);
    CHECK(c->branches().size() == 2);  // the 7-step line (now cut) and the second line
    window->stepAction()->trigger();
    REQUIRE(waitUntilIdle(c));
    window->stepAction()->trigger();
    REQUIRE(waitUntilIdle(c));
    CHECK(c->branches().size() == 1);  // caught up: the cut line is the timeline again
    CHECK(c->branches()[0] == second);

    // A new prompt, or Reset, forgets the branches.
    window->resetAction()->trigger();
    CHECK(c->branches().empty());
    CHECK(window->branchBox()->count() == 1);
}

TEST_CASE("Pause stops a slowly paced run without waiting for the pace", "[app][generate]") {
    auto window = windowWithModel();
    Controller* c = window->controller();
    setRun(c, "the", 10, 5000);
    window->generateAction()->trigger();
    QElapsedTimer t;
    t.start();
    while (c->timeline().size() < 1 && t.elapsed() < 10000) QTest::qWait(5);
    REQUIRE(c->timeline().size() == 1);
    REQUIRE(c->isGenerating());
    t.restart();
    window->pauseAction()->trigger();
    REQUIRE(waitUntilIdle(c, 4000));  // far less than the 5 s pace: the pause cut it short
    CHECK(c->timeline().size() == 1);
}

// Pause pressed in the same moment as Generate, before the worker has begun the run: the run
// must still stop (the worker used to clear the stop flag when it began, losing the Pause).
TEST_CASE("Pause pressed before the worker begins the run still stops it", "[app][generate]") {
    auto window = windowWithModel();
    Controller* c = window->controller();
    setRun(c, "the", 10, 5000);
    for (int attempt = 0; attempt < 5; ++attempt) {
        CAPTURE(attempt);
        c->reset();
        c->generate();
        c->pause();
        REQUIRE(waitUntilIdle(c, 4000));  // far less than one 5 s pace: the pause was not lost
        CHECK(c->timeline().size() <= 1);
    }
    // A later run is not stopped by the earlier pauses.
    setRun(c, "the", 3);
    c->reset();
    c->generate();
    REQUIRE(waitUntilIdle(c));
    CHECK(c->timeline().size() == 3);
}

TEST_CASE("a bad folder leaves the current model loaded", "[app][load]") {
    auto window = windowWithModel();
    Controller* c = window->controller();
    const attnscope::app::ModelPtr before = c->model();
    testing::TempDir empty;
    QSignalSpy failed(c, &Controller::loadFailed);
    // A window that does not persist (tests, --screenshot) says it in its status bar and on
    // stderr, not in a modal dialog nobody could close.
    window->openModel(QString::fromStdString(empty.path().string()));
    REQUIRE(failed.wait(10000));
    CHECK_THAT(failed.front().at(1).toString().toStdString(), Catch::Contains("config.json"));
    CHECK(c->model() == before);
    CHECK(window->generateAction()->isEnabled());
    REQUIRE_FALSE(window->problems().isEmpty());
    CHECK(window->problems().back() == failed.front().at(1).toString());
    CHECK(window->statusBar()->currentMessage().contains(QStringLiteral("config.json")));
}

#if defined(ATTNSCOPE_APP_BINARY)
TEST_CASE("attnscope --screenshot fails with a message and exit status 1 when there is nothing to show", "[app][load]") {
    testing::TempDir config;
    auto run = [&](const QStringList& arguments) {
        QProcess app;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), QString::fromStdString(config.path().string()));  // no last model, no recovery
        app.setProcessEnvironment(env);
        app.start(QStringLiteral(ATTNSCOPE_APP_BINARY), arguments);
        REQUIRE(app.waitForStarted(10000));
        const bool finished = app.waitForFinished(60000);  // it used to wait forever behind a dialog
        if (!finished) app.kill();
        REQUIRE(finished);
        return std::pair{app.exitCode(), QString::fromLocal8Bit(app.readAllStandardError())};
    };
    const QString shot = QString::fromStdString((config.path() / "shot.png").string());
    const QString missing = QString::fromStdString((config.path() / "no such model").string());

    SECTION("a model folder that does not exist") {
        const auto [status, errors] = run({QStringLiteral("--model"), missing, QStringLiteral("--screenshot"), shot});
        CHECK(status == 1);
        CHECK(errors.contains(QStringLiteral("no such model: does not exist")));
    }
    SECTION("a workspace that does not exist") {
        const auto [status, errors] = run({missing + QStringLiteral(".attnscope"), QStringLiteral("--screenshot"), shot});
        CHECK(status == 1);
        CHECK(errors.contains(QStringLiteral("cannot open the workspace"), Qt::CaseInsensitive));
    }
    SECTION("a prompt longer than the embedded model's context") {
        const auto [status, errors] = run({QStringLiteral("--prompt"), QStringLiteral("word ").repeated(400), QStringLiteral("--screenshot"), shot});
        CHECK(status == 1);
        CHECK(errors.contains(QStringLiteral("context window holds 256 tokens")));
    }
    CHECK_FALSE(QFileInfo::exists(shot));
}
#endif

TEST_CASE("changing the model mid-session starts clean", "[app][load]") {
    auto window = windowWithModel();
    Controller* c = generateText(*window, "the", 4);
    REQUIRE_FALSE(c->timeline().empty());
    QSignalSpy loaded(c, &Controller::modelChanged);
    window->openModel(fixture("tiny-bf16-untied"));
    REQUIRE(loaded.wait(10000));
    CHECK(c->timeline().empty());
    CHECK(c->currentRecord() == nullptr);
    window->generateAction()->trigger();
    REQUIRE(waitUntilIdle(c));
    CHECK(c->timeline().size() == 4);
}

TEST_CASE("generation runs to the end of the context window and says so", "[app][generate]") {
    auto window = windowWithModel();
    Controller* c = window->controller();
    c->state().editSettings([&](app::GenerationSettings& s) { s.prompt = QStringLiteral("the cat"); });
    c->state().editSettings([&](app::GenerationSettings& s) { s.maxNewTokens = 100; });
    QSignalSpy messages(c, &Controller::message);
    window->generateAction()->trigger();
    REQUIRE(waitUntilIdle(c));
    CHECK(c->currentRecord()->length() == 16);
    REQUIRE(messages.count() >= 1);
    CHECK_THAT(messages.back().at(0).toString().toStdString(), Catch::Contains("context window"));
}

TEST_CASE("closing the window during generation is clean", "[app][generate]") {
    auto window = windowWithModel();
    Controller* c = window->controller();
    c->state().editSettings([&](app::GenerationSettings& s) { s.prompt = QStringLiteral("the"); });
    c->state().editSettings([&](app::GenerationSettings& s) { s.paceMs = 2000; });
    window->generateAction()->trigger();
    QTest::qWait(50);
    window->close();
    window.reset();  // the controller stops and joins the worker thread
    SUCCEED();
}

TEST_CASE("on the embedded model, every view shows the record the controller holds", "[app][generate][embedded]") {
    auto window = windowOnEmbeddedModel();
    Controller* c = generateText(*window, "A robot must obey the orders given it", 8);
    REQUIRE(c->timeline().size() == 8);
    QTest::qWait(100);  // let the views' coalescing timers fire
    window->heatmap()->flush();
    REQUIRE(window->headGrid()->waitForThumbnails());
    const StepRecordPtr last = c->currentRecord();
    CHECK(window->heatmap()->record() == last);
    CHECK(window->headGrid()->thumbnails() != nullptr);
    CHECK(window->tokenPaths()->record() == last);
    CHECK(window->probabilityBars()->record() == last);
    CHECK(window->tokenStrip()->tokenCount() == last->length());
    CHECK(window->tokenStrip()->promptLength() == c->promptLength());
    CHECK(window->anatomy()->totalParameters() == c->model()->parameterCount());

    // Scrubbing back shows an earlier step in every view.
    window->timeline()->setValue(3);
    CHECK(c->currentStep() == 3);
    CHECK(window->tokenPaths()->record() == c->timeline()[3]);
    CHECK(window->tokenStrip()->tokenCount() == c->timeline()[3]->length());
}

TEST_CASE("clicking a candidate bar continues the text from that token", "[app][generate]") {
    auto window = windowWithModel();
    Controller* c = window->controller();
    c->state().editSettings([&](app::GenerationSettings& s) { s.prompt = QStringLiteral("the cat"); });
    window->stepAction()->trigger();
    REQUIRE(waitUntilIdle(c));
    views::ProbabilityBars* bars = window->probabilityBars();
    bars->plot()->replot();
    QCoreApplication::processEvents();
    const int index = 2;
    const std::int32_t token = bars->tokenAt(index);
    REQUIRE(token != c->currentRecord()->chosen);
    QTest::mouseClick(bars, Qt::LeftButton, {}, bars->barRect(index).center());
    REQUIRE(waitUntilIdle(c));
    REQUIRE(c->timeline().size() == 2);
    CHECK(c->timeline()[0]->chosen == token);
    CHECK(c->timeline()[0]->choice == ChoiceKind::Forced);
    CHECK(c->timeline()[1]->tokens.back() == token);  // appended exactly that token
}

// Forcing a token while generating stops the run and starts its continuation; the old run's
// "stopped" arrives after the new one has begun and must not mark the window idle.
TEST_CASE("forcing a token while generating keeps generating from it", "[app][generate]") {
    auto window = windowWithModel();
    Controller* c = window->controller();
    setRun(c, "the cat", 6, 150);
    c->generate();
    QElapsedTimer t;
    t.start();
    while (c->timeline().size() < 2 && t.elapsed() < 10000) QTest::qWait(2);
    REQUIRE(c->timeline().size() >= 2);
    const StepRecordPtr r = c->currentRecord();
    const std::int32_t token = r->topK.back().token;
    const int forcedStep = r->step;
    c->forceToken(token);
    // Until the forced step arrives and well after: the continuation runs 5 more paced tokens.
    t.restart();
    while (t.elapsed() < 400) {
        QTest::qWait(5);
        REQUIRE(c->isGenerating());
    }
    REQUIRE(waitUntilIdle(c));
    REQUIRE(static_cast<int>(c->timeline().size()) > forcedStep + 1);
    CHECK(c->timeline()[static_cast<std::size_t>(forcedStep)]->chosen == token);
    CHECK(c->timeline()[static_cast<std::size_t>(forcedStep)]->choice == ChoiceKind::Forced);
}

TEST_CASE("a forced token the model cannot take is refused with a message, and the text is kept", "[app][generate]") {
    auto window = windowWithModel();
    Controller* c = window->controller();
    const bool whileGenerating = GENERATE(false, true);
    INFO((whileGenerating ? "forced while generating" : "forced while idle"));
    setRun(c, "the cat", whileGenerating ? 8 : 3, whileGenerating ? 150 : 0);
    c->generate();
    QElapsedTimer t;
    t.start();
    while (c->timeline().size() < 2 && t.elapsed() < 10000) QTest::qWait(2);
    if (!whileGenerating) REQUIRE(waitUntilIdle(c));
    REQUIRE(c->timeline().size() >= 2);

    QSignalSpy errors(c, &Controller::errorOccurred);
    const int outside = c->model()->config().vocabSize + 7;
    c->forceToken(outside);
    REQUIRE(waitUntilIdle(c));
    t.restart();
    while (errors.isEmpty() && t.elapsed() < 5000) QTest::qWait(5);
    REQUIRE(errors.size() == 1);
    CHECK(errors.first().first().toString().contains(QStringLiteral("outside the vocabulary")));
    CHECK_FALSE(c->isGenerating());
    // The continuation queued behind the forced token does not run: no step arrives afterwards.
    const std::size_t atError = c->timeline().size();
    QTest::qWait(500);
    CHECK(c->timeline().size() == atError);
    CHECK_FALSE(c->isGenerating());
    // Nothing was cut or replaced: every step on the timeline chose a token of the vocabulary.
    const std::vector<StepRecordPtr> kept = c->timeline();
    REQUIRE(kept.size() >= 2);
    for (const StepRecordPtr& step : kept) CHECK(step->chosen != outside);

    // And the session still works: Generate goes on from the kept text.
    setRun(c, "the cat", 2);
    window->generateAction()->trigger();
    REQUIRE(waitUntilIdle(c));
    CHECK(c->timeline().size() > kept.size());
    for (std::size_t i = 0; i < kept.size(); ++i) CHECK(c->timeline()[i] == kept[i]);
}

TEST_CASE("the logit lens is computed off the UI thread for the step on screen", "[app][lens]") {
    auto window = windowWithModel();
    Controller* c = generateText(*window, "Hello, the cat", 3);
    emit window->logitLens()->computeRequested();
    QElapsedTimer t;
    t.start();
    while (window->logitLens()->model()->rowCount() == 0 && t.elapsed() < 10000) QTest::qWait(10);
    REQUIRE(window->logitLens()->model()->rowCount() == 3);
    CHECK(window->logitLens()->model()->columnCount() == c->currentRecord()->length());
}

TEST_CASE("tokens per second counts the model's work, not the pause between tokens", "[app][speed]") {
    auto window = windowWithModel();
    Controller* c = window->controller();
    setRun(c, "the cat", 4, 150);
    QElapsedTimer wall;
    wall.start();
    window->generateAction()->trigger();
    REQUIRE(waitUntilIdle(c));
    const double wallRate = 3.0 / (wall.elapsed() / 1000.0);  // three decode steps, three pauses
    REQUIRE(wallRate < 7.0);
    double computed = 0;
    for (const StepRecordPtr& step : c->timeline()) {
        CHECK(step->computeSeconds > 0);
        if (step->step > 0) computed += step->computeSeconds;
    }
    CHECK(c->tokensPerSecond() == Approx((c->timeline().size() - 1) / computed));
    CHECK(c->tokensPerSecond() > 10 * wallRate);  // the tiny model decodes in far less than the pace
}

TEST_CASE("once computed, the logit lens follows the step on screen", "[app][lens]") {
    auto window = windowWithModel();
    auto* dock = window->findChild<QDockWidget*>(QStringLiteral("lensDock"));
    REQUIRE(dock);
    dock->show();
    dock->raise();
    Controller* c = generateText(*window, "Hello, the cat", 3);
    views::LogitLensView* lens = window->logitLens();
    const auto waitForColumns = [&](int columns) {
        QElapsedTimer t;
        t.start();
        while (lens->model()->columnCount() != columns && t.elapsed() < 10000) QTest::qWait(10);
        return lens->model()->columnCount() == columns;
    };
    // Before anyone asks, moving along the line computes nothing.
    c->back();
    CHECK(lens->model()->rowCount() == 0);
    c->forward();

    emit lens->computeRequested();
    const int last = c->currentStep();
    REQUIRE(last == 2);  // steps 0 (the prompt), 1 and 2; the third token is chosen by step 2
    REQUIRE(waitForColumns(c->currentRecord()->length()));
    CHECK(lens->caption().startsWith(QStringLiteral("Step 2:")));

    c->back();
    c->back();
    REQUIRE(c->currentStep() == 0);
    REQUIRE(waitForColumns(c->currentRecord()->length()));
    CHECK(lens->caption().startsWith(QStringLiteral("Step 0:")));
    CHECK(lens->model()->lens().positions == c->currentRecord()->length());

    // While the dock is hidden the table would be stale: it says so, and catches up when shown.
    dock->hide();
    c->forward();
    CHECK(lens->model()->rowCount() == 0);
    CHECK(lens->caption().contains(QStringLiteral("Step 1 is on screen")));
    dock->show();
    REQUIRE(waitForColumns(c->currentRecord()->length()));
    CHECK(lens->caption().startsWith(QStringLiteral("Step 1:")));
}

TEST_CASE("the head-scores dock scores the step on screen and runs the induction diagnostics", "[app][headscores]") {
    auto window = windowWithModel();
    Controller* c = window->controller();
    auto* dock = window->findChild<QDockWidget*>(QStringLiteral("headScoresDock"));
    REQUIRE(dock);
    dock->raise();
    c->state().editSettings([&](app::GenerationSettings& s) { s.prompt = QStringLiteral("Hello, the cat"); });
    c->state().editSettings([&](app::GenerationSettings& s) { s.maxNewTokens = 3; });
    window->generateAction()->trigger();
    REQUIRE(waitUntilIdle(c));
    QElapsedTimer t;
    t.start();
    while (!window->headScores()->hasScores() && t.elapsed() < 10000) QTest::qWait(10);
    REQUIRE(window->headScores()->hasScores());
    CHECK_FALSE(window->headScores()->model()->hasInduction());

    emit window->headScores()->diagnosticsRequested();
    t.restart();
    while (!window->headScores()->model()->hasInduction() && t.elapsed() < 10000) QTest::qWait(10);
    REQUIRE(window->headScores()->model()->hasInduction());
    CHECK(window->headScores()->model()->rowCount() == 8);

    // The diagnostics add the induction column; every other column stays the text on screen's.
    const views::HeadScoreModel* model = window->headScores()->model();
    const scores::HeadScoreTable onScreen = scores::scoreHeads(*c->currentRecord());
    for (int layer = 0; layer < 2; ++layer) {
        for (int head = 0; head < 4; ++head) {
            CHECK(model->value(layer, head, views::HeadScoreModel::PreviousToken) == onScreen.at(onScreen.previousToken, layer, head));
            CHECK(model->value(layer, head, views::HeadScoreModel::Entropy) == onScreen.at(onScreen.entropy, layer, head));
            CHECK_FALSE(std::isnan(model->value(layer, head, views::HeadScoreModel::Induction)));
        }
    }
    // ... and each says what it was measured on.
    const QString caption = window->headScores()->sourcesCaption();
    CHECK(caption.contains(QStringLiteral("the text of step %1 (%2 tokens)").arg(c->currentStep()).arg(c->currentRecord()->length())));
    CHECK(caption.contains(QStringLiteral("random tokens, repeated once")));
    CHECK(model->headerData(views::HeadScoreModel::Induction, Qt::Horizontal, Qt::ToolTipRole).toString().contains(QStringLiteral("random tokens")));
    CHECK(model->headerData(views::HeadScoreModel::PreviousToken, Qt::Horizontal, Qt::ToolTipRole).toString().contains(QStringLiteral("the text of step")));

    // After Reset there is no text: the induction column alone, the others "not measured".
    window->resetAction()->trigger();
    QTest::qWait(50);
    t.restart();
    while (!std::isnan(model->value(0, 0, views::HeadScoreModel::PreviousToken)) && t.elapsed() < 5000) QTest::qWait(10);
    CHECK(std::isnan(model->value(0, 0, views::HeadScoreModel::PreviousToken)));
    CHECK(model->hasInduction());
    CHECK(window->headScores()->sourcesCaption().contains(QStringLiteral("not measured yet")));
}

TEST_CASE("switching heads off: compare on the step on screen, then generate with them off", "[app][ablation]") {
    auto window = windowWithModel();
    Controller* c = window->controller();
    c->state().editSettings([&](app::GenerationSettings& s) { s.sampling.greedy = false; });
    c->state().editSettings([&](app::GenerationSettings& s) { s.sampling.temperature = 0.7f; });
    generateText(*window, "Hello, the cat", 2);

    views::AblationPanel* panel = window->ablationPanel();
    panel->setChecked(1, 2, true);
    panel->setChecked(0, 0, true);
    REQUIRE(panel->checkedHeads().size() == 2);
    emit panel->compareRequested();
    QElapsedTimer t;
    t.start();
    while (!panel->resultText().contains(QStringLiteral("KL")) && t.elapsed() < 10000) QTest::qWait(10);
    CHECK(panel->resultText().contains(QStringLiteral("2 head(s) off")));
    // Before and after are two bar charts at the temperature of the next-token bars beside them.
    using Side = views::AblationBars::Side;
    views::AblationBars* bars = panel->bars();
    REQUIRE(window->probabilityBars()->shownTemperature() == 0.7f);
    CHECK(panel->resultText().contains(QStringLiteral("temperature 0.7")));
    REQUIRE(bars->barCount(Side::Before) == 10);
    REQUIRE(bars->barCount(Side::After) == 10);
    const StepRecordPtr shown = c->currentRecord();
    for (int i = 0; i < 5; ++i) {  // the record's own top-k is at the same temperature: the same numbers
        CHECK(bars->valueFor(Side::Before, i) == Approx(shown->topK[static_cast<std::size_t>(i)].probability).epsilon(1e-4));
    }

    auto* keepOff = panel->findChild<QCheckBox*>();
    REQUIRE(keepOff);
    keepOff->setChecked(true);
    window->stepAction()->trigger();
    REQUIRE(waitUntilIdle(c));
    const StepRecordPtr off = c->currentRecord();
    CHECK(off->ablatedHeads == std::vector<std::pair<int, int>>{{0, 0}, {1, 2}});
    // The heads that were off are marked: the grid, the heatmap's title, and the token the step chose.
    CHECK(window->headGrid()->tooltipFor(1, 2).contains(QStringLiteral("switched off in this step")));
    CHECK_FALSE(window->headGrid()->tooltipFor(1, 1).contains(QStringLiteral("switched off")));
    const auto titleSays = [&](const char* text) {
        return QTest::qWaitFor([&] { return window->heatmap()->title().contains(QString::fromUtf8(text)); }, 5000);
    };
    c->selectHead(1, 2);
    CHECK(titleSays("switched off in this step"));
    c->selectHead(1, 1);
    CHECK(titleSays("ran with heads off: L0H0, L1H2"));

    keepOff->setChecked(false);
    window->stepAction()->trigger();
    REQUIRE(waitUntilIdle(c));
    CHECK(c->currentRecord()->ablatedHeads.empty());
    CHECK_FALSE(window->headGrid()->tooltipFor(1, 2).contains(QStringLiteral("switched off")));
    views::TokenStrip* strip = window->tokenStrip();
    CHECK(strip->madeWithHeadsOff(off->length()));  // the token the heads-off step chose
    CHECK(strip->tooltipFor(off->length()).contains(QStringLiteral("heads switched off: L0H0, L1H2")));
    CHECK_FALSE(strip->madeWithHeadsOff(off->length() - 1));
}

TEST_CASE("window screenshots on the embedded model (write PNGs when ATTNSCOPE_SHOTS is set)", "[app][.shots]") {
    const QString out = qEnvironmentVariable("ATTNSCOPE_SHOTS");
    if (out.isEmpty()) return;
    auto window = windowOnEmbeddedModel();
    Controller* c = window->controller();
    window->controlPanel()->setPrompt(QStringLiteral("It is a truth universally acknowledged, that a single man"));
    c->state().editSettings([&](app::GenerationSettings& s) { s.maxNewTokens = 16; });
    window->generateAction()->trigger();
    REQUIRE(waitUntilIdle(c));
    c->selectHead(1, 2);
    auto shoot = [&](const char* dockName, const char* file) {
        if (auto* dock = window->findChild<QDockWidget*>(QString::fromLatin1(dockName))) dock->raise();
        QTest::qWait(400);
        CHECK(window->grab().save(out + QLatin1Char('/') + QString::fromLatin1(file)));
    };
    shoot("pathsDock", "window.png");
    emit window->headScores()->diagnosticsRequested();
    shoot("headScoresDock", "window-headscores.png");
    window->ablationPanel()->setChecked(1, 2, true);
    emit window->ablationPanel()->compareRequested();
    shoot("ablationDock", "window-ablation.png");
    emit window->logitLens()->computeRequested();
    shoot("lensDock", "window-lens.png");
    emit window->comparePrompts()->compareRequested();
    window->centerTabs()->setCurrentWidget(window->comparePrompts());
    shoot("pathsDock", "window-compare.png");
    window->centerTabs()->setCurrentIndex(0);
    shoot("anatomyDock", "window-anatomy.png");

    // A branch: back to step 6, the second candidate forced there; the box lists the old line.
    c->scrubTo(6);
    c->forceToken(c->currentRecord()->topK[1].token);
    REQUIRE(waitUntilIdle(c));
    REQUIRE(c->branches().size() == 1);
    shoot("pathsDock", "window-branch.png");
    window->branchBox()->showPopup();
    QTest::qWait(300);
    CHECK(window->branchBox()->view()->window()->grab().save(out + QStringLiteral("/branch-box.png")));
    window->branchBox()->hidePopup();
}

TEST_CASE("the teaching tabs follow the selected step, token, layer and head", "[app][teaching]") {
    auto window = windowWithModel();
    Controller* c = generateText(*window, "the cat sat on", 3);
    views::InsideStepView* inside = window->teaching()->insideStep();
    auto waitForJobs = [&] {
        QElapsedTimer t;
        t.start();
        do {
            QTest::qWait(10);
        } while (window->teaching()->busy() && t.elapsed() < 10000);
        return !window->teaching()->busy();
    };
    window->centerTabs()->setCurrentWidget(inside);
    REQUIRE(waitForJobs());
    REQUIRE(inside->step() != nullptr);
    const StepRecordPtr record = c->currentRecord();
    CHECK(inside->step()->position == record->length() - 1);
    CHECK(inside->step()->step == record->step);

    // Picking a token and a head updates the stepper; its q is the record's.
    c->selectHead(1, 3);
    c->selectQuery(2);
    REQUIRE(waitForJobs());
    REQUIRE(inside->step());
    CHECK(inside->step()->position == 2);
    CHECK(inside->step()->layer == 1);
    CHECK(inside->step()->head == 3);
    const auto q = record->positions[2]->query(1, 3);
    CHECK(inside->step()->query == Eigen::Map<const Eigen::VectorXf>(q.data(), static_cast<Eigen::Index>(q.size())));

    // While the stepper has focus, → moves to the next stage rather than stepping the text.
    inside->setFocus();
    const int stepBefore = c->currentStep();
    QTest::keyClick(inside, Qt::Key_Right);
    CHECK(inside->stage() == 1);
    CHECK(c->currentStep() == stepBefore);

    // The KV cache and the token's path follow the same record.
    window->centerTabs()->setCurrentWidget(window->teaching()->kvCachePage());
    REQUIRE(waitForJobs());
    CHECK(window->teaching()->kvCache()->record() == record);
    window->centerTabs()->setCurrentWidget(window->teaching()->tokenPath());
    REQUIRE(waitForJobs());
    REQUIRE(window->teaching()->tokenPath()->path());
    CHECK(window->teaching()->tokenPath()->path()->position == 2);

    // Scrubbing to the prompt step: the cache view shows that step.
    window->centerTabs()->setCurrentWidget(window->teaching()->kvCachePage());
    window->timeline()->setValue(0);
    REQUIRE(waitForJobs());
    CHECK(window->teaching()->kvCache()->record() == c->timeline()[0]);
}

TEST_CASE("teaching screenshots on the embedded model (write PNGs when ATTNSCOPE_SHOTS is set)", "[app][.shots]") {
    const QString out = qEnvironmentVariable("ATTNSCOPE_SHOTS");
    if (out.isEmpty()) return;
    auto window = windowOnEmbeddedModel();
    Controller* c = window->controller();
    window->controlPanel()->setPrompt(QStringLiteral("The cat sat on the mat. The cat"));
    c->state().editSettings([&](app::GenerationSettings& s) { s.maxNewTokens = 4; });
    window->generateAction()->trigger();
    REQUIRE(waitUntilIdle(c));
    c->selectHead(2, 3);
    auto settle = [&] {
        QTest::qWait(300);
        QElapsedTimer t;
        t.start();
        while (window->teaching()->busy() && t.elapsed() < 10000) QTest::qWait(10);
        QTest::qWait(100);
    };
    views::InsideStepView* inside = window->teaching()->insideStep();
    window->centerTabs()->setCurrentWidget(inside);
    settle();
    for (int stage = 0; stage < views::InsideStepView::kStageCount; ++stage) {
        inside->setStage(stage);
        settle();
        CHECK(window->grab().save(out + QStringLiteral("/inside-step-%1.png").arg(stage + 1)));
    }
    window->centerTabs()->setCurrentWidget(window->teaching()->kvCachePage());
    settle();
    CHECK(window->grab().save(out + QStringLiteral("/kv-cache.png")));
    window->centerTabs()->setCurrentWidget(window->teaching()->tokenPath());
    settle();
    CHECK(window->grab().save(out + QStringLiteral("/token-path.png")));

    // The seed's small example: a four-token text, where the mask's matrices show their numbers.
    window->resetAction()->trigger();
    window->controlPanel()->setPrompt(QStringLiteral("A robot must obey"));
    window->stepAction()->trigger();
    REQUIRE(waitUntilIdle(c));
    c->selectQuery(3);
    window->centerTabs()->setCurrentWidget(inside);
    inside->setStage(3);
    settle();
    CHECK(window->grab().save(out + QStringLiteral("/inside-step-4-short.png")));
}

TEST_CASE("comparing two prompts runs both apart from the session", "[app][compare]") {
    auto window = windowWithModel();
    views::ComparePromptsView* compare = window->comparePrompts();
    compare->setPrompts(QStringLiteral("the cat"), QStringLiteral("the hat"));
    emit compare->compareRequested();
    QElapsedTimer t;
    t.start();
    while (compare->matrixA().size() == 0 && t.elapsed() < 10000) QTest::qWait(10);
    REQUIRE(compare->matrixA().size() > 0);
    CHECK(compare->difference().rows() == std::min(compare->matrixA().rows(), compare->matrixB().rows()));
    CHECK(window->controller()->timeline().empty());  // the session on screen is untouched
}

TEST_CASE("exporting the attention matrix as CSV and a view as PNG and PDF", "[app][export]") {
    auto window = windowWithModel();
    Controller* c = generateText(*window, "Hello, the cat", 3);
    c->selectHead(1, 3);
    testing::TempDir dir;
    const QString csv = QString::fromStdString((dir / "attention.csv").string());
    QString error;
    REQUIRE(window->exports()->writeAttentionCsv(csv, &error));
    const std::string text = testing::readFile(csv.toStdString());
    std::istringstream lines(text);
    std::string header, row;
    while (std::getline(lines, header) && header.rfind("# ", 0) == 0) {
    }  // the provenance lines first
    const StepRecordPtr r = c->currentRecord();
    CHECK_THAT(header, Catch::StartsWith("\"query \\ key\",\"0:"));  // token labels may hold commas: they are quoted
    CHECK_THAT(header, Catch::Contains("\"" + std::to_string(r->length() - 1) + ":"));
    const Eigen::MatrixXf a = r->attentionMatrix(1, 3);
    for (int i = 0; i < r->length(); ++i) {
        REQUIRE(std::getline(lines, row));
        // The last cell of row i is the weight on the last key: zero unless i is the last query.
        const double last = std::stod(row.substr(row.rfind(',') + 1));
        CHECK(last == Approx(a(i, r->length() - 1)).margin(1e-7));
    }
    for (const char* name : {"view.png", "view.pdf", "view.svg"}) {
        const QString file = QString::fromStdString((dir / name).string());
        REQUIRE(window->exports()->writeViewImage(window->heatmap(), file, &error));
        CHECK(QFileInfo(file).size() > 1000);
    }
    CHECK_FALSE(window->exports()->writeAttentionCsv(QStringLiteral("/nonexistent/dir/a.csv"), &error));
    CHECK(error.contains(QStringLiteral("/nonexistent/dir/a.csv")));
    CHECK_FALSE(window->exports()->writeViewImage(window->heatmap(), QString::fromStdString((dir / "view.bmp").string()), &error));
    CHECK(error.contains(QStringLiteral(".png, .svg or .pdf")));
}

TEST_CASE("every view on screen exports what it shows, with its provenance, and says where", "[app][export]") {
    auto window = windowWithModel();
    window->resize(1600, 1000);
    Controller* c = generateText(*window, "Hello, the cat", 3);
    c->selectHead(1, 3);
    // The prompt box edited after the run: exports name the prompt the text was made from.
    REQUIRE(window->controlPanel()->setPrompt(QStringLiteral("an edited prompt")));
    testing::TempDir dir;
    const auto model = c->model();
    QString error;
    std::set<QString> names;
    for (int tab = 0; tab < window->centerTabs()->count(); ++tab) {
        window->centerTabs()->setCurrentIndex(tab);
        QTest::qWait(100);
        const auto views = window->exports()->exportableViews();
        REQUIRE(views.size() >= 4);
        CHECK(views.front().widget == window->centerTabs()->currentWidget());  // the page shown, not the heatmap behind it
        for (const auto& view : views) {
            if (names.count(view.name)) continue;
            names.insert(view.name);
            CAPTURE(view.name.toStdString());
            const QString file = QString::fromStdString((dir / ("view" + std::to_string(names.size()) + ".png")).string());
            REQUIRE(window->exports()->writeViewImage(view.widget, file, &error, view.name));
            CHECK(window->statusBar()->currentMessage().contains(QFileInfo(file).absoluteFilePath()));
            const QImage image(file);
            REQUIRE_FALSE(image.isNull());
            CHECK(image.size() == view.widget->size());
            CHECK(image.text(QStringLiteral("view")) == view.name);
            CHECK(image.text(QStringLiteral("model")) == QString::fromStdString(model->name()));
            CHECK(image.text(QStringLiteral("model-fingerprint")) == QString::fromStdString(model->fingerprint()));
            CHECK(image.text(QStringLiteral("prompt")) == QStringLiteral("\"Hello, the cat\""));
            CHECK(image.text(QStringLiteral("step")) == QString::number(c->currentStep()));
            CHECK(image.text(QStringLiteral("layer")) == QStringLiteral("1"));
            CHECK(image.text(QStringLiteral("head")) == QStringLiteral("3"));
            CHECK(image.text(QStringLiteral("sampling")) == QStringLiteral("greedy"));
            CHECK(image.text(QStringLiteral("app")) == QStringLiteral("attnscope " ATTNSCOPE_VERSION));
        }
    }
    for (const char* expected : {"Attention", "Inside one step", "KV cache", "Token's path", "Compare prompts", "Tokens",
                                 "Next-token probabilities", "All heads", "Prompt and sampling"}) {
        CHECK(names.count(QString::fromUtf8(expected)) == 1);
    }

    // SVG and PDF carry the same fields as metadata.
    const QString svg = QString::fromStdString((dir / "inside.svg").string());
    const QString pdf = QString::fromStdString((dir / "inside.pdf").string());
    window->centerTabs()->setCurrentWidget(window->teaching()->insideStep());
    for (const QString& file : {svg, pdf}) REQUIRE(window->exports()->writeViewImage(window->teaching()->insideStep(), file, &error, QStringLiteral("Inside one step")));
    const std::string svgText = testing::readFile(svg.toStdString());
    CHECK_THAT(svgText, Catch::Contains("<title>attnscope: Inside one step</title>"));
    CHECK_THAT(svgText, Catch::Contains("model: " + model->name()));
    const std::string pdfBytes = testing::readFile(pdf.toStdString());
    CHECK_THAT(pdfBytes, Catch::Contains("<x:xmpmeta"));
    CHECK_THAT(pdfBytes, Catch::Contains("model-fingerprint: " + model->fingerprint()));

    // The trace, too, holds the prompt the text was made from.
    const QString trace = QString::fromStdString((dir / "trace.json").string());
    REQUIRE(window->exports()->writeTrace(trace, &error));
    CHECK(testing::readJson(trace.toStdString())["prompt"] == "Hello, the cat");
}

// Found by the stress test (seed 7): steps still queued from the worker when Reset was pressed
// were appended to the emptied timeline, as step 5 at index 0.
TEST_CASE("Reset during a run drops the steps still on their way", "[app][generate][stress]") {
    auto window = windowWithModel();
    Controller* c = window->controller();
    window->controlPanel()->setPrompt(QStringLiteral("the cat"));
    c->state().editSettings([&](app::GenerationSettings& s) { s.maxNewTokens = 12; });
    // Reset right after the second step arrives, while the worker's later steps wait in the
    // event queue (the UI thread sleeps first, so the worker gets well ahead).
    bool resetDone = false;
    QObject::connect(c, &Controller::timelineChanged, c, [&] {
        if (!resetDone && c->timeline().size() == 2) {
            resetDone = true;
            c->reset();
        }
    });
    c->generate();
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
    REQUIRE(waitUntilIdle(c));
    QTest::qWait(20);
    REQUIRE(resetDone);
    CHECK(c->timeline().empty());
    CHECK(c->currentStep() == -1);
}

// After Reset nothing may keep the forgotten text alive: not the worker's session, not a view,
// not a thread-pool job once it is done (the head grid used to keep its last thumbnails, and
// with them the last record, until the next text arrived).
TEST_CASE("after Reset every record of the text is let go of", "[app][generate][memory]") {
    auto window = windowWithModel();
    Controller* c = window->controller();
    window->controlPanel()->setPrompt(QStringLiteral("the cat sat"));
    c->state().editSettings([&](app::GenerationSettings& s) { s.maxNewTokens = 6; });
    c->selectHead(1, 1);
    window->generateAction()->trigger();
    REQUIRE(waitUntilIdle(c));
    REQUIRE(window->headGrid()->waitForThumbnails(5000));
    REQUIRE(window->headGrid()->thumbnails() != nullptr);
    window->heatmap()->flush();
    std::vector<std::weak_ptr<const StepRecord>> records(c->timeline().begin(), c->timeline().end());
    const std::weak_ptr<const PositionRecord> firstPosition = c->timeline().back()->positions.front();
    REQUIRE(records.size() == 6);

    window->resetAction()->trigger();
    QElapsedTimer t;
    t.start();
    while (!firstPosition.expired() && t.elapsed() < 5000) QTest::qWait(10);
    for (std::size_t i = 0; i < records.size(); ++i) {
        CAPTURE(i);
        CHECK(records[i].expired());
    }
    CHECK(firstPosition.expired());
    CHECK(window->headGrid()->thumbnails() == nullptr);
}

TEST_CASE("the model file truncated and replaced while the window has it open: runs go on, the change is said once",
          "[app][changed]") {
    testing::TempDir dir;
    testing::copyCheckpoint("tiny-f32-prefixed", dir.path());
    auto window = windowOn(QString::fromStdString(dir.path().string()), 10000);
    Controller* c = generateText(*window, "Hello, the cat", 3);
    const auto before = c->timeline().back();

    const auto weights = dir / "model.safetensors";
    const std::string original = testing::readFile(weights);
    REQUIRE(::truncate(weights.c_str(), 0) == 0);  // with the weights mapped, the next run died of SIGBUS
    QSignalSpy changed(c, &Controller::modelFilesChanged);
    c->reset();
    generateText(*window, "Hello, the cat", 3);
    REQUIRE(changed.size() == 1);
    CHECK(changed.takeFirst().at(0).toStringList().join(QString()).contains(QStringLiteral("changed size")));
    REQUIRE(c->timeline().size() == 3);
    CHECK(c->timeline().back()->tokens == before->tokens);
    CHECK(c->timeline().back()->chosen == before->chosen);

    // Said once per change, not at every run; a further change is said again.
    c->reset();
    generateText(*window, "Hello, the cat", 2);
    CHECK(changed.isEmpty());
    testing::writeFile(dir / "replacement", original);
    std::filesystem::rename(dir / "replacement", weights);
    c->reset();
    generateText(*window, "Hello, the cat", 2);
    REQUIRE(changed.size() == 1);
    CHECK(changed.takeFirst().at(0).toStringList().join(QString()).contains(QStringLiteral("replaced by another file")));
}

TEST_CASE("the prompt box refuses a paste longer than the model can take, before laying it out", "[app][bounds]") {
    auto window = windowWithModel();
    app::PromptEdit* edit = window->controlPanel()->promptEditor();
    REQUIRE(window->controlPanel()->setPrompt(QStringLiteral("Hello")));  // the tiny model's context is 16 tokens
    const QString before = edit->toPlainText();
    QSignalSpy refused(edit, &app::PromptEdit::refused);
    // Through the clipboard, as Ctrl+V: paste() hands its data to insertFromMimeData.
    QApplication::clipboard()->setText(QString(1 << 20, QLatin1Char('x')));  // 1 MiB without a break: minutes of layout
    edit->moveCursor(QTextCursor::End);
    edit->paste();
    REQUIRE(refused.size() == 1);
    CHECK(refused.takeFirst().at(0).toString().contains(QStringLiteral("Nothing was pasted: the prompt is")));
    CHECK(edit->toPlainText() == before);
    CHECK(window->problems().join(QString()).contains(QStringLiteral("Nothing was pasted")));

    // A paste that fits goes in.
    QApplication::clipboard()->setText(QStringLiteral(" cat"));
    edit->moveCursor(QTextCursor::End);
    edit->paste();
    CHECK(refused.isEmpty());
    CHECK(edit->toPlainText() == before + QStringLiteral(" cat"));

    // Set from a workspace or a test: the same bound.
    std::string words;
    for (int i = 0; i < 40; ++i) words += " cat";
    CHECK_FALSE(window->controlPanel()->setPrompt(QString::fromStdString(words)));
    CHECK(edit->toPlainText() == before + QStringLiteral(" cat"));
}

// Found by the storm (seed 7, action 673): a new prompt's run paused before its first step left
// the views on the previous text's step, which the timeline no longer held.
TEST_CASE("a new prompt paused before its first step leaves no view on the old text", "[app][generate]") {
    auto window = windowWithModel();
    Controller* c = generateText(*window, "the cat", 3);
    REQUIRE(window->probabilityBars()->record() == c->currentRecord());
    REQUIRE(c->currentRecord());
    setRun(c, "the dog", 3);
    QSignalSpy current(c, &Controller::currentRecordChanged);
    c->generate();  // another prompt: the timeline starts over, and the views leave the old text at once
    REQUIRE(c->timeline().empty());
    REQUIRE(current.size() == 1);
    CHECK(current.takeFirst().at(0).value<StepRecordPtr>() == nullptr);
    // Nothing from the worker has been delivered yet (queued): what the views hold now is what a
    // Pause before step 0 would leave them with.
    window->heatmap()->flush();
    CHECK(c->currentRecord() == nullptr);
    CHECK(window->heatmap()->record() == nullptr);
    CHECK(window->probabilityBars()->record() == nullptr);
    CHECK(window->tokenPaths()->record() == nullptr);
}

TEST_CASE("Help lists every shortcut of the window and About names the version and the model", "[app][help]") {
    auto window = windowWithModel();
    QMenu* help = nullptr;
    for (QAction* menu : window->menuBar()->actions()) {
        if (menu->text().remove(QLatin1Char('&')) == QStringLiteral("Help")) help = menu->menu();
    }
    REQUIRE(help);
    CHECK(help->actions().contains(window->shortcutsHelpAction()));
    CHECK(help->actions().contains(window->aboutAction()));

    window->shortcutsHelpAction()->trigger();
    auto* dialog = window->findChild<QDialog*>(QStringLiteral("helpDialog"));
    REQUIRE(dialog);
    CHECK(dialog->isVisible());
    const QString shortcuts = dialog->findChild<QTextBrowser*>()->toPlainText();
    int listed = 0;
    for (QAction* action : window->findChildren<QAction*>(Qt::FindDirectChildrenOnly)) {
        if (action->shortcut().isEmpty()) continue;
        CAPTURE(action->text());
        CHECK(shortcuts.contains(action->shortcut().toString(QKeySequence::NativeText)));
        ++listed;
    }
    CHECK(listed >= 15);  // Space, Ctrl+Return, Shift+→, ←, →, Home, End, Alt+arrows, ...
    CHECK(shortcuts.contains(QStringLiteral("Ctrl + wheel")));
    if (const QString out = qEnvironmentVariable("ATTNSCOPE_SHOTS"); !out.isEmpty()) dialog->grab().save(out + QStringLiteral("/help-shortcuts.png"));

    window->aboutAction()->trigger();
    CHECK(window->findChildren<QDialog*>(QStringLiteral("helpDialog")).size() == 1);  // the same dialog, reused
    const QString about = dialog->findChild<QTextBrowser*>()->toPlainText();
    CHECK(about.contains(QStringLiteral("attnscope " ATTNSCOPE_VERSION)));
    CHECK(about.contains(QString::fromStdString(window->controller()->model()->name())));
    CHECK(about.contains(QStringLiteral(QT_VERSION_STR)));
    dialog->close();
}

TEST_CASE("the interface follows the system language or the menu's choice, and Turkish is there", "[app][language]") {
    using app::languageToUse;
    CHECK(languageToUse(QString(), QStringLiteral("tr_TR")) == QStringLiteral("tr"));
    CHECK(languageToUse(QString(), QStringLiteral("de_DE")) == QStringLiteral("en"));  // a language the app lacks
    CHECK(languageToUse(QStringLiteral("en"), QStringLiteral("tr_TR")) == QStringLiteral("en"));  // chosen in the menu
    CHECK(languageToUse(QStringLiteral("tr"), QStringLiteral("en_US")) == QStringLiteral("tr"));

    QTranslator* turkish = app::installLanguage(*QCoreApplication::instance(), QStringLiteral("tr"));
    REQUIRE(turkish);  // the .qm is compiled into the app
    {
        auto window = std::make_unique<MainWindow>(nullptr, false);
        QStringList menus;
        for (QAction* menu : window->menuBar()->actions()) menus << menu->text();
        CHECK(menus == QStringList{QStringLiteral("&Dosya"), QStringLiteral("&Üret"), QStringLiteral("&Görünüm"), QStringLiteral("&Yardım")});
        CHECK(window->centerTabs()->tabText(0) == QStringLiteral("Dikkat"));
        CHECK(window->findChild<QDockWidget*>(QStringLiteral("lessonDock"))->windowTitle() == QStringLiteral("Rehberli ders"));
        CHECK(window->lesson()->nextButton()->text() == QStringLiteral("Başla ▶"));
    }
    if (const QString out = qEnvironmentVariable("ATTNSCOPE_SHOTS"); !out.isEmpty()) {  // to look at
        auto window = windowOnEmbeddedModel();
        window->resize(1280, 800);
        window->startLessonAction()->trigger();
        REQUIRE(waitUntilIdle(window->controller(), 20000));
        window->lesson()->goTo(6);
        QTest::qWait(800);
        window->grab().save(out + QStringLiteral("/lesson-tr.png"));
    }
    // No visible string of the main views is left in English: every label, button, check box,
    // group title, menu entry, dock title and tab of a fresh Turkish window differs from the
    // English window's (names that are the same in both languages excepted).
    const auto visibleTexts = [](MainWindow& window) {
        std::set<QString> texts;
        const auto add = [&](QString text) {
            text.remove(QLatin1Char('&'));
            if (text.count(QRegularExpression(QStringLiteral("[A-Za-zÇçĞğİıÖöŞşÜü]"))) >= 3) texts.insert(text);
        };
        for (QLabel* label : window.findChildren<QLabel*>()) add(label->text());
        for (QAbstractButton* button : window.findChildren<QAbstractButton*>()) add(button->text());
        for (QGroupBox* box : window.findChildren<QGroupBox*>()) add(box->title());
        for (QAction* action : window.findChildren<QAction*>()) add(action->text());
        for (QDockWidget* dock : window.findChildren<QDockWidget*>()) add(dock->windowTitle());
        for (QTabWidget* tabs : window.findChildren<QTabWidget*>()) {
            for (int i = 0; i < tabs->count(); ++i) add(tabs->tabText(i));
        }
        for (QComboBox* box : window.findChildren<QComboBox*>()) {
            for (int i = 0; i < box->count(); ++i) add(box->itemText(i));
        }
        return texts;
    };
    std::set<QString> turkishTexts;
    {
        MainWindow window(nullptr, false);
        window.show();
        turkishTexts = visibleTexts(window);
    }
    {
        // With a model and a text: the painted views speak Turkish too.
        auto window = windowWithModel();
        generateText(*window, "the cat sat", 2);
        CHECK(window->probabilityBars()->caption().contains(QStringLiteral("sonrasındaki belirteç")));
        CHECK(QTest::qWaitFor([&] { return window->heatmap()->title().startsWith(QStringLiteral("Katman 0")); }, 5000));
        CHECK(window->tokenStrip()->tooltipFor(0).contains(QStringLiteral("istem belirteci")));
        CHECK(window->headGrid()->tooltipFor(0, 0).startsWith(QStringLiteral("Katman 0 · Kafa 0")));
        CHECK(window->statusBar()->currentMessage().contains(QStringLiteral("istenen sayıda belirteç üretildi")));
    }
    QCoreApplication::removeTranslator(turkish);
    delete turkish;
    auto english = std::make_unique<MainWindow>(nullptr, false);
    english->show();
    CHECK(english->centerTabs()->tabText(0) == QStringLiteral("Attention"));
    const std::set<QString> englishTexts = visibleTexts(*english);
    const std::set<QString> sameInBoth = {QStringLiteral("attnscope"), QStringLiteral("English"), QStringLiteral("Türkçe"),
                                          QStringLiteral("Top-k"), QStringLiteral("Top-p"), QStringLiteral("2 q k v")};
    int untranslated = 0;
    for (const QString& text : turkishTexts) {
        if (englishTexts.count(text) && !sameInBoth.count(text)) {
            UNSCOPED_INFO("left in English: " << text.toStdString());
            ++untranslated;
        }
    }
    CHECK(untranslated == 0);
    CHECK(englishTexts.size() > 60);  // the check looked at the window's texts
}

TEST_CASE("the core's messages are shown in Turkish: load errors, the prompt's length, load stages", "[app][language]") {
    QTranslator* turkish = app::installLanguage(*QCoreApplication::instance(), QStringLiteral("tr"));
    REQUIRE(turkish);
    {
        auto window = windowWithModel();
        Controller* c = window->controller();
        testing::TempDir empty;
        QSignalSpy failed(c, &Controller::loadFailed);
        window->openModel(QString::fromStdString(empty.path().string()));
        REQUIRE(failed.wait(10000));
        const QString shown = failed.front().at(1).toString();
        INFO(shown.toStdString());
        CHECK(shown.contains(QString::fromStdString(empty.path().string())));  // names the file ...
        CHECK(shown.contains(QStringLiteral("config.json")));
        CHECK(shown.contains(QStringLiteral("dosya bulunamadı")));              // ... in Turkish
        CHECK_FALSE(shown.contains(QStringLiteral("file not found")));
        CHECK(window->problems().back() == shown);

        // The prompt box's warning comes from the core's length check.
        const QString tooLong = window->controlPanel()->promptProblem(QString(5000, QLatin1Char('x')));
        INFO(tooLong.toStdString());
        CHECK(tooLong.contains(QStringLiteral("bağlam penceresi")));
        CHECK_FALSE(tooLong.contains(QStringLiteral("context window")));
    }
    CHECK(coreText(attnscope::Message(QT_TRANSLATE_NOOP("core", "reading the tokenizer"))) != QStringLiteral("reading the tokenizer"));
    QCoreApplication::removeTranslator(turkish);
    delete turkish;
    CHECK(coreText(attnscope::Message(QT_TRANSLATE_NOOP("core", "reading the tokenizer"))) == QStringLiteral("reading the tokenizer"));
}

#if defined(ATTNSCOPE_LUPDATE)
TEST_CASE("every translatable string of the sources has its Turkish translation", "[app][language]") {
    // lupdate reads the sources as they are now into a copy of the shipped .ts: a string added
    // to the code without a translation shows up as "unfinished".
    QTemporaryDir dir;
    REQUIRE(dir.isValid());
    const QString source = QStringLiteral(ATTNSCOPE_SOURCE_DIR);
    const QString copy = dir.filePath(QStringLiteral("attnscope_tr.ts"));
    REQUIRE(QFile::copy(source + QStringLiteral("/i18n/attnscope_tr.ts"), copy));
    QFile::setPermissions(copy, QFile::ReadOwner | QFile::WriteOwner);
    QProcess lupdate;
    // The build's own lupdate project (its sources and include paths, so classes get their
    // namespaces as contexts), written when CMake configures the build.
    lupdate.start(QStringLiteral(ATTNSCOPE_LUPDATE),
                  {QStringLiteral("-project"), QStringLiteral(ATTNSCOPE_LUPDATE_PROJECT), QStringLiteral("-no-obsolete"),
                   QStringLiteral("-locations"), QStringLiteral("none"), QStringLiteral("-ts"), copy});

    REQUIRE(lupdate.waitForFinished(120000));
    REQUIRE(lupdate.exitCode() == 0);
    // A class that calls tr() without Q_OBJECT (or Q_DECLARE_TR_FUNCTIONS) looks its strings up
    // in its base class's context at run time, where lupdate did not put them.
    const QString warnings = QString::fromUtf8(lupdate.readAllStandardError() + lupdate.readAllStandardOutput());
    INFO(warnings.toStdString());
    CHECK_FALSE(warnings.contains(QStringLiteral("lacks Q_OBJECT")));

    QFile ts(copy);
    REQUIRE(ts.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(ts.readAll());
    const QStringList unfinished = [&] {
        QStringList sources;
        QRegularExpression entry(QStringLiteral("<source>([^<]*)</source>\\s*(?:<comment>[^<]*</comment>\\s*)?<translation type=\"unfinished\""));
        for (auto it = entry.globalMatch(text); it.hasNext();) sources << it.next().captured(1);
        return sources;
    }();
    for (const QString& s : unfinished) UNSCOPED_INFO("not translated: " << s.toStdString());
    CHECK(unfinished.isEmpty());
    CHECK(text.count(QStringLiteral("<name>core</name>")) == 1);
    CHECK(text.count(QStringLiteral("<message")) > 800);  // the app's, the views' and the core's
}
#endif
