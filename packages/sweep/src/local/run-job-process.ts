import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { constants, hostname } from 'node:os';
import { dirname } from 'node:path';
import { expandArgv } from '../job/expand-argv';
import type { SweepJob } from '../job/sweep-job';
import type { SweepManifest } from '../manifest/sweep-manifest';
import type { SweepPaths } from '../manifest/sweep-paths';
import type { JobDoneRecord, JobFailedRecord } from '../records/job-record';
import { writeFileAtomic } from '../util/write-file-atomic';

/** How one attempt ended. `interrupted`: killed by the runner's abort; nothing was recorded. */
export type JobOutcome = { readonly status: 'done'; readonly record: JobDoneRecord } | { readonly status: 'failed'; readonly record: JobFailedRecord } | { readonly status: 'interrupted' };

/** A started job: `kill()` stops its whole process group. */
export interface RunningJob {
  readonly pid: number | undefined;
  kill(signal?: NodeJS.Signals): void;
  readonly finished: Promise<JobOutcome>;
}

/**
 * Run one job as a child process: stdout and stderr go to `logs/<id>.log` (appended: each
 * attempt after its own header line, so a resumed or retried job keeps its earlier logs), the parent folder of its output is created, the job runs in `manifest.cwd` in a process group of its own
 * (so `kill()` also stops what it started), with `SWEEP_DIR`, `SWEEP_JOB_ID` and
 * `SWEEP_JOB_OUTPUT` set. When it ends, `done/<id>.json` is written (atomically) if it exited 0
 * and its output exists, else `failed/<id>.json` with its exit code, reason and log path.
 */
export function startJobProcess(manifest: SweepManifest, paths: SweepPaths, job: SweepJob, options: { env?: NodeJS.ProcessEnv } = {}): RunningJob {
  const output = paths.output(job);
  const log = paths.log(job.id);
  mkdirSync(dirname(log), { recursive: true });
  mkdirSync(dirname(output), { recursive: true }); // the job writes its output; its parent folder is ours to make
  const argv = expandArgv(job.argv, { output, id: job.id, sweep: paths.dir });
  const startedAt = new Date();
  const fd = openSync(log, 'a');
  writeSync(fd, `# sweep job ${job.id} (local) on ${hostname()}, started ${startedAt.toISOString()}: ${argv.join(' ')}\n`);
  let interrupted = false;
  let spawnError: Error | undefined;
  const child = spawn(argv[0]!, argv.slice(1), {
    cwd: manifest.cwd,
    env: { ...(options.env ?? process.env), SWEEP_DIR: paths.dir, SWEEP_JOB_ID: job.id, SWEEP_JOB_OUTPUT: output },
    stdio: ['ignore', fd, fd],
    detached: true,
  });
  closeSync(fd);
  const finished = new Promise<JobOutcome>((done) => {
    child.on('error', (e) => {
      spawnError = e;
    });
    child.on('close', (code, signal) => {
      if (interrupted) {
        done({ status: 'interrupted' });
        return;
      }
      const finishedAt = new Date();
      const base = {
        formatVersion: 1 as const,
        id: job.id,
        backend: 'local' as const,
        host: hostname(),
        startedAt: startedAt.toISOString(),
        finishedAt: finishedAt.toISOString(),
        durationMs: finishedAt.getTime() - startedAt.getTime(),
        log,
      };
      if (code === 0 && !spawnError && existsSync(output)) {
        const record: JobDoneRecord = { ...base, status: 'done', exitCode: 0, output };
        writeFileAtomic(paths.done(job.id), `${JSON.stringify(record, null, 2)}\n`);
        rmSync(paths.failed(job.id), { force: true });
        done({ status: 'done', record });
        return;
      }
      const exitCode = spawnError ? 127 : (code ?? (signal ? 128 + (constants.signals[signal] ?? 0) : 1));
      const reason = spawnError
        ? `could not start ${argv[0]}: ${spawnError.message}`
        : signal
          ? `killed by ${signal}`
          : code === 0
            ? `exited 0 but its output ${output} does not exist`
            : `exited with code ${code}`;
      const record: JobFailedRecord = { ...base, status: 'failed', exitCode, signal: signal ?? null, reason };
      writeFileAtomic(paths.failed(job.id), `${JSON.stringify(record, null, 2)}\n`);
      done({ status: 'failed', record });
    });
  });
  return {
    pid: child.pid,
    kill(signal = 'SIGTERM') {
      interrupted = true;
      if (child.pid === undefined || child.exitCode !== null) return;
      try {
        process.kill(-child.pid, signal);
      } catch {
        child.kill(signal);
      }
    },
    finished,
  };
}
