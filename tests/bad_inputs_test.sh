#!/usr/bin/env bash
# Runs every row of docs/bad-inputs.md: the command must exit with the row's status and print the
# row's message (a literal excerpt, $DATA and $WORK expanded).
#   bad_inputs_test.sh DIVBENCH SOURCE_DIR
set -euo pipefail
divbench=$1 source=$2
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
export DATA=$source/tests/data WORK=$work
mkdir -p "$work/bin"
ln -s "$(realpath "$divbench")" "$work/bin/divbench"
export PATH=$work/bin:$PATH
divbench train --steps 5 --batch-size 8 --g-width 4 --d-width 4 --eval-every 5 --eval-samples 20 \
  --final-samples 20 --samples 10 --estimate-samples 8 --out "$work/run.h5" >/dev/null 2>&1
head -c 3000 "$work/run.h5" >"$work/truncated.h5"

rows=0 failed=0
while IFS= read -r line; do
  # | input | `command` | `message` | exit |
  [[ $line =~ ^\|\ (.*)\ \|\ \`(.*)\`\ \|\ \`(.*)\`\ \|\ ([0-9]+)\ \|$ ]] || continue
  what=${BASH_REMATCH[1]} command=${BASH_REMATCH[2]} message=${BASH_REMATCH[3]}
  expected=${BASH_REMATCH[4]}
  message=$(eval "echo \"$message\"")  # $DATA, $WORK
  rows=$((rows + 1))
  rc=0
  output=$(cd "$work" && bash -c "$command" 2>&1) || rc=$?
  if [[ $rc -ne $expected ]] || [[ $output != *"$message"* ]]; then
    failed=$((failed + 1))
    echo "FAILED: $what: $command"
    echo "  expected exit $expected and: $message"
    echo "  got exit $rc and: $output" | head -5
  fi
done <"$source/docs/bad-inputs.md"
echo "$rows rows of docs/bad-inputs.md, $failed failed"
[[ $rows -ge 40 && $failed -eq 0 ]]
