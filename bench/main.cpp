// attnscope-bench: the speed and memory of the core, measured in one run so that the numbers
// can be read as ratios (decode speed against this machine's memory bandwidth, measured seconds
// earlier; recording on against recording off). See docs/performance.md.
//
//   attnscope-bench [--model DIR]... [--prompt-tokens N] [--decode-tokens N] [--skip-tokenizer]
//                   [--decode-steps N] [--pairs N] [--decode-only | --prefill-only]
//
// The decode table comes first: per model and weight dtype, decode at a 128- and a 900-token
// context (or the context's limit), as --pairs alternating recording off/on runs of
// --decode-steps steps each, against the bandwidth limit of the bytes really read per token.
// The prefill table follows: a --prompt-tokens prompt, --pairs alternating off/on runs.
//
// With no --model it measures the embedded model. For the GPT-2-124M-shaped numbers, write a
// random-weight checkpoint first (it is ~550 MB and not committed):
//   /usr/bin/python3 tools/make_test_checkpoints.py --gpt2-shaped /tmp/gpt2-random
//   build/bench/attnscope-bench --model /tmp/gpt2-random --model resources/models/attnscope-small

#include <omp.h>
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <iomanip>
#include <iostream>
#include <memory>
#include <numeric>
#include <string>
#include <thread>
#include <vector>

#include "model/Errors.h"
#include "model/Forward.h"
#include "model/Gpt2Model.h"
#include "model/Kernels.h"
#include "model/Session.h"

namespace attnscope::bench {
void runTokenizerBench(std::ostream& out);
}

