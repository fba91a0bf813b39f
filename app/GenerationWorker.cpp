#include "app/GenerationWorker.h"

#include <QThread>

#include <chrono>
#include <cmath>
#include <limits>
#include <thread>

#include "model/Errors.h"
#include "views/CoreText.h"

namespace attnscope::app {

namespace {

// The core's stop reasons, in the interface's language.
QString stopReasonWords(StopReason reason) {
    switch (reason) {
        case StopReason::StepsDone: return GenerationWorker::tr("generated the requested number of tokens");
        case StopReason::ContextFull: return GenerationWorker::tr("reached the end of the model's context window");
        case StopReason::EndOfText: return GenerationWorker::tr("the model chose <|endoftext|>");
        case StopReason::Cancelled: return GenerationWorker::tr("cancelled");
    }
    return QString::fromUtf8(stopReasonText(reason));
}

}  // namespace


GenerationWorker::GenerationWorker() {
    qRegisterMetaType<attnscope::app::GenerationRequest>();
    qRegisterMetaType<attnscope::app::ModelPtr>();
    qRegisterMetaType<attnscope::StepRecordPtr>();
    qRegisterMetaType<std::vector<attnscope::StepRecordPtr>>();
    qRegisterMetaType<attnscope::AblationSet>();
    qRegisterMetaType<attnscope::app::ReplayRequest>();
}

GenerationWorker::~GenerationWorker() = default;

void GenerationWorker::loadModel(const QString& folder) {
    emit loadStarted(folder);
    try {
        // The weights are read into memory, never used from a mapping: a file rewritten or
        // truncated while the window has it open must not crash the app (SIGBUS) or change
        // its numbers. Closing the window stops a load within one chunk.
        LoadOptions options;
        options.copyWeights = true;
        options.progress = [this](double f, const Message& stage) { emit loadProgress(f, coreText(stage)); };
        options.cancelled = [this] { return m_stoppedThrough.load() == std::numeric_limits<std::uint64_t>::max(); };
        auto model = Gpt2Model::loadFolder(folder.toStdString(), options);
        // Only now, with the new model whole, let go of the old one: a failed load keeps it.
        m_model = model;
        m_session = std::make_unique<GenerationSession>(m_model, SessionOptions{true, 20});
        m_session->setCancelFlag(&m_stopRequested);  // Pause stops even a long prefill within a layer
        m_ablation.clear();
        QStringList warnings;
        for (const Message& w : m_model->warnings()) warnings << coreText(w);
        emit modelLoaded(m_model, warnings);
    } catch (const std::exception& e) {
        emit modelLoadFailed(folder, coreText(e));
    }
}

bool GenerationWorker::sleepUnlessStopped(int ms) {
    using namespace std::chrono;
    const auto until = steady_clock::now() + milliseconds(ms);
    while (steady_clock::now() < until) {
        if (m_stopRequested.load()) return false;
        std::this_thread::sleep_for(std::min<milliseconds>(milliseconds(10), duration_cast<milliseconds>(until - steady_clock::now())));
    }
    return !m_stopRequested.load();
}

void GenerationWorker::beginRun(std::uint64_t runId) {
    // Clear first, then look at the stopped ids: a requestStop racing with this either sets the
    // flag after the clear, or wrote its id before the clear and is seen below.
    m_run = runId;
    m_stopRequested.store(false);
    if (runId <= m_stoppedThrough.load()) m_stopRequested.store(true);
}

void GenerationWorker::generate(const GenerationRequest& request) {
    beginRun(request.runId);
    if (!m_session) {
        emit generationFailed(tr("No model is loaded."), m_run);
        return;
    }
    emit generationStarted();
    try {
        GenerateRequest run;
        run.newTokens = request.singleStep ? 1 : request.maxNewTokens;
        run.sampling = request.sampling;
        if (request.restart || (!m_session->started() && request.line.empty())) {
            run.prompt = m_model->tokenizer().encode(request.prompt.toStdString(),
                                                     request.specialsAsText ? SpecialTokens::AsText : SpecialTokens::Recognise);
        } else {
            if (!request.line.empty()) m_session->continueFrom(request.line);  // a rewind, or another branch's text
            run.continueSession = true;
        }
        // The core's loop (model/Session.h); the app adds the pace between tokens and Pause.
        int made = 0;
        const auto sink = [&](const StepRecordPtr& record) {
            ++made;
            emit stepReady(record, m_run);
        };
        const auto stop = [&] {
            if (made > 0 && request.paceMs > 0) return !sleepUnlessStopped(request.paceMs);
            return m_stopRequested.load();
        };
        const StopReason reason = attnscope::generate(*m_session, run, sink, stop);
        if (reason == StopReason::Cancelled || m_stopRequested.load()) {
            emit generationStopped(tr("paused"), m_run);
        } else if (reason == StopReason::ContextFull || m_session->contextFull()) {
            emit generationStopped(stopReasonWords(StopReason::ContextFull), m_run);
        } else {
            emit generationStopped(request.singleStep ? tr("one step") : stopReasonWords(reason), m_run);
        }
    } catch (const Cancelled&) {
        emit generationStopped(tr("paused"), m_run);
    } catch (const std::exception& e) {
        emit generationFailed(coreText(e), m_run);
    }
}

void GenerationWorker::forget() {
    if (m_session) m_session->clear();
}

void GenerationWorker::forceToken(const std::vector<StepRecordPtr>& line, int token, std::uint64_t runId) {
    beginRun(runId);
    if (!m_session || line.empty()) return;
    try {
        m_session->continueFrom(line);
        emit stepReplaced(m_session->force(token), m_run);
    } catch (const Cancelled&) {
        emit generationStopped(tr("paused"), m_run);
    } catch (const std::exception& e) {
        requestStop(m_run);  // the continuation queued with this run has nothing to continue
        emit generationFailed(coreText(e), m_run);
    }
}

void GenerationWorker::replay(const ReplayRequest& request) {
    beginRun(request.runId);
    if (!m_session) {
        emit generationFailed(tr("No model is loaded."), m_run);
        return;
    }
    emit generationStarted();
    QStringList differences;
    try {
        const auto ids = m_model->tokenizer().encode(request.prompt.toStdString(),
                                                     request.specialsAsText ? SpecialTokens::AsText : SpecialTokens::Recognise);
        if (!request.promptTokens.empty() && ids != request.promptTokens) {
            differences << tr("The prompt is split into other tokens than when the workspace was saved (%1 tokens now, %2 then).")
                               .arg(ids.size()).arg(request.promptTokens.size());
        }
        std::vector<StepRecordPtr> main;
        replaySteps(request.steps, 0, ids, QString(), main, differences, true);
        // Each branch shares its first steps with a line made already: those records are
        // reused (continueFrom), and only the branch's own steps are made.
        std::vector<std::vector<workspace::StepChoice>> madeChoices{request.steps};
        std::vector<std::vector<StepRecordPtr>> madeLines{main};
        for (std::size_t b = 0; b < request.branches.size() && !m_stopRequested.load(); ++b) {
            const auto& choices = request.branches[b];
            std::size_t bestLine = 0, shared = 0;
            for (std::size_t l = 0; l < madeChoices.size(); ++l) {
                std::size_t n = 0;
                const std::size_t limit = std::min({choices.size(), madeChoices[l].size(), madeLines[l].size()});
                while (n < limit && choices[n].token == madeChoices[l][n].token && choices[n].kind == madeChoices[l][n].kind) ++n;
                if (n > shared) bestLine = l, shared = n;
            }
            std::vector<StepRecordPtr> line(madeLines[bestLine].begin(), madeLines[bestLine].begin() + static_cast<std::ptrdiff_t>(shared));
            if (!line.empty()) m_session->continueFrom(line);
            replaySteps(choices, shared, ids, tr("branch %1").arg(b + 1), line, differences, false);
            if (!line.empty()) emit branchReplayed(line);
            madeChoices.push_back(choices);
            madeLines.push_back(std::move(line));
        }
        m_session->setAblation(m_ablation);  // from now on, what generation was set to run with
        if (m_stopRequested.load()) {
            emit generationStopped(tr("stopped while opening the workspace"), m_run);
        } else {
            emit generationStopped(tr("workspace opened"), m_run);
        }
    } catch (const Cancelled&) {
        differences << tr("Opening was stopped before every step was made again.");
        emit generationStopped(tr("stopped while opening the workspace"), m_run);
    } catch (const std::exception& e) {
        differences << tr("The steps could not all be made again: %1").arg(coreText(e));
        emit generationStopped(tr("workspace opened with errors"), m_run);
    }
    emit replayFinished(differences);
}

void GenerationWorker::replaySteps(const std::vector<workspace::StepChoice>& steps, std::size_t from,
                                   const std::vector<std::int32_t>& promptIds, const QString& lineName,
                                   std::vector<StepRecordPtr>& line, QStringList& differences, bool emitSteps) {
    const QString where = lineName.isEmpty() ? QString() : lineName + QStringLiteral(", ");
    for (std::size_t i = from; i < steps.size(); ++i) {
        if (m_stopRequested.load()) {
            differences << tr("Opening was stopped after %1step %2 of %3.").arg(where).arg(i).arg(steps.size());
            return;
        }
        const workspace::StepChoice& stored = steps[i];
        if (i > 0 && m_session->contextFull()) {
            differences << tr("The context window is full after %1step %2; the remaining %3 steps were not made.")
                               .arg(where).arg(i - 1).arg(steps.size() - i);
            return;
        }
        // The heads the step was made with switched off (a step's set applies from that step on).
        AblationSet heads;
        for (const workspace::HeadOff& h : stored.headsOff) heads.push_back({h.layer, h.head, h.replacement});
        m_session->setAblation(heads);
        StepRecordPtr record = i == 0 ? m_session->start(promptIds, stored.sampling) : m_session->step(stored.sampling);
        if (stored.kind != ChoiceKind::Forced && record->chosen != stored.token) {
            differences << tr("%1Step %2 now chooses token %3; the workspace says %4, which is kept.")
                               .arg(where).arg(i).arg(record->chosen).arg(stored.token);
        }
        if (stored.kind == ChoiceKind::Forced || record->chosen != stored.token) record = m_session->force(stored.token);
        const float tolerance = 1e-4f * std::max(1.0f, stored.probability);
        if (std::abs(record->chosenProbability - stored.probability) > tolerance) {
            differences << tr("%1Step %2: the chosen token's probability is now %3, saved as %4.")
                               .arg(where).arg(i).arg(record->chosenProbability, 0, 'g', 7).arg(stored.probability, 0, 'g', 7);
        }
        line.push_back(record);
        if (emitSteps) emit stepReady(record, m_run);
    }
}

}  // namespace attnscope::app

namespace attnscope::app {

void GenerationWorker::setAblation(const AblationSet& ablation) {
    m_ablation = ablation;
    if (!m_session) return;
    try {
        m_session->setAblation(ablation);
    } catch (const std::exception& e) {
        emit generationFailed(coreText(e), 0);  // not a run of its own
    }
}

}  // namespace attnscope::app
