#!/usr/bin/env bash
# Runs one libFuzzer target (built by the asan preset: clang, ASan, UBSan) for a bounded time:
# first every past crash in fuzz/regressions/<target> is replayed, then the target fuzzes from a
# scratch copy of its seed corpus fuzz/corpus/<target>. A crash fails the test; its input is saved
# under WORK_DIR (the message says where) and belongs in fuzz/regressions/<target> once fixed.
#   tests/fuzz_test.sh FUZZER FUZZ_SOURCE_DIR WORK_DIR [SECONDS]
set -euo pipefail
fuzzer=$1
fuzz_dir=$2
work=$3
seconds=${4:-20}
target=$(basename "$fuzzer" _fuzzer)

# Files the target writes (the HDF5 results reader's) go to memory when /dev/shm exists: merging
# fsyncs what it writes, which on disk halves the executions per second.
if [[ -d /dev/shm && -w /dev/shm ]]; then
  scratch=$(mktemp -d /dev/shm/divbench-fuzz-XXXXXX)
else
  scratch=$(mktemp -d "$work/scratch-XXXXXX")
fi
trap 'rm -rf "$scratch"' EXIT
export DIVBENCH_FUZZ_SCRATCH="$scratch"

regressions=("$fuzz_dir/regressions/$target"/*)
if [[ -e "${regressions[0]}" ]]; then
  echo "== $target: replaying ${#regressions[@]} past crash(es)"
  "$fuzzer" "${regressions[@]}" 2>&1 | tail -1
fi
# What the fuzzer adds to its corpus stays out of the source tree.
corpus="$work/corpus/$target"
artifacts="$work/artifacts/$target/"
rm -rf "$corpus"
mkdir -p "$corpus" "$artifacts"
cp "$fuzz_dir/corpus/$target"/* "$corpus"/
echo "== $target: fuzzing for $seconds s"
if ! "$fuzzer" -max_total_time="$seconds" -rss_limit_mb=2048 \
    -max_len=65536 -timeout=60 -print_final_stats=1 -artifact_prefix="$artifacts" "$corpus" \
    > "$work/$target.log" 2>&1; then
  tail -40 "$work/$target.log" >&2
  echo "FAILED: the $target fuzzer found a crash; input saved in $artifacts" >&2
  exit 1
fi
grep -E "stat::number_of_executed_units|stat::new_units_added" "$work/$target.log" || true
echo "fuzzing passed"
