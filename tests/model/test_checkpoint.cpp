// Loading Hugging Face folders, and every way a folder can be wrong: each failure must name the
// file, the tensor or field, and what was expected.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

#include "model/Config.h"
#include "model/Errors.h"
#include "model/Fingerprint.h"
#include "model/Forward.h"
#include "model/Gpt2Model.h"
#include "model/Safetensors.h"
#include "model/Session.h"
#include "tests/model/Fixtures.h"

using namespace attnscope;
using namespace attnscope::testing;
using nlohmann::json;

namespace {

// A copy of the F32 fixture whose safetensors file is replaced by `bytes`.
struct BrokenCheckpoint {
    TempDir dir;
    explicit BrokenCheckpoint(const std::string& bytes) {
        copyCheckpoint("tiny-f32-prefixed", dir.path());
        writeFile(dir / "model.safetensors", bytes);
    }
    std::string loadError() const {
        try {
            Gpt2Model::loadFolder(dir.path());
        } catch (const FormatError& e) {
            return e.what();
        }
        return "(loaded without error)";
    }
};

SafetensorsParts fixtureParts() { return SafetensorsParts::read(checkpointDir("tiny-f32-prefixed") / "model.safetensors"); }

}  // namespace

TEST_CASE("all fixture variants load with their shapes", "[model][checkpoint]") {
    const std::string variant = GENERATE(as<std::string>{}, "tiny-f32-prefixed", "tiny-f16", "tiny-bf16-untied");
    const auto model = Gpt2Model::loadFolder(checkpointDir(variant));
    CHECK(model->config().nLayer == 2);
    CHECK(model->config().nHead == 4);
    CHECK(model->config().nEmbd == 32);
    CHECK(model->config().nPositions == 16);
    CHECK(model->config().vocabSize == 321);
    CHECK(model->tokenizer().vocabSize() == 321);
    CHECK(model->warnings().empty());
    // 2 blocks of (2*32 + 32*96 + 96 + 32*32 + 32 + 2*32 + 32*128 + 128 + 128*32 + 32) + wte + wpe + ln_f
    const std::int64_t perBlock = 2 * 32 + 32 * 96 + 96 + 32 * 32 + 32 + 2 * 32 + 32 * 128 + 128 + 128 * 32 + 32;
    std::int64_t expected = 2 * perBlock + 321 * 32 + 16 * 32 + 2 * 32;
    if (variant == "tiny-bf16-untied") expected += 321 * 32;
    CHECK(model->parameterCount() == expected);
}

TEST_CASE("F32 weights are read as stored: from the file's mapping, or copied whole", "[model][checkpoint]") {
    LoadOptions options;
    options.copyWeights = GENERATE(false, true);
    const auto model = Gpt2Model::loadFolder(checkpointDir("tiny-f32-prefixed"), options);
    CHECK(model->weightsCopied() == options.copyWeights);
    const auto file = SafetensorsFile::open(checkpointDir("tiny-f32-prefixed") / "model.safetensors");
    const TensorView* fc = file->find("transformer.h.1.mlp.c_fc.weight");
    REQUIRE(fc);
    // Conv1D [in=32, out=128] row-major read as column-major (out=128, in=32): element (o, i) is file[i][o].
    const auto w = model->weights().layers[1].fcWeight.map();
    CHECK(w.rows() == 128);
    CHECK(w.cols() == 32);
    float fileValue;
    std::memcpy(&fileValue, fc->data + (5 * 128 + 17) * 4, 4);
    CHECK(w(17, 5) == fileValue);
}

