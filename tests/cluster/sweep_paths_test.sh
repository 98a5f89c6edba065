#!/usr/bin/env bash
# Issue 6's acceptance test of the three ways to run a sweep, on the real engines: the same sweep
#   A  in one process                    civicsim sweep S -o A
#   B  over 2 MPI ranks                  mpirun -n 2 civicsim sweep S -o B
#   C  over 3 MPI ranks (more runs than ranks)
#   D  as a 3-task SLURM job array, then `civicsim merge D` as a dependent job, on a one-node
#      cluster started here (local_slurm.sh) through scripts/slurm/submit-sweep and sweep.sbatch
# must give the same files: the same runs, each run's /series /daily /summary /interventions (and
# every other group) equal bit for bit (h5diff, no tolerance), the same sweep.h5 table, and a
# manifest.csv with every run done. Root attributes (started_utc, wall_seconds, threads) differ by
# nature, so the groups are compared, not the root.
#
#   tests/cluster/sweep_paths_test.sh BUILD_DIR [SCENARIO]
#
# SCENARIO defaults to tests/data/sweep_small.yaml (8 short runs); scenarios/sweep.yaml is issue 6's
# 2 arms x 10 replicates of the default scenario. Prints `PATH <name> wall_s=<seconds>` per path.
# Exit 0 pass, 1 fail (the work folder is kept), 77 skip: not root, or no OpenMPI/SLURM/munge/h5diff.
set -euo pipefail

usage() { sed -n '2,17s/^# \{0,1\}//p' "$0"; }
(($# == 1 || $# == 2)) || { usage >&2; exit 64; }
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
civicsim=$(cd "$1" && pwd)/civicsim
scenario=$(realpath "${2:-$root/tests/data/sweep_small.yaml}")
cluster=$here/local_slurm.sh

needs=(mpirun munged slurmctld slurmd sbatch squeue h5diff)
# shellcheck source=common.sh
source "$here/common.sh"

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
now() { date +%s.%N; }
wall() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
# Runs a command with its output in $work/<name>.log, shown when it fails.
logged() {
  local name=$1
  shift
  local rc=0
  "$@" >"$work/$name.log" 2>&1 || rc=$?
  if ((rc != 0)); then
    echo "---- $name: $* (exit $rc)"
    tail -n 40 "$work/$name.log"
  fi
  return "$rc"
}

cd "$work"
mpirun=(mpirun --allow-run-as-root --oversubscribe)
# Passive OpenMP waiting: 2 cores, and up to 3 ranks (see app/main.cpp).
export OMP_WAIT_POLICY=passive
total_start=$(now)

t0=$(now)
logged single "$civicsim" sweep "$scenario" -o A || { echo "FAIL: the single-process sweep"; exit 1; }
echo "PATH single wall_s=$(wall "$t0" "$(now)")"

t0=$(now)
logged mpi2 timeout 240 "${mpirun[@]}" -n 2 "$civicsim" sweep "$scenario" -o B || fail "mpirun -n 2"
echo "PATH mpi-2 wall_s=$(wall "$t0" "$(now)")"

t0=$(now)
logged mpi3 timeout 240 "${mpirun[@]}" -n 3 "$civicsim" sweep "$scenario" -o C || fail "mpirun -n 3"
echo "PATH mpi-3 wall_s=$(wall "$t0" "$(now)")"

t0=$(now)
cluster_started=1
logged cluster-start "$cluster" start "$work/cluster" || { echo "FAIL: the SLURM cluster did not start"; exit 1; }
echo "PATH slurm-cluster-start wall_s=$(wall "$t0" "$(now)")"
# shellcheck source=/dev/null # written by local_slurm.sh start
source "$work/cluster/env"
t0=$(now)
# One CPU per task (the node may have only 2); the template's other settings as users get them.
if CIVICSIM="$civicsim" LOGDIR="$work/D.logs" ARRAY_SBATCH_ARGS="--cpus-per-task=1 --time=10" \
  "$root/scripts/slurm/submit-sweep" "$scenario" D 3 >submit.out 2>"$work/submit.log"; then
  eval "$(cat submit.out)" # ARRAY_JOB_ID, MERGE_JOB_ID
  LOCAL_SLURM_WAIT_TIMEOUT=240 logged slurm-wait "$cluster" wait "$work/cluster" "$ARRAY_JOB_ID" "$MERGE_JOB_ID" ||
    fail "the SLURM array $ARRAY_JOB_ID or its merge $MERGE_JOB_ID did not complete"
  cat "$work/slurm-wait.log"
  echo "PATH slurm-array-3+merge wall_s=$(wall "$t0" "$(now)")"
else
  cat "$work/submit.log"
  fail "submit-sweep"
fi
if ((failures > 0)); then
  for log in "$work"/D.logs/*.out; do
    [[ -f "$log" ]] && { echo "---- $log"; tail -n 20 "$log"; }
  done
fi
"$cluster" stop "$work/cluster" >/dev/null
cluster_started=0
echo "PATH all wall_s=$(wall "$total_start" "$(now)")"

# ---- Comparison with the single-process sweep A ----
# shellcheck source=tests/cluster/sweep_compare.sh
source "$here/sweep_compare.sh"
sweep_reference A
for dir in B C D; do compare_sweep A "$dir"; done
# The paths did what they say: MPI runs on ranks, the array wrote one manifest per shard.
for dir in B:2 C:3; do
  workers=$(tail -n +2 "${dir%:*}/manifest.csv" 2>/dev/null | awk -F, '{print $11}' | sort | uniq -c | tr -s ' \n' ' ')
  echo "${dir%:*} (${dir#*:} ranks): runs per worker:$workers"
  grep -qvE '^(rank [0-9]+)?$' <(tail -n +2 "${dir%:*}/manifest.csv" 2>/dev/null | awk -F, '{print $11}') &&
    fail "${dir%:*}/manifest.csv: a worker is not 'rank N'"
done
for i in 0 1 2; do
  [[ -f "D/manifest.shard-$i-of-3.csv" ]] || fail "D/manifest.shard-$i-of-3.csv missing"
done

if ((failures > 0)); then
  echo "FAIL: $failures problem(s); logs in $work"
  exit 1
fi
echo "PASS: $run_count runs; single, MPI (2 and 3 ranks) and SLURM array + merge agree bit for bit"
