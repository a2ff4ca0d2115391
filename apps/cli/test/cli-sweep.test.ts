import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { assertBuilt, CLI, errorLines, runCli } from './helpers/run-cli';
import { writeSyntheticResults } from './helpers/synthetic-results';
import { slurmSkipReason, startSlurm, stopSlurm, waitFor } from '@olfactory/sweep/test';
import type { SlurmCluster } from '@olfactory/sweep/test';

/** The sweep package's test job program (writes its output atomically, can fail or wait). */
const JOB = resolve(__dirname, '../../../packages/sweep/test/fixtures/job.mjs');
const job = (id: string, extra: string[] = []) => ({ id, argv: [process.execPath, JOB, '--out', '{output}', ...extra], output: `out/${id}.json` });
const ledgerLines = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).sort() : []);
/** A live process (not a zombie waiting for its new parent, pid 1, to reap it). */
const alive = (pid: number) => {
  try {
    return !/^State:\s*Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
};

jest.setTimeout(90_000);

describe('olfactory sweep (built binary)', () => {
  let dir: string;
  beforeAll(assertBuilt);
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'olf-sweep-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('olfactory sweep --help and sweep run --help show the jobs format and examples, exit 0', async () => {
    const r = await runCli(['sweep', '--help'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/run \[options\][\s\S]*status \[options\] <dir>[\s\S]*resubmit \[options\] <dir>[\s\S]*collect \[options\] <dir>/);
    expect(r.stdout).toMatch(/Jobs file \(JSON\)/);
    expect(r.stdout).toMatch(/\$ olfactory sweep resubmit sweeps\/seeds --failed/);
    const run = await runCli(['sweep', 'run', '--help'], dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/--backend <name>[\s\S]*choices: "local", "slurm"/);
    expect(run.stdout).toMatch(/--workers <n>[\s\S]*--max-parallel <n>[\s\S]*--sbatch-arg <arg>/);
    expect((await runCli(['--help'], dir)).stdout).toMatch(/^ {2}sweep +run a list of CLI jobs/m);
  });

  it('olfactory sweep run (local) records a failing job and exits 1; status shows it with its log; resubmit --failed runs it alone, then the collect step', async () => {
    const ledger = join(dir, 'ledger');
    const flag = join(dir, 'fail-b');
    writeFileSync(flag, '');
    const collected = join(dir, 'collected.txt');
    writeFileSync(
      join(dir, 'jobs.json'),
      JSON.stringify({
        jobs: ['a', 'b', 'c'].map((id) => job(id, ['--ledger', ledger, '--fail-if-exists', join(dir, `fail-${id}`)])),
        collect: { argv: ['bash', '-c', `ls "$1"/done > ${collected}`, 'collect', '{sweep}'] },
      }),
    );
    const first = await runCli(['sweep', 'run', '--jobs', 'jobs.json', '--out', 'sw', '--workers', '2'], dir);
    expect(first.code).toBe(1);
    const sw = join(dir, 'sw');
    expect(first.stdout).toContain(`sweep ${sw}: 2 done, 0 skipped (already done), 1 failed\n  failed b: exited with code 3; log ${join(sw, 'logs', 'b.log')}\n`);
    expect(errorLines(first.stderr)).toEqual([expect.stringMatching(/^olfactory: 1 job\(s\) of sweep .*sw failed \(b\); read their logs, then run the same command again/)]);
    expect(first.stderr).toMatch(/sweep: b failed \(exited with code 3\); log .*b\.log/); // stderr is not a TTY: one line per job
    expect(existsSync(collected)).toBe(false);

    const status = await runCli(['sweep', 'status', 'sw', '--json'], dir);
    expect(status.code).toBe(0);
    const s = JSON.parse(status.stdout);
    expect(s.counts).toEqual({ done: 2, failed: 1, queued: 0, running: 0, lost: 0, unknown: 0, 'not-started': 0 });
    expect(s.jobs.find((j: { id: string }) => j.id === 'b')).toMatchObject({ state: 'failed', exitCode: 3, log: join(sw, 'logs', 'b.log') });
    const text = await runCli(['sweep', 'status', 'sw'], dir);
    expect(text.stdout).toMatch(/^ {2}b +failed +— exited with code 3; log .*b\.log$/m);
    expect(text.stdout).toContain(`resubmit the failed ones alone with: olfactory sweep resubmit ${sw} --failed`);

    expect((await runCli(['sweep', 'resubmit', 'sw'], dir)).code).toBe(2); // --failed is required
    rmSync(flag);
    const again = await runCli(['sweep', 'resubmit', 'sw', '--failed', '--json'], dir);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ backend: 'local', done: ['b'], skipped: [], failed: [], collect: { exitCode: 0 } });
    expect(ledgerLines(ledger)).toEqual(['a', 'b', 'b', 'c']);
    expect(readFileSync(collected, 'utf8').trim().split('\n')).toEqual(['a.json', 'b.json', 'c.json']);
    // running the sweep again does nothing: every job is done
    const rerun = await runCli(['sweep', 'run', '--jobs', 'jobs.json', '--out', 'sw', '--json', '--no-collect'], dir);
    expect(JSON.parse(rerun.stdout)).toMatchObject({ done: [], skipped: ['a', 'b', 'c'], failed: [] });
    expect(ledgerLines(ledger)).toEqual(['a', 'b', 'b', 'c']);
  });

  it('olfactory sweep run killed with SIGKILL resumes: the next run stops the jobs it left running, takes over its lock and skips the finished jobs', async () => {
    const ledger = join(dir, 'ledger');
    const release = join(dir, 'release');
    writeFileSync(
      join(dir, 'jobs.json'),
      JSON.stringify([job('fast', ['--ledger', ledger]), job('slow-1', ['--ledger', ledger, '--wait-for', release]), job('slow-2', ['--ledger', ledger, '--wait-for', release])]),
    );
    const child = spawn(process.execPath, [CLI, 'sweep', 'run', '--jobs', 'jobs.json', '--out', 'sw', '--workers', '2'], { cwd: dir, stdio: 'ignore' });
    const sw = join(dir, 'sw');
    await waitFor('fast done and both slow jobs started', () => (existsSync(join(sw, 'done', 'fast.json')) && ledgerLines(ledger).length === 3 ? true : undefined), 30_000);
    expect(JSON.parse((await runCli(['sweep', 'status', 'sw', '--json'], dir)).stdout).counts).toMatchObject({ done: 1, running: 2 });
    const exited = new Promise((r) => child.on('exit', r));
    child.kill('SIGKILL');
    await exited;
    // the runner is gone, its two jobs are orphans that still run
    const orphans = ['slow-1', 'slow-2'].map((id) => Number(/pid (\d+) starts/.exec(readFileSync(join(sw, 'logs', `${id}.log`), 'utf8'))![1]));
    expect(orphans.every(alive)).toBe(true);
    const status = JSON.parse((await runCli(['sweep', 'status', 'sw', '--json'], dir)).stdout);
    expect(status.counts).toMatchObject({ done: 1, 'not-started': 2 });
    expect(status.localRunPid).toBeUndefined(); // the lock names a dead process
    const resumed = runCli(['sweep', 'run', '--jobs', 'jobs.json', '--out', 'sw', '--json'], dir);
    await waitFor('the slow jobs to start again', () => (ledgerLines(ledger).length === 5 ? true : undefined), 30_000);
    expect(orphans.some(alive)).toBe(false);
    writeFileSync(release, '');
    const r = await resumed;
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/sweep: stopped slow-\d, slow-\d, left running by a run that was killed; they run again/);
    expect(JSON.parse(r.stdout)).toMatchObject({ skipped: ['fast'], failed: [] });
    expect(ledgerLines(ledger)).toEqual(['fast', 'slow-1', 'slow-1', 'slow-2', 'slow-2']);
    expect(JSON.parse((await runCli(['sweep', 'status', 'sw', '--json'], dir)).stdout).counts.done).toBe(3);
  });

  it('olfactory sweep run stopped with SIGTERM kills its running jobs and exits 1 saying how to resume', async () => {
    const ledger = join(dir, 'ledger');
    writeFileSync(join(dir, 'jobs.json'), JSON.stringify([job('w1', ['--ledger', ledger, '--wait-for', join(dir, 'never')]), job('w2', ['--ledger', ledger, '--wait-for', join(dir, 'never')])]));
    const child = spawn(process.execPath, [CLI, 'sweep', 'run', '--jobs', 'jobs.json', '--out', 'sw', '--workers', '2'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const sw = join(dir, 'sw');
    await waitFor('both jobs started', () => (ledgerLines(ledger).length === 2 ? true : undefined), 30_000);
    const pids = ['w1', 'w2'].map((id) => Number(/pid (\d+) starts/.exec(readFileSync(join(sw, 'logs', `${id}.log`), 'utf8'))![1]));
    const code = new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    child.kill('SIGTERM');
    expect(await code).toBe(1);
    expect(errorLines(stderr)).toEqual([expect.stringMatching(/^olfactory: sweep .*sw interrupted; killed w[12], w[12]\. Run the same command again to resume: finished jobs are skipped\./)]);
    await waitFor('the jobs to be gone', () => (pids.every((p) => !alive(p)) ? true : undefined), 10_000);
    expect(existsSync(join(sw, 'run.lock'))).toBe(false);
    expect(existsSync(join(sw, 'failed'))).toBe(false);
  });

  it('olfactory sweep run: a job whose program is "olfactory" runs this same CLI (olfactory report on recompute results)', async () => {
    const results = writeSyntheticResults(join(dir, 'results'));
    writeFileSync(join(dir, 'jobs.json'), JSON.stringify({ command: ['olfactory', 'report', '--results', results], jobs: [{ id: 'report', argv: ['--out', '{output}'], output: 'report.html' }] }));
    const r = await runCli(['sweep', 'run', '--jobs', 'jobs.json', '--out', 'sw', '--json'], dir);
    expect(r.stderr).not.toMatch(/olfactory:/);
    expect(r.code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(dir, 'sw', 'sweep.json'), 'utf8'));
    expect(manifest.jobs[0].argv.slice(0, 3)).toEqual([process.execPath, CLI, 'report']);
    expect(readFileSync(join(dir, 'sw', 'report.html'), 'utf8')).toMatch(/^<!DOCTYPE html>/i);
  });

  it('olfactory sweep run rejects a bad jobs file with the file and the fix', async () => {
    writeFileSync(join(dir, 'jobs.json'), JSON.stringify([{ id: 'a b', argv: ['x'], output: 'o' }]));
    const r = await runCli(['sweep', 'run', '--jobs', 'jobs.json', '--out', 'sw'], dir);
    expect(r.code).toBe(1);
    expect(errorLines(r.stderr)).toEqual([expect.stringMatching(/^olfactory: jobs\.json: jobs\[0\]\.id "a b" is invalid; expected letters, digits.*Rename the job\./)]);
    const missing = await runCli(['sweep', 'run', '--jobs', 'nope.json', '--out', 'sw'], dir);
    expect(missing.code).toBe(2);
    expect(errorLines(missing.stderr)[0]).toMatch(/--jobs nope\.json: no such file/);
    const noDir = await runCli(['sweep', 'status', 'nowhere'], dir);
    expect(noDir.code).toBe(1);
    expect(errorLines(noDir.stderr)[0]).toMatch(/nowhere\/sweep\.json: does not exist; expected a sweep folder/);
  });
});

