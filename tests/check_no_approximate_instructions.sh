#!/usr/bin/env bash
# The binaries contain no approximate reciprocal or reciprocal-square-root instruction (rcpps,
# rsqrtps and their VEX and AVX-512 forms rcp14/rsqrt14/rcp28/rsqrt28): their results are each
# vendor's own approximation, so a run computed with them is not the same on Intel and AMD CPUs.
# Eigen's fast-math sqrt (`array.sqrt()` on floats) is the usual way they come in: use
# divbench::exact_sqrt (common/exact_sqrt.hpp) instead. Prints each function that has one.
#   check_no_approximate_instructions.sh FILE...   (executables, shared objects, static libraries)
set -euo pipefail
status=0
for file in "$@"; do
  found=$(objdump -d -C --no-show-raw-insn "$file" 2>/dev/null | awk '
    /^[0-9a-f]+ <.*>:$/ { fn = $0 }
    /^[[:space:]]*[0-9a-f]+:[[:space:]]+v?(rcp|rsqrt)(ps|ss|14|28)/ { print "  in " substr(fn, 1, 200); print "  " $0 }')
  if [[ -n "$found" ]]; then
    echo "$file: approximate instructions found (use divbench::exact_sqrt, common/exact_sqrt.hpp):"
    echo "$found" | head -20
    status=1
  else
    echo "$file: none"
  fi
done
exit $status
