#include "app/WorkspaceFile.h"

#include <cmath>
#include <limits>
#include <sstream>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "model/Errors.h"
#include "model/Forward.h"

namespace attnscope::workspace {
namespace {

using nlohmann::json;

const char* kindName(ChoiceKind kind) {
    switch (kind) {
        case ChoiceKind::Greedy: return "greedy";
        case ChoiceKind::Sampled: return "sampled";
        case ChoiceKind::Forced: return "forced";
    }
    return "greedy";
}

// A number in a message, as an ostream writes it by default (what the messages have always shown).
std::string numberText(double x) {
    std::ostringstream s;
    s << x;
    return s.str();
}

json samplingToJson(const SamplingSettings& s) {
    return {{"greedy", s.greedy}, {"temperature", s.temperature}, {"top_k", s.topK}, {"top_p", s.topP}, {"seed", s.seed}};
}

// Reads fields of one JSON object, naming the whole path in every error
// ("lesson.attnscope: field \"steps[3].sampling.temperature\" is a string, expected a number").
class Reader {
public:
    Reader(const json& object, std::string origin, std::string path) : m_j(object), m_origin(std::move(origin)), m_path(std::move(path)) {
        if (m_j.is_object()) return;
        if (m_path.empty()) {
            throw FormatError(Message(QT_TRANSLATE_NOOP("core", "%1: the file is %2, expected an object"), m_origin, m_j.type_name()));
        }
        throw FormatError(Message(QT_TRANSLATE_NOOP("core", "%1: field \"%2\" is %3, expected an object"), m_origin, m_path, m_j.type_name()));

    }

    const json& required(const char* key) const {
        const auto it = m_j.find(key);
        if (it == m_j.end()) throw FormatError(Message(QT_TRANSLATE_NOOP("core", "%1: missing field \"%2\""), m_origin, name(key)));
        return *it;
    }
    bool has(const char* key) const { return m_j.contains(key); }

