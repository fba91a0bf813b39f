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

// Two records are the same step of the same text when they are the same object, or hold the
// same tokens and chose the same next token (a branch made again, e.g. opened from a file).
bool sameStep(const StepRecordPtr& a, const StepRecordPtr& b) {
    return a == b || (a && b && a->tokens == b->tokens && a->chosen == b->chosen);
}

// True when every step of `line` is also a step of `other`.
bool containedIn(const std::vector<StepRecordPtr>& line, const std::vector<StepRecordPtr>& other) {
    return !line.empty() && line.size() <= other.size() && sameStep(line.back(), other[line.size() - 1]);
}

int firstDifference(const std::vector<StepRecordPtr>& a, const std::vector<StepRecordPtr>& b) {
    std::size_t i = 0;
    while (i < a.size() && i < b.size() && sameStep(a[i], b[i])) ++i;
    return static_cast<int>(i);
}

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

StepRecordPtr Controller::currentRecord() const {
    if (m_current < 0 || m_current >= static_cast<int>(m_timeline.size())) return nullptr;
    return m_timeline[m_current];
}

views::TokenNamer Controller::namer() const {
    const ModelPtr model = m_model;
    if (!model) return [](std::int32_t id) { return QString::number(id); };
    return [model](std::int32_t id) {
        if (id < 0 || id >= model->tokenizer().vocabSize()) return QStringLiteral("<%1>").arg(id);
        return QString::fromStdString(model->tokenizer().displayToken(id));
    };
}

std::vector<float> Controller::chosenProbabilities() const {
    const StepRecordPtr record = currentRecord();
    if (!record) return {};
    std::vector<float> p(record->tokens.size(), std::numeric_limits<float>::quiet_NaN());
    // Step s chose the token at position length(s); the steps up to the current one made the text.
    for (int s = 0; s < m_current; ++s) {
        const int position = m_timeline[s]->length();
        if (position < static_cast<int>(p.size())) p[position] = m_timeline[s]->chosenProbability;
    }
    return p;
}

std::vector<ChoiceKind> Controller::choiceKinds() const {
    const StepRecordPtr record = currentRecord();
    if (!record) return {};
    std::vector<ChoiceKind> kinds(record->tokens.size(), ChoiceKind::Greedy);
    for (int s = 0; s < m_current; ++s) {
        const int position = m_timeline[s]->length();
        if (position < static_cast<int>(kinds.size())) kinds[position] = m_timeline[s]->choice;
    }
    return kinds;
}

std::vector<QString> Controller::headsOffPerPosition() const {
    const StepRecordPtr record = currentRecord();
    if (!record) return {};
    std::vector<QString> off(record->tokens.size());
    for (int s = 0; s < m_current; ++s) {
        const int position = m_timeline[s]->length();
        if (position < static_cast<int>(off.size())) off[position] = views::headsOffText(m_timeline[s]->ablatedHeads);
    }
    return off;
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
    m_ablation.clear();  // the worker's too: a new model starts with every head on
    m_timeline.clear();
    clearBranches();
    m_current = -1;
    m_timelinePrompt.clear();
    m_selection = views::Selection{};
    emit loadingChanged(false, QString::fromStdString(model->folder().string()));
    emit modelChanged(model);
    if (!warnings.isEmpty()) emit loadWarnings(warnings);
    emit timelineChanged();
    emit selectionChanged(m_selection);
    emit currentRecordChanged(nullptr);
}

