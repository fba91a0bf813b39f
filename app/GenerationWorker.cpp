#include "app/GenerationWorker.h"

#include <QThread>

#include <chrono>
#include <cmath>
#include <thread>

#include "model/Errors.h"

namespace attnscope::app {

GenerationWorker::GenerationWorker() {
    qRegisterMetaType<attnscope::app::GenerationRequest>();
    qRegisterMetaType<attnscope::app::ModelPtr>();
    qRegisterMetaType<attnscope::StepRecordPtr>();
    qRegisterMetaType<attnscope::AblationSet>();
    qRegisterMetaType<attnscope::app::ReplayRequest>();
}

GenerationWorker::~GenerationWorker() = default;

void GenerationWorker::loadModel(const QString& folder) {
    emit loadStarted(folder);
    try {
        auto model = Gpt2Model::loadFolder(folder.toStdString(), [this](double f, const std::string& stage) {
            emit loadProgress(f, QString::fromStdString(stage));
        });
        // Only now, with the new model whole, let go of the old one: a failed load keeps it.
        m_model = model;
        m_session = std::make_unique<GenerationSession>(m_model, SessionOptions{true, 20});
        m_session->setCancelFlag(&m_stopRequested);  // Pause stops even a long prefill within a layer
        m_ablation.clear();
        QStringList warnings;
        for (const auto& w : m_model->warnings()) warnings << QString::fromStdString(w);
        emit modelLoaded(m_model, warnings);
    } catch (const std::exception& e) {
        emit modelLoadFailed(folder, QString::fromStdString(e.what()));
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

void GenerationWorker::generate(const GenerationRequest& request) {
    if (!m_session) {
        emit generationFailed(tr("No model is loaded."));
        return;
    }
    m_stopRequested.store(false);
    emit generationStarted();
    try {
        int made = 0;
        if (request.restart || !m_session->started()) {
            const std::string prompt = request.prompt.toStdString();
            const auto ids = m_model->tokenizer().encode(prompt, request.specialsAsText ? SpecialTokens::AsText : SpecialTokens::Recognise);
            emit stepReady(m_session->start(ids, request.sampling));
            made = 1;
        } else if (request.rewindToStep >= 0 && request.rewindToStep + 1 < static_cast<int>(m_session->history().size())) {
            m_session->rewindTo(request.rewindToStep);
        }
        while (made < request.maxNewTokens && !(request.singleStep && made >= 1)) {
            if (m_session->contextFull()) {
                emit generationStopped(QString::fromUtf8(stopReasonText(StopReason::ContextFull)));
                return;
            }
            if (made > 0 && request.paceMs > 0 && !sleepUnlessStopped(request.paceMs)) break;
            if (m_stopRequested.load()) break;
            emit stepReady(m_session->step(request.sampling));
            ++made;
        }
        if (m_stopRequested.load()) {
            emit generationStopped(tr("paused"));
        } else if (m_session->contextFull()) {
            emit generationStopped(QString::fromUtf8(stopReasonText(StopReason::ContextFull)));
        } else {
            emit generationStopped(request.singleStep ? tr("one step") : QString::fromUtf8(stopReasonText(StopReason::StepsDone)));
        }
    } catch (const Cancelled&) {
        emit generationStopped(tr("paused"));
    } catch (const std::exception& e) {
        emit generationFailed(QString::fromStdString(e.what()));
    }
}

void GenerationWorker::forceToken(int step, int token) {
    if (!m_session || !m_session->started()) return;
    try {
        if (step >= 0 && step + 1 < static_cast<int>(m_session->history().size())) m_session->rewindTo(step);
        emit stepReplaced(m_session->force(token));
    } catch (const std::exception& e) {
        emit generationFailed(QString::fromStdString(e.what()));
    }
}

void GenerationWorker::replay(const ReplayRequest& request) {
    if (!m_session) {
        emit generationFailed(tr("No model is loaded."));
        return;
    }
    m_stopRequested.store(false);
    emit generationStarted();
    QStringList differences;
    try {
        const auto ids = m_model->tokenizer().encode(request.prompt.toStdString(),
                                                     request.specialsAsText ? SpecialTokens::AsText : SpecialTokens::Recognise);
        if (!request.promptTokens.empty() && ids != request.promptTokens) {
            differences << tr("The prompt is split into other tokens than when the workspace was saved (%1 tokens now, %2 then).")
                               .arg(ids.size()).arg(request.promptTokens.size());
        }
        for (std::size_t i = 0; i < request.steps.size(); ++i) {
            if (m_stopRequested.load()) {
                emit generationStopped(tr("stopped while opening the workspace, after %1 of %2 steps").arg(i).arg(request.steps.size()));
                emit replayFinished(differences);
                return;
            }
            const workspace::StepChoice& stored = request.steps[i];
            if (i > 0 && m_session->contextFull()) {
                differences << tr("The context window is full after step %1; the remaining %2 steps were not made.").arg(i - 1).arg(request.steps.size() - i);
                break;
            }
            StepRecordPtr record = i == 0 ? m_session->start(ids, stored.sampling) : m_session->step(stored.sampling);
            if (stored.kind != ChoiceKind::Forced && record->chosen != stored.token) {
                differences << tr("Step %1 now chooses token %2; the workspace says %3, which is kept.").arg(i).arg(record->chosen).arg(stored.token);
            }
            if (stored.kind == ChoiceKind::Forced || record->chosen != stored.token) record = m_session->force(stored.token);
            const float tolerance = 1e-4f * std::max(1.0f, stored.probability);
            if (std::abs(record->chosenProbability - stored.probability) > tolerance) {
                differences << tr("Step %1: the chosen token's probability is now %2, saved as %3.")
                                   .arg(i).arg(record->chosenProbability, 0, 'g', 7).arg(stored.probability, 0, 'g', 7);
            }
            emit stepReady(record);
        }
        emit generationStopped(tr("workspace opened"));
    } catch (const Cancelled&) {
        differences << tr("Opening was stopped before every step was made again.");
        emit generationStopped(tr("stopped while opening the workspace"));
    } catch (const std::exception& e) {
        differences << tr("The steps could not all be made again: %1").arg(QString::fromStdString(e.what()));
        emit generationStopped(tr("workspace opened with errors"));
    }
    emit replayFinished(differences);
}

}  // namespace attnscope::app

namespace attnscope::app {

void GenerationWorker::setAblation(const AblationSet& ablation) {
    m_ablation = ablation;
    if (!m_session) return;
    try {
        m_session->setAblation(ablation);
    } catch (const std::exception& e) {
        emit generationFailed(QString::fromStdString(e.what()));
    }
}

}  // namespace attnscope::app
