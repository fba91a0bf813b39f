#pragma once
// A loaded GPT-2: its config, its weights and its tokenizer. Immutable once loaded, so one
// model can be shared by every session and thread (the per-run state is InferenceState).

#include <algorithm>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/Config.h"
#include "model/RegularFile.h"
#include "model/StepRecord.h"
#include "model/Tokenizer.h"
#include "model/Weights.h"

namespace attnscope {

// Called with a fraction in [0, 1] and a short stage name while a folder loads.
using LoadProgress = std::function<void(double fraction, const Message& stage)>;

struct LoadOptions {
    // Read the weights into memory (default), or use F32 tensors straight from a mapping of the
    // file: faster to open and shared with the page cache, but a file truncated or rewritten in
    // place while it is open then kills the process with SIGBUS or changes its numbers.
    bool copyWeights = true;
    LoadProgress progress;
    // Asked between chunks of the weights file: true stops the load with Cancelled.
    std::function<bool()> cancelled;
};

class Gpt2Model {
public:
    // Loads a Hugging Face GPT-2 folder: config.json, model.safetensors, and the tokenizer
    // (vocab.json + merges.txt, or tokenizer.json). A folder without tokenizer files gets GPT-2's
    // own tokenizer when its vocabulary has GPT-2's size. Throws FormatError naming the problem.
    static std::shared_ptr<const Gpt2Model> loadFolder(const std::filesystem::path& folder, const LoadOptions& options);
    static std::shared_ptr<const Gpt2Model> loadFolder(const std::filesystem::path& folder,
                                                       const LoadProgress& progress = {});

    // The model attnscope ships in resources/models/ and opens by default.
    static std::filesystem::path embeddedModelFolder();

    const Gpt2Config& config() const { return m_config; }
    const Gpt2Weights& weights() const { return m_weights; }
    const Tokenizer& tokenizer() const { return m_tokenizer; }
    // Ids below this have text; the rest of a padded vocabulary is masked (Forward.h).
    int decodableVocabSize() const { return std::min(m_tokenizer.vocabSize(), m_config.vocabSize); }
    const std::filesystem::path& folder() const { return m_folder; }
    std::string name() const;  // the folder's name
    const std::vector<Message>& warnings() const { return m_weights.warnings; }
    std::int64_t parameterCount() const { return m_weights.parameterCount; }
    // Bytes of weights one decode step reads (every matrix once, the output head included).
    std::size_t bytesReadPerToken() const;
    // ...plus the keys and values of `context` cached positions that every layer reads, in the
    // cache's type (F32, or the weights' 16-bit type: SessionOptions::kvCacheInWeightType).
    std::size_t bytesReadPerToken(int context, WeightStorage kvStorage = WeightStorage::F32) const;
    // The type the weight matrices are stored in (that of the first block's attention matrix).
    WeightStorage weightStorage() const;
    std::shared_ptr<const RecordShape> recordShape() const { return m_recordShape; }

    // BLAKE2b-256 of the model's files as they were read (Fingerprint.h), hex.
    const std::string& fingerprint() const { return m_fingerprint; }
    // Whether the weights live in memory (LoadOptions::copyWeights) or in a mapping of the file.
    bool weightsCopied() const { return m_weightsCopied; }
    // The model's files that were changed, replaced or removed on disk since they were read,
    // each as "<file>: <what changed>". Empty when all are as loaded.
    std::vector<std::string> changedFiles() const;

private:
    Gpt2Model(std::filesystem::path folder, Gpt2Config config, Gpt2Weights weights, Tokenizer tokenizer);

    std::filesystem::path m_folder;
    Gpt2Config m_config;
    Gpt2Weights m_weights;
    Tokenizer m_tokenizer;
    std::shared_ptr<const RecordShape> m_recordShape;
    std::string m_fingerprint;
    bool m_weightsCopied = false;
    struct LoadedFile {
        std::filesystem::path path;
        std::optional<FileIdentity> identity;  // nullopt: there was no such file
    };
    std::vector<LoadedFile> m_loadedFiles;
};

}  // namespace attnscope
