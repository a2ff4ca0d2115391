import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { SingleBar } from 'cli-progress';
import { openSweep, parseSweepSpec, readSweepManifest, readSweepStatus, runCollect, runLocalSweep, submitSlurmSweep, SweepFormatError } from '@olfactory/sweep';
import type { LocalSweepEvent, SweepSpec, SweepStatus } from '@olfactory/sweep';
import { CliUsageError } from '../util/cli-error';

/** Options shared by the sweep commands that start work. */
export interface SweepRunOptions {
  readonly backend: 'local' | 'slurm';
  readonly workers?: number;
  readonly maxParallel?: number;
  readonly sbatchArgs: readonly string[];
  readonly collect: boolean;
  readonly json: boolean;
  readonly enabled: boolean;
  /** Write no summary to stdout (a command that prints its own results, e.g. `olfactory experiment --json`). */
  readonly silent?: boolean;
}

/**
 * A job whose program is `olfactory` calls this same CLI: `node <this cli.js> ...`, so a sweep
 * runs the installed version whether or not `olfactory` is on the PATH of the workers.
 */
export function resolveOlfactoryArgv(argv: readonly string[], cliScript: string): string[] {
  return argv[0] === 'olfactory' ? [process.execPath, cliScript, ...argv.slice(1)] : [...argv];
}

/** One seed's `olfactory train` job of a sweep (experiments, variant grids), resolved to argv. */
export interface TrainJobArgs {
  readonly seed: number;
  readonly variant: string;
  /** Condition flags after `--variant` (LN split, training switches). */
  readonly condition?: readonly string[];
  readonly epochs: number;
  readonly teacherEpochs: number;
  /** Parallel jobs: each training gets a noise-worker core only when every job can have one. */
  readonly workers?: number;
  readonly out: string;
  /** Flags after `--out` (e.g. `--teacher-cache`). */
  readonly extra?: readonly string[];
  readonly dataDir?: string;
  readonly cliScript: string;
}

/** The argv of a {@link TrainJobArgs} job: one training on one core, `-q`. */
export function trainJobArgv(j: TrainJobArgs): string[] {
  const noiseWorker = j.workers !== undefined && 2 * j.workers <= availableParallelism() ? 'on' : 'off';
  const data = j.dataDir ? ['--data-dir', resolve(j.dataDir)] : [];
  return resolveOlfactoryArgv(
    // prettier-ignore
    ['olfactory', '-q', 'train', '--seeds', String(j.seed), '--variant', j.variant, ...(j.condition ?? []),
      '--epochs', String(j.epochs), '--teacher-epochs', String(j.teacherEpochs), '--workers', '1', '--noise-worker', noiseWorker,
      '--out', j.out, ...(j.extra ?? []), ...data],
    j.cliScript,
  );
}

/** Read and validate a jobs file; `cliScript` is this CLI's entry point (dist/cli.js). */
export function readJobsFile(file: string, cliScript: string): SweepSpec {
  if (!existsSync(file)) throw new CliUsageError(`--jobs ${file}: no such file; expected a JSON jobs file (see olfactory sweep --help).`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new SweepFormatError({ file, problem: `is not valid JSON (${(e as Error).message})`, fix: 'Fix the file; see olfactory sweep --help for the format.' });
  }
  const spec = parseSweepSpec(raw, file);
  return {
    jobs: spec.jobs.map((j) => ({ ...j, argv: resolveOlfactoryArgv(j.argv, cliScript) })),
    ...(spec.collect ? { collect: { argv: resolveOlfactoryArgv(spec.collect.argv, cliScript) } } : {}),
  };
}

const fmtMs = (ms: number | undefined): string => {
  if (ms === undefined) return '…';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
};

/**
 * Progress of a local run on stderr: on a terminal one bar (jobs done / total, failures, ETA,
 * the running jobs); otherwise one line per finished job with the same numbers.
 */