TEST_CASE("broken safetensors files are refused with a message naming the problem", "[model][checkpoint][errors]") {
    SECTION("shorter than the header length") {
        const BrokenCheckpoint c(std::string("\x10\x00\x00", 3));
        CHECK_THAT(c.loadError(), Catch::Contains("model.safetensors") && Catch::Contains("truncated"));
    }
    SECTION("header length past the end of the file") {
        std::string bytes = fixtureParts().bytes().substr(0, 100);
        const BrokenCheckpoint c(bytes);
        CHECK_THAT(c.loadError(), Catch::Contains("runs past the end of the file"));
    }
    SECTION("absurdly large header") {
        std::string bytes(16, '\0');
        bytes[7] = 0x7f;
        const BrokenCheckpoint c(bytes);
        CHECK_THAT(c.loadError(), Catch::Contains("absurdly large"));
    }
    SECTION("header that is not JSON") {
        const BrokenCheckpoint c(SafetensorsParts::join("{not json", std::string(64, '\0')));
        CHECK_THAT(c.loadError(), Catch::Contains("not valid JSON"));
    }
    SECTION("header that is JSON but not an object") {
        const BrokenCheckpoint c(SafetensorsParts::join("[1, 2]", ""));
        CHECK_THAT(c.loadError(), Catch::Contains("expected a JSON object"));
    }
    SECTION("unknown dtype") {
        auto parts = fixtureParts();
        parts.header["transformer.wte.weight"]["dtype"] = "Q4_K";
        const BrokenCheckpoint c(parts.bytes());
        CHECK_THAT(c.loadError(), Catch::Contains("transformer.wte.weight") && Catch::Contains("unknown dtype \"Q4_K\""));
    }
    SECTION("data offsets past the end of the data (a truncated file)") {
        auto parts = fixtureParts();
        parts.data.resize(parts.data.size() - 10);
        const BrokenCheckpoint c(parts.bytes());
        CHECK_THAT(c.loadError(), Catch::Contains("run past the end of the data") && Catch::Contains("truncated"));
    }
    SECTION("overlapping tensors") {
        auto parts = fixtureParts();
        auto& a = parts.header["transformer.ln_f.weight"];
        auto& b = parts.header["transformer.ln_f.bias"];
        b["data_offsets"] = a["data_offsets"];
        const BrokenCheckpoint c(parts.bytes());
        CHECK_THAT(c.loadError(), Catch::Contains("overlap"));
    }
    SECTION("bytes that belong to no tensor: a tail, a hole (as the reference implementation refuses)") {
        auto parts = fixtureParts();
        parts.data += "hidden";
        CHECK_THAT(BrokenCheckpoint(parts.bytes()).loadError(),
                   Catch::Contains("model.safetensors") && Catch::Contains("6 bytes after the last tensor") &&
                       Catch::Contains("belong to no tensor"));
        parts = fixtureParts();
        parts.header.erase("transformer.h.0.ln_1.bias");  // its bytes stay, between two tensors
        CHECK_THAT(BrokenCheckpoint(parts.bytes()).loadError(), Catch::Contains("belong to no tensor (a hole between"));
    }
    SECTION("a tensor named twice") {
        auto parts = fixtureParts();
        std::string text = parts.header.dump();
        const std::string entry = "\"transformer.ln_f.bias\":" + parts.header["transformer.ln_f.bias"].dump();
        text.insert(1, entry + ",");
        CHECK_THAT(BrokenCheckpoint(testing::SafetensorsParts::join(text, parts.data)).loadError(),
                   Catch::Contains("tensor \"transformer.ln_f.bias\" is named twice"));
    }
    SECTION("metadata that is not all strings, and headers nested deeper than the format") {
        auto parts = fixtureParts();
        parts.header["__metadata__"] = {{"format", "pt"}, {"epochs", 3}};
        CHECK_THAT(BrokenCheckpoint(parts.bytes()).loadError(),
                   Catch::Contains("\"__metadata__\" entry \"epochs\" is number, expected a string"));
        const std::string deep = "{\"a\":{\"shape\":" + std::string(1 << 20, '[');  // unclosed, as a hostile file
        CHECK_THAT(BrokenCheckpoint(testing::SafetensorsParts::join(deep, parts.data)).loadError(),
                   Catch::Contains("nests deeper than a safetensors header"));
    }
    SECTION("shape that does not match the byte count") {
        auto parts = fixtureParts();
        parts.header["transformer.ln_f.bias"]["shape"] = json::array({33});
        const BrokenCheckpoint c(parts.bytes());
        CHECK_THAT(c.loadError(), Catch::Contains("transformer.ln_f.bias") && Catch::Contains("needs 132"));
    }
    SECTION("missing tensor") {
        auto parts = fixtureParts();
        parts.removeTensor("transformer.h.1.mlp.c_proj.bias");
        const BrokenCheckpoint c(parts.bytes());
        CHECK_THAT(c.loadError(), Catch::Contains("missing tensor \"h.1.mlp.c_proj.bias\"") && Catch::Contains("[32]"));
    }
    SECTION("tensor of the wrong shape") {
        auto parts = fixtureParts();
        // Same bytes, transposed shape: a Linear-oriented c_attn instead of Conv1D.
        parts.header["transformer.h.0.attn.c_attn.weight"]["shape"] = json::array({96, 32});
        const BrokenCheckpoint c(parts.bytes());
        CHECK_THAT(c.loadError(), Catch::Contains("transformer.h.0.attn.c_attn.weight") &&
                                      Catch::Contains("shape [96, 32], expected [32, 96]"));
    }
    SECTION("weights in a dtype the forward pass cannot use") {
        auto parts = fixtureParts();
        auto& t = parts.header["transformer.ln_f.bias"];
        t["dtype"] = "I32";
        const BrokenCheckpoint c(parts.bytes());
        CHECK_THAT(c.loadError(), Catch::Contains("dtype I32, expected F32, F16 or BF16"));
    }
}

