#pragma once
// The worker that owns the model session and runs it on its own thread. The UI thread talks to
// it only through queued calls and receives finished, immutable step records through queued
// signals; the one thing shared directly is the atomic stop flag, so Pause takes effect between
// two steps (and inside the pace delay) without waiting for the worker's event loop.

#include <QObject>
#include <QString>

#include <atomic>
#include <memory>

#include "app/LessonState.h"
#include "app/WorkspaceFile.h"
#include "model/Gpt2Model.h"
#include "model/Session.h"

namespace attnscope::app {

using ModelPtr = std::shared_ptr<const Gpt2Model>;

// One run: the settings it is made with, and where it starts.
struct GenerationRequest : GenerationSettings {
    GenerationRequest() = default;
    explicit GenerationRequest(const GenerationSettings& settings) : GenerationSettings(settings) {}
    // The steps to continue from (the timeline up to the step on screen, on whichever branch);
    // empty: from the session's last step.
    std::vector<StepRecordPtr> line;
    bool restart = false;    // run the prompt again from scratch
    bool singleStep = false; // exactly one token, then stop
    std::uint64_t runId = 0; // see GenerationWorker::requestStop
};

// Making a saved timeline again (opening a workspace): the prompt and every step's choice.
struct ReplayRequest {
    QString prompt;
    bool specialsAsText = false;
    std::vector<std::int32_t> promptTokens;  // as saved; a different tokenization is reported
    std::vector<workspace::StepChoice> steps;
    std::vector<std::vector<workspace::StepChoice>> branches;  // other lines, each from step 0
    std::uint64_t runId = 0;
};

class GenerationWorker : public QObject {
    Q_OBJECT
public:
    GenerationWorker();
    ~GenerationWorker() override;

    // Thread-safe: stops every run whose runId is at most `throughRun` — the one running now
    // (at the next check: within ~10 ms, or one layer of a forward pass) and any still queued,
    // which then stop as soon as they begin. Each request carries the id the controller gave
    // it, so a Pause pressed before the worker has begun a run is not lost, and an earlier
    // Pause never stops a later run.
    void requestStop(std::uint64_t throughRun) {
        std::uint64_t seen = m_stoppedThrough.load();
        while (seen < throughRun && !m_stoppedThrough.compare_exchange_weak(seen, throughRun)) {
        }
        m_stopRequested.store(true);
    }

public slots:
    void loadModel(const QString& folder);
    void generate(const attnscope::app::GenerationRequest& request);
    // Continues from `line` (see GenerationRequest::line) and replaces its last step's choice with `token`.
    void forceToken(const std::vector<attnscope::StepRecordPtr>& line, int token, std::uint64_t runId);
    // Reset: the session forgets its text (its records and their memory).
    void forget();
    // Heads to switch off from the next step on (empty: all on).
    void setAblation(const attnscope::AblationSet& ablation);
    // Runs the prompt again and makes every stored step again: greedy and sampled steps with
    // their stored settings (the seed makes a sampled step repeat), forced steps by forcing.
    // Where the model now chooses another token, or gives the chosen one another probability,
    // the stored token is kept and the difference reported in replayFinished.
    void replay(const attnscope::app::ReplayRequest& request);

signals:
    void loadStarted(const QString& folder);
    void loadProgress(double fraction, const QString& stage);
    void modelLoaded(const attnscope::app::ModelPtr& model, const QStringList& warnings);
    void modelLoadFailed(const QString& folder, const QString& message);

    void generationStarted();
    // A new step, appended after step record->step - 1 (earlier steps after that were dropped).
    void stepReady(const attnscope::StepRecordPtr& record, quint64 runId);
    // The last step's choice was replaced (forced by the user).
    void stepReplaced(const attnscope::StepRecordPtr& record, quint64 runId);
    // The run `runId` ended (or failed). A run handed over later may already be waiting: the
    // controller goes by the id, not by the order of these signals.
    void generationStopped(const QString& reason, quint64 runId);
    void generationFailed(const QString& message, quint64 runId);
    void branchReplayed(const std::vector<attnscope::StepRecordPtr>& line);  // after the main line's steps
    void replayFinished(const QStringList& differences);

private:
    bool sleepUnlessStopped(int ms);
    // Called as a run begins: clears the stop flag unless the run was stopped before it began.
    void beginRun(std::uint64_t runId);
    // Makes the stored steps [from, end) again after the session's last step (step 0 from the
    // prompt's tokens when from == 0), appending each record to `line`.
    void replaySteps(const std::vector<workspace::StepChoice>& steps, std::size_t from, const std::vector<std::int32_t>& promptIds,
                     const QString& lineName, std::vector<StepRecordPtr>& line, QStringList& differences,
                     bool emitSteps);

    ModelPtr m_model;
    std::unique_ptr<GenerationSession> m_session;
    AblationSet m_ablation;
    std::atomic<bool> m_stopRequested{false};    // the running run should stop (also the forward pass's cancel flag)
    std::atomic<std::uint64_t> m_stoppedThrough{0};  // runs with ids up to this one are stopped
    std::uint64_t m_run = 0;  // the run being made (worker thread only)
};

}  // namespace attnscope::app

Q_DECLARE_METATYPE(attnscope::app::GenerationRequest)
Q_DECLARE_METATYPE(attnscope::app::ReplayRequest)
Q_DECLARE_METATYPE(attnscope::app::ModelPtr)
Q_DECLARE_METATYPE(attnscope::StepRecordPtr)
Q_DECLARE_METATYPE(std::vector<attnscope::StepRecordPtr>)
Q_DECLARE_METATYPE(attnscope::AblationSet)