function progressReporter(enabled: boolean): { onEvent(e: LocalSweepEvent): void; stop(): void } {
  if (!enabled) return { onEvent: () => undefined, stop: () => undefined };
  const tty = process.stderr.isTTY === true;
  // {left} not {eta}: cli-progress's own {eta} assumes a constant rate from the first update,
  // which skipped jobs and uneven job times make meaningless.
  const bar = tty ? new SingleBar({ format: 'sweep {bar} {value}/{total} jobs | {failed} failed | ETA {left} | {current}', stream: process.stderr, hideCursor: true, clearOnComplete: false }) : null;
  let started = false;
  let finished: string | undefined; // a job's line, printed with the counts of the next progress event
  let last = { done: 0, total: 0, failed: 0, etaMs: undefined as number | undefined, at: Date.now(), current: '' };
  // between events the estimate counts down once a second
  const left = () => fmtMs(last.etaMs === undefined ? undefined : Math.max(0, last.etaMs - (Date.now() - last.at)));
  const timer = bar ? setInterval(() => started && bar.update({ left: left() }), 1000) : undefined;
  timer?.unref();
  return {
    onEvent(e) {
      if (e.type === 'progress') {
        const p = e.progress;
        last = { done: p.done, total: p.total, failed: p.failed, etaMs: p.etaMs, at: Date.now(), current: p.running.length ? `running ${p.running.join(', ')}` : '' };
        if (finished !== undefined) {
          process.stderr.write(`${finished} [${p.done}/${p.total} done, ${p.failed} failed, ETA ${left()}]\n`);
          finished = undefined;
        }
        if (bar) {
          if (!started) bar.start(p.total, p.done, { failed: p.failed, left: left(), current: last.current });
          started = true;
          bar.update(p.done, { failed: p.failed, left: left(), current: last.current });
        }
        return;
      }
      if (e.type === 'orphans') {
        process.stderr.write(`sweep: stopped ${e.ids.join(', ')}, left running by a run that was killed; they run again\n`);
        return;
      }
      if (bar) return; // failures are listed when the run ends
      if (e.type === 'skip') process.stderr.write(`sweep: ${e.job.id} already done, skipped\n`);
      if (e.type === 'start') process.stderr.write(`sweep: ${e.job.id} started\n`);
      if (e.type === 'done') finished = `sweep: ${e.job.id} done in ${fmtMs(e.record.durationMs)}`;
      if (e.type === 'fail') finished = `sweep: ${e.job.id} failed (${e.record.reason}); log ${e.record.log}`;
    },
    stop() {
      if (timer) clearInterval(timer);
      if (bar && started) bar.stop();
    },
  };
}

