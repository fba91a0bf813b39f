#pragma once
// The controller: on the UI thread, it holds the timeline of step records (model/Timeline.h) and
// the lesson state (app/LessonState.h: settings, selection, heads off, display), and is the only
// thing that talks to the worker. Views follow its signals; clicks in views come back to it as requests.

#include <QObject>
#include <QThread>
#include <QTimer>

#include <memory>
#include <vector>

#include "app/GenerationWorker.h"
#include "app/LessonState.h"
#include "model/Timeline.h"
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
    // The text's steps: the line on screen, its branches and the step shown (model/Timeline.h).
    const Timeline& lines() const { return m_lines; }
    const std::vector<StepRecordPtr>& timeline() const { return m_lines.steps(); }
    using Line = Timeline::Line;
    const std::vector<Line>& branches() const { return m_lines.branches(); }
    int forkStep(int branch) const { return m_lines.forkStep(branch); }
    int currentStep() const { return m_lines.current(); }
    StepRecordPtr currentRecord() const { return m_lines.currentRecord(); }
    QString timelinePrompt() const { return QString::fromStdString(m_lines.prompt()); }
    bool timelineSpecialsAsText() const { return m_lines.specialsAsText(); }
    int promptLength() const { return m_lines.promptLength(); }
    double tokensPerSecond() const { return m_tokensPerSecond; }
    views::TokenNamer namer() const;
    // Per position of the current record's text (Timeline::chosenProbabilities and the others).
    std::vector<float> chosenProbabilities() const { return m_lines.chosenProbabilities(); }
    std::vector<ChoiceKind> choiceKinds() const { return m_lines.choiceKinds(); }
    // views::headsOffText of each position's step ("" for none and for the prompt).
    std::vector<QString> headsOffPerPosition() const;

    // What the person has set: generation settings, selection, heads off, display options.
    LessonState& state() { return *m_state; }
    const LessonState& state() const { return *m_state; }
    const views::Selection& selection() const { return m_state->selection(); }
    const GenerationSettings& settings() const { return m_state->settings(); }
    // The heads generation runs with switched off (state().headsOff().active), empty: all on.
    const AblationSet& ablation() const { return m_state->headsOff().active; }

public slots:
    void loadModel(const QString& folder);
    void generate();        // run until maxNewTokens, the end of the context, or pause
    void pause();
    void stepOnce();        // exactly one token
    void back();            // show the previous step (generating again from there branches)
    void forward();         // show the next step of the line on screen; generates nothing
    // True when the next Generate or Step starts over (the prompt was edited since the text on
    // screen was made), which ends that text and its branches.
    bool runWouldStartOver() const { return !m_lines.empty() && settings().prompt != timelinePrompt(); }
    bool canGoForward() const { return m_lines.canGoForward(); }
    void reset();           // forget the timeline; the next Generate runs the prompt anew
    void scrubTo(int step);
    // Shows branch `index` as the timeline (the timeline becomes a branch), at its fork step.
    // Generating then continues that branch. Ignored while generating or loading.
    void switchToBranch(int index);
    void forceToken(int token);  // S1: continue from this candidate instead
    void setSelection(const attnscope::views::Selection& selection);
    void selectQuery(int position);
    void selectHead(int layer, int head);
    // For the steps generated from now on (sets state().headsOff().active).
    void setAblation(const attnscope::AblationSet& ablation);
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
    void onHeadsOffChanged();
    void runWorker(GenerationRequest request);
    bool checkModelFiles();  // false: the run must not start
    // Says what a change of the timeline touched, one signal per part.
    void announce(const Timeline::Changes& changes);
    void startOver(const QString& prompt, bool specialsAsText);
    void setGenerating(bool generating);
    void releaseMemoryWhenFree();  // polled after Reset

    QThread m_thread;
    GenerationWorker* m_worker = nullptr;  // lives on m_thread, deleted when it finishes
    LessonState* m_state = nullptr;
    ModelPtr m_model;
    bool m_loading = false;
    QStringList m_reportedFileChanges;  // of the loaded model, said already
    bool m_generating = false;
    Timeline m_lines;
    AblationSet m_workerAblation;  // what the worker was last told to run with
    std::weak_ptr<const PositionRecord> m_releaseWatch;  // the reset text's first position
    QTimer m_releaseTimer;
    int m_releasePolls = 0;
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
