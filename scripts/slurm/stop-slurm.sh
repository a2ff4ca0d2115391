#!/usr/bin/env bash
# stop-slurm.sh - stop the daemons that start-slurm.sh started, by the pids it recorded in
# $SLURM_CI_BASE/run/started.pids, in the order slurmd, slurmctld, munged. Jobs still queued or
# running are cancelled first, because job steps (slurmstepd) outlive slurmd. Safe to run twice.
set -uo pipefail
export PATH="$PATH:/usr/sbin:/sbin"
TMP_ROOT=$(dirname "$(mktemp -u)")
BASE=${SLURM_CI_BASE:-$TMP_ROOT/olfactory-slurm}
PIDS=$BASE/run/started.pids
export SLURM_CONF=$BASE/etc/slurm.conf
log() { printf '[stop-slurm %s] %s\n' "$(date +%T)" "$*" >&2; }

if [ ! -s "$PIDS" ]; then
  log "no $PIDS: nothing started by start-slurm.sh"
  exit 0
fi

# pid_of NAME: the recorded pid of NAME if that pid is still a NAME process
pid_of() {
  local name pid
  while read -r name pid; do
    [ "$name" = "$1" ] || continue
    [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$1" ] && { echo "$pid"; return 0; }
  done <"$PIDS"
  return 1
}
# alive PID: the process exists and is not a zombie (a stopped daemon may linger as one)
alive() { [ -d "/proc/$1" ] && ! grep -q '^State:[[:space:]]*Z' "/proc/$1/status" 2>/dev/null; }

# 1. cancel jobs while slurmctld and slurmd are still up, and wait for them to end
if pid_of slurmctld >/dev/null && scontrol ping 2>/dev/null | grep -q 'is UP'; then
  jobs=$(squeue -h -o %A 2>/dev/null | sort -u | tr '\n' ' ')
  if [ -n "${jobs// /}" ]; then
    log "cancelling jobs: $jobs"
    # shellcheck disable=SC2086
    scancel $jobs 2>/dev/null || true
    for _ in $(seq 1 50); do
      [ -z "$(squeue -h -o %A 2>/dev/null)" ] && break
      sleep 0.2
    done
  fi
fi

# 2. SIGTERM each daemon by pid, wait up to 30 s, then SIGKILL that same pid
rc=0
for name in slurmd slurmctld munged; do
  pid=$(pid_of "$name") || continue
  kill -TERM "$pid" 2>/dev/null
  for _ in $(seq 1 300); do
    alive "$pid" || break
    sleep 0.1
  done
  if alive "$pid"; then
    log "$name ($pid) ignored SIGTERM; SIGKILL"
    kill -KILL "$pid" 2>/dev/null
    sleep 0.5
  fi
  if alive "$pid"; then log "ERROR: $name ($pid) still alive"; rc=1
  else log "$name ($pid) stopped"; fi
done
[ $rc = 0 ] && rm -f "$PIDS"
exit $rc
