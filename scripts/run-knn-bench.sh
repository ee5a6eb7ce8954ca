#!/usr/bin/env bash
# Installs what is missing (scipy and numpy), builds the release preset and prints the k-NN KL
# estimator's time against scipy's cKDTree on identical data, n in {1e4, 1e5}, d in {2, 64}: the
# benchmark program's and the Python module's divbench.kl.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --bench
cmake --preset release >/dev/null
cmake --build --preset release --target divbench_bench_knn_kl divbench_python
# Debian's interpreter: it sees python3-scipy (a python3 earlier on PATH may not).
OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/compare_knn.py --bench build/release/bench/divbench_bench_knn_kl \
  --python build/release/python
