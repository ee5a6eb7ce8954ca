#!/usr/bin/env bash
# Storage faults on a small tmpfs (needs root to mount; exit 77 = skipped otherwise):
#  1. a full disk: the runs that fit are stored, the others fail with "No space left on device"
#     and leave nothing behind; after the disk grows, the same sweep completes the rest and the
#     merged result is bitwise the one written on a roomy disk;
#  2. a read-only output directory: the sweep refuses to start and says why.
#   storage_faults_test.sh DIVBENCH
set -euo pipefail
divbench=$1
if [[ $(id -u) -ne 0 ]]; then
  echo "skipped: mounting a tmpfs needs root"
  exit 77
fi
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
disk=$work/disk
mkdir -p "$disk"
mount -t tmpfs -o size=700k tmpfs "$disk"
trap 'umount "$disk" 2>/dev/null || true; rm -rf "$work"' EXIT

# Four runs of ~260 KB each (30000 stored samples): two fit in 700 KB.
cat >"$work/sweep.ini" <<'INI'
objective = gan-ns, lsgan
seed = 0..1
steps = 40
batch-size = 32
g-width = 16
d-width = 16
eval-every = 20
eval-samples = 100
final-samples = 100
samples = 30000
estimate-samples = 64
INI
"$divbench" sweep "$work/sweep.ini" --out "$work/ref" --workers 1 >/dev/null 2>&1
"$divbench" merge "$work/ref" >/dev/null

# 1. Full disk.
rc=0
"$divbench" sweep "$work/sweep.ini" --out "$disk/out" --workers 1 >"$work/1.out" 2>&1 || rc=$?
[[ $rc -eq 1 ]] || { cat "$work/1.out"; fail "sweep on a full disk: exit status $rc, expected 1"; }
expect "$work/1.out" "4 runs in this shard: 0 already complete, 2 complete, 0 diverged, 2 failed"
grep -l "cannot write run file: No space left on device" "$disk"/out/logs/*.log >/dev/null ||
  fail "no 'No space left on device' in the failed runs' logs"
[[ -z $(find "$disk/out" -name '*.partial') ]] || fail "partial files left behind"
for f in "$disk"/out/runs/*.h5; do
  "$divbench" compare "$f" "$work/ref/runs/$(basename "$f")" >/dev/null || fail "$f differs"
done
mount -o remount,size=8m "$disk"
"$divbench" sweep "$work/sweep.ini" --out "$disk/out" --workers 1 >"$work/2.out" 2>&1 ||
  { cat "$work/2.out"; fail "the sweep did not finish once the disk had room"; }
expect "$work/2.out" "2 already complete, 2 complete"
"$divbench" merge "$disk/out" >/dev/null
"$divbench" compare "$disk/out/merged.h5" "$work/ref/merged.h5" || fail "merged result differs"

# 2. Read-only output directory.
mount -o remount,ro "$disk"
rc=0
"$divbench" sweep "$work/sweep.ini" --out "$disk/out2" --workers 1 >"$work/3.out" 2>&1 || rc=$?
[[ $rc -eq 2 ]] || { cat "$work/3.out"; fail "sweep into a read-only directory: exit status $rc, expected 2"; }
expect "$work/3.out" "Read-only file system"
"$divbench" compare "$disk/out/merged.h5" "$work/ref/merged.h5" >/dev/null ||
  fail "the stored result changed"
echo "storage faults: full disk and read-only directory handled, nothing stored was lost"
