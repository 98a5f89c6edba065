#!/bin/sh
# Runs a peer test with the Python that has SALib and the EMA Workbench (scripts/setup-peers makes
# .peers/), or says SKIP (exit 77) when there is none: the tests need not be reconfigured after it.
py="$1"
shift
if [ -x "$py" ]; then exec "$py" "$@"; fi
echo "SKIP: no $py (run scripts/setup-peers)"
exit 77
