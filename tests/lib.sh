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
