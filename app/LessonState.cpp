#include "app/LessonState.h"

namespace attnscope::app {

bool GenerationSettings::operator==(const GenerationSettings& o) const {
    const SamplingSettings& a = sampling;
    const SamplingSettings& b = o.sampling;
    return prompt == o.prompt && specialsAsText == o.specialsAsText && a.greedy == b.greedy && a.temperature == b.temperature &&
           a.topK == b.topK && a.topP == b.topP && a.seed == b.seed && maxNewTokens == o.maxNewTokens && paceMs == o.paceMs;
}

void LessonState::setSettings(const GenerationSettings& settings) {
    if (settings == m_settings) return;
    m_settings = settings;
    emit settingsChanged();
}

void LessonState::setSelection(const views::Selection& selection) {
    if (selection == m_selection) return;
    m_selection = selection;
    emit selectionChanged(m_selection);
}

void LessonState::setHeadsOff(const HeadsOff& headsOff) {
    if (headsOff == m_headsOff) return;
    m_headsOff = headsOff;
    emit headsOffChanged();
}

void LessonState::setDisplay(const DisplayOptions& display) {
    if (display == m_display) return;
    m_display = display;
    emit displayChanged();
}

void LessonState::resetForModel() {
    setHeadsOff({});
    setSelection({});
}

workspace::Controls LessonState::controls() const {
    const GenerationSettings& s = m_settings;
    return {s.prompt.toStdString(), s.specialsAsText, s.sampling.greedy, s.sampling.temperature, s.sampling.topK,
            s.sampling.topP, static_cast<std::int64_t>(s.sampling.seed), s.maxNewTokens, s.paceMs / 100};
}

void LessonState::setControls(const workspace::Controls& c) {
    editSettings([&](GenerationSettings& s) {
        s.prompt = QString::fromStdString(c.prompt);
        s.specialsAsText = c.specialsAsText;
        s.sampling = {c.greedy, static_cast<float>(c.temperature), c.topK, static_cast<float>(c.topP), static_cast<std::uint64_t>(c.seed)};
        s.maxNewTokens = c.maxNewTokens;
        s.paceMs = c.paceTenths * 100;
    });
}

workspace::GenerationAblation LessonState::ablation() const {
    workspace::GenerationAblation a{m_headsOff.generateWithHeadsOff, m_headsOff.meanMode, m_headsOff.checked, {}};
    for (const HeadAblation& h : m_headsOff.active) a.active.push_back({h.layer, h.head, h.replacement});
    return a;
}

void LessonState::setAblation(const workspace::GenerationAblation& a) {
    HeadsOff h{a.checked, a.meanMode, a.generateWithHeadsOff, {}};
    for (const workspace::HeadOff& off : a.active) h.active.push_back({off.layer, off.head, off.replacement});
    setHeadsOff(h);
}

}  // namespace attnscope::app
