#!/usr/bin/env bash
# The one-node SLURM cluster of local_slurm.sh works: a 3-task job array, then a job that depends
# on it (afterany), each task writing its SLURM_ARRAY_TASK_ID; the cluster is stopped at the end,
# whatever happens. Exit 77 (skip) without root, slurm-wlm or munge.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cluster=$here/local_slurm.sh

[[ "$(id -u)" == 0 ]] || { echo "SKIP: not root"; exit 77; }
for prog in munged slurmctld slurmd sbatch; do
  command -v "$prog" >/dev/null 2>&1 || { echo "SKIP: $prog not found"; exit 77; }
done

work=$(mktemp -d /tmp/civicsim-slurm-test.XXXXXX)
chmod 0755 "$work" # munged wants its socket reachable by all
cleanup() {
  local rc=$?
  "$cluster" stop "$work/cluster" || rc=1
  ((rc == 0)) && rm -rf "$work"
  ((rc == 0)) || echo "kept $work"
  exit "$rc"
}
trap cleanup EXIT

"$cluster" start "$work/cluster"
# shellcheck source=/dev/null # written by local_slurm.sh start
source "$work/cluster/env"
mkdir "$work/jobs"
cd "$work/jobs"
# shellcheck disable=SC2016 # expanded by the job
array=$(sbatch --parsable --array=0-2 --output=task-%a.log \
  --wrap 'echo "$SLURM_ARRAY_TASK_ID $SLURM_ARRAY_TASK_COUNT" > out.$SLURM_ARRAY_TASK_ID')
after=$(sbatch --parsable --dependency="afterany:$array" --output=after.log \
  --wrap 'cat out.0 out.1 out.2 > all.txt')
"$cluster" wait "$work/cluster" "$array" "$after"

expected=$'0 3\n1 3\n2 3'
actual=$(cat all.txt)
if [[ "$actual" != "$expected" ]]; then
  echo "FAIL: the dependent job saw"$'\n'"$actual"$'\n'"expected"$'\n'"$expected"
  exit 1
fi
echo "PASS: 3-task array $array and dependent job $after"
