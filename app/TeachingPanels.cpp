#include "app/TeachingPanels.h"

#include <QApplication>
#include <QPointer>
#include <QScrollArea>
#include <QThreadPool>

#include "model/Errors.h"
#include "model/InsideStep.h"
#include "views/InsideStepView.h"
#include "views/KvCacheView.h"
#include "views/TokenPathView.h"

namespace attnscope::app {

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
    m_insideStep->setMessage(tr("Generate some text: this view walks through one step of the model, stage by stage, with its real numbers."));
    m_tokenPath->setMessage(tr("Generate some text, then pick a token: its path up the stack is drawn here."));
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

void TeachingPanels::computeInsideStep() {
    if (m_insideJob.running) {
        m_insideJob.pending = true;
        return;
    }
    const StepRecordPtr record = m_controller->currentRecord();
    const ModelPtr model = m_controller->model();
    if (!record || !model || !record->recorded()) {
        m_insideStep->setMessage(record ? tr("This step was generated with recording off.")
                                        : tr("Generate some text: this view walks through one step of the model, stage by stage, with its real numbers."));
        return;
    }
    const views::Selection s = m_controller->selection();
    const int position = s.queryFor(record->length());
    m_insideJob.running = true;
    QPointer<TeachingPanels> self(this);
    QThreadPool::globalInstance()->start([self, model, record, position, s] {
        std::shared_ptr<const teaching::InsideStep> step;
        QString error;
        try {
            step = std::make_shared<teaching::InsideStep>(teaching::insideStep(*model, *record, position, s.layer, s.head));
        } catch (const std::exception& e) {
            error = QString::fromStdString(e.what());
        }
        QMetaObject::invokeMethod(qApp, [self, step, error] {
            if (!self) return;
            self->m_insideJob.running = false;
            if (step) self->m_insideStep->setStep(step, self->m_controller->namer());
            else self->m_insideStep->setMessage(error);
            if (std::exchange(self->m_insideJob.pending, false)) self->computeInsideStep();
        }, Qt::QueuedConnection);
    });
}

void TeachingPanels::computeTokenPath() {
    if (m_pathJob.running) {
        m_pathJob.pending = true;
        return;
    }
    const StepRecordPtr record = m_controller->currentRecord();
    const ModelPtr model = m_controller->model();
    if (!record || !model || !record->recorded()) {
        m_tokenPath->setMessage(record ? tr("This step was generated with recording off.")
                                       : tr("Generate some text, then pick a token: its path up the stack is drawn here."));
        return;
    }
    const int position = m_controller->selection().queryFor(record->length());
    m_pathJob.running = true;
    QPointer<TeachingPanels> self(this);
    QThreadPool::globalInstance()->start([self, model, record, position] {
        std::shared_ptr<const teaching::TokenPath> path;
        QString error;
        try {
            path = std::make_shared<teaching::TokenPath>(teaching::tokenPath(*model, *record, position, 3));
        } catch (const std::exception& e) {
            error = QString::fromStdString(e.what());
        }
        QMetaObject::invokeMethod(qApp, [self, path, error] {
            if (!self) return;
            self->m_pathJob.running = false;
            if (path) self->m_tokenPath->setPath(path, self->m_controller->namer());
            else self->m_tokenPath->setMessage(error);
            if (std::exchange(self->m_pathJob.pending, false)) self->computeTokenPath();
        }, Qt::QueuedConnection);
    });
}

}  // namespace attnscope::app
