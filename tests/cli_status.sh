#!/usr/bin/env bash
# Runs a command, passes its output through and exits with its status; when the status is not the
# expected one it also prints "cli_status: expected exit status E, got S", which the CLI tests'
# FAIL_REGULAR_EXPRESSION matches. (PASS_REGULAR_EXPRESSION alone ignores the exit status: a
# command that printed the right message and then crashed, or exited 0 instead of 2, would pass.)
#   cli_status.sh EXPECTED COMMAND [ARGS...]
expected=$1
shift
"$@" 2>&1
status=$?
if [[ $status -ne $expected ]]; then
  echo "cli_status: expected exit status $expected, got $status"
  [[ $status -ne 0 ]] || exit 1
fi
exit "$status"
