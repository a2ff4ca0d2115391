/** Where a job ran. */
export type SweepBackend = 'local' | 'slurm';

/** The scheduler's ids of a SLURM task. */
export interface SlurmTaskIds {
  readonly arrayJobId: string;
  readonly arrayTaskId: number;
}

interface JobRecordBase {
  readonly formatVersion: 1;
  readonly id: string;
  readonly backend: SweepBackend;
  readonly host: string;
  /** ISO times and the wall time of the attempt. */
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly durationMs: number;
  /** Absolute path of the job's log. */
  readonly log: string;
  readonly slurm?: SlurmTaskIds;
}

/** `done/<id>.json`: the job exited 0 and its output existed when this was written. */
export interface JobDoneRecord extends JobRecordBase {
  readonly status: 'done';
  readonly exitCode: 0;
  /** Absolute output path. */
  readonly output: string;
}

/** `failed/<id>.json`: the latest failed attempt. */
export interface JobFailedRecord extends JobRecordBase {
  readonly status: 'failed';
  /** The exit status as a shell reports it: the code, or 128 + n when killed by signal n. */
  readonly exitCode: number;
  /** The signal's name when the job was killed by one, else null. */
  readonly signal: string | null;
  /** One sentence: why the attempt counts as failed. */
  readonly reason: string;
}
