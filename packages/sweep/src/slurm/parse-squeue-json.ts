import { expandArrayTaskString } from './slurm-task-state';
import type { SlurmTaskState } from './slurm-task-state';

const num = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'object' && v !== null && typeof (v as { number?: unknown }).number === 'number' ? (v as { number: number }).number : undefined;
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : undefined);

/**
 * Read `squeue --json` output (Slurm's OpenAPI job records, v0.0.38 and later) into one state
 * per job or array task. The still-pending part of an array is one record whose
 * `array_task_string` (e.g. `"4-5%2"`) is expanded into one PENDING state per index.
 * `exit_code` is a wait status in Slurm 22.05 (code << 8 | signal) and an object in later
 * versions; both are decoded.
 *
 * @returns undefined when `text` is not squeue JSON.
 */
export function parseSqueueJson(text: string): SlurmTaskState[] | undefined {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return undefined;
  }
  const jobs = (doc as { jobs?: unknown }).jobs;
  if (!Array.isArray(jobs)) return undefined;
  const out: SlurmTaskState[] = [];
  for (const raw of jobs as Record<string, unknown>[]) {
    const jobId = num(raw.job_id);
    if (jobId === undefined) continue;
    const arrayJobId = num(raw.array_job_id);
    const isArray = arrayJobId !== undefined && arrayJobId > 0;
    const state = str(raw.job_state) ?? 'UNKNOWN';
    const reason = str(raw.state_reason);
    let exitCode: number | undefined;
    let exitSignal: number | undefined;
    const ec = raw.exit_code;
    if (typeof ec === 'number') {
      exitCode = ec >> 8;
      exitSignal = ec & 0x7f;
    } else if (typeof ec === 'object' && ec !== null) {
      exitCode = num((ec as { return_code?: unknown }).return_code);
      exitSignal = num(((ec as { signal?: { id?: unknown } }).signal ?? {}).id) ?? 0;
    }
    const base = { arrayJobId: String(isArray ? arrayJobId : jobId), jobId: String(jobId), state, exitCode, exitSignal, reason };
    const taskString = str(raw.array_task_string) ?? '';
    const taskId = num(raw.array_task_id);
    if (isArray && taskId === undefined && taskString !== '') {
      for (const i of expandArrayTaskString(taskString)) out.push({ ...base, arrayTaskId: i });
    } else {
      out.push({ ...base, arrayTaskId: isArray ? taskId : undefined });
    }
  }
  return out;
}
