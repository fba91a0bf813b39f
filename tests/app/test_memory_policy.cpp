// The process's allocator settings (app/MemoryPolicy): large blocks go back to the system.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <vector>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "app/MemoryPolicy.h"

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool kSanitizerAllocator = true;  // replaces malloc: mallopt and mallinfo2 mean nothing there
#else
constexpr bool kSanitizerAllocator = false;
#endif

TEST_CASE("after configureAllocator a large block is mapped on its own and unmapped when freed", "[app][memory]") {
    const bool configured = attnscope::app::configureAllocator();
#if defined(__GLIBC__)
    if (kSanitizerAllocator) {
        WARN("built with a sanitizer, whose allocator replaces glibc's: nothing to check");
        return;
    }
    REQUIRE(configured);
    const auto mappedBytes = [] { return mallinfo2().hblkhd; };
    // By default, freeing this block would raise glibc's threshold to 8 MiB, and the 2 MiB block
    // below would then come from the heap and stay resident once freed.
    { std::vector<char> big(std::size_t(8) << 20, 1); }
    const std::size_t before = mappedBytes();
    // volatile: the compiler may otherwise drop a malloc whose block is never used.
    char* volatile block = static_cast<char*>(std::malloc(std::size_t(2) << 20));
    REQUIRE(block != nullptr);
    block[0] = 1;
    CHECK(mappedBytes() >= before + (std::size_t(2) << 20));
    std::free(block);
    CHECK(mappedBytes() == before);
#else
    WARN("the C library is not glibc: configureAllocator " << (configured ? "says it" : "did not") << " configure anything");
#endif
}