TEST_CASE("non-finite weights load with a warning", "[model][checkpoint][errors]") {
    auto parts = fixtureParts();
    const auto begin = parts.header["transformer.ln_f.weight"]["data_offsets"][0].get<std::size_t>();
    const float nan = std::numeric_limits<float>::quiet_NaN();
    std::memcpy(parts.data.data() + begin, &nan, 4);
    const BrokenCheckpoint c(parts.bytes());
    const auto model = Gpt2Model::loadFolder(c.dir.path());
    REQUIRE(model->warnings().size() == 1);
    CHECK_THAT(model->warnings()[0].english(), Catch::Contains("transformer.ln_f.weight") && Catch::Contains("non-finite"));
}

TEST_CASE("config.json is validated", "[model][checkpoint][errors]") {
    auto configError = [](const std::string& text) {
        try {
            Gpt2Config::fromJsonText(text, "some/config.json");
        } catch (const FormatError& e) {
            return std::string(e.what());
        }
        return std::string("(accepted)");
    };
    const std::string good = R"("n_layer": 2, "n_head": 4, "n_positions": 16, "vocab_size": 321)";
    CHECK_THAT(configError("{" + good + R"(, "n_embd": 30})"),
               Catch::Contains("some/config.json") && Catch::Contains("n_embd (30) is not divisible by n_head (4)"));
    CHECK_THAT(configError(R"({"n_layer": 2, "n_head": 4, "vocab_size": 321, "n_embd": 32})"), Catch::Contains("missing field \"n_ctx\""));
    CHECK_THAT(configError("{" + good + R"(, "n_embd": "32"})"), Catch::Contains("\"n_embd\" is string, expected an integer"));
    CHECK_THAT(configError("{" + good + R"(, "n_embd": 100000000})"), Catch::Contains("expected 1..65536"));
    CHECK_THAT(configError("{" + good + R"(, "n_embd": 32, "activation_function": "swish"})"), Catch::Contains("activation_function"));
    CHECK_THAT(configError("{" + good + R"(, "n_embd": 32, "model_type": "llama"})"), Catch::Contains("expected \"gpt2\""));
    CHECK_THAT(configError("not json"), Catch::Contains("not valid JSON"));
    const Gpt2Config c = Gpt2Config::fromJsonText("{" + good + R"(, "n_embd": 32, "n_ctx": 99})", "x");
    CHECK(c.nPositions == 16);  // n_positions wins over the older n_ctx
    CHECK(c.nInner == 128);
}

TEST_CASE("a config that disagrees with the tensors names the tensor", "[model][checkpoint][errors]") {
    TempDir dir;
    copyCheckpoint("tiny-f32-prefixed", dir.path());
    json config = readJson(dir / "config.json");
    config["n_layer"] = 3;
    writeFile(dir / "config.json", config.dump());
    CHECK_THROWS_WITH(Gpt2Model::loadFolder(dir.path()), Catch::Contains("missing tensor \"h.2.ln_1.weight\""));
}

TEST_CASE("what is not a regular file is refused", "[model][checkpoint][errors]") {
    TempDir dir;
    copyCheckpoint("tiny-f32-prefixed", dir.path());
    std::filesystem::remove(dir / "model.safetensors");
    SECTION("a missing file") {
        CHECK_THROWS_WITH(Gpt2Model::loadFolder(dir.path()), Catch::Contains("model.safetensors: missing"));
    }
    SECTION("a directory") {
        std::filesystem::create_directory(dir / "model.safetensors");
        CHECK_THROWS_WITH(Gpt2Model::loadFolder(dir.path()), Catch::Contains("not a regular file"));
    }
    SECTION("a FIFO (would block a naive reader forever)") {
        REQUIRE(::mkfifo((dir / "model.safetensors").c_str(), 0600) == 0);
        CHECK_THROWS_WITH(Gpt2Model::loadFolder(dir.path()), Catch::Contains("not a regular file"));
    }
    SECTION("not a folder at all") {
        CHECK_THROWS_WITH(Gpt2Model::loadFolder(dir / "config.json"), Catch::Contains("not a folder"));
    }
    SECTION("a folder that does not exist says so") {
        CHECK_THROWS_WITH(Gpt2Model::loadFolder(dir / "no such folder"), Catch::Contains("no such folder: does not exist"));
    }
}