void Controller::runWorker(GenerationRequest request) {
    if (!m_model || m_generating || m_loading) return;
    if (!checkModelFiles()) return;
    if (m_timeline.empty() || request.prompt != m_timelinePrompt) {
        request.restart = true;
        m_timeline.clear();
        clearBranches();
        m_current = -1;
        m_timelinePrompt = request.prompt;
        m_timelineSpecialsAsText = request.specialsAsText;
        emit timelineChanged();
        // The old text's step leaves the views now: a long prompt paused before its first step
        // arrives must not leave them showing a text the timeline no longer holds.
        emit currentRecordChanged(nullptr);
    } else {
        request.line = lineToCurrent();
        if (m_current + 1 < static_cast<int>(m_timeline.size())) {
            // Generating from an earlier step branches: the later steps are kept as a branch.
            keepAsBranch(m_timeline);
            m_timeline.resize(static_cast<std::size_t>(m_current) + 1);
            emit timelineChanged();
        }
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
    GenerationRequest request = m_settings;
    request.singleStep = false;
    runWorker(request);
}

void Controller::stepOnce() {
    GenerationRequest request = m_settings;
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
    if (m_current > 0) setCurrent(m_current - 1);
}

void Controller::forward() {
    if (canGoForward()) setCurrent(m_current + 1);
}

void Controller::reset() {
    // Steps of the run being stopped may still be on their way from the worker: they belong to
    // the text just forgotten.
    m_dropStepsThrough = m_lastRunId;
    pause();
    if (!m_timeline.empty() && m_timeline.back()->recorded()) m_releaseWatch = m_timeline.back()->positions.front();
    m_timeline.clear();
    clearBranches();
    m_current = -1;
    m_timelinePrompt.clear();
    emit timelineChanged();
    emit currentRecordChanged(nullptr);
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
    if (step >= 0 && step < static_cast<int>(m_timeline.size()) && step != m_current) setCurrent(step);
}

void Controller::forceToken(int token) {
    if (!m_model || m_current < 0 || m_current >= static_cast<int>(m_timeline.size())) return;
    const bool wasGenerating = m_generating;
    pause();
    // The timeline is cut when the replaced step arrives (onStepReplaced), which also keeps the
    // old choice and whatever followed it as a branch.
    const Line line = lineToCurrent();
    const std::uint64_t runId = ++m_lastRunId;
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, line, token, runId] { worker->forceToken(line, token, runId); }, Qt::QueuedConnection);
    // Continue from the forced token: feed it at once (and keep going if we were generating).
    GenerationRequest request = m_settings;
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
    // A step that does not follow the timeline belongs to a run whose steps were cut meanwhile.
    if (record->step > static_cast<int>(m_timeline.size())) return;
    if (record->step < static_cast<int>(m_timeline.size())) m_timeline.resize(static_cast<std::size_t>(record->step));
    m_timeline.push_back(record);
    dropBranchesInTimeline();
    if (m_measuringRate && record->step > 0) {  // step 0 runs the whole prompt: prefill, not decode
        ++m_rateSteps;
        m_rateSeconds += record->computeSeconds;
        if (m_rateSeconds > 0) m_tokensPerSecond = m_rateSteps / m_rateSeconds;
    }
    emit timelineChanged();
    setCurrent(record->step);
}

void Controller::onStepReplaced(const StepRecordPtr& record, quint64 runId) {
    if (runId <= m_dropStepsThrough || record->step >= static_cast<int>(m_timeline.size())) return;
    if (!sameStep(m_timeline[static_cast<std::size_t>(record->step)], record)) keepAsBranch(m_timeline);
    m_timeline.resize(static_cast<std::size_t>(record->step) + 1);
    m_timeline.back() = record;
    dropBranchesInTimeline();
    emit timelineChanged();
    m_current = -1;  // force the signal even if the index is unchanged
    setCurrent(record->step);
}

void Controller::restoreTimeline(const QString& prompt, bool specialsAsText, const std::vector<std::int32_t>& promptTokens,
                                 const std::vector<workspace::StepChoice>& steps,
                                 const std::vector<std::vector<workspace::StepChoice>>& branches, int currentStep) {
    if (!m_model || m_generating || m_loading) return;
    m_timeline.clear();
    clearBranches();
    m_current = -1;
    m_timelinePrompt = prompt;
    m_timelineSpecialsAsText = specialsAsText;
    m_restoreStep = currentStep;
    emit timelineChanged();
    emit currentRecordChanged(nullptr);
    if (steps.empty()) {
        emit timelineRestored({});
        return;
    }
    ReplayRequest request{prompt, specialsAsText, promptTokens, steps, branches, ++m_lastRunId};
    setGenerating(true);
    startMeasuringRate(false);
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, request] { worker->replay(request); }, Qt::QueuedConnection);
}

