#!/usr/bin/env bash
# A real single-node Slurm cluster on this machine, to try divbench's Slurm path (and for the
# `slurm` CTest test). Debian 12, as root, no systemd needed.
#
#   scripts/slurm-local.sh start   installs slurmctld, slurmd, slurm-client and munge if missing,
#                                  starts munged, slurmctld and slurmd; prints the line to eval:
#                                  export SLURM_CONF=...
#   scripts/slurm-local.sh stop    cancels every job, then stops the daemons it started, by the
#                                  PIDs in their PID files (never by name)
#
# State, logs and slurm.conf live in $DIVBENCH_SLURM_DIR (default /tmp/divbench-slurm); the
# system's /etc/slurm is left alone. Every Slurm command finds this cluster through SLURM_CONF.
set -euo pipefail
dir=${DIVBENCH_SLURM_DIR:-/tmp/divbench-slurm}
conf=$dir/slurm.conf
export SLURM_CONF=$conf

die() { echo "slurm-local.sh: $*" >&2; exit 1; }
alive() { [[ -s "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

wait_for() {  # wait_for SECONDS DESCRIPTION COMMAND...
  local seconds=$1 what=$2; shift 2
  for ((i = 0; i < seconds * 10; i++)); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.1
  done
  die "timed out after ${seconds}s waiting for $what (logs in $dir)"
}

node_idle() { [[ "$(sinfo -h -o %T 2>/dev/null)" == idle* ]]; }

start() {
  [[ $(id -u) -eq 0 ]] || die "run as root (slurmd must start jobs as their users)"
  local packages=(slurmctld slurmd slurm-client munge) missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if ((${#missing[@]} > 0)); then
    echo "Installing: ${missing[*]}" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
  fi
  mkdir -p "$dir/state" "$dir/spool"

  # munged runs as user munge and needs its socket directory and a key.
  if ! alive /run/munge/munged.pid; then
    install -d -o munge -g munge -m 0755 /run/munge
    install -d -o munge -g munge -m 0700 /var/lib/munge /var/log/munge /etc/munge
    [[ -s /etc/munge/munge.key ]] || mungekey --create --keyfile=/etc/munge/munge.key
    chown munge:munge /etc/munge/munge.key
    chmod 0400 /etc/munge/munge.key
    runuser -u munge -- /usr/sbin/munged
    touch "$dir/munged.started"
  fi
  wait_for 10 "munged" bash -c 'munge -n | unmunge'

  local host cpus memory
  host=$(hostname -s)
  cpus=$(nproc)
  memory=$(slurmd -C | sed -n 's/.*RealMemory=\([0-9]*\).*/\1/p')
  [[ -n "$memory" ]] || die "slurmd -C did not report RealMemory"
  # cons_tres with CR_Core: cores are the only consumable, so tasks share memory and run side by
  # side. kill_invalid_depend: a failed array task cancels the merge job instead of leaving it
  # pending forever. linuxproc + task/none: no cgroups or systemd needed.
  cat >"$conf" <<CONF
ClusterName=divbench-local
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
AuthType=auth/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MailProg=/bin/true
SchedulerParameters=batch_sched_delay=0
DependencyParameters=kill_invalid_depend
ReturnToService=2
MinJobAge=3600
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
  alive "$dir/slurmctld.pid" || slurmctld -f "$conf"
  wait_for 20 "slurmctld" scontrol ping
  alive "$dir/slurmd.pid" || slurmd -f "$conf"
  wait_for 30 "the node to be idle" node_idle
  echo "export SLURM_CONF=$conf"
}

stop_pid() {  # stop_pid PIDFILE
  alive "$1" || return 0
  local pid
  pid=$(cat "$1")
  kill "$pid"
  for ((i = 0; i < 100; i++)); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
}

stop() {
  if alive "$dir/slurmctld.pid"; then
    scancel --full --user="$(id -un)" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do
      [[ -z "$(squeue -h -o %i 2>/dev/null)" ]] && break
      sleep 0.1
    done
  fi
  stop_pid "$dir/slurmd.pid"
  stop_pid "$dir/slurmctld.pid"
  if [[ -e "$dir/munged.started" ]]; then
    stop_pid /run/munge/munged.pid
    rm -f "$dir/munged.started"
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) die "usage: $0 start|stop" ;;
esac
