#!/bin/sh
# Runs a peer test with the Python of .peers/ (SALib, the EMA Workbench, meshio, the reader civicsim
# and the notebook's packages; scripts/setup-peers makes it), or says SKIP (exit 77) when there is
# none: the tests need not be reconfigured after it. In CI (CI set), which runs scripts/setup-peers
# first, a missing one fails instead.
py="$1"
shift
if [ -x "$py" ]; then exec "$py" "$@"; fi
if [ -n "${CI:-}" ]; then
  echo "FAIL: no $py in CI (scripts/setup-peers should have made it)"
  exit 1
fi
echo "SKIP: no $py (run scripts/setup-peers)"
exit 77
