// What the fuzzers found (docs/reliability-fuzzing.md), each input fed again through the ordinary
// readers; the limits every loader keeps (what is not a regular file, chains of symbolic links,
// sizes that the file does not justify); and a replay of every committed fuzz corpus file through
// the same checks as the fuzz targets (fuzz/FuzzChecks.h), so that CI keeps checking the corpora
// with the ordinary compiler.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "fuzz/FuzzChecks.h"
#include "model/Config.h"
#include "model/Errors.h"
#include "model/Gpt2Model.h"
#include "model/RegularFile.h"
#include "model/Safetensors.h"
#include "model/Tokenizer.h"
#include "model/Weights.h"
#include "tests/model/Fixtures.h"

using namespace attnscope;
using namespace attnscope::testing;
using Catch::Matchers::Contains;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

fs::path fuzzInput(const std::string& target, const std::string& name) { return dataDir() / "fuzz" / target / name; }
fs::path corpusDir() { return dataDir().parent_path().parent_path() / "fuzz" / "corpus"; }


SafetensorsParts fixtureParts() { return SafetensorsParts::read(checkpointDir("tiny-f32-prefixed") / "model.safetensors"); }

Gpt2Config tinyConfig() { return Gpt2Config::fromJsonFile(checkpointDir("tiny-f32-prefixed") / "config.json"); }
const Tokenizer& tinyTokenizer() {
    static const Tokenizer tok = Tokenizer::fromFolder(checkpointDir("tiny-f32-prefixed"));
    return tok;
}

// An 8-byte little-endian header length followed by `rest`.
std::string withHeaderLength(std::uint64_t length, const std::string& rest) {
    std::string out(8, '\0');
    for (int i = 0; i < 8; ++i) out[i] = static_cast<char>((length >> (8 * i)) & 0xff);
    return out + rest;
}

std::string safetensorsError(const std::string& bytes) {
    return formatErrorOf([&] { (void)SafetensorsFile::fromBytes(bytes, "hostile/model.safetensors"); });
}

// A safetensors file whose only tensor is `entry` (dtype, shape, data_offsets), with `data` after it.
std::string oneTensor(const json& entry, const std::string& data = "") {
    return SafetensorsParts::join(json{{"t", entry}}.dump(), data);
}

std::string configError(const std::string& text) {
    return formatErrorOf([&] { (void)Gpt2Config::fromJsonText(text, "hostile/config.json"); });
}

std::string tokenizerJsonError(const std::string& text) {
    return formatErrorOf([&] { (void)Tokenizer::fromTokenizerJsonText(text, "hostile/tokenizer.json"); });
}

// The tiny fixture's tokenizer as a tokenizer.json document, to be altered.
json tinyTokenizerJson() {
    const fs::path folder = checkpointDir("tiny-f32-prefixed");
    std::vector<std::string> merges;
    std::istringstream lines(readFile(folder / "merges.txt"));
    for (std::string line; std::getline(lines, line);)
        if (!line.empty() && !line.starts_with("#version")) merges.push_back(line);
    return json{{"model", {{"type", "BPE"}, {"vocab", readJson(folder / "vocab.json")}, {"merges", merges}}}};
}

double secondsSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

// =============================================================================================
// Findings of the fuzzers. Each input is the one the fuzzer saved (tests/data/fuzz/<target>/).

