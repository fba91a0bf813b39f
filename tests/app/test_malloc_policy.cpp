// app/MallocPolicy: the app runs glibc's malloc with the per-thread cache off, by running
// itself again with GLIBC_TUNABLES set (docs/reliability.md, "Cancel, repainting and memory").
#include <catch2/catch.hpp>

#include <array>
#include <cstdio>
#include <string>

#include <sys/wait.h>

#include "app/MallocPolicy.h"

using attnscope::app::tunablesWithoutThreadCache;

TEST_CASE("the per-thread cache setting is added to GLIBC_TUNABLES, and a value already there is kept", "[app][malloc]") {
    CHECK(tunablesWithoutThreadCache(nullptr) == "glibc.malloc.tcache_count=0");
    CHECK(tunablesWithoutThreadCache("") == "glibc.malloc.tcache_count=0");
    CHECK(tunablesWithoutThreadCache("glibc.malloc.arena_max=2") == "glibc.malloc.arena_max=2:glibc.malloc.tcache_count=0");
    // The user's own count, and this process after its restart: nothing to change (no loop).
    CHECK_FALSE(tunablesWithoutThreadCache("glibc.malloc.tcache_count=0"));
    CHECK_FALSE(tunablesWithoutThreadCache("glibc.malloc.tcache_count=7"));
    CHECK_FALSE(tunablesWithoutThreadCache("glibc.malloc.arena_max=2:glibc.malloc.tcache_count=3"));
    // A name that only starts the same is another setting.
    CHECK(tunablesWithoutThreadCache("glibc.malloc.tcache_count_x=1") ==
          "glibc.malloc.tcache_count_x=1:glibc.malloc.tcache_count=0");
}

#if defined(ATTNSCOPE_APP_BINARY)
namespace {
// Runs `command` in a shell and returns what it printed, with its exit status.
std::pair<std::string, int> runCommand(const std::string& command) {
    std::string out;
    FILE* pipe = popen(command.c_str(), "r");
    REQUIRE(pipe);
    std::array<char, 256> buffer{};
    while (std::fgets(buffer.data(), static_cast<int>(buffer.size()), pipe)) out += buffer.data();
    const int status = pclose(pipe);
    return {out, WIFEXITED(status) ? WEXITSTATUS(status) : -1};
}
}  // namespace

TEST_CASE("the app runs itself again with malloc's per-thread cache off, unless told not to", "[app][malloc]") {
    const std::string app = std::string("'") + ATTNSCOPE_APP_BINARY + "' --malloc-policy";
    const auto [policy, status] = runCommand("env -u GLIBC_TUNABLES -u ATTNSCOPE_MALLOC " + app);
    CHECK(status == 0);
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
    CHECK(policy == "malloc: a sanitizer's or valgrind's allocator\n");  // glibc's malloc is not in use
#else
    CHECK(policy == "malloc: glibc, GLIBC_TUNABLES=glibc.malloc.tcache_count=0\n");
    // Other tunables the user set are kept; their own cache count wins.
    CHECK(runCommand("env -u ATTNSCOPE_MALLOC GLIBC_TUNABLES=glibc.malloc.arena_max=4 " + app).first ==
          "malloc: glibc, GLIBC_TUNABLES=glibc.malloc.arena_max=4:glibc.malloc.tcache_count=0\n");
    CHECK(runCommand("env -u ATTNSCOPE_MALLOC GLIBC_TUNABLES=glibc.malloc.tcache_count=5 " + app).first ==
          "malloc: glibc, GLIBC_TUNABLES=glibc.malloc.tcache_count=5\n");
    CHECK(runCommand("env -u GLIBC_TUNABLES ATTNSCOPE_MALLOC=default " + app).first ==
          "malloc: glibc's defaults (ATTNSCOPE_MALLOC=default)\n");
    // A choice it does not know is named once on stderr, and the cache goes off as usual.
    const auto [typo, typoStatus] = runCommand("env -u GLIBC_TUNABLES ATTNSCOPE_MALLOC=Default " + app + " 2>&1");
    CHECK(typoStatus == 0);
    CHECK(typo == "attnscope: ATTNSCOPE_MALLOC=Default is not known (the one choice is 'default'); malloc's per-thread cache "
                  "goes off as usual\nmalloc: glibc, GLIBC_TUNABLES=glibc.malloc.tcache_count=0\n");
#endif
}
#endif

#if defined(ATTNSCOPE_APP_BINARY)
// Not malloc, but the same kind of check: the app binary run with no display at all.
TEST_CASE("attnscope --help and --version answer without a display, and the window says why it cannot open", "[app][cli]") {
    const std::string app = std::string("'") + ATTNSCOPE_APP_BINARY + "'";
    const std::string noDisplay = "env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM ATTNSCOPE_MALLOC=default ";

    const auto [help, helpStatus] = runCommand(noDisplay + app + " --help 2>&1");
    CHECK(helpStatus == 0);
    CHECK(help.find("--model <DIR>") != std::string::npos);
    CHECK(help.find("--headless --help") != std::string::npos);

    const auto [version, versionStatus] = runCommand(noDisplay + app + " --version 2>&1");
    CHECK(versionStatus == 0);
    CHECK(version.rfind("attnscope ", 0) == 0);

    const auto [typo, typoStatus] = runCommand(noDisplay + app + " --modle x 2>&1");
    CHECK(typoStatus == 2);
    CHECK(typo.find("Unknown option 'modle'") != std::string::npos);

    const auto [window, windowStatus] = runCommand(noDisplay + app + " 2>&1");
    CHECK(windowStatus == 1);
    CHECK(window.find("no display to open the window on") != std::string::npos);
    CHECK(window.find("xcb") == std::string::npos);
}
#endif
