// attnscope-ui-bench: the whole window while it generates (docs/reliability.md).
//   QT_QPA_PLATFORM=offscreen build/bench/attnscope-ui-bench --model DIR [--prompt-tokens N] [--tokens M] [--runs R]
//                                                            [--slow-events MS] [--hide DOCK,...] [--one-arena]
// Reports (1) the longest the UI thread went without running its event loop while a long
// prompt was run and tokens were generated with every view on screen, measured by a 5 ms
// timer; (2) how long Pause takes to stop a long prefill, seen from the window; and (3) the
// process's peak resident memory in each of R rounds of "generate to the end of the context,
// then Reset", with when in the run the peak came and how much of it malloc held in use or free.
// --hide closes docks by object name (e.g. gridDock,headScoresDock): which view costs what.
// malloc is set up as in the app (app/MallocPolicy: glibc's per-thread cache off);
// ATTNSCOPE_MALLOC=default in the environment runs glibc's defaults instead, to compare.
// --one-arena sets glibc's malloc to a single arena first, as the app did before its views kept
// their large buffers in recycled pages (docs/reliability.md): to compare the two.
#include <QApplication>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QSignalSpy>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <unistd.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "app/ControlPanel.h"
#include "app/Controller.h"
#include "app/MainWindow.h"
#include "app/MallocPolicy.h"
#include "views/AttentionHeatmap.h"
#include "views/PageBuffer.h"

using attnscope::app::Controller;
using attnscope::app::MainWindow;

namespace {

// With --slow-events MS, every event that the UI thread spends MS or more on (counted at the
// outermost dispatch, so nested event loops are attributed to the event that started them) is
// printed with its type and receiver: the way to find what blocks the window.
class TimingApplication : public QApplication {
public:
    using QApplication::QApplication;
    int slowEventMs = -1;

    bool notify(QObject* receiver, QEvent* event) override {
        if (slowEventMs < 0 || m_depth > 0 || QThread::currentThread() != thread()) return QApplication::notify(receiver, event);
        const int type = event->type();
        QElapsedTimer timer;
        timer.start();
        ++m_depth;
        const bool result = QApplication::notify(receiver, event);
        --m_depth;
        if (timer.elapsed() >= slowEventMs) {
            // The receiver's owners too: a QCustomPlot says little, the view it belongs to says which.
            QString owners;
            for (QObject* o = receiver->parent(); o && owners.count('<') < 3; o = o->parent()) {
                owners += QStringLiteral(" < %1").arg(QString::fromLatin1(o->metaObject()->className()));
            }
            std::printf("  slow event: %lld ms, type %d, receiver %s \"%s\"%s\n", static_cast<long long>(timer.elapsed()), type,
                        receiver->metaObject()->className(), qPrintable(receiver->objectName()), qPrintable(owners));
        }
        return result;
    }

private:
    int m_depth = 0;
};

double statusMiB(const char* field) {
    std::ifstream status("/proc/self/status");
    std::string line;
    const std::string prefix = field;
    while (std::getline(status, line)) {
        if (line.rfind(prefix, 0) == 0) return std::stod(line.substr(prefix.size())) / 1024.0;
    }
    return 0;
}
double rssMiB() { return statusMiB("VmRSS:"); }
double peakRssMiB() { return statusMiB("VmHWM:"); }  // the peak since the start or the last resetPeakRss()

// What malloc hands out (heap and mmap) and keeps free in its heaps, and what the views hold in
// page buffers, in MiB.
struct HeapFigures {
    double mallocInUse = 0;
    double mallocFree = 0;
    double viewPages = 0;
};
HeapFigures heapFiguresNow() {
    HeapFigures f;
#if defined(__GLIBC__)
    const struct mallinfo2 info = mallinfo2();
    f.mallocInUse = static_cast<double>(info.uordblks + info.hblkhd) / (1024.0 * 1024.0);
    f.mallocFree = static_cast<double>(info.fordblks) / (1024.0 * 1024.0);
#endif
    f.viewPages = static_cast<double>(attnscope::views::PageBuffer::liveBytes().load()) / (1024.0 * 1024.0);
    return f;
}

// What the resident memory is made of right now: anonymous and file pages, what malloc hands out
// and keeps free, and the views' page buffers.
std::string describeMemoryNow() {
    const HeapFigures f = heapFiguresNow();
    char text[200];
    std::snprintf(text, sizeof text, "anonymous %.1f, file %.1f MiB; malloc %.3f in use, %.1f free; views' pages %.1f MiB",
                  statusMiB("RssAnon:"), statusMiB("RssFile:"), f.mallocInUse, f.mallocFree, f.viewPages);
    return text;
}

// Linux: writing 5 to clear_refs resets VmHWM to the current RSS, so each run's own peak can be read.
bool resetPeakRss() {
    std::ofstream clearRefs("/proc/self/clear_refs");
    clearRefs << "5";
    clearRefs.flush();
    return static_cast<bool>(clearRefs);
}

// Samples the resident memory every millisecond on a thread of its own, with what the window
// had reached (the number of steps on its timeline) at that moment: where in a run the peak is.
// The sampler must not move what it measures from run to run: one thread for all runs (a new
// thread each run got a new stack and, at times, another malloc arena), the samples' storage
// made and touched once before the first run, and /proc/self/statm read with pread on one
// descriptor instead of a stream made every millisecond.
class RssSampler {
public:
    std::atomic<int> steps{0};
    std::atomic<bool> afterReset{false};