TEST_CASE("fuzz finding: a JSON number beyond a double's range is a FormatError in every reader", "[model][fuzz]") {
    // nlohmann-json reports "1e3082" as out_of_range (406), not parse_error, and every reader
    // caught only parse_error: the exception escaped as an nlohmann type from config.json, the
    // safetensors header, vocab.json and tokenizer.json (all four fuzzers found it within seconds).
    SECTION("config.json") {
        const std::string text = readFile(fuzzInput("fuzz_config", "number-overflow-1e3082.json"));
        CHECK_THAT(configError(text), Contains("hostile/config.json") && Contains("not valid JSON") && Contains("number overflow"));
    }
    SECTION("safetensors header") {
        const std::string bytes = readFile(fuzzInput("fuzz_safetensors", "number-overflow-in-header.safetensors"));
        CHECK_THAT(safetensorsError(bytes), Contains("hostile/model.safetensors") && Contains("header is not valid JSON") &&
                                                Contains("number overflow"));
    }
    SECTION("vocab.json") {
        const std::string bytes = readFile(fuzzInput("fuzz_vocab_merges", "number-overflow-in-vocab.txt"));
        const auto input = fuzz::splitVocabMerges(bytes);
        CHECK_THAT(formatErrorOf([&] { (void)Tokenizer::fromVocabMergesText(input.vocabJson, input.mergesTxt, "hostile/vocab.json", "hostile/merges.txt"); }),
                   Contains("hostile/vocab.json") && Contains("not valid JSON") && Contains("number overflow"));
    }
    SECTION("tokenizer.json") {
        const std::string text = readFile(fuzzInput("fuzz_tokenizer_json", "number-overflow-in-vocab.json"));
        CHECK_THAT(tokenizerJsonError(text), Contains("hostile/tokenizer.json") && Contains("not valid JSON") && Contains("number overflow"));
    }
    SECTION("the same through the files") {
        TempDir dir;
        writeFile(dir / "config.json", R"({"n_layer": 1e400})");
        CHECK_THAT(formatErrorOf([&] { (void)Gpt2Config::fromJsonFile(dir / "config.json"); }), Contains("config.json") && Contains("number overflow"));
    }
}

TEST_CASE("fuzz finding: a layer_norm_epsilon that a float rounds to 0 or 1 is refused", "[model][fuzz]") {
    // 1e-50 is in (0, 1) as a double, which is what config.json was checked as, but the forward
    // pass uses a float, where it is 0: layer norm of a constant vector divided by zero. The fuzzer
    // found it (Config.h promises an epsilon in (0, 1)).
    const std::string text = readFile(fuzzInput("fuzz_config", "layer-norm-epsilon-1e-50.json"));
    CHECK_THAT(configError(text), Contains("hostile/config.json") && Contains("\"layer_norm_epsilon\" is 1e-50, which a float rounds to 0"));
    const std::string rest = R"("n_layer": 2, "n_head": 4, "n_embd": 32, "n_positions": 16, "vocab_size": 321)";
    CHECK_THAT(configError("{" + rest + R"(, "layer_norm_epsilon": 0.999999999999})"), Contains("which a float rounds to 1"));
    CHECK_THAT(configError("{" + rest + R"(, "layer_norm_epsilon": 1e-40})"), Contains("expected a value in (0, 1) that a float holds"));
    CHECK(Gpt2Config::fromJsonText("{" + rest + R"(, "layer_norm_epsilon": 1e-30})", "ok").layerNormEpsilon == 1e-30f);
}

// =============================================================================================
// Found by review while writing the fuzz targets' checks, and kept here with the fuzz findings.

TEST_CASE("review finding: a tensor shape whose byte count wraps past 2^64 is refused", "[model][fuzz][limits]") {
    // The element count was bounded by 2^62, but then multiplied by the dtype's size: 2^62 F32
    // elements are 2^64 bytes, which wrapped to 0, so [2^62] F32 with data_offsets [0, 0] was
    // accepted as a tensor of 4.6e18 elements held in 0 bytes.
    const std::uint64_t two62 = std::uint64_t(1) << 62;
    CHECK_THAT(safetensorsError(oneTensor({{"dtype", "F32"}, {"shape", {two62}}, {"data_offsets", {0, 0}}})),
               Contains("tensor \"t\"") && Contains("absurdly large"));
    CHECK_THAT(safetensorsError(oneTensor({{"dtype", "F64"}, {"shape", {two62 / 4, 2}}, {"data_offsets", {0, 0}}})),
               Contains("absurdly large"));
    CHECK_THAT(safetensorsError(oneTensor({{"dtype", "I16"}, {"shape", {std::uint64_t(1) << 32, std::uint64_t(1) << 32}}, {"data_offsets", {0, 0}}})),
               Contains("absurdly large"));
    // 2^61 BF16 elements are 2^62 bytes: no wrap, an honest "needs" message.
    CHECK_THAT(safetensorsError(oneTensor({{"dtype", "BF16"}, {"shape", {two62 / 2}}, {"data_offsets", {0, 0}}})),
               Contains("0 bytes of data, but shape [2305843009213693952] of BF16 needs 4611686018427387904"));
}

