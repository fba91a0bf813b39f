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
    // memory after Reset landed somewhere else each time (636-667 MiB over 20 runs; with one
    // arena 607.1-607.4). The threads allocate few, large blocks: prefill and decode run as fast
    // (attnscope-bench, docs/reliability.md).
    //
    // Not set, though tried: a fixed mmap threshold. It returns large freed blocks to the system
    // at once, which lowered every run's peak, but it also stops glibc from raising the threshold
    // (and the trim threshold with it) for the forward pass's own temporaries of several MiB, so
    // each was mapped and zeroed anew: a 1000-token prefill ran at half speed.
    return mallopt(M_ARENA_MAX, 1) == 1;
#else
    return false;
#endif
}

}  // namespace attnscope::app
