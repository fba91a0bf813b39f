#!/usr/bin/env bash
# ThreadSanitizer run of the core's threaded parts, without Qt (docs/reliability.md):
# a generating thread, reader threads deriving views' numbers from shared records, a thread
# cancelling at random moments, and the session's cancellation tests. A deliberate race (the
# "[tsan-canary]" test) runs first and must be reported.
#   tools/tsan.sh            builds build-tsan/ (model tests, and the views' page pool test) and runs them
# OpenMP's own thread pool (libgomp) is not instrumented for TSan, so the run uses one OpenMP
# thread: the races it looks for are between our threads, not inside a matrix product.
set -euo pipefail
cd "$(dirname "$0")/.."
source tools/common.sh
ensure_packages "${ATTNSCOPE_PACKAGES[@]}"
if [ ! -f build-tsan/build.ninja ]; then
  cmake -S . -B build-tsan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DATTNSCOPE_TSAN=ON
fi
cmake --build build-tsan --target attnscope_model_tests --parallel "$(nproc)"
export OMP_NUM_THREADS=1
export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1"
# First the canary: a deliberate race that ThreadSanitizer must report, or the clean run below
# would prove nothing (a build without the detector passes every test too).
if build-tsan/tests/attnscope_model_tests "[tsan-canary]" > build-tsan/canary.log 2>&1 ||
   ! grep -q "ThreadSanitizer: data race" build-tsan/canary.log; then
  echo "tools/tsan.sh: ThreadSanitizer did not report the deliberate race (build-tsan/canary.log): the build is not instrumented" >&2
  exit 1
fi
echo "tools/tsan.sh: the deliberate race was reported, as it must be; now the real tests"
build-tsan/tests/attnscope_model_tests "[concurrency],[cancel],[session]"
# The views' page pool (views/PagePool.h, taken on pool threads, given back and cleared on the
# UI thread) is plain C++: its test is built on its own with the same instrumentation.
mkdir -p build-tsan/pagepool
printf '#define CATCH_CONFIG_MAIN\n#include <catch2/catch.hpp>\n' > build-tsan/pagepool/main.cpp
"${CXX:-c++}" -std=c++20 -O1 -g -fsanitize=thread -I. build-tsan/pagepool/main.cpp tests/views/test_page_pool.cpp \
  -o build-tsan/pagepool/attnscope_page_pool_tests
build-tsan/pagepool/attnscope_page_pool_tests
