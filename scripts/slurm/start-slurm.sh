#!/usr/bin/env bash
# start-slurm.sh - install (if missing), configure and start a one-node SLURM cluster
# (munged + slurmctld + slurmd) as plain background daemons, with no systemd and no cgroups,
# from Debian packages alone (slurm 22.05, munge 0.5.15). Used by scripts/install-and-test.sh
# and by the @olfactory/sweep SLURM tests, so that a clean clone tests the sweep runner's
# SLURM backend against a real scheduler.
#
# Idempotent: a daemon that is already running (its pid file names a live process of the right
# name) is left alone; a stopped cluster starts afresh (empty job state). Waits until the node is
# idle and one trivial job has run. Every daemon it starts is recorded as "name pid" in
# $BASE/run/started.pids, which stop-slurm.sh reads (it stops those pids and nothing else).
#
# Environment:
#   SLURM_CI_BASE        folder for config, keys, state, logs    [<temp dir>/olfactory-slurm]
#   SLURM_CI_CPUS        CPUs declared for the node               [max(4, nproc)]
#   SLURM_CI_CTLD_PORT   slurmctld port                           [6817]
#   SLURM_CI_SLURMD_PORT slurmd port                              [6818]
#   SLURM_CI_NO_INSTALL  1: never apt-get install (fail instead)  [0]
#   SLURM_CI_WAIT        seconds allowed for each readiness step  [60]
# Clients need SLURM_CONF=$SLURM_CI_BASE/etc/slurm.conf: `source $SLURM_CI_BASE/slurm-env.sh`.
# Exit codes: 0 ready; 3 cannot start here (not root, or no apt-get and SLURM missing); 1 error.
set -euo pipefail
export PATH="$PATH:/usr/sbin:/sbin"

TMP_ROOT=$(dirname "$(mktemp -u)")
BASE=${SLURM_CI_BASE:-$TMP_ROOT/olfactory-slurm}
NPROC=$(nproc)
CPUS=${SLURM_CI_CPUS:-$(( NPROC > 4 ? NPROC : 4 ))}
CTLD_PORT=${SLURM_CI_CTLD_PORT:-6817}
SLURMD_PORT=${SLURM_CI_SLURMD_PORT:-6818}
NO_INSTALL=${SLURM_CI_NO_INSTALL:-0}
WAIT=${SLURM_CI_WAIT:-60}
# Slurm's defaults leave ~3 s between a job ending and the next one starting (batch_sched_delay)
# and retry blocked jobs only every 60 s (sched_interval).
SCHED=batch_sched_delay=0,sched_min_interval=0,sched_interval=5

CONF=$BASE/etc/slurm.conf
MUNGE_KEY=$BASE/munge/munge.key       # its folder must be 0700
MUNGE_RUN=$BASE/munge-run             # the socket folder must be 0755 (munged checks)
MUNGE_SOCK=$MUNGE_RUN/munge.socket.2
PIDS=$BASE/run/started.pids
NODE=localhost
T0=$SECONDS

log() { printf '[start-slurm %s] %s\n' "$(date +%T)" "$*" >&2; }
die() {
  log "ERROR: $*"
  for f in munged slurmctld slurmd; do
    [ -s "$BASE/log/$f.log" ] && { echo "--- tail $BASE/log/$f.log" >&2; tail -n 15 "$BASE/log/$f.log" >&2; }
  done
  exit 1
}
cannot() { log "cannot start SLURM here: $*"; exit 3; }

[ "$(id -u)" -eq 0 ] || cannot "not root (SlurmUser=root; munged and apt-get need root)"

# --- 1. install ---------------------------------------------------------------
missing=0
for b in slurmctld slurmd sbatch squeue scontrol munged mungekey; do
  command -v "$b" >/dev/null 2>&1 || missing=1
done
if [ "$missing" = 1 ]; then
  [ "$NO_INSTALL" = 1 ] && cannot "SLURM is not installed and SLURM_CI_NO_INSTALL=1"
  command -v apt-get >/dev/null 2>&1 || cannot "SLURM is not installed and there is no apt-get to install it"
fi

mkdir -p "$BASE"/{etc,munge,log,run,state,spool} "$MUNGE_RUN"
chmod 755 "$BASE" "$MUNGE_RUN"
chmod 700 "$BASE/munge"

