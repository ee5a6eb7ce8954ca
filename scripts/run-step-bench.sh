#!/usr/bin/env bash
# Installs what is missing (PyTorch and OpenBLAS included), builds the release preset and prints
# divbench's and PyTorch's ms per training step, reference and small configurations, with ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --bench
cmake --preset release >/dev/null
cmake --build --preset release --target divbench_bench_train_step
# Debian's interpreter: it sees python3-torch (a python3 earlier on PATH may not).
/usr/bin/python3 bench/compare_step.py --bench build/release/bench/divbench_bench_train_step
