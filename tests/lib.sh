# Shared by the shell tests (source it after `set -euo pipefail`): a scratch directory $work that
# is removed on exit, and the two checks every script uses.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAILED: $*"; exit 1; }
expect() {  # expect FILE PATTERN: FILE contains PATTERN, else show FILE and fail
  grep -q -- "$2" "$1" || { echo "expected '$2' in $1:"; cat "$1"; exit 1; }
}
