// attnscope-view-bench: how fast the views follow the user and the model, offscreen.
//
//   QT_QPA_PLATFORM=offscreen build/bench/attnscope-view-bench [--model DIR] [--tokens N]
//
// Generates an N-token text (default 256) with the model (default: the embedded one), then times
//   * switching layer or head in the attention heatmap, through to a finished repaint;
//   * the head grid redrawing a new step (every layer x head thumbnail);
//   * one live step: every view given a new record and repainted, as the window does.
// Each number is the median of repeated runs, measured in one process; see docs/performance.md.
// ATTNSCOPE_BENCH_DETAIL=1 also prints the token-paths view's time split into events and painting.

#include <QApplication>
#include <QElapsedTimer>
#include <QImage>
#include <QPainter>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <vector>

#include "model/Gpt2Model.h"
#include "model/Session.h"
#include "views/AttentionHeatmap.h"
#include "views/HeadGrid.h"
#include "views/ProbabilityBars.h"
#include "views/TokenPaths.h"
#include "views/TokenStrip.h"

namespace {

using namespace attnscope;

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

// Renders a widget into an image, the way the screen would get it, and waits for nothing else.
void repaint(QWidget& w, QImage& target) {
    QCoreApplication::processEvents();  // let queued replots run
    target.fill(Qt::white);
    QPainter painter(&target);
    w.render(&painter);
}

}  // namespace

int main(int argc, char* argv[]) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    std::string folder = Gpt2Model::embeddedModelFolder().string();
    int tokens = 256;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--model" && i + 1 < argc) folder = argv[++i];
        else if (a == "--tokens" && i + 1 < argc) tokens = std::stoi(argv[++i]);
    }
    const auto model = Gpt2Model::loadFolder(folder);
    const int length = std::min(tokens, model->config().nPositions);
    GenerationSession session(model, {true, 20});
    std::vector<StepRecordPtr> records;
    generate(session, {model->tokenizer().encode("The"), length, SamplingSettings{}, false},
             [&](const StepRecordPtr& r) { records.push_back(r); });
    const StepRecordPtr last = records.back();
    const views::TokenNamer namer = [&](std::int32_t id) { return QString::fromStdString(model->tokenizer().displayToken(id)); };

    std::cout << "attnscope-view-bench: " << model->name() << ", " << last->length() << "-token text, "
              << model->config().nLayer << " x " << model->config().nHead << " heads\n";

    // Heatmap: switching layer or head.
    views::AttentionHeatmap heatmap;
    heatmap.setNamer(namer);
    heatmap.resize(900, 800);
    heatmap.show();
    QImage heatImage(heatmap.size(), QImage::Format_ARGB32_Premultiplied);
    heatmap.setRecord(last);
    repaint(heatmap, heatImage);
    std::vector<double> switchMs;
    for (int round = 0; round < 3; ++round) {
        for (int layer = 0; layer < model->config().nLayer; ++layer) {
            for (int head = 0; head < model->config().nHead; ++head) {
                QElapsedTimer t;
                t.start();
                heatmap.setSelection({layer, head, false, -1});
                heatmap.flush();
                repaint(heatmap, heatImage);
                switchMs.push_back(t.nsecsElapsed() / 1e6);
            }
        }
    }
    std::cout << "heatmap: switch layer/head and repaint: median " << median(switchMs) << " ms, max "
              << *std::max_element(switchMs.begin(), switchMs.end()) << " ms (" << switchMs.size() << " switches)\n";

    // Head grid: a new step arrives.
    views::HeadGrid grid;
    grid.resize(600, 600);
    grid.show();
    QImage gridImage(grid.size(), QImage::Format_ARGB32_Premultiplied);
    std::vector<double> gridMs;
    for (std::size_t i = records.size() - 20; i < records.size(); ++i) {
        QElapsedTimer t;
        t.start();
        grid.setRecord(records[i]);
        grid.waitForThumbnails();  // the thumbnails are computed off the UI thread
        repaint(grid, gridImage);
        gridMs.push_back(t.nsecsElapsed() / 1e6);
    }
    std::cout << "head grid: new step, all " << model->config().nLayer * model->config().nHead
              << " heads redrawn: median " << median(gridMs) << " ms\n";

    // Live: every view gets the next record and repaints.
    views::TokenStrip strip;
    views::TokenPaths paths;
    views::ProbabilityBars bars;
    for (QWidget* w : std::initializer_list<QWidget*>{&strip, &paths, &bars}) {
        w->resize(600, 500);
        w->show();
    }
    strip.setNamer(namer);
    paths.setNamer(namer);
    bars.setNamer(namer);
    QImage stripImage(strip.size(), QImage::Format_ARGB32_Premultiplied), pathsImage(paths.size(), QImage::Format_ARGB32_Premultiplied),
        barsImage(bars.size(), QImage::Format_ARGB32_Premultiplied);
    std::vector<double> liveMs;
    std::vector<std::vector<double>> perView(5);
    const char* names[5] = {"heatmap", "head grid", "token paths", "probability bars", "token strip"};
    for (std::size_t i = records.size() - 30; i < records.size(); ++i) {
        const auto& r = records[i];
        QElapsedTimer total;
        total.start();
        QElapsedTimer t;
        auto lap = [&](int view) {
            perView[view].push_back(t.nsecsElapsed() / 1e6);
            t.restart();
        };
        t.start();
        heatmap.setRecord(r);
        heatmap.flush();
        repaint(heatmap, heatImage);
        lap(0);
        grid.setRecord(r);
        grid.waitForThumbnails();
        repaint(grid, gridImage);
        lap(1);
        QElapsedTimer d;
        d.start();
        paths.setRecord(r);
        if (std::getenv("ATTNSCOPE_BENCH_DETAIL")) {
            std::cout << "    paths: setRecord " << d.nsecsElapsed() / 1e6 << " ms\n";
            d.restart();
            QCoreApplication::processEvents();
            const double events = d.nsecsElapsed() / 1e6;
            d.restart();
            pathsImage.fill(Qt::white);
            QPainter painter(&pathsImage);
            paths.render(&painter);
            std::cout << "    paths: events " << events << " ms, render " << d.nsecsElapsed() / 1e6 << " ms\n";
        } else {
            repaint(paths, pathsImage);
        }
        lap(2);
        bars.setRecord(r);
        repaint(bars, barsImage);
        lap(3);
        strip.setText(r->tokens, records.front()->length(), {}, {});
        repaint(strip, stripImage);
        lap(4);
        liveMs.push_back(total.nsecsElapsed() / 1e6);
    }
    for (int v = 0; v < 5; ++v) std::cout << "  " << names[v] << ": median " << median(perView[v]) << " ms\n";
    const double live = median(liveMs);
    std::cout << "live step, all five views updated and repainted: median " << live << " ms = " << 1000.0 / live
              << " steps/s the views can follow\n";
    return 0;
}
