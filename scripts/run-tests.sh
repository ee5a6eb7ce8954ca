#!/usr/bin/env bash
# Installs what is missing, builds the dev preset (tests, warnings as errors) and runs the whole
# test suite through CTest. Extra arguments go to ctest (e.g. -L unit, -LE slow).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --test
cmake --preset dev
cmake --build --preset dev
ctest --preset dev "$@"
