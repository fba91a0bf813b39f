// A lesson given from a laptop: every view reachable and readable at 1280x800, 1600x1000 and
// 1920x1080 (issue "A lesson that works on a laptop").
#include <catch2/catch.hpp>

#include <QDockWidget>
#include <QCheckBox>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QTabWidget>
#include <QTranslator>

#include <set>

#include "app/ControlPanel.h"
#include "app/Language.h"
#include "app/GuidedLesson.h"
#include "app/TeachingPanels.h"
#include "tests/app/WindowFixtures.h"
#include "views/AblationPanel.h"
#include "views/ComparePromptsView.h"
#include "views/HeadScoresView.h"
#include "views/InsideStepView.h"
#include "views/StageCanvas.h"
#include "views/TokenPathView.h"

using namespace attnscope;
using namespace attnscope::testing;

namespace {

const QSize kLaptop{1280, 800};

// Waits for the teaching tabs' jobs, then lets the views paint.
void settleTeaching(MainWindow& window) {
    QTest::qWait(200);
    QElapsedTimer t;
    t.start();
    while (window.teaching()->busy() && t.elapsed() < 10000) QTest::qWait(10);
    QTest::qWait(100);
}

}  // namespace

TEST_CASE("at 1280x800 every matrix of the mask-and-softmax stage can be scrolled to", "[app][teaching][laptop]") {
    auto window = windowOnEmbeddedModel();
    window->resize(kLaptop);
    const auto length = GENERATE(8, 40, 120);
    CAPTURE(length);
    std::string prompt;
    for (int i = 0; i < length; ++i) prompt += i % 2 ? " the" : " cat";
    Controller* c = generateText(*window, prompt.c_str(), 1);
    views::InsideStepView* inside = window->teaching()->insideStep();
    window->centerTabs()->setCurrentWidget(inside);
    inside->setStage(3);  // the mask and the softmax: scores, masked scores, weights
    settleTeaching(*window);
    REQUIRE(inside->step());
    CHECK(inside->step()->step == c->currentRecord()->step);

    views::StageCanvas* canvas = inside->canvas();
    const std::vector<QRect> matrices = canvas->matrixRects();
    REQUIRE(matrices.size() == 3);
    auto* scroll = qobject_cast<QScrollArea*>(canvas->parentWidget()->parentWidget());
    REQUIRE(scroll);
    // What the scroll area can show: its viewport, moved over the whole scroll range.
    const QSize viewport = scroll->viewport()->size();
    const QRect reachable(0, 0, viewport.width() + scroll->horizontalScrollBar()->maximum(),
                          viewport.height() + scroll->verticalScrollBar()->maximum());
    for (const QRect& m : matrices) {
        CAPTURE(m, reachable, canvas->size());
        CHECK(canvas->rect().contains(m));
        CHECK(reachable.contains(m));
    }
}

// Pictures for a person to look at, only when asked: ATTNSCOPE_SHOTS=/some/dir. The window at
// the three sizes a lesson is given at, on each centre tab and with each dock raised.
TEST_CASE("laptop screenshots at 1280x800, 1600x1000 and 1920x1080 (write PNGs when ATTNSCOPE_SHOTS is set)", "[app][.shots]") {
    const QString out = qEnvironmentVariable("ATTNSCOPE_SHOTS");
    if (out.isEmpty()) return;
    const QString model = qEnvironmentVariable("ATTNSCOPE_SHOTS_MODEL");  // default: the embedded model
    // ATTNSCOPE_SHOTS_LANGUAGE=tr: the Turkish interface.
    std::unique_ptr<QTranslator> language(app::installLanguage(*QCoreApplication::instance(), qEnvironmentVariable("ATTNSCOPE_SHOTS_LANGUAGE")));
    auto window = model.isEmpty() ? windowOnEmbeddedModel() : windowOn(model, 60000);

    Controller* c = generateText(*window, "It is a truth universally acknowledged, that a single man in possession", 16);
    c->selectHead(1, 2);
    emit window->comparePrompts()->compareRequested();
    emit window->headScores()->diagnosticsRequested();
    QTest::qWait(1000);
    const QString only = qEnvironmentVariable("ATTNSCOPE_SHOTS_ONLY");  // e.g. "compareDock": just those
    for (const QSize size : {QSize(1280, 800), QSize(1600, 1000), QSize(1920, 1080)}) {
        window->resize(size);
        const QString tag = QStringLiteral("%1x%2").arg(size.width()).arg(size.height());
        auto save = [&](const QString& name) {
            if (!only.isEmpty() && !name.contains(only)) return;
            settleTeaching(*window);
            CHECK(window->grab().save(QStringLiteral("%1/%2-%3.png").arg(out, tag, name)));
        };
        window->centerTabs()->setCurrentIndex(0);
        save(QStringLiteral("main"));
        for (const char* dock : {"gridDock", "headScoresDock", "ablationDock", "lensDock", "anatomyDock", "formationDock"}) {
            if (auto* d = window->findChild<QDockWidget*>(QString::fromLatin1(dock))) d->raise();
            save(QString::fromLatin1(dock));
        }
        views::InsideStepView* inside = window->teaching()->insideStep();
        window->centerTabs()->setCurrentWidget(inside);
        for (int stage = 0; stage < views::InsideStepView::kStageCount; ++stage) {
            inside->setStage(stage);
            save(QStringLiteral("inside-%1").arg(stage + 1));
        }
        window->centerTabs()->setCurrentWidget(window->teaching()->kvCachePage());
        save(QStringLiteral("kv"));
        window->centerTabs()->setCurrentWidget(window->comparePrompts());
        save(QStringLiteral("compare"));
        window->centerTabs()->setCurrentWidget(window->teaching()->tokenPath());
        save(QStringLiteral("path"));
    }
}

