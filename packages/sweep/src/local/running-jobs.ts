import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../util/write-file-atomic';

/** `running.json` of a sweep folder: the jobs a local run has running now (process group ids). */
export interface RunningJobsFile {
  /** The runner's pid. */
  readonly pid: number;
  readonly jobs: readonly { readonly id: string; readonly pid: number }[];
}

/** The path of `running.json` in sweep folder `dir` (absolute). */
export const runningJobsFile = (dir: string): string => join(dir, 'running.json');

/** Write (atomically) the running jobs of this runner; an empty list removes the file. */
export function writeRunningJobs(dir: string, jobs: readonly { id: string; pid: number }[]): void {
  if (jobs.length === 0) rmSync(runningJobsFile(dir), { force: true });
  else writeFileAtomic(runningJobsFile(dir), `${JSON.stringify({ pid: process.pid, jobs } satisfies RunningJobsFile)}\n`);
}

/** The recorded running jobs, or undefined when there is no readable record. */
export function readRunningJobs(dir: string): RunningJobsFile | undefined {
  const file = runningJobsFile(dir);
  if (!existsSync(file)) return undefined;
  try {
    const v = JSON.parse(readFileSync(file, 'utf8')) as RunningJobsFile;
    return Number.isInteger(v.pid) && Array.isArray(v.jobs) ? v : undefined;
  } catch {
    return undefined;
  }
}

/**
 * True when `pid` is a live process of job `id` of sweep `dir`: its environment (Linux
 * `/proc/<pid>/environ`) holds `SWEEP_DIR=<dir>` and `SWEEP_JOB_ID=<id>`, so a recycled pid is
 * never mistaken for a job. False where `/proc` cannot be read.
 */
export function isJobProcess(pid: number, dir: string, id: string): boolean {
  try {
    const env = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
    return env.includes(`SWEEP_DIR=${dir}`) && env.includes(`SWEEP_JOB_ID=${id}`);
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Stop the jobs that a killed local run left running (its runner died, e.g. by SIGKILL, and its
 * children went on): each one recorded in `running.json` that is still a process of that job
 * gets SIGTERM on its process group, then SIGKILL after `graceMs`. Returns their ids.
 */
export async function stopOrphanedJobs(dir: string, graceMs = 5000): Promise<string[]> {
  const record = readRunningJobs(dir);
  if (!record) return [];
  const orphans = record.jobs.filter((j) => isJobProcess(j.pid, dir, j.id));
  const signal = (pid: number, sig: NodeJS.Signals) => {
    try {
      process.kill(-pid, sig);
    } catch {
      try {
        process.kill(pid, sig);
      } catch {
        /* already gone */
      }
    }
  };
  for (const j of orphans) signal(j.pid, 'SIGTERM');
  const end = Date.now() + graceMs;
  while (orphans.some((j) => isJobProcess(j.pid, dir, j.id)) && Date.now() < end) await sleep(50);
  for (const j of orphans) if (isJobProcess(j.pid, dir, j.id)) signal(j.pid, 'SIGKILL');
  rmSync(runningJobsFile(dir), { force: true });
  return orphans.map((j) => j.id);
}
