#include "app/MemoryPolicy.h"

#include <cstdlib>  // defines __GLIBC__ on glibc, which the check below needs

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace attnscope::app {

bool configureAllocator() {
#if defined(__GLIBC__)
    // One arena for every thread. glibc otherwise gives threads that allocate at the same time
    // arenas of their own (up to 8 per core): a text's records are made on the worker thread,
    // the views' matrices on pool threads, and what one arena frees another does not reuse, so
    // each run's peak landed somewhere else. The threads allocate few, large blocks: sharing one
    // lock costs nothing measurable.
    const bool oneArena = mallopt(M_ARENA_MAX, 1) == 1;
    // Blocks of 1 MiB and more (a long text's T x T matrices and their images) come from mmap and
    // go back to the system as soon as they are freed. glibc otherwise raises this threshold to
    // the largest block freed so far (up to 32 MiB), after which such blocks stay in the heap as
    // free but resident memory: 20-55 MiB of a run's peak, a different amount each time. A
    // position record (184 KiB on gpt2) stays below it: mapping each record on its own made
    // Pause miss its 100 ms.
    const bool largeFromMmap = mallopt(M_MMAP_THRESHOLD, 1 << 20) == 1;
    return oneArena && largeFromMmap;
#else
    return false;
#endif
}

}  // namespace attnscope::app
