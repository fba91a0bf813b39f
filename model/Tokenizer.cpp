#include "model/Tokenizer.h"

#include "model/Errors.h"
#include "model/RegularFile.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <climits>
#include <cstdio>
#include <cstring>
#include <functional>
#include <sstream>
#include <stdexcept>
#include <unordered_map>
#include <utility>

namespace attnscope {

namespace {

using nlohmann::json;

// ---------------------------------------------------------------------------------------------
// UTF-8

// Length of the well-formed UTF-8 character at s[i] (Unicode table 3-7: no overlongs, no
// surrogates, nothing past U+10FFFF), or 0 if none starts there.
size_t utf8CharLen(const unsigned char* s, size_t n, size_t i) {
    const unsigned char c = s[i];
    if (c < 0x80) return 1;
    const auto cont = [&](size_t k, unsigned char lo = 0x80, unsigned char hi = 0xBF) {
        return i + k < n && s[i + k] >= lo && s[i + k] <= hi;
    };
    if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
    if (c == 0xE0) return cont(1, 0xA0) && cont(2) ? 3 : 0;
    if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) return cont(1) && cont(2) ? 3 : 0;
    if (c == 0xED) return cont(1, 0x80, 0x9F) && cont(2) ? 3 : 0;
    if (c == 0xF0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
    if (c >= 0xF1 && c <= 0xF3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
    if (c == 0xF4) return cont(1, 0x80, 0x8F) && cont(2) && cont(3) ? 4 : 0;
    return 0;
}

// A piece of a file, quoted in an error message: valid UTF-8 as it is; control characters and
// bytes that are not UTF-8 as \xNN, so that a binary file does not write raw bytes to a terminal;
// at most `limit` bytes of it.
std::string quotedForMessage(std::string_view text, size_t limit = 80) {
    std::string out;
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    const size_t n = std::min(text.size(), limit);
    for (size_t i = 0; i < n;) {
        const size_t len = utf8CharLen(s, text.size(), i);
        if (len == 0 || (len == 1 && (s[i] < 0x20 || s[i] == 0x7F))) {
            char hex[5];
            std::snprintf(hex, sizeof hex, "\\x%02X", s[i]);
            out += hex;
            ++i;
        } else {
            out.append(text.substr(i, len));
            i += len;
        }
    }
    if (text.size() > limit) out += "…";
    return out;
}

char32_t utf8Decode(const unsigned char* s, size_t len) {
    if (len == 1) return s[0];
    char32_t cp = s[0] & (0x7F >> len);
    for (size_t k = 1; k < len; ++k) cp = (cp << 6) | (s[k] & 0x3F);
    return cp;
}

void appendUtf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

std::string hexByte(unsigned char b) {
    static constexpr char digits[] = "0123456789ABCDEF";
    return {'\\', 'x', digits[b >> 4], digits[b & 0xF]};
}

std::string codepointName(char32_t cp) {
    std::ostringstream s;
    s << "U+" << std::uppercase << std::hex;
    s.width(4);
    s.fill('0');
    s << static_cast<uint32_t>(cp);
    return s.str();
}

// ---------------------------------------------------------------------------------------------
// GPT-2's byte alphabet: every byte gets a printable character, so that vocab.json and merges.txt
// can spell any byte sequence as text. Printable Latin-1 stands for itself; the other 68 bytes
// (controls, space, DEL, NBSP, soft hyphen) get U+0100.. in byte order.

struct ByteAlphabet {
    std::array<char32_t, 256> charOf{};
    std::array<int16_t, 324> byteOf{};  // indexed by code point; -1: not in the alphabet

    ByteAlphabet() {
        byteOf.fill(-1);
        char32_t next = 256;
        for (int b = 0; b < 256; ++b) {
            const bool printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE);
            charOf[b] = printable ? static_cast<char32_t>(b) : next++;
            byteOf[charOf[b]] = static_cast<int16_t>(b);
        }
    }
};

const ByteAlphabet& byteAlphabet() {
    static const ByteAlphabet alphabet;
    return alphabet;
}

// The spelling of a vocabulary entry -> its bytes; nullopt names the first character that is not
// in the byte alphabet.
struct SpellingResult {
    std::string bytes;
    std::optional<char32_t> badChar;
};

SpellingResult bytesOfSpelling(std::string_view spelling) {
    const auto& alpha = byteAlphabet();
    const auto* s = reinterpret_cast<const unsigned char*>(spelling.data());
    SpellingResult r;
    for (size_t i = 0; i < spelling.size();) {
        const size_t len = utf8CharLen(s, spelling.size(), i);
        if (len == 0) return {{}, char32_t{s[i]}};
        const char32_t cp = utf8Decode(s + i, len);
        if (cp >= alpha.byteOf.size() || alpha.byteOf[cp] < 0) return {{}, cp};
        r.bytes += static_cast<char>(alpha.byteOf[cp]);
        i += len;
    }
    return r;
}

std::string spellingOfByte(unsigned char b) {
    std::string s;
    appendUtf8(s, byteAlphabet().charOf[b]);
    return s;
}

// ---------------------------------------------------------------------------------------------
// Files and JSON

// Real tokenizer files are a few MB (GPT-2's vocab.json is 1 MB, large vocabularies' tokenizer.json
// some 30 MB); the limit only stops a huge file from being read into memory whole.
constexpr std::uint64_t kMaxTokenizerFileBytes = 256ull << 20;

std::string readWholeFile(const std::filesystem::path& path) {
    return RegularFile::readAll(path, kMaxTokenizerFileBytes, Message(QT_TRANSLATE_NOOP("core", "a tokenizer file of at most 256 MiB")));
}

json parseJson(std::string_view text, const std::string& origin) {
    try {
        return json::parse(text.begin(), text.end());
    } catch (const json::exception& e) {  // parse_error, or out_of_range for a number past a double's range
        std::string what = e.what();
        // nlohmann prefixes "[json.exception.parse_error.101] ", which means nothing to a reader.
        if (const auto close = what.find("] "); what.starts_with("[json.") && close != std::string::npos)
            what.erase(0, close + 2);
        throw FormatError(Message(QT_TRANSLATE_NOOP("core", "%1: not valid JSON (%2)"), origin, what));
    }
}

// Appends `v` as compact JSON, but stops once `out` is longer than `limit`. json::dump() would
// write all of a value to show 40 characters of it, and recurses once per level of nesting, so a
// file holding 100,000 nested '[' overflowed the stack when an error message quoted it.
void appendShortDump(const json& v, std::string& out, size_t limit) {
    if (out.size() > limit) return;
    if (v.is_array()) {
        out += '[';
        for (size_t i = 0; i < v.size() && out.size() <= limit; ++i) {
            if (i > 0) out += ',';
            appendShortDump(v[i], out, limit);
        }
        out += ']';
    } else if (v.is_object()) {
        out += '{';
        bool first = true;
        for (auto it = v.begin(); it != v.end() && out.size() <= limit; ++it) {
            if (!first) out += ',';
            first = false;
            appendShortDump(json(it.key().substr(0, limit)), out, limit);
            out += ':';
            appendShortDump(it.value(), out, limit);
        }
        out += '}';
    } else if (v.is_string() && v.get_ref<const std::string&>().size() > limit) {
        appendShortDump(json(v.get_ref<const std::string&>().substr(0, limit)), out, limit);
    } else {
        out += v.dump(-1, ' ', false, json::error_handler_t::replace);
    }
}

std::string shortDump(const json& v) {
    std::string s;
    appendShortDump(v, s, 40);
    if (s.size() > 40) s = s.substr(0, 37) + "...";
    return s;
}

// ---------------------------------------------------------------------------------------------
// The pre-tokenisation pattern, compiled once per tokenizer (a compiled, JIT-ed pcre2_code is
// read-only during matching, so one may serve all threads; each match brings its own match data).

// GPT-2's pattern,
//   's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
// with `\s` spelt as the Unicode White_Space property, [\t-\r\x{85}\p{Z}] (see Tokenizer.h for why).
std::string gpt2Pattern() {
    const std::string space = R"([\t-\r\x{85}\p{Z}])";
    const std::string notSpace = R"([^\t-\r\x{85}\p{Z}])";
    const std::string other = R"([^\t-\r\x{85}\p{Z}\p{L}\p{N}])";
    return R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?)" + other + "+|" + space + "+(?!" + notSpace + ")|" +
           space + "+";
}

class Regex {
public:
    Regex() {
        const std::string pattern = gpt2Pattern();
        int err = 0;
        PCRE2_SIZE errOffset = 0;
        code_ = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(),
                              PCRE2_UTF | PCRE2_UCP | PCRE2_NO_UTF_CHECK, &err, &errOffset, nullptr);
        if (!code_) throw std::logic_error("tokenizer: PCRE2 rejected GPT-2's pattern: " + message(err));
        // Without JIT (a platform PCRE2 was built without it) the interpreter gives the same matches.
        jit_ = pcre2_jit_compile(code_, PCRE2_JIT_COMPLETE) == 0;
    }
    ~Regex() { pcre2_code_free(code_); }
    Regex(const Regex&) = delete;
    Regex& operator=(const Regex&) = delete;

