import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testDataDir } from '@olfactory/connectome-data/test';
import { CLI, assertBuilt, errorLines, runCli } from './helpers/run-cli';

const DATA = testDataDir();
const env = (dir: string) => ({ OLFACTORY_DATA_DIR: DATA, OLFACTORY_CACHE_DIR: join(dir, 'parsed') });
const readJson = (f: string) => JSON.parse(readFileSync(f, 'utf8'));

beforeAll(() => assertBuilt());

describe('olfactory train (built binary)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'olf-train-'));

  test('trains a seed: checkpoint, one JSONL line per epoch, JSON summary; a finished seed is skipped', async () => {
    const r = await runCli(['train', '--seeds', '7', '--epochs', '2', '--teacher-epochs', '2', '--out', 'runs', '--json'], dir, env(dir));
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary.seeds).toHaveLength(1);
    expect(summary.seeds[0]).toMatchObject({ seed: 7, orMapping: 'annotation-order', epochs: 2 });
    expect(r.stderr).toMatch(/TensorFlow\.js backend wasm/);
    const seedDir = join(dir, 'runs', 'seed-7');
    const ckpt = readJson(join(seedDir, 'checkpoint.json'));
    expect(ckpt).toMatchObject({ format: 'olfactory-checkpoint', version: 1, completedEpochs: 2 });
    expect(ckpt.optimizer).toBeUndefined();
    expect(existsSync(join(seedDir, 'progress.json'))).toBe(false);
    const lines = readFileSync(join(seedDir, 'train.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.epoch)).toEqual([1, 2]);
    for (const l of lines) expect(Object.keys(l)).toEqual(expect.arrayContaining(['loss', 'trainAccuracy', 'testAccuracy', 'kcSparsity', 'gSomaNs']));
    const again = await runCli(['train', '--seeds', '7', '--epochs', '2', '--teacher-epochs', '2', '--out', 'runs'], dir, env(dir));
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/seed 7: already trained \(2 epochs\)/);
    const clash = await runCli(['train', '--seeds', '7', '--epochs', '3', '--teacher-epochs', '2', '--out', 'runs'], dir, env(dir));
    expect(clash.code).toBe(1);
    expect(errorLines(clash.stderr).join('\n')).toMatch(/--epochs: on disk 2, this run asks for 3.*Use another --out/);
    // issue 13 §3.3: a finished run with other --teacher-epochs is another run, never reused
    const ckptConfig = readJson(join(seedDir, 'checkpoint.json')).config;
    expect(ckptConfig.teacherEpochs).toBe(2);
    const teacher = await runCli(['train', '--seeds', '7', '--epochs', '2', '--teacher-epochs', '3', '--out', 'runs'], dir, env(dir));
    expect(teacher.code).toBe(1);
    expect(errorLines(teacher.stderr).join('\n')).toMatch(/checkpoint\.json holds a different run: --teacher-epochs: on disk 2, this run asks for 3\. Use another --out/);
  }, 300_000);

  test('--variant records the connectome preprocessing in the checkpoint; a run with another one is refused; recompute rebuilds it', async () => {
    const r = await runCli(['-q', 'train', '--seeds', '5', '--epochs', '1', '--teacher-epochs', '1', '--variant', 'reference-masks', '--ln-quantile', '0.5', '--out', 'variant'], dir, env(dir));
    expect(errorLines(r.stderr)).toEqual([]);
    expect(r.code).toBe(0);
    const ckpt = readJson(join(dir, 'variant', 'seed-5', 'checkpoint.json'));
    expect(ckpt.config).toMatchObject({
      orMapping: 'one-to-one',
      lnQuantile: 0.5,
      preprocessing: { orMapping: 'one-to-one', lnQuantile: 0.5, nonAdWeights: 'binary', kcDendroDendritic: 'binary', countNormalization: 'per-matrix-max' },
    });
    const clash = await runCli(['train', '--seeds', '5', '--epochs', '1', '--teacher-epochs', '1', '--out', 'variant'], dir, env(dir));
    expect(clash.code).toBe(1);
    expect(errorLines(clash.stderr).join('\n')).toMatch(/preprocessing: on disk lnQuantile=0\.5, nonAdWeights=binary, kcDendroDendritic=binary, this run asks for orMapping=annotation-order/);
    const rc = await runCli(['-q', 'recompute', '--checkpoints', 'variant', '--engine', 'typescript', '--out', 'variant-rc', '--json'], dir, env(dir));
    expect(errorLines(rc.stderr)).toEqual([]);
    expect(rc.code).toBe(0);
    expect(JSON.parse(rc.stdout).checkpoints[0].preprocessing).toEqual(ckpt.config.preprocessing);
  }, 300_000);

  test('--noise-worker on and off train bit-identical parameters (the noise is the same numbers on either core)', async () => {
    const args = (mode: string) => ['train', '--seeds', '11', '--epochs', '2', '--teacher-epochs', '2', '--noise-worker', mode, '--out', `noise-${mode}`];
    const on = await runCli(args('on'), dir, env(dir));
    expect(on.code).toBe(0);
    expect(on.stderr).toMatch(/circuit noise on a second core per seed/);
    const off = await runCli(args('off'), dir, env(dir));
    expect(off.code).toBe(0);
    expect(off.stderr).not.toMatch(/circuit noise on a second core/);
    const a = readJson(join(dir, 'noise-on', 'seed-11', 'checkpoint.json'));
    const b = readJson(join(dir, 'noise-off', 'seed-11', 'checkpoint.json'));
    expect(b.parameters).toEqual(a.parameters);
    expect(b.decoder).toEqual(a.decoder);
    const noTime = (h: { seconds?: number }[]) => h.map(({ seconds: _, ...rest }) => rest);
    expect(noTime(b.history)).toEqual(noTime(a.history));
  }, 300_000);

  test('--test-every 2 records the test accuracy and KC sparsity on epochs 2 and 3 (the last) only, and trains the same model as every epoch', async () => {
    const args = (every: string) => ['train', '--seeds', '12', '--epochs', '3', '--teacher-epochs', '2', '--test-every', every, '--out', `test-every-${every}`];
    const sparse = await runCli(args('2'), dir, env(dir));
    expect(sparse.code).toBe(0);
    const dense = await runCli(args('1'), dir, env(dir));
    expect(dense.code).toBe(0);
    const lines = readFileSync(join(dir, 'test-every-2', 'seed-12', 'train.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.epoch, 'testAccuracy' in l, 'kcSparsity' in l])).toEqual([
      [1, false, false],
      [2, true, true],
      [3, true, true],
    ]);
    const a = readJson(join(dir, 'test-every-2', 'seed-12', 'checkpoint.json'));
    const b = readJson(join(dir, 'test-every-1', 'seed-12', 'checkpoint.json'));
    expect(a.parameters).toEqual(b.parameters);
    expect(a.decoder).toEqual(b.decoder);
    expect(a.history[2].testAccuracy).toBe(b.history[2].testAccuracy);
    expect(a.history[0]).not.toHaveProperty('testAccuracy');
    // the finished run is the same run for any --test-every: skipped, not refused
    const again = await runCli(
      args('1').map((x) => (x === 'test-every-1' ? 'test-every-2' : x)),
      dir,
      env(dir),
    );
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/seed 12: already trained \(3 epochs\)/);
    const bad = await runCli(['train', '--seeds', '12', '--test-every', '0', '--out', 'bad-test-every'], dir, env(dir));
    expect(bad.code).toBe(2);
    expect(errorLines(bad.stderr)).toHaveLength(1);
    expect(errorLines(bad.stderr)[0]).toMatch(/invalid --test-every: 0; expected a positive integer/);
    expect(existsSync(join(dir, 'bad-test-every'))).toBe(false);
    // the --help example's flags, as it documents them
    const help = await runCli(['train', '--help'], dir, env(dir));
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('$ olfactory train --seeds 42-46 --test-every 50 --out runs/canonical-sweep');
  }, 300_000);

  test('a run killed mid-way resumes from its last completed epoch and ends exactly like an uninterrupted one', async () => {
    const args = (out: string) => ['train', '--seeds', '9', '--epochs', '3', '--teacher-epochs', '2', '--out', out];
    const straight = await runCli(args('straight'), dir, env(dir));
    expect(straight.code).toBe(0);
    // start again elsewhere and kill it once the first epoch is on disk
    const child = spawn(process.execPath, [CLI, ...args('killed')], { cwd: dir, env: { PATH: process.env.PATH, HOME: dir, ...env(dir) } });
    const progress = join(dir, 'killed', 'seed-9', 'progress.json');
    await new Promise<void>((done, fail) => {
      const timer = setInterval(() => {
        if (existsSync(progress)) {
          clearInterval(timer);
          child.kill('SIGKILL');
          done();
        }
      }, 50);
      child.on('exit', () => {
        clearInterval(timer);
        if (!existsSync(progress)) fail(new Error('the run ended before writing progress.json'));
        else done();
      });
    });
    const resumed = await runCli(args('killed'), dir, env(dir));
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toMatch(/seed 9: resuming after epoch [12] from/);
    const a = readJson(join(dir, 'straight', 'seed-9', 'checkpoint.json'));
    const b = readJson(join(dir, 'killed', 'seed-9', 'checkpoint.json'));
    expect(b.parameters).toEqual(a.parameters);
    expect(b.decoder).toEqual(a.decoder);
    const lines = readFileSync(join(dir, 'killed', 'seed-9', 'train.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).epoch);
    expect(lines).toEqual([1, 2, 3]);
  }, 400_000);

  test.each([
    [['train', '--out', 'x', '--bogus'], /unknown option '--bogus'/],
    [['train', '--seeds', '42-40', '--out', 'x'], /invalid --seeds range/],
    [['train', '--seeds', 'abc', '--out', 'x'], /invalid --seeds/],
    [['train', '--epochs', '0', '--out', 'x'], /invalid --epochs/],
    [['train', '--backend', 'tpu', '--out', 'x'], /--backend.*tpu.*choices/],
    [['train', '--noise-worker', 'maybe', '--out', 'x'], /--noise-worker.*maybe.*choices/],
    [['train', '--seeds', '42'], /missing --out/],
  ])('usage error %j exits 2', async (argv, message) => {
    const r = await runCli(argv, dir, env(dir));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  test('--config: keys are the long options in camelCase, flags override them, unknown keys exit 2', async () => {
    writeFileSync(join(dir, 'run.json'), JSON.stringify({ seeds: '13', epochs: 1, teacherEpochs: 1, out: 'from-config', json: true }));
    const r = await runCli(['train', '--config', 'run.json', '--out', 'from-flag'], dir, env(dir));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).seeds[0]).toMatchObject({ seed: 13, epochs: 1 });
    expect(existsSync(join(dir, 'from-flag', 'seed-13', 'checkpoint.json'))).toBe(true);
    expect(existsSync(join(dir, 'from-config'))).toBe(false);
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ seeds: '13', epoch: 1 }));
    const bad = await runCli(['train', '--config', 'bad.json', '--out', 'x'], dir, env(dir));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown key 'epoch'/);
    writeFileSync(join(dir, 'type.json'), JSON.stringify({ epochs: 'many' }));
    const typed = await runCli(['train', '--config', 'type.json', '--out', 'x'], dir, env(dir));
    expect(typed.code).toBe(2);
    expect(typed.stderr).toMatch(/key 'epochs' is the string "many"; expected a positive integer/);
  }, 200_000);

  test('--backend node without @tensorflow/tfjs-node installed fails with what to install', async () => {
    const r = await runCli(['train', '--seeds', '11', '--epochs', '1', '--teacher-epochs', '1', '--backend', 'node', '--out', 'nb'], dir, env(dir));
    expect(r.code).toBe(1);
    expect(errorLines(r.stderr).join('\n')).toMatch(/npm install @tensorflow\/tfjs-node/);
  }, 120_000);
});
