#include "model/Gpt2Model.h"

#include <cmath>

#include "model/Errors.h"
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
    const std::size_t C = m_config.nEmbd, F = m_config.nInner, V = m_config.vocabSize;
    const std::size_t perLayer = 3 * C * C + C * C + 2 * C * F;
    return sizeof(float) * (m_config.nLayer * perLayer + V * C);
}

std::shared_ptr<const Gpt2Model> Gpt2Model::loadFolder(const std::filesystem::path& folder, const LoadProgress& progress) {
    auto report = [&](double f, const char* stage) {
        if (progress) progress(f, stage);
    };
    requireFolder(folder, "expected a GPT-2 model folder with config.json, model.safetensors, vocab.json and merges.txt");
    report(0.0, "reading config.json");
    Gpt2Config config = Gpt2Config::fromJsonFile(folder / "config.json");

    report(0.1, "reading the tokenizer");
    // A name that is there counts even if it is a dangling link: loading it names the problem.
    const bool hasTokenizerFiles =
        namePresent(folder / "vocab.json") || namePresent(folder / "merges.txt") || namePresent(folder / "tokenizer.json");
    Tokenizer tokenizer = hasTokenizerFiles ? Tokenizer::fromFolder(folder) : Tokenizer::gpt2();
    if (tokenizer.vocabSize() > config.vocabSize) {
        throw FormatError((folder / "config.json").string() + ": vocab_size is " + std::to_string(config.vocabSize) +
                          " but the tokenizer" + (hasTokenizerFiles ? "" : " (GPT-2's own, as the folder has none)") +
                          " has " + std::to_string(tokenizer.vocabSize()) + " tokens");
    }

    report(0.3, "mapping model.safetensors");
    const auto weightsFile = folder / "model.safetensors";
    if (!namePresent(weightsFile)) {
        throw FormatError(weightsFile.string() + ": missing (attnscope reads the safetensors format; "
                                                 "convert a pytorch_model.bin with Hugging Face's tools first)");
    }
    auto file = SafetensorsFile::open(weightsFile);

    report(0.5, "checking the weights");
    Gpt2Weights weights = Gpt2Weights::fromSafetensors(file, config);

    report(1.0, "ready");
    return std::shared_ptr<const Gpt2Model>(
        new Gpt2Model(std::filesystem::absolute(folder), std::move(config), std::move(weights), std::move(tokenizer)));
}

}  // namespace attnscope
