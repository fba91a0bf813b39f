#pragma once
// One generation: the prompt, then one token at a time (S5), each step producing an immutable
// StepRecord. Going back to an earlier step truncates the cache; generating again from there
// forks a new branch that shares the earlier records.

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/Forward.h"
#include "model/Gpt2Model.h"
#include "model/Sampler.h"
#include "model/StepRecord.h"

namespace attnscope {

struct SessionOptions {
    bool record = true;  // keep q/k/v, head outputs and residuals for the views
    int topK = 20;       // candidates kept per step (S1 shows ten)
    // For a model stored in F16 or BF16: keep the KV cache in that type, as PyTorch and llama.cpp
    // do, which halves the bytes a long context adds to each decode step. Keys and values are then
    // rounded to 16 bits (the records show the rounded values, which attention used), so the
    // numbers differ from the float cache's by that rounding. Off: the cache is float.
    bool kvCacheInWeightType = false;
};

enum class StopReason {
    StepsDone,       // generated as many tokens as asked
    ContextFull,     // reached n_positions: nothing more fits (never a silent wrap)
    EndOfText,       // the model chose <|endoftext|> and the caller asked to stop there
    Cancelled,       // the caller's cancel check said so
};
const char* stopReasonText(StopReason reason);

// Nothing if `prompt` fits the model's context window; else why not, for the user. Cheap first:
// a text longer than n_positions times the longest token's bytes is refused without being
// tokenized (a 100 MB prompt file, a 1 MiB paste), then the tokens are counted.
std::optional<Message> promptLengthProblem(
const Gpt2Model& model, std::string_view prompt, SpecialTokens special = SpecialTokens::Recognise);

class GenerationSession {
public:
    GenerationSession(std::shared_ptr<const Gpt2Model> model, SessionOptions options = {});

    const Gpt2Model& model() const { return *m_model; }
    std::shared_ptr<const Gpt2Model> modelPtr() const { return m_model; }
    const SessionOptions& options() const { return m_options; }

    // Step 0: runs the whole prompt in one pass and chooses the first new token. An empty prompt
    // starts from <|endoftext|> (S6: an unconditional sample). Throws UsageError for a prompt
    // longer than the context window.
    StepRecordPtr start(std::vector<std::int32_t> prompt, const SamplingSettings& sampling);

    // Feeds the last step's chosen token and chooses the next one.
    // Throws UsageError when the context is full (see contextFull()) or before start().
    StepRecordPtr step(const SamplingSettings& sampling);

    // Replaces the last step's choice with `token` (S1: pick a candidate and continue).
    StepRecordPtr force(std::int32_t token);

    // Switches heads off (or back on, with an empty set) from the next step on. The text so far
    // is run again with the new set at that step, so every later step sees a consistent cache.
    void setAblation(AblationSet ablation);
    const AblationSet& ablation() const { return m_ablation; }

    // Makes `stepIndex` the last step again: later records are dropped from the history (the
    // views may keep them) and the cache is cut back to that step's text.
    void rewindTo(int stepIndex);

    // Makes `line` (steps 0..n of a text this session's model made, e.g. another branch of the
    // timeline) the history, so that the next step continues it. When the history already holds
    // the line, this is rewindTo(n); otherwise the cache is set to the line's recorded keys and
    // values (the line's records stay as they are and are shared by later steps). Either way the
    // next step gives exactly the numbers it gave, or would have given, the first time.
    // Throws UsageError for a line that is empty, not numbered 0..n, or from another model.
    void continueFrom(const std::vector<StepRecordPtr>& line);

    // Forgets the text: the history and the cache go (their memory with them, once no view
    // holds the records either); the next call must be start().
    void clear();

    bool started() const { return !m_history.empty(); }
    // True when the last chosen token has no room left in the context window.
    bool contextFull() const;
    // See InferenceState::setCancelFlag: a set flag makes start/step throw Cancelled early, with
    // the session as it was before the call.
    void setCancelFlag(const std::atomic<bool>* flag) { m_state.setCancelFlag(flag); }
    const std::vector<StepRecordPtr>& history() const { return m_history; }
    StepRecordPtr last() const { return m_history.empty() ? nullptr : m_history.back(); }

private:
    // Samples the choice and files the record; `began` is when the step started (its computeSeconds).
    StepRecordPtr finish(std::shared_ptr<StepRecord> record, ForwardResult& forward, const SamplingSettings& sampling,
                         std::chrono::steady_clock::time_point began);
    void setCacheTo(const StepRecord& target, bool cacheHoldsItsText);

    std::shared_ptr<const Gpt2Model> m_model;
    SessionOptions m_options;
    InferenceState m_state;  // its cache holds the last step's text, computed with that step's heads...
    bool m_cacheHoldsLastStep = false;  // ...when this is true (false after a step cancelled half way)
    std::vector<StepRecordPtr> m_history;
    AblationSet m_ablation;  // the heads the next step runs with switched off
};

// Generates up to `newTokens` tokens from `prompt` (counting the choice made by the prompt's
// step), or with `continueSession` from the session's last step (prompt unused), handing every
// record to `sink` as it is made. `cancelled` is asked before every step; it may wait first
// (the app's pace between tokens) and return true to stop the run there.
struct GenerateRequest {
    std::vector<std::int32_t> prompt;
    int newTokens = 20;
    SamplingSettings sampling;
    bool stopAtEndOfText = false;
    bool continueSession = false;
};
StopReason generate(GenerationSession& session, const GenerateRequest& request,
                    const std::function<void(const StepRecordPtr&)>& sink,
                    const std::function<bool()>& cancelled = {});

}  // namespace attnscope
