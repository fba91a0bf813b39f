#pragma once
// How attnscope runs glibc's malloc: with its per-thread cache (tcache) switched off.
//
// Why: each thread keeps up to seven freed small blocks of every size class in a cache of its
// own, which malloc_trim never empties. The pages those blocks sit on stay resident, and which
// pages they are wanders as the window, the worker and the pool threads come and go through a
// text. attnscope-ui-bench measured it: 20 KiB more resident memory after each 1024-token run and
// Reset, run after run; with the cache off, the same memory to 20 KiB after every run, and speed
// unchanged (docs/reliability.md, "Cancel, repainting and memory").
//
// glibc reads this setting (GLIBC_TUNABLES) once, as a process starts, and has no call to change
// it later; so the app runs itself again, once, at the top of main(), with the setting added.
// Qt-free, so that the model tests can check it.

#include <optional>
#include <string>

namespace attnscope::app {

// GLIBC_TUNABLES with the per-thread cache switched off, made from its current value (null when
// unset); nullopt where nothing is to change because the value already says how many blocks the
// cache keeps (a user's own choice, or this process after its restart).
std::optional<std::string> tunablesWithoutThreadCache(const char* current);

// Call first thing in main(), before any thread starts. If glibc's per-thread cache is on, runs
// this program again in place of this process, same arguments, with the cache off, and does not
// return. Returns where that does not apply: not glibc, an allocator of a sanitizer or valgrind,
// ATTNSCOPE_MALLOC=default in the environment (glibc's defaults, to compare), or exec failed.
void restartWithoutMallocThreadCache(char** argv);

// One line on what this process runs with (attnscope --malloc-policy, attnscope-ui-bench).
std::string describeMallocPolicy();

}  // namespace attnscope::app
