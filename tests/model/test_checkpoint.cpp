// Loading Hugging Face folders, and every way a folder can be wrong: each failure must name the
// file, the tensor or field, and what was expected.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include "model/Config.h"
#include "model/Errors.h"
#include "model/Gpt2Model.h"
#include "model/Safetensors.h"
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

TEST_CASE("F32 weights are used in place, not copied", "[model][checkpoint]") {
    const auto model = Gpt2Model::loadFolder(checkpointDir("tiny-f32-prefixed"));
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
    CHECK_THAT(model->warnings()[0], Catch::Contains("transformer.ln_f.weight") && Catch::Contains("non-finite"));
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
