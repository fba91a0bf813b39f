#pragma once
// GPT-2's byte-level BPE tokenizer, giving exactly the ids OpenAI's encoder.py, Hugging Face's
// GPT2Tokenizer and tiktoken's "gpt2" encoding give (docs/tokenizer.md says how that is checked).
// The one caveat: letter/number classes come from the system PCRE2's Unicode tables (10.42:
// Unicode 14), so text with characters assigned later may be split differently than by a reference
// built on newer tables.
//
// Behaviour that the reference implementations leave undefined, and that this one defines:
//
// * Special tokens. `<|endoftext|>` (and, from a tokenizer.json, every entry of `added_tokens`)
//   is cut out of the text before anything else and becomes its own single id, unless
//   SpecialTokens::AsText is passed, in which case it is BPE-encoded like any other text. This is
//   what Hugging Face does by default and what tiktoken does with allowed_special="all".
//
// * Invalid UTF-8. The references take Unicode strings, so they never see it; we take bytes.
//   Encoding is lossless for any bytes: the text is split into maximal valid-UTF-8 runs and maximal
//   runs of bytes that do not begin a valid UTF-8 sequence (strict: no overlongs, no surrogates,
//   nothing above U+10FFFF, no truncated sequences). A valid run is pre-tokenised with GPT-2's
//   pattern as usual; each invalid run is one pre-token of its own, BPE-encoded from its bytes.
//   So decode(encode(s)) == s for every byte string s, and valid text is encoded exactly as the
//   references encode it.
//
// * Whitespace. GPT-2's pattern uses `\s`; the references (Python's `regex`, Rust's regex, Oniguruma)
//   all give it the Unicode White_Space property, so we use exactly that set (`[\t-\r\x{85}\p{Z}]`)
//   rather than PCRE2's own `\s`, which also takes U+180E. JavaScript ports that use JS's `\s`
//   (gpt-3-encoder among them) differ from all of these on U+0085 and U+FEFF.
//
// * Display form (displayToken): valid UTF-8 is shown as it is, except that every ASCII space is
//   shown as "·" (U+00B7; in GPT-2's vocabulary a space only ever leads a token, or is the token),
//   a newline as "↵", a tab as "⇥", and other C0/C1 control characters, DEL, and bytes that are
//   not part of a complete UTF-8 character (GPT-2 often cuts a character between two tokens) as
//   `\xNN` escapes, one per byte, upper-case hex. A literal "·" or backslash in a token is shown
//   unchanged, so the display form is for people, not for parsing; tokenBytes() is exact.
//
// Thread safety: every const member function may be called from several threads at once. There
// is no shared mutable state: the BPE cache is a small fixed-size table that lives for one encode()
// call (docs/tokenizer.md has the measurements behind that choice). Copies share the same
// immutable tables and are cheap.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace attnscope {

namespace detail {
struct TokenizerTables;  // defined in Tokenizer.cpp
}

enum class SpecialTokens {
    Recognise,  // "<|endoftext|>" in the text becomes one id
    AsText,     // ... or is encoded like ordinary text ("<", "|", "end", "of", "text", "|", ">")
};

class Tokenizer {
public:
    // The two files of a Hugging Face GPT-2 folder. Throws FormatError naming the file and the
    // entry or line that is wrong.
    static Tokenizer fromFiles(const std::filesystem::path& vocabJson,
                               const std::filesystem::path& mergesTxt);
    // The same from the files' text already in memory; the origins stand for the file names in
    // messages (and the vocabulary's name in merge errors is the last part of vocabOrigin).
    static Tokenizer fromVocabMergesText(std::string_view vocabJson, std::string_view mergesTxt,
                                         const std::string& vocabOrigin, const std::string& mergesOrigin);
    // A Hugging Face tokenizers file whose model is a byte-level BPE (model.type "BPE"); or its
    // text already in memory, `origin` standing for the file name in messages.
    static Tokenizer fromTokenizerJson(const std::filesystem::path& tokenizerJson);
    static Tokenizer fromTokenizerJsonText(std::string_view text, const std::string& origin);
    // vocab.json + merges.txt if both are there, else tokenizer.json.
    static Tokenizer fromFolder(const std::filesystem::path& dir);
    // The GPT-2 vocabulary shipped in resources/tokenizers/gpt2 (loaded once, then shared).
    static Tokenizer gpt2();

    Tokenizer(const Tokenizer&);
    Tokenizer& operator=(const Tokenizer&);
    Tokenizer(Tokenizer&&) noexcept;
    Tokenizer& operator=(Tokenizer&&) noexcept;
    ~Tokenizer();  // a moved-from Tokenizer may only be assigned to or destroyed

    // Any bytes (see above); throws UsageError only for a text over 2 GiB.
    [[nodiscard]] std::vector<int32_t> encode(std::string_view text,
                                              SpecialTokens special = SpecialTokens::Recognise) const;
    // The exact bytes; throws UsageError for an id outside 0..vocabSize()-1.
    [[nodiscard]] std::string decode(std::span<const int32_t> ids) const;
    [[nodiscard]] std::string tokenBytes(int32_t id) const;
    [[nodiscard]] std::string displayToken(int32_t id) const;

    [[nodiscard]] int32_t vocabSize() const;
    // The most bytes one token stands for: a text longer than n tokens times this cannot be
    // fewer than n tokens, which bounds a prompt before it is tokenized or laid out.
    [[nodiscard]] std::size_t longestTokenBytes() const;
    [[nodiscard]] std::optional<int32_t> endOfTextId() const;
    // `token` is spelt as in vocab.json, i.e. in GPT-2's byte alphabet ("Ġthe" for " the").
    [[nodiscard]] std::optional<int32_t> idOf(std::string_view token) const;

private:
    explicit Tokenizer(std::shared_ptr<const detail::TokenizerTables> impl);
    std::shared_ptr<const detail::TokenizerTables> impl_;
};

}  // namespace attnscope