TEST_CASE("the window fits a 1280x800 screen", "[app][laptop]") {
    auto window = windowOnEmbeddedModel();
    generateText(*window, "A robot must obey the orders given it", 4);
    window->resize(kLaptop);
    QTest::qWait(50);
    for (QDockWidget* dock : window->findChildren<QDockWidget*>()) {
        if (!dock->isVisible()) continue;
        UNSCOPED_INFO(dock->objectName().toStdString() << " needs " << Catch::StringMaker<QSize>::convert(dock->minimumSizeHint())
                                                       << ", has " << Catch::StringMaker<QSize>::convert(dock->size()));
    }
    CAPTURE(window->centralWidget()->minimumSizeHint());
    CHECK(window->size().width() <= kLaptop.width());
    CHECK(window->size().height() <= kLaptop.height());
}

TEST_CASE("← and → move along the text like a player; Shift+→ generates, and from a past step branches", "[app][laptop][timeline]") {
    auto window = windowWithModel();
    Controller* c = generateText(*window, "the cat sat on", 4);
    const int last = static_cast<int>(c->timeline().size()) - 1;
    REQUIRE(last >= 3);
    CHECK(window->forwardAction()->shortcut() == QKeySequence(Qt::Key_Right));
    CHECK(window->stepAction()->shortcut() == QKeySequence(Qt::SHIFT | Qt::Key_Right));
    CHECK_FALSE(window->forwardAction()->isEnabled());  // at the newest step: nothing ahead

    QTest::keyClick(window.get(), Qt::Key_Left);
    QTest::keyClick(window.get(), Qt::Key_Left);
    CHECK(c->currentStep() == last - 2);
    CHECK(window->forwardAction()->isEnabled());
    QTest::keyClick(window.get(), Qt::Key_Right);
    CHECK(c->currentStep() == last - 1);
    CHECK(static_cast<int>(c->timeline().size()) == last + 1);  // forward generated nothing ...
    CHECK(c->branches().empty());      // ... and made no branch
    QTest::keyClick(window.get(), Qt::Key_Home);
    CHECK(c->currentStep() == 0);
    QTest::keyClick(window.get(), Qt::Key_End);
    CHECK(c->currentStep() == last);
    CHECK_FALSE(window->forwardAction()->isEnabled());

    // At the end, Shift+→ adds a token to the same line.
    QTest::keyClick(window.get(), Qt::Key_Right, Qt::ShiftModifier);
    REQUIRE(waitUntilIdle(c));
    CHECK(static_cast<int>(c->timeline().size()) == last + 2);
    CHECK(c->branches().empty());
    // From a past step it generates too, and the old continuation becomes a branch.
    QTest::keyClick(window.get(), Qt::Key_Left);
    QTest::keyClick(window.get(), Qt::Key_Left);
    QTest::keyClick(window.get(), Qt::Key_Right, Qt::ShiftModifier);
    REQUIRE(waitUntilIdle(c));
    CHECK(c->branches().size() == 1);
}

