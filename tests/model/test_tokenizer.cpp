// The GPT-2 tokenizer against ids from independent implementations (tools/make_tokenizer_goldens.js),
// against a straightforward re-implementation of encoder.py's bpe() on long words, and on every
// malformed input we promise to report.
#include <catch2/catch.hpp>

#include "model/Errors.h"
#include "model/Tokenizer.h"
#include "tests/model/Fixtures.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <unordered_map>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

using attnscope::FormatError;
using attnscope::SpecialTokens;
using attnscope::Tokenizer;
using attnscope::UsageError;
using attnscope::testing::formatErrorOf;
using Catch::Matchers::Contains;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const Tokenizer& gpt2() {
    static const Tokenizer tok = Tokenizer::gpt2();
    return tok;
}

const fs::path kGpt2Dir = fs::path(ATTNSCOPE_RESOURCES_DIR) / "tokenizers" / "gpt2";

std::string readFile(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void writeFile(const fs::path& p, const std::string& text) {
    std::ofstream out(p, std::ios::binary);
    out << text;
}

// A fresh folder under the system temp dir, removed at the end of the test.
struct TempDir {
    fs::path path;
    TempDir() {
        std::random_device rd;
        path = fs::temp_directory_path() / ("attnscope_tokenizer_test_" + std::to_string(rd()) + std::to_string(rd()));
        fs::create_directories(path);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
    fs::path operator/(const std::string& name) const { return path / name; }
};

// GPT-2's byte alphabet, written out from its definition in encoder.py (bytes_to_unicode).
std::string byteSpelling(unsigned b) {
    const auto printable = [](unsigned c) { return (c >= '!' && c <= '~') || (c >= 0xA1 && c <= 0xAC) || c >= 0xAE; };
    unsigned cp = b;
    if (!printable(b)) {
        cp = 256;
        for (unsigned c = 0; c < b; ++c)
            if (!printable(c)) ++cp;
    }
    std::string s;
    if (cp < 0x80) {
        s += static_cast<char>(cp);
    } else {
        s += static_cast<char>(0xC0 | (cp >> 6));
        s += static_cast<char>(0x80 | (cp & 0x3F));
    }
    return s;
}

std::string spell(const std::string& bytes) {
    std::string s;
    for (unsigned char c : bytes) s += byteSpelling(c);
    return s;
}

// A vocabulary of the 256 bytes (ids 0..255 in byte order) followed by `extra` spellings.
json smallVocab(const std::vector<std::string>& extra) {
    json v = json::object();
    for (unsigned b = 0; b < 256; ++b) v[byteSpelling(b)] = b;
    int id = 256;
    for (const auto& e : extra) v[e] = id++;
    return v;
}


// encoder.py's bpe() as written there (quadratic, no cache), on one pre-token.
struct ReferenceBpe {
    std::unordered_map<std::string, int32_t> vocab;
    std::unordered_map<std::string, int> ranks;  // "a b" -> rank, as in merges.txt

    ReferenceBpe() {
        const json parsed = json::parse(readFile(kGpt2Dir / "vocab.json"));
        for (const auto& [k, v] : parsed.items()) vocab[k] = v.get<int32_t>();
        std::istringstream merges(readFile(kGpt2Dir / "merges.txt"));
        std::string line;
        std::getline(merges, line);  // #version
        int rank = 0;
        while (std::getline(merges, line)) {
            const auto space = line.find(' ');
            if (space != std::string::npos) ranks[line] = rank++;
        }
    }

    std::vector<int32_t> encodeWord(const std::string& bytes) const {
        std::vector<std::string> word;
        for (unsigned char c : bytes) word.push_back(byteSpelling(c));
        while (word.size() > 1) {
            int best = -1;
            std::pair<std::string, std::string> bigram;
            for (size_t i = 0; i + 1 < word.size(); ++i) {
                const auto it = ranks.find(word[i] + " " + word[i + 1]);
                if (it != ranks.end() && (best < 0 || it->second < best)) best = it->second, bigram = {word[i], word[i + 1]};
            }
            if (best < 0) break;
            std::vector<std::string> next;
            for (size_t i = 0; i < word.size();) {
                if (i + 1 < word.size() && word[i] == bigram.first && word[i + 1] == bigram.second) {
                    next.push_back(bigram.first + bigram.second);
                    i += 2;
                } else {
                    next.push_back(word[i++]);
                }
            }
            word = std::move(next);
        }
        std::vector<int32_t> ids;
        for (const auto& w : word) ids.push_back(vocab.at(w));
        return ids;
    }
};

// Random well-formed UTF-8 from pools that cover the pattern's classes.
std::string randomText(std::mt19937& rng, size_t maxChars) {
    static const std::vector<std::vector<std::string>> pools = {
        {"a", "b", "e", "t", "Z", "Q", "x", "hello", "The", "ing"},
        {"0", "1", "7", "42", "2024"},
        {" ", " ", "  ", "\n", "\t", "\r\n"},
        {".", ",", "!", "?", "'", "\"", "(", ")", "-", "<", ">", "|", "\\", "#", "'s", "'ll", "'d"},
        {"é", "ü", "ß", "Å", "ç", "ñ", "ı", "İ", "ş", "ğ", "\xC2\xA0", "©", "±", "¿"},
        {"你", "好", "世", "界", "日", "本", "語", "한", "국", "\xE3\x80\x80"},
        {"😀", "👍", "👍🏽", "🇹🇷", "👨‍👩‍👧", "❤️", "🎉", "\xF0\x9F\x8F\xB3\xEF\xB8\x8F"},
        {"\xE2\x80\x89", "\xE2\x80\x8B", "\xC2\x85", "\xEF\xBB\xBF", "\xE1\xA0\x8E", "\x01", "\x7F"},
        {"<|endoftext|>", "<|endoftext|", "endoftext"},
    };
    std::uniform_int_distribution<size_t> pickPool(0, pools.size() - 1);
    std::uniform_int_distribution<size_t> length(0, maxChars);
    std::string s;
    for (size_t k = length(rng); k > 0; --k) {
        const auto& pool = pools[pickPool(rng)];
        s += pool[std::uniform_int_distribution<size_t>(0, pool.size() - 1)(rng)];
    }
    return s;
}

}  // namespace

TEST_CASE("GPT-2 ids equal those of gpt-3-encoder and tiktoken", "[tokenizer]") {
    const json goldens = json::parse(readFile(fs::path(ATTNSCOPE_TEST_DATA_DIR) / "tokenizer" / "gpt2_goldens.json"));
    const auto& cases = goldens.at("cases");
    REQUIRE(cases.size() > 100);
    const Tokenizer& tok = gpt2();
    for (const auto& c : cases) {
        const auto text = c.at("text").get<std::string>();
        const auto expected = c.at("ids").get<std::vector<int32_t>>();
        const auto expectedAsText = c.at("ids_as_text").get<std::vector<int32_t>>();
        INFO("case '" << c.at("name").get<std::string>() << "', text: " << c.at("text").dump());
        CHECK(tok.encode(text) == expected);
        CHECK(tok.encode(text, SpecialTokens::AsText) == expectedAsText);
        CHECK(tok.decode(expected) == text);
        CHECK(tok.decode(expectedAsText) == text);
    }
}

TEST_CASE("the examples from the issue", "[tokenizer]") {
    const Tokenizer& tok = gpt2();
    CHECK(tok.encode("Hello world") == std::vector<int32_t>{15496, 995});
    CHECK(tok.vocabSize() == 50257);
    CHECK(tok.endOfTextId() == 50256);
    CHECK(tok.idOf("<|endoftext|>") == 50256);
    CHECK(tok.idOf("Ġworld") == 995);
    CHECK(tok.idOf(" world") == std::nullopt);  // spelt in the byte alphabet, not as raw bytes
    CHECK(tok.encode("x <|endoftext|> y") == std::vector<int32_t>{87, 220, 50256, 331});
    CHECK(tok.encode("<|endoftext|>", SpecialTokens::AsText) == std::vector<int32_t>{27, 91, 437, 1659, 5239, 91, 29});
    CHECK(tok.encode("").empty());
}

TEST_CASE("long words are merged exactly as encoder.py's bpe() merges them", "[tokenizer]") {
    // A run of letters (no leading space) is a single pre-token, so encode() is bpe() of the whole
    // run; long runs are where the heap-based merge could drift from the quadratic original.
    static const ReferenceBpe reference;
    const Tokenizer& tok = gpt2();
    std::mt19937 rng(7);
    const std::vector<std::string> alphabets = {"abcdefghijklmnopqrstuvwxyz", "aeiourstln", "ab", "a", "thequickbrown"};
    for (int n = 0; n < 200; ++n) {
        const std::string& alphabet = alphabets[n % alphabets.size()];
        std::string word;
        const size_t length = std::uniform_int_distribution<size_t>(1, n < 190 ? 80 : 1500)(rng);
        for (size_t k = 0; k < length; ++k)
            word += alphabet[std::uniform_int_distribution<size_t>(0, alphabet.size() - 1)(rng)];
        INFO("word: " << word);
        REQUIRE(tok.encode(word) == reference.encodeWord(word));
    }
}

TEST_CASE("decode(encode(s)) == s for random valid UTF-8", "[tokenizer]") {
    const Tokenizer& tok = gpt2();
    std::mt19937 rng(20240917);
    for (int n = 0; n < 2000; ++n) {
        const std::string s = randomText(rng, 60);
        INFO("text: " << json(s).dump());
        REQUIRE(tok.decode(tok.encode(s)) == s);
        REQUIRE(tok.decode(tok.encode(s, SpecialTokens::AsText)) == s);
    }
}

TEST_CASE("arbitrary bytes never crash and round-trip", "[tokenizer]") {
    const Tokenizer& tok = gpt2();
    std::mt19937 rng(99);
    std::uniform_int_distribution<int> byte(0, 255), length(0, 100);
    for (int n = 0; n < 2000; ++n) {
        std::string s;
        for (int k = length(rng); k > 0; --k) {
            // Half random bytes, half pieces of valid text, so invalid runs sit between valid ones.
            if (byte(rng) < 128) s += static_cast<char>(byte(rng));
            else s += randomText(rng, 2);
        }
        INFO("bytes: " << json(s).dump(-1, ' ', false, json::error_handler_t::replace));
        const auto ids = tok.encode(s);
        REQUIRE(std::all_of(ids.begin(), ids.end(), [&](int32_t id) { return id >= 0 && id < tok.vocabSize(); }));
        REQUIRE(tok.decode(ids) == s);
    }
}

TEST_CASE("invalid UTF-8 is split off into its own pre-tokens", "[tokenizer]") {
    const Tokenizer& tok = gpt2();
    const auto cat = [](std::vector<int32_t> a, const std::vector<int32_t>& b) {
        a.insert(a.end(), b.begin(), b.end());
        return a;
    };
    // A lone byte is the byte's token; a truncated "’" (E2 80 99) is its two bytes' BPE.
    CHECK(tok.encode("\xFF") == std::vector<int32_t>{*tok.idOf(spell("\xFF"))});
    REQUIRE(tok.idOf(spell("\xE2\x80")).has_value());
    CHECK(tok.encode("\xE2\x80") == std::vector<int32_t>{*tok.idOf(spell("\xE2\x80"))});
    // The valid text around it is encoded as if the invalid run were the end / start of the text.
    CHECK(tok.encode("Hello \xE2\x80 world") == cat(cat(tok.encode("Hello "), tok.encode("\xE2\x80")), tok.encode(" world")));
    // Overlongs, surrogates and code points past U+10FFFF are invalid, not decoded.
    for (const std::string bad : {"\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xF8\x88\x80\x80\x80"}) {
        INFO("bytes: " << json(bad).dump(-1, ' ', false, json::error_handler_t::replace));
        CHECK(tok.decode(tok.encode("a" + bad + "b")) == "a" + bad + "b");
        CHECK(tok.encode("a" + bad + "b") == cat(cat(tok.encode("a"), tok.encode(bad)), tok.encode("b")));
    }
}

TEST_CASE("very long runs of one class are handled and fast", "[tokenizer]") {
    const Tokenizer& tok = gpt2();
    for (const std::string unit : {"a", "ab1", " ", "\n", "!", "1", "é", "中", "\xFF", " \xC2\xA0"}) {
        std::string s;
        while (s.size() < 200'000) s += unit;
        INFO("unit: " << json(unit).dump(-1, ' ', false, json::error_handler_t::replace));
        const auto start = std::chrono::steady_clock::now();
        const auto ids = tok.encode(s);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        CHECK(tok.decode(ids) == s);
        CHECK(seconds < 10.0);  // quadratic BPE would take minutes; linear takes ~0.1 s
    }
}

TEST_CASE("special tokens", "[tokenizer]") {
    const Tokenizer& tok = gpt2();
    const std::string text = "A<|endoftext|>B <|endoftext|><|endoftext|>\n<|endoftext|";
    const auto ids = tok.encode(text);
    CHECK(std::count(ids.begin(), ids.end(), 50256) == 3);
    CHECK(tok.decode(ids) == text);
    const auto plain = tok.encode(text, SpecialTokens::AsText);
    CHECK(std::count(plain.begin(), plain.end(), 50256) == 0);
    CHECK(tok.decode(plain) == text);
}

TEST_CASE("token bytes and the display form", "[tokenizer]") {
    const Tokenizer& tok = gpt2();
    const auto id = [&](const std::string& bytes) {
        const auto found = tok.idOf(spell(bytes));
        REQUIRE(found.has_value());
        return *found;
    };
    CHECK(tok.tokenBytes(995) == " world");
    CHECK(tok.tokenBytes(50256) == "<|endoftext|>");
    CHECK(tok.displayToken(15496) == "Hello");
    CHECK(tok.displayToken(995) == "\u00B7world");
    CHECK(tok.displayToken(id(" ")) == "\u00B7");
    CHECK(tok.displayToken(id("\n")) == "\u21B5");
    CHECK(tok.displayToken(id("\n\n")) == "\u21B5\u21B5");
    CHECK(tok.displayToken(id("\t")) == "\u21E5");
    CHECK(tok.displayToken(id("\r")) == "\\x0D");
    CHECK(tok.displayToken(id(std::string(1, '\0'))) == "\\x00");
    CHECK(tok.displayToken(id("\x7F")) == "\\x7F");
    CHECK(tok.displayToken(id("\xE2")) == "\\xE2");              // first byte of a 3-byte character
    CHECK(tok.displayToken(id("\xE2\x80")) == "\\xE2\\x80");    // still incomplete
    CHECK(tok.displayToken(id("\xE2\x80\x94")) == "\u2014");     // complete: shown as it is
    CHECK(tok.displayToken(id(" \xE2\x80\x94")) == "\u00B7\u2014");
    CHECK(tok.displayToken(id("\xC2\xA0")) == "\u00A0");          // only the ASCII space is marked
    CHECK(tok.displayToken(id(" \xC3\xA9")) == "\u00B7\u00E9");  // " é"
    CHECK(tok.displayToken(50256) == "<|endoftext|>");
    // Every token has a display form that is valid UTF-8 (it goes straight into a Qt label).
    for (int32_t i = 0; i < tok.vocabSize(); ++i) {
        const std::string shown = tok.displayToken(i);
        INFO("id " << i);
        REQUIRE(!shown.empty());
        REQUIRE_NOTHROW(json(shown).dump());  // nlohmann refuses to dump invalid UTF-8
    }
}

TEST_CASE("unknown ids are a UsageError", "[tokenizer]") {
    const Tokenizer& tok = gpt2();
    CHECK_THROWS_AS(tok.tokenBytes(-1), UsageError);
    CHECK_THROWS_AS(tok.tokenBytes(50257), UsageError);
    CHECK_THROWS_AS(tok.displayToken(50257), UsageError);
    CHECK_THROWS_WITH(tok.decode(std::vector<int32_t>{15496, 70000}), Contains("70000") && Contains("0..50256") && Contains("position 1"));
}

TEST_CASE("const use from several threads gives the same ids", "[tokenizer]") {
    const Tokenizer& tok = gpt2();
    std::mt19937 rng(5);
    std::vector<std::string> texts;
    for (int n = 0; n < 200; ++n) texts.push_back(randomText(rng, 200));
    std::vector<std::vector<int32_t>> expected;
    for (const auto& t : texts) expected.push_back(tok.encode(t));
    std::vector<int> mismatches(4, 0);
    std::vector<std::thread> threads;
    for (int w = 0; w < 4; ++w)
        threads.emplace_back([&, w] {
            const Tokenizer copy = tok;  // copies share the tables
            for (int round = 0; round < 3; ++round)
                for (size_t i = 0; i < texts.size(); ++i)
                    if ((w % 2 ? copy : tok).encode(texts[i]) != expected[i]) ++mismatches[w];
        });
    for (auto& t : threads) t.join();
    CHECK(mismatches == std::vector<int>(4, 0));
}

TEST_CASE("tokenizer.json gives the same ids as vocab.json + merges.txt", "[tokenizer]") {
    TempDir dir;
    const json vocab = json::parse(readFile(kGpt2Dir / "vocab.json"));
    std::vector<std::string> mergeLines;
    {
        std::istringstream merges(readFile(kGpt2Dir / "merges.txt"));
        std::string line;
        std::getline(merges, line);
        while (std::getline(merges, line))
            if (!line.empty()) mergeLines.push_back(line);
    }
    const std::vector<std::string> texts = {"Hello world", "They'll say 'hi'   \n\n", "GPT-2'nin İçine Bakış 🇹🇷",
                                            "a<|endoftext|>b", "1234567 + 3.14159 = ?"};
    for (const bool asPairs : {false, true}) {
        json merges = json::array();
        for (const auto& line : mergeLines) {
            const auto space = line.find(' ');
            if (asPairs) merges.push_back({line.substr(0, space), line.substr(space + 1)});
            else merges.push_back(line);
        }
        const json file = {
            {"version", "1.0"},
            {"added_tokens", {{{"id", 50256}, {"content", "<|endoftext|>"}, {"special", true}}}},
            {"normalizer", nullptr},
            {"pre_tokenizer", {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"trim_offsets", true}, {"use_regex", true}}},
            {"decoder", {{"type", "ByteLevel"}}},
            {"model", {{"type", "BPE"}, {"dropout", nullptr}, {"unk_token", nullptr}, {"vocab", vocab}, {"merges", merges}}},
        };
        writeFile(dir / "tokenizer.json", file.dump());
        const Tokenizer fromJson = Tokenizer::fromTokenizerJson(dir / "tokenizer.json");
        const Tokenizer fromFolder = Tokenizer::fromFolder(dir.path);  // only tokenizer.json there
        INFO("merges as " << (asPairs ? "pairs" : "strings"));
        CHECK(fromJson.vocabSize() == 50257);
        CHECK(fromJson.endOfTextId() == 50256);
        for (const auto& text : texts) {
            INFO("text: " << text);
            CHECK(fromJson.encode(text) == gpt2().encode(text));
            CHECK(fromJson.encode(text, SpecialTokens::AsText) == gpt2().encode(text, SpecialTokens::AsText));
            CHECK(fromFolder.encode(text) == gpt2().encode(text));
        }
    }
}

TEST_CASE("fromFolder prefers vocab.json + merges.txt", "[tokenizer]") {
    TempDir dir;
    fs::copy_file(kGpt2Dir / "vocab.json", dir / "vocab.json");
    fs::copy_file(kGpt2Dir / "merges.txt", dir / "merges.txt");
    writeFile(dir / "tokenizer.json", "not even JSON");
    CHECK(Tokenizer::fromFolder(dir.path).encode("Hello world") == std::vector<int32_t>{15496, 995});
}

TEST_CASE("a small tokenizer: merge order, added tokens, moves", "[tokenizer]") {
    TempDir dir;
    // "ab a" outranks "a b", but an "ab" made in a round may only merge in a later round
    // (encoder.py merges every occurrence of the best pair before looking again).
    writeFile(dir / "vocab.json", smallVocab({"ab", "aba", "abab"}).dump());
    writeFile(dir / "merges.txt", "#version: 0.2\nab a\na b\n");
    Tokenizer tok = Tokenizer::fromFiles(dir / "vocab.json", dir / "merges.txt");
    CHECK(tok.encode("abab") == std::vector<int32_t>{256, 256});
    CHECK(tok.encode("aba") == std::vector<int32_t>{257});
    CHECK_FALSE(tok.endOfTextId().has_value());
    CHECK(tok.encode("<|endoftext|>").size() == 13);  // not in this vocabulary: plain text

    Tokenizer moved = std::move(tok);
    CHECK(moved.encode("ab") == std::vector<int32_t>{256});
    tok = moved;
    CHECK(tok.encode("ab") == std::vector<int32_t>{256});

    // An added token past the model's vocabulary, with tokenizer.json's merges as pairs.
    json vocab = smallVocab({"ab"});
    const json file = {
        {"model", {{"type", "BPE"}, {"vocab", vocab}, {"merges", json::array({json::array({"a", "b"})})}}},
        {"added_tokens", {{{"id", 257}, {"content", "<pad>"}, {"special", true}}}},
    };
    writeFile(dir / "tokenizer.json", file.dump());
    const Tokenizer added = Tokenizer::fromTokenizerJson(dir / "tokenizer.json");
    CHECK(added.vocabSize() == 258);
    CHECK(added.encode("ab<pad>ab") == std::vector<int32_t>{256, 257, 256});
    CHECK(added.encode("<pad>", SpecialTokens::AsText).size() == 5);
    CHECK(added.idOf("<pad>") == 257);
    CHECK(added.tokenBytes(257) == "<pad>");
    CHECK(added.decode(std::vector<int32_t>{256, 257}) == "ab<pad>");
}

TEST_CASE("a byte-level tokenizer with no merges: merges.txt holds only its header", "[tokenizer]") {
    TempDir dir;
    writeFile(dir / "vocab.json", smallVocab({}).dump());
    writeFile(dir / "merges.txt", "#version: 0.2\n");
    const Tokenizer bytes = Tokenizer::fromFiles(dir / "vocab.json", dir / "merges.txt");
    CHECK(bytes.encode("ab") == std::vector<int32_t>{bytes.idOf("a").value(), bytes.idOf("b").value()});
    CHECK(bytes.decode(bytes.encode("héllo")) == "héllo");
    const json file = {{"model", {{"type", "BPE"}, {"vocab", smallVocab({})}, {"merges", json::array()}}}};
    writeFile(dir / "tokenizer.json", file.dump());
    CHECK(Tokenizer::fromTokenizerJson(dir / "tokenizer.json").encode("ab").size() == 2);
    // Neither a header nor a merge: more likely a file cut off than a model without merges.
    writeFile(dir / "merges.txt", "");
    CHECK_THAT(formatErrorOf([&] { (void)Tokenizer::fromFiles(dir / "vocab.json", dir / "merges.txt"); }),
               Contains("merges.txt") && Contains("is empty, expected a '#version' line"));
}

TEST_CASE("malformed vocab.json and merges.txt name the file and what was expected", "[tokenizer]") {
    TempDir dir;
    const auto vocabPath = dir / "vocab.json";
    const auto mergesPath = dir / "merges.txt";
    const json good = smallVocab({"ab", "abc"});
    const auto load = [&] { (void)Tokenizer::fromFiles(vocabPath, mergesPath); };
    const auto withVocab = [&](const std::string& vocabText, const std::string& mergesText = "#version: 0.2\na b\nab c\n") {
        writeFile(vocabPath, vocabText);
        writeFile(mergesPath, mergesText);
        return formatErrorOf(load);
    };

    SECTION("missing files") {
        writeFile(mergesPath, "a b\n");
        CHECK_THAT(formatErrorOf(load), Contains("vocab.json") && Contains("not found"));
        writeFile(vocabPath, good.dump());
        fs::remove(mergesPath);
        CHECK_THAT(formatErrorOf(load), Contains("merges.txt") && Contains("not found"));
        fs::create_directory(mergesPath);
        CHECK_THAT(formatErrorOf(load), Contains("merges.txt") && Contains("folder"));
    }
    SECTION("vocab.json") {
        CHECK_THAT(withVocab("{\"a\": 0,"), Contains("vocab.json") && Contains("not valid JSON"));
        CHECK_THAT(withVocab("[1, 2]"), Contains("vocab.json") && Contains("expected an object"));
        CHECK_THAT(withVocab("{}"), Contains("vocab.json") && Contains("no tokens"));
        json v = good;
        v["abc"] = 70000;
        CHECK_THAT(withVocab(v.dump()), Contains("vocab.json") && Contains("token id 70000 for 'abc' is outside 0..257"));
        v["abc"] = -1;
        CHECK_THAT(withVocab(v.dump()), Contains("vocab.json") && Contains("outside 0..257"));
        v["abc"] = "257";
        CHECK_THAT(withVocab(v.dump()), Contains("vocab.json") && Contains("'abc'") && Contains("expected an integer"));
        v["abc"] = 2.5;
        CHECK_THAT(withVocab(v.dump()), Contains("vocab.json") && Contains("expected an integer"));
        v["abc"] = 256;
        CHECK_THAT(withVocab(v.dump()), Contains("vocab.json") && Contains("id 256 is given to both"));
        v = good;
        v.erase("abc");
        v["\xE4\xB8\xAD"] = 257;  // 中 is not one of the byte characters
        CHECK_THAT(withVocab(v.dump()), Contains("vocab.json") && Contains("U+4E2D") && Contains("byte alphabet"));
        v = good;
        v.erase(byteSpelling(0x20));
        v["xyz"] = 32;
        CHECK_THAT(withVocab(v.dump()), Contains("vocab.json") && Contains("byte 0x20") && Contains("all 256"));
    }
    SECTION("merges.txt") {
        const std::string v = good.dump();
        CHECK_THAT(withVocab(v, "#version: 0.2\na b\nab c d\n"),
                   Contains("merges.txt line 3: expected two space-separated tokens"));
        CHECK_THAT(withVocab(v, "#version: 0.2\na b\nabc\n"), Contains("merges.txt line 3: expected two space-separated tokens"));
        // A binary line is quoted with its control and non-UTF-8 bytes escaped, not written raw.
        const std::string binary = withVocab(v, "#version: 0.2\na b\n\x01\x9F\x1B[2J\xC4\xA0\n");
        CHECK_THAT(binary, Contains("found '\\x01\\x9F\\x1B[2J\xC4\xA0'"));
        CHECK(binary.find('\x1B') == std::string::npos);
        CHECK_THAT(withVocab(v, "#version: 0.2\na  b\n"), Contains("merges.txt line 2: expected two"));
        CHECK_THAT(withVocab(v, "#version: 0.2\na b\n\xE4\xB8\xAD c\n"),
                   Contains("merges.txt line 3") && Contains("is not a token of vocab.json"));
        CHECK_THAT(withVocab(v, "#version: 0.2\na b\nb c\n"),
                   Contains("merges.txt line 3") && Contains("gives 'bc', which is not a token of vocab.json"));
        CHECK_THAT(withVocab(v, "#version: 0.2\na b\nab c\na b\n"),
                   Contains("merges.txt line 4") && Contains("repeats merge number 1"));
        CHECK_THAT(withVocab(v, ""), Contains("merges.txt") && Contains("is empty"));
        // Windows line ends and no "#version" line are fine.
        writeFile(mergesPath, "a b\r\nab c\r\n");
        CHECK(Tokenizer::fromFiles(vocabPath, mergesPath).encode("abc") == std::vector<int32_t>{257});
    }
}

TEST_CASE("malformed tokenizer.json names the file and the field", "[tokenizer]") {
    TempDir dir;
    const auto path = dir / "tokenizer.json";
    const json vocab = smallVocab({"ab"});
    const json model = {{"type", "BPE"}, {"vocab", vocab}, {"merges", {"a b"}}};
    const auto errorFor = [&](const std::string& text) {
        writeFile(path, text);
        return formatErrorOf([&] { (void)Tokenizer::fromTokenizerJson(path); });
    };
    const auto errorForJson = [&](const json& j) { return errorFor(j.dump()); };
    const auto with = [&](const char* key, const json& value) {
        json j = {{"model", model}};
        j[key] = value;
        return j;
    };
    const auto withModel = [&](const char* key, const json& value) {
        json m = model;
        m[key] = value;
        return json{{"model", m}};
    };

    writeFile(path, json{{"model", model}}.dump());
    CHECK_NOTHROW(Tokenizer::fromTokenizerJson(path));
    CHECK_THAT(formatErrorOf([&] { (void)Tokenizer::fromTokenizerJson(dir / "nope.json"); }),
               Contains("nope.json") && Contains("not found"));
    CHECK_THAT(errorFor("{\"model\": "), Contains("tokenizer.json") && Contains("not valid JSON"));
    CHECK_THAT(errorFor("[]"), Contains("tokenizer.json") && Contains("expected a JSON object"));
    CHECK_THAT(errorForJson(json::object()), Contains("tokenizer.json") && Contains("model is missing"));
    CHECK_THAT(errorForJson(withModel("type", "WordPiece")), Contains("tokenizer.json") && Contains("model.type is 'WordPiece', expected 'BPE'"));
    CHECK_THAT(errorForJson(withModel("type", 3)), Contains("tokenizer.json") && Contains("model.type") && Contains("expected a string"));
    CHECK_THAT(errorForJson(withModel("vocab", nullptr)), Contains("tokenizer.json") && Contains("model.vocab is missing"));
    json badVocab = vocab;
    badVocab["ab"] = 999;
    CHECK_THAT(errorForJson(withModel("vocab", badVocab)), Contains("tokenizer.json: model.vocab") && Contains("outside 0..256"));
    CHECK_THAT(errorForJson(withModel("merges", "a b")), Contains("tokenizer.json") && Contains("model.merges") && Contains("expected an array"));
    CHECK_THAT(errorForJson(withModel("merges", {"a b", 7})), Contains("tokenizer.json: model.merges[1]") && Contains(R"(expected "a b" or ["a", "b"])"));
    CHECK_THAT(errorForJson(withModel("merges", json::array({json::array({"a", "b", "c"})}))), Contains("model.merges[0]") && Contains("expected"));
    CHECK_THAT(errorForJson(withModel("merges", {"a c"})), Contains("model.merges[0]") && Contains("'ac', which is not a token of model.vocab"));
    CHECK_THAT(errorForJson(withModel("ignore_merges", true)), Contains("model.ignore_merges"));
    CHECK_THAT(errorForJson(withModel("continuing_subword_prefix", "##")), Contains("model.continuing_subword_prefix is \"##\""));
    writeFile(path, withModel("end_of_word_suffix", "").dump());
    CHECK_NOTHROW(Tokenizer::fromTokenizerJson(path));
    CHECK_THAT(errorForJson(with("normalizer", {{"type", "NFC"}})), Contains("tokenizer.json: normalizer"));
    CHECK_THAT(errorForJson(with("pre_tokenizer", {{"type", "Metaspace"}})), Contains("pre_tokenizer.type is 'Metaspace'"));
    CHECK_THAT(errorForJson(with("pre_tokenizer", {{"type", "ByteLevel"}, {"add_prefix_space", true}})),
               Contains("pre_tokenizer.add_prefix_space is true"));
    CHECK_THAT(errorForJson(with("added_tokens", {{{"id", 5}, {"content", "ab"}}})),
               Contains("added_tokens[0]") && Contains("has id 5 here but 256 in model.vocab"));
    CHECK_THAT(errorForJson(with("added_tokens", {{{"id", 3}, {"content", "<pad>"}}})),
               Contains("added_tokens[0]") && Contains("already the id of"));
    CHECK_THAT(errorForJson(with("added_tokens", {{{"id", 260}, {"content", "<pad>"}}})),
               Contains("added_tokens") && Contains("id 257 unused"));
    CHECK_THAT(errorForJson(with("added_tokens", {{{"content", "<pad>"}}})), Contains("added_tokens[0].id is missing"));
    CHECK_THAT(errorForJson(with("added_tokens", {{{"id", 257}}})), Contains("added_tokens[0].content is missing"));
}

TEST_CASE("fromFolder names the folder and the files it looked for", "[tokenizer]") {
    TempDir dir;
    writeFile(dir / "vocab.json", "{}");  // merges.txt missing, so the pair is not there
    const std::string msg = formatErrorOf([&] { (void)Tokenizer::fromFolder(dir.path); });
    CHECK_THAT(msg, Contains(dir.path.string()) && Contains("vocab.json") && Contains("merges.txt") && Contains("tokenizer.json"));
    CHECK_THAT(formatErrorOf([&] { (void)Tokenizer::fromFolder(dir / "missing"); }), Contains("missing") && Contains("does not exist"));
    CHECK_THAT(formatErrorOf([&] { (void)Tokenizer::fromFolder(dir / "vocab.json"); }), Contains("is not a folder"));
}
