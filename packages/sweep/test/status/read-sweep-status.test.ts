import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openSweep, readSweepManifest, readSweepStatus, submitSlurmSweep, SchedulerError, sweepPaths, writeSweepManifest } from '../../src/index';
import type { SlurmCommands } from '../../src/index';
import { testJob, useTempDir } from '../helpers/temp-dir';

/**
 * readSweepStatus against stand-in scheduler commands (shell scripts printing fixed output), so
 * that every combination of records and scheduler states is checked without a cluster. The
 * squeue JSON has the shape Slurm 22.05 prints (see parse-scheduler-output.test.ts).
 */
function fakeScheduler(dir: string, squeue: { json?: unknown; exit?: number; stderr?: string }, scontrol: { out?: string; exit?: number; stderr?: string } = {}): SlurmCommands {
  mkdirSync(dir, { recursive: true });
  const script = (name: string, out: string, exit: number, stderr: string) => {
    const file = join(dir, name);
    writeFileSync(join(dir, `${name}.out`), out);
    writeFileSync(join(dir, `${name}.err`), stderr);
    writeFileSync(file, `#!/bin/sh\necho "$@" >> "${join(dir, `${name}.calls`)}"\ncat "${join(dir, `${name}.out`)}"\ncat "${join(dir, `${name}.err`)}" >&2\nexit ${exit}\n`);
    chmodSync(file, 0o755);
    return file;
  };
  return {
    squeue: script('squeue', squeue.json === undefined ? '' : JSON.stringify(squeue.json), squeue.exit ?? 0, squeue.stderr ?? ''),
    scontrol: script('scontrol', scontrol.out ?? '', scontrol.exit ?? 0, scontrol.stderr ?? ''),
    sbatch: script('sbatch', '', 1, 'sbatch: error: must not be called here\n'),
  };
}

const task = (arrayJobId: number, arrayTaskId: number | null, jobId: number, state: string, exit = 0, taskString = '') => ({
  job_id: jobId,
  array_job_id: arrayJobId,
  array_task_id: arrayTaskId,
  array_task_string: taskString,
  job_state: state,
  state_reason: 'None',
  exit_code: exit << 8,
});

