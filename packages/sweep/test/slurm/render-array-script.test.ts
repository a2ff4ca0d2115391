import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openSweep, readJobRecords, readSweepStatus, renderArrayScript, shellQuote, sweepPaths } from '../../src/index';
import { JOB, testJob, useTempDir } from '../helpers/temp-dir';

/** Run array task `task` of `script` with bash, as slurmd would (SLURM_ARRAY_* set). */
const runTask = (script: string, task: number) => spawnSync('bash', [script], { env: { PATH: process.env.PATH, SLURM_ARRAY_TASK_ID: String(task), SLURM_ARRAY_JOB_ID: '77' }, encoding: 'utf8' });

describe('shellQuote', () => {
  it('shellQuote(word) leaves safe words alone and single-quotes the rest so bash reads them back unchanged', () => {
    expect(shellQuote('--out=/a/b.json')).toBe('--out=/a/b.json');
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    const words = ['a b', "it's", '$HOME', '`id`', '"q"', 'back\\slash', '*', 'new\nline', ''];
    const r = spawnSync('bash', ['-c', `printf '%s\\0' ${words.map(shellQuote).join(' ')}`], { encoding: 'utf8' });
    expect(r.stdout.split('\0').slice(0, -1)).toEqual(words);
  });
});

describe('renderArrayScript', () => {
  const tmp = useTempDir('script');

  it('renderArrayScript(...) task i runs job i and writes the same done record as the local backend', () => {
    const dir = join(tmp(), 'sweep dir "quoted"');
    mkdirSync(dir, { recursive: true });
    const odd = ['a b', "it's", '$HOME', '`id`', 'back\\slash'];
    const manifest = openSweep(dir, { jobs: [testJob('a', odd), testJob('b', ['--exit', '4'])] }, { cwd: tmp() });
    const paths = sweepPaths(dir);
    const tasks = manifest.jobs.map((j) => ({ id: j.id, output: paths.output(j), argv: j.argv.map((a) => (a === '{output}' ? paths.output(j) : a)) }));
    const script = join(dir, 'array.sh');
    writeFileSync(script, renderArrayScript({ dir: paths.dir, cwd: manifest.cwd, tasks, submitCommand: 'sbatch array.sh' }));
    const ok = runTask(script, 0);
    expect(ok.status).toBe(0);
    const records = readJobRecords(paths, manifest.jobs[0]!);
    expect(records.problem).toBeUndefined();
    expect(records.done).toMatchObject({
      formatVersion: 1,
      status: 'done',
      id: 'a',
      exitCode: 0,
      backend: 'slurm',
      output: paths.output(manifest.jobs[0]!),
      log: paths.log('a'),
      slurm: { arrayJobId: '77', arrayTaskId: 0 },
    });
    expect(records.done!.durationMs).toBeGreaterThanOrEqual(0);
    expect(records.done!.startedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const log = readFileSync(paths.log('a'), 'utf8');
    expect(log).toMatch(/^# sweep job a \(slurm 77_0\) on .*\njob a pid \d+ starts\njob a done\n$/);
    // the odd arguments reached the program unchanged
    expect(JSON.parse(readFileSync(paths.output(manifest.jobs[0]!), 'utf8'))).toEqual({ id: 'a', env: true });
    expect(log).toContain(`${JOB} --out`);
    // the records of both backends carry the same keys
    expect(Object.keys(records.done!).sort()).toEqual(['backend', 'durationMs', 'exitCode', 'finishedAt', 'formatVersion', 'host', 'id', 'log', 'output', 'slurm', 'startedAt', 'status']);
  });

  it("renderArrayScript(...) a failing task exits with the job's code and writes a failure record with its log", async () => {
    const dir = join(tmp(), 'sweep');
    const manifest = openSweep(
      dir,
      { jobs: [testJob('bad', ['--exit', '4']), testJob('quiet', ['--no-output']), { id: 'nope', argv: ['olfactory-no-such-program-here'], output: 'x' }] },
      { cwd: tmp() },
    );
    const paths = sweepPaths(dir);
    const tasks = manifest.jobs.map((j) => ({ id: j.id, output: paths.output(j), argv: j.argv.map((a) => (a === '{output}' ? paths.output(j) : a)) }));
    const script = join(dir, 'array.sh');
    writeFileSync(script, renderArrayScript({ dir: paths.dir, cwd: manifest.cwd, tasks, submitCommand: 'sbatch array.sh' }));
    expect(runTask(script, 0).status).toBe(4);
    expect(runTask(script, 1).status).toBe(1);
    expect(runTask(script, 2).status).toBe(127);
    expect(runTask(script, 3)).toMatchObject({ status: 2, stderr: 'sweep: no job for array task 3\n' });
    expect(readJobRecords(paths, manifest.jobs[0]!).failed).toMatchObject({
      status: 'failed',
      id: 'bad',
      exitCode: 4,
      signal: null,
      reason: 'exited with code 4',
      log: paths.log('bad'),
      backend: 'slurm',
    });
    expect(readJobRecords(paths, manifest.jobs[1]!).failed).toMatchObject({ exitCode: 0, reason: `exited 0 but its output ${paths.output(manifest.jobs[1]!)} does not exist` });
    expect(readJobRecords(paths, manifest.jobs[2]!).failed).toMatchObject({ exitCode: 127, reason: 'could not start olfactory-no-such-program-here (exit 127: command not found)' });
    expect(readFileSync(paths.log('bad'), 'utf8')).toContain('job bad: failing with code 4');
    const status = await readSweepStatus(dir);
    expect(status.counts).toMatchObject({ failed: 3, done: 0 });
  });

  it('renderArrayScript(...) is deterministic and refuses to run outside an array job', () => {
    const input = { dir: '/s', cwd: '/w', tasks: [{ id: 'a', output: '/s/a', argv: ['prog', '{x}'] }], submitCommand: 'sbatch x' };
    expect(renderArrayScript(input)).toBe(renderArrayScript(input));
    const script = join(tmp(), 'x.sh');
    writeFileSync(script, renderArrayScript(input));
    const r = spawnSync('bash', [script], { env: { PATH: process.env.PATH }, encoding: 'utf8' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/this is an sbatch --array script; submit it with sbatch --array/);
  });
});
