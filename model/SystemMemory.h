#pragma once
// How much memory the system can still give this process, to refuse work a file asks for that
// cannot fit (a workspace whose replay would record gigabytes) before starting it.

#include <cstdint>
#include <optional>
#include <string_view>

namespace attnscope {

// MemAvailable from /proc/meminfo, in bytes (the kernel's estimate of memory available for new
// work without swapping); nullopt where it cannot be read.
std::optional<std::uint64_t> availableMemoryBytes();

// The same from the text of a /proc/meminfo (exposed for the tests).
std::optional<std::uint64_t> memAvailableFrom(std::string_view meminfo);

}  // namespace attnscope
