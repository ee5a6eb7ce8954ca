# Shared by the shell tests (source it after `set -euo pipefail`): a scratch directory $work that
# is removed on exit, and the two checks every script uses.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAILED: $*"; exit 1; }
expect() {  # expect FILE PATTERN: FILE contains PATTERN, else show FILE and fail
  grep -q -- "$2" "$1" || { echo "expected '$2' in $1:"; cat "$1"; exit 1; }
}
# expect_latex_compiles FILE: a LaTeX table "compiles as-is", inside the smallest document that
# loads booktabs.
expect_latex_compiles() {
  command -v pdflatex >/dev/null || fail "pdflatex missing: scripts/install-deps.sh --test installs TeX Live"
  mkdir -p "$work/latex"
  printf '\\documentclass{article}\n\\usepackage{booktabs}\n\\begin{document}\n\\input{%s}\n\\end{document}\n' \
    "$1" >"$work/latex/doc.tex"
  (cd "$work/latex" && pdflatex -interaction=nonstopmode -halt-on-error doc.tex >latex.log 2>&1) ||
    { tail -20 "$work/latex/latex.log"; fail "$1 does not compile with pdflatex"; }
}

# expect_readme_results DIVBENCH NAME OUT: scripts/readme-results.sh on OUT (where `divbench
# reproduce NAME` ran), with a scratch copy of the script and a README: the block between the
# experiment's markers becomes its table, then every other table of its report in the order asked
# (each verbatim), then the figure; the text around the block stays; an unknown table is refused
# and changes nothing.
expect_readme_results() {
  local divbench=$1 name=$2 out=$3 repo="$work/repo" rc=0 t
  mkdir -p "$repo/scripts"
  cp "$(dirname "${BASH_SOURCE[0]}")/../scripts/readme-results.sh" "$repo/scripts/"
  printf 'before\n<!-- %s: begin -->\nstale\n<!-- %s: end -->\nafter\n' "$name" "$name" >"$repo/README.md"
  cp "$repo/README.md" "$work/readme.orig"
  DIVBENCH=$divbench "$repo/scripts/readme-results.sh" "$name" "$out" no-such-table \
    >/dev/null 2>"$work/readme.err" || rc=$?
  [[ $rc -eq 2 ]] && grep -q "no-such-table.md: missing" "$work/readme.err" ||
    fail "readme-results.sh with an unknown table: exit $rc, $(cat "$work/readme.err")"
  cmp -s "$repo/README.md" "$work/readme.orig" || fail "a refused readme-results.sh changed README.md"
  local extra=()
  for t in "$out"/tables/*.md; do
    t=$(basename "$t" .md)
    [[ $t == "$name" ]] || extra+=("$t")
  done
  DIVBENCH=$divbench "$repo/scripts/readme-results.sh" "$name" "$out" "${extra[@]}" >/dev/null ||
    fail "readme-results.sh failed"
  python3 - "$repo/README.md" "$name" "$out/tables" "${extra[@]}" <<'PY' || fail "README block: see above"
import sys
readme, name, tables, extra = open(sys.argv[1]).read(), sys.argv[2], sys.argv[3], sys.argv[4:]
lines = readme.splitlines()
assert lines[0] == "before" and lines[1] == f"<!-- {name}: begin -->", lines[:2]
assert lines[-2] == f"<!-- {name}: end -->" and lines[-1] == "after", lines[-2:]
assert "stale" not in readme
at = 0
for t in [name] + extra:
    found = readme.find(open(f"{tables}/{t}.md").read(), at)
    assert found > at, f"{t}.md is not in the block verbatim, after the tables before it"
    at = found
assert readme.find(f"![final samples of seed 0, {name}](docs/figures/{name}-samples.png)") > at
PY
  [[ $(head -c 4 "$repo/docs/figures/$name-samples.png" | od -An -c | tr -d ' ') == '211PNG' ]] ||
    fail "readme-results.sh did not copy the samples figure"
}
