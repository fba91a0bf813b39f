#include "app/HeadlessCommand.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <iomanip>
#include <numeric>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>

#include <nlohmann/json.hpp>

#include "model/Analysis.h"
#include "model/Errors.h"
#include "model/Export.h"
#include "model/Gpt2Model.h"
#include "model/HeadScores.h"
#include "model/RegularFile.h"
#include "model/Session.h"
#include "model/TraceJson.h"

namespace attnscope::app {
namespace {

struct Options {
    std::filesystem::path model = Gpt2Model::embeddedModelFolder();
    std::optional<std::string> prompt;
    std::optional<std::filesystem::path> promptFile;
    int steps = 20;
    SamplingSettings sampling;
    bool samplingAsked = false;
    bool greedyAsked = false;
    std::optional<std::filesystem::path> exportFile;
    bool exportCsv = false;            // by the file's extension: .csv, else the JSON trace
    std::string csvOf = "attention";   // --csv attention|candidates
    int layer = 0;
    int head = 0;                      // -1: the mean of the layer's heads
    int candidates = 20;
    bool specialsAsText = false;
    bool stopAtEndOfText = false;
    bool vectors = true;
    bool headReport = false;
    bool help = false;
};

struct UsageProblem {
    std::string message;
};

template <typename T>
T parseNumber(const std::string& option, const std::string& text) {
    T value{};
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (ec != std::errc() || ptr != end) throw UsageProblem{option + ": \"" + text + "\" is not a valid number"};
    return value;
}

Options parse(const std::vector<std::string>& args) {
    Options o;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto value = [&]() -> const std::string& {
            if (i + 1 >= args.size()) throw UsageProblem{a + " needs a value"};
            return args[++i];
        };
        if (a == "--headless") continue;
        if (a == "--help" || a == "-h") o.help = true;
        else if (a == "--model") o.model = value();
        else if (a == "--prompt") o.prompt = value();
        else if (a == "--prompt-file") o.promptFile = value();
        else if (a == "--steps") o.steps = parseNumber<int>(a, value());
        else if (a == "--temperature") { o.sampling.temperature = parseNumber<float>(a, value()); o.samplingAsked = true; }
        else if (a == "--top-k") { o.sampling.topK = parseNumber<int>(a, value()); o.samplingAsked = true; }
        else if (a == "--top-p") { o.sampling.topP = parseNumber<float>(a, value()); o.samplingAsked = true; }
        else if (a == "--seed") o.sampling.seed = parseNumber<std::uint64_t>(a, value());
        else if (a == "--greedy") o.greedyAsked = true;
        else if (a == "--export") o.exportFile = value();
        else if (a == "--csv") o.csvOf = value();
        else if (a == "--layer") o.layer = parseNumber<int>(a, value());
        else if (a == "--head") {
            const std::string& v = value();
            o.head = v == "mean" ? -1 : parseNumber<int>(a, v);
        }
        else if (a == "--candidates") o.candidates = parseNumber<int>(a, value());
        else if (a == "--special-as-text") o.specialsAsText = true;
        else if (a == "--stop-at-eot") o.stopAtEndOfText = true;
        else if (a == "--no-vectors") o.vectors = false;
        else if (a == "--head-report") o.headReport = true;
        else throw UsageProblem{"unknown option \"" + a + "\""};
    }
    if (o.help) return o;
    if (o.prompt && o.promptFile) throw UsageProblem{"give --prompt or --prompt-file, not both"};
    if (o.steps < 1) throw UsageProblem{"--steps must be at least 1"};
    if (o.exportFile) {
        std::string ext = o.exportFile->extension().string();
        std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        if (ext != ".csv" && ext != ".json") throw UsageProblem{"--export: \"" + o.exportFile->string() + "\" must end in .json (the trace) or .csv"};
        o.exportCsv = ext == ".csv";
    }
    if (o.csvOf != "attention" && o.csvOf != "candidates") throw UsageProblem{"--csv must be attention or candidates, not \"" + o.csvOf + "\""};
    if (o.layer < 0) throw UsageProblem{"--layer must be 0 or more"};
    if (o.head < -1) throw UsageProblem{"--head must be a head number or mean"};
    if (o.candidates < 1 || o.candidates > 1000) throw UsageProblem{"--candidates must be in 1..1000"};
    if (o.greedyAsked && o.samplingAsked) throw UsageProblem{"--greedy cannot be combined with --temperature, --top-k or --top-p"};
    o.sampling.greedy = !o.samplingAsked;
    if (!o.sampling.greedy) {
        if (!(o.sampling.temperature > 0 && std::isfinite(o.sampling.temperature))) {
            throw UsageProblem{"--temperature must be a finite number greater than 0 (use --greedy for the argmax)"};
        }
        if (o.sampling.topK < 0) throw UsageProblem{"--top-k must be 0 (no cut) or positive"};
        if (!(o.sampling.topP > 0 && o.sampling.topP <= 1)) throw UsageProblem{"--top-p must be in (0, 1]"};
    }
    return o;
}

bool isValidUtf8(const std::string& s) { return validUtf8(s) == s; }

// A passage of plain English prose for scoring heads when no prompt is given.
constexpr const char* kReportText =
    "It is a truth universally acknowledged, that a single man in possession of a good fortune, must be in want of "
    "a wife. However little known the feelings or views of such a man may be on his first entering a neighbourhood, "
    "this truth is so well fixed in the minds of the surrounding families, that he is considered the rightful "
    "property of some one or other of their daughters.";

// The uniform baseline of a score: what a head that spreads its attention evenly would get.
double uniformBaseline(int T, int which) {
    double sum = 0;
    for (int i = 1; i < T; ++i) sum += which == 0 ? std::log(static_cast<double>(i + 1)) : 1.0 / (i + 1);
    return sum / (T - 1);
}

void printHeadReport(const Gpt2Model& model, std::shared_ptr<const Gpt2Model> modelPtr, const std::string& text, std::ostream& out) {
    const auto ids = model.tokenizer().encode(text);
    const int context = model.config().nPositions;
    std::vector<std::int32_t> tokens(ids.begin(), ids.begin() + std::min<std::size_t>(ids.size(), context));
    GenerationSession session(modelPtr, {true, 1});
    const scores::HeadScoreTable table = scores::scoreHeads(*session.start(tokens, SamplingSettings{}));

    const analysis::InductionDiagnostic diagnostic = analysis::inductionDiagnostic(modelPtr);
    const int period = diagnostic.period;
    const auto eot = model.tokenizer().endOfTextId();
    const std::vector<double>& induction = diagnostic.scores;

    const int T = static_cast<int>(tokens.size());
    out << "# Head scores of " << model.name() << "\n\n"
        << "Made by `attnscope --headless --model .../" << model.name() << " --head-report`"
        << " (model/HeadScores.h has the definitions). Scores are means over query positions i >= 1 of a " << T
        << "-token English passage; induction is measured on " << period << " random tokens repeated once"
        << (eot ? ", after <|endoftext|>" : "") << ". The baseline is what a head that spreads its attention evenly "
        << "over the positions it may see would score.\n\n"
        << "| score | baseline | top heads (layer.head: score) |\n|---|---|---|\n";
    struct Row {
        const char* name;
        const std::vector<double>* values;
        double baseline;
        bool lowIsNotable;
    };
    const double inductionBaseline = [&] {
        double s = 0;
        for (int k = 0; k + 1 < period; ++k) s += 1.0 / (diagnostic.start + period + k + 1);
        return s / (period - 1);
    }();
    const Row rows[] = {
        {"previous-token", &table.previousToken, uniformBaseline(T, 1), false},
        {"first-token", &table.firstToken, uniformBaseline(T, 1), false},
        {"self", &table.self, uniformBaseline(T, 1), false},
        {"duplicate-token", &table.duplicateToken, std::nan(""), false},
        {"induction", &induction, inductionBaseline, false},
        {"entropy (lowest = most focused)", &table.entropy, uniformBaseline(T, 0), true},
    };
    for (const Row& row : rows) {
        std::vector<int> order(row.values->size());
        std::iota(order.begin(), order.end(), 0);
        auto key = [&](int i) {
            const double v = (*row.values)[i];
            return std::isnan(v) ? -1e9 : (row.lowIsNotable ? -v : v);
        };
        std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return key(a) > key(b); });
        out << "| " << row.name << " | ";
        if (std::isnan(row.baseline)) out << "– | ";
        else out << std::fixed << std::setprecision(3) << row.baseline << " | ";
        for (int k = 0; k < 3 && k < static_cast<int>(order.size()); ++k) {
            out << (k ? ", " : "") << "L" << order[k] / table.nHead << ".H" << order[k] % table.nHead << ": " << std::fixed
                << std::setprecision(3) << (*row.values)[order[k]];
        }
        out << " |\n";
    }
    out << "\nInduction heads (induction score >= " << scores::kInductionHeadScore
        << "): " << scores::inductionHeadsText(induction, table.nHead).english() << "\n";
}

