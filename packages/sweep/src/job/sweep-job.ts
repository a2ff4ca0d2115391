/**
 * One unit of work of a sweep: one command-line invocation that writes one output.
 *
 * Placeholders in `argv` are replaced when the job is launched (by either backend):
 * `{output}` → the absolute output path, `{id}` → the job id, `{sweep}` → the absolute sweep
 * folder. The job runs in the sweep's working directory (`SweepManifest.cwd`) with the
 * environment variables `SWEEP_DIR`, `SWEEP_JOB_ID` and `SWEEP_JOB_OUTPUT` set.
 */
export interface SweepJob {
  /** Stable id: letters, digits, `.`, `_`, `-` (1–128 characters, not starting with `.`). Names its log and records. */
  readonly id: string;
  /** The command line: the program, then its arguments (no shell). */
  readonly argv: readonly string[];
  /**
   * The file or folder the job writes, relative to the sweep folder or absolute (its parent
   * folder is created before the job starts). The job must
   * create it atomically (temp + rename); the runner writes the job's done marker only after
   * the job exited 0 *and* this path exists.
   */
  readonly output: string;
}

/** An optional step run once every job is done (SLURM: an `afterok` dependency). */
export interface SweepCollect {
  /** The command line; `{sweep}` is replaced by the absolute sweep folder. */
  readonly argv: readonly string[];
}

/** A sweep as a caller describes it (the content of a jobs file). */
export interface SweepSpec {
  readonly jobs: readonly SweepJob[];
  readonly collect?: SweepCollect;
}

/** The pattern a job id must match. */
export const JOB_ID_PATTERN = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/;
