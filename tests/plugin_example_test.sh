#!/usr/bin/env bash
# The plugin path as a user walks it: install divbench, build examples/plugin out of tree against
# the installed CMake package, load the plugin into the installed divbench, train 100 steps, and
# run the objective conformance suite with the plugin in DIVBENCH_PLUGIN_PATH.
#   plugin_example_test.sh BUILD_DIR SOURCE_DIR DIVBENCH_TESTS_BINARY
set -euo pipefail
build=$1 source=$2 tests=$3
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

cmake --install "$build" --prefix "$work/prefix" >/dev/null
cmake -S "$source/examples/plugin" -B "$work/build" -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/build" >/dev/null
plugin="$work/build/libalpha_gan.so"
divbench="$work/prefix/bin/divbench"

"$divbench" list objectives --plugin "$plugin" | grep -qx "fgan-alpha"
"$divbench" train --plugin "$plugin" --objective fgan-alpha:alpha=0.25 --steps 100 --eval-every 50 \
  --out "$work/run.h5" --quiet | tee "$work/train.log"
grep -q ": complete," "$work/train.log"
DIVBENCH_PLUGIN_PATH="$plugin" "$divbench" summarize "$work/run.h5" | grep -q "fgan-alpha:alpha=0.25"

DIVBENCH_PLUGIN_PATH="$plugin" DIVBENCH_EXPECT_OBJECTIVES=fgan-alpha \
  "$tests" -w NoTests "[conformance],[.expect-plugin]" --reporter compact | tee "$work/conformance.log"
grep -q "^Passed all" "$work/conformance.log"
echo "plugin example: installed, built out of tree, trained 100 steps, conformance passed"