TEST_CASE("review finding: a dimension of 2^63 or more after a zero is refused, not stored as negative", "[model][fuzz][limits]") {
    // After a 0 the element count stays 0, so the overflow check let any later dimension through
    // and [0, 2^63] was stored in the int64 shape as [0, -9223372036854775808].
    CHECK_THAT(safetensorsError(oneTensor({{"dtype", "F32"}, {"shape", {0, std::uint64_t(1) << 63}}, {"data_offsets", {0, 0}}})),
               Contains("shape entries must be non-negative integers below 2^63"));
    CHECK_THAT(safetensorsError(oneTensor({{"dtype", "F32"}, {"shape", {0, -1}}, {"data_offsets", {0, 0}}})),
               Contains("non-negative"));
    CHECK_THAT(safetensorsError(oneTensor({{"dtype", "F32"}, {"shape", {1.5}}, {"data_offsets", {0, 4}}}, "abcd")),
               Contains("non-negative"));
    // Zero-sized tensors themselves are fine.
    const auto file = SafetensorsFile::fromBytes(oneTensor({{"dtype", "F32"}, {"shape", {0, 7}}, {"data_offsets", {0, 0}}}), "ok");
    CHECK(file->find("t")->elementCount() == 0);
}

TEST_CASE("review finding: an added token with id 2^31-1 is reported as a gap, not sized into 64 GB", "[model][fuzz][limits]") {
    // The slots for added tokens past model.vocab were sized from the id (extra.resize(id - n + 1)),
    // so one entry with a large id allocated that many strings before the gap was reported: 2^31-1
    // asked for 64 GB and threw std::bad_alloc, a few million quietly took gigabytes.
    json file = tinyTokenizerJson();
    file["added_tokens"] = {{{"id", INT32_MAX}, {"content", "<big>"}}};
    const auto start = std::chrono::steady_clock::now();
    CHECK_THAT(tokenizerJsonError(file.dump()), Contains("added_tokens leave id 321 unused"));
    file["added_tokens"] = {{{"id", 322}, {"content", "<b>"}}, {{"id", 321}, {"content", "<a>"}}, {{"id", 50000000}, {"content", "<c>"}}};
    CHECK_THAT(tokenizerJsonError(file.dump()), Contains("added_tokens leave id 323 unused"));
    CHECK(secondsSince(start) < 5.0);
    // In order, without gaps, they load.
    file["added_tokens"] = {{{"id", 322}, {"content", "<b>"}}, {{"id", 321}, {"content", "<a>"}}};
    const Tokenizer tok = Tokenizer::fromTokenizerJsonText(file.dump(), "ok");
    CHECK(tok.vocabSize() == 323);
    CHECK(tok.encode("x<b>") == std::vector<int32_t>{tok.idOf("x").value(), 322});
}

