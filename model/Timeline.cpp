#include "model/Timeline.h"

#include <algorithm>
#include <limits>

namespace attnscope {
namespace {

// Two records are the same step of the same text when they are the same object, or hold the
// same tokens and chose the same next token (a branch made again, e.g. opened from a file).
bool sameStep(const StepRecordPtr& a, const StepRecordPtr& b) {
    return a == b || (a && b && a->tokens == b->tokens && a->chosen == b->chosen);
}

// True when every step of `line` is also a step of `other`.
bool containedIn(const Timeline::Line& line, const Timeline::Line& other) {
    return !line.empty() && line.size() <= other.size() && sameStep(line.back(), other[line.size() - 1]);
}

int firstDifference(const Timeline::Line& a, const Timeline::Line& b) {
    std::size_t i = 0;
    while (i < a.size() && i < b.size() && sameStep(a[i], b[i])) ++i;
    return static_cast<int>(i);
}

}  // namespace

StepRecordPtr Timeline::currentRecord() const {
    if (m_current < 0 || m_current >= size()) return nullptr;
    return m_steps[static_cast<std::size_t>(m_current)];
}

Timeline::Line Timeline::lineToCurrent() const {
    if (m_current < 0) return {};
    return Line(m_steps.begin(), m_steps.begin() + std::min(m_current + 1, size()));
}

int Timeline::forkStep(int index) const {
    if (index < 0 || index >= static_cast<int>(m_branches.size())) return -1;
    return firstDifference(m_branches[static_cast<std::size_t>(index)], m_steps);
}

Timeline::Changes Timeline::startOver(const std::string& prompt, bool specialsAsText) {
    Changes c{!m_steps.empty(), !m_branches.empty(), m_current >= 0};
    m_steps.clear();
    m_branches.clear();
    m_current = -1;
    m_prompt = prompt;
    m_specialsAsText = specialsAsText;
    return c;
}

Timeline::Changes Timeline::append(const StepRecordPtr& record) {
    if (!record || record->step < 0 || record->step > size()) return {};
    m_steps.resize(static_cast<std::size_t>(record->step));
    m_steps.push_back(record);
    Changes c = dropBranchesInLine();
    c.steps = c.current = true;
    m_current = record->step;
    return c;
}

Timeline::Changes Timeline::replace(const StepRecordPtr& record) {
    if (!record || record->step < 0 || record->step >= size()) return {};
    Changes c;
    if (!sameStep(m_steps[static_cast<std::size_t>(record->step)], record)) c |= keepAsBranch(m_steps);
    m_steps.resize(static_cast<std::size_t>(record->step) + 1);
    m_steps.back() = record;
    c |= dropBranchesInLine();
    c.steps = c.current = true;  // the record shown is a new one even where the index is the same
    m_current = record->step;
    return c;
}

Timeline::Changes Timeline::cutAfterCurrent() {
    if (m_current < 0 || m_current + 1 >= size()) return {};
    Changes c = keepAsBranch(m_steps);
    m_steps.resize(static_cast<std::size_t>(m_current) + 1);
    c.steps = true;
    return c;
}

Timeline::Changes Timeline::switchToBranch(int index) {
    if (index < 0 || index >= static_cast<int>(m_branches.size())) return {};
    const Line target = m_branches[static_cast<std::size_t>(index)];
    const int fork = firstDifference(target, m_steps);
    m_branches.erase(m_branches.begin() + index);
    keepAsBranch(m_steps);
    m_steps = target;
    dropBranchesInLine();  // the line left, if the branch shown goes on from its end
    m_current = std::min(fork, size() - 1);
    return {true, true, true};
}

Timeline::Changes Timeline::addBranch(const Line& line) {
    if (containedIn(line, m_steps)) return {};
    return keepAsBranch(line);
}

Timeline::Changes Timeline::show(int step) {
    const int shown = std::clamp(step, empty() ? -1 : 0, size() - 1);
    if (shown == m_current) return {};
    m_current = shown;
    return {false, false, true};
}

Timeline::Changes Timeline::keepAsBranch(const Line& line) {
    if (line.empty()) return {};
    for (const Line& b : m_branches) {
        if (containedIn(line, b)) return {};
    }
    std::erase_if(m_branches, [&](const Line& b) { return containedIn(b, line); });
    m_branches.push_back(line);
    return {false, true, false};
}

Timeline::Changes Timeline::dropBranchesInLine() {
    Changes c;
    c.branches = std::erase_if(m_branches, [&](const Line& b) { return containedIn(b, m_steps); }) > 0;
    return c;
}

// Step s chose the token at position length(s); the steps before the shown one made its text.
template <typename Value, typename Of>
std::vector<Value> Timeline::perPosition(Value prompt, Of of) const {
    const StepRecordPtr record = currentRecord();
    if (!record) return {};
    std::vector<Value> values(record->tokens.size(), prompt);
    for (int s = 0; s < m_current; ++s) {
        const StepRecord& step = *m_steps[static_cast<std::size_t>(s)];
        if (step.length() < static_cast<int>(values.size())) values[static_cast<std::size_t>(step.length())] = of(step);
    }
    return values;
}

std::vector<float> Timeline::chosenProbabilities() const {
    return perPosition(std::numeric_limits<float>::quiet_NaN(), [](const StepRecord& s) { return s.chosenProbability; });
}

std::vector<ChoiceKind> Timeline::choiceKinds() const {
    return perPosition(ChoiceKind::Greedy, [](const StepRecord& s) { return s.choice; });
}

std::vector<std::vector<std::pair<int, int>>> Timeline::headsOffPerPosition() const {
    return perPosition(std::vector<std::pair<int, int>>{}, [](const StepRecord& s) { return s.ablatedHeads; });
}

}  // namespace attnscope