// The prompt file through RegularFile (no FIFOs or devices), refused before it is read when it
// is longer than any prompt the model's context can hold (a 100 MB file took 2 GB before).
std::string readPromptFile(const std::filesystem::path& file, const Gpt2Model& model) {
    const std::size_t context = static_cast<std::size_t>(model.config().nPositions);
    const std::size_t longest = model.tokenizer().longestTokenBytes();
    try {
        return RegularFile::readAll(file, context * longest,
                                    Message(QT_TRANSLATE_NOOP("core", "a prompt of at most %1 bytes (%2 tokens of at most %3 bytes fill "
                                                                      "the model's context)"),
                                            context * longest, context, longest));
    } catch (const FormatError& e) {
        throw UsageError(e.message());
    }
}

}  // namespace

bool wantsHeadless(int argc, char* argv[]) {
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--headless") == 0) return true;
    }
    return false;
}

std::string headlessHelp() {
    return R"(Usage: attnscope --headless [options]

Runs a GPT-2 model without a display and writes what it computed at every step.

  --model DIR          Hugging Face GPT-2 folder (config.json, model.safetensors,
                       vocab.json, merges.txt); default: the embedded model
  --prompt TEXT        the text to continue (empty: start from <|endoftext|>)
  --prompt-file FILE   read the prompt from a file instead
  --steps N            tokens to generate (default 20); stops early at the end
                       of the context window
  --greedy             always take the most probable token (the default)
  --temperature T      sample at temperature T (> 0)
  --top-k K            sample among the K most probable tokens (0: all)
  --top-p P            sample from the smallest set with probability >= P
  --seed S             seed for sampling (default 0); same seed, same text
  --export FILE.json   write the whole trace (docs/trace-format.md)
  --export FILE.csv    write one table of the last step, with its provenance
                       as "# key: value" lines first (the app's CSV exports):
  --csv WHAT             attention (default): the attention matrix of
                         --layer L (default 0) and --head H|mean (default 0);
                         candidates: the next-token candidates
  --candidates N       candidates kept per step (default 20)
  --special-as-text    treat "<|endoftext|>" in the prompt as plain text
  --stop-at-eot        stop when the model chooses <|endoftext|>
  --no-vectors         leave q, k, v out of the export (much smaller files)
  --head-report        instead of generating: score every head on the prompt
                       (or a default English passage) and on repeated random
                       tokens, and print the top heads per score as Markdown
  --help               this text

Without --export the generated text is printed to standard output.
Errors go to standard error; the exit status is 0 on success, 1 if the run
failed (model or prompt), 2 for a usage error.
)";
}