    RssSampler() {
        m_samples.resize(kMaxSamples);  // touches the pages now, so that no run adds them
        m_samples.clear();
        m_statm = open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
        m_thread = std::thread([this] { sampleUntilQuit(); });
    }
    ~RssSampler() {
        m_quit = true;
        m_thread.join();
        if (m_statm >= 0) close(m_statm);
    }

    void start() {
        std::lock_guard lock(m_mutex);
        m_samples.clear();
        afterReset = false;
        m_started = std::chrono::steady_clock::now();
        m_recording = true;
    }
    // The highest sample since start(): when (ms), how much (MiB) and at which step count.
    std::string stopAndDescribePeak() {
        m_recording = false;
        std::lock_guard lock(m_mutex);
        Sample peak{};
        int lastSteps = 0;
        if (const char* dump = std::getenv("ATTNSCOPE_BENCH_SAMPLES")) {
            std::ofstream out(dump, std::ios::app);
            for (const Sample& s : m_samples)
                out << s.ms << ',' << s.mib << ',' << s.stepsBefore << ',' << s.afterReset << ',' << s.mallocInUse << ',' << s.mallocFree << ',' << s.viewPages << '\n';
            out << "---\n";
        }
        double mostInUse = 0, mostPages = 0;
        for (Sample& s : m_samples) {
            if (s.afterReset) s.stepsBefore = lastSteps;
            else lastSteps = s.stepsBefore;
            if (s.mib > peak.mib) peak = s;
            mostInUse = std::max(mostInUse, s.mallocInUse);
            mostPages = std::max(mostPages, s.viewPages);
        }
        m_lastPeak = peak.mib;
        char text[320];
        std::snprintf(text, sizeof text,
                      "sampled peak %.2f MiB at %lld ms, %s %d steps on the timeline; malloc then: %.1f MiB in use, %.1f MiB free"
                      " in its heaps; views' pages then %.1f MiB; most in use in the run %.1f MiB, most in pages %.1f MiB",
                      peak.mib, static_cast<long long>(peak.ms), peak.afterReset ? "after Reset of" : "with", peak.stepsBefore,
                      peak.mallocInUse, peak.mallocFree, peak.viewPages, mostInUse, mostPages);
        return text;
    }

    double lastPeakMiB() const { return m_lastPeak; }  // of the last stopAndDescribePeak()

private:
    double m_lastPeak = 0;
    struct Sample {
        qint64 ms;
        double mib;
        int stepsBefore;
        bool afterReset;
        double mallocInUse;   // MiB handed out by malloc (heap and mmap)
        double mallocFree;    // MiB free inside malloc's heaps
        double viewPages;     // MiB in the views' page buffers (the heatmap's matrices and images)
    };
    static constexpr std::size_t kMaxSamples = 20000;  // 20 s a run (about 1 MiB); more are not kept

