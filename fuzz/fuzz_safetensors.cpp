// libFuzzer target: arbitrary bytes as a model.safetensors file (header, tensor table, data), then
// the weights built from it for the tiny fixtures' config. See FuzzChecks.h.
#include "fuzz/FuzzChecks.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const attnscope::Gpt2Config config =
        attnscope::Gpt2Config::fromJsonFile(std::filesystem::path(ATTNSCOPE_TEST_DATA_DIR) / "checkpoints/tiny-f32-prefixed/config.json");
    attnscope::fuzz::checkSafetensors({reinterpret_cast<const char*>(data), size}, config);
    return 0;
}
