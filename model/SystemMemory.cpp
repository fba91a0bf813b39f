#include "model/SystemMemory.h"

#include <charconv>
#include <fstream>
#include <sstream>
#include <string>

namespace attnscope {

std::optional<std::uint64_t> memAvailableFrom(std::string_view meminfo) {
    constexpr std::string_view key = "MemAvailable:";
    const auto at = meminfo.find(key);
    if (at == std::string_view::npos) return std::nullopt;
    std::string_view rest = meminfo.substr(at + key.size());
    while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    std::uint64_t kib = 0;
    const auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), kib);
    if (ec != std::errc() || end == rest.data()) return std::nullopt;
    return kib * 1024;  // the kernel writes "kB", meaning KiB
}

std::optional<std::uint64_t> availableMemoryBytes() {
    std::ifstream in("/proc/meminfo");
    if (!in) return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    return memAvailableFrom(text.str());
}

}  // namespace attnscope
