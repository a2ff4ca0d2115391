import { availableParallelism } from 'node:os';
import { SweepInterruptedError } from '../errors/sweep-interrupted-error';
import type { SweepJob } from '../job/sweep-job';
import { readSweepManifest } from '../manifest/read-write-manifest';
import { sweepPaths } from '../manifest/sweep-paths';
import { estimateRemainingMs } from '../progress/estimate-remaining-ms';
import type { JobDoneRecord, JobFailedRecord } from '../records/job-record';
import { readJobRecords } from '../records/read-job-records';
import { stopOrphanedJobs, writeRunningJobs } from './running-jobs';
import { acquireSweepLock } from './sweep-lock';
import { startJobProcess } from './run-job-process';
import type { RunningJob } from './run-job-process';

/** Progress of a local run, sent after every change. */
export interface LocalSweepProgress {
  readonly total: number;
  /** Jobs done, including those skipped because a former run finished them. */
  readonly done: number;
  readonly failed: number;
  /** Ids of the jobs running now, oldest first. */
  readonly running: readonly string[];
  /** Estimated ms until the run ends ({@link estimateRemainingMs}); undefined before the first job ends. */
  readonly etaMs: number | undefined;
}

/** Events of a local run, in order. */
export type LocalSweepEvent =
  | { readonly type: 'orphans'; readonly ids: readonly string[] }
  | { readonly type: 'skip'; readonly job: SweepJob; readonly record: JobDoneRecord }
  | { readonly type: 'start'; readonly job: SweepJob; readonly pid: number | undefined }
  | { readonly type: 'done'; readonly job: SweepJob; readonly record: JobDoneRecord }
  | { readonly type: 'fail'; readonly job: SweepJob; readonly record: JobFailedRecord }
  | { readonly type: 'progress'; readonly progress: LocalSweepProgress };

/** Options of {@link runLocalSweep}. */
export interface LocalSweepOptions {
  /** Jobs run at once, each a child process. Default: the number of cores. */
  readonly workers?: number;
  /** Run only these job ids (default: every job that is not done). */
  readonly only?: readonly string[];
  /** Stops the run: running jobs are killed (process group, SIGTERM) and left unrecorded. */
  readonly signal?: AbortSignal;
  /** Environment of the jobs (default: `process.env`). */
  readonly env?: NodeJS.ProcessEnv;
  /** Called for every event (progress bars, logs). */
  readonly onEvent?: (event: LocalSweepEvent) => void;
  /** Clock for durations and the ETA (default `Date.now`). */
  readonly now?: () => number;
}

/** The result of a local run. */
export interface LocalSweepResult {
  /** Jobs finished in this run. */
  readonly done: readonly JobDoneRecord[];
  /** Jobs skipped because they were already done. */
  readonly skipped: readonly string[];
  /** Jobs that failed in this run, each with its exit code, reason and log. */
  readonly failed: readonly JobFailedRecord[];
  /** Jobs left running by a former run that was killed, stopped before this run began. */
  readonly orphansStopped: readonly string[];
}

/**
 * Run the sweep in folder `dir` (created by {@link openSweep}) on this machine: a pool of
 * `workers` child processes takes the jobs in manifest order. Jobs with a valid done marker
 * whose output exists are skipped, so re-running resumes a killed run; a failing job is
 * recorded (`failed/<id>.json`, with exit code and log) and the others go on. Holds
 * `run.lock` while it runs, and the running jobs' process groups in `running.json`; a run that
 * finds the lock of a killed runner first stops the jobs that runner left running.
 *
 * @throws SweepLockedError when another live process runs the same folder.
 * @throws SweepInterruptedError when `signal` aborts the run.
 * @example
 *   openSweep('out/sweep', { jobs: [{ id: 'a', argv: ['node', 'fit.mjs', '{output}'], output: 'a.json' }] });
 *   const { done, failed } = await runLocalSweep('out/sweep', { workers: 2 });
 */
export async function runLocalSweep(dir: string, options: LocalSweepOptions = {}): Promise<LocalSweepResult> {
  const paths = sweepPaths(dir);
  const manifest = readSweepManifest(dir);
  const now = options.now ?? Date.now;
  const emit = options.onEvent ?? (() => undefined);
  const only = options.only ? new Set(options.only) : undefined;
  const release = acquireSweepLock(paths.lock);
  try {
    const orphansStopped = await stopOrphanedJobs(paths.dir);
    if (orphansStopped.length > 0) emit({ type: 'orphans', ids: orphansStopped });
    const skipped: string[] = [];
    const queue: SweepJob[] = [];
    for (const job of manifest.jobs) {
      if (only && !only.has(job.id)) continue;
      const records = readJobRecords(paths, job);
      if (records.done) {
        skipped.push(job.id);
        emit({ type: 'skip', job, record: records.done });
      } else {
        queue.push(job);
      }
    }
    const total = skipped.length + queue.length;
    const workers = Math.max(1, Math.min(options.workers ?? availableParallelism(), Math.max(queue.length, 1)));
    const done: JobDoneRecord[] = [];
    const failed: JobFailedRecord[] = [];
    const durations: number[] = [];
    const running = new Map<string, { job: RunningJob; startedAt: number }>();
    const recordRunning = () =>
      writeRunningJobs(
        paths.dir,
        [...running].flatMap(([id, r]) => (r.job.pid === undefined ? [] : [{ id, pid: r.job.pid }])),
      );
    const progress = () =>
      emit({
        type: 'progress',
        progress: {
          total,
          done: skipped.length + done.length,
          failed: failed.length,
          running: [...running.keys()],
          etaMs: estimateRemainingMs({ finishedDurationsMs: durations, runningElapsedMs: [...running.values()].map((r) => now() - r.startedAt), queued: queue.length, workers }),
        },
      });
    progress();
    let aborted = options.signal?.aborted === true;
    const killed: string[] = [];
    const onAbort = () => {
      aborted = true;
      for (const [id, r] of running) {
        killed.push(id);
        r.job.kill('SIGTERM');
      }
    };
    options.signal?.addEventListener('abort', onAbort);
    try {
      const worker = async () => {
        for (let job = queue.shift(); job !== undefined && !aborted; job = queue.shift()) {
          const startedAt = now();
          const proc = startJobProcess(manifest, paths, job, { env: options.env });
          running.set(job.id, { job: proc, startedAt });
          recordRunning();
          emit({ type: 'start', job, pid: proc.pid });
          progress();
          const outcome = await proc.finished;
          running.delete(job.id);
          recordRunning();
          if (outcome.status === 'interrupted') continue;
          durations.push(now() - startedAt);
          if (outcome.status === 'done') {
            done.push(outcome.record);
            emit({ type: 'done', job, record: outcome.record });
          } else {
            failed.push(outcome.record);
            emit({ type: 'fail', job, record: outcome.record });
          }
          progress();
        }
      };
      await Promise.all(Array.from({ length: workers }, worker));
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
    }
    if (aborted) throw new SweepInterruptedError({ dir: paths.dir, killed });
    return { done, skipped, failed, orphansStopped };
  } finally {
    release();
  }
}
