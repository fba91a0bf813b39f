#include "app/TeachingPanels.h"

#include <QApplication>
#include <QPointer>
#include <QScrollArea>
#include <QThreadPool>

#include <utility>

#include "model/Errors.h"
#include "model/InsideStep.h"
#include "views/CoreText.h"
#include "views/InsideStepView.h"
#include "views/KvCacheView.h"
#include "views/TokenPathView.h"

namespace attnscope::app {
namespace {

// What the views say before there is anything to show.
QString insideStepHint() {
    return TeachingPanels::tr("Generate some text: this view walks through one step of the model, stage by stage, with its real numbers.");
}
QString tokenPathHint() { return TeachingPanels::tr("Generate some text, then pick a token: its path up the stack is drawn here."); }

}  // namespace

TeachingPanels::TeachingPanels(Controller* controller, QWidget* widgetParent) : QObject(widgetParent), m_controller(controller) {
    m_insideStep = new views::InsideStepView(widgetParent);
    m_kvCache = new views::KvCacheView;
    m_kvScroll = new QScrollArea(widgetParent);
    m_kvScroll->setWidget(m_kvCache);
    m_kvScroll->setWidgetResizable(true);
    m_tokenPath = new views::TokenPathView(widgetParent);
}

QWidget* TeachingPanels::kvCachePage() const { return m_kvScroll; }

void TeachingPanels::onModelChanged() {
    m_insideStep->setMessage(insideStepHint());
    m_tokenPath->setMessage(tokenPathHint());
    m_kvCache->clear();
}

void TeachingPanels::refresh() {
    if (m_kvScroll->isVisible()) {
        const StepRecordPtr record = m_controller->currentRecord();
        if (record && record->recorded()) {
            m_kvCache->setRecord(record, teaching::kvCacheSummary(*record), m_controller->namer());
        } else {
            m_kvCache->clear();
        }
        m_kvCache->setSelectedLayer(m_controller->selection().layer);
    }
    if (m_insideStep->isVisible()) computeInsideStep();
    if (m_tokenPath->isVisible()) computeTokenPath();
}

// Runs `compute` (a pure function of the model and the record, returning a shared result) on
// the thread pool and hands the result, or the error message, to `show` on the UI thread. While
// a job of this kind runs, further requests collapse into one more run at its end, which then
// uses the newest record and selection.
template <typename Compute, typename Show>
void TeachingPanels::runJob(Job TeachingPanels::*job, void (TeachingPanels::*again)(), Compute compute, Show show) {
    if ((this->*job).running) {
        (this->*job).pending = true;
        return;
    }
    (this->*job).running = true;
    QPointer<TeachingPanels> self(this);
    QThreadPool::globalInstance()->start([self, job, again, compute, show] {
        decltype(compute()) result;
        QString error;
        try {
            result = compute();
        } catch (const std::exception& e) {
            error = coreText(e);
        }
        QMetaObject::invokeMethod(qApp, [self, job, again, show, result, error] {
            if (!self) return;
            ((*self).*job).running = false;
            show(result, error);
            if (std::exchange(((*self).*job).pending, false)) ((*self).*again)();
        }, Qt::QueuedConnection);
    });
}

// The current record and model when the teaching views can show something, else a message.
bool TeachingPanels::recordToShow(StepRecordPtr& record, ModelPtr& model, QString& message) const {
    record = m_controller->currentRecord();
    model = m_controller->model();
    if (record && model && record->recorded()) return true;
    message = record ? tr("This step was generated with recording off.") : QString();
    return false;
}

void TeachingPanels::computeInsideStep() {
    StepRecordPtr record;
    ModelPtr model;
    QString message;
    // While a job runs, runJob only notes the request: the record is read when it runs again.
    if (!m_insideJob.running && !recordToShow(record, model, message)) {
        m_insideStep->setMessage(message.isEmpty() ? insideStepHint() : message);
        return;
    }
    const views::Selection s = m_controller->selection();
    const int position = record ? s.queryFor(record->length()) : 0;
    runJob(&TeachingPanels::m_insideJob, &TeachingPanels::computeInsideStep,
           [model, record, position, s] {
               return std::make_shared<const teaching::InsideStep>(teaching::insideStep(*model, *record, position, s.layer, s.head));
           },
           [this](const std::shared_ptr<const teaching::InsideStep>& step, const QString& error) {
               if (step) m_insideStep->setStep(step, m_controller->namer());
               else m_insideStep->setMessage(error);
           });
}

void TeachingPanels::computeTokenPath() {
    StepRecordPtr record;
    ModelPtr model;
    QString message;
    if (!m_pathJob.running && !recordToShow(record, model, message)) {
        m_tokenPath->setMessage(message.isEmpty() ? tokenPathHint() : message);
        return;
    }
    const int position = record ? m_controller->selection().queryFor(record->length()) : 0;
    runJob(&TeachingPanels::m_pathJob, &TeachingPanels::computeTokenPath,
           [model, record, position] {
               return std::make_shared<const teaching::TokenPath>(teaching::tokenPath(*model, *record, position, 3));
           },
           [this](const std::shared_ptr<const teaching::TokenPath>& path, const QString& error) {
               if (path) m_tokenPath->setPath(path, m_controller->namer());
               else m_tokenPath->setMessage(error);
           });
}

}  // namespace attnscope::app
