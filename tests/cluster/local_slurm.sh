#!/usr/bin/env bash
# A one-node SLURM cluster on this machine, for the tests of `civicsim sweep` as a job array.
# Debian's slurm-wlm and munge, run as root, everything under STATEDIR: nothing in /etc is touched.
#
#   tests/cluster/local_slurm.sh start  STATEDIR   munged, slurmctld and slurmd; waits for the node
#   tests/cluster/local_slurm.sh stop   STATEDIR   cancels the jobs and stops exactly what start started
#   tests/cluster/local_slurm.sh status STATEDIR   the daemons' pids and `sinfo`; exit 1 if not up
#   tests/cluster/local_slurm.sh wait STATEDIR JOBID...   waits until the jobs (and every task of an
#                                                  array) have ended; prints their states; exit 1
#                                                  unless all COMPLETED (no accounting: squeue)
#
# Client commands need SLURM_CONF: `source STATEDIR/env` (start prints it).
# Environment: LOCAL_SLURM_PORT (slurmctld's port; slurmd uses the next one; default: the first pair
# from 16817 up that nothing listens on: not the usual 6817/6818, so that a real cluster's daemons,
# or another test's cluster, on this machine are left alone),
# LOCAL_SLURM_TIMEOUT (seconds to wait for the node, default 30), LOCAL_SLURM_WAIT_TIMEOUT (seconds
# to wait for jobs, default 600).
#
# Exit codes: 0 done; 1 the cluster did not come up (the logs are printed) or is not running;
# 64 usage; 69 a program is missing; 77 not root (the daemons must switch to the jobs' users).
set -euo pipefail

usage() { sed -n '2,17s/^# \{0,1\}//p' "$0"; }
die() { echo "local_slurm: error: $1" >&2; exit "${2:-1}"; }