namespace {

using Clock = std::chrono::steady_clock;
using attnscope::Gpt2Model;

double secondsSince(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

double peakRssMiB() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

double currentRssMiB() {
    std::FILE* f = std::fopen("/proc/self/statm", "r");
    if (!f) return 0;
    long pages = 0, resident = 0;
    if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = 0;
    std::fclose(f);
    return static_cast<double>(resident) * 4096.0 / (1024.0 * 1024.0);
}

// Read bandwidth: vectorised float sums with independent accumulators on every thread, and the
// decode kernel's own access pattern,
// over arrays far larger than the caches (best of several passes).
double measureReadBandwidthGBs(double& bandwidthOfSum) {
    const std::size_t n = (256ull << 20) / sizeof(float);
    std::unique_ptr<float[]> a(new float[n]);
#pragma omp parallel for schedule(static)
    for (std::size_t i = 0; i < n; ++i) a[i] = static_cast<float>(i & 1023) * 1e-3f;
    double best = 0;
    volatile float sink = 0;
    for (int pass = 0; pass < 6; ++pass) {
        const auto t = Clock::now();
        float total = 0;
#pragma omp parallel reduction(+ : total)
        {
            float acc[16] = {};
#pragma omp for schedule(static)
            for (std::size_t i = 0; i < n; i += 16) {
                for (int j = 0; j < 16; ++j) acc[j] += a[i + j];
            }
            for (float v : acc) total += v;
        }
        sink = sink + total;
        best = std::max(best, static_cast<double>(n * sizeof(float)) / secondsSince(t) / 1e9);
    }
    bandwidthOfSum = best;
    // The same array read the way decode reads a weight matrix: the decode kernel over a
    // (1024 x n/1024) F32 matrix, its rows split between the threads. Several column streams in
    // flight read faster than one sequential sum on this machine; the limit is the faster of the two.
    const int rows = 1024, cols = static_cast<int>(n / rows);
    std::vector<float> x(static_cast<std::size_t>(cols), 1e-3f), y(rows);
    for (int pass = 0; pass < 6; ++pass) {
        const auto t = Clock::now();
#pragma omp parallel
        {
            const int threads = omp_get_num_threads(), me = omp_get_thread_num();
            const int share = (rows / 16 + threads - 1) / threads * 16;
            const int first = std::min(rows, me * share), last = std::min(rows, first + share);
            if (first < last) attnscope::kernels::matvecRows(a.get(), attnscope::WeightStorage::F32, rows, cols, x.data(), y.data(), first, last);
        }
        sink = sink + y[0];
        best = std::max(best, static_cast<double>(n * sizeof(float)) / secondsSince(t) / 1e9);
    }
    return best;
}

struct ModelNumbers {
    std::string name;
    double loadSeconds = 0;        // weights copied into memory (the window's default), hashed on the way
    double loadMappedSeconds = 0;  // F32 weights used from the file's mapping, hashed from it
    double prefillTokensPerSecond[2] = {0, 0};  // [recording off, on]
    double decodeTokensPerSecond[2] = {0, 0};
    int prefillTokens = 0;
    int decodeTokens = 0;
    double bytesPerToken = 0;
    double recordedMiBPerPosition = 0;
    double rssAfterLoadMiB = 0;
    double rssGrowthFor1024MiB = 0;
    double recordedMiBFullContext = 0;
};

std::vector<std::int32_t> promptOf(const Gpt2Model& model, int n) {
    // Natural text, repeated to length: the speed does not depend on which ids they are.
    const std::string text =
        "The quick brown fox jumps over the lazy dog while the robot must obey the orders given it. ";
    std::vector<std::int32_t> ids = model.tokenizer().encode(text);
    std::vector<std::int32_t> out;
    while (static_cast<int>(out.size()) < n) out.push_back(ids[out.size() % ids.size()]);
    return out;
}

ModelNumbers measureModel(const std::string& folder, int prefillTokens, int decodeTokens) {
    ModelNumbers m;
    // Load once to warm the page cache, then alternately copied and mapped, three times each:
    // the best of each is reported (both include hashing the files for the fingerprint).
    { auto warm = Gpt2Model::loadFolder(folder); }
    attnscope::LoadOptions mapped;
    mapped.copyWeights = false;
    m.loadSeconds = m.loadMappedSeconds = 1e9;
    auto t = Clock::now();
    for (int i = 0; i < 3; ++i) {
        t = Clock::now();
        { auto copy = Gpt2Model::loadFolder(folder); }
        m.loadSeconds = std::min(m.loadSeconds, secondsSince(t));
        t = Clock::now();
        { auto map = Gpt2Model::loadFolder(folder, mapped); }
        m.loadMappedSeconds = std::min(m.loadMappedSeconds, secondsSince(t));
    }
    auto model = Gpt2Model::loadFolder(folder);
    m.name = model->name();
    m.rssAfterLoadMiB = currentRssMiB();
    m.bytesPerToken = static_cast<double>(model->bytesReadPerToken());
    const int context = model->config().nPositions;
    m.prefillTokens = std::min(prefillTokens, context - 1);
    m.decodeTokens = std::min(decodeTokens, context - m.prefillTokens);

    attnscope::SamplingSettings greedy;
    for (int record = 0; record < 2; ++record) {
        attnscope::GenerationSession session(model, {record == 1, 20});
        const auto prompt = promptOf(*model, m.prefillTokens);
        session.start(std::vector<std::int32_t>(prompt.begin(), prompt.begin() + 8), greedy);  // warm-up
        t = Clock::now();
        session.start(prompt, greedy);
        m.prefillTokensPerSecond[record] = m.prefillTokens / secondsSince(t);
        t = Clock::now();
        for (int i = 0; i < m.decodeTokens; ++i) session.step(greedy);
        m.decodeTokensPerSecond[record] = m.decodeTokens / secondsSince(t);
        if (record == 1) {
            const auto last = session.last();
            m.recordedMiBPerPosition = static_cast<double>(last->positions.back()->bytes()) / (1024.0 * 1024.0);
        }
    }
    // Memory of a full-context recorded generation: grow the text to the context window.
    {
        const double before = currentRssMiB();
        attnscope::GenerationSession session(model, {true, 20});
        session.start(promptOf(*model, 1), greedy);
        while (!session.contextFull()) session.step(greedy);
        m.rssGrowthFor1024MiB = currentRssMiB() - before;
        for (const auto& p : session.last()->positions) m.recordedMiBFullContext += static_cast<double>(p->bytes()) / (1024.0 * 1024.0);
    }
    return m;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n == 0 ? 0.0 : (n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]));
}

// Decode speed at one context length, recording off and on, as alternating pairs: the machine's
// drift (±10 % over a minute here) moves both runs of a pair alike, so the per-pair cost is far
// steadier than the difference of two separate averages.
struct DecodePairs {
    int context = 0;       // tokens in the cache when the timed steps begin
    int steps = 0;         // decode steps timed per run
    std::vector<double> tokensPerSecond[2];  // [recording off, on], one per pair
    std::vector<double> costPercent;         // per pair: 100 * (1 - on / off)
};

