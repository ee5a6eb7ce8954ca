#!/usr/bin/env bash
# The cluster, for real: starts a single-node Slurm (scripts/slurm-local.sh), runs an 8-run sweep
# as a 4-task job array with its afterok merge job, and checks that the merged file equals a local
# --workers 2 run of the same sweep: same run ids, bitwise-equal numbers.
#   slurm_test.sh DIVBENCH SOURCE_DIR
# Exit status 77 (skipped) when not root: slurmd must run as root.
set -euo pipefail
divbench=$1 source_dir=$2
[[ $(id -u) -eq 0 ]] || { echo "needs root to run slurmd; skipped"; exit 77; }
work=$(mktemp -d)
cluster="$source_dir/scripts/slurm-local.sh"
export DIVBENCH_SLURM_DIR=$work/slurm
cleanup() { bash "$cluster" stop || true; rm -rf "$work"; }
trap cleanup EXIT
eval "$(bash "$cluster" start)"

cat >"$work/sweep.ini" <<'INI'
objective = gan-ns, rkl
g-lr = 1e-4, 2e-4
seed = 0..1
steps = 1500
batch-size = 64
g-width = 32
d-width = 32
eval-every = 500
eval-samples = 300
final-samples = 600
estimate-samples = 256
checkpoint-every = 500
INI

"$divbench" slurm "$work/sweep.ini" --out "$work/cluster" --tasks 4 --submit | tee "$work/submit.out"
merge_job=$(sed -n 's/.*merge job \([0-9]*\) .*/\1/p' "$work/submit.out")
[[ -n "$merge_job" ]] || { echo "no merge job id in the output"; exit 1; }

# A merge job ends COMPLETED once every array task has succeeded and the merge has run.
wait_for_job() {  # wait_for_job JOB_ID LOG_DIR
  local state=""
  for ((i = 0; i < 1800; i++)); do
    state=$(scontrol show job "$1" -o | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p')
    case "$state" in
      COMPLETED) return 0 ;;
      FAILED | CANCELLED | TIMEOUT | NODE_FAIL | OUT_OF_MEMORY)
        echo "job $1 ended $state"; tail -n 20 "$2"/*; exit 1 ;;
    esac
    sleep 0.2
  done
  echo "job $1 still $state after 6 min"; squeue; exit 1
}
wait_for_job "$merge_job" "$work/cluster/slurm/logs"
cat "$work"/cluster/slurm/logs/merge-*.out
# Each array task merged its own shard; the merge job took every run from those shard merges.
grep -q "8 runs copied from 4 shard merges" "$work"/cluster/slurm/logs/merge-*.out ||
  { echo "the merge job did not use the tasks' shard merges"; ls "$work/cluster/shards"; exit 1; }

"$divbench" sweep "$work/sweep.ini" --out "$work/local" --workers 2 >/dev/null 2>&1
"$divbench" merge "$work/local"
"$divbench" compare "$work/cluster/merged.h5" "$work/local/merged.h5"
grep -q "8 runs in .*, 8 in .*: identical" <("$divbench" compare "$work/cluster/merged.h5" "$work/local/merged.h5")

# The index reads in one line with h5py + pandas, one row per run.
if /usr/bin/python3 -c "import h5py, pandas" 2>/dev/null; then
  /usr/bin/python3 - "$work/cluster/merged.h5" <<'PY'
import sys, h5py, pandas as pd
df = pd.DataFrame(h5py.File(sys.argv[1])["index"][()])
assert len(df) == 8 and set(df["status"]) == {b"complete"}, df
assert list(df.columns[:6]) == ["id", "name", "objective", "g-lr", "seed", "status"], list(df.columns)
print(df[["name", "status", "knn_kl_fwd"]].to_string())
PY
fi
# An experiment through Slurm: its merge job also writes the tables and figures.
"$divbench" reproduce kl-regularisation --quick --slurm --tasks 2 --out "$work/experiment" |
  tee "$work/experiment.out"
experiment_job=$(sed -n 's/.*merge job \([0-9]*\) .*/\1/p' "$work/experiment.out")
wait_for_job "$experiment_job" "$work/experiment/slurm/logs"
grep -q "^| gan-ns+kl:lambda=10 |" "$work/experiment/tables/kl-regularisation.md" ||
  { echo "no kl-regularisation table from the merge job"; tail -n 30 "$work"/experiment/slurm/logs/merge-*.out; exit 1; }
[[ -s "$work/experiment/figures/curves.png" ]] || { echo "no figure from the merge job"; exit 1; }
echo "slurm test passed"
