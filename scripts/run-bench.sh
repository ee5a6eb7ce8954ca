#!/usr/bin/env bash
# Installs what is missing (PyTorch, scipy and OpenBLAS included), builds the release preset and
# prints bench/compare.py's table: divbench against PyTorch per training step (reference and
# small, also against the machine's lower bound), PacGAN-sized and gradient-penalty steps (issue
# #19), a whole run with evaluation, and sweep scaling.
# Arguments go to bench/compare.py (--skip-run: the step rows only).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --bench
cmake --preset release >/dev/null
cmake --build --preset release --target divbench divbench_bench_train_step divbench_bench_step_bound \
  divbench_bench_networks
# Debian's interpreter: it sees python3-torch, scipy and h5py (a python3 earlier on PATH may not).
/usr/bin/python3 bench/compare.py --build build/release "$@"