TEST_CASE("a vocabulary padded beyond the tokenizer masks the ids without text", "[model][checkpoint][padded]") {
    TempDir dir;
    copyCheckpoint("tiny-f32-prefixed", dir.path());
    const int tokens = Gpt2Model::loadFolder(dir.path())->tokenizer().vocabSize();
    padVocabulary(dir.path(), 47, 4.0f);

    const auto model = Gpt2Model::loadFolder(dir.path());
    REQUIRE(model->config().vocabSize == tokens + 47);
    CHECK(model->decodableVocabSize() == tokens);
    REQUIRE(model->warnings().size() == 1);
    CHECK_THAT(model->warnings()[0].english(), Catch::Contains("config.json: vocab_size " + std::to_string(tokens + 47)) &&
                                         Catch::Contains("masked"));
    CHECK(model->recordShape()->decodableVocabSize == tokens);

    // The padded rows are large: unmasked, their logits would win (checked here, so that the
    // test fails if the mask goes).
    const auto ids = model->tokenizer().encode("hello world");
    InferenceState state(model);
    const ForwardResult forward = state.forward(ids, true);
    for (int id = tokens; id < tokens + 47; ++id) CHECK(std::isinf(forward.logits[id]));
    const Gpt2Weights& w = model->weights();
    const auto residual = forward.positions.back()->finalResidual();
    Eigen::MatrixXf x = Eigen::Map<const Eigen::VectorXf>(residual.data(), model->config().nEmbd), normed;
    layerNorm(x, w.lnFWeight, w.lnFBias, model->config().layerNormEpsilon, normed);
    Eigen::VectorXf raw(model->config().vocabSize);
    applyOutputHead(w.lmHead, normed.data(), raw.data());
    CHECK(raw.tail(47).maxCoeff() > raw.head(tokens).maxCoeff());
    CHECK(raw.head(tokens) == forward.logits.head(tokens));

    GenerateRequest request;
    request.prompt = ids;
    request.newTokens = 12;
    for (std::uint64_t seed = 0; seed < 8; ++seed) {
        request.sampling.greedy = seed == 0;
        request.sampling.temperature = 3.0f;  // hot: every real id gets a chance, a padded one none
        request.sampling.seed = seed;
        GenerationSession session(model, {true, 500});
        std::vector<StepRecordPtr> steps;
        generate(session, request, [&](const StepRecordPtr& r) { steps.push_back(r); });
        for (const auto& s : steps) {
            CHECK(s->chosen < tokens);
            for (const Candidate& c : s->topK) CHECK(c.token < tokens);
            CHECK(std::isfinite(s->entropy));
        }
        std::vector<std::int32_t> text = steps.back()->tokens;
        text.push_back(steps.back()->chosen);
        CHECK_NOTHROW(model->tokenizer().decode(text));
    }
}