/** Run the sweep folder's jobs locally, with SIGINT/SIGTERM stopping them cleanly. */
async function runLocal(dir: string, o: Pick<SweepRunOptions, 'workers' | 'json' | 'enabled' | 'silent'> & { only?: readonly string[]; collect: boolean }): Promise<void> {
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const progress = progressReporter(o.enabled);
  const workers = o.workers ?? availableParallelism();
  if (o.enabled) process.stderr.write(`sweep ${dir}: local backend, ${workers} worker process(es)\n`);
  let result;
  try {
    result = await runLocalSweep(dir, { workers, signal: controller.signal, onEvent: progress.onEvent, ...(o.only ? { only: o.only } : {}) });
  } finally {
    progress.stop();
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
  const manifest = readSweepManifest(dir);
  let collect: { exitCode: number | null; log: string } | undefined;
  const complete = (await readSweepStatus(dir, { queryScheduler: false })).counts.done === manifest.jobs.length;
  if (o.collect && manifest.collect && result.failed.length === 0 && complete) {
    collect = await runCollect(dir);
  }
  if (o.silent === true) {
    // the caller reports
  } else if (o.json) {
    process.stdout.write(
      `${JSON.stringify({ dir, backend: 'local', done: result.done.map((r) => r.id), skipped: result.skipped, failed: result.failed.map((r) => ({ id: r.id, exitCode: r.exitCode, reason: r.reason, log: r.log })), ...(collect ? { collect } : {}) }, null, 2)}\n`,
    );
  } else {
    process.stdout.write(`sweep ${dir}: ${result.done.length} done, ${result.skipped.length} skipped (already done), ${result.failed.length} failed\n`);
    for (const f of result.failed) process.stdout.write(`  failed ${f.id}: ${f.reason}; log ${f.log}\n`);
    if (collect) process.stdout.write(`collect step: exit code ${collect.exitCode}; log ${collect.log}\n`);
  }
  if (result.failed.length > 0) {
    throw new Error(
      `${result.failed.length} job(s) of sweep ${dir} failed (${result.failed.map((f) => f.id).join(', ')}); read their logs, then run the same command again (or \`olfactory sweep resubmit ${dir} --failed\`) to retry them.`,
    );
  }
  if (collect && collect.exitCode !== 0) throw new Error(`the collect step of sweep ${dir} exited with code ${collect.exitCode}; see ${collect.log}.`);
}

/** Submit the selected jobs as one SLURM array job and print the job id. */
async function submitSlurm(dir: string, o: Pick<SweepRunOptions, 'maxParallel' | 'sbatchArgs' | 'collect' | 'json'> & { select: 'pending' | 'failed' }): Promise<void> {
  const r = await submitSlurmSweep(dir, { select: o.select, ...(o.maxParallel ? { maxParallel: o.maxParallel } : {}), sbatchArgs: o.sbatchArgs, collect: o.collect });
  const s = r.submission;
  if (o.json) {
    process.stdout.write(
      `${JSON.stringify({ dir, backend: 'slurm', submitted: s ? { jobId: s.jobId, tasks: s.jobIds.length, jobIds: s.jobIds, maxParallel: s.maxParallel, script: r.script, ...(s.collectJobId ? { collectJobId: s.collectJobId } : {}) } : null }, null, 2)}\n`,
    );
    return;
  }
  if (!s) {
    process.stdout.write(`sweep ${dir}: nothing to submit (every job is done, queued or running; see olfactory sweep status ${dir})\n`);
    return;
  }
  process.stdout.write(`Submitted batch job ${s.jobId} (${s.jobIds.length} array task(s), at most ${s.maxParallel} at once; script ${r.script})\n`);
  if (s.collectJobId) process.stdout.write(`Submitted batch job ${s.collectJobId} (collect step, --dependency=afterok:${s.jobId})\n`);
  process.stdout.write(`Follow it with: olfactory sweep status ${dir}\n`);
}

/**
 * Create (or resume) the sweep folder `out` for `spec` and run it on the chosen backend: the
 * entry point for commands that build their own job lists (e.g. `olfactory experiment`). Job
 * argv starting with `olfactory` should go through {@link resolveOlfactoryArgv} first.
 */
export async function runSweepSpec(spec: SweepSpec, o: SweepRunOptions & { out: string }): Promise<void> {
  const dir = resolve(o.out);
  openSweep(dir, spec, { cwd: process.cwd() });
  if (o.backend === 'slurm') await submitSlurm(dir, { ...o, select: 'pending' });
  else await runLocal(dir, o);
}

/** `olfactory sweep run`. */
export async function runSweepRun(o: SweepRunOptions & { jobs: string; out: string; cliScript: string }): Promise<void> {
  await runSweepSpec(readJobsFile(o.jobs, o.cliScript), o);
}

/** `olfactory sweep resubmit DIR --failed`. */
export async function runSweepResubmit(dir: string, o: Omit<SweepRunOptions, 'backend'> & { backend?: 'local' | 'slurm' }): Promise<void> {
  const abs = resolve(dir);
  const manifest = readSweepManifest(abs);
  const backend = o.backend ?? (manifest.submissions.length > 0 ? 'slurm' : 'local');
  if (backend === 'slurm') {
    await submitSlurm(abs, { ...o, select: 'failed' });
    return;
  }
  const status = await readSweepStatus(abs, { queryScheduler: false });
  const failed = status.jobs.filter((j) => j.state === 'failed').map((j) => j.id);
  if (failed.length === 0) {
    process.stdout.write(`sweep ${abs}: no failed job to run again\n`);
    return;
  }
  await runLocal(abs, { ...o, only: failed });
}

/** `olfactory sweep status DIR`. */
export async function runSweepStatus(dir: string, o: { json: boolean }): Promise<SweepStatus> {
  const status = await readSweepStatus(resolve(dir));
  if (o.json) {
    process.stdout.write(`${JSON.stringify(status, null, 2)}\n`);
    return status;
  }
  const c = status.counts;
  const lines = [
    `sweep ${status.dir}: ${status.total} jobs — ${c.done} done, ${c.running} running, ${c.queued} queued, ${c.failed} failed, ${c.lost} lost, ${c['not-started']} not started${c.unknown ? `, ${c.unknown} unknown` : ''}`,
  ];
  if (status.scheduler.error) lines.push(`scheduler: not reachable (${status.scheduler.error}); states from the sweep folder only`);
  if (status.localRunPid !== undefined) lines.push(`a local run is in progress (pid ${status.localRunPid})`);
  const width = Math.max(...status.jobs.map((j) => j.id.length), 2);
  for (const j of status.jobs) {
    const task = j.slurm ? ` slurm ${j.slurm.arrayJobId}_${j.slurm.arrayTaskId}${j.slurm.schedulerState ? ` ${j.slurm.schedulerState}` : ''}` : '';
    const detail = j.state === 'failed' || j.state === 'lost' ? ` — ${j.reason}${j.log ? `; log ${j.log}` : ''}` : j.state === 'done' && j.durationMs !== undefined ? ` (${fmtMs(j.durationMs)})` : '';
    lines.push(`  ${j.id.padEnd(width)}  ${j.state.padEnd(11)}${task}${detail}`);
  }
  if (status.collect) lines.push(`collect step: slurm job ${status.collect.jobId} ${status.collect.schedulerState ?? '(no longer listed)'}; log ${status.collect.log}`);
  if (c.failed + c.lost > 0) lines.push(`resubmit the failed ones alone with: olfactory sweep resubmit ${status.dir} --failed`);
  process.stdout.write(`${lines.join('\n')}\n`);
  return status;
}

/** `olfactory sweep collect DIR`: the collect step, on demand. */
export async function runSweepCollect(dir: string, o: { json: boolean }): Promise<void> {
  const abs = resolve(dir);
  const r = await runCollect(abs);
  if (r.exitCode === null) throw new CliUsageError(`sweep ${abs} has no collect step; add "collect": {"argv": [...]} to its jobs file.`);
  if (o.json) process.stdout.write(`${JSON.stringify({ dir: abs, collect: r }, null, 2)}\n`);
  else process.stdout.write(`collect step of ${abs}: exit code ${r.exitCode}; log ${r.log}\n`);
  if (r.exitCode !== 0) throw new Error(`the collect step of sweep ${abs} exited with code ${r.exitCode}; see ${r.log}.`);
}
