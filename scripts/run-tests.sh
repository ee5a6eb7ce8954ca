#!/usr/bin/env bash
# Installs what is missing, then runs the whole test suite through CTest in two builds:
#  1. the dev preset (optimised, assertions, warnings as errors): every test;
#  2. the asan preset (clang, AddressSanitizer + UndefinedBehaviorSanitizer, coverage for
#     libFuzzer): the unit tests again, and each fuzz target for a bounded time.
# Extra arguments go to the first ctest (e.g. -L unit, -LE slow); DIVBENCH_SKIP_ASAN=1 skips the
# second build. Each step's wall time is printed after it (the suite's budget is 25 minutes on
# the 2-core CI machine, builds included).
set -euo pipefail
cd "$(dirname "$0")/.."
timed() {
  local start=$SECONDS
  "$@"
  echo "run-tests.sh: '$*' took $((SECONDS - start)) s ($SECONDS s so far)"
}
timed scripts/install-deps.sh --test
timed cmake --preset dev
timed cmake --build --preset dev
timed ctest --preset dev "$@"
if [[ "${DIVBENCH_SKIP_ASAN:-0}" != 1 ]]; then
  timed cmake --preset asan
  timed cmake --build --preset asan
  timed ctest --preset asan -L 'unit|fuzz'
fi
