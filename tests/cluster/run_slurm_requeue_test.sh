#!/usr/bin/env bash
# scripts/slurm/run.sbatch on a one-node SLURM cluster (local_slurm.sh): a long run signalled like
# --signal=B:TERM does before the time limit (scancel --batch --signal=TERM) writes a checkpoint,
# exits 75 and requeues its job; the job's second start (SLURM_RESTART_COUNT = 1) resumes by itself,
# and the output equals an uninterrupted run's bit for bit (h5diff, no tolerance).
#
#   tests/cluster/run_slurm_requeue_test.sh BUILD_DIR
#
# Exit 0 pass, 1 fail (the work folder is kept), 77 skip: not root, or no SLURM/munge/h5diff.
set -euo pipefail

(($# == 1)) || { sed -n '2,8s/^# \{0,1\}//p' "$0" >&2; exit 64; }
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
days=150

"$civicsim" run "$root/tests/data/kill_resume.yaml" --days $days -q -o reference.h5 ||
  { echo "FAIL: the reference run"; exit 1; }

cluster_started=1
"$cluster" start "$work/cluster" >cluster.log || { cat cluster.log; echo "FAIL: the SLURM cluster did not start"; exit 1; }
# shellcheck source=/dev/null # written by local_slurm.sh start
source "$work/cluster/env"
mkdir -p logs
job=$(SCENARIO="$root/tests/data/kill_resume.yaml" OUT="$work/out/run.h5" CIVICSIM="$civicsim" CHECKPOINT_EVERY=1 \
  CIVICSIM_RUN_ARGS="--days $days -q" sbatch --parsable --cpus-per-task=1 --time=10 \
  --output="$work/logs/run-%j.out" "$root/scripts/slurm/run.sbatch") || { echo "FAIL: sbatch"; exit 1; }

# Signal once a few checkpoints are in place (the run is then well under way).
deadline=$((SECONDS + 120))
while ((SECONDS < deadline)); do
  if [[ -f out/run.h5.ckpt ]] && "$civicsim" inspect out/run.h5.ckpt --json 2>/dev/null | grep -qE '"day": ([3-9]|[1-9][0-9])'; then
    break
  fi
  sleep 0.05
done
[[ -f out/run.h5.ckpt ]] || { squeue -t all; cat logs/*.out; echo "FAIL: no checkpoint after 120 s"; exit 1; }
scancel --batch --signal=TERM "$job"
# SLURM holds a requeued job until its old credential has expired (cred_expire: 10 s on the test
# cluster, 120 s by default); starting it sooner fails ("Job credential revoked").
"$cluster" wait "$work/cluster" "$job" >wait.log 2>&1 || { cat wait.log; fail "the job did not complete after its requeue"; }
log=$(cat logs/run-"$job".out)
echo "$log"
grep -q 'civicsim: stopped by SIGTERM' <<<"$log" || fail "civicsim did not say it stopped on the signal"
grep -q 'civicsim exited with 75' <<<"$log" || fail "the first start did not end with 75"
grep -q "requeueing job $job" <<<"$log" || fail "the job was not requeued"
grep -q '(start 2)' <<<"$log" || fail "the job did not start a second time"
grep -q 'civicsim: resuming from' <<<"$log" || fail "the second start did not resume from the checkpoint"
grep -q 'civicsim exited with 0' <<<"$log" || fail "the second start did not finish"
restarts=$(scontrol -o show job "$job" | grep -o 'Restarts=[0-9]*' || true)
[[ "$restarts" == Restarts=1 ]] || fail "SLURM counts $restarts, expected Restarts=1"
"$cluster" stop "$work/cluster" >/dev/null
cluster_started=0

[[ -f out/run.h5 ]] || { fail "no output file"; exit 1; }
for group in /series /daily /summary /interventions /scenario; do
  h5diff reference.h5 out/run.h5 "$group" "$group" >/dev/null || fail "$group differs from the uninterrupted run"
done
leftover=$(find out -mindepth 1 -not -name run.h5 -printf '%f ')
[[ -z "$leftover" ]] || fail "files left next to the output: $leftover"

((failures == 0)) || { echo "FAIL: $failures problem(s); logs in $work"; exit 1; }
echo "PASS: stopped by SLURM's signal, requeued, resumed on the job's second start: equal to an uninterrupted run"
