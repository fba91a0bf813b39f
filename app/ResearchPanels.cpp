#include "app/ResearchPanels.h"

#include <limits>

#include <QApplication>
#include <QDockWidget>
#include <QThreadPool>

#include "app/Controller.h"
#include "model/Analysis.h"
#include "model/Formation.h"
#include "model/HeadScores.h"
#include "model/Session.h"
#include "views/AblationPanel.h"
#include "views/ComparePromptsView.h"
#include "views/CoreText.h"
#include "views/FormationView.h"
#include "views/HeadScoresView.h"
#include "views/LogitLensView.h"

namespace attnscope::app {

ResearchPanels::ResearchPanels(Controller* controller, QWidget* widgetParent) : QObject(widgetParent), m_controller(controller) {
    m_lens = new views::LogitLensView(widgetParent);
    m_headScores = new views::HeadScoresView(widgetParent);
    m_ablation = new views::AblationPanel(widgetParent);
    m_compare = new views::ComparePromptsView(widgetParent);
    m_formation = new views::FormationView(widgetParent);

    connect(m_lens, &views::LogitLensView::computeRequested, this, [this] {
        m_lensWanted = true;
        computeLogitLens();
    });
    connect(m_headScores, &views::HeadScoresView::headSelected, m_controller, &Controller::selectHead);
    connect(m_headScores, &views::HeadScoresView::diagnosticsRequested, this, [this] { runDiagnostics(); });
    connect(m_ablation, &views::AblationPanel::compareRequested, this, [this] { compareAblation(); });
    // The panel shows the lesson state's heads off and writes the user's changes back to it; the
    // set generation runs with is made from the ticks (with the mean outputs of the step on screen).
    connect(m_ablation, &views::AblationPanel::choiceChanged, this, [this] {
        const bool generate = m_ablation->generateWithHeadsOff();
        m_controller->state().setHeadsOff({m_ablation->checkedHeads(), m_ablation->mode() == views::AblationPanel::Mode::Mean, generate,
                                           generate ? ablationFromPanel(m_controller->currentRecord()) : AblationSet{}});
    });
    connect(&m_controller->state(), &LessonState::headsOffChanged, this, &ResearchPanels::showHeadsOff);
    connect(m_compare, &views::ComparePromptsView::compareRequested, this, [this] { comparePromptPair(); });
}

void ResearchPanels::setHeadScoresDock(QDockWidget* dock) {
    m_headScoresDock = dock;
    connect(dock, &QDockWidget::visibilityChanged, this, [this](bool visible) {
        if (visible) computeHeadScores();
    });
}

void ResearchPanels::setLogitLensDock(QDockWidget* dock) {
    m_lensDock = dock;
    connect(dock, &QDockWidget::visibilityChanged, this, [this](bool visible) {
        if (visible) onRecordChanged();
    });
}

void ResearchPanels::onRecordChanged() {
    if (!m_lensWanted || m_controller->isGenerating()) return;
    const StepRecordPtr record = m_controller->currentRecord();
    if (record && record == m_lensRecord.lock()) return;  // already shows this step
    if (m_lensDock && !m_lensDock->isVisible()) {
        // Nobody is looking: say that the table would be stale and compute it when the dock shows.
        m_lensRecord.reset();
        m_lens->setMessage(record ? tr("Step %1 is on screen; the lens is computed again when this panel is shown.").arg(record->step)
                                  : QString());
        return;
    }
    computeLogitLens();
}

void ResearchPanels::setFormationDock(QDockWidget* dock) {
    connect(dock, &QDockWidget::visibilityChanged, this, [this](bool visible) {
        if (visible) measureFormation();
    });
}

void ResearchPanels::measureFormation() {
    if (m_formationMeasured) return;
    m_formationMeasured = true;
    // ~20 checkpoints of a 2-layer model, each loaded and run once: well under a second, but
    // off the UI thread all the same.
    const std::filesystem::path root = formation::shippedSeriesFolder();
    if (!std::filesystem::exists(root / "formation.json")) {
        m_formation->setMessage(tr("No checkpoint series is installed in %1. tools/export_formation.py writes one from the "
                                   "snapshots of a training run (tools/README.md).")
                                    .arg(QString::fromStdString(root.string())));
        return;
    }
    m_formation->setMessage(tr("Measuring the checkpoints…"));
    QPointer<ResearchPanels> self(this);
    QThreadPool::globalInstance()->start([self] {
        std::shared_ptr<const formation::Series> series;
        QString error;
        try {
            series = std::make_shared<const formation::Series>(formation::measureSeries(formation::shippedSeriesFolder()));
        } catch (const std::exception& e) {
            error = coreText(e);
        }
        QMetaObject::invokeMethod(qApp, [self, series, error] {
            if (!self) return;
            if (series) self->m_formation->setSeries(series);
            else self->m_formation->setMessage(tr("The induction-formation series could not be read: %1").arg(error));
        }, Qt::QueuedConnection);
    });
}

void ResearchPanels::onModelChanged() {
    const ModelPtr model = m_controller->model();
    const views::TokenNamer namer = m_controller->namer();
    m_lens->setMessage(tr("Generate some text, then press Compute to read every layer through the output head."));
    m_lensWanted = false;
    m_lensRecord.reset();
    m_inductionScores.clear();
    m_inductionSource.clear();
    m_headScores->clear();
    m_ablation->setNamer(namer);
    m_compare->setNamer(namer);
    if (model) m_ablation->setShape(model->config().nLayer, model->config().nHead);
    showHeadsOff();
}

void ResearchPanels::showHeadsOff() {
    const HeadsOff& h = m_controller->state().headsOff();
    m_ablation->restoreState(h.checked, h.meanMode ? views::AblationPanel::Mode::Mean : views::AblationPanel::Mode::Zero,
                             h.generateWithHeadsOff);
}

void ResearchPanels::onSelectionChanged(const views::Selection& selection) {
    m_headScores->setSelection(selection);
    m_compare->setSelection(selection);
}

void ResearchPanels::computeLogitLens() {
    const StepRecordPtr record = m_controller->currentRecord();
    const ModelPtr model = m_controller->model();
    m_lensRecord = record;
    if (!record || !model || !record->recorded()) {
        m_lens->setMessage(tr("Generate some text first: the lens reads the residual stream of the step on screen."));
        return;
    }
    // (n_layer + 1) x positions x vocabulary dot products: a second or two for gpt2 at 256
    // tokens, so it runs on the thread pool and the window stays responsive.
    m_lens->setMessage(tr("Computing the logit lens for step %1…").arg(record->step));
    const int job = ++m_lensJob;
    QPointer<ResearchPanels> self(this);
    QThreadPool::globalInstance()->start([self, job, model, record] {
        auto lens = std::make_shared<analysis::LogitLens>(analysis::logitLens(*model, *record, 5));
        QMetaObject::invokeMethod(qApp, [self, job, lens, record] {
            if (!self || job != self->m_lensJob) return;  // closed, or a newer request
            self->m_lens->setLens(std::move(*lens), record->tokens, self->m_controller->namer(), record->step);
        }, Qt::QueuedConnection);
    });
}

void ResearchPanels::computeHeadScores() {
    if (m_headScoresDock && !m_headScoresDock->isVisible()) return;  // computed when someone looks
    const StepRecordPtr record = m_controller->currentRecord();
    if (!record || !record->recorded()) {
        if (!m_inductionScores.empty()) {
            showInductionOnly();
            return;
        }
        m_headScores->setMessage(tr("Generate some text to score every head on it, or run the diagnostics."));
        return;
    }
    const int job = ++m_scoresJob;
    QPointer<ResearchPanels> self(this);
    QThreadPool::globalInstance()->start([self, job, record] {
        auto table = std::make_shared<scores::HeadScoreTable>(scores::scoreHeads(*record));
        QMetaObject::invokeMethod(qApp, [self, job, table, record] {
            if (!self || job != self->m_scoresJob) return;
            self->m_headScores->setScores(*table, self->m_inductionScores);
            self->m_headScores->setSources(tr("the text of step %1 (%n tokens)", nullptr, record->length()).arg(record->step),
                                           self->m_inductionSource);
            self->m_headScores->setSelection(self->m_controller->selection());
        }, Qt::QueuedConnection);
    });
}

void ResearchPanels::showInductionOnly() {
    // No text on screen to score: the induction column alone, every text score "not measured".
    const ModelPtr model = m_controller->model();
    if (!model) return;
    scores::HeadScoreTable table;
    table.nLayer = model->config().nLayer;
    table.nHead = model->config().nHead;
    const std::vector<double> none(static_cast<std::size_t>(table.nLayer * table.nHead), std::numeric_limits<double>::quiet_NaN());
    table.entropy = table.previousToken = table.firstToken = table.self = table.duplicateToken = none;
    ++m_scoresJob;  // a text-score job still running would show an older text
    m_headScores->setScores(table, m_inductionScores);
    m_headScores->setSources(QString(), m_inductionSource);
    m_headScores->setSelection(m_controller->selection());
}

void ResearchPanels::runDiagnostics() {
    const ModelPtr model = m_controller->model();
    if (!model) return;
    // The standard test for induction heads (analysis::inductionDiagnostic), run apart from the
    // session: only the induction column comes from it; the other scores stay those of the text
    // on screen.
    m_headScores->setMessage(tr("Running the diagnostics: random tokens, repeated…"));
    const int job = ++m_diagnosticsJob;
    QPointer<ResearchPanels> self(this);
    QThreadPool::globalInstance()->start([self, job, model] {
        auto diagnostic = std::make_shared<const analysis::InductionDiagnostic>(analysis::inductionDiagnostic(model));
        QMetaObject::invokeMethod(qApp, [self, job, diagnostic] {
            if (!self || job != self->m_diagnosticsJob) return;
            self->m_inductionScores = diagnostic->scores;
            self->m_inductionSource = tr("%1 random tokens, repeated once (the diagnostics)").arg(diagnostic->period);
            self->computeHeadScores();
            self->m_headScores->setMetric(5);  // induction
        }, Qt::QueuedConnection);
    });
}

AblationSet ResearchPanels::ablationFromPanel(const StepRecordPtr& record) const {
    AblationSet set;
    for (const auto& [layer, head] : m_ablation->checkedHeads()) {
        HeadAblation a{layer, head, {}};
        // Mean ablation keeps the head's average output over the text on screen.
        if (m_ablation->mode() == views::AblationPanel::Mode::Mean && record && record->recorded()) {
            a.replacement = analysis::meanHeadOutput(*record, layer, head);
        }
        set.push_back(std::move(a));
    }
    return set;
}

void ResearchPanels::compareAblation() {
    const StepRecordPtr record = m_controller->currentRecord();
    const ModelPtr model = m_controller->model();
    if (!record || !model) {
        m_ablation->setMessage(tr("Generate some text first: the comparison runs on the step on screen."));
        return;
    }
    const AblationSet set = ablationFromPanel(record);
    const float temperature = m_shownTemperature ? m_shownTemperature() : 1.0f;
    m_ablation->setMessage(tr("Comparing…"));
    const int job = ++m_ablationJob;
    QPointer<ResearchPanels> self(this);
    QThreadPool::globalInstance()->start([self, job, model, record, set, temperature] {
        auto result = std::make_shared<analysis::AblationComparison>(analysis::compareAblation(model, record->tokens, set, 10, temperature));
        QMetaObject::invokeMethod(qApp, [self, job, result, record] {
            if (!self || job != self->m_ablationJob) return;
            self->m_ablation->showComparison(*result, record->step);
        }, Qt::QueuedConnection);
    });
}

void ResearchPanels::comparePromptPair() {
    const ModelPtr model = m_controller->model();
    if (!model) return;
    const std::string a = m_compare->promptA().toStdString(), b = m_compare->promptB().toStdString();
    m_compare->setMessage(tr("Running both prompts…"));
    const int job = ++m_compareJob;
    QPointer<ResearchPanels> self(this);
    QThreadPool::globalInstance()->start([self, job, model, a, b] {
        try {
            GenerationSession first(model, {true, 1}), second(model, {true, 1});
            const StepRecordPtr ra = first.start(model->tokenizer().encode(a), SamplingSettings{});
            const StepRecordPtr rb = second.start(model->tokenizer().encode(b), SamplingSettings{});
            QMetaObject::invokeMethod(qApp, [self, job, ra, rb] {
                if (self && job == self->m_compareJob) self->m_compare->setRecords(ra, rb);
            }, Qt::QueuedConnection);
        } catch (const std::exception& e) {
            const QString message = coreText(e);
            QMetaObject::invokeMethod(qApp, [self, job, message] {
                if (self && job == self->m_compareJob) self->m_compare->setMessage(message);
            }, Qt::QueuedConnection);
        }
    });
}

}  // namespace attnscope::app
