#!/bin/sh
# Runs a peer test with the Python of .peers/ (SALib, the EMA Workbench, the reader civicsim and the
# notebook's packages; scripts/setup-peers makes it), or says SKIP (exit 77) when there is none: the
# tests need not be reconfigured after it.
py="$1"
shift
if [ -x "$py" ]; then exec "$py" "$@"; fi
echo "SKIP: no $py (run scripts/setup-peers)"
exit 77
