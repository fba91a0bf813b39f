#pragma once
// Everything a person has set in the window, in one typed place: the generation settings, the
// selection (layer, head, query), the heads switched off, and the display options. The
// controller owns it; widgets show it and write to it, and follow its change signals; the
// workspace and the window's saved settings are made from it, never from the widgets.

#include <QObject>
#include <QString>

#include <utility>
#include <vector>

#include "app/WorkspaceFile.h"
#include "model/Forward.h"
#include "model/StepRecord.h"
#include "views/ViewTypes.h"

namespace attnscope::app {

// What the next run is made with.
struct GenerationSettings {
    QString prompt;
    bool specialsAsText = false;
    SamplingSettings sampling{true, 1.0f, 40, 1.0f, 0};
    int maxNewTokens = 40;   // tokens one run may add
    int paceMs = 0;          // pause between tokens, for a class to follow along
    bool operator==(const GenerationSettings& o) const;
};

// The "Switch heads off" panel, and what generation runs with.
struct HeadsOff {
    std::vector<std::pair<int, int>> checked;  // ticked in the panel (layer, head)
    bool meanMode = false;                     // replace by the head's mean output, not zeros
    bool generateWithHeadsOff = false;         // the panel's "keep generating with these heads off"
    AblationSet active;                        // what the next step runs with (empty: all heads on)
    bool operator==(const HeadsOff&) const = default;
};

struct DisplayOptions {
    bool logScale = false;  // the heatmaps' colour scale
    int centerTab = 0;      // Attention, Inside one step, KV cache, Token's path, Compare prompts
    int stepperStage = 0;   // "Inside one step"'s stage
    bool operator==(const DisplayOptions&) const = default;
};

class LessonState : public QObject {
    Q_OBJECT
public:
    explicit LessonState(QObject* parent = nullptr) : QObject(parent) {}

    const GenerationSettings& settings() const { return m_settings; }
    const views::Selection& selection() const { return m_selection; }
    const HeadsOff& headsOff() const { return m_headsOff; }
    const DisplayOptions& display() const { return m_display; }

    // Each setter says (by its signal) only when something changed.
    void setSettings(const GenerationSettings& settings);
    void setSelection(const views::Selection& selection);
    void setHeadsOff(const HeadsOff& headsOff);
    void setDisplay(const DisplayOptions& display);
    // Changes a copy of one part with `f` and sets it.
    template <typename F> void editSettings(F f) { GenerationSettings s = m_settings; f(s); setSettings(s); }
    template <typename F> void editHeadsOff(F f) { HeadsOff h = m_headsOff; f(h); setHeadsOff(h); }
    template <typename F> void editDisplay(F f) { DisplayOptions d = m_display; f(d); setDisplay(d); }

    // A new model: every head on, the first layer and head.
    void resetForModel();

    // The workspace file's form of each part (app/WorkspaceFile.h), and back.
    workspace::Controls controls() const;
    void setControls(const workspace::Controls& controls);
    workspace::GenerationAblation ablation() const;
    void setAblation(const workspace::GenerationAblation& ablation);

signals:
    void settingsChanged();
    void selectionChanged(const attnscope::views::Selection& selection);
    void headsOffChanged();
    void displayChanged();

private:
    GenerationSettings m_settings;
    views::Selection m_selection;
    HeadsOff m_headsOff;
    DisplayOptions m_display;
};

}  // namespace attnscope::app
