#include "app/Controller.h"

#include <QTimer>

#include <cmath>
#include <limits>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace attnscope::app {
namespace {

// A text's records are many blocks below glibc's mmap threshold, allocated on the worker's
// thread: once freed, their pages stay in that thread's malloc arena unless trimmed. A teacher
// who resets between examples should see the memory come back (docs/reliability.md). After
// Reset the views, their thread-pool jobs and the worker let go of the records at their own
// pace; the controller watches the text's first position and trims once it is gone.
constexpr int kReleasePollMs = 100;
constexpr int kReleasePollLimit = 100;  // after 10 s, trim anyway

void releaseFreedMemory() {
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
}

}  // namespace

Controller::Controller(QObject* parent) : QObject(parent) {
    m_worker = new GenerationWorker;
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);

    // Every connection names `this` as its context, so the slots run on the UI thread.
    connect(m_worker, &GenerationWorker::loadProgress, this, &Controller::loadProgress);
    connect(m_worker, &GenerationWorker::modelLoaded, this, &Controller::onModelLoaded);
    connect(m_worker, &GenerationWorker::modelLoadFailed, this, [this](const QString& folder, const QString& message) {
        m_loading = false;
        emit loadingChanged(false, folder);
        emit loadFailed(folder, message);
    });
    connect(m_worker, &GenerationWorker::stepReady, this, &Controller::onStepReady);
    connect(m_worker, &GenerationWorker::stepReplaced, this, &Controller::onStepReplaced);
    connect(m_worker, &GenerationWorker::generationStopped, this, &Controller::onStopped);
    connect(m_worker, &GenerationWorker::replayFinished, this, &Controller::onReplayFinished);
    connect(m_worker, &GenerationWorker::branchReplayed, this, &Controller::onBranchReplayed);
    connect(m_worker, &GenerationWorker::generationFailed, this, &Controller::onFailed);
    connect(&m_releaseTimer, &QTimer::timeout, this, &Controller::releaseMemoryWhenFree);
    m_state = new LessonState(this);
    connect(m_state, &LessonState::selectionChanged, this, &Controller::selectionChanged);
    connect(m_state, &LessonState::headsOffChanged, this, &Controller::onHeadsOffChanged);
    m_thread.setObjectName(QStringLiteral("attnscope generation"));
    m_thread.start();
}

Controller::~Controller() {
    // Abort, then let the thread's event loop finish, then wait: the worker is deleted on its
    // own thread (deleteLater on finished) and nothing is delivered to us afterwards.
    m_worker->requestStop(std::numeric_limits<std::uint64_t>::max());
    m_thread.quit();
    m_thread.wait();
}

views::TokenNamer Controller::namer() const {
    const ModelPtr model = m_model;
    if (!model) return [](std::int32_t id) { return QString::number(id); };
    return [model](std::int32_t id) {
        if (id < 0 || id >= model->tokenizer().vocabSize()) return QStringLiteral("<%1>").arg(id);
        return QString::fromStdString(model->tokenizer().displayToken(id));
    };
}

std::vector<QString> Controller::headsOffPerPosition() const {
    std::vector<QString> text;
    for (const auto& heads : m_lines.headsOffPerPosition()) text.push_back(views::headsOffText(heads));
    return text;
}

void Controller::loadModel(const QString& folder) {
    if (m_generating) pause();
    m_loading = true;
    emit loadingChanged(true, folder);
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, folder] { worker->loadModel(folder); }, Qt::QueuedConnection);
}

void Controller::onModelLoaded(const ModelPtr& model, const QStringList& warnings) {
    m_loading = false;
    m_model = model;
    m_reportedFileChanges.clear();
    m_workerAblation.clear();  // the worker's session starts with every head on
    {
        const QSignalBlocker quiet(m_state);  // said below, after the model
        m_state->resetForModel();
    }
    const Timeline::Changes changes = m_lines.startOver({}, false);
    emit loadingChanged(false, QString::fromStdString(model->folder().string()));
    emit modelChanged(model);
    if (!warnings.isEmpty()) emit loadWarnings(warnings);
    emit timelineChanged();
    if (changes.branches) emit branchesChanged();
    emit selectionChanged(selection());
    emit m_state->headsOffChanged();
    emit currentRecordChanged(nullptr);
}

