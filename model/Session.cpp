#include "model/Session.h"

#include <chrono>
#include <sstream>

#include "model/Errors.h"

namespace attnscope {

const char* stopReasonText(StopReason reason) {
    switch (reason) {
        case StopReason::StepsDone: return "generated the requested number of tokens";
        case StopReason::ContextFull: return "reached the end of the model's context window";
        case StopReason::EndOfText: return "the model chose <|endoftext|>";
        case StopReason::Cancelled: return "cancelled";
    }
    return "?";
}

std::optional<Message> promptLengthProblem(const Gpt2Model& model, std::string_view prompt, SpecialTokens special) {
    const std::size_t context = static_cast<std::size_t>(model.config().nPositions);
    const std::size_t longest = model.tokenizer().longestTokenBytes();
    if (prompt.size() > context * longest) {
        return Message(QT_TRANSLATE_NOOP("core", "the prompt is %1 bytes: more than the model's context window of %2 tokens "
                                                 "can hold even at %3 bytes per token (its longest token)"),
                       prompt.size(), context, longest);
    }
    const std::size_t tokens = model.tokenizer().encode(prompt, special).size();
    if (tokens > context) {
        return Message(QT_TRANSLATE_NOOP("core", "the prompt is %1 tokens long, but the model's context window holds %2 tokens: "
                                                 "shorten it by at least %3"),
                       tokens, context, tokens - context);
    }
    return std::nullopt;
}


GenerationSession::GenerationSession(std::shared_ptr<const Gpt2Model> model, SessionOptions options)
    : m_model(model),
      m_options(options),
      m_state(model, options.kvCacheInWeightType ? model->weightStorage() : WeightStorage::F32) {}

StepRecordPtr GenerationSession::finish(std::shared_ptr<StepRecord> record, ForwardResult& forward,
                                        const SamplingSettings& sampling, std::chrono::steady_clock::time_point began) {
    record->shape = m_model->recordShape();
    for (const HeadAblation& a : m_state.ablation()) {
        record->ablatedHeads.emplace_back(a.layer, a.head);
        record->ablationReplacements.push_back(a.replacement);
    }
    record->sampling = sampling;
    const float temperature = sampling.greedy ? 1.0f : sampling.temperature;
    Distribution d = summarize(forward.logits, temperature, m_options.topK);
    record->topK = std::move(d.top);
    record->entropy = d.entropy;
    const Choice c = choose(forward.logits, sampling, record->length());
    record->chosen = c.token;
    record->choice = c.kind;
    record->chosenProbability = c.probability;
    record->computeSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
    m_history.push_back(record);
    m_cacheHoldsLastStep = true;
    return record;
}

StepRecordPtr GenerationSession::start(std::vector<std::int32_t> prompt, const SamplingSettings& sampling) {
    const auto began = std::chrono::steady_clock::now();
    if (prompt.empty()) {
        const auto eot = m_model->tokenizer().endOfTextId();
        if (!eot) {
            throw UsageError(Message(QT_TRANSLATE_NOOP("core", "the prompt is empty and this model's tokenizer has no <|endoftext|> to start from")));
        }
        prompt.push_back(*eot);
    }
    const int context = m_model->config().nPositions;
    if (static_cast<int>(prompt.size()) > context) {
        throw UsageError(Message(QT_TRANSLATE_NOOP("core", "the prompt is %1 tokens long, but the model's context window holds %2 tokens: "
                                                           "shorten it by at least %3"),
                                 prompt.size(), context, prompt.size() - context));
    }
    m_history.clear();
    m_cacheHoldsLastStep = false;
    m_state.truncate(0);
    m_state.setAblation(m_ablation);
    ForwardResult forward = m_state.forward(prompt, m_options.record);

    auto record = std::make_shared<StepRecord>();
    record->step = 0;
    record->tokens = std::move(prompt);
    record->firstNewPosition = 0;
    for (auto& p : forward.positions) record->positions.push_back(std::move(p));
    return finish(std::move(record), forward, sampling, began);
}

bool GenerationSession::contextFull() const {
    return !m_history.empty() && m_history.back()->length() >= m_model->config().nPositions;
}

StepRecordPtr GenerationSession::step(const SamplingSettings& sampling) {
    if (m_history.empty()) throw UsageError(Message(QT_TRANSLATE_NOOP("core", "no prompt has been run yet")));
    if (contextFull()) {
        throw UsageError(Message(QT_TRANSLATE_NOOP("core", "the context window of %1 tokens is full: no further token fits"),
                                 m_model->config().nPositions));
    }
    const auto began = std::chrono::steady_clock::now();
    const StepRecordPtr previous = m_history.back();
    const std::int32_t input = previous->chosen;

    auto record = std::make_shared<StepRecord>();
    record->step = previous->step + 1;
    record->tokens = previous->tokens;
    record->tokens.push_back(input);
    record->firstNewPosition = previous->length();
    if (m_options.record) record->positions = previous->positions;  // shared, not copied

    // The cache holds the previous step's text as computed with the previous step's heads. When
    // heads were switched on or off since, run the text so far again with the new set, so that
    // every position of this step sees the same model.
    if (ablationOf(*previous) != m_ablation) {
        m_cacheHoldsLastStep = false;  // until this step is finished
        m_state.truncate(0);
        m_state.setAblation(m_ablation);
        ForwardResult rerun = m_state.forward(previous->tokens, m_options.record);
        if (m_options.record) record->positions.assign(rerun.positions.begin(), rerun.positions.end());
    } else {
        // A step cancelled after it began running the text again left the cache otherwise.
        if (!m_cacheHoldsLastStep) setCacheTo(*previous, false);
        if (m_state.ablation() != m_ablation) m_state.setAblation(m_ablation);  // switched off and on again since
    }
    ForwardResult forward = m_state.forward(std::span<const std::int32_t>(&input, 1), m_options.record);
    if (m_options.record) record->positions.push_back(std::move(forward.positions.front()));
    return finish(std::move(record), forward, sampling, began);
}

StepRecordPtr GenerationSession::force(std::int32_t token) {
    if (m_history.empty()) throw UsageError(Message(QT_TRANSLATE_NOOP("core", "no prompt has been run yet")));
    if (token < 0 || token >= m_model->config().vocabSize) {
        throw UsageError(Message(QT_TRANSLATE_NOOP("core", "token id %1 is outside the vocabulary"), token));
    }
    auto replaced = std::make_shared<StepRecord>(*m_history.back());
    replaced->chosen = token;
    replaced->choice = ChoiceKind::Forced;
    replaced->chosenProbability = 0;
    for (const Candidate& c : replaced->topK) {
        if (c.token == token) replaced->chosenProbability = c.probability;
    }
    m_history.back() = replaced;
    return replaced;
}

void GenerationSession::setAblation(AblationSet ablation) {
    validateAblation(m_model->config(), ablation);
    m_ablation = std::move(ablation);  // takes effect at the next step (see step())
}

void GenerationSession::continueFrom(const std::vector<StepRecordPtr>& line) {
    if (line.empty()) throw UsageError(Message(QT_TRANSLATE_NOOP("core", "cannot continue from an empty line of steps")));
    for (std::size_t i = 0; i < line.size(); ++i) {
        if (!line[i] || line[i]->step != static_cast<int>(i)) {
            throw UsageError(Message(QT_TRANSLATE_NOOP("core", "cannot continue from a line of steps whose step %1 is missing or misnumbered"), i));
        }
    }
    const StepRecordPtr& last = line.back();
    if (last->length() > m_model->config().nPositions || (last->shape && last->shape->nLayer != m_model->config().nLayer)) {
        throw UsageError(Message(QT_TRANSLATE_NOOP("core", "cannot continue from steps made by another model")));
    }
    const bool historyHoldsLine =
        line.size() <= m_history.size() && std::equal(line.begin(), line.end(), m_history.begin());
    if (historyHoldsLine) {
        rewindTo(static_cast<int>(line.size()) - 1);
        return;
    }
    // The cache is set before the history changes; a cancel or an error on the way leaves the
    // session empty (cleared), never holding a half-built cache.
    try {
        setCacheTo(*last, /*cacheHoldsItsText=*/false);
    } catch (...) {
        clear();
        throw;
    }
    m_history = line;
}

void GenerationSession::clear() {
    m_history.clear();
    m_history.shrink_to_fit();
    m_state.truncate(0);
    m_cacheHoldsLastStep = false;
}

void GenerationSession::rewindTo(int stepIndex) {
    if (stepIndex < 0 || stepIndex >= static_cast<int>(m_history.size())) {
        throw UsageError(Message(QT_TRANSLATE_NOOP("core", "cannot go back to step %1: there are %2 steps"), stepIndex, m_history.size()));
    }
    // Unrecorded steps: the cache's first positions are the target's own when no step since
    // ran the text again, i.e. when every later step was made with the target's heads.
    // (Recorded steps are found by their positions instead, in setCacheTo.)
    const StepRecord& target = *m_history[static_cast<std::size_t>(stepIndex)];
    bool sameHeadsSince = true;
    for (std::size_t i = static_cast<std::size_t>(stepIndex) + 1; i < m_history.size() && !target.recorded(); ++i) {
        sameHeadsSince = sameHeadsSince && m_history[i]->ablatedHeads == target.ablatedHeads &&
                         m_history[i]->ablationReplacements == target.ablationReplacements;
    }
    try {
        setCacheTo(target, sameHeadsSince);
    } catch (...) {
        clear();
        throw;
    }
    m_history.resize(static_cast<std::size_t>(stepIndex) + 1);
}

// Makes the cache hold `target`'s text exactly as it was when `target` was made (its keys and
// values, computed with its heads switched off), so that the next step continues it with the
// numbers a run that never left it would have: the same, to the last bit, as a workspace made
// again step by step. The fastest exact way wins: cutting the cache back when it holds the
// target's very positions, else copying the recorded keys and values. Only unrecorded steps are
// run again (one pass, so equal up to rounding).
void GenerationSession::setCacheTo(const StepRecord& target, bool cacheHoldsItsText) {
    const int length = target.length();
    const StepRecordPtr current = last();
    const bool cacheHoldsCurrent = m_cacheHoldsLastStep && current && m_state.length() == current->length();
    m_cacheHoldsLastStep = false;  // until the cache is set
    if (target.recorded()) {
        const bool cacheHoldsPositions = cacheHoldsCurrent && current->recorded() && current->length() >= length &&
                                         std::equal(target.positions.begin(), target.positions.end(), current->positions.begin());
        if (cacheHoldsPositions) {
            m_state.truncate(length);
        } else {
            m_state.restore(target.positions);
        }
    } else if (cacheHoldsCurrent && cacheHoldsItsText && current->length() >= length) {
        m_state.truncate(length);
    } else {
        m_state.truncate(0);
        m_state.setAblation(ablationOf(target));
        m_state.forward(target.tokens, false);
    }
    m_cacheHoldsLastStep = true;  // the caller makes `target` the last step
}

StopReason generate(GenerationSession& session, const GenerateRequest& request,
                    const std::function<void(const StepRecordPtr&)>& sink, const std::function<bool()>& cancelled) {
    if (request.newTokens <= 0) throw UsageError(Message(QT_TRANSLATE_NOOP("core", "the number of new tokens must be positive")));

    const auto eot = session.model().tokenizer().endOfTextId();
    auto isStop = [&](const StepRecordPtr& r) { return request.stopAtEndOfText && eot && r->chosen == *eot; };

    StepRecordPtr record;
    int made = 0;
    if (request.continueSession) {
        if (!session.started()) throw UsageError(Message(QT_TRANSLATE_NOOP("core", "there is no step to continue from")));
        record = session.history().back();
    } else {
        if (cancelled && cancelled()) return StopReason::Cancelled;
        record = session.start(request.prompt, request.sampling);
        sink(record);
        made = 1;
    }
    for (; made < request.newTokens; ++made) {
        if (isStop(record)) return StopReason::EndOfText;
        if (session.contextFull()) return StopReason::ContextFull;
        if (cancelled && cancelled()) return StopReason::Cancelled;
        record = session.step(request.sampling);
        sink(record);
    }
    return isStop(record) ? StopReason::EndOfText : StopReason::StepsDone;
}

}  // namespace attnscope