    std::int64_t integer(const char* key, std::int64_t lo, std::int64_t hi) const {
        const json& v = required(key);
        if (!v.is_number_integer()) wrongType(key, v, QT_TRANSLATE_NOOP("core", "is %1, expected an integer"));
        const std::int64_t x = v.is_number_unsigned() && v.get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())
                                   ? std::numeric_limits<std::int64_t>::max()
                                   : v.get<std::int64_t>();
        if (x < lo || x > hi) fail(key, Message(QT_TRANSLATE_NOOP("core", "is %1, expected %2..%3"), x, lo, hi));
        return x;
    }
    std::uint64_t unsignedInteger(const char* key) const {
        const json& v = required(key);
        if (!v.is_number_integer() || (v.is_number_integer() && !v.is_number_unsigned() && v.get<std::int64_t>() < 0)) {
            wrongType(key, v, QT_TRANSLATE_NOOP("core", "is %1, expected a non-negative integer"));
        }
        return v.get<std::uint64_t>();
    }
    double number(const char* key, double lo, double hi) const {
        const json& v = required(key);
        if (!v.is_number()) wrongType(key, v, QT_TRANSLATE_NOOP("core", "is %1, expected a number"));
        const double x = v.get<double>();
        if (!std::isfinite(x) || x < lo || x > hi)
            fail(key, Message(QT_TRANSLATE_NOOP("core", "is %1, expected %2..%3"), numberText(x), numberText(lo), numberText(hi)));
        return x;
    }
    bool boolean(const char* key) const {
        const json& v = required(key);
        if (!v.is_boolean()) wrongType(key, v, QT_TRANSLATE_NOOP("core", "is %1, expected true or false"));
        return v.get<bool>();
    }
    std::string string(const char* key) const {
        const json& v = required(key);
        if (!v.is_string()) wrongType(key, v, QT_TRANSLATE_NOOP("core", "is %1, expected a string"));
        std::string s = v.get<std::string>();
        if (s.size() > kMaxStringBytes) fail(key, Message(QT_TRANSLATE_NOOP("core", "is longer than %1 bytes"), kMaxStringBytes));
        return s;
    }
    const json& array(const char* key, std::size_t maxSize) const {
        const json& v = required(key);
        if (!v.is_array()) wrongType(key, v, QT_TRANSLATE_NOOP("core", "is %1, expected an array"));
        if (v.size() > maxSize)
            fail(key, Message(QT_TRANSLATE_NOOP("core", "has %1 entries, at most %2 are allowed"), v.size(), maxSize));
        return v;
    }
    Reader object(const char* key) const { return Reader(required(key), m_origin, name(key)); }
    Reader element(const json& v, const char* arrayKey, std::size_t i) const {
        return Reader(v, m_origin, name(arrayKey) + "[" + std::to_string(i) + "]");
    }
    std::string name(const char* key) const { return m_path.empty() ? key : m_path + "." + key; }
    // `what` says what is wrong with the field: "is 7, expected 0..5".
    [[noreturn]] void fail(const std::string& key, const Message& what) const {
        throw FormatError(Message(QT_TRANSLATE_NOOP("core", "%1: field \"%2\" %3"), m_origin, name(key.c_str()), what));
    }

private:
    // `isTypeExpected`: a template marked with QT_TRANSLATE_NOOP, %1 standing for the JSON type that was found
    // ("is %1, expected a string").
    [[noreturn]] void wrongType(const char* key, const json& v, const char* isTypeExpected) const {
        fail(key, Message(isTypeExpected, v.type_name()));
    }
    const json& m_j;
    std::string m_origin;
    std::string m_path;
};

SamplingSettings readSampling(const Reader& r) {
    SamplingSettings s;
    s.greedy = r.boolean("greedy");
    s.temperature = static_cast<float>(r.number("temperature", 0.0, 100.0));
    s.topK = static_cast<int>(r.integer("top_k", 0, 1 << 24));
    s.topP = static_cast<float>(r.number("top_p", 0.0, 1.0));
    s.seed = r.unsignedInteger("seed");
    return s;
}

ChoiceKind readKind(const Reader& r) {
    const std::string kind = r.string("choice");
    if (kind == "greedy") return ChoiceKind::Greedy;
    if (kind == "sampled") return ChoiceKind::Sampled;
    if (kind == "forced") return ChoiceKind::Forced;
    r.fail("choice", Message(QT_TRANSLATE_NOOP("core", "is \"%1\", expected \"greedy\", \"sampled\" or \"forced\""), kind));
}

json headsToJson(const std::vector<HeadOff>& heads) {
    json out = json::array();
    for (const HeadOff& h : heads) {
        json one = {{"layer", h.layer}, {"head", h.head}};
        if (!h.replacement.empty()) one["replacement"] = h.replacement;
        out.push_back(one);
    }
    return out;
}

json stepsToJson(const std::vector<StepChoice>& choices) {
    json steps = json::array();
    for (const StepChoice& s : choices) {
        json step = {{"token", s.token}, {"choice", kindName(s.kind)}, {"probability", s.probability}, {"sampling", samplingToJson(s.sampling)}};
        if (!s.headsOff.empty()) step["heads_off"] = headsToJson(s.headsOff);
        steps.push_back(step);
    }
    return steps;
}

std::vector<HeadOff> readHeads(const Reader& r, const char* key) {
    std::vector<HeadOff> heads;
    const json& list = r.array(key, kMaxHeadsOff);
    for (std::size_t i = 0; i < list.size(); ++i) {
        const Reader h = r.element(list[i], key, i);
        HeadOff head;
        head.layer = static_cast<int>(h.integer("layer", 0, 1 << 16));
        head.head = static_cast<int>(h.integer("head", 0, 1 << 16));
        if (h.has("replacement")) {
            const json& values = h.array("replacement", kMaxReplacement);
            for (std::size_t v = 0; v < values.size(); ++v) {
                if (!values[v].is_number() || !std::isfinite(values[v].get<double>()) || std::abs(values[v].get<double>()) > 1e30) {
                    h.fail("replacement", Message(QT_TRANSLATE_NOOP("core", "entry %1 is not a finite number"), v));
                }
                head.replacement.push_back(static_cast<float>(values[v].get<double>()));
            }
        }
        heads.push_back(std::move(head));
    }
    return heads;
}

std::vector<StepChoice> readSteps(const Reader& t, const json& steps, const char* key) {
    std::vector<StepChoice> out;
    for (std::size_t i = 0; i < steps.size(); ++i) {
        const Reader s = t.element(steps[i], key, i);
        StepChoice choice;
        choice.token = static_cast<std::int32_t>(s.integer("token", 0, 1 << 24));
        choice.kind = readKind(s);
        choice.probability = static_cast<float>(s.number("probability", 0.0, 1.0));
        choice.sampling = readSampling(s.object("sampling"));
        if (s.has("heads_off")) choice.headsOff = readHeads(s, "heads_off");
        out.push_back(std::move(choice));
    }
    return out;
}

}  // namespace

