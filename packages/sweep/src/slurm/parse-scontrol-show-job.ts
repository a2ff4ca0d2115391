import { expandArrayTaskString } from './slurm-task-state';
import type { SlurmTaskState } from './slurm-task-state';

/**
 * Read `scontrol -o show job <id>` output (one `Key=Value …` line per job or array task) into
 * one state per task. A line whose `ArrayTaskId` is a range (the pending part of an array,
 * `2-5%2`) yields one state per index. `ExitCode=7:0` is code 7, signal 0.
 *
 * Used when `squeue --json` is not available (Slurm built without its JSON plugin).
 */
export function parseScontrolShowJob(text: string): SlurmTaskState[] {
  const out: SlurmTaskState[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('JobId=')) continue;
    const field = (key: string): string | undefined => new RegExp(`(?:^|\\s)${key}=(\\S*)`).exec(line)?.[1];
    const jobId = field('JobId')!;
    const arrayJobId = field('ArrayJobId');
    const taskText = field('ArrayTaskId');
    const [code, signal] = (field('ExitCode') ?? '').split(':').map(Number);
    const base = {
      arrayJobId: arrayJobId ?? jobId,
      jobId,
      state: field('JobState') ?? 'UNKNOWN',
      exitCode: Number.isFinite(code) ? code : undefined,
      exitSignal: Number.isFinite(signal) ? signal : undefined,
      reason: field('Reason'),
    };
    if (taskText === undefined || arrayJobId === undefined) out.push({ ...base, arrayTaskId: undefined });
    else for (const i of expandArrayTaskString(taskText)) out.push({ ...base, arrayTaskId: i });
  }
  return out;
}
