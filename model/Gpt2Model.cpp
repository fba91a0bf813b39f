#include "model/Gpt2Model.h"

#include <cmath>

#include "model/Errors.h"
#include "model/Fingerprint.h"
#include "model/RegularFile.h"

namespace attnscope {

std::filesystem::path Gpt2Model::embeddedModelFolder() {
    return std::filesystem::path(ATTNSCOPE_RESOURCES_DIR) / "models" / "attnscope-small";
}

Gpt2Model::Gpt2Model(std::filesystem::path folder, Gpt2Config config, Gpt2Weights weights, Tokenizer tokenizer)
    : m_folder(std::move(folder)), m_config(std::move(config)), m_weights(std::move(weights)), m_tokenizer(std::move(tokenizer)) {
    auto shape = std::make_shared<RecordShape>();
    shape->nLayer = m_config.nLayer;
    shape->nHead = m_config.nHead;
    shape->nEmbd = m_config.nEmbd;
    shape->headDim = m_config.headDim();
    shape->nPositions = m_config.nPositions;
    shape->vocabSize = m_config.vocabSize;
    shape->decodableVocabSize = decodableVocabSize();
    for (int layer = 0; layer < m_config.nLayer; ++layer) {
        float scale = m_config.scaleAttnWeights ? 1.0f / std::sqrt(static_cast<float>(m_config.headDim())) : 1.0f;
        if (m_config.scaleAttnByInverseLayerIdx) scale /= static_cast<float>(layer + 1);
        shape->attentionScale.push_back(scale);
    }
    m_recordShape = std::move(shape);
}

std::string Gpt2Model::name() const {
    const auto n = m_folder.filename().string();
    return n.empty() ? m_folder.parent_path().filename().string() : n;
}

std::size_t Gpt2Model::bytesReadPerToken() const {
    // Every weight matrix once, in the bytes it is stored in (2 for F16 and BF16), and the
    // output head (wte again when tied): what decode streams from memory per token. The
    // embedding columns, biases and norms are a rounding error beside them.
    std::size_t bytes = m_weights.lmHead.bytes();
    for (const LayerWeights& l : m_weights.layers) {
        bytes += l.attnWeight.bytes() + l.attnProjWeight.bytes() + l.fcWeight.bytes() + l.fcProjWeight.bytes();
    }
    return bytes;
}

WeightStorage Gpt2Model::weightStorage() const { return m_weights.layers.front().attnWeight.storage; }

std::size_t Gpt2Model::bytesReadPerToken(int context, WeightStorage kvStorage) const {
    const std::size_t kvCache = 2ull * static_cast<std::size_t>(m_config.nLayer) * static_cast<std::size_t>(std::max(0, context)) *
                                static_cast<std::size_t>(m_config.nEmbd) * bytesPerElement(kvStorage);
    return bytesReadPerToken() + kvCache;
}

std::shared_ptr<const Gpt2Model> Gpt2Model::loadFolder(const std::filesystem::path& folder, const LoadProgress& progress) {
    LoadOptions options;
    options.progress = progress;
    return loadFolder(folder, options);
}

namespace {

// Hashes one of the small files (config, tokenizer) into the fingerprint, through RegularFile.
void hashSmallFile(FingerprintHasher& hasher, const std::filesystem::path& folder, const char* name) {
    const auto path = folder / name;
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) return;
    const RegularFile file = RegularFile::open(path);
    hasher.beginFile(name, file.size());
    file.readChunked(path, nullptr, file.size(), [&](std::span<const std::byte> chunk) { hasher.add(chunk); });
}

}  // namespace