const skip = slurmSkipReason();
const describeSlurm = skip === undefined ? describe : describe.skip;

describeSlurm(skip === undefined ? 'olfactory sweep --backend slurm (real single-node SLURM)' : `olfactory sweep --backend slurm (skipped: ${skip})`, () => {
  let dir: string;
  let cluster: SlurmCluster | undefined;
  let env: Record<string, string | undefined> = {};
  beforeAll(() => {
    assertBuilt();
    cluster = startSlurm();
    env = { SLURM_CONF: cluster.env.SLURM_CONF };
  }, 300_000);
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'olf-sweep-slurm-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  afterAll(() => stopSlurm(cluster));
  const statusOf = async () => JSON.parse((await runCli(['sweep', 'status', 'sw', '--json'], dir, env)).stdout);
  const settled = () =>
    waitFor('the array to end', async () => {
      const s = await statusOf();
      return s.counts.queued + s.counts.running === 0 ? s : undefined;
    });

  it('olfactory sweep run --backend slurm prints the job id; status reports a failed task with its log; resubmit --failed reruns it alone', async () => {
    const flag = join(dir, 'fail-y');
    writeFileSync(flag, '');
    // three test jobs and one real olfactory command: inside a SLURM task, "olfactory" is this same CLI
    const results = writeSyntheticResults(join(dir, 'results'));
    const report = { id: 'report', argv: ['olfactory', 'report', '--results', results, '--out', '{output}'], output: 'report.html' };
    writeFileSync(join(dir, 'jobs.json'), JSON.stringify([...['x', 'y', 'z'].map((id) => job(id, ['--fail-if-exists', join(dir, `fail-${id}`)])), report]));
    const r = await runCli(['sweep', 'run', '--jobs', 'jobs.json', '--out', 'sw', '--backend', 'slurm', '--max-parallel', '2'], dir, env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const jobId = /^Submitted batch job (\d+) \(4 array task\(s\), at most 2 at once; script .*array-1\.sh\)$/m.exec(r.stdout)?.[1];
    expect(jobId).toMatch(/^\d+$/);
    const s = await settled();
    expect(s.counts).toMatchObject({ done: 3, failed: 1 });
    expect(readFileSync(join(dir, 'sw', 'report.html'), 'utf8')).toMatch(/^<!DOCTYPE html>/i);
    expect(readFileSync(join(dir, 'sw', 'slurm', 'array-1.sh'), 'utf8')).toContain(`argv=(${process.execPath} ${CLI} report`);
    expect(s.jobs.find((j: { id: string }) => j.id === 'y')).toMatchObject({
      state: 'failed',
      exitCode: 3,
      log: join(dir, 'sw', 'logs', 'y.log'),
      slurm: { arrayJobId: jobId, arrayTaskId: 1, schedulerState: 'FAILED' },
    });
    const text = await runCli(['sweep', 'status', 'sw'], dir, env);
    expect(text.stdout).toMatch(new RegExp(`^ {2}y +failed +slurm ${jobId}_1 FAILED — exited with code 3; log .*y\\.log$`, 'm'));
    rmSync(flag);
    const again = await runCli(['sweep', 'resubmit', 'sw', '--failed', '--json'], dir, env);
    expect(again.code).toBe(0);
    const submitted = JSON.parse(again.stdout).submitted;
    expect(submitted).toMatchObject({ tasks: 1, jobIds: ['y'] });
    expect(submitted.jobId).not.toBe(jobId);
    expect((await settled()).counts).toMatchObject({ done: 4, failed: 0 });
  });
});

describe('apps/cli README', () => {
  it("the jobs file of the README's sweep section is a valid sweep: five train seeds and a recompute collect step", () => {
    // parseSweepSpec is the function `olfactory sweep run` validates jobs files with
    const { parseSweepSpec } = require('../../../packages/sweep/src/index') as typeof import('../../../packages/sweep/src/index');
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
    const block = /<!-- sweep-jobs-example:start -->\s*```json\n([\s\S]*?)```\s*<!-- sweep-jobs-example:end -->/.exec(readme)![1]!;
    const spec = parseSweepSpec(JSON.parse(block), 'README.md');
    expect(spec.jobs.map((j) => j.id)).toEqual(['seed-42', 'seed-43', 'seed-44', 'seed-45', 'seed-46']);
    expect(spec.jobs[0]).toEqual({ id: 'seed-42', argv: ['olfactory', 'train', '--epochs', '300', '--out', '{sweep}/models', '--seeds', '42'], output: 'models/seed-42/checkpoint.json' });
    expect(spec.collect!.argv.slice(0, 2)).toEqual(['olfactory', 'recompute']);
  });
});
