#!/usr/bin/env bash
# A SLURM array of scripts/slurm/sweep.sbatch stopped by a signal and resumed gives the same results
# as one uninterrupted process. On a one-node cluster started here (local_slurm.sh):
#   1. a 2-task array of longer runs (tests/data/sweep_small.yaml with 30 days at scale 0.5), signalled
#      like --signal=B:TERM does before the time limit (scancel --batch --signal=TERM) once some runs
#      are done: each task exits 75, no run is left `running`, no partial run file is left, and the
#      runs under way left checkpoints (docs/checkpoints.md);
#   2. the same array again with CIVICSIM_SWEEP_ARGS=--resume, and the merge: every task completes,
#      only the missing runs ran (the stopped ones from their checkpoints), and the folder equals a
#      single-process sweep bit for bit.
#
#   tests/cluster/sweep_slurm_stop_test.sh BUILD_DIR
#
# Exit 0 pass, 1 fail (the work folder is kept), 77 skip: not root, or no SLURM/munge/h5diff.
set -euo pipefail

(($# == 1)) || { sed -n '2,12s/^# \{0,1\}//p' "$0" >&2; exit 64; }
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
civicsim=$(cd "$1" && pwd)/civicsim
cluster=$here/local_slurm.sh

needs=(munged slurmctld slurmd sbatch scancel squeue scontrol h5diff)
# shellcheck source=common.sh
source "$here/common.sh"
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
cd "$work"
export OMP_WAIT_POLICY=passive

# Runs of a few seconds each, so that the signal finds some under way.
sed 's/^time: {days: 2,/time: {days: 30,/; s/^population: {scale: 0.02}/population: {scale: 0.5}/' \
  "$root/tests/data/sweep_small.yaml" >sweep.yaml
if ! grep -q 'days: 30,' sweep.yaml || ! grep -q 'scale: 0.5}' sweep.yaml; then
  echo "FAIL: could not lengthen tests/data/sweep_small.yaml's runs (its time or population line changed?)"
  exit 1
fi

"$civicsim" sweep sweep.yaml -o A -q >A.log 2>&1 || { cat A.log; echo "FAIL: the single-process sweep"; exit 1; }

cluster_started=1
"$cluster" start "$work/cluster" >cluster.log || { cat cluster.log; echo "FAIL: the SLURM cluster did not start"; exit 1; }
# shellcheck source=/dev/null # written by local_slurm.sh start
source "$work/cluster/env"
submit() { # LOGDIR [sweep options]: sets ARRAY_JOB_ID and MERGE_JOB_ID
  CIVICSIM="$civicsim" LOGDIR="$work/$1" CIVICSIM_SWEEP_ARGS="${2:-}" \
    ARRAY_SBATCH_ARGS="--cpus-per-task=1 --time=10" \
    "$root/scripts/slurm/submit-sweep" sweep.yaml D 2 >submit.out 2>submit.log ||
    { cat submit.log; echo "FAIL: submit-sweep"; exit 1; }
  eval "$(cat submit.out)"
}

# ---- 1. Stop ----
submit logs1
deadline=$((SECONDS + 120))
done_runs=0
while ((SECONDS < deadline)); do
  done_runs=$(find D/runs -maxdepth 1 -name '*.h5' 2>/dev/null | wc -l || true) # no D/runs yet
  ((done_runs >= 2)) && break
  sleep 0.2
done
((done_runs >= 2)) || { squeue -t all; echo "FAIL: no 2 runs done after 120 s"; exit 1; }
scancel --batch --signal=TERM "$ARRAY_JOB_ID"
"$cluster" wait "$work/cluster" "$ARRAY_JOB_ID" "$MERGE_JOB_ID" >wait1.log 2>&1 || true # not COMPLETED
# The tasks' exit codes: 75, stopped by a signal (docs/sweeps.md).
codes=$(scontrol -o show job "$ARRAY_JOB_ID" | grep -o 'ExitCode=[0-9:]*' | sort | uniq -c | tr -s ' \n' ' ')
echo "stopped array $ARRAY_JOB_ID: ${codes}($done_runs runs were done when signalled)"
[[ "$(scontrol -o show job "$ARRAY_JOB_ID" | grep -c 'ExitCode=75:0')" == 2 ]] ||
  fail "the stopped tasks did not both exit 75: $codes"
stray=$(find D/runs -mindepth 1 -not -name '*.h5' -not -name '*.h5.ckpt' -not -name '*.h5.ckpt.records' -printf '%f ')
[[ -z "$stray" ]] || fail "partial run files left after the stop: $stray"
checkpointed=$(find D/runs -maxdepth 1 -name '*.h5.ckpt' -printf '%f\n' | sed 's/\.h5\.ckpt$//' | sort)
before=$(find D/runs -maxdepth 1 -name '*.h5' -printf '%f\n' | sort)
for shard in D/manifest.shard-0-of-2.csv D/manifest.shard-1-of-2.csv; do
  [[ -f "$shard" ]] || { fail "$shard missing after the stop"; continue; }
  ! grep -q ',running,' "$shard" || fail "$shard still says running after the stop"
done
interrupted=$(cat D/manifest.shard-*-of-2.csv 2>/dev/null | awk -F, '$8 == "pending" && $10 == "" && $12 != ""' | wc -l)
((interrupted > 0)) || echo "note: no run was under way when the signal came"
[[ "$(grep -c . <<<"$before")" -lt "$(find A/runs -maxdepth 1 -name '*.h5' | wc -l)" ]] ||
  fail "every run finished before the signal: make the runs longer (nothing was stopped)"

# ---- 2. Resume and merge ----
submit logs2 --resume
"$cluster" wait "$work/cluster" "$ARRAY_JOB_ID" "$MERGE_JOB_ID" >wait2.log 2>&1 ||
  { cat wait2.log; tail -n 5 logs2/*.out; fail "the resumed array or the merge did not complete"; }
# Runs stopped under way continued from their checkpoints; runs done before the stop were not run again.
for id in $checkpointed; do
  grep -q 'civicsim: resuming from' "D/logs/$id.log" || fail "$id had a checkpoint but did not resume from it"
done
leftover=$(find D/runs -name '*.ckpt*' -printf '%f ')
[[ -z "$leftover" ]] || fail "checkpoints left after the runs finished: $leftover"
ran_again=$(cat logs2/civicsim-sweep-*.out | grep -oE '\] [^ ]+ done' | awk '{print $2 ".h5"}' | sort |
  comm -12 - <(echo "$before") | tr '\n' ' ')
[[ -z "$ran_again" ]] || fail "--resume ran again runs that were done: $ran_again"
"$cluster" stop "$work/cluster" >/dev/null
cluster_started=0

# shellcheck source=tests/cluster/sweep_compare.sh
source "$here/sweep_compare.sh"
sweep_reference A
compare_sweep A D

((failures == 0)) || { echo "FAIL: $failures problem(s); logs in $work"; exit 1; }
echo "PASS: stopped after $(grep -c . <<<"$before") of $run_count runs ($(grep -c . <<<"$checkpointed") resumed from checkpoints), merged: equal to one process bit for bit"
