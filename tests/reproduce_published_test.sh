#!/usr/bin/env bash
# The quick variant of an experiment whose first table is a published table set beside divbench's
# (results/published_table.hpp): `divbench reproduce NAME --quick` runs, and its table has one row
# per published value, with divbench's numbers and a verdict where runs exist and "no runs" where
# the quick sweep has none; the LaTeX compiles, the CSV has one line per published value, and the
# figures are real files. A second call only regenerates.
#   reproduce_published_test.sh DIVBENCH NAME
set -euo pipefail
divbench=$1 name=$2
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
configs=$(dirname "${BASH_SOURCE[0]}")/../configs
published="$configs/$name.published.csv"
values=$(grep -v '^#' "$published" | tail -n +2 | wc -l)

rc=0
"$divbench" reproduce "$name" --quick --out "$work/out" --workers 2 >"$work/stdout" 2>"$work/stderr" || rc=$?
[[ $rc -eq 0 ]] || { cat "$work/stderr"; fail "reproduce exited with $rc"; }
table="$work/out/tables/$name.md"
[[ -s "$table" ]] || fail "no $table"
rows=$(grep -c '^| [^-|]' "$table")
[[ $rows -eq $((values + 1)) ]] || fail "$table has $((rows - 1)) rows, expected $values"
grep -Eq '\| (agree|differ) \(p = ' "$table" || fail "no verdict in $table"
grep -q '| no runs |' "$table" || fail "rows without runs are not marked in $table"
grep -q "Welch's two-sided t-test" "$table" || fail "no caption in $table"
cmp -s "$table" <(sed -n '/^| dataset/,$p' "$work/stdout") || fail "the printed table is not $table"
csv="$work/out/tables/$name.csv"
[[ $(($(wc -l <"$csv") - 1)) -eq $values ]] || fail "$csv does not have $values lines"
tex="$work/out/tables/$name.tex"
expect_latex_compiles "$tex"
for figure in "$work"/out/figures/*.png; do
  [[ $(head -c 4 "$figure" | od -An -c | tr -d ' ') == '211PNG' ]] || fail "$figure is not a PNG"
done
"$divbench" reproduce "$name" --quick --out "$work/out" --workers 2 >"$work/stdout2" 2>"$work/stderr2"
grep -q "already complete, 0 complete" "$work/stdout2" || fail "the second call trained again"
cmp -s "$table" <(sed -n '/^| dataset/,$p' "$work/stdout2") || fail "the table changed"
expect_readme_results "$divbench" "$name" "$work/out"
echo "reproduce $name --quick: the published table and figures as expected"
