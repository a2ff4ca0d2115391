import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testDataDir } from '@olfactory/connectome-data/test';
import { slurmSkipReason, startSlurm, stopSlurm, waitFor } from '@olfactory/sweep/test';
import type { SlurmCluster } from '@olfactory/sweep/test';
import { pearsonCorrelation } from '@olfactory/metrics';
import { assertBuilt, errorLines, runCli } from './helpers/run-cli';

const DATA = testDataDir();
const env = (dir: string) => ({ OLFACTORY_DATA_DIR: DATA, OLFACTORY_CACHE_DIR: join(dir, 'parsed') });
const readJson = (f: string) => JSON.parse(readFileSync(f, 'utf8'));
/** One-epoch trainings (teacher and student): the paper's 300 + 300 would take hours. */
const TINY = ['--epochs', '1', '--teacher-epochs', '1'];

beforeAll(() => assertBuilt());
jest.setTimeout(600_000);

describe('olfactory train: the §3.7 switches (built binary)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'olf-switches-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('each switch is recorded in the checkpoint config, and a folder trained with other switches is refused', async () => {
    const flags: Record<string, readonly string[]> = {
      '--no-gap-junctions': [],
      '--loss': ['kc-energy'],
      '--energy-weight': ['15'],
      '--shuffle-connectome': [],
      '--odors': ['14'],
      '--apl-boost': ['2'],
      '--apl-lr-mult': ['3'],
    };
    const argv = (f: Record<string, readonly string[]>) => ['train', '--seeds', '5', ...TINY, ...Object.entries(f).flatMap(([k, v]) => [k, ...v]), '--out', 'a'];
    const r = await runCli(argv(flags), dir, env(dir));
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /training switch gapJunctions → false, switch sparsityLoss → false, energy term → KC-only energy × 15, shuffled connectome → true, odors → 14, APL boost → 2, APL LR multiplier → 3/,
    );
    const ck = readJson(join(dir, 'a', 'seed-5', 'checkpoint.json'));
    expect(ck.config).toMatchObject({
      switches: { gapJunctions: false, apl: true, shortTermDepression: true, sparsityLoss: false },
      energy: { weight: 15, population: 'kc' },
      shuffledConnectome: true,
      odorCount: 14,
      aplBoost: 2,
      aplLrMultiplier: 3,
    });
    expect(ck.sizes.classes).toBe(14);
    expect(ck.parameters['gap.pnPn.logG']).toBeCloseTo(Math.log(1e-30), 3);
    // the same-run check sees every switch
    for (const [change, text] of [
      [{ '--no-apl': [] }, 'switch apl: on disk true, this run asks for false'],
      [{ '--no-std': [] }, 'switch shortTermDepression: on disk true, this run asks for false'],
      [{ '--odors': ['28'] }, 'odors: on disk 14, this run asks for 28'],
      [{ '--energy-weight': ['50'] }, 'energy term: on disk KC-only energy × 15, this run asks for KC-only energy × 50'],
      [{ '--apl-boost': ['4'] }, 'APL boost: on disk 2, this run asks for 4'],
      [{ '--apl-lr-mult': ['1'] }, 'APL LR multiplier: on disk 3, this run asks for 1'],
    ] as const) {
      const clash = await runCli(argv({ ...flags, ...change }), dir, env(dir));
      expect(clash.code).toBe(1);
      expect(errorLines(clash.stderr).join('\n')).toContain(text);
    }
    const { '--shuffle-connectome': _s, ...unshuffled } = flags;
    const noShuffle = await runCli(argv(unshuffled), dir, env(dir));
    expect(errorLines(noShuffle.stderr).join('\n')).toContain('shuffled connectome: on disk true, this run asks for false');
    // the default run records none of the new fields (a default checkpoint's config is unchanged)
    const d = await runCli(['train', '--seeds', '5', ...TINY, '--out', 'b'], dir, env(dir));
    expect(d.code).toBe(0);
    const config = readJson(join(dir, 'b', 'seed-5', 'checkpoint.json')).config;
    expect(Object.keys(config).sort()).toEqual(['batchSize', 'epochs', 'lnQuantile', 'orMapping', 'preprocessing', 'seed', 'surrogate', 'switches', 'teacherEpochs', 'testRepeats', 'trainRepeats']);
    const bad = await runCli(['train', '--seeds', '5', '--odors', '10', '--out', 'c'], dir, env(dir));
    expect(bad.code).toBe(2);
    expect(errorLines(bad.stderr)[0]).toMatch(/--odors.*10.*7, 14, 28, 56/);
  });
});

