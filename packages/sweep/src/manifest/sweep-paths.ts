import { isAbsolute, join, resolve } from 'node:path';
import type { SweepJob } from '../job/sweep-job';
import { MANIFEST_FILE } from './sweep-manifest';

/** Where a sweep keeps its files; every path is absolute. */
export interface SweepPaths {
  readonly dir: string;
  readonly manifest: string;
  readonly lock: string;
  readonly slurmDir: string;
  log(id: string): string;
  done(id: string): string;
  failed(id: string): string;
  /** The job's output, resolved against the sweep folder when relative. */
  output(job: SweepJob): string;
}

/** The paths of the sweep folder `dir`. */
export function sweepPaths(dir: string): SweepPaths {
  const abs = resolve(dir);
  return {
    dir: abs,
    manifest: join(abs, MANIFEST_FILE),
    lock: join(abs, 'run.lock'),
    slurmDir: join(abs, 'slurm'),
    log: (id) => join(abs, 'logs', `${id}.log`),
    done: (id) => join(abs, 'done', `${id}.json`),
    failed: (id) => join(abs, 'failed', `${id}.json`),
    output: (job) => (isAbsolute(job.output) ? job.output : join(abs, job.output)),
  };
}
