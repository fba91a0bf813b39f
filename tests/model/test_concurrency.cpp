// The core's threaded parts, without Qt: a generating thread hands immutable step records to
// reader threads (as the worker hands them to the UI and the thread pool), readers derive
// attention rows, the logit lens and the stepper's numbers from records whose PositionRecords
// the generator keeps sharing, and a third thread cancels at random moments.
//
// Run under ThreadSanitizer with tools/tsan.sh (docs/reliability.md); in the normal suite it
// checks the same invariants without the race detector.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <random>
#include <thread>

#include "model/Analysis.h"
#include "model/Errors.h"
#include "model/InsideStep.h"
#include "model/Session.h"
#include "tests/model/Fixtures.h"

using namespace attnscope;

namespace {

// The hand-off: a queue the generator pushes finished records into.
class RecordQueue {
public:
    void push(StepRecordPtr r) {
        {
            std::lock_guard lock(m_mutex);
            m_records.push_back(std::move(r));
        }
        m_ready.notify_one();
    }
    // Waits for a record; nullptr once closed and empty.
    StepRecordPtr pop() {
        std::unique_lock lock(m_mutex);
        m_ready.wait(lock, [&] { return !m_records.empty() || m_closed; });
        if (m_records.empty()) return nullptr;
        StepRecordPtr r = std::move(m_records.front());
        m_records.pop_front();
        return r;
    }
    void close() {
        {
            std::lock_guard lock(m_mutex);
            m_closed = true;
        }
        m_ready.notify_all();
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_ready;
    std::deque<StepRecordPtr> m_records;
    bool m_closed = false;
};

}  // namespace

TEST_CASE("records handed between threads while another thread cancels stay consistent", "[model][concurrency]") {
    const auto model = Gpt2Model::loadFolder(testing::checkpointDir("tiny-f32-prefixed"));
    RecordQueue queue;
    std::atomic<bool> stop{false};
    std::atomic<bool> finished{false};
    std::atomic<int> made{0}, cancelled{0}, read{0}, bad{0};

    std::thread generator([&] {
        GenerationSession session(model, {true, 10});
        session.setCancelFlag(&stop);
        for (int run = 0; run < 40; ++run) {
            try {
                queue.push(session.start({320, 39, 68}, SamplingSettings{}));
                ++made;
                while (!session.contextFull()) {
                    queue.push(session.step(SamplingSettings{}));
                    ++made;
                }
            } catch (const Cancelled&) {
                ++cancelled;
                stop.store(false);  // as the worker does when the next run starts
            }
        }
        finished.store(true);
        queue.close();
    });
    std::thread canceller([&] {
        std::mt19937 rng(5);
        while (!finished.load()) {
            std::this_thread::sleep_for(std::chrono::microseconds(std::uniform_int_distribution<int>(50, 2000)(rng)));
            stop.store(true);
        }
    });
    auto reader = [&] {
        while (const StepRecordPtr r = queue.pop()) {
            // Everything a view or a research panel derives from a record.
            for (int layer = 0; layer < r->shape->nLayer; ++layer) {
                for (int head = 0; head < r->shape->nHead; ++head) {
                    const Eigen::MatrixXf a = r->attentionMatrix(layer, head);
                    for (int i = 0; i < a.rows(); ++i) {
                        if (std::abs(a.row(i).sum() - 1.0f) > 1e-4f) ++bad;
                    }
                }
            }
            const auto step = teaching::insideStep(*model, *r, r->length() - 1, r->shape->nLayer - 1, 0);
            if (step.chosen != r->chosen) ++bad;
            const auto lens = analysis::logitLens(*model, *r, 3);
            if (lens.at(lens.rows - 1, r->length() - 1).top.front().token != r->topK.front().token) ++bad;
            ++read;
        }
    };
    std::thread reader1(reader), reader2(reader);
    generator.join();
    canceller.join();
    reader1.join();
    reader2.join();
    CHECK(bad.load() == 0);
    CHECK(read.load() == made.load());
    CHECK(made.load() > 0);
    INFO("made " << made.load() << ", cancelled " << cancelled.load());
}

// A deliberate data race, hidden from ordinary runs. tools/tsan.sh runs it first and requires
// ThreadSanitizer to report it: a clean run of the tests above means something only if the
// detector is really in the build and its reports really stop the run.
TEST_CASE("a deliberate data race for ThreadSanitizer to find", "[.tsan-canary]") {
    int counter = 0;  // written by two threads with no lock: the race
    auto bump = [&counter] {
        for (int i = 0; i < 1000; ++i) counter = counter + 1;
    };
    std::thread a(bump), b(bump);
    a.join();
    b.join();
    CHECK(counter > 0);
}
