// libFuzzer target: arbitrary bytes as a workspace (.attnscope) file. See FuzzChecks.h.
#include "fuzz/FuzzChecks.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    attnscope::fuzz::checkWorkspace({reinterpret_cast<const char*>(data), size});
    return 0;
}
