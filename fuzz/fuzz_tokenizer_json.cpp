// libFuzzer target: arbitrary bytes as a Hugging Face tokenizer.json; a tokenizer that loads must
// keep its promises (FuzzChecks.h).
#include "fuzz/FuzzChecks.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    attnscope::fuzz::checkTokenizerJson({reinterpret_cast<const char*>(data), size});
    return 0;
}
