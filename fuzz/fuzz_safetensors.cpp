// libFuzzer target: arbitrary bytes as a model.safetensors file (header, tensor table, data), then
// the weights built from it for FuzzChecks.h's microConfig(). See FuzzChecks.h.
#include "fuzz/FuzzChecks.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const attnscope::Gpt2Config config = attnscope::fuzz::microConfig();
    attnscope::fuzz::checkSafetensors({reinterpret_cast<const char*>(data), size}, config);
    return 0;
}