    void sampleUntilQuit() {
        const double pageMiB = static_cast<double>(sysconf(_SC_PAGESIZE)) / (1024.0 * 1024.0);
        while (!m_quit) {
            if (m_recording) {
                char text[128] = {};
                const ssize_t n = m_statm >= 0 ? pread(m_statm, text, sizeof text - 1, 0) : -1;
                long size = 0, resident = 0;
                if (n > 0) std::sscanf(text, "%ld %ld", &size, &resident);
                const HeapFigures heap = heapFiguresNow();
                std::lock_guard lock(m_mutex);
                const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - m_started).count();
                if (m_recording && m_samples.size() < kMaxSamples) {
                    m_samples.push_back({static_cast<qint64>(ms), resident * pageMiB, steps.load(), afterReset.load(), heap.mallocInUse,
                                         heap.mallocFree, heap.viewPages});
                }
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
    }

    std::vector<Sample> m_samples;
    std::mutex m_mutex;  // m_samples, m_started
    std::chrono::steady_clock::time_point m_started;
    std::atomic<bool> m_recording{false};
    std::atomic<bool> m_quit{false};
    int m_statm = -1;
    std::thread m_thread;  // last: starts once the members above are made
};

// English text of exactly `n` tokens for this model's tokenizer.
QString promptOfTokens(const attnscope::Gpt2Model& model, int n) {
    std::string text;
    while (static_cast<int>(model.tokenizer().encode(text).size()) < n + 8) {
        text += "The robot must obey the orders given it by human beings, except where such orders would conflict. ";
    }
    auto ids = model.tokenizer().encode(text);
    ids.resize(static_cast<std::size_t>(n));
    return QString::fromStdString(model.tokenizer().decode(ids));
}

// Runs the event loop for `ms` milliseconds, sleeping while there is nothing to do. (A loop of
// processEvents() would spin on a core, which the worker's two OpenMP threads then lack: the
// measured pauses would be the benchmark's own doing.)
void runEventLoopFor(int ms) {
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

bool waitIdle(Controller* c, int ms) {
    QElapsedTimer t;
    t.start();
    while ((c->isGenerating() || c->isLoading()) && t.elapsed() < ms) runEventLoopFor(5);
    return !c->isGenerating();
}

}  // namespace

int main(int argc, char* argv[]) {
    // malloc as the app has it (this may run the program again); --one-arena compares.
    attnscope::app::restartWithoutMallocThreadCache(argv);
    std::printf("%s\n", attnscope::app::describeMallocPolicy().c_str());
    bool oneArena = false;
    for (int i = 1; i < argc; ++i) oneArena = oneArena || std::string(argv[i]) == "--one-arena";
#if defined(__GLIBC__)
    if (oneArena && mallopt(M_ARENA_MAX, 1) != 1) std::printf("(malloc could not be set to one arena)\n");
#endif
    TimingApplication app(argc, argv);
    QString folder;
    int promptTokens = 1000, newTokens = 20, runs = 20;
    QStringList hidden;  // docks (by object name) to close: which view costs what
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--model" && i + 1 < argc) folder = QString::fromLocal8Bit(argv[++i]);
        else if (a == "--prompt-tokens" && i + 1 < argc) promptTokens = std::stoi(argv[++i]);
        else if (a == "--tokens" && i + 1 < argc) newTokens = std::stoi(argv[++i]);
        else if (a == "--runs" && i + 1 < argc) runs = std::stoi(argv[++i]);
        else if (a == "--slow-events" && i + 1 < argc) app.slowEventMs = std::stoi(argv[++i]);
        else if (a == "--one-arena") continue;  // read above
        else if (a == "--hide" && i + 1 < argc) hidden = QString::fromLocal8Bit(argv[++i]).split(',');
        else {
            std::cerr << "usage: attnscope-ui-bench --model DIR [--prompt-tokens N] [--tokens M] [--runs R] [--slow-events MS] [--hide DOCK,...]\n"
                         "                          [--one-arena]\n";
            return 2;
        }
    }
    MainWindow window(nullptr, false);
    window.resize(1500, 940);
    window.show();
    for (const QString& name : hidden) {
        if (auto* dock = window.findChild<QDockWidget*>(name)) dock->close();
        else std::printf("no dock named %s\n", qPrintable(name));
    }
    Controller* c = window.controller();
    QSignalSpy loaded(c, &Controller::modelChanged);
    window.openModel(folder);
    if (!loaded.wait(60000)) {
        std::cerr << "the model did not load\n";
        return 1;
    }
    const int context = c->model()->config().nPositions;
    promptTokens = std::min(promptTokens, context - newTokens);
    window.controlPanel()->setPrompt(promptOfTokens(*c->model(), promptTokens));