namespace {

json controlsObject(const Controls& c) {
    return {{"prompt", c.prompt}, {"specials_as_text", c.specialsAsText}, {"greedy", c.greedy}, {"temperature", c.temperature},
            {"top_k", c.topK}, {"top_p", c.topP}, {"seed", c.seed}, {"max_new_tokens", c.maxNewTokens}, {"pace_tenths", c.paceTenths}};
}

Controls readControls(const Reader& c) {
    Controls controls;
    controls.prompt = c.string("prompt");
    controls.specialsAsText = c.boolean("specials_as_text");
    controls.greedy = c.boolean("greedy");
    controls.temperature = c.number("temperature", 0.0, 100.0);
    controls.topK = static_cast<int>(c.integer("top_k", 0, 1 << 24));
    controls.topP = c.number("top_p", 0.0, 1.0);
    controls.seed = c.integer("seed", 0, std::numeric_limits<std::int64_t>::max());
    controls.maxNewTokens = static_cast<int>(c.integer("max_new_tokens", 1, 1 << 20));
    controls.paceTenths = static_cast<int>(c.integer("pace_tenths", 0, 600));
    return controls;
}

}  // namespace

std::string controlsToJson(const Controls& controls) {
    return controlsObject(controls).dump(-1, ' ', false, json::error_handler_t::replace);
}

Controls controlsFromJson(std::string_view text, const std::string& origin) {
    json j;
    try {
        j = json::parse(text.begin(), text.end());
    } catch (const json::exception& e) {
        throw FormatError(Message(QT_TRANSLATE_NOOP("core", "%1: not valid JSON (%2)"), origin, e.what()));
    }
    return readControls(Reader(j, origin, ""));
}

StepChoice choiceOf(const StepRecord& record) {
    StepChoice c{record.chosen, record.choice, record.chosenProbability, record.sampling, {}};
    for (HeadAblation& h : ablationOf(record)) c.headsOff.push_back({h.layer, h.head, std::move(h.replacement)});
    return c;
}

std::string toJson(const Workspace& w) {
    const json steps = stepsToJson(w.steps);
    json branches = json::array();
    for (const auto& branch : w.branches) branches.push_back(stepsToJson(branch));
    json checked = json::array();
    for (const auto& [layer, head] : w.ablation.checked) checked.push_back({layer, head});
    json j = {
        {"format", kFormatName},
        {"version", kFormatVersion},
        {"model", {{"folder", w.modelFolder}, {"name", w.modelName}, {"fingerprint", w.modelFingerprint}}},
        {"controls", controlsObject(w.controls)},
        {"timeline",
         {{"prompt", w.timelinePrompt}, {"specials_as_text", w.timelineSpecialsAsText}, {"prompt_tokens", w.promptTokens},
          {"steps", steps}, {"branches", branches}, {"current_step", w.currentStep}}},
        {"ablation",
         {{"generate_with_heads_off", w.ablation.generateWithHeadsOff}, {"mode", w.ablation.meanMode ? "mean" : "zero"},
          {"checked", checked}, {"active", headsToJson(w.ablation.active)}}},
        {"selection", {{"layer", w.selection.layer}, {"head", w.selection.head}, {"average_heads", w.selection.averageHeads}, {"query", w.selection.query}}},
        {"layout",
         {{"window_geometry", w.layout.windowGeometry}, {"window_state", w.layout.windowState}, {"center_tab", w.layout.centerTab},
          {"stepper_stage", w.layout.stepperStage}}},
    };
    // Invalid UTF-8 in a prompt (the editor can hold it) is replaced rather than refused: the
    // save must not fail over it.
    return j.dump(1, ' ', false, json::error_handler_t::replace) + "\n";
}

