#!/usr/bin/env bash
# divbench table --window N on stored runs: a merged sweep (runs read whole, chosen by --where)
# gives the table the run files give, and each cell's mean is the one h5py and numpy compute from
# the runs' curves (the mean over runs of each run's mean of its last N finite curve points).
# Also --no-marks, which per-run tables (a row per seed) use with it.
#   table_window_test.sh DIVBENCH PYTHON
set -euo pipefail
divbench=$1 python=$2
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
printf 'objective = gan-ns, rkl\nseed = 0..2\nsteps = 40\nbatch-size = 16\ng-width = 8
d-width = 8\neval-every = 10\neval-samples = 40\nfinal-samples = 40\nestimate-samples = 16
samples = 20\n' > "$work/w.ini"
"$divbench" sweep "$work/w.ini" --out "$work/s" --workers 2 >/dev/null 2>&1
"$divbench" merge "$work/s" >/dev/null
args=(--rows objective --metrics "hq,kl_rev,modes_kl,objective.kl_fwd" --window 3 --format csv)
"$divbench" table "$work/s/merged.h5" "${args[@]}" > "$work/merged.csv"
# The run files in sweep order (the merged sweep's), so that ties are marked alike.
mapfile -t files < <("$divbench" plan "$work/w.ini" | tail -n +2 | cut -d' ' -f1 | sed "s|.*|$work/s/runs/&.h5|")
"$divbench" table "${files[@]}" "${args[@]}" > "$work/files.csv"
cmp "$work/merged.csv" "$work/files.csv" || fail "merged sweep and run files give different tables"
expect "$work/merged.csv" ",mark,p_vs_best,window$"
"$divbench" table "$work/s/merged.h5" --rows objective --metrics hq --window 3 > "$work/t.md"
expect "$work/t.md" "mean of the finite values among its last 3 evaluations"
# --where on a merged sweep reads only the runs it keeps.
"$divbench" table "$work/s/merged.h5" "${args[@]}" --where objective=rkl > "$work/rkl.csv"
if [ "$(grep -c '^rkl,' "$work/rkl.csv")" -ne 4 ] || grep -q '^gan-ns,' "$work/rkl.csv"; then
  fail "--where objective=rkl: $(cat "$work/rkl.csv")"
fi
"$python" - "$work/s/runs" "$work/merged.csv" <<'PY'
import csv, glob, math, sys
import h5py, numpy as np
runs = {}
for path in glob.glob(sys.argv[1] + "/*.h5"):
    with h5py.File(path, "r") as f:
        objective = f["config"].attrs["objective"]
        objective = objective.decode() if isinstance(objective, bytes) else objective
        curves = {"hq_fraction": f["curves/metrics/hq_fraction"][:],
                  "knn_kl_rev": f["curves/metrics/knn_kl_rev"][:],
                  "modes_kl": f["curves/metrics/modes_kl"][:],
                  "objective.kl_fwd": f["curves/objective/kl_fwd"][:]}
    for name, v in curves.items():
        last = v[-3:]
        last = last[np.isfinite(last)]
        if last.size:
            runs.setdefault((objective.split(":")[0], name), []).append(last.mean())
checked = 0
for row in csv.DictReader(open(sys.argv[2])):
    values = runs.get((row["objective"].split(":")[0], row["metric"]), [])
    assert int(row["values"]) == len(values), (row, values)
    if values:
        assert math.isclose(float(row["mean"]), float(np.mean(values)), rel_tol=1e-9, abs_tol=1e-12), (row, values)
        checked += 1
assert checked >= 4, checked
print(f"table --window 3: {checked} cells as numpy computes them")
PY
# Bad input: a window with a kind whose values are final evaluations, a negative window.
rc=0; "$divbench" table "$work/s/merged.h5" --kind gaussian-fit --window 3 2>"$work/e1" || rc=$?
[ "$rc" -eq 2 ] || fail "exit status $rc, expected 2"; expect "$work/e1" "--window: applies to --kind grid (found --kind gaussian-fit)"
rc=0; "$divbench" table "$work/s/merged.h5" --window -2 2>"$work/e2" || rc=$?
[ "$rc" -eq 2 ] || fail "exit status $rc, expected 2"; expect "$work/e2" "--window: expected 0 (the final evaluation) or N >= 1, found -2"
# A --where that keeps no run of a merged sweep is named, for the runs read whole (a window, a
# figure) as for the index.
for cmd in "table --window 3" "plot --kind scatter --out $work/fig"; do
  rc=0; read -ra words <<<"$cmd"
  "$divbench" "${words[@]}" "$work/s/merged.h5" --where objective=wgan 2>"$work/e3" || rc=$?
  [ "$rc" -eq 2 ] || fail "exit status $rc, expected 2"; expect "$work/e3" "--where: no run matches (of 6 runs)"
done
# --no-marks: a row per seed, the same values without marks (CSV: empty mark, p_vs_best nan)
# and a caption without them; refused where a kind has no marks to drop.
for marks in "" --no-marks; do
  "$divbench" table "$work/s/merged.h5" --rows seed --cols objective --metrics hq --window 3 \
    --format csv $marks > "$work/seeds$marks.csv"
done
"$python" - "$work/seeds.csv" "$work/seeds--no-marks.csv" <<'PY'
import csv, sys
marked, plain = (list(csv.DictReader(open(p))) for p in sys.argv[1:])
assert len(marked) == len(plain) == 6, (len(marked), len(plain))
assert any(r["mark"] != "" for r in marked), "the marked table has no marks"
for m, p in zip(marked, plain):
    assert all(m[k] == p[k] for k in p if k not in ("mark", "p_vs_best")), (m, p)
    assert p.get("mark", "") == "" and p.get("p_vs_best", "") in ("", "nan"), p
PY
"$divbench" table "$work/s/merged.h5" --rows seed --metrics hq --no-marks > "$work/seeds.md"
expect "$work/seeds.md" "Mean ± standard deviation over runs. runs: runs per cell, diverged ones included; a metric that is NaN"
! grep -q '\*\*' "$work/seeds.md" || fail "--no-marks: marks in $(cat "$work/seeds.md")"
rc=0; "$divbench" table "$work/s/merged.h5" --kind gaussian-fit --no-marks 2>"$work/e4" || rc=$?
[ "$rc" -eq 2 ] || fail "exit status $rc, expected 2"; expect "$work/e4" "--no-marks: applies to --kind grid (found --kind gaussian-fit)"
echo "table --window: merged sweep and run files agree, cells match numpy, bad input refused; --no-marks"
