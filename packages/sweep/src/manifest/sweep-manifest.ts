import type { SweepCollect, SweepJob } from '../job/sweep-job';

/** One `sbatch --array` submission of some of the sweep's jobs. */
export interface SlurmSubmission {
  readonly backend: 'slurm';
  /** The array job id `sbatch` printed. */
  readonly jobId: string;
  /** Job ids in array-task order: array task `i` runs `jobIds[i]`. */
  readonly jobIds: readonly string[];
  /** The sbatch script, relative to the sweep folder. */
  readonly script: string;
  /** The `%maxParallel` throttle of the array. */
  readonly maxParallel: number;
  /** ISO time of submission. */
  readonly submittedAt: string;
  /** The collect job (`--dependency=afterok:<jobId>`), when one was submitted. */
  readonly collectJobId?: string;
}

/**
 * The sweep folder's `sweep.json` (written atomically). Layout of a sweep folder:
 *
 *     sweep.json          this manifest
 *     logs/<id>.log       each job's stdout and stderr (the latest attempt)
 *     done/<id>.json      written only after the job exited 0 and its output exists
 *     failed/<id>.json    the latest failure: exit code, reason, log path
 *     slurm/              sbatch scripts and the scheduler's own per-task output
 *     run.lock            held by a local run while it runs
 *     running.json        the jobs a local run has running now (process group ids)
 */
export interface SweepManifest {
  readonly formatVersion: 1;
  readonly kind: 'olfactory-sweep';
  /** ISO time the sweep folder was created. */
  readonly createdAt: string;
  /** Absolute working directory of every job. */
  readonly cwd: string;
  readonly jobs: readonly SweepJob[];
  readonly collect?: SweepCollect;
  /** SLURM submissions, oldest first. */
  readonly submissions: readonly SlurmSubmission[];
}

/** The manifest's file name inside a sweep folder. */
export const MANIFEST_FILE = 'sweep.json';
