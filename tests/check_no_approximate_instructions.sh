#!/usr/bin/env bash
# The binaries contain no approximate reciprocal or reciprocal-square-root instruction (rcpps,
# rsqrtps and their VEX and AVX-512 forms rcp14/rsqrt14/rcp28/rsqrt28): their results are each
# vendor's own approximation, so a run computed with them is not the same on Intel and AMD CPUs.
# Eigen's fast-math sqrt (`array.sqrt()` on floats) is the usual way they come in: use
# divbench::exact_sqrt (common/exact_sqrt.hpp) instead. Prints each function that has one.
#   check_no_approximate_instructions.sh FILE...   (executables, shared objects, static libraries;
#                                                  empty arguments are skipped)
set -euo pipefail
status=0
for file in "$@"; do
  [[ -n "$file" ]] || continue  # an optional target that is not built (the Python module)
  if ! listing=$(objdump -d -C --no-show-raw-insn "$file" 2>&1); then
    echo "$file: cannot disassemble: $(head -1 <<<"$listing")"
    status=1
    continue
  fi
  found=$(awk '
    /^[0-9a-f]+ <.*>:$/ { fn = $0 }
    /^[[:space:]]*[0-9a-f]+:[[:space:]]+v?(rcp|rsqrt)(ps|ss|14|28)/ { print "  in " substr(fn, 1, 200); print "  " $0 }' <<<"$listing")
  if [[ -n "$found" ]]; then
    echo "$file: approximate instructions found (use divbench::exact_sqrt, common/exact_sqrt.hpp):"
    head -20 <<<"$found"
    status=1
  else
    echo "$file: none"
  fi
done
exit $status