(($# >= 2)) || { usage >&2; exit 64; }
action=$1
state=$2
shift 2
[[ "$action" == wait ]] || (($# == 0)) || { usage >&2; exit 64; }
port=${LOCAL_SLURM_PORT:-}
timeout=${LOCAL_SLURM_TIMEOUT:-30}

# Every process the daemons start inherits this variable: `stop` finds the job steps (slurmstepd is
# not a child of slurmd) by it, and only ours.
marker_name=LOCAL_SLURM_STATEDIR

alive() { [[ -n "$1" ]] && kill -0 "$1" 2>/dev/null && [[ "$(ps -o stat= -p "$1" 2>/dev/null)" != Z* ]]; }
# The recorded pid of a daemon, if that process is still ours (carries the marker): a pid reused by
# another process after a daemon died is never signalled.
pid_of() {
  [[ -f "$state/pids/$1" ]] || return 0
  local pid
  pid=$(cat "$state/pids/$1")
  if tr '\0' '\n' 2>/dev/null <"/proc/$pid/environ" | grep -qxF "$marker_name=$state"; then echo "$pid"; fi
}

# started PROG: waits until the process started for PROG has become it (its environment carries the
# marker once `env` has exec'd it). Until then pid_of finds nothing, and on a loaded machine a check
# that came too early took a daemon that was starting for one that had died.
started() {
  local pid i
  pid=$(cat "$state/pids/$1")
  for ((i = 0; i < 100; i++)); do
    [[ -n "$(pid_of "$1")" ]] && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.05
  done
  return 1
}

print_logs() {
  local f
  for f in "$state"/log/*.log "$state"/log/*.out; do
    [[ -f "$f" ]] || continue
    echo "---- $f (last 40 lines)" >&2
    tail -n 40 "$f" >&2
  done
}

listening() { ss -Htln "sport = :$1" 2>/dev/null | grep -q .; }

choose_port() {
  [[ -z "$port" ]] || return 0
  port=16817
  while listening "$port" || listening "$((port + 1))"; do
    port=$((port + 2))
    ((port < 17817)) || die "no free pair of ports in 16817-17816 (set LOCAL_SLURM_PORT)"
  done
}

write_conf() {
  local host cpus mem_kb mem_mb
  host=$(hostname -s)
  cpus=$(nproc)
  mem_kb=$(awk '/^MemTotal:/ {print $2}' /proc/meminfo)
  # Below MemTotal: slurmd drains a node that reports less memory than the configuration says.
  mem_mb=$((mem_kb * 9 / 10 / 1024))
  cat >"$state/slurm.conf" <<EOF
# Written by tests/cluster/local_slurm.sh: a one-node test cluster, everything under $state.
ClusterName=civicsim-test
SlurmctldHost=$host
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
# cred_expire: a job step's credential lives 10 s, not 120: a requeued job may start again only once
# its old credential has expired (run_slurm_requeue_test.sh waits for that).
AuthInfo=socket=$state/munge-run/munge.sock,cred_expire=10
StateSaveLocation=$state/ctld
SlurmdSpoolDir=$state/spool
SlurmctldPidFile=$state/run/slurmctld.pid
SlurmdPidFile=$state/run/slurmd.pid
SlurmctldLogFile=$state/log/slurmctld.log
SlurmdLogFile=$state/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
# No cgroups (containers often have none to give): processes are tracked by their parent pids.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
MailProg=/bin/true
ReturnToService=2
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
# Schedule at once on every submit and completion (no backfill pass, no 3 s batching of batch jobs).
SchedulerType=sched/builtin
# sched_interval: the periodic pass that starts jobs that became eligible with no event (a requeued
# job once its hold ends) every 2 s, not 60.
SchedulerParameters=batch_sched_delay=0,sched_interval=2
# Finished jobs stay visible to squeue/scontrol for 10 minutes: there is no accounting to ask.
MinJobAge=600
NodeName=$host CPUs=$cpus RealMemory=$mem_mb State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
}

start_munged() {
  # munged refuses a socket whose directories not everyone may traverse.
  local dir=$state
  while [[ "$dir" != / ]]; do
    dir=$(dirname "$dir")
    [[ "$(stat -c %A "$dir")" == ?????????[xt] ]] ||
      die "$dir: munged needs every directory above its socket to be searchable by all (chmod o+x $dir, or another STATEDIR)"
  done
  # The key and the daemon's private files in a 0700 directory; the socket in one that everyone can
  # traverse (munged refuses otherwise), and so must be STATEDIR itself.
  mkdir -p "$state/munge" "$state/munge-run"
  chmod 0700 "$state/munge"
  chmod 0755 "$state" "$state/munge-run"
  if [[ ! -f "$state/munge/munge.key" ]]; then
    dd if=/dev/urandom of="$state/munge/munge.key" bs=1024 count=1 status=none
  fi
  chmod 0400 "$state/munge/munge.key"
  chown "$(id -u):$(id -g)" "$state/munge/munge.key" # munged runs as us (root)
  env "$marker_name=$state" munged --foreground \
    --socket="$state/munge-run/munge.sock" --key-file="$state/munge/munge.key" \
    --pid-file="$state/munge-run/munged.pid" --log-file="$state/log/munged.log" \
    --seed-file="$state/munge/munged.seed" </dev/null >>"$state/log/munged.out" 2>&1 &
  echo $! >"$state/pids/munged"
  started munged || { print_logs; die "munged did not start"; }
  local i
  for ((i = 0; i < 50; i++)); do
    [[ -S "$state/munge-run/munge.sock" ]] && return 0
    alive "$(pid_of munged)" || break
    sleep 0.1
  done
  print_logs
  die "munged did not start"
}

do_start() {
  [[ "$(id -u)" == 0 ]] || die "must run as root (the daemons switch to the jobs' users)" 77
  local prog
  for prog in munged munge slurmctld slurmd sinfo scontrol ss; do
    command -v "$prog" >/dev/null 2>&1 || die "$prog not found (Debian: apt-get install slurm-wlm munge)" 69
  done
  if alive "$(pid_of slurmctld)" || alive "$(pid_of slurmd)" || alive "$(pid_of munged)"; then
    die "a cluster is already running under $state (stop it first)"
  fi
  mkdir -p "$state"
  state=$(cd "$state" && pwd)
  rm -rf "$state/pids" "$state/ctld" "$state/spool" "$state/run" "$state/log"
  mkdir -p "$state/pids" "$state/ctld" "$state/spool" "$state/run" "$state/log"
  choose_port
  write_conf
  echo "export SLURM_CONF=$state/slurm.conf" >"$state/env"
  export SLURM_CONF="$state/slurm.conf"

  start_munged
  # -c: a fresh start, no jobs recovered from an earlier run of the same STATEDIR.
  env "$marker_name=$state" slurmctld -D -c -f "$SLURM_CONF" </dev/null >>"$state/log/slurmctld.out" 2>&1 &
  echo $! >"$state/pids/slurmctld"
  env "$marker_name=$state" slurmd -D -f "$SLURM_CONF" </dev/null >>"$state/log/slurmd.out" 2>&1 &
  echo $! >"$state/pids/slurmd"
  started slurmctld && started slurmd || { print_logs; do_stop >/dev/null 2>&1 || true; die "slurmctld or slurmd did not start"; }

  local deadline=$((SECONDS + timeout)) node_state=""
  while ((SECONDS < deadline)); do
    for prog in munged slurmctld slurmd; do
      alive "$(pid_of $prog)" || { print_logs; do_stop >/dev/null 2>&1 || true; die "$prog exited"; }
    done
    node_state=$(sinfo -h -N -o '%t' 2>/dev/null | head -n 1 || true)
    if [[ "$node_state" == idle ]]; then
      echo "local_slurm: up in ${SECONDS}s: node $(hostname -s), $(nproc) CPUs, port $port; source $state/env"
      return 0
    fi
    sleep 0.2
  done
  print_logs
  echo "local_slurm: sinfo says: '${node_state}'" >&2
  do_stop >/dev/null 2>&1 || true
  die "the node was not idle after ${timeout}s"
}

# Processes carrying our marker: the daemons and what they spawned (slurmstepd), even if reparented.
marked_pids() {
  local env_file pid
  for env_file in /proc/[0-9]*/environ; do
    pid=${env_file#/proc/}
    pid=${pid%/environ}
    [[ "$pid" == "$$" ]] && continue
    if tr '\0' '\n' 2>/dev/null <"$env_file" | grep -qxF "$marker_name=$state"; then
      echo "$pid"
    fi
  done
}

# TERM, then KILL after 5 s; waits until the processes are gone.
terminate() {
  local pid left i
  (($# > 0)) || return 0
  kill -TERM "$@" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do
    left=()
    for pid in "$@"; do alive "$pid" && left+=("$pid"); done
    ((${#left[@]} == 0)) && return 0
    sleep 0.1
  done
  kill -KILL "${left[@]}" 2>/dev/null || true
  sleep 0.2
}

do_stop() {
  [[ -d "$state" ]] || return 0
  state=$(cd "$state" && pwd)
  export SLURM_CONF="$state/slurm.conf"
  local i
  # Cancel the jobs first, so that slurmd's job steps end their processes.
  if alive "$(pid_of slurmctld)" && [[ -f "$SLURM_CONF" ]]; then
    scancel --quiet --user="$(id -un)" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do
      [[ -z "$(squeue -h -o %i 2>/dev/null)" ]] && break
      sleep 0.1
    done
  fi
  local pids=() prog pid
  for prog in slurmd slurmctld munged; do # reverse start order
    pid=$(pid_of "$prog")
    alive "$pid" && pids+=("$pid")
  done
  terminate "${pids[@]}"
  # Job steps that outlived slurmd (they are not its children).
  mapfile -t pids < <(marked_pids)
  terminate "${pids[@]}"
  rm -f "$state"/pids/*
  mapfile -t pids < <(marked_pids)
  ((${#pids[@]} == 0)) || die "still running after stop: ${pids[*]}"
  echo "local_slurm: stopped ($state)"
}

do_status() {
  state=$(cd "$state" 2>/dev/null && pwd) || die "no cluster under $state"
  local prog up=0
  for prog in munged slurmctld slurmd; do
    if alive "$(pid_of "$prog")"; then
      echo "$prog: running, pid $(pid_of "$prog")"
      up=$((up + 1))
    else
      echo "$prog: not running"
    fi
  done
  ((up == 3)) || return 1
  SLURM_CONF="$state/slurm.conf" sinfo -N
}

do_wait() {
  (($# > 0)) || { usage >&2; exit 64; }
  state=$(cd "$state" && pwd)
  export SLURM_CONF="$state/slurm.conf"
  local ids deadline states
  ids=$(IFS=,; echo "$*")
  deadline=$((SECONDS + ${LOCAL_SLURM_WAIT_TIMEOUT:-600}))
  while :; do
    # Finished jobs stay listed for MinJobAge (600 s in our slurm.conf).
    states=$(squeue -h --states=all --jobs="$ids" -o '%i %T %r' 2>&1) ||
      die "squeue failed: $states"
    if ! grep -qE ' (PENDING|CONFIGURING|RUNNING|COMPLETING|SUSPENDED|REQUEUE\w*|RESIZING|SIGNALING|STAGE_OUT) ' <<<"$states"; then
      break
    fi
    # Pending for a reason that will not go away on this cluster (asked for more than it has).
    if grep -qE ' PENDING (PartitionConfig|BadConstraints|PartitionNodeLimit|PartitionTimeLimit|DependencyNeverSatisfied|ReqNodeNotAvail)' <<<"$states"; then
      echo "$states"
      die "jobs $ids can never run here"
    fi
    ((SECONDS < deadline)) || { echo "$states"; die "jobs $ids still not done after ${LOCAL_SLURM_WAIT_TIMEOUT:-600}s"; }
    sleep 0.2
  done
  states=$(awk '{print $1, $2}' <<<"$states")
  echo "$states"
  [[ -n "$states" ]] || die "squeue does not know jobs $ids"
  ! grep -qv ' COMPLETED$' <<<"$states" || die "not every job completed"
}

case "$action" in
  start) do_start ;;
  stop) do_stop ;;
  status) do_status ;;
  wait) do_wait "$@" ;;
  -h | --help) usage ;;
  *) usage >&2; exit 64 ;;
esac
