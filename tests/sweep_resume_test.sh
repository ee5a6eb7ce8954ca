#!/usr/bin/env bash
# Pre-emption drills, each checked against an uninterrupted sweep with `divbench compare`:
#  1. kill -9 of a worker mid-run: the sweep reports it, the next sweep continues it from its last
#     checkpoint, and the merged file is bitwise identical to an uninterrupted sweep's;
#  2. SIGTERM to a sweep: its runs save checkpoints, the sweep exits 143, the same command finishes;
#  3. a truncated run file: merge reports it (exit 1), the next sweep sets it aside and reruns it;
#  4. merge is idempotent and refuses another sweep's merged file;
#  5. a dying node, again and again: the whole sweep (workers included) is killed with SIGKILL at
#     6 moments drawn from a fixed seed and restarted each time; the result is still bitwise the
#     uninterrupted one, every run exactly once.
# The runs carry state besides parameters (issue #19): a BatchNorm generator without biases, and
# half of them a maxout discriminator with BatchNorm and spectral norm, seeing real and generated
# samples in separate forwards.
#   sweep_resume_test.sh DIVBENCH
set -euo pipefail
divbench=$1
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

cat >"$work/sweep.ini" <<'INI'
objective = gan-ns, lsgan
seed = 0
generator = mlp:norm=batch,bias=false
discriminator = mlp, maxout:widths=32-32,pieces=3,norm=batch,spectral=true
d-batch = separate
steps = 30000
batch-size = 64
g-width = 32
d-width = 32
eval-every = 5000
eval-samples = 300
final-samples = 600
estimate-samples = 256
checkpoint-every = 250
INI

# The reference: uninterrupted.
"$divbench" sweep "$work/sweep.ini" --out "$work/ref" --workers 2 >/dev/null 2>&1
"$divbench" merge "$work/ref" >/dev/null

# 1. kill -9 one worker once it has a checkpoint.
"$divbench" sweep "$work/sweep.ini" --out "$work/a" --workers 2 >"$work/a1.out" 2>"$work/a1.err" &
sweep_pid=$!
victim=""
for ((i = 0; i < 600; i++)); do
  ckpt=$(ls "$work"/a/runs/*.ckpt 2>/dev/null | head -n 1 || true)
  if [[ -n "$ckpt" ]]; then
    id=$(basename "$ckpt" .h5.ckpt)
    victim=$(pgrep -P "$sweep_pid" -f "runs/$id.h5" || true)
    [[ -n "$victim" ]] && break
  fi
  sleep 0.05
done
[[ -n "$victim" ]] || fail "no worker with a checkpoint to kill"
kill -9 "$victim"
rc=0; wait "$sweep_pid" || rc=$?
[[ $rc -eq 1 ]] || fail "sweep after kill -9: exit status $rc, expected 1"
expect "$work/a1.out" "1 failed"
expect "$work/a1.out" "($id): killed by signal 9"
[[ -e "$work/a/runs/$id.h5.ckpt" && ! -e "$work/a/runs/$id.h5" ]] || fail "checkpoint of $id missing"
"$divbench" sweep "$work/sweep.ini" --out "$work/a" --workers 2 >"$work/a2.out" 2>&1
expect "$work/a2.out" "3 already complete, 1 complete"
expect "$work/a/logs/$id.log" "resuming at step"
"$divbench" merge "$work/a" >/dev/null
"$divbench" compare "$work/a/merged.h5" "$work/ref/merged.h5" || fail "kill -9 + resume differs"

# 2. SIGTERM to the sweep while its first two runs are under way.
"$divbench" sweep "$work/sweep.ini" --out "$work/b" --workers 2 >"$work/b1.out" 2>"$work/b1.err" &
sweep_pid=$!
for ((i = 0; i < 600; i++)); do
  [[ $(ls "$work"/b/runs/*.ckpt 2>/dev/null | wc -l) -ge 2 ]] && break
  sleep 0.05
done
kill -TERM "$sweep_pid"
rc=0; wait "$sweep_pid" || rc=$?
[[ $rc -eq 143 ]] || { cat "$work/b1.out" "$work/b1.err"; fail "sweep after SIGTERM: exit status $rc, expected 143"; }
expect "$work/b1.out" "stopped by signal 15: 2 runs saved checkpoints, 2 not started"
"$divbench" sweep "$work/sweep.ini" --out "$work/b" --workers 2 >"$work/b2.out" 2>&1
expect "$work/b2.out" "0 already complete, 4 complete"
"$divbench" merge "$work/b" >/dev/null
"$divbench" compare "$work/b/merged.h5" "$work/ref/merged.h5" || fail "SIGTERM + resume differs"

# 3. A truncated run file: merge names it and exits 1; the next sweep reruns that run.
victim_file=$(ls "$work"/b/runs/*.h5 | head -n 1)
truncate -s 2000 "$victim_file"
rc=0; "$divbench" merge "$work/b" >"$work/m.out" 2>&1 || rc=$?
[[ $rc -eq 1 ]] || fail "merge with a truncated run file: exit status $rc, expected 1"
expect "$work/m.out" "3 of 4 runs merged"
expect "$work/m.out" "unreadable: .*$(basename "$victim_file")"
"$divbench" sweep "$work/sweep.ini" --out "$work/b" --workers 2 >"$work/b3.out" 2>&1
expect "$work/b3.out" "3 already complete, 1 complete"
expect "$work/b3.out" "set aside and run again"

# 4. Idempotent: merging again gives the same numbers; another sweep's merge is not overwritten.
"$divbench" merge "$work/b" >/dev/null
"$divbench" compare "$work/b/merged.h5" "$work/ref/merged.h5" || fail "remerge differs"
sed 's/seed = 0/seed = 0..1/' "$work/sweep.ini" >"$work/other.ini"
rc=0; "$divbench" merge "$work/b" --sweep "$work/other.ini" >"$work/o.out" 2>&1 || rc=$?
[[ $rc -eq 2 ]] || fail "merge of another sweep over merged.h5: exit status $rc, expected 2"
expect "$work/o.out" "merged.h5: holds the merge of sweep .*, not of this sweep"
# 5. SIGKILL to the sweep's whole process group at seeded random moments, then a last resume.
RANDOM=2026
kills=0
for ((round = 0; round < 6; round++)); do
  setsid "$divbench" sweep "$work/sweep.ini" --out "$work/c" --workers 2 >>"$work/c.out" 2>&1 &
  group=$!
  sleep "$((RANDOM % 25 / 10)).$((RANDOM % 10))"  # 0.0 to 2.9 s
  if kill -0 "$group" 2>/dev/null; then
    kill -9 -- "-$group" && kills=$((kills + 1))
  fi
  wait "$group" 2>/dev/null || true
done
[[ $kills -ge 5 ]] || fail "only $kills of 6 kills landed (the sweep finished first)"
"$divbench" sweep "$work/sweep.ini" --out "$work/c" --workers 2 >"$work/c-last.out" 2>&1 ||
  { cat "$work/c-last.out"; fail "the sweep after $kills kills did not finish"; }
"$divbench" merge "$work/c" >"$work/c-merge.out" ||
  { cat "$work/c-merge.out"; fail "merge after $kills kills"; }
expect "$work/c-merge.out" "4 of 4 runs merged (4 complete, 0 diverged), 0 missing, 0 unreadable"
"$divbench" compare "$work/c/merged.h5" "$work/ref/merged.h5" || fail "$kills kills + resume differ"
echo "drill 5: $kills SIGKILLs of the whole sweep survived"
echo "resume drills passed"