TEST_CASE("review finding: an error message that quotes a deeply nested value does not overflow the stack", "[model][fuzz][limits]") {
    // Messages quote the offending value through json::dump(), which recursed once per level and
    // wrote the whole value to keep 40 characters of it: 100,000 nested '[' (a 200 kB file)
    // crashed the loader with a stack overflow. Parsing and freeing such a value were never the
    // problem (nlohmann-json does both without recursion).
    const std::size_t depth = 100000;
    const std::string nested = std::string(depth, '[') + std::string(depth, ']');
    CHECK_THAT(tokenizerJsonError(nested), Contains("expected a JSON object, found [[[[[[[[") && Contains("..."));
    const std::string vocab = R"({"a": )" + nested + "}";
    CHECK_THAT(formatErrorOf([&] { (void)Tokenizer::fromVocabMergesText(vocab, "a b\n", "deep/vocab.json", "deep/merges.txt"); }),
               Contains("deep/vocab.json: the id of 'a' is [[[[[[[["));
    // (Written as text: building it as a json and dumping it would overflow this test's stack.)
    std::string file = tinyTokenizerJson().dump();
    file.pop_back();
    file += R"(,"added_tokens":[)" + nested + "]}";
    CHECK_THAT(tokenizerJsonError(file), Contains("added_tokens[0] is [[[[[[[[") && Contains(", expected an object"));
    // Long values are cut, not written out whole.
    CHECK_THAT(tokenizerJsonError(json{{"model", std::string(1 << 20, 'x')}}.dump()),
               Contains("model is \"" + std::string(36, 'x') + "..., expected an object"));
}

TEST_CASE("review finding: an added token that is the vocabulary's spelling of other bytes is refused", "[model][fuzz]") {
    // "Ġt" (id 256) is how model.vocab spells the bytes " t". As an added token it was cut out of
    // the text "aĠt" as id 256, which decodes to " t": decode(encode(s)) != s, the promise the fuzz
    // targets check on every tokenizer they load.
    json file = tinyTokenizerJson();
    file["added_tokens"] = {{{"id", 256}, {"content", "\xC4\xA0t"}}};
    CHECK_THAT(tokenizerJsonError(file.dump()),
               Contains("added_tokens[0]: '\xC4\xA0t' is model.vocab's spelling of the bytes \" t\"") &&
                   Contains("expected an added token that spells itself"));
    // <|endoftext|> spells itself: accepted, and it round-trips.
    file["added_tokens"] = {{{"id", 320}, {"content", "<|endoftext|>"}}};
    const Tokenizer tok = Tokenizer::fromTokenizerJsonText(file.dump(), "ok");
    const std::string text = "a\xC4\xA0t<|endoftext|> b";
    CHECK(tok.decode(tok.encode(text)) == text);
}

TEST_CASE("review finding: a tensor named h. and 100,000 digits does not overflow the stack", "[model][fuzz]") {
    // Unused tensors were matched against (transformer.)?h.\d+.attn.(bias|masked_bias) with
    // std::regex_match, which recurses once per character: a complete checkpoint with one more
    // tensor whose name held 100,000 digits crashed the loader.
    auto parts = fixtureParts();
    const std::size_t end = parts.data.size();
    const std::string digits(100000, '7');
    parts.header["h." + digits + ".attn.bias"] = {{"dtype", "F32"}, {"shape", {0}}, {"data_offsets", {end, end}}};
    parts.header["h." + digits + ".attn.biases"] = {{"dtype", "F32"}, {"shape", {0}}, {"data_offsets", {end, end}}};
    parts.header["transformer.h.7.attn.masked_bias"] = {{"dtype", "F32"}, {"shape", {0}}, {"data_offsets", {end, end}}};
    parts.header["h..attn.bias"] = {{"dtype", "F32"}, {"shape", {0}}, {"data_offsets", {end, end}}};
    const auto file = SafetensorsFile::fromBytes(parts.bytes(), "long-names/model.safetensors");
    const Gpt2Weights weights = Gpt2Weights::fromSafetensors(file, tinyConfig());
    // The mask buffers are skipped as before; the two that only look like one are reported.
    REQUIRE(weights.warnings.size() == 1);
    CHECK_THAT(weights.warnings[0].english(), Contains("ignored 2 tensor(s)") && Contains("h..attn.bias") && Contains(digits + ".attn.biases"));
}

