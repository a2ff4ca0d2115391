import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { testDataDir } from '@olfactory/connectome-data/test';
import { weightGraphMetrics } from '@olfactory/cortical-rnn';
import { corticalSweepSpec, meanCi, variantSlug } from '../src/commands/cortical-rnn';

const CLI = resolve(__dirname, '../dist/cli.js');
const DATA = testDataDir();

function run(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { PATH: process.env.PATH, HOME: cwd, OLFACTORY_DATA_DIR: DATA } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }));
  });
}

jest.setTimeout(180_000);

/** One go-nogo training on field 5_3_4: one epoch of one batch, 20 null graphs. */
const SMALL = ['--task', 'go-nogo', '--field', '5_3_4', '--epochs', '1', '--train-trials', '128', '--nulls', '20'];

describe('olfactory cortical-rnn (built binary)', () => {
  let dir: string;
  beforeAll(() => {
    if (!existsSync(CLI)) throw new Error(`Build the CLI first (pnpm build): ${CLI} is missing.`);
    dir = mkdtempSync(join(tmpdir(), 'olf-crnn-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('cortical-rnn train → metrics → figures on field 5_3_4 writes records, the table with reference values, and the three figures', async () => {
    const out = join(dir, 'runs1');
    const t = await run(['cortical-rnn', 'train', '--variant', 'W,W*D*C', ...SMALL, '--out', out, '--json'], dir);
    expect(t.code).toBe(0);
    const records = JSON.parse(t.stdout) as { variant: string; valAccuracy: number; accuracy: number; testAccuracy: number; nullDensity: number; density: number; engine: string }[];
    expect(records.map((r) => r.variant)).toEqual(['W', 'W*D*C']);
    // the CLI installs onnxruntime-node, so 'auto' trains on it, and the record says so
    expect(records.map((r) => r.engine)).toEqual(['onnxruntime', 'onnxruntime']);
    for (const r of records) {
      expect(r.valAccuracy).toBeGreaterThanOrEqual(0);
      expect(r.valAccuracy).toBeLessThanOrEqual(1);
      expect(r.nullDensity).toBeCloseTo(r.density, 12);
    }
    expect(existsSync(join(out, 'runs', 'WsDsC', 'go-nogo', 'sim-0.json'))).toBe(true);
    const m = await run(['cortical-rnn', 'metrics', out, '--json'], dir);
    expect(m.code).toBe(0);
    const table = JSON.parse(readFileSync(join(out, 'table.json'), 'utf8'));
    expect(table.rows.map((r: { variant: string }) => r.variant)).toEqual(['W*D*C', 'W']);
    expect(table.reference.unconstrained['W*D*C'].maze.accuracy.mean).toBe(0.917);
    expect(table.engines).toEqual({ onnxruntime: 2 });
    // a run of the other engine in the same folder: the table counts both and says they are mixed
    const other = join(dir, 'runs1-mixed');
    for (const engine of ['onnxruntime', 'tfjs']) {
      const t2 = await run(['cortical-rnn', 'train', '--variant', engine === 'tfjs' ? 'WD' : 'W', ...SMALL, '--engine', engine, '--out', other], dir);
      expect(t2.code).toBe(0);
    }
    const mixed = await run(['cortical-rnn', 'metrics', other], dir);
    expect(mixed.code).toBe(0);
    expect(mixed.stderr).toMatch(/mixes runs of different engines \((1 onnxruntime, 1 tfjs|1 tfjs, 1 onnxruntime)\)/);
    expect(JSON.parse(readFileSync(join(other, 'table.json'), 'utf8')).engines).toEqual({ onnxruntime: 1, tfjs: 1 });
    const f = await run(['cortical-rnn', 'figures', out], dir);
    expect(f.code).toBe(0);
    for (const name of ['accuracy', 'graph-metrics', 'weight-matrix']) expect(existsSync(join(out, `${name}.png`))).toBe(true);
  });

  it('a run whose W_rec ended constant (a network that died) has null graph metrics: the table prints —, counts it and leaves it out of the means; figures still draw', async () => {
    const out = join(dir, 'dead');
    const t = await run(['cortical-rnn', 'train', '--variant', 'W,WD', ...SMALL, '--sign-constraint', '--out', out], dir);
    expect(t.code).toBe(0);
    // the record train writes when W_rec is all zeros: the metrics of weightGraphMetrics on that matrix
    const file = join(out, 'runs', 'W', 'go-nogo', 'sim-0.json');
    const rec = JSON.parse(readFileSync(file, 'utf8'));
    const zeros = new Float32Array(rec.n * rec.n);
    const dead = weightGraphMetrics(zeros, rec.n, { rng: Math.random, nulls: 5 });
    writeFileSync(file, JSON.stringify({ ...rec, ...dead, recurrentF32: Buffer.from(zeros.buffer).toString('base64') }));
    const m = await run(['cortical-rnn', 'metrics', out], dir);
    expect(m.code).toBe(0);
    expect(m.stdout).toMatch(/^go-nogo \| W \| 1 \| [0-9.]+ \| [0-9.]+ \| [0-9.]+ \| — \| — \| — \| —$/m);
    expect(m.stdout).toMatch(/1 of 2 runs ended with a constant W_rec \(the network died\): their graph metrics are null/);
    const table = JSON.parse(readFileSync(join(out, 'table.json'), 'utf8'));
    const row = (v: string) => table.rows.find((r: { variant: string }) => r.variant === v);
    expect(row('W').constantRecurrent).toBe(1);
    expect(row('W').values.entropyBits).toEqual({ mean: null, lo: null, hi: null, n: 0 });
    expect(row('WD').constantRecurrent).toBe(0);
    expect(row('WD').values.entropyBits.n).toBe(1);
    const f = await run(['cortical-rnn', 'figures', out], dir);
    expect(f.code).toBe(0);
    expect(existsSync(join(out, 'graph-metrics.png'))).toBe(true);
    // the matrix shown is a live one (WD), not the dead W
    expect(readFileSync(join(out, 'weight-matrix.svg'), 'utf8')).toMatch(/\|W_rec\| of WD, go-nogo, sim 0: \d+ communities/);
    // only dead runs: the constant matrix is drawn as one block and says so
    rmSync(join(out, 'runs', 'WD'), { recursive: true });
    const f2 = await run(['cortical-rnn', 'figures', out], dir);
    expect(f2.code).toBe(0);
    expect(readFileSync(join(out, 'weight-matrix.svg'), 'utf8')).toMatch(/\|W_rec\| of W, go-nogo, sim 0: constant matrix, no communities/);
  });

  it('cortical-rnn sweep runs one job per variant × task × simulation through the sweep runner and collects table.json', async () => {
    const out = join(dir, 'sweep1');
    const r = await run(['cortical-rnn', 'sweep', '--variant', 'W,W*D*C', ...SMALL, '--sims', '1', '--workers', '2', '--out', out], dir);
    if (r.code !== 0) throw new Error(r.stderr);
    expect(`${r.stdout}${r.stderr}`).toMatch(/2 done, 0 skipped \(already done\), 0 failed/);
    expect(existsSync(join(out, 'runs', 'W', 'go-nogo', 'sim-0.json'))).toBe(true);
    const table = JSON.parse(readFileSync(join(out, 'table.json'), 'utf8'));
    expect(table.runs).toBe(2);
  });

  it('cortical-rnn train rejects a bad variant, --precision with --sttc-only and a missing --out with exit 2 and one line', async () => {
    for (const args of [['--variant', 'W*', '--out', 'x'], ['--precision', '--sttc-only', '--out', 'x'], [], ['--engine', 'bogus', '--out', 'x']]) {
      const r = await run(['cortical-rnn', 'train', ...args], dir);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')[0]).toMatch(
        /^olfactory: (option '--variant <list>' argument 'W\*' is invalid\. invalid --variant: W\*; expected "all" or a comma-separated list|--precision and --sttc-only exclude each other|missing --out|option '--engine <name>' argument 'bogus' is invalid\. Allowed choices are auto, onnxruntime, tfjs\.)/,
      );
    }
    // nothing written for a refused command
    expect(existsSync(join(dir, 'x'))).toBe(false);
    const h = await run(['cortical-rnn', 'train', '--help'], dir);
    expect(h.stdout).toMatch(/--sign-constraint/);
    expect(h.stdout).toMatch(/held-out validation/);
    expect(h.stdout).toMatch(/--engine <name>/);
  });

  it('cortical-rnn metrics on a folder without runs, or with an unknown flag, exits 2 with one line and writes no table.json', async () => {
    mkdirSync(join(dir, 'no-runs'), { recursive: true });
    const empty = await run(['cortical-rnn', 'metrics', 'no-runs'], dir);
    expect(empty.code).toBe(2);
    expect(empty.stderr.trim().split('\n')[0]).toMatch(/^olfactory: no-runs holds no runs\/ folder; train first with `olfactory cortical-rnn train --out no-runs`/);
    const flag = await run(['cortical-rnn', 'metrics', 'no-runs', '--bogus'], dir);
    expect(flag.code).toBe(2);
    expect(flag.stderr.trim().split('\n')[0]).toBe("olfactory: unknown option '--bogus'");
    expect(existsSync(join(dir, 'no-runs', 'table.json'))).toBe(false);
  });

  it('corticalSweepSpec makes one job per variant × task × simulation and a metrics collect step; meanCi gives a t interval', () => {
    const spec = corticalSweepSpec({
      variants: ['W*D*C', 'W'],
      tasks: ['maze', 'go-nogo'],
      sims: [0, 1, 2],
      field: '6_6_2',
      seed: 0,
      epochs: 10,
      trainTrials: 5120,
      signConstraint: true,
      bioInit: 'corr-sttc',
      wLambdaBug: false,
      nulls: 1000,
      nullModel: 'matched-density',
      out: 'x',
      cliScript: CLI,
    });
    expect(spec.jobs).toHaveLength(12);
    expect(spec.jobs[0].id).toBe('WsDsC-maze-sim-0');
    expect(spec.jobs[0].argv).toContain('--sign-constraint');
    expect(spec.jobs[0].argv).not.toContain('--engine');
    const tfjsSpec = corticalSweepSpec({
      variants: ['W'],
      tasks: ['maze'],
      sims: [0],
      field: '6_6_2',
      seed: 0,
      epochs: 10,
      trainTrials: 5120,
      signConstraint: false,
      bioInit: 'corr-sttc',
      wLambdaBug: false,
      engine: 'tfjs',
      nulls: 1000,
      nullModel: 'matched-density',
      out: 'x',
      cliScript: CLI,
    });
    expect(tfjsSpec.jobs[0].argv.join(' ')).toMatch(/ --engine tfjs( |$)/);
    expect(spec.jobs[0].output).toBe('runs/WsDsC/maze/sim-0.json');
    expect(spec.collect?.argv.slice(-3)).toEqual(['cortical-rnn', 'metrics', '{sweep}']);
    expect(variantSlug('W!D*C*')).toBe('WpDsCs');
    const ci = meanCi([0.9, 0.92, 0.94]);
    expect(ci.mean).toBeCloseTo(0.92, 12);
    expect(ci.hi - ci.mean).toBeCloseTo((4.303 * 0.02) / Math.sqrt(3), 12);
  });
});