Workspace fromJson(std::string_view text, const std::string& origin) {
    if (text.size() > kMaxFileBytes)
        throw FormatError(Message(QT_TRANSLATE_NOOP("core", "%1: the file is larger than %2 MiB; a workspace is a few KB"), origin,
                                  kMaxFileBytes >> 20));
    // The DOM is bounded while it is built: 60 MB of '[' reached 4.6 GB before the checks below
    // could refuse it. A workspace nests 8 deep at most (timeline/branches/line/step/heads_off/
    // head/replacement) and holds far fewer values than kMaxJsonValues.
    struct TooMuch {
        Message what;
    };
    std::size_t values = 0;
    json j;
    try {
        j = json::parse(text.begin(), text.end(), [&](int depth, json::parse_event_t event, json&) {
            if ((event == json::parse_event_t::object_start || event == json::parse_event_t::array_start) && depth >= kMaxJsonDepth) {
                throw TooMuch{Message(QT_TRANSLATE_NOOP("core", "nests deeper than a workspace does (%1 levels)"), kMaxJsonDepth)};
            }
            if (event == json::parse_event_t::value && ++values > kMaxJsonValues) {
                throw TooMuch{Message(QT_TRANSLATE_NOOP("core", "holds more than %1 values, more than a workspace can"), kMaxJsonValues)};
            }
            return true;
        });
    } catch (const TooMuch& e) {
        throw FormatError(Message(QT_TRANSLATE_NOOP("core", "%1: %2"), origin, e.what));
    } catch (const json::exception& e) {  // parse_error, and out_of_range for a number like 1e3007
        throw FormatError(Message(QT_TRANSLATE_NOOP("core", "%1: not valid JSON (%2)"), origin, e.what()));
    }
    const Reader root(j, origin, "");
    if (!root.has("format") || !root.required("format").is_string() || root.required("format").get<std::string>() != kFormatName) {
        throw FormatError(Message(QT_TRANSLATE_NOOP("core", "%1: not an attnscope workspace (field \"format\" must be \"%2\")"), origin,
                                  kFormatName));
    }
    const auto version = root.integer("version", 1, std::numeric_limits<int>::max());
    if (version > kFormatVersion) {
        throw FormatError(Message(QT_TRANSLATE_NOOP("core", "%1: written by a newer attnscope (workspace version %2); this one reads "
                                                            "version %3"),
                                  origin, version, kFormatVersion));
    }

    Workspace w;
    const Reader model = root.object("model");
    w.modelFolder = model.string("folder");
    w.modelName = model.string("name");
    w.modelFingerprint = model.string("fingerprint");

    w.controls = readControls(root.object("controls"));

    const Reader t = root.object("timeline");
    w.timelinePrompt = t.string("prompt");
    w.timelineSpecialsAsText = t.boolean("specials_as_text");
    const json& tokens = t.array("prompt_tokens", kMaxPromptTokens);
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        if (!tokens[i].is_number_integer() || tokens[i].get<std::int64_t>() < 0 || tokens[i].get<std::int64_t>() > (1 << 24)) {
            t.fail("prompt_tokens",
                   Message(QT_TRANSLATE_NOOP("core", "entry %1 is not a token id (expected an integer 0..%2)"), i, 1 << 24));
        }
        w.promptTokens.push_back(static_cast<std::int32_t>(tokens[i].get<std::int64_t>()));
    }
    w.steps = readSteps(t, t.array("steps", kMaxSteps), "steps");
    w.currentStep = static_cast<int>(t.integer("current_step", -1, static_cast<std::int64_t>(w.steps.size()) - 1));
    if (!w.steps.empty() && w.promptTokens.empty())
        t.fail("prompt_tokens", Message(QT_TRANSLATE_NOOP("core", "is empty, but there are steps made from a prompt")));
    if (version >= 2) {
        const json& branches = t.array("branches", kMaxBranches);
        std::size_t total = w.steps.size();
        for (std::size_t b = 0; b < branches.size(); ++b) {
            const std::string key = "branches[" + std::to_string(b) + "]";
            if (!branches[b].is_array() || branches[b].empty())
                t.fail(key, Message(QT_TRANSLATE_NOOP("core", "is not a non-empty array of steps")));
            if (w.steps.empty()) t.fail(key, Message(QT_TRANSLATE_NOOP("core", "is a branch, but the timeline has no steps")));
            total += branches[b].size();
            if (total > kMaxSteps) t.fail(key, Message(QT_TRANSLATE_NOOP("core", "makes more than %1 steps in all"), kMaxSteps));
            w.branches.push_back(readSteps(t, branches[b], key.c_str()));
        }
        const Reader a = root.object("ablation");
        w.ablation.generateWithHeadsOff = a.boolean("generate_with_heads_off");
        const std::string mode = a.string("mode");
        if (mode != "zero" && mode != "mean")
            a.fail("mode", Message(QT_TRANSLATE_NOOP("core", "is \"%1\", expected \"zero\" or \"mean\""), mode));
        w.ablation.meanMode = mode == "mean";
        const json& checked = a.array("checked", kMaxHeadsOff);
        for (std::size_t i = 0; i < checked.size(); ++i) {
            const json& pair = checked[i];
            if (!pair.is_array() || pair.size() != 2 || !pair[0].is_number_unsigned() || !pair[1].is_number_unsigned() ||
                pair[0].get<std::uint64_t>() > (1 << 16) || pair[1].get<std::uint64_t>() > (1 << 16)) {
                a.fail("checked",
                       Message(QT_TRANSLATE_NOOP("core", "entry %1 is not a [layer, head] pair of small non-negative integers"), i));
            }
            w.ablation.checked.emplace_back(pair[0].get<int>(), pair[1].get<int>());
        }
        w.ablation.active = readHeads(a, "active");
    }

    const Reader sel = root.object("selection");
    w.selection.layer = static_cast<int>(sel.integer("layer", 0, 1 << 16));
    w.selection.head = static_cast<int>(sel.integer("head", 0, 1 << 16));
    w.selection.averageHeads = sel.boolean("average_heads");
    w.selection.query = static_cast<int>(sel.integer("query", -1, 1 << 24));

    const Reader layout = root.object("layout");
    w.layout.windowGeometry = layout.string("window_geometry");
    w.layout.windowState = layout.string("window_state");
    w.layout.centerTab = static_cast<int>(layout.integer("center_tab", 0, 16));
    w.layout.stepperStage = static_cast<int>(layout.integer("stepper_stage", 0, 16));
    return w;
}

std::size_t positionsToRemake(const Workspace& w) {
    if (w.steps.empty()) return 0;
    const std::size_t prompt = std::max<std::size_t>(1, w.promptTokens.size());
    auto lineCost = [&](std::size_t steps, std::size_t shared) {
        if (steps <= shared) return std::size_t{0};
        return (shared == 0 ? prompt + steps - 1 : steps - shared);
    };
    std::size_t total = lineCost(w.steps.size(), 0);
    std::vector<const std::vector<StepChoice>*> made{&w.steps};
    for (const auto& branch : w.branches) {
        std::size_t shared = 0;
        for (const auto* line : made) {
            std::size_t n = 0;
            const std::size_t limit = std::min(branch.size(), line->size());
            while (n < limit && branch[n].token == (*line)[n].token && branch[n].kind == (*line)[n].kind) ++n;
            shared = std::max(shared, n);
        }
        total += lineCost(branch.size(), shared);
        made.push_back(&branch);
    }
    return total;
}

}  // namespace attnscope::workspace
