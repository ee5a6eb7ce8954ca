#!/usr/bin/env bash
# `divbench train --preset NAME` is the preset's options spelt out (as 'divbench list presets'
# prints them): the same run, bitwise; and an option given explicitly overrides the preset's.
# Usage: preset_cli_test.sh DIVBENCH PRESET
set -euo pipefail
source "$(dirname "$0")/lib.sh"
divbench=$1
preset=$2
small=(--steps 3 --eval-every 3 --eval-samples 20 --final-samples 20 --samples 10
       --estimate-samples 8 --quiet)
# The preset's settings as options, less those this test sets small itself.
mapfile -t listed < <("$divbench" list presets |
  awk -v p="$preset" '$0 == p {f = 1; next} /^[^ ]/ {f = 0} f && /^  --/ {print $1; print $2}')
[[ ${#listed[@]} -gt 0 ]] || fail "no settings listed for preset $preset"
spelt=()
spelt24=()  # the same with --batch-size 24
extra=()
for ((i = 0; i < ${#listed[@]}; i += 2)); do
  case ${listed[$i]} in
    --steps | --eval-every | --eval-samples | --final-samples | --samples | --estimate-samples) ;;
    --train-size) spelt+=(--train-size 1000); spelt24+=(--train-size 1000)
                  extra=(--train-size 1000) ;;  # drawn whole: keep it small
    --batch-size) spelt+=(--batch-size "${listed[$((i + 1))]}"); spelt24+=(--batch-size 24) ;;
    *) spelt+=("${listed[$i]}" "${listed[$((i + 1))]}")
       spelt24+=("${listed[$i]}" "${listed[$((i + 1))]}") ;;
  esac
done

"$divbench" train --preset "$preset" "${extra[@]}" "${small[@]}" --out "$work/preset.h5"
"$divbench" train "${spelt[@]}" "${small[@]}" --out "$work/spelt.h5"
"$divbench" compare "$work/preset.h5" "$work/spelt.h5" > "$work/same.log"
expect "$work/same.log" ": identical"

# --batch-size given: it wins, wherever it is on the command line; the rest stays the preset's.
"$divbench" train --batch-size 24 --preset "$preset" "${extra[@]}" "${small[@]}" --out "$work/b24.h5"
"$divbench" train "${spelt24[@]}" "${small[@]}" --out "$work/spelt24.h5"
"$divbench" compare "$work/b24.h5" "$work/spelt24.h5" > "$work/same24.log"
expect "$work/same24.log" ": identical"
"$divbench" compare "$work/b24.h5" "$work/preset.h5" > "$work/differs.log" || true
expect "$work/differs.log" "1 differ"
echo "preset $preset: identical to its options spelt out; explicit options override it"