# Serialise concurrent callers. Every daemon is started with 9>&- so that none of them inherits
# (and holds) this lock; otherwise the next start would hang.
exec 9>"$BASE/run/start.lock"
flock -w 900 9 || die "could not take $BASE/run/start.lock"

if [ "$missing" = 1 ]; then
  pkgs=(slurmctld slurmd slurm-client munge)
  log "installing from Debian: ${pkgs[*]}"
  export DEBIAN_FRONTEND=noninteractive
  ok=0
  for i in 1 2 3; do
    if apt-get -o DPkg::Lock::Timeout=120 update -qq >"$BASE/log/apt-update.log" 2>&1; then ok=1; break; fi
    log "apt-get update failed (try $i): $(tail -n 1 "$BASE/log/apt-update.log")"; sleep 5
  done
  [ "$ok" = 1 ] || cannot "apt-get update failed (no package mirror reachable?)"
  # No systemd here and policy-rc.d may deny service starts: the postinst scripts start
  # nothing, and we start the daemons ourselves below.
  apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${pkgs[@]}" \
      >"$BASE/log/apt-install.log" 2>&1 \
    || { tail -n 20 "$BASE/log/apt-install.log" >&2; cannot "apt-get install ${pkgs[*]} failed"; }
  log "installed in $((SECONDS - T0))s: $(dpkg-query -W -f='${Package}=${Version} ' slurmctld munge)"
fi

# --- helpers --------------------------------------------------------------------
# running PIDFILE NAME: print the pid if PIDFILE names a live process called NAME
running() {
  local pid
  [ -s "$1" ] || return 1
  pid=$(cat "$1" 2>/dev/null) || return 1
  [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$2" ] || return 1
  echo "$pid"
}
# started PIDFILE NAME: wait for the daemon's pid file, record the pid
started() {
  local end=$((SECONDS + 20)) pid
  until pid=$(running "$1" "$2"); do
    [ $SECONDS -lt $end ] || die "$2 did not come up (no live pid in $1)"
    sleep 0.2
  done
  echo "$2 $pid" >>"$PIDS"
  log "$2 started, pid $pid"
}
port_busy() {
  command -v ss >/dev/null 2>&1 || return 1
  [ -n "$(ss -Hltn "sport = :$1" 2>/dev/null)" ]
}
wait_for() {
  local what=$1 end=$((SECONDS + WAIT)); shift
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $end ] || die "timed out after ${WAIT}s waiting for $what"
    sleep 0.3
  done
}

# --- 2. configuration -------------------------------------------------------------
[ -s "$MUNGE_KEY" ] || mungekey --create --keyfile="$MUNGE_KEY" 2>/dev/null \
  || dd if=/dev/urandom of="$MUNGE_KEY" bs=1024 count=1 status=none
chmod 400 "$MUNGE_KEY"

MEM=$(free -m | awk '/^Mem:/ { print int($2 * 0.9) }')
cat >"$CONF.new" <<CONF
# written by scripts/slurm/start-slurm.sh
ClusterName=olfactory-ci
SlurmctldHost=localhost
SlurmUser=root
SlurmdUser=root
SlurmctldPort=$CTLD_PORT
SlurmdPort=$SLURMD_PORT
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$MUNGE_SOCK
StateSaveLocation=$BASE/state
SlurmdSpoolDir=$BASE/spool
SlurmctldPidFile=$BASE/run/slurmctld.pid
SlurmdPidFile=$BASE/run/slurmd.pid
SlurmctldLogFile=$BASE/log/slurmctld.log
SlurmdLogFile=$BASE/log/slurmd.log
# no cgroups, no systemd
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$BASE/log/jobcomp.log
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerParameters=$SCHED
# a job whose dependency can never be met is cancelled, not left PENDING forever
# (in SchedulerParameters this option is silently ignored)
DependencyParameters=kill_invalid_depend
# trust this file, not the hardware probe (so SLURM_CI_CPUS may exceed nproc)
SlurmdParameters=config_overrides
MpiDefault=none
MailProg=/bin/true
ReturnToService=2
NodeName=$NODE NodeAddr=127.0.0.1 CPUs=$CPUS Sockets=1 CoresPerSocket=$CPUS ThreadsPerCore=1 RealMemory=$MEM State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
conf_changed=0
cmp -s "$CONF.new" "$CONF" || conf_changed=1
mv -f "$CONF.new" "$CONF"
export SLURM_CONF=$CONF
echo "export SLURM_CONF=$CONF" >"$BASE/slurm-env.sh.new" && mv -f "$BASE/slurm-env.sh.new" "$BASE/slurm-env.sh"