describe('readSweepStatus', () => {
  const tmp = useTempDir('status');

  /** A sweep of jobs a–f whose jobs were submitted as array 50 (tasks 0–5), with collect job 51. */
  function submittedSweep(): string {
    const dir = join(tmp(), 'sweep');
    openSweep(dir, { jobs: ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => testJob(id)) }, { cwd: tmp() });
    const m = readSweepManifest(dir);
    writeSweepManifest(dir, {
      ...m,
      submissions: [{ backend: 'slurm', jobId: '50', jobIds: ['a', 'b', 'c', 'd', 'e', 'f'], script: 'slurm/array-1.sh', maxParallel: 2, submittedAt: '2026-01-01T00:00:00.000Z', collectJobId: '51' }],
    });
    const paths = sweepPaths(dir);
    // a: done (record + output); b: its job failed with exit 4 and wrote its record
    mkdirSync(join(dir, 'out'), { recursive: true });
    writeFileSync(paths.output(m.jobs[0]!), '{}');
    mkdirSync(join(dir, 'done'), { recursive: true });
    mkdirSync(join(dir, 'failed'), { recursive: true });
    const base = { formatVersion: 1, backend: 'slurm', host: 'n1', startedAt: '2026-01-01T00:00:01.000Z', finishedAt: '2026-01-01T00:00:02.000Z', durationMs: 1000 };
    writeFileSync(
      paths.done('a'),
      JSON.stringify({ ...base, status: 'done', id: 'a', exitCode: 0, output: paths.output(m.jobs[0]!), log: paths.log('a'), slurm: { arrayJobId: '50', arrayTaskId: 0 } }),
    );
    writeFileSync(
      paths.failed('b'),
      JSON.stringify({ ...base, status: 'failed', id: 'b', exitCode: 4, signal: null, reason: 'exited with code 4', log: paths.log('b'), slurm: { arrayJobId: '50', arrayTaskId: 1 } }),
    );
    return dir;
  }

  it('readSweepStatus(dir) combines the records with squeue --json: done, failed, cancelled, running, queued (array range) and the collect job', async () => {
    const dir = submittedSweep();
    const commands = fakeScheduler(join(tmp(), 'bin'), {
      json: {
        jobs: [
          task(50, 0, 52, 'COMPLETED'),
          task(50, 1, 53, 'FAILED', 4),
          task(50, 2, 54, 'CANCELLED'),
          task(50, 3, 55, 'RUNNING'),
          task(50, null, 50, 'PENDING', 0, '4-5%2'),
          task(51, null, 51, 'PENDING'),
          task(99, null, 99, 'RUNNING'),
        ],
      },
    });
    const s = await readSweepStatus(dir, { commands });
    expect(s.jobs.map((j) => `${j.id} ${j.state}`)).toEqual(['a done', 'b failed', 'c failed', 'd running', 'e queued', 'f queued']);
    expect(s.jobs[1]).toMatchObject({ exitCode: 4, reason: 'exited with code 4', log: sweepPaths(dir).log('b'), slurm: { arrayJobId: '50', arrayTaskId: 1, schedulerState: 'FAILED' } });
    expect(s.jobs[2]).toMatchObject({ reason: 'SLURM task 50_2 ended CANCELLED without a record from the job', log: join(sweepPaths(dir).slurmDir, '50_2.out') });
    expect(s.counts).toEqual({ done: 1, failed: 2, queued: 2, running: 1, lost: 0, unknown: 0, 'not-started': 0 });
    expect(s.collect).toEqual({ jobId: '51', schedulerState: 'PENDING', log: join(sweepPaths(dir).dir, 'logs', 'collect-51.log') });
    expect(s.scheduler).toEqual({ queried: true });
  });

  it('readSweepStatus(dir) falls back to scontrol show job and calls a task neither knows about lost', async () => {
    const dir = submittedSweep();
    const commands = fakeScheduler(
      join(tmp(), 'bin'),
      { exit: 1, stderr: 'squeue: error: no json plugin\n' },
      { out: 'JobId=53 ArrayJobId=50 ArrayTaskId=2 JobState=TIMEOUT Reason=TimeLimit ExitCode=0:15\n' },
    );
    const s = await readSweepStatus(dir, { commands });
    expect(s.jobs.map((j) => `${j.id} ${j.state}`)).toEqual(['a done', 'b failed', 'c failed', 'd lost', 'e lost', 'f lost']);
    expect(s.jobs[2]!.reason).toBe('SLURM task 50_2 ended TIMEOUT (TimeLimit), signal 15 without a record from the job');
    expect(s.jobs[3]!.reason).toBe('submitted as SLURM task 50_3, which the scheduler no longer lists, and the job left no record');
  });

  it('readSweepStatus(dir) with an unreachable scheduler reports the error and shows unrecorded submitted jobs as unknown; submitSlurmSweep refuses to submit', async () => {
    const dir = submittedSweep();
    const commands = fakeScheduler(
      join(tmp(), 'bin'),
      { exit: 1, stderr: 'squeue: error: Unable to contact slurm controller (connect failure)\n' },
      { exit: 1, stderr: 'slurm_load_jobs error: Unable to contact slurm controller (connect failure)\n' },
    );
    const s = await readSweepStatus(dir, { commands });
    expect(s.scheduler.error).toMatch(/-o show job 50: failed with exit code 1 \(stderr: slurm_load_jobs error: Unable to contact slurm controller \(connect failure\)\)\. Is the SLURM controller up/);
    expect(s.counts).toMatchObject({ done: 1, failed: 1, unknown: 4 });
    const error = await submitSlurmSweep(dir, { commands }).catch((e: unknown) => e);
    expect(SchedulerError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/the scheduler could not say which jobs are still queued .* Submitting now could run jobs twice; retry when the controller answers\./);
  });

  it('submitSlurmSweep(dir) reports sbatch failing as a SchedulerError with its stderr, and records no submission', async () => {
    const dir = join(tmp(), 'sweep');
    openSweep(dir, { jobs: [testJob('a')] }, { cwd: tmp() });
    const commands = fakeScheduler(join(tmp(), 'bin'), { json: { jobs: [] } });
    const error = await submitSlurmSweep(dir, { commands, sbatchArgs: ['--partition=nope'] }).catch((e: unknown) => e);
    expect(SchedulerError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ exitCode: 1, stderr: 'sbatch: error: must not be called here\n' });
    expect((error as Error).message).toMatch(/--array=0-0%1 .*--partition=nope .*array-1\.sh: failed with exit code 1 \(stderr: sbatch: error: must not be called here\)\./);
    expect(readSweepManifest(dir).submissions).toEqual([]);
    const missing = await submitSlurmSweep(dir, { commands: { ...commands, sbatch: join(tmp(), 'no-such-sbatch') } }).catch((e: unknown) => e);
    expect((missing as Error).message).toMatch(/could not be started \(spawn .*no-such-sbatch ENOENT\)\. Is SLURM installed here and its client commands on PATH\? Use the local backend otherwise\./);
  });
});
