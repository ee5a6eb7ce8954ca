#!/usr/bin/env bash
# Puts an experiment's table and sample figure into README.md, regenerated from its stored runs:
#   scripts/readme-results.sh NAME [DIR [TABLE...]]   DIR: where `divbench reproduce NAME` ran
#                                                     (runs/NAME); TABLE: more of its report's
#                                                     tables (DIR/tables/TABLE.md), in that order
# Runs `divbench reproduce NAME --report-only --out DIR` (tables and figures from DIR/merged.h5,
# nothing trained), copies DIR/figures/samples.png (or the first samples-*.png) to docs/figures/NAME-samples.png and replaces
# the README block between "<!-- NAME: begin -->" and "<!-- NAME: end -->" with DIR/tables/NAME.md,
# each further TABLE's DIR/tables/TABLE.md and the figure. Uses $DIVBENCH, else build/release/cli/divbench.
set -euo pipefail
cd "$(dirname "$0")/.."
name=$1
dir=${2:-runs/$name}
shift $(($# < 2 ? $# : 2))
extra=("$@")
divbench=${DIVBENCH:-build/release/cli/divbench}
[[ -f "$dir/merged.h5" ]] || { echo "$dir/merged.h5: missing; run 'divbench reproduce $name' first" >&2; exit 2; }
grep -q "^<!-- $name: begin -->$" README.md || { echo "README.md has no '<!-- $name: begin -->' block" >&2; exit 2; }
"$divbench" reproduce "$name" --report-only --out "$dir" >/dev/null 2>&1 ||
  { echo "divbench reproduce $name --report-only failed" >&2; exit 1; }
mkdir -p docs/figures
# samples.png, or the experiment's first samples-*.png (regularised-divergences: samples-ring8.png)
figure=""
for f in "$dir/figures/samples.png" "$dir/figures/samples-ring8.png" "$dir"/figures/samples-*.png; do
  [[ -f "$f" ]] && { figure=$f; break; }
done
[[ -n "$figure" ]] || { echo "$dir/figures has no samples figure" >&2; exit 1; }
for t in "${extra[@]}"; do
  [[ -f "$dir/tables/$t.md" ]] || { echo "$dir/tables/$t.md: missing (not a table of the report?)" >&2; exit 2; }
done
cp "$figure" "docs/figures/$name-samples.png"
block=$(mktemp)
trap 'rm -f "$block"' EXIT
{
  echo "<!-- $name: begin -->"
  echo "<!-- written by scripts/readme-results.sh $name $dir${extra[*]:+ ${extra[*]}} from $dir/merged.h5 on $(date -u +%Y-%m-%d) -->"
  cat "$dir/tables/$name.md"
  echo
  for t in "${extra[@]}"; do
    echo "\`$dir/tables/$t.md\`:"
    echo
    cat "$dir/tables/$t.md"
    echo
  done
  echo "![final samples of seed 0, $name](docs/figures/$name-samples.png)"
  echo "<!-- $name: end -->"
} >"$block"
awk -v name="$name" -v block="$block" '
  $0 == "<!-- " name ": begin -->" { while ((getline line < block) > 0) print line; skip = 1; next }
  $0 == "<!-- " name ": end -->" { skip = 0; next }
  !skip { print }' README.md >README.md.new
mv README.md.new README.md
echo "README.md: $name table and docs/figures/$name-samples.png regenerated from $dir/merged.h5"
