#pragma once
// The .attnscope workspace format (docs/workspace-format.md): everything a teacher needs to be
// back exactly where they were — the model (folder and a content fingerprint), the prompt and
// the sampling controls, every step's choice (chosen, sampled or forced, with the settings it was
// made with), the step on screen, the selection and the window layout.
//
// The steps' numbers are not stored: opening a workspace runs the model again over the stored
// choices, and compares what it gets with the stored probabilities, so a changed model or a
// changed attnscope is noticed instead of silently shown.
//
// Plain C++ (nlohmann-json), no Qt: the fuzz target and the model tests read it directly.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "model/StepRecord.h"

namespace attnscope::workspace {

inline constexpr const char* kFormatName = "attnscope-workspace";
// Version 2 added branches, the heads switched off for each step, and for generation.
inline constexpr int kFormatVersion = 2;
inline constexpr const char* kFileSuffix = ".attnscope";

// The control panel's settings, as the user set them.
struct Controls {
    std::string prompt;
    bool specialsAsText = false;
    bool greedy = true;
    double temperature = 1.0;
    int topK = 40;
    double topP = 1.0;
    std::int64_t seed = 0;
    int maxNewTokens = 40;
    int paceTenths = 0;  // pause between tokens, tenths of a second
};

// A head switched off: its output replaced by zeros (no replacement) or by a fixed vector.
struct HeadOff {
    int layer = 0;
    int head = 0;
    std::vector<float> replacement;
    bool operator==(const HeadOff&) const = default;
};

// What one step chose, and how: enough to make the same step again.
struct StepChoice {
    std::int32_t token = 0;
    ChoiceKind kind = ChoiceKind::Greedy;
    float probability = 0;        // the record's chosenProbability, to compare on replay
    SamplingSettings sampling;    // what the step was made with
    std::vector<HeadOff> headsOff;  // switched off in the step's forward pass
};

// The choices of one record: what a workspace stores of it.
StepChoice choiceOf(const StepRecord& record);

// The "Switch heads off" panel, and the heads that generation runs with.
struct GenerationAblation {
    bool generateWithHeadsOff = false;
    bool meanMode = false;                      // the panel's mode: mean output instead of zeros
    std::vector<std::pair<int, int>> checked;   // the panel's ticked heads
    std::vector<HeadOff> active;                // what the next step runs with (empty: all heads on)
};

struct Selection {
    int layer = 0;
    int head = 0;
    bool averageHeads = false;
    int query = -1;
};

struct Layout {
    std::string windowGeometry;  // QMainWindow::saveGeometry(), base64
    std::string windowState;     // QMainWindow::saveState(), base64
    int centerTab = 0;           // Attention, Inside one step, KV cache, Token's path
    int stepperStage = 0;
};

struct Workspace {
    std::string modelFolder;       // absolute path when saved
    std::string modelName;         // the folder's name, for messages
    std::string modelFingerprint;  // BLAKE2b-256 of the model's files, hex (model/Fingerprint.h)
    Controls controls;
    std::string timelinePrompt;                 // the prompt the steps were made from
    bool timelineSpecialsAsText = false;
    std::vector<std::int32_t> promptTokens;     // as tokenized when saved
    std::vector<StepChoice> steps;              // step 0 = the prompt's step
    std::vector<std::vector<StepChoice>> branches;  // the other lines, each from step 0
    int currentStep = -1;                       // -1: no step on screen
    GenerationAblation ablation;
    Selection selection;
    Layout layout;
};

// Serialises to the documented JSON (UTF-8, indented).
std::string toJson(const Workspace& workspace);

// Reads and validates a workspace. Throws FormatError naming `origin`, the field and what was
// expected; a file from a newer attnscope (a higher version) is refused with a message saying so.
Workspace fromJson(std::string_view text, const std::string& origin);

// The controls alone, in the same form as a workspace's "controls" object: how the window keeps
// them between runs (QSettings). Read with the same checks; FormatError names `origin`.
std::string controlsToJson(const Controls& controls);
Controls controlsFromJson(std::string_view text, const std::string& origin);

// Bounds that keep a hostile file from making the app allocate or replay without end.
inline constexpr std::size_t kMaxSteps = 1 << 16;
inline constexpr std::size_t kMaxBranches = 1 << 10;
inline constexpr std::size_t kMaxHeadsOff = 1 << 12;
inline constexpr std::size_t kMaxReplacement = 1 << 12;  // values per head (head_dim)
inline constexpr std::size_t kMaxPromptTokens = 1 << 16;
inline constexpr std::size_t kMaxStringBytes = 1 << 20;
inline constexpr std::size_t kMaxFileBytes = 64u << 20;
inline constexpr int kMaxJsonDepth = 8;                  // containers deeper than this are refused
inline constexpr std::size_t kMaxJsonValues = 1u << 22;  // numbers, strings, ... in the whole file

// Positions a replay of `w` records: the main line's prompt and steps, then each branch's steps
// beyond the first steps it shares with an earlier line (GenerationWorker::replay reuses those).
std::size_t positionsToRemake(const Workspace& w);

}  // namespace attnscope::workspace
