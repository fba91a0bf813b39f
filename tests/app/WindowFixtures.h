#pragma once
// The window on a model, for the app tests: open a folder and wait, generate and wait.
#include <catch2/catch.hpp>

#include <QElapsedTimer>
#include <QRect>
#include <QSize>
#include <QSignalSpy>
#include <QTest>

#include <memory>

#include "app/Controller.h"
#include "app/MainWindow.h"
#include "model/Gpt2Model.h"
#include "tests/model/Fixtures.h"

// Rectangles and sizes print as numbers when a check fails.
namespace Catch {
template <>
struct StringMaker<QRect> {
    static std::string convert(const QRect& r) {
        return QStringLiteral("(%1,%2 %3x%4)").arg(r.x()).arg(r.y()).arg(r.width()).arg(r.height()).toStdString();
    }
};
template <>
struct StringMaker<QSize> {
    static std::string convert(const QSize& s) { return QStringLiteral("%1x%2").arg(s.width()).arg(s.height()).toStdString(); }
};
}  // namespace Catch

namespace attnscope::testing {

using app::Controller;
using app::MainWindow;


inline QString fixture(const char* variant) { return QString::fromStdString(checkpointDir(variant).string()); }

// Opens the window on a model folder and waits until it is loaded.
inline std::unique_ptr<MainWindow> windowOn(const QString& folder, int timeoutMs) {
    auto window = std::make_unique<MainWindow>(nullptr, false);
    window->show();
    QSignalSpy loaded(window->controller(), &Controller::modelChanged);
    window->openModel(folder);
    REQUIRE(loaded.wait(timeoutMs));
    return window;
}

// ... on a tiny fixture model, or on the embedded model.
inline std::unique_ptr<MainWindow> windowWithModel(const char* variant = "tiny-f32-prefixed") { return windowOn(fixture(variant), 10000); }
inline std::unique_ptr<MainWindow> windowOnEmbeddedModel() { return windowOn(QString::fromStdString(Gpt2Model::embeddedModelFolder().string()), 20000); }

inline bool waitUntilIdle(Controller* c, int ms = 10000) {
    QElapsedTimer t;
    t.start();
    while (c->isGenerating() && t.elapsed() < ms) QTest::qWait(5);
    return !c->isGenerating();
}

// The settings of the next run: its prompt, how many tokens, and the pause between them.
inline void setRun(Controller* c, const char* prompt, int tokens, int paceMs = 0) {
    c->state().editSettings([&](app::GenerationSettings& s) { s.prompt = QString::fromUtf8(prompt); });
    c->state().editSettings([&](app::GenerationSettings& s) { s.maxNewTokens = tokens; });
    c->state().editSettings([&](app::GenerationSettings& s) { s.paceMs = paceMs; });
}

// Generates `tokens` tokens from `prompt` through the window's Generate action and waits.
inline Controller* generateText(MainWindow& window, const char* prompt, int tokens) {
    Controller* c = window.controller();
    setRun(c, prompt, tokens);
    window.generateAction()->trigger();
    REQUIRE(waitUntilIdle(c));
    return c;
}

}  // namespace attnscope::testing
