import { SchedulerError } from '../errors/scheduler-error';
import { parseScontrolShowJob } from './parse-scontrol-show-job';
import { parseSqueueJson } from './parse-squeue-json';
import { DEFAULT_SLURM_COMMANDS, runSchedulerCommand } from './run-scheduler-command';
import type { SlurmCommands } from './run-scheduler-command';
import type { SlurmTaskState } from './slurm-task-state';

/**
 * Ask the scheduler about the jobs `jobIds` (array job ids): `squeue --json`, filtered here
 * (Slurm 22.05 ignores `--jobs` with `--json`), else `scontrol -o show job <id>` per id. Jobs
 * the scheduler has forgotten (ended longer than `MinJobAge` ago) are simply absent.
 *
 * @throws SchedulerError when neither command answers (controller down, no SLURM here).
 */
export async function querySlurmJobs(jobIds: readonly string[], options: { commands?: SlurmCommands; env?: NodeJS.ProcessEnv } = {}): Promise<SlurmTaskState[]> {
  if (jobIds.length === 0) return [];
  const commands = options.commands ?? DEFAULT_SLURM_COMMANDS;
  const wanted = new Set(jobIds);
  const squeue = await runSchedulerCommand([commands.squeue, '--json'], { env: options.env });
  if (squeue.exitCode === 0) {
    const tasks = parseSqueueJson(squeue.stdout);
    if (tasks) return tasks.filter((t) => wanted.has(t.arrayJobId) || wanted.has(t.jobId));
  }
  const out: SlurmTaskState[] = [];
  for (const id of jobIds) {
    const r = await runSchedulerCommand([commands.scontrol, '-o', 'show', 'job', id], { env: options.env });
    if (r.exitCode === 0) {
      out.push(...parseScontrolShowJob(r.stdout).filter((t) => t.arrayJobId === id || t.jobId === id));
    } else if (!/invalid job id/i.test(r.stderr)) {
      throw new SchedulerError({
        command: `${commands.scontrol} -o show job ${id}`,
        exitCode: r.exitCode,
        stderr: r.stderr || squeue.stderr,
        problem: `failed with exit code ${r.exitCode}`,
        fix: 'Is the SLURM controller up (scontrol ping), and SLURM_CONF set?',
      });
    }
  }
  return out;
}
