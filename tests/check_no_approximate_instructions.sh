#!/usr/bin/env bash
# The binaries contain no approximate reciprocal or reciprocal-square-root instruction (rcpps,
# rsqrtps and their VEX and AVX-512 forms rcp14/rsqrt14/rcp28/rsqrt28): their results are each
# vendor's own approximation, so a run computed with them is not the same on Intel and AMD CPUs
# (common/exact_sqrt.hpp). Eigen's fast-math sqrt is the usual way they come in.
#   check_no_approximate_instructions.sh FILE...   (executables, shared objects, static libraries)
set -euo pipefail
status=0
for file in "$@"; do
  found=$(objdump -d --no-show-raw-insn "$file" 2>/dev/null |
          grep -E '^[[:space:]]*[0-9a-f]+:[[:space:]]+v?(rcp|rsqrt)(ps|ss|14|28)' || true)
  if [[ -n "$found" ]]; then
    echo "$file: approximate instructions found:"
    echo "$found" | head -20
    status=1
  else
    echo "$file: none"
  fi
done
exit $status