DecodePairs measureDecodePairs(const std::shared_ptr<const Gpt2Model>& model, int context, int steps, int pairs, bool kv16) {
    DecodePairs d;
    const int positions = model->config().nPositions;
    d.steps = std::max(1, std::min(steps, positions / 4));
    d.context = std::max(1, std::min(context, positions - d.steps));
    attnscope::SamplingSettings greedy;
    const auto prompt = promptOf(*model, d.context);
    std::unique_ptr<attnscope::GenerationSession> sessions[2];
    for (int record = 0; record < 2; ++record) {
        sessions[record] = std::make_unique<attnscope::GenerationSession>(model, attnscope::SessionOptions{record == 1, 20, kv16});
        sessions[record]->start(prompt, greedy);
        sessions[record]->step(greedy);  // warm-up step, then back to the prompt
        sessions[record]->rewindTo(0);
    }
    for (int pair = 0; pair < pairs; ++pair) {
        double speed[2] = {0, 0};
        for (int k = 0; k < 2; ++k) {
            const int record = (pair % 2 == 0) ? k : 1 - k;  // off-on, then on-off
            const auto t = Clock::now();
            for (int i = 0; i < d.steps; ++i) sessions[record]->step(greedy);
            speed[record] = d.steps / secondsSince(t);
            sessions[record]->rewindTo(0);  // cuts the cache back to the prompt
        }
        d.tokensPerSecond[0].push_back(speed[0]);
        d.tokensPerSecond[1].push_back(speed[1]);
        d.costPercent.push_back(100.0 * (1.0 - speed[1] / speed[0]));
    }
    return d;
}

std::string storageOf(const Gpt2Model& model) { return attnscope::storageName(model.weightStorage()); }

void printDecodeTable(const std::vector<std::string>& folders, double bandwidthGBs, int steps, int pairs) {
    std::cout << "decode, " << pairs << " alternating pairs of " << steps
              << " steps (recording off / on) per context; medians, with the range of the per-pair cost\n\n";
    std::cout << "| model | dtype | KV cache | bytes read per token (weights + KV cache) | bandwidth limit tok/s | context | "
                 "decode tok/s, rec off / on | decode / limit | recording cost, median (range) |\n";
    std::cout << "|---|---|---|---|---|---|---|---|---|\n";
    for (const auto& folder : folders) {
        try {
            std::shared_ptr<const Gpt2Model> model = Gpt2Model::loadFolder(folder);
            // A 16-bit model twice: with the float cache (the default) and with its own 16-bit one.
            std::vector<attnscope::WeightStorage> caches = {attnscope::WeightStorage::F32};
            if (model->weightStorage() != attnscope::WeightStorage::F32) caches.push_back(model->weightStorage());
            for (attnscope::WeightStorage cache : caches) {
                for (int context : {128, 900}) {
                    const bool kv16 = cache != attnscope::WeightStorage::F32;
                    const DecodePairs d = measureDecodePairs(model, context, steps, pairs, kv16);
                    // The weights and the KV cache at the middle of the timed steps.
                    const double bytes = static_cast<double>(model->bytesReadPerToken(d.context + d.steps / 2, cache));
                    const double limit = bandwidthGBs * 1e9 / bytes;
                    const double off = median(d.tokensPerSecond[0]), on = median(d.tokensPerSecond[1]);
                    const auto [lo, hi] = std::minmax_element(d.costPercent.begin(), d.costPercent.end());
                    std::cout << "| " << model->name() << " | " << storageOf(*model) << " | " << attnscope::storageName(cache) << " | "
                              << bytes / 1e6 << " MB | " << limit << " | "
                              << d.context << " | " << off << " / " << on << " | " << 100.0 * off / limit << " % | "
                              << median(d.costPercent) << " % (" << *lo << " .. " << *hi << ") |\n";
                }
            }
        } catch (const std::exception& e) {
            std::cout << "| " << folder << " | failed: " << e.what() << " |\n";
        }
    }
    std::cout << "\n";
}

