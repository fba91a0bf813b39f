#pragma once
// The controller: on the UI thread, it holds the timeline of step records and the selection
// (which step, layer, head and query token), and is the only thing that talks to the worker.
// Views follow its signals; clicks in views come back to it as requests.

#include <QObject>
#include <QThread>
#include <QTimer>

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
    // The other lines of steps: what the timeline held before it was cut by generating or
    // forcing from an earlier step, or before another branch was switched to. Each runs from
    // step 0; none is contained in the timeline (a line that becomes part of it is dropped).
    using Line = std::vector<StepRecordPtr>;
    const std::vector<Line>& branches() const { return m_branches; }
    // The first step at which a branch differs from the timeline (where it forks off).
    int forkStep(int branch) const;
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
    // Per position of the text on screen: the heads switched off in the step that chose it
    // (views::headsOffText; "" for none and for the prompt).
    std::vector<QString> headsOffPerPosition() const;

    // The heads generation runs with switched off (setAblation), empty: all on.
    const AblationSet& ablation() const { return m_ablation; }

    // --- generation settings (the window's controls write these)
    GenerationRequest& settings() { return m_settings; }
    const GenerationRequest& settings() const { return m_settings; }

public slots:
    void loadModel(const QString& folder);
    void generate();        // run until maxNewTokens, the end of the context, or pause
    void pause();
    void stepOnce();        // exactly one token
    void back();            // show the previous step (generating again from there branches)
    void forward();         // show the next step of the line on screen; generates nothing
    // True when the next Generate or Step starts over (the prompt was edited since the text on
    // screen was made), which ends that text and its branches.
    bool runWouldStartOver() const { return !m_timeline.empty() && m_settings.prompt != m_timelinePrompt; }
    bool canGoForward() const { return m_current >= 0 && m_current + 1 < static_cast<int>(m_timeline.size()); }
    void reset();           // forget the timeline; the next Generate runs the prompt anew
    void scrubTo(int step);
    // Shows branch `index` as the timeline (the timeline becomes a branch), at its fork step.
    // Generating then continues that branch. Ignored while generating or loading.
    void switchToBranch(int index);
    void forceToken(int token);  // S1: continue from this candidate instead
    void setSelection(const attnscope::views::Selection& selection);
    void selectQuery(int position);
    void selectHead(int layer, int head);
    void setAblation(const attnscope::AblationSet& ablation);  // for the steps generated from now on
    // Makes a saved timeline again (opening a workspace): replaces the timeline with the steps
    // the model makes from `prompt` and the stored choices, then shows `currentStep`.
    // timelineRestored reports where the numbers differ from the stored ones.
    void restoreTimeline(const QString& prompt, bool specialsAsText, const std::vector<std::int32_t>& promptTokens,
                         const std::vector<attnscope::workspace::StepChoice>& steps,
                         const std::vector<std::vector<attnscope::workspace::StepChoice>>& branches, int currentStep);

signals:
    void modelChanged(const attnscope::app::ModelPtr& model);
    void loadingChanged(bool loading, const QString& folder);
    void loadProgress(double fraction, const QString& stage);
    void loadFailed(const QString& folder, const QString& message);
    void loadWarnings(const QStringList& warnings);
    void generatingChanged(bool generating);
    void timelineChanged();                                  // records appended, replaced or dropped
    void branchesChanged();
    void currentRecordChanged(const attnscope::StepRecordPtr& record);
    void selectionChanged(const attnscope::views::Selection& selection);
    void message(const QString& text);                      // for the status bar
    void errorOccurred(const QString& text);
    // The loaded model's files changed on disk (Gpt2Model::changedFiles); said once per change.
    // Runs go on with the weights read at load; opening the folder again uses the new files.
    void modelFilesChanged(const QStringList& changes);
    void timelineRestored(const QStringList& differences);

private:
    void onStepReady(const StepRecordPtr& record, quint64 runId);
    void onStepReplaced(const StepRecordPtr& record, quint64 runId);
    void onModelLoaded(const ModelPtr& model, const QStringList& warnings);
    void onStopped(const QString& reason, quint64 runId);
    void onFailed(const QString& message, quint64 runId);
    void onReplayFinished(const QStringList& differences);
    void onBranchReplayed(const Line& line);
    void runWorker(GenerationRequest request);
    bool checkModelFiles();  // false: the run must not start
    void setCurrent(int step);
    void setGenerating(bool generating);
    void releaseMemoryWhenFree();  // polled after Reset
    void keepAsBranch(const Line& line);  // unless another branch already holds it
    void dropBranchesInTimeline();
    void clearBranches();
    Line lineToCurrent() const;           // steps 0..current

    QThread m_thread;
    GenerationWorker* m_worker = nullptr;  // lives on m_thread, deleted when it finishes
    ModelPtr m_model;
    bool m_loading = false;
    QStringList m_reportedFileChanges;  // of the loaded model, said already
    bool m_generating = false;
    std::vector<StepRecordPtr> m_timeline;
    std::vector<Line> m_branches;
    AblationSet m_ablation;
    std::weak_ptr<const PositionRecord> m_releaseWatch;  // the reset text's first position
    QTimer m_releaseTimer;
    int m_releasePolls = 0;
    int m_current = -1;
    views::Selection m_selection;
    GenerationRequest m_settings;
    QString m_timelinePrompt;  // the prompt the timeline was made from
    bool m_timelineSpecialsAsText = false;
    int m_restoreStep = -1;                 // the step to show when a restored timeline is complete
    // Every request to the worker is a run with an id, counted up from 1; its steps and its end
    // come back with that id, so nothing of an older run is mistaken for the newest one.
    std::uint64_t m_lastRunId = 0;          // the latest run handed to the worker
    std::uint64_t m_dropStepsThrough = 0;   // steps of runs up to this one belong to a text Reset forgot
    // Decode speed of the current run: generated steps over the time the core spent on them (the
    // steps' computeSeconds), so the pace between tokens does not count; replays are not measured.
    void startMeasuringRate(bool measure);
    bool m_measuringRate = false;
    int m_rateSteps = 0;
    double m_rateSeconds = 0;
    double m_tokensPerSecond = 0;
};

}  // namespace attnscope::app
