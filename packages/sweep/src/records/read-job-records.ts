import { existsSync, readFileSync } from 'node:fs';
import type { SweepJob } from '../job/sweep-job';
import type { SweepPaths } from '../manifest/sweep-paths';
import type { JobDoneRecord, JobFailedRecord } from './job-record';

/** What the sweep folder says about one job. */
export interface JobRecords {
  /** A valid done marker whose output still exists. */
  readonly done?: JobDoneRecord;
  /** The latest failure, when there is one and no valid done marker. */
  readonly failed?: JobFailedRecord;
  /** Why a record on disk was not trusted (unreadable, wrong id, output gone), if one was not. */
  readonly problem?: string;
}

function readJson(file: string): { value?: Record<string, unknown>; problem?: string } {
  if (!existsSync(file)) return {};
  try {
    const v = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    if (typeof v !== 'object' || v === null) return { problem: `${file} is not a JSON object` };
    return { value: v as Record<string, unknown> };
  } catch (e) {
    return { problem: `${file} is unreadable (${(e as Error).message})` };
  }
}

/**
 * Read and verify the done and failed records of `job`. A done marker counts only if it is a
 * well-formed record for this job id *and* the job's output still exists; otherwise the job is
 * not done (it runs again) and `problem` says why.
 */
export function readJobRecords(paths: SweepPaths, job: SweepJob): JobRecords {
  const done = readJson(paths.done(job.id));
  let problem = done.problem;
  if (done.value) {
    const d = done.value;
    if (d.formatVersion !== 1 || d.status !== 'done' || d.id !== job.id || d.exitCode !== 0) {
      problem = `${paths.done(job.id)} is not a done record of job "${job.id}"`;
    } else if (!existsSync(paths.output(job))) {
      problem = `done marker present but the output ${paths.output(job)} is gone; the job runs again`;
    } else {
      return { done: d as unknown as JobDoneRecord };
    }
  }
  const failed = readJson(paths.failed(job.id));
  if (failed.value) {
    const f = failed.value;
    if (f.formatVersion === 1 && f.status === 'failed' && f.id === job.id && typeof f.exitCode === 'number') {
      return { failed: f as unknown as JobFailedRecord, ...(problem ? { problem } : {}) };
    }
    problem ??= `${paths.failed(job.id)} is not a failure record of job "${job.id}"`;
  } else if (failed.problem) {
    problem ??= failed.problem;
  }
  return problem ? { problem } : {};
}
