/**
 * @jest-environment ../../scripts/jest-onnxruntime-environment.cjs
 */
import * as tf from '@tensorflow/tfjs';
import { RNG_STREAMS, VARIANTS, loadCorticalField, randomSource, trainRnn, variantByName, variantRegularizer, weightGraphMetrics } from '../../src/index';
import type { CorticalFieldInputs } from '../../src/index';
import { useWasm } from '../helpers/tf';

const dataDir = process.env.OLFACTORY_DATA_DIR ?? `${__dirname}/../../../../../shared/data`;
let field: CorticalFieldInputs;

beforeAll(async () => {
  await useWasm();
  field = await loadCorticalField({ dataDir, field: '5_3_4' });
});

const small = { trainTrials: 256, testTrials: 128, valTrials: 128, batchSize: 64, epochs: 2 } as const;

describe('trainRnn', () => {
  it('VARIANTS has the expected defaults: the 11 variants in the reference CSV order', () => {
    expect(VARIANTS.map((v) => v.name)).toEqual(['W*D*C', 'WD*C', 'WDC', 'WD*', 'WD', 'W', 'W*D*C*', 'WD*C*', 'W*DC*', 'W!D*C', 'W!D*C*']);
    expect(() => variantByName('W*')).toThrow(/^invalid variant: "?W\*"?; expected one of W\*D\*C, /);
    expect(variantRegularizer(field, variantByName('W'))).toEqual({ kind: 'W', lambda: 0.3 });
    expect(variantRegularizer(field, variantByName('W'), { wLambdaBug: true })).toEqual({ kind: 'W', lambda: 1 });
    expect(variantRegularizer(field, variantByName('W*DC*')).kind).toBe('WDC_EMD');
  });

  it('trainRnn(W*D*C, go-nogo) reports training, test and held-out validation accuracy, is deterministic and leaks no tensors', async () => {
    const n0 = tf.memory().numTensors;
    const batches: number[] = [];
    const a = await trainRnn({ field, variant: variantByName('W*D*C'), task: 'go-nogo', simulation: 0, ...small, onBatch: (b) => batches.push(b.batch) });
    expect(batches).toEqual([0, 1, 2, 3, 0, 1, 2, 3]);
    for (const k of ['accuracy', 'testAccuracy', 'valAccuracy'] as const) {
      expect(a[k]).toBeGreaterThanOrEqual(0);
      expect(a[k]).toBeLessThanOrEqual(1);
    }
    expect(Number.isFinite(a.loss) && Number.isFinite(a.valLoss)).toBe(true);
    expect(a.recurrent.length).toBe(70 * 70);
    expect(tf.memory().numTensors).toBe(n0);
    const b = await trainRnn({ field, variant: variantByName('W*D*C'), task: 'go-nogo', simulation: 0, ...small });
    expect(b.valAccuracy).toBe(a.valAccuracy);
    expect(Array.from(b.recurrent.subarray(0, 20))).toEqual(Array.from(a.recurrent.subarray(0, 20)));
  });

  it('trainRnn with signConstraint keeps W_rec non-negative (the EMD arm included)', async () => {
    const r = await trainRnn({ field, variant: variantByName('W*D*C*'), task: 'maze', simulation: 1, ...small, epochs: 1, signConstraint: true });
    expect(Math.min(...r.recurrent)).toBeGreaterThanOrEqual(0);
  });

  it('weightGraphMetrics(W) gives modularity, assortativity, small-worldness vs matched-density nulls and entropy', async () => {
    const r = await trainRnn({ field, variant: variantByName('W'), task: 'perceptual-decision', simulation: 0, ...small, epochs: 1 });
    const m = weightGraphMetrics(r.recurrent, r.n, { rng: randomSource(0, RNG_STREAMS.nulls).uniform, nulls: 50 });
    expect(m.degenerate).toBeUndefined();
    expect(m.nullDensity).toBeCloseTo(m.density!, 12);
    expect(m.modularity).toBeGreaterThan(-0.5);
    expect(m.modularity).toBeLessThan(1);
    expect(m.smallWorldness).toBeGreaterThan(0);
    expect(m.entropyBits).toBeGreaterThan(1);
    expect(m.entropyBits).toBeLessThan(Math.log2(100));
  });

  it('trainRnn rejects a bad epoch count with InvalidParameterError', async () => {
    await expect(trainRnn({ field, variant: variantByName('W'), task: 'maze', simulation: 0, epochs: 0 })).rejects.toThrow(/^invalid epochs: 0/);
  });
});