void Controller::onBranchReplayed(const Line& line) {
    if (!containedIn(line, m_timeline)) keepAsBranch(line);
}

void Controller::onReplayFinished(const QStringList& differences) {
    if (m_restoreStep >= 0 && m_restoreStep < static_cast<int>(m_timeline.size())) setCurrent(m_restoreStep);
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

void Controller::setCurrent(int step) {
    // A handler of timelineChanged may have shortened the timeline (Reset from a slot):
    // never point past its end.
    m_current = step < static_cast<int>(m_timeline.size()) ? step : static_cast<int>(m_timeline.size()) - 1;
    emit currentRecordChanged(currentRecord());
}

// ---------------------------------------------------------------------------------------------
// branches

Controller::Line Controller::lineToCurrent() const {
    if (m_current < 0) return {};
    return Line(m_timeline.begin(), m_timeline.begin() + std::min<std::ptrdiff_t>(m_current + 1, static_cast<std::ptrdiff_t>(m_timeline.size())));
}

int Controller::forkStep(int branch) const {
    if (branch < 0 || branch >= static_cast<int>(m_branches.size())) return -1;
    return firstDifference(m_branches[static_cast<std::size_t>(branch)], m_timeline);
}

void Controller::keepAsBranch(const Line& line) {
    if (line.empty()) return;
    for (const Line& b : m_branches) {
        if (containedIn(line, b)) return;
    }
    std::erase_if(m_branches, [&](const Line& b) { return containedIn(b, line); });
    m_branches.push_back(line);
    emit branchesChanged();
}

void Controller::dropBranchesInTimeline() {
    if (std::erase_if(m_branches, [&](const Line& b) { return containedIn(b, m_timeline); }) > 0) emit branchesChanged();
}

void Controller::clearBranches() {
    if (m_branches.empty()) return;
    m_branches.clear();
    emit branchesChanged();
}

void Controller::switchToBranch(int index) {
    if (m_generating || m_loading || index < 0 || index >= static_cast<int>(m_branches.size())) return;
    const Line target = m_branches[static_cast<std::size_t>(index)];
    const int fork = firstDifference(target, m_timeline);
    m_branches.erase(m_branches.begin() + index);
    keepAsBranch(m_timeline);
    m_timeline = target;
    dropBranchesInTimeline();  // the line left, if the branch shown goes on from its end
    emit branchesChanged();
    emit timelineChanged();
    m_current = -1;  // force the signal even if the index is unchanged
    setCurrent(std::min(fork, static_cast<int>(m_timeline.size()) - 1));
}

void Controller::setGenerating(bool generating) {
    if (m_generating == generating) return;
    m_generating = generating;
    emit generatingChanged(generating);
}

void Controller::setSelection(const views::Selection& selection) {
    if (selection == m_selection) return;
    m_selection = selection;
    emit selectionChanged(m_selection);
}

void Controller::selectQuery(int position) {
    views::Selection s = m_selection;
    s.query = position;
    setSelection(s);
}

void Controller::selectHead(int layer, int head) {
    views::Selection s = m_selection;
    s.layer = layer;
    s.head = head;
    s.averageHeads = false;
    setSelection(s);
}

}  // namespace attnscope::app

namespace attnscope::app {

void Controller::setAblation(const AblationSet& ablation) {
    if (ablation == m_ablation) return;
    m_ablation = ablation;
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, ablation] { worker->setAblation(ablation); }, Qt::QueuedConnection);
    emit message(ablation.empty() ? tr("All heads on again from the next step")
                                  : tr("%n head(s) switched off from the next step", nullptr, static_cast<int>(ablation.size())));
}

}  // namespace attnscope::app
