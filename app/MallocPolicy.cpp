#include "app/MallocPolicy.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <unistd.h>

namespace attnscope::app {
namespace {

constexpr const char* kThreadCacheSetting = "glibc.malloc.tcache_count";

// Whether another allocator stands in for glibc's: then its tunables change nothing.
bool foreignAllocator() {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
    return true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer)
    return true;
#endif
#endif
    // valgrind preloads its own malloc; a process it runs must not exec itself out from under it.
    const char* preload = std::getenv("LD_PRELOAD");
    return preload && std::strstr(preload, "vgpreload");
}

bool glibcDefaultsWanted() {
    const char* wanted = std::getenv("ATTNSCOPE_MALLOC");
    return wanted && std::strcmp(wanted, "default") == 0;
}

// A value of ATTNSCOPE_MALLOC other than "default" is a typo, not a wish: say so.
void warnAboutUnknownChoice() {
    const char* wanted = std::getenv("ATTNSCOPE_MALLOC");
    if (wanted && *wanted && !glibcDefaultsWanted()) {
        std::fprintf(stderr, "attnscope: ATTNSCOPE_MALLOC=%s is not known (the one choice is 'default'); "
                             "malloc's per-thread cache goes off as usual\n", wanted);
    }
}

}  // namespace

std::optional<std::string> tunablesWithoutThreadCache(const char* current) {
    const std::string setting = std::string(kThreadCacheSetting) + "=0";
    if (!current || !*current) return setting;
    // Settings are name=value pairs separated by ':'.
    const std::string value(current);
    std::size_t begin = 0;
    while (begin <= value.size()) {
        const std::size_t end = std::min(value.find(':', begin), value.size());
        const std::string pair = value.substr(begin, end - begin);
        if (pair.rfind(std::string(kThreadCacheSetting) + "=", 0) == 0) return std::nullopt;
        begin = end + 1;
    }
    return value + ":" + setting;
}

void restartWithoutMallocThreadCache(char** argv) {
#if defined(__GLIBC__)
    if (foreignAllocator() || glibcDefaultsWanted()) return;
    const char* before = std::getenv("GLIBC_TUNABLES");
    const std::optional<std::string> was = before ? std::optional<std::string>(before) : std::nullopt;
    const std::optional<std::string> tunables = tunablesWithoutThreadCache(before);
    if (!tunables) return;
    warnAboutUnknownChoice();  // once: only on the way to the restart
    if (setenv("GLIBC_TUNABLES", tunables->c_str(), 1) != 0) return;
    execv("/proc/self/exe", argv);
    // Still here: exec failed. Run on as we are, and leave the environment as it was for
    // whatever this process starts.
    if (was) setenv("GLIBC_TUNABLES", was->c_str(), 1);
    else unsetenv("GLIBC_TUNABLES");
#else
    (void)argv;
#endif
}

std::string describeMallocPolicy() {
#if defined(__GLIBC__)
    if (foreignAllocator()) return "malloc: a sanitizer's or valgrind's allocator";
    const char* tunables = std::getenv("GLIBC_TUNABLES");
    const bool cacheSetHere = tunables && !tunablesWithoutThreadCache(tunables);
    if (cacheSetHere) return std::string("malloc: glibc, GLIBC_TUNABLES=") + tunables;
    return glibcDefaultsWanted() ? "malloc: glibc's defaults (ATTNSCOPE_MALLOC=default)" : "malloc: glibc's defaults";
#else
    return "malloc: the C library's own";
#endif
}

}  // namespace attnscope::app