// =============================================================================================
// Loader limits

TEST_CASE("loader limits: a FIFO, a folder or a device in place of any file of a model folder is refused", "[model][fuzz][limits]") {
    // Each case must come back at once: opening a FIFO for reading would block until a writer
    // comes, and /dev/zero never ends.
    const std::string kind = GENERATE(as<std::string>{}, "FIFO", "folder", "device");
    const std::string name = GENERATE(as<std::string>{}, "config.json", "model.safetensors", "vocab.json", "merges.txt");
    CAPTURE(kind, name);
    TempDir dir;
    copyCheckpoint("tiny-f32-prefixed", dir.path());
    fs::remove(dir / name);
    std::string expected;
    if (kind == "FIFO") {
        REQUIRE(::mkfifo((dir / name).c_str(), 0600) == 0);
        expected = "is a FIFO (named pipe), not a regular file";
    } else if (kind == "folder") {
        fs::create_directory(dir / name);
        expected = "is a folder, not a regular file";
    } else {
        fs::create_symlink("/dev/zero", dir / name);
        expected = "is a character device, not a regular file";
    }
    const auto start = std::chrono::steady_clock::now();
    CHECK_THAT(formatErrorOf([&] { (void)Gpt2Model::loadFolder(dir.path()); }), Contains((dir / name).string()) && Contains(expected));
    CHECK(secondsSince(start) < 5.0);
}

TEST_CASE("loader limits: each reader refuses what is not a regular file by itself", "[model][fuzz][limits]") {
    TempDir dir;
    REQUIRE(::mkfifo((dir / "fifo").c_str(), 0600) == 0);
    const fs::path tinyVocab = checkpointDir("tiny-f32-prefixed") / "vocab.json";
    const fs::path tinyMerges = checkpointDir("tiny-f32-prefixed") / "merges.txt";
    for (const fs::path& bad : {dir / "fifo", dir.path(), fs::path("/dev/null"), fs::path("/dev/zero")}) {
        CAPTURE(bad);
        CHECK_THAT(formatErrorOf([&] { (void)SafetensorsFile::open(bad); }), Contains(bad.string()) && Contains("not a regular file"));
        CHECK_THAT(formatErrorOf([&] { (void)Gpt2Config::fromJsonFile(bad); }), Contains(bad.string()) && Contains("not a regular file"));
        CHECK_THAT(formatErrorOf([&] { (void)Tokenizer::fromFiles(bad, tinyMerges); }), Contains(bad.string()) && Contains("not a regular file"));
        CHECK_THAT(formatErrorOf([&] { (void)Tokenizer::fromFiles(tinyVocab, bad); }), Contains(bad.string()) && Contains("not a regular file"));
        CHECK_THAT(formatErrorOf([&] { (void)Tokenizer::fromTokenizerJson(bad); }), Contains(bad.string()) && Contains("not a regular file"));
    }
    SECTION("tokenizer.json found by fromFolder") {
        REQUIRE(::mkfifo((dir / "tokenizer.json").c_str(), 0600) == 0);
        CHECK_THAT(formatErrorOf([&] { (void)Tokenizer::fromFolder(dir.path()); }), Contains("tokenizer.json") && Contains("is a FIFO"));
    }
}

