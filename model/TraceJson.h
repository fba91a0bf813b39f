#pragma once
// Writing a generation trace as JSON (the schema is docs/trace-format.md). Used by the headless
// command and the app's export; the file is written next to its destination and renamed into
// place, so a crash or a full disk never leaves half a file where a good one was.

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "model/Gpt2Model.h"
#include "model/AtomicFile.h"  // writeFileAtomically, used with traceToJson
#include "model/StepRecord.h"

namespace attnscope {

struct TraceInfo {
    std::string prompt;           // as the user typed it
    int promptTokens = 0;         // how many of the first step's tokens are the prompt
    std::string stopReason;       // why generation ended
    bool includeVectors = true;   // q, k, v per head and query
};

nlohmann::json traceToJson(const Gpt2Model& model, const std::vector<StepRecordPtr>& steps, const TraceInfo& info);

// Text safe to put into JSON: invalid UTF-8 bytes become U+FFFD.
std::string validUtf8(const std::string& bytes);

}  // namespace attnscope
