#!/usr/bin/env bash
# Builds the libFuzzer targets in fuzz/ into build-fuzz/ (clang++-14, ASan + UBSan), runs each one
# for a number of executions, one after another, then minimises each corpus into fuzz/corpus/<target>/.
# docs/reliability-fuzzing.md has the results and what each target checks.
#
# Usage: tools/fuzz.sh [--runs N] [--no-merge | --merge-only] [TARGET[=RUNS] ...]
#
#   --runs N      executions per target (default 1000000); TARGET=RUNS overrides it for one target
#   --no-merge    leave fuzz/corpus/ as it is (the run's new inputs stay in build-fuzz/work/)
#   --merge-only  do not fuzz; only minimise build-fuzz/work/ + fuzz/corpus/ into fuzz/corpus/
#   TARGET        fuzz_safetensors fuzz_config fuzz_vocab_merges fuzz_tokenizer_json fuzz_workspace
#                 fuzz_tokenizer_encode (default: all five)
#
# Environment: NICE (default 5), JOBS for the build (default 2).
#
# Each run: -runs=RUNS -timeout=1 -rss_limit_mb=2048 -malloc_limit_mb=64 -dict=fuzz/dict/<name>.dict,
# corpus = build-fuzz/work/<target> (new inputs go there) + the committed corpus + fresh seeds from
# the fixtures (fuzz/make_seeds.py). Crashes, leaks, timeouts and over-limit allocations are saved as
# build-fuzz/artifacts/<target>/<kind>-<sha1>. A summary table is written to build-fuzz/summary.md.
# The minimising merge keeps one input per covered edge and hit-count bucket for the targets with
# tiny inputs (config, encode), and one per covered edge only (-use_counters=0) for the three whose
# inputs are kB each, which keeps each fuzz/corpus/<target>/ under 300 kB; build-fuzz/work/ keeps
# everything the fuzzer found, for the next run to start from.
#
# Why -malloc_limit_mb=64: the largest input any target takes is 32 kB (-max_len below), and the
# largest allocation the readers justify from an input is a few times its size (a copy of the file,
# an F16 tensor widened to F32, the parsed JSON). A single allocation of 64 MB is 2,000 times that:
# it can only come from a size field that was trusted before it was checked. (The loaders' own
# limits are larger, for real files: see docs/reliability-fuzzing.md.)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="$root/build-fuzz"
nice_level="${NICE:-5}"
jobs="${JOBS:-2}"
runs_default=1000000
merge=1
fuzz=1
all_targets=(fuzz_safetensors fuzz_config fuzz_vocab_merges fuzz_tokenizer_json fuzz_tokenizer_encode fuzz_workspace)

declare -A max_len=(
  [fuzz_safetensors]=16384       # a whole micro checkpoint (make_seeds.py) is 3-5 kB
  [fuzz_config]=4096
  [fuzz_vocab_merges]=16384
  [fuzz_tokenizer_json]=32768
  [fuzz_tokenizer_encode]=1024   # long words are the unit tests' job; short inputs run 4x faster
  [fuzz_workspace]=8192          # a saved lesson of a dozen steps is ~3 kB
)
declare -A merge_counters=(
  [fuzz_safetensors]=0 [fuzz_config]=1 [fuzz_vocab_merges]=0 [fuzz_tokenizer_json]=0 [fuzz_tokenizer_encode]=1 [fuzz_workspace]=0
)
declare -A dict=(
  [fuzz_safetensors]=safetensors [fuzz_config]=config [fuzz_vocab_merges]=vocab_merges
  [fuzz_tokenizer_json]=tokenizer_json [fuzz_tokenizer_encode]=tokenizer_encode [fuzz_workspace]=workspace
)

targets=()
declare -A runs=()
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs_default="$2"; shift 2 ;;
    --no-merge) merge=0; shift ;;
    --merge-only) fuzz=0; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    fuzz_*)
      name="${1%%=*}"
      [ -n "${max_len[$name]:-}" ] || { echo "fuzz.sh: unknown target $name" >&2; exit 2; }
      targets+=("$name")
      [ "$1" != "$name" ] && runs[$name]="${1#*=}"
      shift ;;
    *) echo "fuzz.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
[ ${#targets[@]} -gt 0 ] || targets=("${all_targets[@]}")

echo "== building fuzz/ into $build"
if [ ! -f "$build/build.ninja" ]; then
  nice -n "$nice_level" cmake -S "$root/fuzz" -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++-14 \
    -DCMAKE_CXX_COMPILER_LAUNCHER="$(command -v ccache || true)"
fi
nice -n "$nice_level" cmake --build "$build" -j "$jobs"

rm -rf "$build/seeds"
python3 "$root/fuzz/make_seeds.py" "$build/seeds"

export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export ASAN_OPTIONS="detect_leaks=1:allocator_may_return_null=0"
summary="$build/summary.md"
{
  echo "| target | executions | exec/s | wall time | corpus files | corpus size | result |"
  echo "|---|---:|---:|---:|---:|---:|---|"
} > "$summary"
failed=0

for t in "${targets[@]}"; do
  n="${runs[$t]:-$runs_default}"
  work="$build/work/$t"
  artifacts="$build/artifacts/$t"
  committed="$root/fuzz/corpus/$t"
  log="$build/logs/$t.log"
  mkdir -p "$work" "$artifacts" "$committed" "$(dirname "$log")"
  start=$(date +%s)
  status=0
  if [ $fuzz -eq 1 ]; then
    echo "== $t: $n executions (log: $log)"
    set +e
    nice -n "$nice_level" "$build/$t" -runs="$n" -timeout=1 -rss_limit_mb=2048 -malloc_limit_mb=64 \
      -max_len="${max_len[$t]}" -dict="$root/fuzz/dict/${dict[$t]}.dict" -print_final_stats=1 \
      -artifact_prefix="$artifacts/" "$work" "$committed" "$build/seeds/$t" > "$log" 2>&1
    status=$?
    set -e
  else
    echo "== $t: merging only"
    : > "$log"
  fi
  seconds=$(( $(date +%s) - start ))
  executed=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  result="clean"
  if [ $status -ne 0 ]; then
    result="FAILED (exit $status, see $log and $artifacts)"
    failed=1
    grep -E "ERROR|SUMMARY|BrokenPromise|what\(\)" "$log" | head -5 || true
  fi

  if [ $merge -eq 1 ] && [ $status -eq 0 ]; then
    # Keep only the inputs that add coverage: the committed corpus is rewritten from all of them.
    merged="$build/merged/$t"
    rm -rf "$merged" && mkdir -p "$merged"
    if nice -n "$nice_level" "$build/$t" -merge=1 -use_counters="${merge_counters[$t]}" -timeout=1 -rss_limit_mb=2048 -malloc_limit_mb=64 \
      -max_len="${max_len[$t]}" "$merged" "$committed" "$work" "$build/seeds/$t" > "$build/logs/$t.merge.log" 2>&1; then
      rm -rf "$committed" && mv "$merged" "$committed"
    else
      result="merge FAILED (see $build/logs/$t.merge.log); fuzz/corpus/$t left as it was"
      failed=1
    fi
  fi
  files=$(find "$committed" -type f | wc -l)
  bytes=$(find "$committed" -type f -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }')
  printf '| %s | %s | %s | %d min %02d s | %d | %s | %s |\n' "$t" "${executed:-?}" "${rate:-?}" \
    $((seconds / 60)) $((seconds % 60)) "$files" "$(numfmt --to=iec --suffix=B "$bytes")" "$result" >> "$summary"
  tail -1 "$summary"
done

echo
cat "$summary"
exit $failed