TEST_CASE("loader limits: symbolic links are followed at most 8 in a row, and a loop is a clear error", "[model][fuzz][limits]") {
    TempDir dir;
    copyCheckpoint("tiny-f32-prefixed", dir.path());
    // link-k points at link-(k-1); link-0 at the real file: link-k is k+1 links away from it.
    const auto chain = [&](const std::string& file, int links) {
        fs::rename(dir / file, dir / (file + ".real"));
        fs::path previous = file + ".real";  // relative: resolved against the link's own folder
        for (int k = 0; k < links; ++k) {
            const fs::path link = dir / (file + ".link" + std::to_string(k));
            fs::create_symlink(previous, link);
            previous = link.filename();
        }
        fs::rename(dir / previous, dir / file);
    };
    SECTION("8 links in a row load") {
        chain("config.json", RegularFile::kMaxSymlinkHops);
        chain("model.safetensors", RegularFile::kMaxSymlinkHops);
        chain("vocab.json", RegularFile::kMaxSymlinkHops);
        chain("merges.txt", RegularFile::kMaxSymlinkHops);
        CHECK(Gpt2Model::loadFolder(dir.path())->config().nLayer == 2);
    }
    SECTION("9 are refused, for each file") {
        const std::string name = GENERATE(as<std::string>{}, "config.json", "model.safetensors", "vocab.json", "merges.txt");
        CAPTURE(name);
        chain(name, RegularFile::kMaxSymlinkHops + 1);
        CHECK_THAT(formatErrorOf([&] { (void)Gpt2Model::loadFolder(dir.path()); }),
                   Contains((dir / name).string()) && Contains("more than 8 symbolic links in a row"));
    }
    SECTION("a loop") {
        // Before: the existence checks in Gpt2Model::loadFolder threw std::filesystem::filesystem_error
        // ("Too many levels of symbolic links") for vocab.json, and called model.safetensors "missing".
        const std::string name = GENERATE(as<std::string>{}, "config.json", "model.safetensors", "vocab.json", "merges.txt");
        CAPTURE(name);
        fs::remove(dir / name);
        fs::create_symlink(name + ".other", dir / name);
        fs::create_symlink(name, dir / (name + ".other"));
        CHECK_THAT(formatErrorOf([&] { (void)Gpt2Model::loadFolder(dir.path()); }),
                   Contains((dir / name).string()) && Contains("symbolic links in a row (a loop?)"));
    }
    SECTION("a loop as tokenizer.json") {
        TempDir only;
        fs::create_symlink("tokenizer.json", only / "tokenizer.json");
        CHECK_THAT(formatErrorOf([&] { (void)Tokenizer::fromFolder(only.path()); }), Contains("tokenizer.json") && Contains("(a loop?)"));
        CHECK_THAT(formatErrorOf([&] { (void)Tokenizer::fromTokenizerJson(only / "tokenizer.json"); }), Contains("(a loop?)"));
    }
    SECTION("a link to nothing") {
        fs::remove(dir / "merges.txt");
        fs::create_symlink("gone.txt", dir / "merges.txt");
        CHECK_THAT(formatErrorOf([&] { (void)Gpt2Model::loadFolder(dir.path()); }),
                   Contains("merges.txt: file not found (it is a symbolic link to") && Contains("gone.txt"));
    }
    SECTION("a link to a FIFO") {
        REQUIRE(::mkfifo((dir / "pipe").c_str(), 0600) == 0);
        fs::remove(dir / "config.json");
        fs::create_symlink("pipe", dir / "config.json");
        CHECK_THAT(formatErrorOf([&] { (void)Gpt2Model::loadFolder(dir.path()); }), Contains("config.json: is a FIFO"));
    }
}