describe('olfactory experiment (built binary, one-epoch trainings)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'olf-experiment-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('r6-task-complexity: one job per condition and seed, a table of the right shape; a re-run skips every finished job', async () => {
    const r = await runCli(['experiment', 'r6-task-complexity', '--seeds', '42', ...TINY, '--workers', '1', '--out', 'r6', '--json'], dir, env(dir));
    expect(r.code).toBe(0);
    const table = JSON.parse(r.stdout);
    expect(table).toMatchObject({ schema: 'olfactory-experiment', experiment: 'r6-task-complexity', seeds: [42], epochs: 1 });
    expect(table.rows.map((row: { id: string }) => row.id)).toEqual(['odors-7', 'odors-14', 'canonical', 'odors-56']);
    expect(table.rows.map((row: { metrics: { odors: { mean: number } } }) => row.metrics.odors.mean)).toEqual([7, 14, 28, 56]);
    expect(table.rows[3].metrics.kcAtUpperBoundPercent).toMatchObject({ perSeed: [expect.any(Number)], paper: 55.8 });
    expect(readJson(join(dir, 'r6', 'r6-task-complexity.json'))).toEqual(table);
    expect(readJson(join(dir, 'r6', 'runs', 'odors-56', 'seed-42', 'checkpoint.json')).config.odorCount).toBe(56);
    expect(table.wallSeconds.training).toBeGreaterThan(0);
    const again = await runCli(['experiment', 'r6-task-complexity', '--seeds', '42', ...TINY, '--workers', '1', '--out', 'r6'], dir, env(dir));
    expect(again.code).toBe(0);
    expect(again.stderr.match(/already done, skipped/g)).toHaveLength(4);
    expect(again.stdout).toMatch(/^56 odors +56\.000 /m);
    // Figure S4 with the four task sizes
    const s4 = readFileSync(join(dir, 'r6', 'figures', 'figS4-task-complexity.svg'), 'utf8');
    expect(s4).toContain('7/14/28/56 odors');
  });

  test('r3-ablations: retrained conditions and post-hoc switches, each beside the paper; the shuffled run records its shuffle', async () => {
    const r = await runCli(['experiment', 'r3-ablations', '--seeds', '42', ...TINY, '--workers', '1', '--out', 'r3', '--json'], dir, env(dir));
    expect(r.code).toBe(0);
    const table = JSON.parse(r.stdout);
    expect(table.rows.map((row: { id: string; evaluation: string }) => [row.id, row.evaluation])).toEqual([
      ['canonical', 'none'],
      ['no-gap', 'none'],
      ['no-apl', 'none'],
      ['shuffled', 'none'],
      ['canonical-posthoc-no-gap', 'no-gap'],
      ['canonical-posthoc-no-apl', 'no-apl'],
      ['canonical-mixtures', 'none'],
      ['shuffled-mixtures', 'none'],
      ['no-apl-mixtures', 'none'],
    ]);
    const byId = Object.fromEntries(table.rows.map((row: { id: string }) => [row.id, row]));
    // retrained without APL (raw gain −100, frozen): the Mancini test measures no suppression
    expect(Math.abs(byId['no-apl'].metrics.aplSuppressionPercent.mean)).toBeLessThan(5);
    expect(byId['canonical-posthoc-no-apl'].metrics.manciniRatio).toBeUndefined();
    expect(byId['shuffled-mixtures'].metrics.subAdditivePairsPercent.perSeed).toHaveLength(1);
    // a non-canonical condition's mixtures are set beside Figure 4D's value of that condition (no σ), not R5's canonical ones
    expect(byId['shuffled-mixtures'].metrics.subAdditivePairsPercent).toMatchObject({ paper: 43.78 });
    expect(byId['shuffled-mixtures'].metrics.subAdditivePairsPercent.zPaper).toBeUndefined();
    expect(byId['shuffled-mixtures'].metrics.mixtureComponentCosine.paper).toBeUndefined();
    expect(byId['canonical-mixtures'].metrics.mixtureComponentCosine).toMatchObject({ paper: 0.805, paperStd: 0.004 });
    expect(byId.canonical.metrics.manciniRatio.mean).toBeGreaterThan(0);
    expect(byId.shuffled.metrics.mbDecorrelation).toMatchObject({ paper: 30.35 });
    expect(byId.canonical.metrics.accuracy).toMatchObject({ paper: 0.7033, paperStd: 0.0107, zPaper: expect.any(Number) });
    expect(readJson(join(dir, 'r3', 'runs', 'shuffled', 'seed-42', 'checkpoint.json')).config.shuffledConnectome).toBe(true);
    expect(readJson(join(dir, 'r3', 'eval', 'canonical-posthoc-no-gap', 'recompute.json')).protocol.ablation).toBe('no-gap');
    // post hoc, the canonical weights are the same: switching the gaps off changes the metrics
    expect(byId['canonical-posthoc-no-gap'].metrics.alDecorrelation.mean).not.toBe(byId.canonical.metrics.alDecorrelation.mean);
    // Figure 4 from the table: three of its four conditions (CE only comes from r1-loss-forms), all four panels
    const fig4 = readFileSync(join(dir, 'r3', 'figures', 'fig4-experiments.svg'), 'utf8');
    expect(fig4).toContain('3 conditions, 4 panels');
    for (const label of ['Canonical (baseline)', 'Connectome shuffled (retrained)', 'APL disabled (retrained)', 'Sub-additive mixture coding']) expect(fig4).toContain(label);
    expect(existsSync(join(dir, 'r3', 'figures', 'table-r3-ablations.png'))).toBe(true);
    expect(readJson(join(dir, 'r3', 'figures', 'captions.json'))['fig4-experiments'].caption).toMatch(/Not yet run: No sparsity loss/);
    // the collect step with two workers: the recomputes as two `olfactory recompute` processes at a time, the same table
    cpSync(join(dir, 'r3', 'runs'), join(dir, 'r3-parallel', 'runs'), { recursive: true });
    const par = await runCli(['experiment', 'r3-ablations', '--collect-only', '--seeds', '42', ...TINY, '--workers', '2', '--out', 'r3-parallel', '--json'], dir, env(dir));
    expect(par.code).toBe(0);
    expect(par.stderr).toMatch(/experiment: 6 recompute\(s\), 2 at a time/);
    expect(readJson(join(dir, 'r3-parallel', 'eval', 'canonical-posthoc-no-gap', 'recompute.json')).protocol.ablation).toBe('no-gap');
    expect(JSON.parse(par.stdout).rows).toEqual(table.rows);
    // a recompute process that fails (a damaged checkpoint): exit 1, one line naming the evaluation and the file, no table
    cpSync(join(dir, 'r3', 'runs'), join(dir, 'r3-damaged', 'runs'), { recursive: true });
    const damaged = join(dir, 'r3-damaged', 'runs', 'no-gap', 'seed-42', 'checkpoint.json');
    writeFileSync(damaged, readFileSync(damaged, 'utf8').slice(0, 500));
    const broken = await runCli(['experiment', 'r3-ablations', '--collect-only', '--seeds', '42', ...TINY, '--workers', '2', '--out', 'r3-damaged'], dir, env(dir));
    expect(broken.code).toBe(1);
    expect(errorLines(broken.stderr)).toHaveLength(1);
    expect(errorLines(broken.stderr)[0]).toMatch(/recompute no-gap \(.*r3-damaged.*\) exited 1: .*checkpoint\.json/);
    expect(existsSync(join(dir, 'r3-damaged', 'r3-ablations.json'))).toBe(false);
  });

  test('r2-consistency and r5-mixtures on two seeds: correlations across seeds, mixture metrics per seed', async () => {
    // two workers: both seeds of the canonical condition train into runs/canonical at once (each locks its own seed folder)
    const r2 = await runCli(['experiment', 'r2-consistency', '--seeds', '42-43', ...TINY, '--workers', '2', '--out', 'r2', '--json'], dir, env(dir));
    expect(r2.code).toBe(0);
    expect(r2.stderr).toMatch(/\[2\/2 done, 0 failed/);
    const t2 = JSON.parse(r2.stdout);
    const m2 = t2.rows[0].metrics;
    // the weighted parameter correlation of spec §4.9, recomputed here from the two checkpoints
    const [a, b] = [42, 43].map((s) => readJson(join(dir, 'r2', 'runs', 'canonical', `seed-${s}`, 'checkpoint.json')));
    const r = (f: (c: typeof a) => number[]) => pearsonCorrelation(f(a), f(b));
    const terms = [
      [r((c) => c.parameters['or.gains']), 21],
      [r((c) => c.parameters['kc.vTh']), 144],
      [r((c) => c.parameters['ln.vTh']), 108],
      [r((c) => c.parameters['orn.vTh']), 21],
      [r((c) => c.parameters['pn.vTh']), 72],
      [r((c) => c.decoder.weight.flat()), 4032],
      [r((c) => c.decoder.bias), 28],
    ] as const;
    const expected = terms.reduce((s, [v, w]) => s + v * w, 0) / 4426;
    expect(m2.studentAllParameters.mean).toBeCloseTo(expected, 10);
    expect(m2.studentAllParameters.paper).toBe(0.909);
    expect(m2.kcPatternSimilarity.mean).toBeGreaterThan(0);
    expect(m2.kcPatternSimilarity.mean).toBeLessThanOrEqual(1);
    expect(m2.kcAtUpperBoundPercent.perSeed).toHaveLength(2);
    // the collect step alone, on the same runs (the SLURM afterok step)
    const r5 = await runCli(['experiment', 'r5-mixtures', '--collect-only', '--seeds', '42-43', ...TINY, '--out', 'r2', '--json'], dir, env(dir));
    expect(r5.code).toBe(0);
    const m5 = JSON.parse(r5.stdout).rows[0].metrics;
    expect(m5.subAdditivePairsPercent.perSeed).toHaveLength(2);
    for (const k of ['subAdditivePairsPercent', 'subAdditiveTripletsPercent']) expect(m5[k].mean).toBeGreaterThanOrEqual(0);
    expect(m5.mixtureVsIndividualSvm.mean).toBeGreaterThan(0.5);
    expect(m5.mixtureComponentCosine).toMatchObject({ paper: 0.805, paperStd: 0.004 });
  });

  test("--dry-run: experiment all is 14 distinct conditions × 5 seeds = 70 trainings; --extended adds R1's five", async () => {
    const all = JSON.parse((await runCli(['experiment', 'all', '--dry-run', '--json'], dir, env(dir))).stdout);
    expect(all).toMatchObject({ jobs: 70, teachers: 25, seeds: [42, 43, 44, 45, 46] });
    // shared evaluations count once: the canonical mixtures (R3, R5) and the canonical recompute (R1, R3 and R4 reuse the STD one, made with the concentration sweep)
    expect(all.evaluations).toEqual({ recompute: 55, 'recompute-with-concentration': 15, mixtures: 20, consistency: 1, thresholds: 20 });
    expect(all.conditions).toEqual(['canonical', 'ce-only', 'energy-50', 'kc-energy-50', 'no-gap', 'no-apl', 'shuffled', 'no-std', 'q0.20', 'q0.417', 'q0.50', 'odors-7', 'odors-14', 'odors-56']);
    const ext = JSON.parse((await runCli(['experiment', 'r1-loss-forms', '--extended', '--dry-run', '--json', '--seeds', '42'], dir, env(dir))).stdout);
    expect(ext.jobs).toBe(9);
    expect(existsSync(join(dir, 'olfactory-experiments'))).toBe(false);
  });

  test('an unknown experiment is a usage error naming the valid ones', async () => {
    const r = await runCli(['experiment', 'r9'], dir, env(dir));
    expect(r.code).toBe(2);
    expect(errorLines(r.stderr)).toEqual([expect.stringMatching(/unknown experiment 'r9'; expected one of r1-loss-forms, .*, all/)]);
    const flag = await runCli(['experiment', 'r6-task-complexity', '--out', 'never', '--no-such-flag'], dir, env(dir));
    expect(flag.code).toBe(2);
    expect(errorLines(flag.stderr)).toEqual([expect.stringMatching(/unknown option '--no-such-flag'/)]);
    expect(existsSync(join(dir, 'never'))).toBe(false);
    // --help: exit 0 with the examples (the r6 one runs above with fewer epochs)
    const help = await runCli(['experiment', '--help'], dir, env(dir));
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('$ olfactory experiment r6-task-complexity --seeds 42 --json');
  });
});

