#!/usr/bin/env bash
# Fuzzes the IDX, CSV and Gaussian-mixture parsers with libFuzzer (clang, with ASan and UBSan) for a bounded time
# each, starting from fuzz/corpus/<target>, after replaying every past crash in
# fuzz/regressions/<target>. A crash fails the test; its input is saved under the build
# directory (the message says where) and belongs in fuzz/regressions/<target> once fixed.
#   tests/fuzz_test.sh SOURCE_DIR BUILD_DIR [SECONDS_PER_TARGET]
set -euo pipefail
source_dir=$1
build_dir=$2
seconds=${3:-30}

if ! command -v clang++ >/dev/null; then
  echo "clang++ not found: scripts/install-deps.sh --test installs clang and libclang-rt-14-dev" >&2
  exit 1
fi
cmake -S "$source_dir/fuzz" -B "$build_dir" -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build_dir" -j2 >/dev/null

for target in idx csv mixture; do
  fuzzer="$build_dir/${target}_fuzzer"
  regressions=("$source_dir/fuzz/regressions/$target"/*)
  if [[ -e "${regressions[0]}" ]]; then
    echo "== $target: replaying ${#regressions[@]} past crash(es)"
    "$fuzzer" "${regressions[@]}" 2>&1 | tail -1
  fi
  # A scratch copy of the corpus: what the fuzzer adds stays out of the source tree.
  corpus="$build_dir/corpus/$target"
  artifacts="$build_dir/artifacts/$target/"
  rm -rf "$corpus"
  mkdir -p "$corpus" "$artifacts"
  cp "$source_dir/fuzz/corpus/$target"/* "$corpus"/
  echo "== $target: fuzzing for $seconds s"
  if ! "$fuzzer" -max_total_time="$seconds" -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
      -artifact_prefix="$artifacts" "$corpus" > "$build_dir/$target.log" 2>&1; then
    tail -40 "$build_dir/$target.log" >&2
    echo "FAILED: $target fuzzer found a crash; input saved in $artifacts" >&2
    exit 1
  fi
  grep -E "stat::number_of_executed_units|stat::new_units_added" "$build_dir/$target.log" || true
done
echo "fuzzing passed"
