// Encode throughput of the GPT-2 tokenizer, one thread.
//
// Corpora (all generated here, so the numbers do not depend on files outside the repo):
//   english    ~1 MB: a set of varied English paragraphs written for this benchmark, repeated with
//              a running number so that the text is not byte-for-byte periodic
//   no-spaces  ~1 MB: letters and digits only, in random runs (pre-tokens are short, BPE-heavy,
//              few repeats, so the per-call BPE cache helps little)
//   one-word   ~1 MB: a single run of random letters, i.e. one pre-token of a megabyte (the case
//              that is quadratic in a naive BPE)
//   prompts    10,000 separate encode() calls of ~300 bytes each (per-call costs)
#include "model/Tokenizer.h"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <functional>
#include <ostream>
#include <random>
#include <string>
#include <vector>

namespace attnscope::bench {

namespace {

const char* const kParagraphs[] = {
    "The transformer reads its prompt one token at a time, and every layer lets each position look "
    "back at the positions before it. Attention is a weighted average: the query of the current token "
    "is compared with the key of every earlier token, the scores go through a softmax, and the values "
    "are summed with those weights.\n\n",
    "In GPT-2 small there are 12 layers with 12 heads each, so 144 attention patterns for every prompt. "
    "Some heads look at the previous token, some at the first one, and some follow syntax: a verb "
    "finding its subject, a closing bracket finding the opening one, a pronoun finding its noun.\n\n",
    "Tokens aren't words. \"Unbelievable\" might be split into three pieces, while \" the\" with its "
    "leading space is a single token. Numbers are chopped into pieces of one to three digits, so "
    "1234567 is several tokens, and so is 3.14159; prices like $19.99 or 1,000,000 are worse.\n\n",
    "She said she'd have been there by seven o'clock if the train hadn't stopped for forty minutes "
    "outside the station. We'll never know whether that's true; they've all gone home, and the "
    "conductor, who'd seen everything, isn't answering his phone.\n\n",
    "Temperature and top-k are the knobs people turn first. Greedy decoding tends to loop (\"the the "
    "the\"), while sampling with a little randomness reads more naturally, at the cost of the "
    "occasional non sequitur. Nucleus sampling keeps the smallest set of tokens whose probabilities "
    "add up to p.\n\n",
    "    def attention(q, k, v, mask):\n        scores = q @ k.T / math.sqrt(q.shape[-1])\n"
    "        scores = scores.masked_fill(mask == 0, -1e9)\n        return softmax(scores) @ v\n\n",
    "Weather report for Tuesday, 14 March: morning fog over the valleys, clearing by 11:00; highs of "
    "17°C in the south and 12°C in the north; winds from the west at 20-30 km/h, gusting to 55 km/h on "
    "exposed coasts. Pollen count: moderate. Sunset at 18:42.\n\n",
    "CHAPTER XIV. In which our hero, having lost his map, his compass and most of his patience, finds "
    "that the road he has been following for three days leads back to the inn where he started; the "
    "innkeeper, unsurprised, sets out a fourth bowl of soup.\n\n",
};

std::string englishCorpus(size_t bytes) {
    std::string text;
    for (size_t n = 0; text.size() < bytes; ++n) {
        text += "Section " + std::to_string(n + 1) + ". ";
        text += kParagraphs[n % std::size(kParagraphs)];
    }
    return text;
}

std::string noSpacesCorpus(size_t bytes, std::mt19937& rng) {
    const std::string letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    const std::string digits = "0123456789";
    std::uniform_int_distribution<size_t> letterRun(1, 20), digitRun(1, 5);
    std::string text;
    while (text.size() < bytes) {
        for (size_t k = letterRun(rng); k > 0; --k) text += letters[rng() % letters.size()];
        for (size_t k = digitRun(rng); k > 0; --k) text += digits[rng() % digits.size()];
    }
    return text;
}

std::string oneWordCorpus(size_t bytes, std::mt19937& rng) {
    const std::string letters = "abcdefghijklmnopqrstuvwxyz";
    std::string text;
    while (text.size() < bytes) text += letters[rng() % letters.size()];
    return text;
}

double secondsOf(const std::function<void()>& f) {
    const auto start = std::chrono::steady_clock::now();
    f();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Best of `repeats`, so that a noisy shared machine shows what the code can do.
double bestSeconds(int repeats, const std::function<void()>& f) {
    double best = 1e30;
    for (int r = 0; r < repeats; ++r) best = std::min(best, secondsOf(f));
    return best;
}

}  // namespace

void runTokenizerBench(std::ostream& out) {
    double loadSeconds = 0;
    Tokenizer tok = [&] {
        const auto start = std::chrono::steady_clock::now();
        Tokenizer t = Tokenizer::gpt2();
        loadSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        return t;
    }();
    out << "tokenizer: load GPT-2 vocab.json + merges.txt: " << loadSeconds * 1e3 << " ms\n";

    std::mt19937 rng(1234);
    const size_t megabyte = 1 << 20;
    struct Corpus {
        const char* name;
        std::string text;
    };
    const Corpus corpora[] = {
        {"english", englishCorpus(megabyte)},
        {"no-spaces", noSpacesCorpus(megabyte, rng)},
        {"one-word", oneWordCorpus(megabyte, rng)},
    };
    for (const auto& c : corpora) {
        size_t tokens = 0;
        const double s = bestSeconds(3, [&] { tokens = tok.encode(c.text).size(); });
        out << "tokenizer: encode " << c.name << " (" << c.text.size() << " bytes, " << tokens
            << " tokens): " << static_cast<double>(c.text.size()) / s / 1e6 << " MB/s, "
            << static_cast<double>(tokens) / s / 1e6 << " M tokens/s\n";
    }

    std::vector<std::string> prompts;
    const std::string english = corpora[0].text;
    for (size_t i = 0; i < 10'000; ++i) prompts.push_back(english.substr((i * 7919) % (english.size() - 300), 300));
    size_t tokens = 0;
    const double s = bestSeconds(3, [&] {
        tokens = 0;
        for (const auto& p : prompts) tokens += tok.encode(p).size();
    });
    out << "tokenizer: encode prompts (10000 x 300 bytes, " << tokens << " tokens): "
        << static_cast<double>(prompts.size()) / s / 1e3 << " k prompts/s, "
        << 300.0 * static_cast<double>(prompts.size()) / s / 1e6 << " MB/s\n";
}

}  // namespace attnscope::bench