# --- 3. daemons ---------------------------------------------------------------------
munged_pid=$(running "$MUNGE_RUN/munged.pid" munged || true)
ctld_pid=$(running "$BASE/run/slurmctld.pid" slurmctld || true)
slurmd_pid=$(running "$BASE/run/slurmd.pid" slurmd || true)
[ -n "$munged_pid$ctld_pid$slurmd_pid" ] || : >"$PIDS"   # a new record

if [ -z "$munged_pid" ]; then
  rm -f "$MUNGE_SOCK" "$MUNGE_SOCK.lock"
  munged --key-file="$MUNGE_KEY" --socket="$MUNGE_SOCK" \
         --pid-file="$MUNGE_RUN/munged.pid" --log-file="$BASE/log/munged.log" \
         --seed-file="$BASE/munge/munged.seed" --num-threads=4 </dev/null 9>&- \
    || die "munged failed to start"
  started "$MUNGE_RUN/munged.pid" munged
fi
munge -S "$MUNGE_SOCK" -n </dev/null | unmunge -S "$MUNGE_SOCK" >/dev/null \
  || die "munge round trip failed"

if [ -n "$ctld_pid" ] && [ "$conf_changed" = 1 ]; then
  log "slurm.conf changed while running: scontrol reconfigure"
  scontrol reconfigure || die "scontrol reconfigure failed"
fi
if [ -z "$ctld_pid" ]; then
  port_busy "$CTLD_PORT" && die "port $CTLD_PORT is in use (set SLURM_CI_CTLD_PORT)"
  rm -rf "${BASE:?}"/state/* "${BASE:?}"/spool/*
  : >"$BASE/log/jobcomp.log"
  slurmctld -f "$CONF" </dev/null 9>&- || die "slurmctld failed to start"
  started "$BASE/run/slurmctld.pid" slurmctld
fi
wait_for "slurmctld (scontrol ping)" bash -c 'scontrol ping | grep -q "is UP"'

if [ -z "$slurmd_pid" ]; then
  port_busy "$SLURMD_PORT" && die "port $SLURMD_PORT is in use (set SLURM_CI_SLURMD_PORT)"
  slurmd -f "$CONF" -N "$NODE" </dev/null 9>&- || die "slurmd failed to start"
  started "$BASE/run/slurmd.pid" slurmd
fi

# --- 4. wait for the node, then run one job -------------------------------------------
end=$((SECONDS + WAIT))
while :; do
  st=$(sinfo -h -n "$NODE" -o %T 2>/dev/null || true)
  case "$st" in
    idle|mixed|allocated|completing) break ;;
    down*|drain*|fail*|inval*) scontrol update nodename="$NODE" state=resume >/dev/null 2>&1 || true ;;
  esac
  [ $SECONDS -lt $end ] || die "node $NODE not idle after ${WAIT}s (state '$st')"
  sleep 0.3
done

if [ -z "$ctld_pid" ]; then
  # One trivial job end to end; it also absorbs slurmctld's wait before its first scheduling
  # pass. (Not sbatch --wait: that polls at 2, 4, 8 ... s.)
  jid=$(sbatch --parsable -J smoke -o /dev/null --wrap true 9>&-) || die "sbatch failed"
  end=$((SECONDS + WAIT))
  while :; do
    js=$(scontrol show job "$jid" 2>/dev/null | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p' | head -n 1)
    case "$js" in
      COMPLETED) break ;;
      PENDING|CONFIGURING|RUNNING|COMPLETING|"") ;;
      *) die "smoke job $jid ended $js" ;;
    esac
    [ $SECONDS -lt $end ] || die "smoke job $jid not done after ${WAIT}s (state '$js')"
    sleep 0.2
  done
fi
log "SLURM ready in $((SECONDS - T0))s: node $NODE is $st (CPUs=$CPUS); export SLURM_CONF=$CONF"