TEST_CASE("loader limits: a safetensors header length the file cannot hold is refused before anything is read", "[model][fuzz][limits]") {
    // The length is checked against the limit and the file's own size before a byte of the
    // header is parsed, so no field can make the loader allocate more than the file holds.
    CHECK_THAT(safetensorsError(withHeaderLength(std::uint64_t(1) << 63, "{}")), Contains("header length 9223372036854775808") && Contains("absurdly large"));
    CHECK_THAT(safetensorsError(withHeaderLength(~std::uint64_t(0), "{}")), Contains("absurdly large"));
    CHECK_THAT(safetensorsError(withHeaderLength(SafetensorsFile::kMaxHeaderBytes + 1, "{}")), Contains("absurdly large"));
    CHECK_THAT(safetensorsError(withHeaderLength(SafetensorsFile::kMaxHeaderBytes, "{}")), Contains("runs past the end of the file (10 bytes)"));
    CHECK_THAT(safetensorsError(withHeaderLength(3, "{}")), Contains("runs past the end of the file"));
    CHECK_THAT(safetensorsError(std::string(7, '\0')), Contains("truncated: 7 bytes"));
    // The same through a file: a 16-byte file claiming a 2^63-byte header.
    TempDir dir;
    writeFile(dir / "model.safetensors", withHeaderLength(std::uint64_t(1) << 63, "{}      "));
    CHECK_THAT(formatErrorOf([&] { (void)SafetensorsFile::open(dir / "model.safetensors"); }), Contains("absurdly large"));
}

TEST_CASE("loader limits: data offsets the data does not hold are refused", "[model][fuzz][limits]") {
    const std::uint64_t huge = ~std::uint64_t(0);
    CHECK_THAT(safetensorsError(oneTensor({{"dtype", "U8"}, {"shape", {4}}, {"data_offsets", {huge - 1, huge}}}, "abcd")),
               Contains("run past the end of the data (4 bytes)"));
    CHECK_THAT(safetensorsError(oneTensor({{"dtype", "U8"}, {"shape", {4}}, {"data_offsets", {4, 0}}}, "abcd")), Contains("begin after they end"));
    CHECK_THAT(safetensorsError(oneTensor({{"dtype", "U8"}, {"shape", {4}}, {"data_offsets", {0, -4}}}, "abcd")), Contains("non-negative"));
}

TEST_CASE("loader limits: tokenizer and config files larger than their limit are refused before being read", "[model][fuzz][limits]") {
    TempDir dir;
    // Sparse files: the size is there, the disk blocks are not, and nothing may read them whole.
    std::ofstream(dir / "tokenizer.json").close();
    fs::resize_file(dir / "tokenizer.json", (256ull << 20) + 1);
    CHECK_THAT(formatErrorOf([&] { (void)Tokenizer::fromTokenizerJson(dir / "tokenizer.json"); }),
               Contains("tokenizer.json: is 268435457 bytes, expected a tokenizer file of at most 256 MiB"));
    std::ofstream(dir / "config.json").close();
    fs::resize_file(dir / "config.json", (1 << 20) + 1);
    CHECK_THAT(formatErrorOf([&] { (void)Gpt2Config::fromJsonFile(dir / "config.json"); }),
               Contains("config.json: is 1048577 bytes, expected a small JSON file of at most 1 MiB"));
}