    pcre2_match_data* newMatchData() const {
        pcre2_match_data* md = pcre2_match_data_create_from_pattern(code_, nullptr);
        if (!md) throw std::bad_alloc();
        return md;
    }

    // Finds the next match in subject[offset..]; false when there is none. subject is valid UTF-8.
    bool match(std::string_view subject, size_t offset, pcre2_match_data* md, size_t& begin,
               size_t& end) const {
        const auto* s = reinterpret_cast<PCRE2_SPTR>(subject.data());
        int rc = jit_ ? pcre2_jit_match(code_, s, subject.size(), offset, 0, md, nullptr)
                      : PCRE2_ERROR_JIT_BADOPTION;
        if (rc < 0 && rc != PCRE2_ERROR_NOMATCH)  // e.g. JIT stack exhausted: the interpreter has no such limit
            rc = pcre2_match(code_, s, subject.size(), offset, PCRE2_NO_UTF_CHECK, md, nullptr);
        if (rc == PCRE2_ERROR_NOMATCH) return false;
        if (rc < 0) throw std::runtime_error("tokenizer: PCRE2 match failed: " + message(rc));
        const PCRE2_SIZE* ov = pcre2_get_ovector_pointer(md);
        begin = ov[0];
        end = ov[1];
        return true;
    }

private:
    static std::string message(int code) {
        std::array<PCRE2_UCHAR, 256> buf{};
        pcre2_get_error_message(code, buf.data(), buf.size());
        return reinterpret_cast<const char*>(buf.data());
    }
    pcre2_code* code_ = nullptr;
    bool jit_ = false;
};

// Results of BPE for recent pieces, for one encode() call. Direct-mapped with fixed-size slots: a
// miss costs a hash and a copy, never an allocation, so text whose pieces rarely repeat (no spaces,
// random strings) is not slowed down by the cache, while English (where a few thousand pieces make
// up most of the text) hits it almost always. Sized from the text so a short prompt stays cheap.
class PieceCache {
public:
    static constexpr size_t kMaxBytes = 22;  // longer pieces are rare in real text; not cached
    static constexpr size_t kMaxIds = 6;

