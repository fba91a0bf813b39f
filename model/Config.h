#pragma once
// The sizes of a GPT-2 model, read from a Hugging Face config.json and validated once, so
// that everything built from a Config can rely on its invariants (n_embd divisible by n_head,
// all sizes positive and bounded).

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace attnscope {

enum class Activation {
    GeluTanh,  // "gelu_new", "gelu_pytorch_tanh", "gelu_fast": GPT-2's own choice
    GeluErf,   // "gelu"
    Relu,      // "relu"
};

struct Gpt2Config {
    int nLayer = 0;
    int nHead = 0;
    int nEmbd = 0;
    int nInner = 0;      // width of the feed-forward layer: 4 * nEmbd unless config.json says
    int nPositions = 0;  // the context window
    int vocabSize = 0;
    float layerNormEpsilon = 1e-5f;
    Activation activation = Activation::GeluTanh;
    std::string activationName = "gelu_new";
    bool scaleAttnWeights = true;             // divide q.k by sqrt(d_head)
    bool scaleAttnByInverseLayerIdx = false;  // also divide by (layer + 1), as some variants do
    int eosTokenId = -1;                      // -1: none given

    int headDim() const { return nEmbd / nHead; }

    // Reads and validates config.json. Throws FormatError naming the file and the field.
    static Gpt2Config fromJsonFile(const std::filesystem::path& file);
    // The same from text already in memory; `origin` names the source in error messages.
    static Gpt2Config fromJsonText(std::string_view text, const std::string& origin);
};

}  // namespace attnscope