const skip = slurmSkipReason();
const describeSlurm = skip === undefined ? describe : describe.skip;

describeSlurm(skip === undefined ? 'olfactory experiment all --backend slurm (real single-node SLURM)' : `olfactory experiment all --backend slurm (skipped: ${skip})`, () => {
  let dir: string;
  let cluster: SlurmCluster | undefined;
  beforeAll(() => {
    cluster = startSlurm();
    dir = mkdtempSync(join(tmpdir(), 'olf-experiment-slurm-'));
  }, 300_000);
  afterAll(() => {
    stopSlurm(cluster);
    rmSync(dir, { recursive: true, force: true });
  });

  test('submits the 14 distinct trainings as one array job and the evaluation as its afterok step, which writes every table', async () => {
    const e = { ...env(dir), SLURM_CONF: cluster!.env.SLURM_CONF };
    const r = await runCli(['experiment', 'all', '--backend', 'slurm', '--seeds', '42', ...TINY, '--max-parallel', '2', '--out', 'all'], dir, e);
    expect(r.code).toBe(0);
    const jobId = /^Submitted batch job (\d+) \(14 array task\(s\), at most 2 at once/m.exec(r.stdout)?.[1];
    expect(jobId).toMatch(/^\d+$/);
    expect(r.stdout).toMatch(new RegExp(`Submitted batch job \\d+ \\(collect step, --dependency=afterok:${jobId}\\)`));
    await waitFor('the trainings and the evaluation', async () => (existsSync(join(dir, 'all', 'r6-task-complexity.json')) ? true : undefined), 540_000);
    for (const name of ['r1-loss-forms', 'r3-ablations', 'std', 'r4-ln-split', 'r5-mixtures', 'r2-consistency', 'r6-task-complexity']) {
      expect(readJson(join(dir, 'all', `${name}.json`))).toMatchObject({ schema: 'olfactory-experiment', experiment: name, seeds: [42] });
    }
    // R1, R3, R4 and the STD experiment share one recompute of the canonical models, made with the
    // concentration sweep that only the STD table shows
    expect(readJson(join(dir, 'all', 'eval', 'canonical', 'recompute.json')).protocol.withConcentration).toBe(true);
    const canonicalRow = (name: string) => (readJson(join(dir, 'all', `${name}.json`)).rows as { id: string; metrics: Record<string, { perSeed: number[] }> }[]).find((row) => row.id === 'canonical')!;
    expect(Object.keys(canonicalRow('r1-loss-forms').metrics)).not.toContain('pnDynamicRange');
    expect(canonicalRow('std').metrics.pnDynamicRange).toBeDefined();
    expect(canonicalRow('r1-loss-forms').metrics.accuracy!.perSeed).toEqual(canonicalRow('std').metrics.accuracy!.perSeed);
    // Figure 4 with all four conditions and four panels
    await waitFor('the figures', () => (existsSync(join(dir, 'all', 'figures', 'captions.json')) ? true : undefined), 120_000);
    expect(readFileSync(join(dir, 'all', 'figures', 'fig4-experiments.svg'), 'utf8')).toContain('4 conditions, 4 panels');
    const status = JSON.parse((await runCli(['sweep', 'status', 'all', '--json'], dir, e)).stdout);
    expect(status.counts).toMatchObject({ done: 14, failed: 0 });
  });
});
