// libFuzzer target: arbitrary bytes encoded and decoded by GPT-2's shipped tokenizer and the tiny
// fixtures' one, in both special-token modes; decode(encode(s)) must give s back (FuzzChecks.h).
#include "fuzz/FuzzChecks.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const attnscope::Tokenizer gpt2 = attnscope::Tokenizer::gpt2();
    static const attnscope::Tokenizer tiny =
        attnscope::Tokenizer::fromFolder(std::filesystem::path(ATTNSCOPE_TEST_DATA_DIR) / "checkpoints/tiny-f32-prefixed");
    static const bool tablesChecked = [] {
        attnscope::fuzz::checkTokenTable(gpt2, INT32_MAX);
        attnscope::fuzz::checkTokenTable(tiny, INT32_MAX);
        return true;
    }();
    (void)tablesChecked;
    attnscope::fuzz::checkEncode({reinterpret_cast<const char*>(data), size}, gpt2, tiny);
    return 0;
}
