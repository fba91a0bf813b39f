#pragma once
// The teaching views of the window (issue "Teaching: inside one step"): the stepper through one
// step, the KV cache and a token's path up the stack. They follow the controller's record and
// selection while they are on screen; the numbers are computed on the thread pool (a token's
// path reads every layer out through the output head, which takes a while on gpt2-xl), one job
// of each kind at a time, the newest request winning.

#include <QObject>

#include "app/Controller.h"

class QScrollArea;
class QWidget;

namespace attnscope::views {
class InsideStepView;
class KvCacheView;
class TokenPathView;
}  // namespace attnscope::views

namespace attnscope::app {

class TeachingPanels : public QObject {
    Q_OBJECT
public:
    TeachingPanels(Controller* controller, QWidget* widgetParent);

    views::InsideStepView* insideStep() const { return m_insideStep; }
    views::KvCacheView* kvCache() const { return m_kvCache; }
    QWidget* kvCachePage() const;  // the cache view in its scroll area
    views::TokenPathView* tokenPath() const { return m_tokenPath; }

    void onModelChanged();
    // The record or the selection changed, or a view came on screen: bring the visible ones up to date.
    void refresh();

    // For tests: true while a computation is on its way.
    bool busy() const { return m_insideJob.running || m_pathJob.running; }

private:
    struct Job {
        bool running = false;
        bool pending = false;  // asked again while running: run once more when it ends
    };
    void computeInsideStep();
    void computeTokenPath();
    template <typename Compute, typename Show>
    void runJob(Job TeachingPanels::*job, void (TeachingPanels::*again)(), Compute compute, Show show);
    bool recordToShow(StepRecordPtr& record, ModelPtr& model, QString& message) const;

    Controller* m_controller;
    views::InsideStepView* m_insideStep = nullptr;
    views::KvCacheView* m_kvCache = nullptr;
    QScrollArea* m_kvScroll = nullptr;
    views::TokenPathView* m_tokenPath = nullptr;
    Job m_insideJob;
    Job m_pathJob;
};

}  // namespace attnscope::app