TEST_CASE("copied weights survive their file being truncated, rewritten or replaced, and the change is noticed",
          "[model][checkpoint][changed]") {
    TempDir dir;
    copyCheckpoint("tiny-f32-prefixed", dir.path());
    const auto model = Gpt2Model::loadFolder(dir.path());  // copies by default
    REQUIRE(model->weightsCopied());
    CHECK(model->changedFiles().empty());
    const auto ids = model->tokenizer().encode("Hello, the cat");
    auto run = [&] {
        InferenceState state(model);
        return Eigen::VectorXf(state.forward(ids, true).logits);
    };
    const Eigen::VectorXf before = run();

    const auto weights = dir / "model.safetensors";
    const std::string original = readFile(weights);
    SECTION("truncated in place (a mapping would fault with SIGBUS here)") {
        REQUIRE(::truncate(weights.c_str(), 0) == 0);
        CHECK(run() == before);
        REQUIRE(model->changedFiles().size() == 1);
        CHECK_THAT(model->changedFiles()[0], Catch::Contains(weights.string() + ": changed size since the model was loaded (" +
                                                             std::to_string(original.size()) + " -> 0 bytes)"));
    }
    SECTION("rewritten in place with other numbers, same size") {
        std::string other = original;
        for (std::size_t i = other.size() - 4096; i < other.size(); ++i) other[i] = static_cast<char>(other[i] ^ 0x5a);
        std::ofstream(weights, std::ios::binary | std::ios::in | std::ios::out).write(other.data(), static_cast<std::streamsize>(other.size()));
        struct timespec times[2] = {{0, UTIME_OMIT}, {1, 0}};  // a time that surely differs
        REQUIRE(::utimensat(AT_FDCWD, weights.c_str(), times, 0) == 0);
        CHECK(run() == before);
        REQUIRE(model->changedFiles().size() == 1);
        CHECK_THAT(model->changedFiles()[0], Catch::Contains("was rewritten since the model was loaded"));
    }
    SECTION("replaced by another file (cp, rename)") {
        writeFile(dir / "other", original);
        std::filesystem::rename(dir / "other", weights);
        REQUIRE(model->changedFiles().size() == 1);
        CHECK_THAT(model->changedFiles()[0], Catch::Contains("was replaced by another file"));
    }
    SECTION("removed, and a tokenizer.json appears") {
        std::filesystem::remove(weights);
        writeFile(dir / "tokenizer.json", "{}");
        CHECK(run() == before);
        REQUIRE(model->changedFiles().size() == 2);
        CHECK_THAT(model->changedFiles()[0], Catch::Contains("model.safetensors: was removed"));
        CHECK_THAT(model->changedFiles()[1], Catch::Contains("tokenizer.json: appeared"));
    }
}

TEST_CASE("the fingerprint is of the bytes read, once, and a folder is hashed the same way", "[model][checkpoint][fingerprint]") {
    const std::string variant = GENERATE(as<std::string>{}, "tiny-f32-prefixed", "tiny-f16", "tiny-bf16-untied");
    LoadOptions mapped;
    mapped.copyWeights = false;
    const auto copied = Gpt2Model::loadFolder(checkpointDir(variant));
    const auto viaMapping = Gpt2Model::loadFolder(checkpointDir(variant), mapped);
    CHECK(copied->fingerprint().size() == 64);
    CHECK(copied->fingerprint() == viaMapping->fingerprint());
    CHECK(copied->fingerprint() == fingerprintFolder(checkpointDir(variant)));
    // One byte of the weights changed, another fingerprint.
    TempDir dir;
    copyCheckpoint(variant, dir.path());
    std::string bytes = readFile(dir / "model.safetensors");
    bytes.back() = static_cast<char>(bytes.back() ^ 1);
    writeFile(dir / "model.safetensors", bytes);
    CHECK(fingerprintFolder(dir.path()) != copied->fingerprint());
    CHECK(Gpt2Model::loadFolder(dir.path())->fingerprint() == fingerprintFolder(dir.path()));
}

TEST_CASE("hashing a folder refuses FIFOs and devices, and stops when cancelled", "[model][checkpoint][fingerprint]") {
    TempDir dir;
    copyCheckpoint("tiny-f32-prefixed", dir.path());
    SECTION("tokenizer.json is a FIFO: refused at once, never read (a read would block forever)") {
        REQUIRE(::mkfifo((dir / "tokenizer.json").c_str(), 0600) == 0);
        CHECK_THROWS_WITH(fingerprintFolder(dir.path()), Catch::Contains("tokenizer.json: is a FIFO"));
    }
    SECTION("model.safetensors links to /dev/zero: refused, not hashed for ever") {
        std::filesystem::remove(dir / "model.safetensors");
        std::filesystem::create_symlink("/dev/zero", dir / "model.safetensors");
        CHECK_THROWS_WITH(fingerprintFolder(dir.path()), Catch::Contains("is a character device"));
        CHECK_THROWS_WITH(Gpt2Model::loadFolder(dir.path()), Catch::Contains("is a character device"));
    }
    SECTION("cancelled: hashing and loading stop") {
        CHECK_THROWS_AS(fingerprintFolder(dir.path(), [] { return true; }), Cancelled);
        LoadOptions options;
        options.cancelled = [] { return true; };
        CHECK_THROWS_AS(Gpt2Model::loadFolder(dir.path(), options), Cancelled);
    }
}
