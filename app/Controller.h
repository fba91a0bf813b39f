#pragma once
// The controller: on the UI thread, it holds the timeline of step records and the selection
// (which step, layer, head and query token), and is the only thing that talks to the worker.
// Views follow its signals; clicks in views come back to it as requests.

#include <QElapsedTimer>
#include <QObject>
#include <QThread>

#include <memory>
#include <vector>

#include "app/GenerationWorker.h"
#include "views/ViewTypes.h"

namespace attnscope::app {

class Controller : public QObject {
    Q_OBJECT
public:
    explicit Controller(QObject* parent = nullptr);
    ~Controller() override;  // stops the worker: abort, then quit its thread, then wait

    // --- state, read by the window and the views
    ModelPtr model() const { return m_model; }
    bool isLoading() const { return m_loading; }
    bool isGenerating() const { return m_generating; }
    const std::vector<StepRecordPtr>& timeline() const { return m_timeline; }
    int currentStep() const { return m_current; }
    StepRecordPtr currentRecord() const;
    const views::Selection& selection() const { return m_selection; }
    QString timelinePrompt() const { return m_timelinePrompt; }
    bool timelineSpecialsAsText() const { return m_timelineSpecialsAsText; }
    int promptLength() const { return m_timeline.empty() ? 0 : m_timeline.front()->length(); }
    double tokensPerSecond() const { return m_tokensPerSecond; }
    views::TokenNamer namer() const;
    // Per position of the current record's text: the probability the token had when it was
    // chosen, and how it was chosen (NaN / Greedy for prompt tokens).
    std::vector<float> chosenProbabilities() const;
    std::vector<ChoiceKind> choiceKinds() const;

    // --- generation settings (the window's controls write these)
    GenerationRequest& settings() { return m_settings; }
    const GenerationRequest& settings() const { return m_settings; }

public slots:
    void loadModel(const QString& folder);
    void generate();        // run until maxNewTokens, the end of the context, or pause
    void pause();
    void stepOnce();        // exactly one token
    void back();            // show the previous step (generating again from there branches)
    void reset();           // forget the timeline; the next Generate runs the prompt anew
    void scrubTo(int step);
    void forceToken(int token);  // S1: continue from this candidate instead
    void setSelection(const attnscope::views::Selection& selection);
    void selectQuery(int position);
    void selectHead(int layer, int head);
    void setAblation(const attnscope::AblationSet& ablation);  // for the steps generated from now on
    // Makes a saved timeline again (opening a workspace): replaces the timeline with the steps
    // the model makes from `prompt` and the stored choices, then shows `currentStep`.
    // timelineRestored reports where the numbers differ from the stored ones.
    void restoreTimeline(const QString& prompt, bool specialsAsText, const std::vector<std::int32_t>& promptTokens,
                         const std::vector<attnscope::workspace::StepChoice>& steps, int currentStep);

signals:
    void modelChanged(const attnscope::app::ModelPtr& model);
    void loadingChanged(bool loading, const QString& folder);
    void loadProgress(double fraction, const QString& stage);
    void loadFailed(const QString& folder, const QString& message);
    void loadWarnings(const QStringList& warnings);
    void generatingChanged(bool generating);
    void timelineChanged();                                  // records appended, replaced or dropped
    void currentRecordChanged(const attnscope::StepRecordPtr& record);
    void selectionChanged(const attnscope::views::Selection& selection);
    void message(const QString& text);                      // for the status bar
    void errorOccurred(const QString& text);
    void timelineRestored(const QStringList& differences);

private:
    void onStepReady(const StepRecordPtr& record);
    void onStepReplaced(const StepRecordPtr& record);
    void onModelLoaded(const ModelPtr& model, const QStringList& warnings);
    void onStopped(const QString& reason);
    void onReplayFinished(const QStringList& differences);
    void runWorker(GenerationRequest request);
    void setCurrent(int step);
    void setGenerating(bool generating);

    QThread m_thread;
    GenerationWorker* m_worker = nullptr;  // lives on m_thread, deleted when it finishes
    ModelPtr m_model;
    bool m_loading = false;
    bool m_generating = false;
    std::vector<StepRecordPtr> m_timeline;
    int m_current = -1;
    views::Selection m_selection;
    GenerationRequest m_settings;
    QString m_timelinePrompt;  // the prompt the timeline was made from
    bool m_timelineSpecialsAsText = false;
    int m_restoreStep = -1;
    bool m_dropStepsUntilStopped = false;  // after Reset during a run    // the step to show when a restored timeline is complete
    QElapsedTimer m_rateClock;
    int m_rateSteps = 0;
    double m_tokensPerSecond = 0;
};

}  // namespace attnscope::app