    // (1) The event loop's longest gap while generating.
    QElapsedTimer clock;
    qint64 last = 0, worstGap = 0;
    QTimer ticker;
    ticker.setInterval(5);
    QObject::connect(&ticker, &QTimer::timeout, [&] {
        const qint64 now = clock.elapsed();
        worstGap = std::max(worstGap, now - last);
        last = now;
    });
    c->state().editSettings([&](attnscope::app::GenerationSettings& s) { s.maxNewTokens = newTokens; });
    clock.start();
    ticker.start();
    c->generate();
    waitIdle(c, 600000);
    ticker.stop();
    std::printf("model %s, prompt of %d tokens, %d generated (%zu steps on the timeline), all views on screen\n",
                c->model()->name().c_str(), c->timeline().empty() ? 0 : c->timeline().front()->length(), newTokens, c->timeline().size());
    std::printf("longest the window went without processing events while generating: %lld ms (5 ms timer)\n",
                static_cast<long long>(worstGap));

    // (2) Pause during a long prefill, as the window sees it.
    qint64 worstPause = 0;
    for (int delay : {100, 400, 800}) {
        c->reset();
        waitIdle(c, 60000);
        c->generate();
        runEventLoopFor(delay);
        QElapsedTimer pause;
        pause.start();
        qint64 stoppedAfter = -1;  // when the window learns that the worker stopped
        const auto connection = QObject::connect(c, &Controller::generatingChanged, [&](bool generating) {
            if (!generating && stoppedAfter < 0) stoppedAfter = pause.elapsed();
        });
        const bool stillPrefilling = c->timeline().empty();
        c->pause();
        waitIdle(c, 60000);
        QObject::disconnect(connection);
        if (stillPrefilling) worstPause = std::max(worstPause, stoppedAfter);
        std::printf("Pause %d ms into the run: stopped %lld ms later%s\n", delay, static_cast<long long>(stoppedAfter),
                    stillPrefilling ? " (during the prefill)" : " (after the prefill)");
    }
    std::printf("worst Pause during a prefill: %lld ms\n", static_cast<long long>(worstPause));