    explicit PieceCache(size_t textBytes) {
        size_t n = 256;
        while (n < 8192 && n * 16 < textBytes) n *= 2;
        slots_.resize(n);
    }
    // Appends the cached ids and returns true, or returns false.
    bool find(std::string_view piece, std::vector<int32_t>& out) const {
        if (piece.size() > kMaxBytes) return false;
        const Slot& slot = slots_[index(piece)];
        if (slot.length != piece.size() || std::memcmp(slot.bytes, piece.data(), piece.size()) != 0) return false;
        out.insert(out.end(), slot.ids, slot.ids + slot.count);
        return true;
    }
    void store(std::string_view piece, std::span<const int32_t> ids) {
        if (piece.size() > kMaxBytes || ids.size() > kMaxIds) return;
        Slot& slot = slots_[index(piece)];
        slot.length = static_cast<uint8_t>(piece.size());
        slot.count = static_cast<uint8_t>(ids.size());
        std::memcpy(slot.bytes, piece.data(), piece.size());
        std::copy(ids.begin(), ids.end(), slot.ids);
    }

private:
    struct Slot {
        uint8_t length = 0;  // 0: empty (pieces of one byte never come here)
        uint8_t count = 0;
        char bytes[kMaxBytes];
        int32_t ids[kMaxIds];
    };
    size_t index(std::string_view piece) const {
        uint64_t h = 0xCBF29CE484222325ULL;  // FNV-1a: short keys, so a simple hash is the fast one
        for (const char c : piece) h = (h ^ static_cast<unsigned char>(c)) * 0x100000001B3ULL;
        return (h ^ (h >> 32)) & (slots_.size() - 1);
    }
    std::vector<Slot> slots_;
};

struct MatchData {
    explicit MatchData(const Regex& re) : md(re.newMatchData()) {}
    ~MatchData() { pcre2_match_data_free(md); }
    MatchData(const MatchData&) = delete;
    MatchData& operator=(const MatchData&) = delete;
    pcre2_match_data* md;
};

struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

uint64_t pairKey(int32_t left, int32_t right) {
    return (static_cast<uint64_t>(static_cast<uint32_t>(left)) << 32) | static_cast<uint32_t>(right);
}

struct Merge {
    int32_t rank;
    int32_t result;
};

// (left id, right id) -> merge. Open addressing in one flat array: this lookup is most of the cost
// of BPE, and std::unordered_map's node per entry made it a cache miss each time.
class MergeTable {
public:
    // Returns the merge already there if the pair is taken.
    const Merge* insert(int32_t left, int32_t right, Merge merge) {
        if ((count_ + 1) * 2 > slots_.size()) grow();
        Slot& slot = slots_[probe(pairKey(left, right))];
        if (slot.key != kEmpty) return &slot.merge;
        slot = {pairKey(left, right), merge};
        ++count_;
        return nullptr;
    }
    const Merge* find(int32_t left, int32_t right) const {
        if (slots_.empty()) return nullptr;
        const Slot& slot = slots_[probe(pairKey(left, right))];
        return slot.key == kEmpty ? nullptr : &slot.merge;
    }
    size_t size() const { return count_; }
    bool empty() const { return count_ == 0; }

private:
    static constexpr uint64_t kEmpty = ~uint64_t{0};  // ids are non-negative, so no pair has this key
    struct Slot {
        uint64_t key = kEmpty;
        Merge merge{};
    };
    // The slot holding `key`, or the empty one where it would go (the table is never full).
    size_t probe(uint64_t key) const {
        uint64_t h = key * 0x9E3779B97F4A7C15ULL;
        h ^= h >> 29;
        for (size_t i = h & mask_;; i = (i + 1) & mask_)
            if (slots_[i].key == key || slots_[i].key == kEmpty) return i;
    }
    void grow() {
        std::vector<Slot> old = std::move(slots_);
        slots_.assign(old.empty() ? 1024 : old.size() * 2, Slot{});
        mask_ = slots_.size() - 1;
        for (const Slot& s : old)
            if (s.key != kEmpty) slots_[probe(s.key)] = s;
    }
    std::vector<Slot> slots_;
    size_t mask_ = 0;
    size_t count_ = 0;
};

}  // namespace

// ---------------------------------------------------------------------------------------------

namespace detail {

struct TokenizerTables {
    std::vector<std::string> bytesOf;                                    // id -> exact bytes
    std::unordered_map<std::string, int32_t, StringHash, std::equal_to<>> idOfSpelling;
    std::array<int32_t, 256> byteId{};                                   // byte -> its one-byte token
    MergeTable merges;                                                   // (left, right) -> rank, result
    std::vector<std::pair<std::string, int32_t>> specials;               // longest first
    std::optional<int32_t> endOfText;
    Regex regex;

    // Everything one encode() call reuses, so that a long text costs few allocations and threads
    // share nothing mutable.
    struct Scratch {
        struct Symbol {
            int32_t id, prev, next;
        };
        Scratch(const Regex& re, size_t textBytes) : matchData(re), cache(textBytes) {}
        MatchData matchData;
        std::vector<Symbol> symbols;
        std::vector<uint64_t> heap, pending;  // candidate merges as (rank << 32 | left symbol)
        PieceCache cache;
    };

    const Merge* findMerge(int32_t left, int32_t right) const { return merges.find(left, right); }

