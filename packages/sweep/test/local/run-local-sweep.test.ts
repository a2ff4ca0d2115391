import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { openSweep, readJobRecords, readSweepStatus, runLocalSweep, stopOrphanedJobs, sweepPaths, SweepInterruptedError, SweepLockedError } from '../../src/index';
import type { LocalSweepEvent } from '../../src/index';
import { testJob, useTempDir } from '../helpers/temp-dir';

const ledgerLines = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).sort() : []);

describe('runLocalSweep', () => {
  const tmp = useTempDir('local');

  it('runLocalSweep(dir) runs every job as a child process and writes each done marker after its output', async () => {
    const dir = join(tmp(), 'sweep');
    const ledger = join(tmp(), 'ledger');
    openSweep(dir, { jobs: ['a', 'b', 'c', 'd'].map((id) => testJob(id, ['--ledger', ledger])) }, { cwd: tmp() });
    const events: LocalSweepEvent[] = [];
    const result = await runLocalSweep(dir, { workers: 2, onEvent: (e) => events.push(e) });
    expect(result.done.map((r) => r.id).sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(result.failed).toEqual([]);
    expect(result.skipped).toEqual([]);
    expect(ledgerLines(ledger)).toEqual(['a', 'b', 'c', 'd']);
    const paths = sweepPaths(dir);
    for (const id of ['a', 'b', 'c', 'd']) {
      const out = JSON.parse(readFileSync(join(dir, 'out', `${id}.json`), 'utf8'));
      expect(out).toEqual({ id, env: true }); // SWEEP_JOB_ID and SWEEP_JOB_OUTPUT reached the job
      const done = JSON.parse(readFileSync(paths.done(id), 'utf8'));
      expect(done).toMatchObject({ formatVersion: 1, status: 'done', id, exitCode: 0, backend: 'local', output: join(dir, 'out', `${id}.json`), log: paths.log(id) });
      expect(readFileSync(paths.log(id), 'utf8')).toMatch(new RegExp(`^# sweep job ${id} \\(local\\)[^\\n]*\\njob ${id} pid \\d+ starts\\njob ${id} done\\n$`));
    }
    // never more than 2 at once; the last progress event has everything done
    const progress = events.filter((e) => e.type === 'progress').map((e) => (e as Extract<LocalSweepEvent, { type: 'progress' }>).progress);
    expect(Math.max(...progress.map((p) => p.running.length))).toBe(2);
    expect(progress.at(-1)).toMatchObject({ total: 4, done: 4, failed: 0, running: [], etaMs: 0 });
    expect(existsSync(paths.lock)).toBe(false);
  });

  it('runLocalSweep(dir) records a failing job with its exit code and log, and the other jobs still finish', async () => {
    const dir = join(tmp(), 'sweep');
    openSweep(
      dir,
      {
        jobs: [
          testJob('ok-1'),
          testJob('bad', ['--exit', '7']),
          testJob('no-output', ['--no-output']),
          { id: 'missing-program', argv: ['olfactory-no-such-program-here'], output: 'x' },
          testJob('ok-2'),
        ],
      },
      { cwd: tmp() },
    );
    const result = await runLocalSweep(dir, { workers: 1 });
    expect(result.done.map((r) => r.id)).toEqual(['ok-1', 'ok-2']);
    const failed = Object.fromEntries(result.failed.map((r) => [r.id, r]));
    const paths = sweepPaths(dir);
    expect(failed.bad).toMatchObject({ status: 'failed', exitCode: 7, signal: null, reason: 'exited with code 7', log: paths.log('bad') });
    expect(readFileSync(paths.log('bad'), 'utf8')).toContain('job bad: failing with code 7');
    expect(failed['no-output']).toMatchObject({ exitCode: 0, reason: `exited 0 but its output ${join(dir, 'out', 'no-output.json')} does not exist` });
    expect(failed['missing-program']).toMatchObject({ exitCode: 127 });
    expect(failed['missing-program']!.reason).toMatch(/^could not start olfactory-no-such-program-here: .*ENOENT/);
    expect(existsSync(paths.done('bad'))).toBe(false);
    expect(JSON.parse(readFileSync(paths.failed('bad'), 'utf8'))).toEqual(failed.bad);
    const status = await readSweepStatus(dir);
    expect(status.counts).toEqual({ done: 2, failed: 3, queued: 0, running: 0, lost: 0, unknown: 0, 'not-started': 0 });
    expect(status.jobs.find((j) => j.id === 'bad')).toMatchObject({ state: 'failed', exitCode: 7, log: paths.log('bad') });
  });

  it('runLocalSweep(dir) run again skips finished jobs, re-runs failed ones, and clears a failure once the job succeeds', async () => {
    const dir = join(tmp(), 'sweep');
    const ledger = join(tmp(), 'ledger');
    const flag = join(tmp(), 'fail-c');
    writeFileSync(flag, '');
    openSweep(dir, { jobs: ['a', 'b', 'c'].map((id) => testJob(id, ['--ledger', ledger, '--fail-if-exists', join(tmp(), `fail-${id}`)])) }, { cwd: tmp() });
    const first = await runLocalSweep(dir, { workers: 2 });
    expect(first.failed.map((r) => r.id)).toEqual(['c']);
    expect(ledgerLines(ledger)).toEqual(['a', 'b', 'c']);
    require('node:fs').rmSync(flag);
    const events: string[] = [];
    const second = await runLocalSweep(dir, { workers: 2, onEvent: (e) => e.type !== 'progress' && e.type !== 'orphans' && events.push(`${e.type} ${e.job.id}`) });
    expect(second.skipped).toEqual(['a', 'b']);
    expect(second.done.map((r) => r.id)).toEqual(['c']);
    expect(events).toEqual(['skip a', 'skip b', 'start c', 'done c']);
    expect(ledgerLines(ledger)).toEqual(['a', 'b', 'c', 'c']);
    expect(existsSync(sweepPaths(dir).failed('c'))).toBe(false);
    // the log keeps both attempts, each after its header: the failure is not lost by the retry
    const log = readFileSync(sweepPaths(dir).log('c'), 'utf8');
    expect(log.match(/^# sweep job c \(local\)/gm)).toHaveLength(2);
    expect(log).toMatch(/exists, failing with code \d+\n# sweep job c \(local\)[^\n]*\n(.*\n)*job c done\n$/);
  });

  it('runLocalSweep(dir) re-runs a job whose done marker is there but whose output was deleted', async () => {
    const dir = join(tmp(), 'sweep');
    const ledger = join(tmp(), 'ledger');
    openSweep(dir, { jobs: [testJob('a', ['--ledger', ledger]), testJob('b', ['--ledger', ledger])] }, { cwd: tmp() });
    await runLocalSweep(dir, { workers: 2 });
    require('node:fs').rmSync(join(dir, 'out', 'b.json'));
    const paths = sweepPaths(dir);
    expect(readJobRecords(paths, testJob('b', ['--ledger', ledger])).problem).toMatch(/output .*b\.json is gone/);
    const again = await runLocalSweep(dir, { workers: 2 });
    expect(again).toMatchObject({ skipped: ['a'], failed: [] });
    expect(again.done.map((r) => r.id)).toEqual(['b']);
  });

  it('runLocalSweep(dir, { signal }) aborted kills the running jobs, records nothing for them, and the next run resumes', async () => {
    const dir = join(tmp(), 'sweep');
    const ledger = join(tmp(), 'ledger');
    const release = join(tmp(), 'release');
    openSweep(
      dir,
      { jobs: [testJob('fast', ['--ledger', ledger]), testJob('slow-1', ['--ledger', ledger, '--wait-for', release]), testJob('slow-2', ['--ledger', ledger, '--wait-for', release])] },
      { cwd: tmp() },
    );
    const controller = new AbortController();
    const run = runLocalSweep(dir, { workers: 2, signal: controller.signal });
    // abort once 'fast' is done and both slow jobs have started (each wrote its ledger line)
    while (!(existsSync(sweepPaths(dir).done('fast')) && ledgerLines(ledger).includes('slow-1') && ledgerLines(ledger).includes('slow-2'))) {
      await new Promise((r) => setTimeout(r, 20));
    }
    // while they run, the status of the folder shows them running (running.json + the live lock)
    expect((await readSweepStatus(dir)).jobs.map((j) => `${j.id} ${j.state}`)).toEqual(['fast done', 'slow-1 running', 'slow-2 running']);
    controller.abort();
    const error = await run.catch((e: unknown) => e);
    expect(SweepInterruptedError.isInstance(error)).toBe(true);
    expect((error as SweepInterruptedError).killed.slice().sort()).toEqual(['slow-1', 'slow-2']);
    expect((error as Error).message).toMatch(/interrupted; killed slow-\d, slow-\d\. Run the same command again to resume/);
    const paths = sweepPaths(dir);
    expect(existsSync(paths.done('fast'))).toBe(true);
    for (const id of ['slow-1', 'slow-2']) {
      expect(existsSync(paths.done(id))).toBe(false);
      expect(existsSync(paths.failed(id))).toBe(false);
    }
    expect((await readSweepStatus(dir)).counts).toMatchObject({ done: 1, 'not-started': 2 });
    expect(existsSync(join(dir, 'running.json'))).toBe(false);
    writeFileSync(release, '');
    const resumed = await runLocalSweep(dir, { workers: 2 });
    expect(resumed.skipped).toEqual(['fast']);
    expect(resumed.done.map((r) => r.id).sort()).toEqual(['slow-1', 'slow-2']);
    expect(ledgerLines(ledger)).toEqual(['fast', 'slow-1', 'slow-1', 'slow-2', 'slow-2']);
  });

  it('runLocalSweep(dir) refuses a folder that a live process runs (SweepLockedError) and takes over a stale lock', async () => {
    const dir = join(tmp(), 'sweep');
    openSweep(dir, { jobs: [testJob('a')] }, { cwd: tmp() });
    const lock = sweepPaths(dir).lock;
    writeFileSync(lock, JSON.stringify({ pid: process.ppid }));
    const error = await runLocalSweep(dir).catch((e: unknown) => e);
    expect(SweepLockedError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe(`${lock}: the sweep is being run by process ${process.ppid}; wait for it to finish or stop it (kill ${process.ppid}), then run again.`);
    // a lock left by a process that no longer exists (pid 2^22 + 1 is above Linux's pid_max)
    writeFileSync(lock, JSON.stringify({ pid: 4194305 }));
    const result = await runLocalSweep(dir);
    expect(result.done.map((r) => r.id)).toEqual(['a']);
  });

  it('stopOrphanedJobs(dir) stops only processes whose environment names this sweep and job, never a recycled pid', async () => {
    const dir = sweepPaths(join(tmp(), 'sweep')).dir;
    openSweep(dir, { jobs: [testJob('a')] }, { cwd: tmp() });
    const orphan = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { env: { ...process.env, SWEEP_DIR: dir, SWEEP_JOB_ID: 'a' }, detached: true, stdio: 'ignore' });
    const stranger = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { env: { ...process.env, SWEEP_DIR: dir, SWEEP_JOB_ID: 'other' }, detached: true, stdio: 'ignore' });
    const exited = (c: ReturnType<typeof spawn>) => new Promise<NodeJS.Signals | null>((r) => c.on('exit', (_code, signal) => r(signal)));
    const orphanExit = exited(orphan);
    await new Promise((r) => setTimeout(r, 200));
    // the record claims both pids for job "a": only the one that really is job "a" is stopped
    writeFileSync(
      join(dir, 'running.json'),
      JSON.stringify({
        pid: 4194305,
        jobs: [
          { id: 'a', pid: orphan.pid },
          { id: 'a', pid: stranger.pid },
        ],
      }),
    );
    expect(await stopOrphanedJobs(dir)).toEqual(['a']);
    expect(await orphanExit).toBe('SIGTERM');
    expect(stranger.exitCode).toBeNull();
    expect(existsSync(join(dir, 'running.json'))).toBe(false);
    stranger.kill('SIGKILL');
  });
});
