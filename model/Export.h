#pragma once
// What an export says about itself, and the CSV exports, Qt-free beside the JSON trace so that
// the app and the headless command write the very same files.
//
// Provenance: the app's version, the model (its folder name and content fingerprint), the
// prompt the text was made from, the step, the layer and head, the sampling settings and the
// heads switched off. The app puts these fields into PNG text chunks, SVG metadata and PDF
// XMP; a CSV carries them as "# key: value" lines before its header row (pandas:
// read_csv(..., comment="#")).

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "model/Gpt2Model.h"
#include "model/StepRecord.h"

namespace attnscope {

// The app's version (CMake's project version).
std::string appVersion();

struct Provenance {
    std::string view;              // what was exported ("attention matrix", "next-token candidates", ...)
    std::string modelName;
    std::string modelFingerprint;  // hex BLAKE2b-256 of the model's files ("" if not computed)
    std::string prompt;            // the prompt the text was made from (not the prompt box's later edits)
    int step = -1;                 // -1: no step
    int textTokens = 0;            // the length of the step's text
    int layer = -1;                // -1: not about one layer
    int head = -1;                 // -1 with meanOfHeads: the layer's mean; -1 alone: no head
    bool meanOfHeads = false;
    std::optional<SamplingSettings> sampling;
    std::vector<std::pair<int, int>> headsOff;
};

// The fields in a fixed order, as (key, value); the prompt JSON-escaped so it is one line.
std::vector<std::pair<std::string, std::string>> provenanceFields(const Provenance& p);

// The provenance of `record` of `model`'s text made from `prompt`.
Provenance provenanceOf(const Gpt2Model& model, const StepRecord& record, const std::string& prompt, std::string view);

// "greedy" or "temperature 0.7, top-k 40, top-p 0.95, seed 7".
std::string samplingText(const SamplingSettings& s);

// A token as text for a CSV cell: its bytes decoded, invalid UTF-8 as U+FFFD.
std::string tokenText(const Gpt2Model& model, std::int32_t token);

// One head's attention matrix at a step (head -1: the mean of the layer's heads), rows =
// queries, columns = keys, each labelled "position:token". Throws UsageError for a step
// recorded without attention or a layer/head out of range.
std::string attentionCsv(const Gpt2Model& model, const StepRecord& record, int layer, int head, const std::string& prompt);

// The step's next-token candidates: rank, id, token, logit, probability (at the step's temperature).
std::string candidatesCsv(const Gpt2Model& model, const StepRecord& record, const std::string& prompt);

}  // namespace attnscope