    // (3) Memory over repeated full-context runs and Reset: each run's peak resident memory,
    // against the first run's.
    c->state().editSettings([&](attnscope::app::GenerationSettings& s) { s.maxNewTokens = context; });
    c->reset();
    waitIdle(c, 60000);
    runEventLoopFor(3000);
    std::printf("RSS before the runs: %.2f MiB\n", rssMiB());
    // ATTNSCOPE_BENCH_SMAPS=DIR: the mappings, to compare runs (smaps.N after run N's Reset,
    // smaps.end.N at its end)
    const auto saveMappings = [](const std::string& name) {
        if (const char* dir = std::getenv("ATTNSCOPE_BENCH_SMAPS")) {
            std::ifstream in("/proc/self/smaps");
            std::ofstream out(std::string(dir) + "/smaps." + name);
            out << in.rdbuf();
        }
    };
    saveMappings("0");
    double firstPeak = 0, worstLaterPeak = 0;
    std::vector<double> peaks;  // each run's own
    bool peaksPerRun = true;
    RssSampler sampler;
    QObject::connect(c, &Controller::timelineChanged, [&] { sampler.steps = static_cast<int>(c->timeline().size()); });
    // How many of a run's steps the heatmap got to show (it skips to the newest when behind).
    // While a job makes the next matrices it shows none (0 rows): that is not a text.
    int heatmapShown = 0;
    long lastShownLength = -1;
    QTimer heatmapWatch;
    heatmapWatch.setInterval(2);
    QObject::connect(&heatmapWatch, &QTimer::timeout, [&] {
        const long shown = static_cast<long>(window.heatmap()->probabilities().rows());
        if (shown == 0 || shown == lastShownLength) return;
        ++heatmapShown;
        lastShownLength = shown;
    });
    heatmapWatch.start();
    for (int r = 0; r < runs; ++r) {
        peaksPerRun = resetPeakRss() && peaksPerRun;
        sampler.start();
        heatmapShown = 0;
        c->generate();
        waitIdle(c, 3600000);
        runEventLoopFor(500);  // the heatmap's last job
        const bool heatmapCurrent = window.heatmap()->probabilities().rows() == static_cast<long>(c->timeline().empty() ? 0 : c->timeline().back()->length());
        const std::size_t steps = c->timeline().size();
        const double atEnd = rssMiB();
        const std::string endMemory = describeMemoryNow();
        saveMappings("end." + std::to_string(r + 1));
        // After Reset the views' jobs (head scores of a 1000-token text take seconds) let go of
        // the text at their own pace; the controller gives the memory back once they have.
        const std::weak_ptr<const attnscope::StepRecord> last = c->timeline().empty() ? nullptr : c->timeline().back();
        sampler.afterReset = true;
        c->reset();
        waitIdle(c, 60000);
        QElapsedTimer released;
        released.start();
        while (!last.expired() && released.elapsed() < 15000) runEventLoopFor(20);
        const qint64 releasedAfter = released.elapsed();
        runEventLoopFor(300);  // the controller's next poll trims
        // The kernel's high-water mark is brought up to date only at some events (an unmap, for
        // one), so it can miss a peak between them that the 1 ms samples or the end caught.
        const double kernelPeak = peakRssMiB();
        const std::string sampled = sampler.stopAndDescribePeak();
        const double peak = std::max({kernelPeak, sampler.lastPeakMiB(), atEnd});
        if (r == 0) firstPeak = peak;
        else worstLaterPeak = std::max(worstLaterPeak, peak);
        peaks.push_back(peak);
        std::printf("run %2d: %zu steps, RSS %.2f MiB at the end, peak %.2f MiB; after Reset the text was let go of in %lld ms, RSS then %.2f MiB\n  (%s; the heatmap showed %d texts, the last one %s)\n",
                    r + 1, steps, atEnd, peak, static_cast<long long>(releasedAfter), rssMiB(), sampled.c_str(), heatmapShown,
                    heatmapCurrent ? "included" : "NOT included");
        std::printf("  at the end: %s\n  after Reset: %s\n", endMemory.c_str(), describeMemoryNow().c_str());
        saveMappings(std::to_string(r + 1));  // after its Reset
        }
    if (!peaksPerRun) std::printf("(/proc/self/clear_refs could not be written: peaks are since the start)\n");
    std::vector<double> later(peaks.begin() + std::min<std::ptrdiff_t>(1, std::ssize(peaks)), peaks.end());
    std::ranges::sort(later);
    const double median = later.empty() ? 0 : later[later.size() / 2];
    std::printf("peak RSS of run 1: %.2f MiB; runs 2-%d: %.2f-%.2f MiB, median %.2f (highest %+.2f MiB from run 1)\n", firstPeak, runs,
                later.empty() ? 0 : later.front(), worstLaterPeak, median, worstLaterPeak - firstPeak);
    for (const QString& problem : window.problems()) std::printf("reported: %s\n", qPrintable(problem));
    return 0;
}