    // Byte-pair encoding of one pre-token with GPT-2's semantics: take the lowest-ranked adjacent
    // pair, merge every occurrence of it left to right, repeat. A heap keeps this O(n log n) so that
    // a megabyte with no spaces (one pre-token) is not quadratic. Pairs created during a round wait
    // in `pending` until the round ends, as in encoder.py, even if they outrank the current pair.
    void bpe(std::string_view bytes, Scratch& sc, std::vector<int32_t>& out) const {
        const auto n = static_cast<int32_t>(bytes.size());
        auto& sym = sc.symbols;
        sym.resize(static_cast<size_t>(n));
        for (int32_t i = 0; i < n; ++i)
            sym[i] = {byteId[static_cast<unsigned char>(bytes[i])], i - 1, i + 1 < n ? i + 1 : -1};

        // A candidate is only (rank, left); it is still good if the pair now at `left` has that
        // rank, since each pair has its own rank and a symbol never becomes shorter again.
        const auto candidate = [](int32_t rank, int32_t left) {
            return (static_cast<uint64_t>(rank) << 32) | static_cast<uint32_t>(left);
        };
        auto& heap = sc.heap;
        auto& pending = sc.pending;
        heap.clear();
        pending.clear();
        for (int32_t i = 0; i + 1 < n; ++i)
            if (const Merge* m = findMerge(sym[i].id, sym[i + 1].id)) heap.push_back(candidate(m->rank, i));
        std::make_heap(heap.begin(), heap.end(), std::greater<>{});

        while (!heap.empty()) {
            const uint64_t round = heap.front() >> 32;
            while (!heap.empty() && heap.front() >> 32 == round) {
                std::pop_heap(heap.begin(), heap.end(), std::greater<>{});
                const auto leftIndex = static_cast<int32_t>(heap.back() & 0xFFFFFFFFu);
                heap.pop_back();
                auto& left = sym[leftIndex];
                if (left.id < 0 || left.next < 0) continue;
                auto& right = sym[left.next];
                const Merge* m = findMerge(left.id, right.id);
                if (!m || static_cast<uint64_t>(m->rank) != round) continue;  // stale

                left.id = m->result;
                right.id = -1;
                left.next = right.next;
                if (left.next >= 0) sym[left.next].prev = leftIndex;
                if (left.prev >= 0)
                    if (const Merge* p = findMerge(sym[left.prev].id, left.id)) pending.push_back(candidate(p->rank, left.prev));
                if (left.next >= 0)
                    if (const Merge* p = findMerge(left.id, sym[left.next].id)) pending.push_back(candidate(p->rank, leftIndex));
            }
            for (const uint64_t p : pending) {
                heap.push_back(p);
                std::push_heap(heap.begin(), heap.end(), std::greater<>{});
            }
            pending.clear();
        }
        for (int32_t i = 0; i >= 0; i = sym[i].next) out.push_back(sym[i].id);
    }

    void encodePiece(std::string_view piece, Scratch& sc, std::vector<int32_t>& out) const {
        if (piece.size() == 1) {
            out.push_back(byteId[static_cast<unsigned char>(piece[0])]);
            return;
        }
        if (sc.cache.find(piece, out)) return;
        const size_t before = out.size();
        bpe(piece, sc, out);
        sc.cache.store(piece, std::span(out).subspan(before));
    }

    // Text without special tokens: valid UTF-8 runs through the pattern, invalid runs as pieces.
    void encodeOrdinary(std::string_view text, Scratch& sc, std::vector<int32_t>& out) const {
        const auto* s = reinterpret_cast<const unsigned char*>(text.data());
        const size_t n = text.size();
        size_t i = 0;
        while (i < n) {
            size_t start = i;
            while (i < n) {
                const size_t len = s[i] < 0x80 ? 1 : utf8CharLen(s, n, i);
                if (len == 0) break;
                i += len;
            }
            if (i > start) pretokenize(text.substr(start, i - start), sc, out);
            start = i;
            while (i < n && utf8CharLen(s, n, i) == 0) ++i;
            if (i > start) encodePiece(text.substr(start, i - start), sc, out);
        }
    }

    void pretokenize(std::string_view run, Scratch& sc, std::vector<int32_t>& out) const {
        size_t offset = 0;
        while (offset < run.size()) {
            size_t begin = 0, end = 0;
            if (!regex.match(run, offset, sc.matchData.md, begin, end)) {
                // Every character matches one of the alternatives, so this is unreachable; it is
                // kept lossless anyway.
                encodePiece(run.substr(offset), sc, out);
                return;
            }
            if (begin > offset) encodePiece(run.substr(offset, begin - offset), sc, out);
            if (end == begin) {  // likewise unreachable: no alternative matches the empty string
                end = begin + utf8CharLen(reinterpret_cast<const unsigned char*>(run.data()), run.size(), begin);
            }
            encodePiece(run.substr(begin, end - begin), sc, out);
            offset = end;
        }
    }

    // `position`: the id's place in the ids given to decode(), named in the message.
    void checkId(int32_t id, std::optional<size_t> position = std::nullopt) const {
        if (id >= 0 && static_cast<size_t>(id) < bytesOf.size()) return;
        if (position)
            throw UsageError(Message(QT_TRANSLATE_NOOP("core", "decode: position %1: token id %2 is outside 0..%3"), *position,
                                     id, bytesOf.size() - 1));
        throw UsageError(Message(QT_TRANSLATE_NOOP("core", "token id %1 is outside 0..%2"), id, bytesOf.size() - 1));
    }
};

}  // namespace detail

// ---------------------------------------------------------------------------------------------
// Loading

