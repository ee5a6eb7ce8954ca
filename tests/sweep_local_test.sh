#!/usr/bin/env bash
# divbench sweep on one machine: a crashing run never stops the others, a second run of the same
# sweep skips what is complete and retries what failed, and shards split the runs exactly.
#   sweep_local_test.sh DIVBENCH ABORT_PLUGIN
set -euo pipefail
divbench=$1 plugin=$2
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
small="steps = 30
batch-size = 16
g-width = 8
d-width = 8
eval-every = 10
eval-samples = 40
final-samples = 40
estimate-samples = 16
samples = 20"
printf 'objective = gan-ns, plugin-test-abort\nseed = 0..1\n%s\n' "$small" > "$work/crash.ini"
printf 'objective = gan-ns, rkl\nseed = 0..2\n%s\n' "$small" > "$work/ok.ini"
export DIVBENCH_PLUGIN_PATH=$plugin

# Two runs crash (SIGABRT), two complete; exit status 1.
rc=0; "$divbench" sweep "$work/crash.ini" --out "$work/a" --workers 2 >"$work/1.out" 2>"$work/1.err" || rc=$?
[ "$rc" -eq 1 ] || { echo "expected exit status 1, got $rc"; exit 1; }
expect "$work/1.out" "4 runs in this shard: 0 already complete, 2 complete, 0 diverged, 2 failed"
expect "$work/1.out" "plugin-test-abort/seed=0 (.*): killed by signal 6"
[ "$(ls "$work/a/runs" | grep -c '\.h5$')" -eq 2 ]
[ "$(ls "$work/a/runs" | grep -c 'partial')" -eq 0 ]

# Again: the complete runs are skipped, the failed ones retried.
rc=0; "$divbench" sweep "$work/crash.ini" --out "$work/a" --workers 2 >"$work/2.out" 2>"$work/2.err" || rc=$?
expect "$work/2.out" "4 runs in this shard: 2 already complete, 0 complete, 0 diverged, 2 failed"

# Three shards of a six-run sweep cover every run exactly once; the Slurm variables select a shard.
for i in 0 1; do "$divbench" sweep "$work/ok.ini" --out "$work/b" --workers 1 --shard "$i/3" >"$work/s$i.out" 2>/dev/null; done
SLURM_ARRAY_TASK_ID=2 SLURM_ARRAY_TASK_COUNT=3 "$divbench" sweep "$work/ok.ini" --out "$work/b" --workers 1 >"$work/s2.out" 2>/dev/null
for i in 0 1 2; do expect "$work/s$i.out" "2 runs in this shard: 0 already complete, 2 complete"; done
"$divbench" plan "$work/ok.ini" | tail -n +2 | cut -d' ' -f1 | sort > "$work/planned"
ls "$work/b/runs" | sed 's/\.h5$//' | sort > "$work/written"
diff "$work/planned" "$work/written"
"$divbench" sweep "$work/ok.ini" --out "$work/b" --workers 2 >"$work/all.out" 2>/dev/null
expect "$work/all.out" "6 runs in this shard: 6 already complete, 0 complete"
# A damaged run file is set aside (not deleted) and its run done again.
victim=$(ls "$work/b/runs" | head -n 1)
truncate -s 1000 "$work/b/runs/$victim"
"$divbench" sweep "$work/ok.ini" --out "$work/b" --workers 2 >"$work/repair.out" 2>/dev/null
expect "$work/repair.out" "6 runs in this shard: 5 already complete, 1 complete"
expect "$work/repair.out" "unreadable run file set aside and run again"
[ -f "$work/b/runs/$victim.corrupt" ] && [ -f "$work/b/runs/$victim" ]
echo "sweep: crash isolated, resume skips complete runs, shards partition the runs, damaged files redone"