// Prefill speed of a `tokens`-long prompt, recording off and on, as alternating pairs (as for
// decode): one number per pair and dtype, reported as median and range.
void printPrefillTable(const std::vector<std::string>& folders, int tokens, int pairs) {
    std::cout << "prefill, " << pairs << " alternating pairs (recording off / on) per model; medians, with the range\n\n"
              << "| model | dtype | prompt tokens | prefill tok/s, rec off / on | range off | recording cost, median (range) |\n"
              << "|---|---|---|---|---|---|\n";
    attnscope::SamplingSettings greedy;
    for (const auto& folder : folders) {
        try {
            const auto model = Gpt2Model::loadFolder(folder);
            const int n = std::max(1, std::min(tokens, model->config().nPositions - 1));
            const auto prompt = promptOf(*model, n);
            std::vector<double> speed[2], cost;
            for (int pair = 0; pair < pairs; ++pair) {
                double s[2] = {0, 0};
                for (int k = 0; k < 2; ++k) {
                    const int record = (pair % 2 == 0) ? k : 1 - k;
                    attnscope::GenerationSession session(model, attnscope::SessionOptions{record == 1, 20});
                    const auto t = Clock::now();
                    session.start(prompt, greedy);
                    s[record] = n / secondsSince(t);
                }
                speed[0].push_back(s[0]);
                speed[1].push_back(s[1]);
                cost.push_back(100.0 * (1.0 - s[1] / s[0]));
            }
            const auto [lo, hi] = std::minmax_element(speed[0].begin(), speed[0].end());
            const auto [clo, chi] = std::minmax_element(cost.begin(), cost.end());
            std::cout << "| " << model->name() << " | " << storageOf(*model) << " | " << n << " | " << median(speed[0]) << " / "
                      << median(speed[1]) << " | " << *lo << " .. " << *hi << " | " << median(cost) << " % (" << *clo << " .. " << *chi
                      << ") |\n";
        } catch (const std::exception& e) {
            std::cout << "| " << folder << " | failed: " << e.what() << " |\n";
        }
    }
    std::cout << "\n";
}

// Reliability figures (docs/reliability.md): how fast Pause stops a long prefill, and whether
// memory stays bounded over repeated full-context runs followed by a reset.
void measureReliability(const std::string& folder, int runs) {
    auto model = Gpt2Model::loadFolder(folder);
    const int context = model->config().nPositions;
    const auto prompt = promptOf(*model, context);
    attnscope::SamplingSettings greedy;
    std::cout << "reliability on " << model->name() << " (" << context << "-token context)\n\n";

    // Cancel latency: a full-context prefill, cancelled after different delays.
    std::cout << "| cancel after | prefill stopped after | latency |\n|---|---|---|\n";
    double worst = 0;
    for (int delayMs : {50, 200, 500, 900, 1300, 1700}) {
        std::atomic<bool> stop{false};
        attnscope::GenerationSession session(model, {true, 20});
        session.setCancelFlag(&stop);
        Clock::time_point stoppedAt{};
        bool wasCancelled = false;
        std::thread run([&] {
            try {
                session.start(prompt, greedy);
            } catch (const attnscope::Cancelled&) {
                wasCancelled = true;
            }
            stoppedAt = Clock::now();
        });
        const auto started = Clock::now();
        std::this_thread::sleep_for(std::chrono::milliseconds(delayMs));
        const auto requested = Clock::now();
        stop.store(true);
        run.join();
        const double latency = std::chrono::duration<double, std::milli>(stoppedAt - requested).count();
        if (wasCancelled) worst = std::max(worst, latency);
        std::cout << "| " << delayMs << " ms | " << std::chrono::duration<double, std::milli>(stoppedAt - started).count() << " ms | "
                  << (wasCancelled ? std::to_string(static_cast<int>(std::lround(latency))) + " ms" : std::string("(finished before the cancel)")) << " |\n";
    }
    std::cout << "\nworst cancel latency: " << worst << " ms\n\n";

    // Memory: a recorded full-context text (prompt + decoded tokens), then dropped, `runs` times.
    std::cout << "| run | RSS after the run | RSS after reset |\n|---|---|---|\n";
    double firstPeak = 0, worstAfter = 0;
    const auto start = std::vector<std::int32_t>(prompt.begin(), prompt.end() - 24);
    for (int r = 0; r < runs; ++r) {
        double during = 0;
        {
            attnscope::GenerationSession session(model, {true, 20});
            session.start(start, greedy);
            while (!session.contextFull()) session.step(greedy);
            during = currentRssMiB();
        }
        const double after = currentRssMiB();
        if (r == 0) firstPeak = peakRssMiB();
        worstAfter = std::max(worstAfter, during);
        std::cout << "| " << r + 1 << " | " << during << " MiB | " << after << " MiB |\n";
    }
    std::cout << "\npeak RSS after the first run: " << firstPeak << " MiB; highest RSS in any later run: " << worstAfter
              << " MiB; peak RSS of the process at the end: " << peakRssMiB() << " MiB\n";
}

}  // namespace

