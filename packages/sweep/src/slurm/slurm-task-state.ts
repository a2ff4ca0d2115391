/** What the scheduler says about one job or array task. */
export interface SlurmTaskState {
  /** The array job id (for a job that is not an array: its own id). */
  readonly arrayJobId: string;
  /** The array task index, or undefined for a job that is not an array. */
  readonly arrayTaskId: number | undefined;
  /** The task's own job id. */
  readonly jobId: string;
  /** `PENDING`, `RUNNING`, `COMPLETED`, `FAILED`, `CANCELLED`, `TIMEOUT`, `OUT_OF_MEMORY`, `NODE_FAIL`, … */
  readonly state: string;
  /** The exit code of the batch script, when the scheduler reports one. */
  readonly exitCode: number | undefined;
  /** The signal that ended it (0 when none). */
  readonly exitSignal: number | undefined;
  /** The scheduler's reason (`JobArrayTaskLimit`, `Dependency`, `NonZeroExitCode`, …). */
  readonly reason: string | undefined;
}

/** States in which a task has not ended yet. */
export const ACTIVE_SLURM_STATES: ReadonlySet<string> = new Set([
  'PENDING',
  'CONFIGURING',
  'RUNNING',
  'COMPLETING',
  'SUSPENDED',
  'REQUEUED',
  'REQUEUE_HOLD',
  'REQUEUE_FED',
  'RESIZING',
  'SIGNALING',
  'STAGE_OUT',
  'RESV_DEL_HOLD',
  'STOPPED',
]);

/**
 * Expand an array task expression as SLURM prints it for the still-pending part of an array:
 * `"4-5%2"`, `"1,3,7-9"`, `"0-10:2"` → the indices. The `%N` throttle is dropped.
 * @example expandArrayTaskString('1,4-6%2') // [1, 4, 5, 6]
 */
export function expandArrayTaskString(text: string): number[] {
  const out: number[] = [];
  const body = text.replace(/%\d+$/, '').trim();
  if (body === '') return out;
  for (const part of body.split(',')) {
    const m = /^(\d+)(?:-(\d+)(?::(\d+))?)?$/.exec(part.trim());
    if (!m) continue;
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    const step = m[3] === undefined ? 1 : Math.max(1, Number(m[3]));
    for (let i = a; i <= b; i += step) out.push(i);
  }
  return out;
}
