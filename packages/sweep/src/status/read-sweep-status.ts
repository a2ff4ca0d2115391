import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isJobProcess, readRunningJobs } from '../local/running-jobs';
import { lockHolder } from '../local/sweep-lock';
import { readSweepManifest } from '../manifest/read-write-manifest';
import type { SlurmSubmission } from '../manifest/sweep-manifest';
import { sweepPaths } from '../manifest/sweep-paths';
import { readJobRecords } from '../records/read-job-records';
import { querySlurmJobs } from '../slurm/query-slurm-jobs';
import type { SlurmCommands } from '../slurm/run-scheduler-command';
import { ACTIVE_SLURM_STATES } from '../slurm/slurm-task-state';
import type { SlurmTaskState } from '../slurm/slurm-task-state';
import type { JobState, JobStatus, SweepStatus } from './sweep-status';

/** Options of {@link readSweepStatus}. */
export interface SweepStatusOptions {
  /** Ask the scheduler (default: when the sweep has SLURM submissions). */
  readonly queryScheduler?: boolean;
  readonly commands?: SlurmCommands;
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * The state of every job of the sweep in `dir`, from its records (done / failed markers) and,
 * for SLURM submissions, from the scheduler (`squeue --json`, else `scontrol show job`). A job
 * is `done` only with a valid done marker and its output present; a task the scheduler ended
 * without the job writing a record (cancelled, time limit, out of memory) is `failed` with the
 * scheduler's state; a submitted task neither knows about is `lost`. A scheduler that cannot be
 * reached is reported in `scheduler.error`, and the folder's records are still shown.
 */
export async function readSweepStatus(dir: string, options: SweepStatusOptions = {}): Promise<SweepStatus> {
  const paths = sweepPaths(dir);
  const manifest = readSweepManifest(dir);
  const submissions = manifest.submissions;
  const query = options.queryScheduler ?? submissions.length > 0;
  let tasks: SlurmTaskState[] = [];
  let schedulerError: string | undefined;
  if (query && submissions.length > 0) {
    const ids = [...new Set(submissions.flatMap((s) => (s.collectJobId ? [s.jobId, s.collectJobId] : [s.jobId])))];
    try {
      tasks = await querySlurmJobs(ids, { commands: options.commands, env: options.env });
    } catch (e) {
      schedulerError = (e as Error).message;
    }
  }
  // jobs a live local run has running now
  const localRunPid = lockHolder(paths.lock);
  const localRunning = new Set(localRunPid === undefined ? [] : (readRunningJobs(paths.dir)?.jobs ?? []).filter((j) => isJobProcess(j.pid, paths.dir, j.id)).map((j) => j.id));
  const taskOf = (sub: SlurmSubmission, index: number) => tasks.find((t) => t.arrayJobId === sub.jobId && t.arrayTaskId === index);
  const jobs: JobStatus[] = manifest.jobs.map((job) => {
    const records = readJobRecords(paths, job);
    const problem = records.problem ? { problem: records.problem } : {};
    let sub: SlurmSubmission | undefined;
    let index = -1;
    for (let k = submissions.length - 1; k >= 0 && !sub; k--) {
      const i = submissions[k]!.jobIds.indexOf(job.id);
      if (i >= 0) {
        sub = submissions[k];
        index = i;
      }
    }
    const task = sub ? taskOf(sub, index) : undefined;
    const slurm = sub ? { slurm: { arrayJobId: sub.jobId, arrayTaskId: index, ...(task ? { schedulerState: task.state } : {}) } } : {};
    const slurmOut = sub ? join(paths.slurmDir, `${sub.jobId}_${index}.out`) : undefined;
    const jobLog = existsSync(paths.log(job.id)) ? paths.log(job.id) : slurmOut;
    if (records.done) return { id: job.id, state: 'done', durationMs: records.done.durationMs, log: records.done.log, ...slurm, ...problem };
    if (localRunning.has(job.id)) return { id: job.id, state: 'running', log: paths.log(job.id), ...problem };
    if (task && ACTIVE_SLURM_STATES.has(task.state)) {
      const state: JobState = task.state === 'PENDING' || task.state.startsWith('REQUEUE') ? 'queued' : 'running';
      return { id: job.id, state, ...slurm, ...problem };
    }
    const failedHere = records.failed && (!sub || records.failed.slurm?.arrayJobId === sub.jobId);
    if (records.failed && (failedHere || !task || task.state === 'FAILED')) {
      const f = records.failed;
      return { id: job.id, state: 'failed', exitCode: f.exitCode, reason: f.reason, log: f.log, durationMs: f.durationMs, ...slurm, ...problem };
    }
    if (task) {
      // Ended in the scheduler without a record of this attempt: cancelled, time limit, node failure...
      return {
        id: job.id,
        state: 'failed',
        ...(task.exitCode !== undefined ? { exitCode: task.exitCode } : {}),
        reason: `SLURM task ${sub!.jobId}_${index} ended ${task.state}${task.reason && task.reason !== 'None' ? ` (${task.reason})` : ''}${task.exitSignal ? `, signal ${task.exitSignal}` : ''} without a record from the job`,
        ...(jobLog ? { log: jobLog } : {}),
        ...slurm,
        ...problem,
      };
    }
    if (records.failed) {
      const f = records.failed;
      return { id: job.id, state: 'failed', exitCode: f.exitCode, reason: f.reason, log: f.log, durationMs: f.durationMs, ...slurm, ...problem };
    }
    if (sub && (schedulerError || !query)) return { id: job.id, state: 'unknown', ...slurm, ...problem };
    if (sub) {
      return {
        id: job.id,
        state: 'lost',
        reason: `submitted as SLURM task ${sub.jobId}_${index}, which the scheduler no longer lists, and the job left no record`,
        ...(jobLog ? { log: jobLog } : {}),
        ...slurm,
        ...problem,
      };
    }
    return { id: job.id, state: 'not-started', ...problem };
  });
  const counts: Record<JobState, number> = { done: 0, failed: 0, queued: 0, running: 0, lost: 0, unknown: 0, 'not-started': 0 };
  for (const j of jobs) counts[j.state] += 1;
  const lastCollect = [...submissions].reverse().find((s) => s.collectJobId !== undefined);
  const collectTask = lastCollect ? tasks.find((t) => t.jobId === lastCollect.collectJobId) : undefined;
  return {
    dir: paths.dir,
    total: jobs.length,
    counts,
    jobs,
    scheduler: { queried: query && submissions.length > 0, ...(schedulerError ? { error: schedulerError } : {}) },
    ...(lastCollect
      ? { collect: { jobId: lastCollect.collectJobId!, ...(collectTask ? { schedulerState: collectTask.state } : {}), log: join(paths.dir, 'logs', `collect-${lastCollect.collectJobId}.log`) } }
      : {}),
    ...(localRunPid !== undefined ? { localRunPid } : {}),
  };
}