void Controller::announce(const Timeline::Changes& changes) {
    if (changes.steps) emit timelineChanged();
    if (changes.branches) emit branchesChanged();
    if (changes.current) emit currentRecordChanged(currentRecord());
}

void Controller::startOver(const QString& prompt, bool specialsAsText) {
    Timeline::Changes changes = m_lines.startOver(prompt.toStdString(), specialsAsText);
    // The old text's step leaves the views now: a long prompt paused before its first step
    // arrives must not leave them showing a text the timeline no longer holds.
    changes.steps = changes.current = true;
    announce(changes);
}

void Controller::runWorker(GenerationRequest request) {
    if (!m_model || m_generating || m_loading) return;
    if (!checkModelFiles()) return;
    if (m_lines.empty() || request.prompt != timelinePrompt()) {
        request.restart = true;
        startOver(request.prompt, request.specialsAsText);
    } else {
        request.line = m_lines.lineToCurrent();
        // Generating from an earlier step branches: the later steps are kept as a branch.
        announce(m_lines.cutAfterCurrent());
    }
    request.runId = ++m_lastRunId;
    setGenerating(true);
    startMeasuringRate(true);
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, request] { worker->generate(request); }, Qt::QueuedConnection);
}

bool Controller::checkModelFiles() {
    QStringList changes;
    for (const std::string& c : m_model->changedFiles()) changes << QString::fromStdString(c);
    if (changes.isEmpty() || changes == m_reportedFileChanges) return true;
    m_reportedFileChanges = changes;
    if (!m_model->weightsCopied()) {
        // A mapped file that changed can no longer be trusted (and a truncated one faults).
        emit errorOccurred(tr("%1. The weights are mapped from that file: open the model again before running it.")
                               .arg(changes.join(QStringLiteral("; "))));
        return false;
    }
    emit modelFilesChanged(changes);
    return true;
}

void Controller::generate() {
    GenerationRequest request{settings()};
    request.singleStep = false;
    runWorker(request);
}

void Controller::stepOnce() {
    GenerationRequest request{settings()};
    request.singleStep = true;
    request.paceMs = 0;
    runWorker(request);
}

void Controller::pause() {
    // Every run handed over so far, including one the worker has not begun yet.
    if (m_generating) m_worker->requestStop(m_lastRunId);
}

void Controller::back() {
    pause();
    if (currentStep() > 0) announce(m_lines.show(currentStep() - 1));
}

void Controller::forward() {
    if (canGoForward()) announce(m_lines.show(currentStep() + 1));
}

void Controller::reset() {
    // Steps of the run being stopped may still be on their way from the worker: they belong to
    // the text just forgotten.
    m_dropStepsThrough = m_lastRunId;
    pause();
    if (!m_lines.empty() && m_lines.steps().back()->recorded()) m_releaseWatch = m_lines.steps().back()->positions.front();
    startOver({}, false);
    QMetaObject::invokeMethod(m_worker, [worker = m_worker] { worker->forget(); }, Qt::QueuedConnection);
    m_releasePolls = 0;
    m_releaseTimer.start(kReleasePollMs);
}

void Controller::releaseMemoryWhenFree() {
    if (!m_releaseWatch.expired() && ++m_releasePolls < kReleasePollLimit) return;
    m_releaseTimer.stop();
    m_releaseWatch.reset();
    releaseFreedMemory();
}

void Controller::scrubTo(int step) {
    if (step >= 0 && step < m_lines.size()) announce(m_lines.show(step));
}

void Controller::forceToken(int token) {
    if (!m_model || !currentRecord()) return;
    const bool wasGenerating = m_generating;
    pause();
    // The timeline is cut when the replaced step arrives (onStepReplaced), which also keeps the
    // old choice and whatever followed it as a branch.
    const Line line = m_lines.lineToCurrent();
    const std::uint64_t runId = ++m_lastRunId;
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, line, token, runId] { worker->forceToken(line, token, runId); }, Qt::QueuedConnection);
    // Continue from the forced token: feed it at once (and keep going if we were generating).
    GenerationRequest request{settings()};
    request.singleStep = !wasGenerating;
    request.runId = runId;
    setGenerating(true);
    startMeasuringRate(true);
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, request] { worker->generate(request); }, Qt::QueuedConnection);
}

