#!/usr/bin/env bash
# The 100,000-run sweep after its runs (bench/sweep_scale.cpp): builds the release preset, writes
# a synthetic sweep of tiny runs in a scratch directory (about 5 GB at 100,000 runs: run files,
# two merged files, shard merges) and prints the time, peak RSS and time per run of the resume
# check, plan, merge (flat and from shard merges), table, summarize, compare and collect.
#   scripts/run-sweep-bench.sh [RUNS (100000)] [SHARDS (20)]
# DIVBENCH_BENCH_DIR sets the scratch directory (default: a new one under /tmp, removed after).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release --target divbench divbench_bench_sweep_scale
dir=${DIVBENCH_BENCH_DIR:-$(mktemp -d)}
[[ -n "${DIVBENCH_BENCH_DIR:-}" ]] || trap 'rm -rf "$dir"' EXIT
build/release/bench/divbench_bench_sweep_scale build/release/cli/divbench "$dir/sweep" \
  "${1:-100000}" "${2:-20}"
