#pragma once
// The steps a person has made of one text, and where they are in it: the line of steps on screen,
// the step shown, and the other lines (branches) — what the line held before generating or
// forcing from an earlier step cut it, or before another branch was switched to.
//
// Every line runs from step 0 (the prompt's step); no branch is contained in the line on screen
// (a branch that becomes part of it is dropped), and no branch is contained in another.
// Plain C++ (no Qt): the app's controller keeps one and says what changed; the model tests cover it.

#include <cstdint>
#include <string>
#include <vector>

#include "model/Forward.h"
#include "model/StepRecord.h"

namespace attnscope {

class Timeline {
public:
    using Line = std::vector<StepRecordPtr>;

    // What a change touched, so that a caller can say so (one signal per part).
    struct Changes {
        bool steps = false;     // the line on screen
        bool branches = false;  // the other lines
        bool current = false;   // the step shown (or its record)
        Changes& operator|=(const Changes& o) {
            steps |= o.steps, branches |= o.branches, current |= o.current;
            return *this;
        }
    };

    const Line& steps() const { return m_steps; }
    const std::vector<Line>& branches() const { return m_branches; }
    bool empty() const { return m_steps.empty(); }
    int size() const { return static_cast<int>(m_steps.size()); }
    int current() const { return m_current; }  // -1: no step shown
    StepRecordPtr currentRecord() const;
    bool canGoForward() const { return m_current >= 0 && m_current + 1 < size(); }
    // The prompt the steps were made from (the prompt box may have been edited since).
    const std::string& prompt() const { return m_prompt; }
    bool specialsAsText() const { return m_specialsAsText; }
    int promptLength() const { return m_steps.empty() ? 0 : m_steps.front()->length(); }
    // The steps 0..current: what generating from the step shown continues.
    Line lineToCurrent() const;
    // The first step at which branch `index` differs from the line on screen (where it forks off); -1: no such branch.
    int forkStep(int index) const;

    // Forgets every step and branch; the next steps are made from `prompt`.
    Changes startOver(const std::string& prompt, bool specialsAsText);
    // A new step. It follows step record->step - 1: later steps are dropped. A step that does not
    // follow the line (record->step beyond its end, from a run whose steps were cut meanwhile) is
    // ignored. The new step is shown.
    Changes append(const StepRecordPtr& record);
    // Step record->step chose another token (forced): the old line is kept as a branch unless it
    // made the same choice, and the line ends with `record`, which is shown.
    Changes replace(const StepRecordPtr& record);
    // Before generating from a step before the last: the later steps are kept as a branch and cut.
    Changes cutAfterCurrent();
    // Shows branch `index` as the line on screen, at its fork step; the line becomes a branch.
    Changes switchToBranch(int index);
    // Keeps `line` as a branch unless the line on screen or another branch holds it already
    // (opening a workspace hands its branches back this way).
    Changes addBranch(const Line& line);
    // Shows `step` (clamped to the line); Changes::current only where it moved.
    Changes show(int step);

    // Per position of the shown step's text: the probability the token had when it was chosen,
    // how it was chosen, and the heads switched off in the step that chose it (NaN / Greedy / none
    // for the prompt's tokens). Empty when no step is shown.
    std::vector<float> chosenProbabilities() const;
    std::vector<ChoiceKind> choiceKinds() const;
    std::vector<std::vector<std::pair<int, int>>> headsOffPerPosition() const;

private:
    Changes keepAsBranch(const Line& line);
    Changes dropBranchesInLine();
    template <typename Value, typename Of>
    std::vector<Value> perPosition(Value prompt, Of of) const;

    Line m_steps;
    std::vector<Line> m_branches;
    int m_current = -1;
    std::string m_prompt;
    bool m_specialsAsText = false;
};

}  // namespace attnscope
