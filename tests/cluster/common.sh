# Sourced by the cluster tests: the checks before a test and its work folder. Expects `civicsim`
# (the binary), `cluster` (local_slurm.sh) and `needs` (the programs the test runs) to be set.
# Sets `work` (a fresh folder, removed on success, kept on failure), `cluster_started` (set it to 1
# once `$cluster start` ran: the exit trap stops the cluster) and `failures`.

[[ "$(id -u)" == 0 ]] || { echo "SKIP: not root (the SLURM daemons, mpirun --allow-run-as-root)"; exit 77; }
for prog in "${needs[@]}"; do
  command -v "$prog" >/dev/null 2>&1 || { echo "SKIP: $prog not found (scripts/setup installs it)"; exit 77; }
done
[[ -x "$civicsim" ]] || { echo "FAIL: $civicsim not found (build first)"; exit 1; }

work=$(mktemp -d "/tmp/civicsim-$(basename "$0" .sh).XXXXXX")
chmod 0755 "$work" # munged wants its socket reachable by all
cluster_started=0
failures=0
cleanup() {
  local rc=$?
  if ((cluster_started)); then "$cluster" stop "$work/cluster" >/dev/null || rc=1; fi
  if ((rc == 0)) && [[ -z "${KEEP_WORK:-}" ]]; then rm -rf "$work"; else echo "kept $work"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