int runHeadless(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    Options o;
    try {
        o = parse(args);
    } catch (const UsageProblem& p) {
        err << "attnscope: " << p.message << "\n(see attnscope --headless --help)\n";
        return 2;
    }
    if (o.help) {
        out << headlessHelp();
        return 0;
    }
    try {
        const auto started = std::chrono::steady_clock::now();
        const auto model = Gpt2Model::loadFolder(o.model);
        for (const auto& w : model->warnings()) err << "attnscope: warning: " << w.english() << "\n";
        const std::string prompt = o.promptFile ? readPromptFile(*o.promptFile, *model) : o.prompt.value_or("");
        if (!isValidUtf8(prompt)) {
            err << "attnscope: warning: the prompt is not valid UTF-8; its invalid bytes are encoded as raw byte tokens\n";
        }

        if (o.headReport) {
            printHeadReport(*model, model, o.prompt || o.promptFile ? prompt : std::string(kReportText), out);
            return 0;
        }

        const SpecialTokens special = o.specialsAsText ? SpecialTokens::AsText : SpecialTokens::Recognise;
        if (const auto why = promptLengthProblem(*model, prompt, special)) throw UsageError(*why);
        GenerateRequest request;
        request.prompt = model->tokenizer().encode(prompt, o.specialsAsText ? SpecialTokens::AsText : SpecialTokens::Recognise);
        request.newTokens = o.steps;
        request.sampling = o.sampling;
        request.stopAtEndOfText = o.stopAtEndOfText;
        const int promptTokens = request.prompt.empty() ? 1 : static_cast<int>(request.prompt.size());

        GenerationSession session(model, {o.exportFile.has_value(), o.candidates});
        std::vector<StepRecordPtr> steps;
        // An error after some steps (memory, a model file that went away) must not lose them:
        // they are written as far as they got, the error named as the reason, exit status 1.
        std::string failure;
        StopReason reason = StopReason::StepsDone;
        try {
            reason = generate(session, request, [&](const StepRecordPtr& r) { steps.push_back(r); });
        } catch (const std::exception& e) {
            if (steps.empty()) throw;
            failure = e.what();
        }
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

        TraceInfo info{prompt, promptTokens, failure.empty() ? stopReasonText(reason) : "error: " + failure, o.vectors};
        if (o.exportFile) {
            if (!o.exportCsv) {
                writeFileAtomically(*o.exportFile, traceToJson(*model, steps, info).dump());
            } else if (o.csvOf == "candidates") {
                writeFileAtomically(*o.exportFile, candidatesCsv(*model, *steps.back(), prompt));
            } else {
                writeFileAtomically(*o.exportFile, attentionCsv(*model, *steps.back(), o.layer, o.head, prompt));
            }
            char took[32];
            std::snprintf(took, sizeof took, "%.2f", seconds);
            if (o.exportCsv) {
                err << "attnscope: the " << (o.csvOf == "candidates" ? "next-token candidates" : "attention matrix") << " of step "
                    << steps.back()->step << " (" << info.stopReason << ") written to " << o.exportFile->string() << " in " << took << " s\n";
            } else {
                err << "attnscope: " << steps.size() << (steps.size() == 1 ? " step (" : " steps (") << info.stopReason
                    << ") written to " << o.exportFile->string() << " in " << took << " s\n";
            }
        } else {
            std::vector<std::int32_t> ids = steps.back()->tokens;
            ids.push_back(steps.back()->chosen);
            out << model->tokenizer().decode(ids) << "\n";
            if (failure.empty() && reason != StopReason::StepsDone) err << "attnscope: stopped: " << info.stopReason << "\n";
        }
        if (!failure.empty()) {
            err << "attnscope: error after " << steps.size() << (steps.size() == 1 ? " step: " : " steps: ") << failure
                << (o.exportFile ? " (the finished steps were written)" : " (the text so far was printed)") << "\n";
            return 1;
        }
        return 0;
    } catch (const std::exception& e) {
        err << "attnscope: error: " << e.what() << "\n";
        return 1;
    }
}

}  // namespace attnscope::app
