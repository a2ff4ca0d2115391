import { shellQuote } from './shell-quote';

/** One array task of a rendered script. */
export interface ArrayScriptTask {
  readonly id: string;
  /** The expanded command line. */
  readonly argv: readonly string[];
  /** Absolute output path. */
  readonly output: string;
}

/**
 * The bash script of one `sbatch --array=0-(n-1)` submission: task `i` runs `tasks[i]` in `cwd`
 * with its stdout and stderr in `<dir>/logs/<id>.log`, then writes `<dir>/done/<id>.json` (exit 0
 * and the output exists) or `<dir>/failed/<id>.json` (exit code, signal, reason, log), each
 * atomically (temp file + `mv`), in the same format the local backend writes. A task whose job
 * failed exits non-zero, so SLURM marks it FAILED and an `afterok` collect job does not run.
 *
 * Pure: the same input always gives the same text.
 */
export function renderArrayScript(options: { dir: string; cwd: string; tasks: readonly ArrayScriptTask[]; submitCommand: string }): string {
  const q = shellQuote;
  const cases = options.tasks.map((t, i) => `  ${i}) id=${q(t.id)}; output=${q(t.output)}; argv=(${t.argv.map(q).join(' ')}) ;;`).join('\n');
  return `#!/usr/bin/env bash
# SLURM array script written by @olfactory/sweep: ${options.tasks.length} task(s), task i runs job i below.
# Submitted with: ${options.submitCommand}
set -u
SWEEP_DIR=${q(options.dir)}
task=\${SLURM_ARRAY_TASK_ID:?this is an sbatch --array script; submit it with sbatch --array}
case "$task" in
${cases}
  *) echo "sweep: no job for array task $task" >&2; exit 2 ;;
esac
cd ${q(options.cwd)} || { echo "sweep: cannot cd to ${options.cwd.replace(/[`"$\\]/g, '')}" >&2; exit 1; }
log=$SWEEP_DIR/logs/$id.log
mkdir -p "$SWEEP_DIR/logs" "$SWEEP_DIR/done" "$SWEEP_DIR/failed" "$(dirname "$output")" || exit 1
host=$(hostname)
iso() { date -u +%Y-%m-%dT%H:%M:%S.%3NZ; }
json_str() { local s=\${1//\\\\/\\\\\\\\}; s=\${s//\\"/\\\\\\"}; printf '"%s"' "$s"; }
write_record() { # write_record done|failed JSON
  local tmp="$SWEEP_DIR/$1/.$id.json.tmp-$$"
  printf '%s\\n' "$2" >"$tmp" && mv -f "$tmp" "$SWEEP_DIR/$1/$id.json"
}
started=$(iso)
t0=$(date +%s%3N)
printf '# sweep job %s (slurm %s_%s) on %s, started %s: %s\\n' "$id" "\${SLURM_ARRAY_JOB_ID:-?}" "$task" "$host" "$started" "\${argv[*]}" >>"$log"
SWEEP_DIR=$SWEEP_DIR SWEEP_JOB_ID=$id SWEEP_JOB_OUTPUT=$output "\${argv[@]}" </dev/null >>"$log" 2>&1
rc=$?
finished=$(iso)
ms=$(( $(date +%s%3N) - t0 ))
common="\\"formatVersion\\": 1, \\"id\\": $(json_str "$id"), \\"backend\\": \\"slurm\\", \\"host\\": $(json_str "$host"), \\"startedAt\\": \\"$started\\", \\"finishedAt\\": \\"$finished\\", \\"durationMs\\": $ms, \\"log\\": $(json_str "$log"), \\"slurm\\": {\\"arrayJobId\\": \\"\${SLURM_ARRAY_JOB_ID:-}\\", \\"arrayTaskId\\": $task}"
if [ "$rc" -eq 0 ] && [ -e "$output" ]; then
  write_record done "{\\"status\\": \\"done\\", $common, \\"exitCode\\": 0, \\"output\\": $(json_str "$output")}" || exit 1
  rm -f "$SWEEP_DIR/failed/$id.json"
  exit 0
fi
signal=null
if [ "$rc" -eq 0 ]; then reason="exited 0 but its output $output does not exist"
elif [ "$rc" -gt 128 ] && name=$(kill -l $((rc - 128)) 2>/dev/null); then signal="\\"SIG$name\\""; reason="killed by SIG$name"
elif [ "$rc" -eq 127 ]; then reason="could not start \${argv[0]} (exit 127: command not found)"
else reason="exited with code $rc"
fi
write_record failed "{\\"status\\": \\"failed\\", $common, \\"exitCode\\": $rc, \\"signal\\": $signal, \\"reason\\": $(json_str "$reason")}"
[ "$rc" -eq 0 ] && rc=1
exit "$rc"
`;
}

/** The bash script of the collect step: runs `argv` in `cwd` (its output goes to sbatch's `--output`). */
export function renderCollectScript(options: { dir: string; cwd: string; argv: readonly string[]; submitCommand: string }): string {
  const q = shellQuote;
  return `#!/usr/bin/env bash
# SLURM collect step written by @olfactory/sweep; runs after the array job succeeded (afterok).
# Submitted with: ${options.submitCommand}
set -u
cd ${q(options.cwd)} || exit 1
SWEEP_DIR=${q(options.dir)} exec ${options.argv.map(q).join(' ')} </dev/null
`;
}
