#include "app/GenerationWorker.h"

#include <QThread>

#include <chrono>
#include <thread>

#include "model/Errors.h"

namespace attnscope::app {

GenerationWorker::GenerationWorker() {
    qRegisterMetaType<attnscope::app::GenerationRequest>();
    qRegisterMetaType<attnscope::app::ModelPtr>();
    qRegisterMetaType<attnscope::StepRecordPtr>();
    qRegisterMetaType<attnscope::AblationSet>();
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