namespace {

using Tables = detail::TokenizerTables;

// model vocabulary: token spelling -> id, ids exactly 0..n-1.
void loadVocab(const json& vocab, const std::string& where, Tables& t) {
    if (!vocab.is_object())
        throw FormatError(Message(QT_TRANSLATE_NOOP("core", "%1: expected an object mapping each token to its id, found %2"), where,
                                  shortDump(vocab)));
    if (vocab.empty()) throw FormatError(Message(QT_TRANSLATE_NOOP("core", "%1: has no tokens"), where));
    const size_t n = vocab.size();
    t.bytesOf.assign(n, {});
    std::vector<const std::string*> spellingOf(n, nullptr);
    t.idOfSpelling.reserve(n);
    for (const auto& [token, value] : vocab.items()) {
        if (!value.is_number_integer())
            throw FormatError(Message(QT_TRANSLATE_NOOP("core", "%1: the id of '%2' is %3, expected an integer in 0..%4"), where,
                                      token, shortDump(value), n - 1));
        const bool fits = value.is_number_unsigned() ? value.get<uint64_t>() < n
                                                     : value.get<int64_t>() >= 0 && value.get<int64_t>() < static_cast<int64_t>(n);
        if (!fits)
            throw FormatError(Message(QT_TRANSLATE_NOOP("core", "%1: token id %2 for '%3' is outside 0..%4"), where, shortDump(value),
                                      token, n - 1));
        const auto id = value.get<int32_t>();
        if (token.empty()) throw FormatError(Message(QT_TRANSLATE_NOOP("core", "%1: token id %2 is the empty string"), where, id));
        if (spellingOf[id])
            throw FormatError(Message(QT_TRANSLATE_NOOP("core", "%1: id %2 is given to both '%3' and '%4'"), where, id,
                                      *spellingOf[id], token));
        auto spelled = bytesOfSpelling(token);
        if (spelled.badChar)
            throw FormatError(Message(QT_TRANSLATE_NOOP("core", "%1: token '%2' (id %3) contains %4, which is not one of the 256 "
                                                                "characters of GPT-2's byte alphabet"),
                                      where, token, id, codepointName(*spelled.badChar)));
        const auto [it, inserted] = t.idOfSpelling.emplace(token, id);
        spellingOf[id] = &it->first;
        t.bytesOf[id] = std::move(spelled.bytes);
    }
    for (int b = 0; b < 256; ++b) {
        const std::string spelling = spellingOfByte(static_cast<unsigned char>(b));
        const auto it = t.idOfSpelling.find(spelling);
        if (it == t.idOfSpelling.end())
            throw FormatError(Message(QT_TRANSLATE_NOOP("core", "%1: has no token for the byte 0x%2 ('%3'); a byte-level BPE "
                                                                "vocabulary needs all 256"),
                                      where, hexByte(static_cast<unsigned char>(b)).substr(2), spelling));
        t.byteId[b] = it->second;
    }
}

// One merge rule; rank = its position. Returns an error message (without location) or nullopt.
std::optional<Message> addMerge(Tables& t, std::string_view a, std::string_view b, const std::string& vocabName) {
    const auto ia = t.idOfSpelling.find(a);
    if (ia == t.idOfSpelling.end()) return Message(QT_TRANSLATE_NOOP("core", "'%1' is not a token of %2"), a, vocabName);
    const auto ib = t.idOfSpelling.find(b);
    if (ib == t.idOfSpelling.end()) return Message(QT_TRANSLATE_NOOP("core", "'%1' is not a token of %2"), b, vocabName);
    const std::string joined = std::string(a) + std::string(b);
    const auto ij = t.idOfSpelling.find(joined);
    if (ij == t.idOfSpelling.end())
        return Message(QT_TRANSLATE_NOOP("core", "merging '%1' and '%2' gives '%3', which is not a token of %4"), a, b, joined,
                       vocabName);
    const auto rank = static_cast<int32_t>(t.merges.size());
    if (const Merge* earlier = t.merges.insert(ia->second, ib->second, Merge{rank, ij->second}))
        return Message(QT_TRANSLATE_NOOP("core", "the merge '%1 %2' repeats merge number %3"), a, b, earlier->rank + 1);
    return std::nullopt;
}

// "a b" -> {a, b}; nullopt unless exactly two non-empty parts.
std::optional<std::pair<std::string_view, std::string_view>> splitMerge(std::string_view line) {
    const size_t space = line.find(' ');
    if (space == std::string_view::npos || space == 0 || space + 1 == line.size() ||
        line.find(' ', space + 1) != std::string_view::npos)
        return std::nullopt;
    return std::pair{line.substr(0, space), line.substr(space + 1)};
}

void loadMergesTxt(std::string_view text, const std::string& origin, const std::string& vocabName, Tables& t) {
    std::string_view rest = text;
    size_t lineNo = 0;
    bool header = false;
    while (!rest.empty()) {
        const size_t eol = rest.find('\n');
        std::string_view line = rest.substr(0, eol);
        rest = eol == std::string_view::npos ? std::string_view{} : rest.substr(eol + 1);
        ++lineNo;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);  // a file edited on Windows
        if (lineNo == 1 && line.starts_with("#version")) {
            header = true;
            continue;
        }
        if (line.empty()) continue;
        const auto parts = splitMerge(line);
        if (!parts)
            throw FormatError(Message(QT_TRANSLATE_NOOP("core", "%1 line %2: expected two space-separated tokens, found '%3'"), origin,
                                      lineNo, quotedForMessage(line)));
        if (auto err = addMerge(t, parts->first, parts->second, vocabName))
            throw FormatError(Message(QT_TRANSLATE_NOOP("core", "%1 line %2: %3"), origin, lineNo, *err));
    }
    // A byte-level model without merges (its vocabulary the 256 bytes and its specials) has only
    // the header; a file with neither a header nor a merge is more likely cut off.
    if (t.merges.empty() && !header)
        throw FormatError(Message(QT_TRANSLATE_NOOP("core", "%1: is empty, expected a '#version' line and one merge ('a b') per line "
                                                            "after it"),
                                  origin));
}

