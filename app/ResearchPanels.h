#pragma once
// The research panels of the window (issue "exploring head behaviour"): head scores with the
// induction diagnostics, switching heads off, the logit lens and comparing two prompts. Each is
// computed on request or when its dock is looked at, on the thread pool, with the newest request
// winning; results come back to the UI thread as values.

#include <QObject>
#include <QPointer>

#include <functional>
#include <vector>

#include "model/Forward.h"
#include "model/StepRecord.h"
#include "views/ViewTypes.h"

class QDockWidget;
class QWidget;

namespace attnscope::views {
class AblationPanel;
class ComparePromptsView;
class FormationView;
class HeadScoresView;
class LogitLensView;
}  // namespace attnscope::views

namespace attnscope::app {

class Controller;

class ResearchPanels : public QObject {
    Q_OBJECT
public:
    // The panels are created as children of `widgetParent` (the window docks them).
    ResearchPanels(Controller* controller, QWidget* widgetParent);

    views::LogitLensView* logitLens() const { return m_lens; }
    views::HeadScoresView* headScores() const { return m_headScores; }
    views::AblationPanel* ablationPanel() const { return m_ablation; }
    views::ComparePromptsView* comparePrompts() const { return m_compare; }
    views::FormationView* formation() const { return m_formation; }
    // The shipped induction-formation series is measured the first time this dock is shown.
    void setFormationDock(QDockWidget* dock);
    void measureFormation();
    // Head scores are only computed while this dock is visible.
    void setHeadScoresDock(QDockWidget* dock);
    // Once computed, the lens follows the step on screen (recomputed while its dock is visible).
    void setLogitLensDock(QDockWidget* dock);

    // The temperature the next-token bars show: the ablation comparison is made at it.
    void setShownTemperature(std::function<float()> temperature) { m_shownTemperature = std::move(temperature); }

    void onModelChanged();                                   // a new model: every panel starts over
    void onSelectionChanged(const views::Selection& selection);
    void onRecordChanged();                                  // another step on screen (not while generating)
    void computeHeadScores();                                // the step on screen, if the dock is visible

private:
    void showHeadsOff();  // the lesson state's heads off, in the panel
    void computeLogitLens();
    void runDiagnostics();
    void showInductionOnly();
    AblationSet ablationFromPanel(const StepRecordPtr& record) const;
    void compareAblation();
    void comparePromptPair();

    Controller* m_controller;
    std::function<float()> m_shownTemperature;
    views::LogitLensView* m_lens = nullptr;
    views::HeadScoresView* m_headScores = nullptr;
    views::AblationPanel* m_ablation = nullptr;
    views::ComparePromptsView* m_compare = nullptr;
    views::FormationView* m_formation = nullptr;
    bool m_formationMeasured = false;
    QPointer<QDockWidget> m_headScoresDock;
    QPointer<QDockWidget> m_lensDock;
    bool m_lensWanted = false;                // the user asked for the lens: it then follows the step
    std::weak_ptr<const StepRecord> m_lensRecord;  // the step the lens on screen (or being computed) reads
    std::vector<double> m_inductionScores;  // from the last diagnostics run, for this model
    QString m_inductionSource;              // what they were measured on, in words
    // The newest request of each kind wins; older results are dropped when they arrive.
    int m_lensJob = 0;
    int m_scoresJob = 0;
    int m_diagnosticsJob = 0;  // apart from m_scoresJob: a step's scores must not drop a diagnostics run
    int m_ablationJob = 0;
    int m_compareJob = 0;
};

}  // namespace attnscope::app
