#!/usr/bin/env bash
# The quick variant of an experiment end to end: `divbench reproduce NAME --quick` runs the sweep,
# merges it and writes every table and figure of configs/NAME.report; this checks they exist and
# hold what they should (a row per objective, a column group per dataset, booktabs LaTeX, one CSV
# line per cell and metric, real PNG and PDF files). A second call only regenerates. The rows are
# objectives unless ROWS names the option they are (unrolled-gan's rows are schedules).
#   reproduce_test.sh DIVBENCH NAME OBJECTIVES DATASETS [ROWS]
set -euo pipefail
divbench=$1 name=$2 objectives=$3 datasets=$4 rows=${5:-objective}
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
if [[ $name == stacked-fmnist && ! -e /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ]]; then
  echo "SKIPPED: Fashion-MNIST is not installed; scripts/install-deps.sh --test installs dataset-fashion-mnist"
  exit 77
fi

rc=0
"$divbench" reproduce "$name" --quick --out "$work/out" --workers 2 >"$work/stdout" 2>"$work/stderr" || rc=$?
[[ $rc -eq 0 ]] || { cat "$work/stderr"; fail "reproduce exited with $rc"; }
table="$work/out/tables/$name.md"
[[ -s "$table" ]] || fail "no $table"
cmp -s "$table" <(sed -n "/^| $rows |/,\$p" "$work/stdout") || fail "the printed table is not $table"
for objective in $objectives; do
  grep -q "^| $objective[ :]" "$table" || fail "no row for $objective in $table"
done
for dataset in $datasets; do
  if [[ $(echo "$datasets" | wc -w) -gt 1 ]]; then
    grep -q "| $dataset: runs |" "$table" || fail "no column group $dataset in $table"
  fi
done
grep -q "runs per cell" "$table" || fail "no legend in $table"
tex="$work/out/tables/$name.tex"
grep -q '\\toprule' "$tex" && grep -q '\\bottomrule' "$tex" || fail "$tex is not a booktabs table"
expect_latex_compiles "$tex"
csv="$work/out/tables/$name.csv"
n_objectives=$(echo "$objectives" | wc -w) n_datasets=$(echo "$datasets" | wc -w)
metrics=$(python3 -c 'import csv, sys; print(len({r[2] for r in list(csv.reader(open(sys.argv[1])))[1:]}))' "$csv")
lines=$(($(wc -l <"$csv") - 1))
[[ $lines -eq $((n_objectives * n_datasets * metrics)) ]] ||
  fail "$csv has $lines lines, expected $n_objectives x $n_datasets x $metrics"
for figure in "$work"/out/figures/*.png; do
  [[ $(head -c 4 "$figure" | od -An -c | tr -d ' ') == '211PNG' ]] || fail "$figure is not a PNG"
  [[ $(head -c 4 "${figure%.png}.pdf") == '%PDF' ]] || fail "${figure%.png}.pdf is not a PDF"
done
ls "$work"/out/figures/*.png >/dev/null || fail "no figures"

# Again: nothing is trained, everything is regenerated.
"$divbench" reproduce "$name" --quick --out "$work/out" --workers 2 >"$work/stdout2" 2>"$work/stderr2"
grep -q "already complete, 0 complete" "$work/stdout2" || fail "the second call trained again"
cmp -s "$table" <(sed -n "/^| $rows |/,\$p" "$work/stdout2") || fail "the table changed"
# README's results blocks are of the experiments with a samples figure (gaussian-fit has none).
if compgen -G "$work/out/figures/samples*.png" >/dev/null; then
  expect_readme_results "$divbench" "$name" "$work/out"
fi
echo "reproduce $name --quick: tables and figures as expected"