// Recognised specials, longest first so that one that is a prefix of another does not shadow it.
void finishSpecials(Tables& t) {
    if (const auto it = t.idOfSpelling.find("<|endoftext|>"); it != t.idOfSpelling.end()) {
        t.endOfText = it->second;
        const bool listed = std::any_of(t.specials.begin(), t.specials.end(),
                                        [&](const auto& s) { return s.second == it->second; });
        if (!listed) t.specials.emplace_back(t.bytesOf[it->second], it->second);
    }
    std::stable_sort(t.specials.begin(), t.specials.end(),
                     [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
}

const json* member(const json& obj, const char* key) {
    const auto it = obj.find(key);
    return it == obj.end() || it->is_null() ? nullptr : &*it;
}

std::string stringMember(const json& obj, const char* key, const std::string& where) {
    const json* v = member(obj, key);
    if (!v) throw FormatError(Message(QT_TRANSLATE_NOOP("core", "%1.%2 is missing, expected a string"), where, key));
    if (!v->is_string())
        throw FormatError(Message(QT_TRANSLATE_NOOP("core", "%1.%2 is %3, expected a string"), where, key, shortDump(*v)));
    return v->get<std::string>();
}

// The parts of a tokenizer.json that would change the ids if we ignored them.
void checkPipeline(const json& root, const std::string& file) {
    if (const json* norm = member(root, "normalizer"))
        throw FormatError(Message(QT_TRANSLATE_NOOP("core", "%1: normalizer is %2; GPT-2 has none, and attnscope applies none, so the "
                                                            "ids would differ"),
                                  file, shortDump(*norm)));
    if (const json* pre = member(root, "pre_tokenizer")) {
        if (!pre->is_object())
            throw FormatError(Message(QT_TRANSLATE_NOOP("core", "%1: pre_tokenizer is %2, expected an object"), file, shortDump(*pre)));
        const std::string type = stringMember(*pre, "type", file + ": pre_tokenizer");
        if (type != "ByteLevel")
            throw FormatError(Message(QT_TRANSLATE_NOOP("core", "%1: pre_tokenizer.type is '%2', expected 'ByteLevel' (GPT-2's)"), file,
                                      type));
        const json* prefix = member(*pre, "add_prefix_space");
        if (prefix && *prefix != false)
            throw FormatError(Message(QT_TRANSLATE_NOOP("core", "%1: pre_tokenizer.add_prefix_space is %2, expected false (GPT-2's)"),
                                      file, shortDump(*prefix)));
        const json* useRegex = member(*pre, "use_regex");
        if (useRegex && *useRegex != true)
            throw FormatError(Message(QT_TRANSLATE_NOOP("core", "%1: pre_tokenizer.use_regex is %2, expected true (GPT-2's)"), file,
                                      shortDump(*useRegex)));
    }
}

void loadAddedTokens(const json& root, const std::string& file, Tables& t) {
    const json* added = member(root, "added_tokens");
    if (!added) return;
    if (!added->is_array())
        throw FormatError(Message(QT_TRANSLATE_NOOP("core", "%1: added_tokens is %2, expected an array"), file, shortDump(*added)));
    const size_t modelSize = t.bytesOf.size();
    std::vector<std::string> extra;  // contents of added tokens past the model's vocabulary, by id
    for (size_t i = 0; i < added->size(); ++i) {
        const json& entry = (*added)[i];
        const std::string where = file + ": added_tokens[" + std::to_string(i) + "]";
        if (!entry.is_object())
            throw FormatError(Message(QT_TRANSLATE_NOOP("core", "%1 is %2, expected an object"), where, shortDump(entry)));
        const std::string content = stringMember(entry, "content", where);
        if (content.empty()) throw FormatError(Message(QT_TRANSLATE_NOOP("core", "%1.content is empty"), where));
        const json* idv = member(entry, "id");
        if (!idv) throw FormatError(Message(QT_TRANSLATE_NOOP("core", "%1.id is missing, expected a non-negative integer"), where));
        if (!idv->is_number_integer() || idv->get<int64_t>() < 0 || idv->get<int64_t>() > INT32_MAX)
            throw FormatError(Message(QT_TRANSLATE_NOOP("core", "%1.id is %2, expected a non-negative integer"), where, shortDump(*idv)));
        const auto id = idv->get<int32_t>();
        if (const auto it = t.idOfSpelling.find(content); it != t.idOfSpelling.end()) {
            if (it->second != id)
                throw FormatError(Message(QT_TRANSLATE_NOOP("core", "%1: '%2' has id %3 here but %4 in model.vocab"), where, content, id,
                                          it->second));
            // An added token is cut out of the text by its content and decodes to its token's bytes,
            // so the two must be the same, or decode(encode(s)) != s: "Ġt" is the vocabulary's
            // spelling of the bytes " t", and as an added token it turned the text "Ġt" into " t".
            if (t.bytesOf[id] != content)
                throw FormatError(Message(QT_TRANSLATE_NOOP("core", "%1: '%2' is model.vocab's spelling of the bytes %3, so text saying "
                                                                    "'%2' would decode to those; expected an added token that spells "
                                                                    "itself, like '<|endoftext|>'"),
                                          where, content, shortDump(json(t.bytesOf[id]))));
        } else {
            if (static_cast<size_t>(id) < modelSize)
                throw FormatError(Message(QT_TRANSLATE_NOOP("core", "%1: id %2 of '%3' is already the id of '%4' in model.vocab"), where,
                                          id, content,
                                          std::find_if(t.idOfSpelling.begin(), t.idOfSpelling.end(),
                                                       [&](const auto& e) { return e.second == id; })->first));
            // n added tokens can use at most the n ids after model.vocab: an id past those leaves a
            // gap, which the check below reports. (Sizing the slots from the id itself made one
            // entry with id 2^31-1 allocate 2^31 strings, 64 GB, before any check.)
            const size_t slot = static_cast<size_t>(id) - modelSize;
            if (slot >= added->size()) {
                extra.resize(added->size());
                continue;
            }
            if (slot >= extra.size()) extra.resize(slot + 1);
            if (!extra[slot].empty())
                throw FormatError(Message(QT_TRANSLATE_NOOP("core", "%1: id %2 is given to both '%3' and '%4'"), where, id, extra[slot],
                                          content));
            extra[slot] = content;
        }
        t.specials.emplace_back(content, id);
    }
    for (size_t slot = 0; slot < extra.size(); ++slot) {
        if (extra[slot].empty())
            throw FormatError(Message(QT_TRANSLATE_NOOP("core", "%1: added_tokens leave id %2 unused; ids must continue model.vocab "
                                                                "without gaps"),
                                      file, modelSize + slot));
        t.idOfSpelling.emplace(extra[slot], static_cast<int32_t>(modelSize + slot));
        t.bytesOf.push_back(extra[slot]);
    }
}

}  // namespace

Tokenizer::Tokenizer(std::shared_ptr<const detail::TokenizerTables> impl) : impl_(std::move(impl)) {}
Tokenizer::Tokenizer(const Tokenizer&) = default;
Tokenizer& Tokenizer::operator=(const Tokenizer&) = default;
Tokenizer::Tokenizer(Tokenizer&&) noexcept = default;
Tokenizer& Tokenizer::operator=(Tokenizer&&) noexcept = default;
Tokenizer::~Tokenizer() = default;

Tokenizer Tokenizer::fromFiles(const std::filesystem::path& vocabJson, const std::filesystem::path& mergesTxt) {
    const std::string vocabText = readWholeFile(vocabJson);
    const std::string mergesText = readWholeFile(mergesTxt);
    return fromVocabMergesText(vocabText, mergesText, vocabJson.string(), mergesTxt.string());
}

Tokenizer Tokenizer::fromVocabMergesText(std::string_view vocabJson, std::string_view mergesTxt,
                                         const std::string& vocabOrigin, const std::string& mergesOrigin) {
    auto t = std::make_shared<Tables>();
    loadVocab(parseJson(vocabJson, vocabOrigin), vocabOrigin, *t);
    loadMergesTxt(mergesTxt, mergesOrigin, std::filesystem::path(vocabOrigin).filename().string(), *t);
    finishSpecials(*t);
    return Tokenizer(std::move(t));
}

Tokenizer Tokenizer::fromTokenizerJson(const std::filesystem::path& tokenizerJson) {
    return fromTokenizerJsonText(readWholeFile(tokenizerJson), tokenizerJson.string());
}

Tokenizer Tokenizer::fromTokenizerJsonText(std::string_view text, const std::string& file) {
    const json root = parseJson(text, file);
    if (!root.is_object())
        throw FormatError(Message(QT_TRANSLATE_NOOP("core", "%1: expected a JSON object, found %2"), file, shortDump(root)));
    const json* model = member(root, "model");
    if (!model) throw FormatError(Message(QT_TRANSLATE_NOOP("core", "%1: model is missing, expected an object"), file));
    if (!model->is_object())
        throw FormatError(Message(QT_TRANSLATE_NOOP("core", "%1: model is %2, expected an object"), file, shortDump(*model)));
    const std::string type = stringMember(*model, "type", file + ": model");
    if (type != "BPE") throw FormatError(Message(QT_TRANSLATE_NOOP("core", "%1: model.type is '%2', expected 'BPE'"), file, type));
    if (const json* ignore = member(*model, "ignore_merges"); ignore && *ignore != false)
        throw FormatError(Message(QT_TRANSLATE_NOOP("core", "%1: model.ignore_merges is %2, expected false (GPT-2's)"), file,
                                  shortDump(*ignore)));
    for (const char* affix : {"continuing_subword_prefix", "end_of_word_suffix"})
        if (const json* v = member(*model, affix); v && *v != "")
            throw FormatError(Message(QT_TRANSLATE_NOOP("core", "%1: model.%2 is %3, expected \"\" or null (GPT-2's)"), file, affix,
                                      shortDump(*v)));
    checkPipeline(root, file);

    auto t = std::make_shared<Tables>();
    const json* vocab = member(*model, "vocab");
    if (!vocab)
        throw FormatError(
            Message(QT_TRANSLATE_NOOP("core", "%1: model.vocab is missing, expected an object mapping each token to its id"), file));
    loadVocab(*vocab, file + ": model.vocab", *t);

    const json* merges = member(*model, "merges");
    if (!merges)
        throw FormatError(Message(QT_TRANSLATE_NOOP("core", "%1: model.merges is missing, expected an array of \"a b\" strings or "
                                                            "[\"a\", \"b\"] pairs"),
                                  file));
    if (!merges->is_array())
        throw FormatError(Message(QT_TRANSLATE_NOOP("core", "%1: model.merges is %2, expected an array of \"a b\" strings or "
                                                            "[\"a\", \"b\"] pairs"),
                                  file, shortDump(*merges)));
    for (size_t i = 0; i < merges->size(); ++i) {
        const json& m = (*merges)[i];
        std::optional<std::pair<std::string_view, std::string_view>> parts;
        if (m.is_string()) {
            parts = splitMerge(m.get_ref<const std::string&>());
        } else if (m.is_array() && m.size() == 2 && m[0].is_string() && m[1].is_string() &&
                   !m[0].get_ref<const std::string&>().empty() && !m[1].get_ref<const std::string&>().empty()) {
            parts = std::pair<std::string_view, std::string_view>{m[0].get_ref<const std::string&>(),
                                                                  m[1].get_ref<const std::string&>()};
        }
        if (!parts)
            throw FormatError(Message(QT_TRANSLATE_NOOP("core", "%1: model.merges[%2] is %3, expected \"a b\" or [\"a\", \"b\"]"), file,
                                      i, shortDump(m)));
        if (auto err = addMerge(*t, parts->first, parts->second, "model.vocab"))
            throw FormatError(Message(QT_TRANSLATE_NOOP("core", "%1: model.merges[%2]: %3"), file, i, *err));
    }
    loadAddedTokens(root, file, *t);
    finishSpecials(*t);
    return Tokenizer(std::move(t));
}

Tokenizer Tokenizer::fromFolder(const std::filesystem::path& dir) {
    requireFolder(dir, Message(QT_TRANSLATE_NOOP("core", "looked for a tokenizer in it")));
    const auto vocab = dir / "vocab.json";
    const auto merges = dir / "merges.txt";
    const auto single = dir / "tokenizer.json";
    // A name that is there counts even if it is a dangling link or a loop: loading it says so.
    if (namePresent(vocab) && namePresent(merges)) return fromFiles(vocab, merges);
    if (namePresent(single)) return fromTokenizerJson(single);
    throw FormatError(
        Message(QT_TRANSLATE_NOOP("core", "%1: no tokenizer found, expected vocab.json and merges.txt, or tokenizer.json"), dir));
}

Tokenizer Tokenizer::gpt2() {
    // Loading parses ~1 MB of JSON and 50,000 merges; every caller after the first shares that work.
    static const Tokenizer shipped = fromFiles(std::filesystem::path(ATTNSCOPE_RESOURCES_DIR) / "tokenizers/gpt2/vocab.json",
                                               std::filesystem::path(ATTNSCOPE_RESOURCES_DIR) / "tokenizers/gpt2/merges.txt");
    return shipped;
}

// ---------------------------------------------------------------------------------------------

std::vector<int32_t> Tokenizer::encode(std::string_view text, SpecialTokens special) const {
    const Tables& t = *impl_;
    // BPE indexes symbols with 32 bits.
    if (text.size() > static_cast<size_t>(INT32_MAX))
        throw UsageError(Message(QT_TRANSLATE_NOOP("core", "encode: a text of %1 bytes is longer than the 2 GiB limit"), text.size()));
    detail::TokenizerTables::Scratch scratch(t.regex, text.size());
    std::vector<int32_t> out;
    out.reserve(text.size() / 4 + 4);
    if (special == SpecialTokens::AsText || t.specials.empty()) {
        t.encodeOrdinary(text, scratch, out);
        return out;
    }
    // Next occurrence of each special at or after `from`; refreshed only when passed.
    std::vector<size_t> next(t.specials.size());
    for (size_t k = 0; k < next.size(); ++k) next[k] = text.find(t.specials[k].first);
    size_t from = 0;
    while (true) {
        size_t best = std::string_view::npos, bestK = 0;
        for (size_t k = 0; k < next.size(); ++k)
            if (next[k] < best) best = next[k], bestK = k;  // ties: the longer (earlier in the list)
        if (best == std::string_view::npos) break;
        t.encodeOrdinary(text.substr(from, best - from), scratch, out);
        out.push_back(t.specials[bestK].second);
        from = best + t.specials[bestK].first.size();
        for (size_t k = 0; k < next.size(); ++k)
            if (next[k] != std::string_view::npos && next[k] < from) next[k] = text.find(t.specials[k].first, from);
    }
    t.encodeOrdinary(text.substr(from), scratch, out);
    return out;
}

std::string Tokenizer::decode(std::span<const int32_t> ids) const {
    const Tables& t = *impl_;
    std::string out;
    for (size_t i = 0; i < ids.size(); ++i) {
        // The message's context is built only for a bad id (building it for every id stood out
        // in the tokenizer fuzzer's profile).
        if (ids[i] < 0 || static_cast<size_t>(ids[i]) >= t.bytesOf.size())
            t.checkId(ids[i], i);
        out += t.bytesOf[ids[i]];
    }
    return out;
}

std::string Tokenizer::tokenBytes(int32_t id) const {
    impl_->checkId(id);
    return impl_->bytesOf[id];
}

std::string Tokenizer::displayToken(int32_t id) const {
    impl_->checkId(id);
    const std::string& bytes = impl_->bytesOf[id];
    const auto* s = reinterpret_cast<const unsigned char*>(bytes.data());
    std::string out;
    for (size_t i = 0; i < bytes.size();) {
        const size_t len = utf8CharLen(s, bytes.size(), i);
        if (len == 0) {
            out += hexByte(s[i++]);
            continue;
        }
        const char32_t cp = utf8Decode(s + i, len);
        if (cp == ' ') {
            out += "\u00B7";
        } else if (cp == '\n') {
            out += "\u21B5";
        } else if (cp == '\t') {
            out += "\u21E5";
        } else if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) {
            for (size_t k = 0; k < len; ++k) out += hexByte(s[i + k]);
        } else {
            out.append(bytes, i, len);
        }
        i += len;
    }
    return out;
}

int32_t Tokenizer::vocabSize() const { return static_cast<int32_t>(impl_->bytesOf.size()); }

std::size_t Tokenizer::longestTokenBytes() const {
    std::size_t longest = 1;
    for (const std::string& b : impl_->bytesOf) longest = std::max(longest, b.size());
    return longest;
}

std::optional<int32_t> Tokenizer::endOfTextId() const { return impl_->endOfText; }

std::optional<int32_t> Tokenizer::idOf(std::string_view token) const {
    const auto it = impl_->idOfSpelling.find(token);
    if (it == impl_->idOfSpelling.end()) return std::nullopt;
    return it->second;
}

}  // namespace attnscope