TEST_CASE("opening another model, Reset and running an edited prompt ask before they end the text", "[app][laptop][ask]") {
    auto window = windowWithModel();
    Controller* c = generateText(*window, "the cat sat", 3);
    const auto timelineBefore = c->timeline();
    QStringList questions;
    QMessageBox::StandardButton answer = QMessageBox::Cancel;
    window->setAsker([&](const QString&, const QString& text) {
        questions << text;
        return answer;
    });
    const auto modelBefore = c->model();

    SECTION("another model: Cancel keeps everything, Discard opens it") {
        window->openModel(fixture("tiny-f16"));
        REQUIRE(questions.size() == 1);
        CHECK(questions.front().startsWith(QStringLiteral("Opening another model ends the text on screen")));
        QTest::qWait(200);
        CHECK(c->model() == modelBefore);
        CHECK(c->timeline() == timelineBefore);
        answer = QMessageBox::Discard;
        QSignalSpy loaded(c, &Controller::modelChanged);
        window->openModel(fixture("tiny-f16"));
        REQUIRE(loaded.wait(10000));
        CHECK(c->model() != modelBefore);
    }
    SECTION("Reset: Cancel keeps the text, Discard forgets it") {
        window->resetAction()->trigger();
        REQUIRE(questions.size() == 1);
        CHECK(questions.front().startsWith(QStringLiteral("Reset forgets")));
        CHECK(c->timeline() == timelineBefore);
        answer = QMessageBox::Discard;
        window->resetAction()->trigger();
        CHECK(c->timeline().empty());
    }
    SECTION("an edited prompt: Generate asks, Cancel runs nothing; the same prompt asks nothing") {
        window->generateAction()->trigger();  // the same prompt: goes on, no question
        REQUIRE(waitUntilIdle(c));
        CHECK(questions.isEmpty());
        const auto grown = c->timeline();
        REQUIRE(window->controlPanel()->setPrompt(QStringLiteral("a dog ran")));
        window->generateAction()->trigger();
        REQUIRE(questions.size() == 1);
        CHECK(questions.front().startsWith(QStringLiteral("Running the edited prompt replaces")));
        CHECK_FALSE(c->isGenerating());
        CHECK(c->timeline() == grown);
        window->stepAction()->trigger();
        CHECK(questions.size() == 2);
        CHECK(c->timeline() == grown);
    }
}

TEST_CASE("a prompt longer than a newly opened model's context is reported when the model opens", "[app][laptop][ask]") {
    auto window = windowOnEmbeddedModel();
    REQUIRE(window->controlPanel()->setPrompt(QStringLiteral("word ").repeated(60)));
    QSignalSpy loaded(window->controller(), &Controller::modelChanged);
    window->openModel(fixture("tiny-f32-prefixed"));  // context 16
    REQUIRE(loaded.wait(10000));
    REQUIRE_FALSE(window->problems().isEmpty());
    CHECK(window->problems().back().contains(QStringLiteral("The prompt does not fit")));
    CHECK(window->problems().back().contains(QStringLiteral("16 tokens")));
}


// Heads switched off, as a lesson shows them: the comparison's two charts, the crossed heads in
// the grid, the marked tokens.
TEST_CASE("heads-off screenshots (write PNGs when ATTNSCOPE_SHOTS is set)", "[app][.shots]") {
    const QString out = qEnvironmentVariable("ATTNSCOPE_SHOTS");
    if (out.isEmpty()) return;
    auto window = windowOnEmbeddedModel();
    window->resize(QSize(1600, 1000));
    Controller* c = generateText(*window, "The cat sat on the mat. The cat sat on the", 4);
    views::AblationPanel* panel = window->ablationPanel();
    panel->setChecked(3, 1, true);
    panel->setChecked(2, 1, true);
    emit panel->compareRequested();
    QTest::qWaitFor([&] { return panel->resultText().contains(QStringLiteral("KL")); }, 10000);
    panel->findChild<QCheckBox*>()->setChecked(true);
    window->stepAction()->trigger();
    REQUIRE(waitUntilIdle(c));
    panel->findChild<QCheckBox*>()->setChecked(false);
    window->stepAction()->trigger();
    REQUIRE(waitUntilIdle(c));
    c->back();
    c->selectHead(3, 1);
    for (const char* dock : {"ablationDock", "gridDock"}) {
        window->findChild<QDockWidget*>(QString::fromLatin1(dock))->raise();
        settleTeaching(*window);
        CHECK(window->grab().save(QStringLiteral("%1/headsoff-%2.png").arg(out, QString::fromLatin1(dock))));
    }
}