void Controller::startMeasuringRate(bool measure) {
    m_measuringRate = measure;
    m_rateSteps = 0;
    m_rateSeconds = 0;
    if (!measure) m_tokensPerSecond = 0;  // a replay's pace says nothing about decoding
}

void Controller::onStepReady(const StepRecordPtr& record, quint64 runId) {
    if (runId <= m_dropStepsThrough) return;
    const Timeline::Changes changes = m_lines.append(record);
    if (!changes.steps) return;  // a step of a run whose steps were cut meanwhile
    if (m_measuringRate && record->step > 0) {  // step 0 runs the whole prompt: prefill, not decode
        ++m_rateSteps;
        m_rateSeconds += record->computeSeconds;
        if (m_rateSeconds > 0) m_tokensPerSecond = m_rateSteps / m_rateSeconds;
    }
    announce(changes);
}

void Controller::onStepReplaced(const StepRecordPtr& record, quint64 runId) {
    if (runId <= m_dropStepsThrough) return;
    announce(m_lines.replace(record));
}

void Controller::restoreTimeline(const QString& prompt, bool specialsAsText, const std::vector<std::int32_t>& promptTokens,
                                 const std::vector<workspace::StepChoice>& steps,
                                 const std::vector<std::vector<workspace::StepChoice>>& branches, int currentStep) {
    if (!m_model || m_generating || m_loading) return;
    startOver(prompt, specialsAsText);
    m_restoreStep = currentStep;
    if (steps.empty()) {
        emit timelineRestored({});
        return;
    }
    ReplayRequest request{prompt, specialsAsText, promptTokens, steps, branches, ++m_lastRunId};
    setGenerating(true);
    startMeasuringRate(false);
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, request] { worker->replay(request); }, Qt::QueuedConnection);
}

void Controller::onBranchReplayed(const Line& line) { announce(m_lines.addBranch(line)); }

void Controller::onReplayFinished(const QStringList& differences) {
    if (m_restoreStep >= 0 && m_restoreStep < m_lines.size()) announce(m_lines.show(m_restoreStep));
    m_restoreStep = -1;
    emit timelineRestored(differences);
}

void Controller::onStopped(const QString& reason, quint64 runId) {
    // An older run that ended after a newer one was handed over (a token forced while
    // generating): the newer one is still to come.
    if (runId < m_lastRunId) return;
    setGenerating(false);
    emit message(tr("Stopped: %1").arg(reason));
}

void Controller::onFailed(const QString& message, quint64 runId) {
    if (runId >= m_lastRunId) setGenerating(false);
    emit errorOccurred(message);
}

void Controller::switchToBranch(int index) {
    if (m_generating || m_loading) return;
    announce(m_lines.switchToBranch(index));
}

void Controller::setGenerating(bool generating) {
    if (m_generating == generating) return;
    m_generating = generating;
    emit generatingChanged(generating);
}

void Controller::setSelection(const views::Selection& selection) { m_state->setSelection(selection); }

void Controller::selectQuery(int position) {
    views::Selection s = selection();
    s.query = position;
    setSelection(s);
}

void Controller::selectHead(int layer, int head) {
    views::Selection s = selection();
    s.layer = layer;
    s.head = head;
    s.averageHeads = false;
    setSelection(s);
}

void Controller::setAblation(const AblationSet& ablation) {
    m_state->editHeadsOff([&](HeadsOff& h) { h.active = ablation; });
}

// The heads the next steps run with: the worker hears of every change, the status bar says it.
void Controller::onHeadsOffChanged() {
    const AblationSet& active = ablation();
    if (active == m_workerAblation) return;
    m_workerAblation = active;
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, active] { worker->setAblation(active); }, Qt::QueuedConnection);
    emit message(active.empty() ? tr("All heads on again from the next step")
                                : tr("%n head(s) switched off from the next step", nullptr, static_cast<int>(active.size())));
}

}  // namespace attnscope::app
