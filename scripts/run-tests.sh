#!/usr/bin/env bash
# Installs what is missing, then runs the whole test suite through CTest in two builds:
#  1. the dev preset (optimised, assertions, warnings as errors): every test;
#  2. the asan preset (clang, AddressSanitizer + UndefinedBehaviorSanitizer, coverage for
#     libFuzzer): the unit tests again, and each fuzz target for a bounded time.
# Extra arguments go to the first ctest (e.g. -L unit, -LE slow); DIVBENCH_SKIP_ASAN=1 skips the
# second build.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --test
cmake --preset dev
cmake --build --preset dev
ctest --preset dev "$@"
if [[ "${DIVBENCH_SKIP_ASAN:-0}" != 1 ]]; then
  cmake --preset asan
  cmake --build --preset asan
  ctest --preset asan -L 'unit|fuzz'
fi
