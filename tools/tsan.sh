#!/usr/bin/env bash
# ThreadSanitizer run of the core's threaded parts, without Qt (docs/reliability.md):
# a generating thread, reader threads deriving views' numbers from shared records, a thread
# cancelling at random moments, and the session's cancellation tests.
#   tools/tsan.sh            builds build-tsan/ (model tests only) and runs them
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
build-tsan/tests/attnscope_model_tests "[concurrency],[cancel],[session]"
