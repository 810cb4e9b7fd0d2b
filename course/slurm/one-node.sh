#!/usr/bin/env bash
# A Slurm cluster of one node, this machine, for trying the grading job array where there is no
# cluster (and for its test, tools/tests/test_slurm.py). Everything but the packages lives in one
# folder of its own: the munge key and socket, slurm.conf, the daemons' state, logs and pids.
#
#   one-node.sh install      installs Debian's slurm-wlm and munge when absent (needs root)
#   one-node.sh start DIR    starts munged, slurmctld and slurmd with their files in DIR (new or
#                            empty), waits until the node is idle, prints the SLURM_CONF to use
#   one-node.sh stop DIR     cancels the cluster's jobs, stops the daemons started in DIR, by the
#                            process ids start wrote there (DIR itself is left for its logs)
#
# With SLURM_CONF=DIR/slurm.conf, sbatch, squeue, sinfo and scontrol talk to this cluster only.
# The daemons run as root (SlurmUser=root), as the machines here run everything.
set -euo pipefail

say() { printf '[one-node] %s\n' "$*"; }
die() { printf '[one-node] %s\n' "$*" >&2; exit 1; }

PROGRAMS=(munged slurmctld slurmd sbatch squeue sinfo scontrol scancel)

installed() {
  local p
  for p in "${PROGRAMS[@]}"; do
    command -v "$p" >/dev/null 2>&1 || PATH="$PATH:/usr/sbin" command -v "$p" >/dev/null 2>&1 || return 1
  done
}

cmd_install() {
  if installed; then
    say "slurm-wlm and munge are installed"
    return
  fi
  [ "$(id -u)" -eq 0 ] || die "slurm-wlm and munge are missing; installing them needs root: apt-get install slurm-wlm munge"
  say "installing Debian's slurm-wlm and munge (a minute or so)"
  # The lists may be missing on a fresh machine: fetch them only when the packages are not found.
  if ! apt-cache show slurm-wlm munge >/dev/null 2>&1; then
    apt-get update -q
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q slurm-wlm munge
  installed || die "slurm-wlm and munge were installed, but some of ${PROGRAMS[*]} is still missing"
}

# Two different TCP ports nobody listens on now (both held open while they are chosen, so never
# the same one twice), so that this cluster never meets another one on the machine.
free_ports() {
  python3 -c 'import socket
held = [socket.socket() for _ in range(2)]
for s in held: s.bind(("127.0.0.1", 0))
print(*(s.getsockname()[1] for s in held))'
}

# start_daemon NAME COMMAND…: runs a daemon in the foreground of its own background process,
# with its output in DIR/NAME.out, and keeps its process id in DIR/NAME.pid.
start_daemon() {
  local name=$1; shift
  "$@" </dev/null >"$DIR/$name.out" 2>&1 &
  echo $! >"$DIR/$name.pid"
}

cmd_start() {
  installed || die "slurm-wlm and munge are missing: run $0 install first"
  mkdir -p "$DIR"
  DIR="$(cd "$DIR" && pwd)"
  [ -z "$(ls -A "$DIR")" ] || die "$DIR is not empty: start a cluster in a new folder"
  chmod 700 "$DIR"
  export PATH="$PATH:/usr/sbin"
  local host cpus memory ctld_port slurmd_port
  host="$(hostname -s)"
  read -r ctld_port slurmd_port < <(free_ports)
  cpus="$(nproc)"
  memory=$(( $(awk '/^MemTotal:/ { print $2 }' /proc/meminfo) * 8 / 10 / 1024 ))  # MB, with room to spare
  mkdir -p "$DIR/state" "$DIR/spool"

  # munge: authenticates every message between Slurm's commands and daemons, with a shared key.
  head -c 1024 /dev/urandom >"$DIR/munge.key"
  chmod 400 "$DIR/munge.key"
  start_daemon munged munged --foreground --force --key-file="$DIR/munge.key" \
    --socket="$DIR/munge.socket" --pid-file="$DIR/munged.own.pid" --log-file="$DIR/munged.log" \
    --seed-file="$DIR/munged.seed"

  for _ in $(seq 50); do [ -S "$DIR/munge.socket" ] && break; sleep 0.1; done
  [ -S "$DIR/munge.socket" ] || die "munged did not start: $(tail -n 5 "$DIR/munged.out" "$DIR/munged.log" 2>/dev/null)"

  cat >"$DIR/slurm.conf" <<EOF
# A one-node cluster for trying and testing the grading job array (course/slurm/one-node.sh).
ClusterName=backprop-lab
SlurmctldHost=$host
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$DIR/munge.socket
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
MpiDefault=none
ReturnToService=2
MailProg=/bin/true
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$DIR/slurmctld.own.pid
SlurmdPidFile=$DIR/slurmd.own.pid
SlurmctldLogFile=$DIR/slurmctld.log
SlurmdLogFile=$DIR/slurmd.log
NodeName=$host CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=grading Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
  export SLURM_CONF="$DIR/slurm.conf"
  start_daemon slurmctld slurmctld -D -c -f "$SLURM_CONF"
  start_daemon slurmd slurmd -D -f "$SLURM_CONF"

  local state=""
  for _ in $(seq 60); do
    state="$(sinfo -h -N -o %T 2>/dev/null || true)"
    [ "$state" = "idle" ] && break
    sleep 0.5
  done
  if [ "$state" != "idle" ]; then
    tail -n 5 "$DIR"/slurmctld.log "$DIR"/slurmd.log >&2 || true
    die "the node is not idle after 30 s (sinfo says '${state:-nothing}'); the logs are in $DIR"
  fi
  say "one-node cluster up: node $host ($cpus CPUs), partition 'grading'"
  echo "export SLURM_CONF=$SLURM_CONF"
}

# stop_daemon NAME: ends the process start_daemon started (TERM, then KILL after 10 s).
stop_daemon() {
  local name=$1 pid
  [ -f "$DIR/$name.pid" ] || return 0
  pid="$(cat "$DIR/$name.pid")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
      say "$name ($pid) did not stop in 10 s: killed"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  rm -f "$DIR/$name.pid"
}

cmd_stop() {
  [ -d "$DIR" ] || die "no such folder: $DIR"
  DIR="$(cd "$DIR" && pwd)"
  export PATH="$PATH:/usr/sbin" SLURM_CONF="$DIR/slurm.conf"
  # Jobs first, while the daemons that end them run: every job of this cluster is the caller's.
  if [ -f "$DIR/slurmctld.pid" ] && kill -0 "$(cat "$DIR/slurmctld.pid")" 2>/dev/null; then
    local jobs
    jobs="$(squeue -h -o %A 2>/dev/null | sort -u | tr '\n' ' ')"
    if [ -n "${jobs// /}" ]; then
      say "cancelling the jobs left: $jobs"
      # shellcheck disable=SC2086
      scancel $jobs 2>/dev/null || true
      for _ in $(seq 100); do [ -z "$(squeue -h -o %A 2>/dev/null)" ] && break; sleep 0.1; done
    fi
  fi
  stop_daemon slurmd
  stop_daemon slurmctld
  stop_daemon munged
  say "stopped the cluster of $DIR"
}

case "${1:-}" in
  install) cmd_install ;;
  start) [ $# -eq 2 ] || die "usage: $0 start DIR"; DIR=$2; cmd_start ;;
  stop) [ $# -eq 2 ] || die "usage: $0 stop DIR"; DIR=$2; cmd_stop ;;
  *) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0" >&2; exit 2 ;;
esac
