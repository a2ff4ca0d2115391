/**
 * The SLURM backend against a real single-node SLURM (Debian's slurm 22.05 started by
 * scripts/slurm/start-slurm.sh; CI starts it in scripts/install-and-test.sh). Skipped, saying
 * why, where SLURM cannot start (not root, no apt-get, not Linux).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openSweep, readSweepManifest, readSweepStatus, submitSlurmSweep, sweepPaths } from '../../src/index';
import type { SweepStatus } from '../../src/index';
import { slurmSkipReason, startSlurm, stopSlurm, waitFor } from '../helpers/slurm-cluster';
import type { SlurmCluster } from '../helpers/slurm-cluster';
import { JOB, testJob, useTempDir } from '../helpers/temp-dir';

const skip = slurmSkipReason();
const describeSlurm = skip === undefined ? describe : describe.skip;
const title = skip === undefined ? 'SLURM backend (real single-node SLURM)' : `SLURM backend (skipped: ${skip})`;
let cluster: SlurmCluster | undefined;
let env: NodeJS.ProcessEnv = process.env;

/** Status once nothing is queued or running any more (the collect job included). */
const settled = (dir: string) =>
  waitFor(`sweep ${dir} to settle`, async () => {
    const s = await readSweepStatus(dir, { env });
    const collectActive = s.collect && (s.collect.schedulerState === undefined || ['PENDING', 'RUNNING', 'CONFIGURING', 'COMPLETING'].includes(s.collect.schedulerState));
    return s.counts.queued + s.counts.running === 0 && !collectActive ? s : undefined;
  });
const ledgerLines = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).sort() : []);
const state = (s: SweepStatus, id: string) => s.jobs.find((j) => j.id === id)!;

describeSlurm(title, () => {
  const tmp = useTempDir('slurm');
  beforeAll(() => {
    cluster = startSlurm();
    env = cluster.env;
  }, 300_000);
  afterAll(() => stopSlurm(cluster));

  it('submitSlurmSweep(dir) runs one array job, records a failing task with its log, and resubmits only that one', async () => {
    const dir = join(tmp(), 'sweep');
    const ledger = join(tmp(), 'ledger');
    const flag = join(tmp(), 'fail-c');
    writeFileSync(flag, '');
    const collectOut = join(tmp(), 'collected.txt');
    openSweep(
      dir,
      {
        jobs: ['a', 'b', 'c', 'd'].map((id) => testJob(id, ['--ledger', ledger, '--fail-if-exists', join(tmp(), `fail-${id}`)])),
        collect: { argv: ['bash', '-c', `ls "$1"/done > ${collectOut}`, 'collect', '{sweep}'] },
      },
      { cwd: tmp() },
    );
    const { submission, script } = await submitSlurmSweep(dir, { maxParallel: 2, env, jobName: 'sweep-test' });
    expect(submission!.jobId).toMatch(/^\d+$/);
    expect(submission!.collectJobId).toMatch(/^\d+$/);
    expect(submission!.jobIds).toEqual(['a', 'b', 'c', 'd']);
    expect(readFileSync(script!, 'utf8')).toContain(`--array=0-3%2`);
    expect(readSweepManifest(dir).submissions).toEqual([submission]);
    // the scheduler knows the array and the dependent collect job
    const shown = spawnSync('scontrol', ['-o', 'show', 'job', submission!.collectJobId!], { env, encoding: 'utf8' }).stdout;
    expect(shown).toMatch(new RegExp(`Dependency=afterok:${submission!.jobId}_\\*|Dependency=afterok:${submission!.jobId}\\b`));

    const first = await settled(dir);
    expect(first.counts).toEqual({ done: 3, failed: 1, queued: 0, running: 0, lost: 0, unknown: 0, 'not-started': 0 });
    const paths = sweepPaths(dir);
    expect(state(first, 'c')).toMatchObject({
      state: 'failed',
      exitCode: 3,
      reason: 'exited with code 3',
      log: paths.log('c'),
      slurm: { arrayJobId: submission!.jobId, arrayTaskId: 2, schedulerState: 'FAILED' },
    });
    expect(readFileSync(paths.log('c'), 'utf8')).toContain(`job c: ${flag} exists, failing with code 3`);
    expect(state(first, 'a')).toMatchObject({ state: 'done', slurm: { schedulerState: 'COMPLETED' } });
    // afterok on an array with a failed task: the collect step never ran (kill_invalid_depend)
    expect(first.collect).toMatchObject({ jobId: submission!.collectJobId, schedulerState: 'CANCELLED' });
    expect(existsSync(collectOut)).toBe(false);

    rmSync(flag);
    const again = await submitSlurmSweep(dir, { select: 'failed', env });
    expect(again.submission!.jobIds).toEqual(['c']);
    expect(again.script).toBe(join(dir, 'slurm', 'array-2.sh'));
    const second = await settled(dir);
    expect(second.counts).toEqual({ done: 4, failed: 0, queued: 0, running: 0, lost: 0, unknown: 0, 'not-started': 0 });
    expect(second.collect).toMatchObject({ jobId: again.submission!.collectJobId, schedulerState: 'COMPLETED' });
    await waitFor('the collect output', () => (existsSync(collectOut) ? true : undefined), 10_000);
    expect(readFileSync(collectOut, 'utf8').trim().split('\n')).toEqual(['a.json', 'b.json', 'c.json', 'd.json']);
    expect(ledgerLines(ledger)).toEqual(['a', 'b', 'c', 'c', 'd']);
    // nothing left to submit: finished jobs are never submitted again
    expect((await submitSlurmSweep(dir, { env })).submission).toBeUndefined();
  }, 120_000);

  it("readSweepStatus(dir) reports a task cancelled in the scheduler as failed with the scheduler's state; it can be resubmitted", async () => {
    const dir = join(tmp(), 'sweep');
    const release = join(tmp(), 'release');
    openSweep(dir, { jobs: [{ id: 'hang', argv: [process.execPath, JOB, '--out', '{output}', '--wait-for', release], output: 'hang.json' }] }, { cwd: tmp() });
    const { submission } = await submitSlurmSweep(dir, { env });
    await waitFor('the task to run', async () => ((await readSweepStatus(dir, { env })).counts.running === 1 ? true : undefined));
    expect(spawnSync('scancel', [submission!.jobId], { env }).status).toBe(0);
    const s = await settled(dir);
    expect(state(s, 'hang').state).toBe('failed');
    expect(state(s, 'hang').reason).toMatch(new RegExp(`^SLURM task ${submission!.jobId}_0 ended CANCELLED`));
    writeFileSync(release, '');
    const again = await submitSlurmSweep(dir, { select: 'failed', env });
    expect(again.submission!.jobIds).toEqual(['hang']);
    expect((await settled(dir)).counts.done).toBe(1);
  }, 120_000);
});