namespace {

// Walks every stop of the guided lesson forward and back, checking that each moves the views
// where it says and says a sentence made from the step on screen.
void walkLesson(MainWindow& window) {
    Controller* c = window.controller();
    app::GuidedLesson* lesson = window.lesson();
    window.startLessonAction()->trigger();
    REQUIRE(waitUntilIdle(c, 20000));  // Start runs the prompt when there is no text yet
    QTest::qWait(50);
    REQUIRE(c->currentRecord());
    auto* dock = window.findChild<QDockWidget*>(QStringLiteral("lessonDock"));
    REQUIRE(dock);
    CHECK(dock->isVisible());
    REQUIRE(lesson->current() == 0);
    REQUIRE(lesson->stopCount() >= 12);
    const auto nameOf = [&](std::int32_t token) { return c->namer()(token); };
    CHECK(lesson->liveSentence().contains(nameOf(c->currentRecord()->topK[0].token)));  // the real first choice

    std::set<int> stages;
    for (int i = 0; i < lesson->stopCount(); ++i) {
        if (i > 0) {
            QPushButton* next = lesson->nextButton();
            REQUIRE(next->isEnabled());
            // In sight in the dock, whatever the window's size: not scrolled away under the text.
            CHECK(next->isVisible());
            CHECK(dock->rect().contains(QRect(next->mapTo(dock, QPoint(0, 0)), next->size())));
            next->click();
        }
        REQUIRE(lesson->current() == i);
        const app::GuidedLesson::Stop& stop = lesson->stop(i);
        CAPTURE(i, stop.title.toStdString());
        if (stop.tab) CHECK(window.centerTabs()->currentWidget() == stop.tab);
        if (stop.insideStage >= 0) {
            CHECK(window.teaching()->insideStep()->stage() == stop.insideStage);
            stages.insert(stop.insideStage);
        }
        for (const QString& name : stop.docks) {
            auto* d = window.findChild<QDockWidget*>(name);
            REQUIRE(d);
            CHECK(d->isVisible());
        }
        CHECK(lesson->shownText().contains(stop.title));
        CHECK(lesson->liveSentence().startsWith(QStringLiteral("Here:")));
    }
    // The seed's story: embeddings, q/k/v, scores, mask, values, feed-forward and output stages.
    CHECK(stages == std::set<int>{0, 1, 2, 3, 4, 6, 7});
    CHECK_FALSE(lesson->nextButton()->isEnabled());  // the last stop
    lesson->backButton()->click();
    CHECK(lesson->current() == lesson->stopCount() - 2);
}

}  // namespace

TEST_CASE("the guided lesson walks the seed's story on a GPT-2 folder and on the embedded model", "[app][lesson]") {
    SECTION("a GPT-2 folder") {
        auto window = windowWithModel();
        window->resize(kLaptop);
        REQUIRE(window->controlPanel()->setPrompt(QStringLiteral("the cat sat")));
        walkLesson(*window);
    }
    SECTION("the embedded model, at 1280x800") {
        auto window = windowOnEmbeddedModel();
        window->resize(kLaptop);
        walkLesson(*window);
        CHECK(window->size().width() <= kLaptop.width());
        CHECK(window->size().height() <= kLaptop.height());
        if (const QString out = qEnvironmentVariable("ATTNSCOPE_SHOTS"); !out.isEmpty()) {
            window->lesson()->goTo(6);  // the mask
            settleTeaching(*window);
            window->grab().save(out + QStringLiteral("/lesson-mask.png"));
            window->lesson()->goTo(0);
            settleTeaching(*window);
            window->grab().save(out + QStringLiteral("/lesson-next-word.png"));
        }
    }
}

TEST_CASE("the head scores name the embedded model's induction heads after the diagnostics", "[app][headscores][induction]") {
    auto window = windowOnEmbeddedModel();
    auto* dock = window->findChild<QDockWidget*>(QStringLiteral("headScoresDock"));
    dock->show();
    dock->raise();
    emit window->headScores()->diagnosticsRequested();
    REQUIRE(QTest::qWaitFor([&] { return window->headScores()->sourcesCaption().contains(QStringLiteral("Induction heads")); }, 20000));
    const QString caption = window->headScores()->sourcesCaption();
    CAPTURE(caption.toStdString());
    CHECK(caption.contains(QStringLiteral("Induction heads (score ≥ 0.3): L3H")));
    CHECK_FALSE(caption.contains(QStringLiteral("none:")));
}
