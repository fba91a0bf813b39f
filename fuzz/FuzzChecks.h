#pragma once
// What each fuzz target does with one input, in one place so that the fuzz targets (fuzz/*.cpp,
// clang + libFuzzer + ASan/UBSan) and tests/model/test_fuzz_regressions.cpp (which replays every
// committed corpus file with the ordinary compiler) run exactly the same checks.
//
// Each check feeds the input to a reader through its in-memory entry point and returns Loaded or
// Refused. Refused means the reader threw FormatError or UsageError, which is the only way it may
// say no. Any other exception escapes (the fuzzer reports it as a crash, a test as a failure), and
// so does BrokenPromise, thrown when a reader accepted the input but what it handed back breaks a
// promise of its header (a tensor view the wrong size, an id that does not decode, ...).

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "app/WorkspaceFile.h"
#include "model/Config.h"
#include "model/Errors.h"
#include "model/Safetensors.h"
#include "model/Tokenizer.h"
#include "model/Weights.h"

namespace attnscope::fuzz {

enum class Outcome { Loaded, Refused };

class BrokenPromise : public std::logic_error {
public:
    using std::logic_error::logic_error;
};

inline void promise(bool kept, const std::string& what) {
    if (!kept) throw BrokenPromise(what);
}

// fuzz_vocab_merges takes one input for two files: vocab.json, a NUL byte, merges.txt. Neither
// file can hold a NUL (JSON forbids raw control characters, and merges are spelt in GPT-2's
// printable byte alphabet), so the split loses nothing a real pair of files could say.
struct VocabMerges {
    std::string_view vocabJson, mergesTxt;
};
inline VocabMerges splitVocabMerges(std::string_view input) {
    const std::size_t nul = input.find('\0');
    if (nul == std::string_view::npos) return {input, {}};
    return {input.substr(0, nul), input.substr(nul + 1)};
}

// ---------------------------------------------------------------------------------------------
// safetensors (+ the weights built from it)

// The test fixtures' architecture (2 layers) at the smallest sizes: fuzz/make_seeds.py shrinks the
// fixture checkpoints to it, so that a whole model is a few kB and the fuzzer reaches Gpt2Weights
// without carrying 150 kB inputs.
inline Gpt2Config microConfig() {
    return Gpt2Config::fromJsonText(R"({"n_layer": 2, "n_head": 2, "n_embd": 4, "n_positions": 4, "vocab_size": 16})",
                                    "fuzz/micro-config.json");
}

inline Outcome checkSafetensors(std::string_view bytes, const Gpt2Config& config) {
    std::shared_ptr<const SafetensorsFile> file;
    try {
        file = SafetensorsFile::fromBytes(std::string(bytes), "fuzz/model.safetensors");
    } catch (const FormatError&) {
        return Outcome::Refused;
    }
    // Safetensors.h: every view is inside the data and the size its shape says; no two overlap.
    std::vector<const TensorView*> views;
    for (const auto& [name, view] : file->tensors()) {
        promise(name == view.name, "tensor filed under another name");
        std::uint64_t elements = 1;
        for (const auto d : view.shape) {
            promise(d >= 0, "tensor \"" + name + "\": negative dimension " + std::to_string(d));
            promise(d == 0 || elements <= (std::uint64_t(1) << 62) / static_cast<std::uint64_t>(d),
                    "tensor \"" + name + "\": element count does not fit in 62 bits");
            elements *= static_cast<std::uint64_t>(d);
        }
        promise(static_cast<std::uint64_t>(view.elementCount()) == elements, "tensor \"" + name + "\": elementCount() is wrong");
        promise(elements <= (std::uint64_t(1) << 62) / dtypeSize(view.dtype) && view.bytes == elements * dtypeSize(view.dtype),
                "tensor \"" + name + "\": " + std::to_string(view.bytes) + " bytes for shape " + view.shapeString() + " of " +
                    dtypeName(view.dtype));
        promise(view.bytes <= file->fileSize(), "tensor \"" + name + "\" is larger than the file");
        // Touch every byte: AddressSanitizer reports a view that reaches outside the buffer.
        unsigned char sum = 0;
        for (std::size_t i = 0; i < view.bytes; ++i) sum = static_cast<unsigned char>(sum + std::to_integer<unsigned char>(view.data[i]));
        (void)sum;
        if (view.bytes > 0) views.push_back(&view);
    }
    std::sort(views.begin(), views.end(), [](const TensorView* a, const TensorView* b) { return a->data < b->data; });
    for (std::size_t i = 1; i < views.size(); ++i) {
        promise(views[i - 1]->data + views[i - 1]->bytes <= views[i]->data,
                "tensors \"" + views[i - 1]->name + "\" and \"" + views[i]->name + "\" overlap");
    }
    try {
        const Gpt2Weights w = Gpt2Weights::fromSafetensors(file, config);
        promise(static_cast<int>(w.layers.size()) == config.nLayer, "wrong number of layers");
        promise(w.wte.rows == config.nEmbd && w.wte.cols == config.vocabSize, "wte has the wrong shape");
        promise(w.lmHead.rows == config.nEmbd && w.lmHead.cols == config.vocabSize, "lm_head has the wrong shape");
        // Read every weight once through its Eigen view (ASan checks the widened copies' bounds).
        double total = w.wte.map().sum() + w.wpe.map().sum() + w.lmHead.map().sum() + w.lnFWeight.map().sum() + w.lnFBias.map().sum();
        for (const auto& l : w.layers) {
            total += l.attnWeight.map().sum() + l.attnProjWeight.map().sum() + l.fcWeight.map().sum() + l.fcProjWeight.map().sum();
            total += l.ln1Weight.map().sum() + l.ln1Bias.map().sum() + l.attnBias.map().sum() + l.attnProjBias.map().sum();
            total += l.ln2Weight.map().sum() + l.ln2Bias.map().sum() + l.fcBias.map().sum() + l.fcProjBias.map().sum();
        }
        (void)total;
    } catch (const FormatError&) {
        // A valid safetensors file that is not this model: refused by Weights, which is fine.
    }
    return Outcome::Loaded;
}

// ---------------------------------------------------------------------------------------------
// config.json

inline Outcome checkConfig(std::string_view text) {
    Gpt2Config c;
    try {
        c = Gpt2Config::fromJsonText(text, "fuzz/config.json");
    } catch (const FormatError&) {
        return Outcome::Refused;
    }
    // Config.h: all sizes positive and bounded, n_embd divisible by n_head.
    promise(c.nLayer >= 1 && c.nLayer <= 1024, "n_layer out of bounds: " + std::to_string(c.nLayer));
    promise(c.nHead >= 1 && c.nEmbd >= 1 && c.nEmbd <= 65536 && c.nHead <= c.nEmbd, "n_embd / n_head out of bounds");
    promise(c.nEmbd % c.nHead == 0 && c.headDim() * c.nHead == c.nEmbd, "n_embd not divisible by n_head");
    promise(c.nPositions >= 1 && c.nPositions <= (1 << 20), "n_positions out of bounds");
    promise(c.vocabSize >= 1 && c.vocabSize <= (1 << 22), "vocab_size out of bounds");
    promise(c.nInner >= 1 && c.nInner <= 16 * 65536, "n_inner out of bounds");
    promise(std::isfinite(c.layerNormEpsilon) && c.layerNormEpsilon > 0.0f && c.layerNormEpsilon < 1.0f, "layer_norm_epsilon out of (0, 1)");
    promise(c.eosTokenId == -1 || (c.eosTokenId >= 0 && c.eosTokenId < c.vocabSize), "eos_token_id outside the vocabulary");
    return Outcome::Loaded;
}

// ---------------------------------------------------------------------------------------------
// tokenizers

inline std::size_t countOccurrences(std::string_view text, std::string_view needle) {
    std::size_t n = 0;
    for (std::size_t at = text.find(needle); at != std::string_view::npos; at = text.find(needle, at + needle.size())) ++n;
    return n;
}

// Tokenizer.h: decode(encode(s)) == s for every byte string, in both modes; every id is in range;
// with GPT-2's vocabulary, each "<|endoftext|>" becomes its one id. (Every id's display form is
// checked once per tokenizer by checkTokenTable, not once per occurrence.)
inline void checkRoundTrip(const Tokenizer& tok, std::string_view text, bool onlySpecialIsEndOfText,
                           std::initializer_list<SpecialTokens> modes = {SpecialTokens::Recognise, SpecialTokens::AsText}) {
    for (const SpecialTokens mode : modes) {
        const std::vector<int32_t> ids = tok.encode(text, mode);
        for (const int32_t id : ids) {
            promise(id >= 0 && id < tok.vocabSize(), "encode gave id " + std::to_string(id) + " outside the vocabulary");
        }
        promise(tok.decode(ids) == text, std::string("decode(encode(s)) != s with SpecialTokens::") +
                                             (mode == SpecialTokens::Recognise ? "Recognise" : "AsText"));
        if (onlySpecialIsEndOfText && tok.endOfTextId()) {
            const auto eot = static_cast<std::size_t>(std::count(ids.begin(), ids.end(), *tok.endOfTextId()));
            const std::size_t expected = mode == SpecialTokens::Recognise ? countOccurrences(text, "<|endoftext|>") : 0;
            promise(eot == expected, "<|endoftext|> became its id " + std::to_string(eot) + " times, expected " + std::to_string(expected));
        }
    }
}

// Every id (up to `limit` of them) has non-empty bytes and a display form; ids outside the
// vocabulary are a UsageError.
inline void checkTokenTable(const Tokenizer& tok, int32_t limit) {
    promise(tok.vocabSize() >= 256, "a byte-level vocabulary without all 256 bytes was accepted");
    const int32_t n = tok.vocabSize();
    for (int32_t id = 0; id < n && id < limit; ++id) {
        promise(!tok.tokenBytes(id).empty(), "token " + std::to_string(id) + " is empty");
        (void)tok.displayToken(id);
    }
    for (const int32_t bad : {-1, n, INT32_MAX, INT32_MIN}) {
        try {
            (void)tok.tokenBytes(bad);
            promise(false, "tokenBytes accepted the id " + std::to_string(bad));
        } catch (const UsageError&) {
        }
    }
}

// A tokenizer a fuzz input was loaded into: its tables must be consistent and it must keep the
// round-trip promise on a few texts and on (a bounded part of) the input itself.
inline void checkLoadedTokenizer(const Tokenizer& tok, std::string_view input) {
    checkTokenTable(tok, 1024);
    static const char* const kTexts[] = {
        "", "a", "Hello world", " the cat sat on the mat.\n\n", "<|endoftext|>x<|endoftext|>", "\xff\xfe\xc0\x80 \xe2\x82",
        "caf\xc3\xa9 \xe4\xbd\xa0\xe5\xa5\xbd \xf0\x9f\x98\x80", "'s'll'd 1234567  \t\r\n",
    };
    for (const char* text : kTexts) checkRoundTrip(tok, text, false);
    checkRoundTrip(tok, input.substr(0, 4096), false);
}

inline Outcome checkVocabMerges(std::string_view input) {
    const auto [vocab, merges] = splitVocabMerges(input);
    std::unique_ptr<Tokenizer> tok;
    try {
        tok = std::make_unique<Tokenizer>(Tokenizer::fromVocabMergesText(vocab, merges, "fuzz/vocab.json", "fuzz/merges.txt"));
    } catch (const FormatError&) {
        return Outcome::Refused;
    }
    checkLoadedTokenizer(*tok, input);
    return Outcome::Loaded;
}

inline Outcome checkTokenizerJson(std::string_view text) {
    std::unique_ptr<Tokenizer> tok;
    try {
        tok = std::make_unique<Tokenizer>(Tokenizer::fromTokenizerJsonText(text, "fuzz/tokenizer.json"));
    } catch (const FormatError&) {
        return Outcome::Refused;
    }
    checkLoadedTokenizer(*tok, text);
    return Outcome::Loaded;
}

// Arbitrary bytes through GPT-2's shipped tokenizer (both modes) and the tiny fixtures' one (which
// runs the same code on other tables, so one mode is enough there). Never refused.
inline Outcome checkEncode(std::string_view bytes, const Tokenizer& gpt2, const Tokenizer& tiny) {
    checkRoundTrip(gpt2, bytes, true, {SpecialTokens::Recognise, SpecialTokens::AsText});
    checkRoundTrip(tiny, bytes, true, {SpecialTokens::Recognise});
    return Outcome::Loaded;
}

// ---------------------------------------------------------------------------------------------
// workspace files (.attnscope)

// WorkspaceFile.h: a file that is read is within the format's bounds, and writing it and reading
// it back gives the same workspace.
inline Outcome checkWorkspace(std::string_view text) {
    workspace::Workspace w;
    try {
        w = workspace::fromJson(text, "fuzz/lesson.attnscope");
    } catch (const FormatError&) {
        return Outcome::Refused;
    }
    promise(w.steps.size() <= workspace::kMaxSteps, "too many steps");
    promise(w.promptTokens.size() <= workspace::kMaxPromptTokens, "too many prompt tokens");
    promise(w.currentStep >= -1 && w.currentStep < static_cast<int>(w.steps.size()), "current_step outside the steps");
    promise(w.steps.empty() || !w.promptTokens.empty(), "steps without a prompt");
    const workspace::Workspace again = workspace::fromJson(workspace::toJson(w), "fuzz/again.attnscope");
    promise(again.steps.size() == w.steps.size() && again.promptTokens == w.promptTokens &&
                again.currentStep == w.currentStep && again.modelFingerprint == w.modelFingerprint,
            "a workspace read back after writing differs");
    for (std::size_t i = 0; i < w.steps.size(); ++i) {
        promise(again.steps[i].token == w.steps[i].token && again.steps[i].kind == w.steps[i].kind &&
                    again.steps[i].probability == w.steps[i].probability && again.steps[i].headsOff == w.steps[i].headsOff,
                "step " + std::to_string(i) + " changed on the round trip");
    }
    std::size_t branchSteps = 0;
    promise(w.branches.size() <= workspace::kMaxBranches, "too many branches");
    promise(w.branches.empty() || !w.steps.empty(), "branches without a timeline");
    promise(again.branches.size() == w.branches.size(), "the branches changed on the round trip");
    for (std::size_t b = 0; b < w.branches.size(); ++b) {
        promise(!w.branches[b].empty(), "an empty branch");
        branchSteps += w.branches[b].size();
        promise(again.branches[b].size() == w.branches[b].size(), "branch " + std::to_string(b) + " changed on the round trip");
        for (std::size_t i = 0; i < w.branches[b].size(); ++i) {
            const workspace::StepChoice &was = w.branches[b][i], &is = again.branches[b][i];
            promise(is.token == was.token && is.kind == was.kind && is.probability == was.probability && is.headsOff == was.headsOff,
                    "branch " + std::to_string(b) + " step " + std::to_string(i) + " changed on the round trip");
        }
    }
    promise(w.steps.size() + branchSteps <= workspace::kMaxSteps, "too many steps in all");
    promise(again.ablation.active == w.ablation.active && again.ablation.checked == w.ablation.checked &&
                again.ablation.meanMode == w.ablation.meanMode && again.ablation.generateWithHeadsOff == w.ablation.generateWithHeadsOff,
            "the ablation settings changed on the round trip");
    return Outcome::Loaded;
}

}  // namespace attnscope::fuzz
