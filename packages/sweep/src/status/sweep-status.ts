/** Where a job stands. */
export type JobState =
  /** done marker present and output exists */
  | 'done'
  /** its latest attempt failed (exit code, or ended by the scheduler) */
  | 'failed'
  /** submitted, waiting in the scheduler's queue */
  | 'queued'
  /** running under the scheduler, or in a live local run */
  | 'running'
  /** submitted, but the scheduler no longer knows it and it left no record */
  | 'lost'
  /** submitted, but the scheduler could not be asked (see `SweepStatus.scheduler.error`) */
  | 'unknown'
  /** never run, or killed by an interrupted local run */
  | 'not-started';

/** The state of one job. */
export interface JobStatus {
  readonly id: string;
  readonly state: JobState;
  /** Failed: the job's exit code (scheduler-ended tasks: the script's exit code, if known). */
  readonly exitCode?: number;
  /** Failed or lost: one sentence. */
  readonly reason?: string;
  /** The log to read: the job's own log, else the scheduler's output file of the task. */
  readonly log?: string;
  /** Done or failed: the attempt's wall time, ms. */
  readonly durationMs?: number;
  /** The SLURM task of its latest submission. */
  readonly slurm?: { readonly arrayJobId: string; readonly arrayTaskId: number; readonly schedulerState?: string };
  /** A record on disk that was not trusted, and why. */
  readonly problem?: string;
}

/** The state of a whole sweep: the sweep folder and the scheduler together. */
export interface SweepStatus {
  readonly dir: string;
  readonly total: number;
  readonly counts: Readonly<Record<JobState, number>>;
  readonly jobs: readonly JobStatus[];
  /** Whether the scheduler was asked, and its error when it could not answer. */
  readonly scheduler: { readonly queried: boolean; readonly error?: string };
  /** The latest collect job, when one was submitted. */
  readonly collect?: { readonly jobId: string; readonly schedulerState?: string; readonly log: string };
  /** The pid of a local run in progress (its run.lock), if any. */
  readonly localRunPid?: number;
}
