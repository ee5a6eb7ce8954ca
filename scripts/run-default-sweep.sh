#!/usr/bin/env bash
# Installs what is missing, builds the release preset, trains the headline objectives x 3 seeds on
# ring8 with two runs at a time, gathers the runs into one HDF5 file and prints its tables.
#   scripts/run-default-sweep.sh [OUT_DIR]      (default: runs/default)
# Steps per run: DIVBENCH_SWEEP_STEPS (default 4000). Objectives: DIVBENCH_SWEEP_OBJECTIVES, a
# space-separated list or "all" (default: one or two per family, so that the sweep takes about five
# minutes on two cores).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release --target divbench
bin=build/release/cli/divbench
out=${1:-runs/default}
steps=${DIVBENCH_SWEEP_STEPS:-4000}
objectives=${DIVBENCH_SWEEP_OBJECTIVES:-gan-ns gan-minimax gan-ns+kl rkl fkl fgan-kl fgan-js hinge}
if [[ "$objectives" == all ]]; then objectives=$("$bin" list objectives --names); fi
workers=$(nproc)
mkdir -p "$out"

jobs=()
for objective in $objectives; do
  for seed in 0 1 2; do
    jobs+=("$objective $seed")
  done
done
echo "Training ${#jobs[@]} runs (${steps} steps each, ${workers} at a time) into $out/"
printf '%s\n' "${jobs[@]}" | xargs -P "$workers" -L 1 sh -c \
  "\"$bin\" train --dataset ring8 --objective \"\$0\" --seed \"\$1\" --steps $steps \
     --out \"$out/ring8_\$0_seed\$1.h5\" --quiet"

runs=()
for job in "${jobs[@]}"; do
  set -- $job
  runs+=("$out/ring8_$1_seed$2.h5")
done
"$bin" collect "$out/default-sweep.h5" "${runs[@]}" >/dev/null
"$bin" summarize "$out/default-sweep.h5"
echo
echo "HDF5 file: $(realpath "$out/default-sweep.h5")"
