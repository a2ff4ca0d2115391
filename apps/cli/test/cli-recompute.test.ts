import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseRecomputeResults, parseRunMetadata } from '../src/results/read-results';
import { testDataDir } from '@olfactory/connectome-data/test';
import { assertBuilt, errorLines, runCli } from './helpers/run-cli';
import { writeTestCheckpoints } from './helpers/test-checkpoints';

jest.setTimeout(180_000);

describe('olfactory recompute (built binary)', () => {
  let dir: string;
  let cache: string;
  const env = () => ({ OLFACTORY_DATA_DIR: testDataDir(), OLFACTORY_CACHE_DIR: cache });
  beforeAll(async () => {
    assertBuilt();
    cache = mkdtempSync(join(tmpdir(), 'olf-recompute-cache-'));
    dir = mkdtempSync(join(tmpdir(), 'olf-recompute-'));
    await writeTestCheckpoints(join(dir, 'models'), [1, 2]);
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(cache, { recursive: true, force: true });
  });

  it('olfactory recompute --help shows the flags and examples, exit 0', async () => {
    const r = await runCli(['recompute', '--help'], dir);
    expect(r.code).toBe(0);
    for (const flag of ['--checkpoints <path>', '--concentration', '--no-concentration', '--config <file>', '--ablate <mode>', '--device <device>', '--engine <engine>', '--out <dir>', '--json'])
      expect(r.stdout).toContain(flag);
    expect(r.stdout).toMatch(/choices:\s+"no-gap",\s+"no-apl",\s+"no-std"/);
    expect(r.stdout).toMatch(/Examples:\n\s+\$ olfactory recompute --checkpoints models\/canonical/);
    expect((await runCli(['--help'], dir)).stdout).toMatch(/recompute/);
  });

  it('writes recompute.json and run-metadata.json into ./olfactory-recompute, never into the input folder; two runs give byte-identical recompute.json', async () => {
    const r = await runCli(['recompute', '--checkpoints', 'models', '--device', 'cpu'], dir, env());
    expect(errorLines(r.stderr)).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/recompute: 2 checkpoint\(s\), onnxruntime-node 1\.30\.\d+ \(--device cpu\), ablation none/);
    expect(r.stderr).toMatch(/recompute: 100% \(8600\/8600 simulations\)/);
    expect(r.stdout).toMatch(/seed-1\/checkpoint\.json\s+1\s/);
    expect(r.stdout).toMatch(/mean ± std \(population\): accuracy/);
    expect(readdirSync(join(dir, 'models')).sort()).toEqual(['seed-1', 'seed-2']);
    expect(readdirSync(join(dir, 'olfactory-recompute')).sort()).toEqual(['recompute.json', 'run-metadata.json']);
    const text = readFileSync(join(dir, 'olfactory-recompute', 'recompute.json'), 'utf8');
    const results = parseRecomputeResults(text, 'recompute.json');
    expect(results.protocol).toEqual({ evalSeed: 42, testRepeats: 50, nTrials: 50, inputNoise: 0.3, withConcentration: false, ablation: 'none', device: 'cpu' });
    expect(results.odors).toHaveLength(28);
    expect(results.checkpoints.map((c) => [c.file, c.seed, c.orMapping, c.sha256.length])).toEqual([
      ['seed-1/checkpoint.json', 1, 'one-to-one', 64],
      ['seed-2/checkpoint.json', 2, 'one-to-one', 64],
    ]);
    const c = results.checkpoints[0]!;
    expect(Object.keys(c.metrics)).toEqual([
      'accuracy',
      'kcSparsity',
      'centroidAccuracy',
      'alDecorrelation',
      'mbDecorrelation',
      'totalDecorrelation',
      'manciniRatio',
      'aplSuppressionPercent',
      'ornActivity',
      'lnActivity',
      'pnActivity',
    ]);
    expect(c.metrics.kcSparsity).toBeGreaterThan(0);
    expect(c.figures.confusion.flat().reduce((a, b) => a + b, 0)).toBe(1400);
    expect(c.figures.kcMeanCounts).toHaveLength(28);
    expect(c.history).toEqual([
      { epoch: 1, loss: 3.1, trainAccuracy: 0.1, testAccuracy: 0.12, kcSparsity: 0.2, gSomaNs: 10 },
      { epoch: 2, loss: 2.9, trainAccuracy: 0.2, testAccuracy: 0.18, kcSparsity: 0.15, gSomaNs: 10.1, alDecorrelation: -20, mbDecorrelation: 10, manciniRatio: 1.7 },
    ]);
    expect(Object.keys(results.summary)).toEqual(['accuracy', 'kcSparsity', 'centroidAccuracy', 'alDecorrelation', 'mbDecorrelation', 'totalDecorrelation', 'manciniRatio', 'aplSuppressionPercent']);
    // nothing that varies between runs
    expect(text).not.toMatch(/createdAt|seconds|timings|\d{4}-\d\d-\d\dT/);
    const meta = parseRunMetadata(readFileSync(join(dir, 'olfactory-recompute', 'run-metadata.json'), 'utf8'), 'run-metadata.json');
    expect(meta.device).toMatch(/^onnxruntime-node cpu/);
    expect(meta.versions['onnxruntime-node']).toMatch(/^1\.30\./);
    expect(meta.timingsSeconds.total).toBeGreaterThan(0);
    expect(Object.keys(meta.dataChecksums)).toContain('winding2023/Supplementary-Data-S1.zip');
    // the pair is one unit: the metadata names the recompute.json it was written with
    expect(meta.recomputeSha256).toBe(createHash('sha256').update(text).digest('hex'));

    const again = await runCli(['-q', 'recompute', '--checkpoints', 'models', '--device', 'cpu', '--out', 'again'], dir, env());
    expect(again.code).toBe(0);
    expect(again.stderr).toBe('');
    expect(readFileSync(join(dir, 'again', 'recompute.json'), 'utf8')).toBe(text);
  });

  it('--json prints recompute.json on stdout; --engine typescript gives the same metrics as onnxruntime', async () => {
    const onnx = await runCli(['-q', 'recompute', '--checkpoints', 'models/seed-2/checkpoint.json', '--device', 'cpu', '--out', 'one', '--json'], dir, env());
    expect(onnx.code).toBe(0);
    expect(onnx.stdout).toBe(readFileSync(join(dir, 'one', 'recompute.json'), 'utf8'));
    const ts = await runCli(['-q', 'recompute', '--checkpoints', 'models/seed-2/checkpoint.json', '--engine', 'typescript', '--out', 'ts', '--json'], dir, env());
    expect(ts.code).toBe(0);
    const a = JSON.parse(onnx.stdout) as { checkpoints: { file: string; metrics: Record<string, number> }[] };
    const b = JSON.parse(ts.stdout) as typeof a;
    expect(a.checkpoints[0]!.file).toBe('checkpoint.json');
    // Same inputs, same counter-based noise: spike counts agree to float rounding (rare flips), so
    // the metrics agree closely (on these checkpoints they are identical).
    for (const [k, v] of Object.entries(a.checkpoints[0]!.metrics))
      expect({ metric: k, diff: Math.abs(v - b.checkpoints[0]!.metrics[k]!) < 0.02 * Math.max(1, Math.abs(v)) }).toEqual({ metric: k, diff: true });
  });

  it('--concentration --ablate no-apl adds the sweep and the dynamic ranges and skips the Mancini test', async () => {
    const r = await runCli(['-q', 'recompute', '--checkpoints', 'models/seed-1/checkpoint.json', '--concentration', '--ablate', 'no-apl', '--device', 'cpu', '--out', 'conc', '--json'], dir, env());
    expect(errorLines(r.stderr)).toEqual([]);
    expect(r.code).toBe(0);
    const results = parseRecomputeResults(r.stdout, 'recompute.json');
    expect(results.protocol.ablation).toBe('no-apl');
    expect(results.protocol.withConcentration).toBe(true);
    const c = results.checkpoints[0]!;
    expect(c.metrics.manciniRatio).toBeUndefined();
    expect(c.figures.mancini).toBeUndefined();
    expect(c.figures.concentration!.concentrations).toEqual([0.03, 0.1, 0.3, 0.5, 1, 2, 5]);
    expect(c.metrics.orDynamicRange).toBeGreaterThan(1);
    expect(Object.keys(results.summary)).toEqual([
      'accuracy',
      'kcSparsity',
      'centroidAccuracy',
      'alDecorrelation',
      'mbDecorrelation',
      'totalDecorrelation',
      'pnDynamicRange',
      'kcDynamicRange',
      'orDynamicRange',
    ]);
  });

  it('fails with one typed line: missing checkpoint folder (1), corrupt checkpoint (1), unknown --ablate (2), --device cuda without CUDA (1), typescript on cuda (2)', async () => {
    const missing = await runCli(['recompute', '--checkpoints', 'nope'], dir, env());
    expect(missing.code).toBe(1);
    expect(errorLines(missing.stderr)).toEqual([expect.stringMatching(/^olfactory: checkpoint folder or file not found: nope; expected a folder holding checkpoint\.json/)]);

    writeFileSync(join(dir, 'broken.json'), '{"format": "olfactory-checkpoint", "version": 1, ');
    const corrupt = await runCli(['recompute', '--checkpoints', 'broken.json'], dir, env());
    expect(corrupt.code).toBe(1);
    expect(errorLines(corrupt.stderr)).toEqual([expect.stringMatching(/^olfactory: checkpoint .*broken\.json: is not valid JSON/)]);

    const ablate = await runCli(['recompute', '--checkpoints', 'models', '--ablate', 'no-kc'], dir, env());
    expect(ablate.code).toBe(2);
    expect(ablate.stderr).toMatch(/option '--ablate <mode>' argument 'no-kc' is invalid\. Allowed choices are no-gap, no-apl, no-std/);

    const cuda = await runCli(['recompute', '--checkpoints', 'models/seed-1', '--device', 'cuda', '--out', 'cuda'], dir, env());
    if (cuda.code === 0) return; // a machine with the CUDA provider installed
    expect(cuda.code).toBe(1);
    expect(errorLines(cuda.stderr)).toEqual([expect.stringMatching(/^olfactory: the CUDA execution provider of onnxruntime-node is not available \(.+\)\. .*--device cpu or --device auto/)]);

    const tsCuda = await runCli(['recompute', '--checkpoints', 'models', '--engine', 'typescript', '--device', 'cuda'], dir, env());
    expect(tsCuda.code).toBe(2);
    expect(errorLines(tsCuda.stderr)).toEqual([expect.stringMatching(/^olfactory: invalid --device cuda with --engine typescript/)]);
  });
});