int main(int argc, char* argv[]) {
    std::vector<std::string> models;
    int prefill = 512, decode = 64;
    bool tokenizer = true, decodeOnly = false, prefillOnly = false;
    int reliabilityRuns = 0, decodeSteps = 32, pairs = 5;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--reliability" && i + 1 < argc) {
            reliabilityRuns = std::stoi(argv[++i]);
            continue;
        }
        if (a == "--model" && i + 1 < argc) models.push_back(argv[++i]);
        else if (a == "--prompt-tokens" && i + 1 < argc) prefill = std::stoi(argv[++i]);
        else if (a == "--decode-tokens" && i + 1 < argc) decode = std::stoi(argv[++i]);
        else if (a == "--skip-tokenizer") tokenizer = false;
        else if (a == "--decode-steps" && i + 1 < argc) decodeSteps = std::stoi(argv[++i]);
        else if (a == "--pairs" && i + 1 < argc) pairs = std::stoi(argv[++i]);
        else if (a == "--decode-only") decodeOnly = true;
        else if (a == "--prefill-only") prefillOnly = true;
        else {
            std::cerr << "usage: attnscope-bench [--model DIR]... [--prompt-tokens N] [--decode-tokens N] [--skip-tokenizer]\n"
                         "                       [--decode-steps N] [--pairs N] [--decode-only | --prefill-only]\n"
                         "       attnscope-bench --model DIR --reliability RUNS   (cancel latency, memory over RUNS full-context runs)\n";
            return 2;
        }
    }
    if (models.empty()) models.push_back(Gpt2Model::embeddedModelFolder().string());
    if (reliabilityRuns > 0) {
        std::cout << std::fixed << std::setprecision(1);
        measureReliability(models.front(), reliabilityRuns);
        return 0;
    }

    std::cout << std::fixed << std::setprecision(2);
    std::cout << "attnscope-bench: " << omp_get_max_threads() << " threads\n\n";
    if (prefillOnly) {
        printPrefillTable(models, prefill, std::max(1, pairs));
        return 0;
    }
    double bandwidthOfSum = 0;
    const double bandwidth = measureReadBandwidthGBs(bandwidthOfSum);
    std::cout << "memory read bandwidth: " << bandwidth << " GB/s (256 MiB float array, best of 6 passes each of a sum ("
              << bandwidthOfSum << " GB/s) and of the decode kernel's read pattern)\n\n";
    printDecodeTable(models, bandwidth, decodeSteps, std::max(1, pairs));
    if (decodeOnly) return 0;
    printPrefillTable(models, prefill, std::max(1, pairs));

    std::cout << "| model | load (page cache), copied / mapped | prefill tok/s, rec off / on | decode tok/s, rec off / on | recording cost | "
                 "bandwidth limit tok/s | decode / limit | recorded KiB per position | recorded MiB, full context | RSS after load | "
                 "RSS growth, full context (KV cache included) |\n";
    std::cout << "|---|---|---|---|---|---|---|---|---|---|---|\n";
    for (const auto& folder : models) {
        try {
            const ModelNumbers m = measureModel(folder, prefill, decode);
            const double limit = bandwidth * 1e9 / m.bytesPerToken;
            std::cout << "| " << m.name << " | " << m.loadSeconds * 1000 << " / " << m.loadMappedSeconds * 1000 << " ms | "
                      << m.prefillTokensPerSecond[0] << " / "
                      << m.prefillTokensPerSecond[1] << " (" << m.prefillTokens << " tokens) | " << m.decodeTokensPerSecond[0]
                      << " / " << m.decodeTokensPerSecond[1] << " | "
                      << 100.0 * (1.0 - m.decodeTokensPerSecond[1] / m.decodeTokensPerSecond[0]) << " % | " << limit << " | "
                      << 100.0 * m.decodeTokensPerSecond[0] / limit << " % | " << m.recordedMiBPerPosition * 1024.0 << " | " << m.recordedMiBFullContext << " | "
                      << m.rssAfterLoadMiB << " MiB | " << m.rssGrowthFor1024MiB << " MiB |\n";
        } catch (const std::exception& e) {
            std::cout << "| " << folder << " | failed: " << e.what() << " |\n";
        }
    }
    std::cout << "\npeak RSS of this process: " << peakRssMiB() << " MiB\n";
    if (tokenizer) {
        std::cout << "\n";
        attnscope::bench::runTokenizerBench(std::cout);
    }
    return 0;
}
