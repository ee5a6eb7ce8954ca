#!/usr/bin/env bash
# Installs what is missing, builds the release preset and runs the default sweep
# (configs/default.ini: the headline objectives x 3 seeds on ring8, 4000 steps, two runs at a
# time), then prints its table. Tables and figures land in OUT_DIR/tables and OUT_DIR/figures,
# every run in OUT_DIR/merged.h5.
#   scripts/run-default-sweep.sh [OUT_DIR]      (default: runs/default)
# Interrupted? Run it again: complete runs are kept, the others continue from their checkpoints.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release --target divbench
out=${1:-runs/default}
build/release/cli/divbench reproduce default --out "$out" --workers "$(nproc)"
echo
echo "HDF5 file: $(realpath "$out/merged.h5")"