TEST_CASE("loader limits: sizes in config.json are bounded, and checked against the tensors before anything is sized from them", "[model][fuzz][limits]") {
    const std::string rest = R"("n_positions": 16, "vocab_size": 321)";
    CHECK_THAT(configError(R"({"n_layer": 1000000000, "n_head": 4, "n_embd": 32, )" + rest + "}"),
               Contains("field \"n_layer\" is 1000000000, expected 1..1024"));
    CHECK_THAT(configError(R"({"n_layer": 2, "n_head": 4, "n_embd": 2147483648, )" + rest + "}"),
               Contains("field \"n_embd\" is 2147483648, expected 1..65536"));
    CHECK_THAT(configError(R"({"n_layer": 2, "n_head": 4, "n_embd": 18446744073709551615, )" + rest + "}"), Contains("expected 1..65536"));
    CHECK_THAT(configError(R"({"n_layer": 2, "n_head": 65536, "n_embd": 32, )" + rest + "}"), Contains("not divisible by n_head"));
    CHECK_THAT(configError(R"({"n_layer": 2, "n_head": 0, "n_embd": 32, )" + rest + "}"), Contains("field \"n_head\" is 0"));
    CHECK_THAT(configError(R"({"n_layer": 2, "n_head": 4, "n_embd": 32, "n_positions": 16, "vocab_size": 4194305})"),
               Contains("field \"vocab_size\" is 4194305"));
    CHECK_THAT(configError(R"({"n_layer": 2, "n_head": 4, "n_embd": 32, "n_inner": 1e300, )" + rest + "}"), Contains("field \"n_inner\" is number"));

    // n_embd * n_head = 2^32 does not fit an int, yet the config is consistent (head width 1); and
    // every size at its bound at once would mean a terabyte of weights. Neither is sized from the
    // config: the first tensor that does not match the file's is a clear error, at once.
    TempDir dir;
    copyCheckpoint("tiny-f32-prefixed", dir.path());
    json config = readJson(dir / "config.json");
    config["n_embd"] = 65536;
    config["n_head"] = 65536;
    writeFile(dir / "config.json", config.dump());
    CHECK(Gpt2Config::fromJsonFile(dir / "config.json").headDim() == 1);
    CHECK_THAT(formatErrorOf([&] { (void)Gpt2Model::loadFolder(dir.path()); }),
               Contains("tensor \"transformer.wte.weight\" has shape [321, 32], expected [321, 65536]"));
    config["n_layer"] = 1024;
    config["n_positions"] = 1 << 20;
    config["n_inner"] = 1 << 20;
    config["vocab_size"] = 1 << 22;
    writeFile(dir / "config.json", config.dump());
    const auto start = std::chrono::steady_clock::now();
    CHECK_THAT(formatErrorOf([&] { (void)Gpt2Model::loadFolder(dir.path()); }),
               Contains("tensor \"transformer.wte.weight\" has shape [321, 32], expected [4194304, 65536]"));
    CHECK(secondsSince(start) < 5.0);
}

// =============================================================================================
// The committed corpora, replayed with the ordinary compiler

TEST_CASE("every committed fuzz corpus file loads or is refused with FormatError or UsageError", "[model][fuzz][corpus]") {
    const Gpt2Config config = tinyConfig();
    const Tokenizer gpt2 = Tokenizer::gpt2();
    const std::vector<std::pair<std::string, std::function<fuzz::Outcome(std::string_view)>>> targets = {
        {"fuzz_safetensors", [&](std::string_view in) { return fuzz::checkSafetensors(in, config); }},
        {"fuzz_config", [](std::string_view in) { return fuzz::checkConfig(in); }},
        {"fuzz_vocab_merges", [](std::string_view in) { return fuzz::checkVocabMerges(in); }},
        {"fuzz_tokenizer_json", [](std::string_view in) { return fuzz::checkTokenizerJson(in); }},
        {"fuzz_tokenizer_encode", [&](std::string_view in) { return fuzz::checkEncode(in, gpt2, tinyTokenizer()); }},
        {"fuzz_workspace", [](std::string_view in) { return fuzz::checkWorkspace(in); }},
    };
    for (const auto& [target, check] : targets) {
        const fs::path dir = corpusDir() / target;
        INFO("corpus " << dir.string());
        REQUIRE(fs::is_directory(dir));
        std::size_t loaded = 0, refused = 0;
        for (const auto& entry : fs::directory_iterator(dir)) {
            const std::string bytes = readFile(entry.path());
            try {
                (check(bytes) == fuzz::Outcome::Loaded ? loaded : refused) += 1;
            } catch (const std::exception& e) {
                FAIL_CHECK(entry.path().string() << ": " << e.what());
            }
        }
        CAPTURE(target, loaded, refused);
        CHECK(loaded + refused >= 10);  // a minimised corpus is still dozens of files
        if (target != "fuzz_tokenizer_encode") CHECK(refused > 0);
        if (target == "fuzz_tokenizer_encode") CHECK(refused == 0);  // any bytes encode
        CHECK(loaded > 0);
    }
}
