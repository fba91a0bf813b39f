#pragma once
// A loaded GPT-2: its config, its weights and its tokenizer. Immutable once loaded, so one
// model can be shared by every session and thread (the per-run state is InferenceState).

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "model/Config.h"
#include "model/StepRecord.h"
#include "model/Tokenizer.h"
#include "model/Weights.h"

namespace attnscope {

// Called with a fraction in [0, 1] and a short stage name while a folder loads.
using LoadProgress = std::function<void(double fraction, const std::string& stage)>;

class Gpt2Model {
public:
    // Loads a Hugging Face GPT-2 folder: config.json, model.safetensors, and the tokenizer
    // (vocab.json + merges.txt, or tokenizer.json). A folder without tokenizer files gets GPT-2's
    // own tokenizer when its vocabulary has GPT-2's size. Throws FormatError naming the problem.
    static std::shared_ptr<const Gpt2Model> loadFolder(const std::filesystem::path& folder,
                                                       const LoadProgress& progress = {});

    // The model attnscope ships in resources/models/ and opens by default.
    static std::filesystem::path embeddedModelFolder();

    const Gpt2Config& config() const { return m_config; }
    const Gpt2Weights& weights() const { return m_weights; }
    const Tokenizer& tokenizer() const { return m_tokenizer; }
    const std::filesystem::path& folder() const { return m_folder; }
    std::string name() const;  // the folder's name
    const std::vector<std::string>& warnings() const { return m_weights.warnings; }
    std::int64_t parameterCount() const { return m_weights.parameterCount; }
    // Bytes of weights one decode step reads (every matrix once, the output head included).
    std::size_t bytesReadPerToken() const;
    std::shared_ptr<const RecordShape> recordShape() const { return m_recordShape; }

private:
    Gpt2Model(std::filesystem::path folder, Gpt2Config config, Gpt2Weights weights, Tokenizer tokenizer);

    std::filesystem::path m_folder;
    Gpt2Config m_config;
    Gpt2Weights m_weights;
    Tokenizer m_tokenizer;
    std::shared_ptr<const RecordShape> m_recordShape;
};

}  // namespace attnscope
