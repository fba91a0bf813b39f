#include "model/Config.h"

#include <limits>
#include <sstream>

#include <nlohmann/json.hpp>

#include "model/Errors.h"
#include "model/RegularFile.h"

namespace attnscope {
namespace {

using nlohmann::json;

// Bounds that no real GPT-2 comes near (gpt2-xl: 48 layers, 1600 wide, 1024 positions) but
// that stop a hostile config from making us allocate terabytes before the tensors are read.
constexpr std::int64_t kMaxLayers = 1024;
constexpr std::int64_t kMaxWidth = 65536;
constexpr std::int64_t kMaxPositions = 1 << 20;
constexpr std::int64_t kMaxVocab = 1 << 22;
constexpr std::size_t kMaxConfigBytes = 1 << 20;

[[noreturn]] void fail(const std::string& origin, const Message& what) {
    throw FormatError(Message(QT_TRANSLATE_NOOP("core", "%1: %2"), origin, what));
}

int readInt(const json& j, const std::string& origin, const char* key, std::int64_t lo, std::int64_t hi) {
    const auto it = j.find(key);
    if (it == j.end() || it->is_null()) {
        fail(origin, Message(QT_TRANSLATE_NOOP("core", "missing field \"%1\" (expected an integer)"), key));
    }
    if (!it->is_number_integer()) {
        fail(origin, Message(QT_TRANSLATE_NOOP("core", "field \"%1\" is %2, expected an integer"), key, it->type_name()));
    }
    const std::int64_t v = it->get<std::int64_t>();
    if (v < lo || v > hi) {
        fail(origin, Message(QT_TRANSLATE_NOOP("core", "field \"%1\" is %2, expected %3..%4"), key, v, lo, hi));
    }
    return static_cast<int>(v);
}

Activation parseActivation(const std::string& name, const std::string& origin) {
    if (name == "gelu_new" || name == "gelu_pytorch_tanh" || name == "gelu_fast") return Activation::GeluTanh;
    if (name == "gelu") return Activation::GeluErf;
    if (name == "relu") return Activation::Relu;
    fail(origin, Message(QT_TRANSLATE_NOOP("core", "field \"activation_function\" is \"%1\", expected one of %2"), name,
                         "gelu_new, gelu_pytorch_tanh, gelu_fast, gelu, relu"));
}

bool readBool(const json& j, const char* key, bool fallback, const std::string& origin) {
    const auto it = j.find(key);
    if (it == j.end() || it->is_null()) return fallback;
    if (!it->is_boolean()) fail(origin, Message(QT_TRANSLATE_NOOP("core", "field \"%1\" is %2, expected true or false"), key, it->type_name()));
    return it->get<bool>();
}

}  // namespace

Gpt2Config Gpt2Config::fromJsonText(std::string_view text, const std::string& origin) {
    json j;
    try {
        j = json::parse(text.begin(), text.end());
    } catch (const json::exception& e) {  // parse_error, or out_of_range for a number past a double's range
        fail(origin, Message(QT_TRANSLATE_NOOP("core", "not valid JSON (%1)"), e.what()));
    }
    if (!j.is_object()) fail(origin, Message(QT_TRANSLATE_NOOP("core", "expected a JSON object, found %1"), j.type_name()));

    if (const auto it = j.find("model_type"); it != j.end() && it->is_string()) {
        const std::string type = it->get<std::string>();
        if (type != "gpt2") {
            fail(origin, Message(QT_TRANSLATE_NOOP("core", "field \"model_type\" is \"%1\", expected \"gpt2\" (attnscope runs the GPT-2 architecture)"), type));
        }
    }

    Gpt2Config c;
    c.nLayer = readInt(j, origin, "n_layer", 1, kMaxLayers);
    c.nHead = readInt(j, origin, "n_head", 1, kMaxWidth);
    c.nEmbd = readInt(j, origin, "n_embd", 1, kMaxWidth);
    if (c.nEmbd % c.nHead != 0) {
        fail(origin, Message(QT_TRANSLATE_NOOP("core", "n_embd (%1) is not divisible by n_head (%2): every head must get the same width"),
                             c.nEmbd, c.nHead));
    }
    // Older configs name the context n_ctx; newer ones n_positions (and keep n_ctx equal).
    if (j.contains("n_positions") && !j["n_positions"].is_null()) {
        c.nPositions = readInt(j, origin, "n_positions", 1, kMaxPositions);
    } else {
        c.nPositions = readInt(j, origin, "n_ctx", 1, kMaxPositions);
    }
    c.vocabSize = readInt(j, origin, "vocab_size", 1, kMaxVocab);
    if (j.contains("n_inner") && !j["n_inner"].is_null()) {
        c.nInner = readInt(j, origin, "n_inner", 1, 16 * kMaxWidth);
    } else {
        c.nInner = 4 * c.nEmbd;
    }
    if (const auto it = j.find("layer_norm_epsilon"); it != j.end() && !it->is_null()) {
        if (!it->is_number()) fail(origin, Message(QT_TRANSLATE_NOOP("core", "field \"%1\" is not a number"), "layer_norm_epsilon"));
        const double eps = it->get<double>();
        if (!(eps > 0.0 && eps < 1.0)) fail(origin, Message(QT_TRANSLATE_NOOP("core", "field \"%1\" must be in (0, 1)"), "layer_norm_epsilon"));
        // Checked again as the float the forward pass uses: 1e-50 is in (0, 1) but rounds to 0,
        // and layer norm would then divide by zero on a constant vector.
        c.layerNormEpsilon = static_cast<float>(eps);
        if (!(c.layerNormEpsilon >= std::numeric_limits<float>::min() && c.layerNormEpsilon < 1.0f)) {
            fail(origin, Message(QT_TRANSLATE_NOOP("core", "field \"layer_norm_epsilon\" is %1, which a float rounds to %2; "
                                                           "expected a value in (0, 1) that a float holds (%3 or more)"),
                                 eps, c.layerNormEpsilon, std::numeric_limits<float>::min()));
        }
    }
    if (const auto it = j.find("activation_function"); it != j.end() && !it->is_null()) {
        if (!it->is_string()) fail(origin, Message(QT_TRANSLATE_NOOP("core", "field \"%1\" is not a string"), "activation_function"));

        c.activationName = it->get<std::string>();
        c.activation = parseActivation(c.activationName, origin);
    }
    c.scaleAttnWeights = readBool(j, "scale_attn_weights", true, origin);
    c.scaleAttnByInverseLayerIdx = readBool(j, "scale_attn_by_inverse_layer_idx", false, origin);
    if (const auto it = j.find("eos_token_id"); it != j.end() && it->is_number_integer()) {
        const auto eos = it->get<std::int64_t>();
        if (eos >= 0 && eos < c.vocabSize) c.eosTokenId = static_cast<int>(eos);
    }
    return c;
}

Gpt2Config Gpt2Config::fromJsonFile(const std::filesystem::path& file) {
    return fromJsonText(RegularFile::readAll(file, kMaxConfigBytes, Message(QT_TRANSLATE_NOOP("core", "a small JSON file of at most 1 MiB"))), file.string());
}

}  // namespace attnscope
