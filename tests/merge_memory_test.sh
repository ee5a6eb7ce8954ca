#!/usr/bin/env bash
# Merging streams: the peak RSS of `divbench merge` at 5,000 runs is within 25 MiB of that at
# 1,000 runs, for the flat merge and the merge of shard merges, and both give the same bytes.
#   merge_memory_test.sh BENCH_SWEEP_SCALE DIVBENCH
set -euo pipefail
bench=$1 divbench=$2
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
peak() {  # peak() FILE ROW -> the RSS column of that row of the bench's table
  awk -F'|' -v row="$2" '$2 ~ row { gsub(/ /, "", $4); print $4; exit }' "$1"
}
for runs in 1000 5000; do
  "$bench" "$divbench" "$work/s$runs" "$runs" 5 merge-only >"$work/$runs.out" ||
    { cat "$work/$runs.out"; echo "the merges at $runs runs failed or differ"; exit 1; }
  cat "$work/$runs.out"
  rm -rf "$work/s$runs"
done
for row in "^ merge \$" "merge of the shard merges"; do
  small=$(peak "$work/1000.out" "$row") large=$(peak "$work/5000.out" "$row")
  [[ -n "$small" && -n "$large" ]] || { echo "no '$row' row"; exit 1; }
  (( large - small <= 25 )) ||
    { echo "$row: peak RSS grew from $small MiB at 1000 runs to $large MiB at 5000"; exit 1; }
  echo "$row: $small MiB at 1000 runs, $large MiB at 5000"
done
