// libFuzzer target: arbitrary bytes as vocab.json, a NUL byte, merges.txt; a tokenizer that loads
// must keep its promises (FuzzChecks.h).
#include "fuzz/FuzzChecks.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    attnscope::fuzz::checkVocabMerges({reinterpret_cast<const char*>(data), size});
    return 0;
}