std::shared_ptr<const Gpt2Model> Gpt2Model::loadFolder(const std::filesystem::path& folder, const LoadOptions& options) {
    auto report = [&](double f, const Message& stage) {
        if (options.progress) options.progress(f, stage);
    };
    auto checkCancel = [&] {
        if (options.cancelled && options.cancelled()) throw Cancelled(Message(QT_TRANSLATE_NOOP("core", "loading %1 was cancelled"), folder));
    };
    requireFolder(folder, Message(QT_TRANSLATE_NOOP("core", "expected a GPT-2 model folder with config.json, model.safetensors, "
                                                            "vocab.json and merges.txt")));
    std::vector<LoadedFile> loaded;
    for (const char* name : kFingerprintedFiles) loaded.push_back({folder / name, currentIdentity(folder / name)});

    report(0.0, Message(QT_TRANSLATE_NOOP("core", "reading config.json")));
    Gpt2Config config = Gpt2Config::fromJsonFile(folder / "config.json");
    FingerprintHasher hasher;  // the files in kFingerprintedFiles' order
    hashSmallFile(hasher, folder, "config.json");

    report(0.05, Message(QT_TRANSLATE_NOOP("core", "reading the tokenizer")));
    // A name that is there counts even if it is a dangling link: loading it names the problem.
    const bool hasTokenizerFiles =
        namePresent(folder / "vocab.json") || namePresent(folder / "merges.txt") || namePresent(folder / "tokenizer.json");
    Tokenizer tokenizer = hasTokenizerFiles ? Tokenizer::fromFolder(folder) : Tokenizer::gpt2();
    if (tokenizer.vocabSize() > config.vocabSize) {
        if (hasTokenizerFiles) {
            throw FormatError(Message(QT_TRANSLATE_NOOP("core", "%1: vocab_size is %2 but the tokenizer has %3 tokens"),
                                      folder / "config.json", config.vocabSize, tokenizer.vocabSize()));
        }
        throw FormatError(Message(QT_TRANSLATE_NOOP("core", "%1: vocab_size is %2 but the tokenizer (GPT-2's own, as the folder has none) has %3 tokens"),
                                  folder / "config.json", config.vocabSize, tokenizer.vocabSize()));
    }
    checkCancel();

    const auto weightsFile = folder / "model.safetensors";
    if (!namePresent(weightsFile)) {
        throw FormatError(Message(QT_TRANSLATE_NOOP("core", "%1: missing (attnscope reads the safetensors format; "
                                                            "convert a pytorch_model.bin with Hugging Face's tools first)"),
                                  weightsFile));
    }
    // The weights are hashed as they are read (copied) or straight from the mapping, chunk by
    // chunk, so that a cancel request is seen within one chunk.
    std::shared_ptr<const SafetensorsFile> file;
    if (options.copyWeights) {
        std::uint64_t done = 0;
        bool begun = false;
        const Message reading(QT_TRANSLATE_NOOP("core", "reading model.safetensors"));
        report(0.1, reading);
        file = SafetensorsFile::read(weightsFile, [&](std::span<const std::byte> chunk, std::uint64_t size) {
            checkCancel();
            if (!begun) {
                hasher.beginFile("model.safetensors", size);
                begun = true;
            }
            hasher.add(chunk);
            done += chunk.size();
            report(0.1 + 0.8 * static_cast<double>(done) / static_cast<double>(std::max<std::uint64_t>(size, 1)), reading);
        });
        if (!begun) hasher.beginFile("model.safetensors", file->fileSize());
    } else {
        report(0.1, Message(QT_TRANSLATE_NOOP("core", "mapping model.safetensors")));
        const Message hashing(QT_TRANSLATE_NOOP("core", "hashing model.safetensors"));
        file = SafetensorsFile::open(weightsFile);
        const auto bytes = file->bytes();
        hasher.beginFile("model.safetensors", bytes.size());
        for (std::size_t at = 0; at < bytes.size(); at += RegularFile::kChunkBytes) {
            checkCancel();
            hasher.add(bytes.subspan(at, std::min(RegularFile::kChunkBytes, bytes.size() - at)));
            report(0.1 + 0.8 * static_cast<double>(at) / static_cast<double>(bytes.size()), hashing);
        }
    }
    for (const char* name : {"vocab.json", "merges.txt", "tokenizer.json"}) hashSmallFile(hasher, folder, name);

    report(0.9, Message(QT_TRANSLATE_NOOP("core", "checking the weights")));
    Gpt2Weights weights = Gpt2Weights::fromSafetensors(file, config);
    if (tokenizer.vocabSize() < config.vocabSize) {
        weights.warnings.push_back(Message(QT_TRANSLATE_NOOP("core", "%1: vocab_size %2 is padded beyond the tokenizer's %3 tokens: "
                                                                     "ids %3..%4 have no text and are masked (never chosen)"),
                                           folder / "config.json", config.vocabSize, tokenizer.vocabSize(), config.vocabSize - 1));
    }

    report(1.0, Message(QT_TRANSLATE_NOOP("core", "ready")));

    std::shared_ptr<Gpt2Model> model(
        new Gpt2Model(std::filesystem::absolute(folder), std::move(config), std::move(weights), std::move(tokenizer)));
    model->m_fingerprint = hasher.hexDigest();
    model->m_weightsCopied = options.copyWeights;
    model->m_loadedFiles = std::move(loaded);
    return model;
}

std::vector<std::string> Gpt2Model::changedFiles() const {
    std::vector<std::string> changes;
    for (const LoadedFile& f : m_loadedFiles) {
        const std::optional<FileIdentity> now = currentIdentity(f.path);
        if (now == f.identity) continue;
        std::string what;
        if (!f.identity) what = "appeared since the model was loaded";
        else if (!now) what = "was removed since the model was loaded";
        else if (now->device != f.identity->device || now->inode != f.identity->inode) what = "was replaced by another file since the model was loaded";
        else if (now->size != f.identity->size) {
            what = "changed size since the model was loaded (" + std::to_string(f.identity->size) + " -> " + std::to_string(now->size) + " bytes)";
        } else {
            what = "was rewritten since the model was loaded (its modification time changed)";
        }
        changes.push_back(f.path.string() + ": " + what);
    }
    return changes;
}

}  // namespace attnscope
