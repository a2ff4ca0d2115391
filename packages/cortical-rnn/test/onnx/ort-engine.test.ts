/**
 * @jest-environment ../../scripts/jest-onnxruntime-environment.cjs
 */
import * as tf from '@tensorflow/tfjs';
import {
  ONNXRUNTIME_INSTALL,
  OnnxRuntimeUnavailableError,
  createRnnOrtEngine,
  createSimpleRnn,
  disposeSimpleRnn,
  expmScaling,
  loadCorticalField,
  ortPenalty,
  regularizerPenalty,
  simpleRnnLogits,
  softmaxCrossEntropy,
  trainRnn,
  variantByName,
} from '../../src/index';
import type { CorticalFieldInputs, RecurrentRegularizer, RnnOrtEngine } from '../../src/index';
import { EXPM_ORACLE } from '../oracle/expm-oracle';
import { maxAbsDiff, useWasm } from '../helpers/tf';

const flat = (m: readonly (readonly number[])[]) => m.flat();
const dataDir = process.env.OLFACTORY_DATA_DIR ?? `${__dirname}/../../../../../shared/data`;
let engine: RnnOrtEngine;

/** Deterministic pseudo-random values in [−1, 1) (a fixed LCG, so the test needs no RNG package). */
function values(count: number, seed: number): Float32Array {
  let s = seed >>> 0;
  return Float32Array.from({ length: count }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 31 - 1;
  });
}

/** Max |a − b| relative to max |b|. */
const relDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => maxAbsDiff(a, b) / Math.max(...Array.from(b, Math.abs));

beforeAll(async () => {
  await useWasm();
  engine = await createRnnOrtEngine();
});
afterAll(() => engine.release());

describe('onnxruntime engine: expm graphs', () => {
  it('expm forward equals scipy.linalg.expm (scaling s = 0, 1, 2) and the reverse graph equals scipy expm_frechet(Aᵀ, G) (s = 0, 2)', async () => {
    const a = Float32Array.from(flat(EXPM_ORACLE.A));
    expect(maxAbsDiff((await engine.expmForward(4, 0, a)).expm, flat(EXPM_ORACLE.expmA))).toBeLessThan(2e-6);
    const a3 = a.map((v) => 3 * v);
    const norm3 = Math.max(...[0, 1, 2, 3].map((j) => [0, 1, 2, 3].reduce((s, i) => s + Math.abs(a3[i * 4 + j] as number), 0)));
    const s3 = expmScaling(norm3);
    // the 1-norm of 3A is below θ₁₃, so force one squaring to exercise that path as well
    for (const s of [s3, 1, 2]) {
      const f = await engine.expmForward(4, s, a3);
      expect(maxAbsDiff(f.expm, flat(EXPM_ORACLE.expm3A))).toBeLessThan(2e-5);
    }
    for (const s of [0, 2]) {
      const f = await engine.expmForward(4, s, a);
      const grad = await engine.expmReverse(4, s, f.saved, Float32Array.from(flat(EXPM_ORACLE.G)));
      expect(maxAbsDiff(grad, flat(EXPM_ORACLE.gradSumGExpmA))).toBeLessThan(5e-6);
    }
  });
});

describe('onnxruntime engine: RNN graphs', () => {
  it('forward logits and backward gradients equal TF.js autodiff of simpleRnnLogits + softmax cross-entropy', async () => {
    const [T, B, C, N, K] = [6, 5, 3, 7, 4];
    const init = {
      n: N,
      channels: C,
      classes: K,
      kernel: Float64Array.from(values(C * N, 1)),
      recurrent: Float64Array.from(values(N * N, 2), (v) => 0.4 * v),
      outKernel: Float64Array.from(values(N * K, 3)),
    };
    const params = createSimpleRnn(init);
    tf.tidy(() => {
      params.bias.assign(tf.tensor1d(values(N, 4).map((v) => 0.2 * v)));
      params.outBias.assign(tf.tensor1d(values(K, 5).map((v) => 0.1 * v)));
    });
    const x = values(T * B * C, 6);
    const labels = Int32Array.from([0, 3, 1, 2, 3]);
    const shape = { steps: T, channels: C, n: N, classes: K };
    const p = {
      kernel: params.kernel.dataSync() as Float32Array,
      recurrent: params.recurrent.dataSync() as Float32Array,
      bias: params.bias.dataSync() as Float32Array,
      outKernel: params.outKernel.dataSync() as Float32Array,
      outBias: params.outBias.dataSync() as Float32Array,
    };
    const fwd = await engine.forward(shape, B, x, p, true);
    const ce = softmaxCrossEntropy(fwd.logits, labels, K, true);
    const g = await engine.backward(shape, B, x, fwd.states as Float32Array, p, ce.dLogits as Float32Array);
    const vars = [params.kernel, params.recurrent, params.bias, params.outKernel, params.outBias];
    const ref = tf.tidy(() => {
      const xt = tf.tensor3d(x, [T, B, C]);
      const y = tf.oneHot(tf.tensor1d(labels, 'int32'), K).toFloat();
      const logits = simpleRnnLogits(params, xt, tf.zeros([T, B, C]) as tf.Tensor3D);
      const { value, grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(y, simpleRnnLogits(params, xt, tf.zeros([T, B, C]) as tf.Tensor3D)) as tf.Scalar, vars);
      return { logits: logits.dataSync(), loss: value.dataSync()[0] as number, grads: vars.map((v) => grads[v.name]!.dataSync()) };
    });
    expect(maxAbsDiff(fwd.logits, ref.logits)).toBeLessThan(1e-5);
    expect(ce.loss).toBeCloseTo(ref.loss, 5);
    const mine = [g.kernel, g.recurrent, g.bias, g.outKernel, g.outBias];
    mine.forEach((m, i) => expect(relDiff(m, ref.grads[i] as Float32Array)).toBeLessThan(1e-5));
    // states: h_{T−1} is the last block, all non-negative (ReLU)
    expect((fwd.states as Float32Array).length).toBe(T * B * N);
    expect(Math.min(...(fwd.states as Float32Array))).toBeGreaterThanOrEqual(0);
    disposeSimpleRnn(params);
  });
});

describe('onnxruntime engine: regularisers', () => {
  const n = 9;
  const w = values(n * n, 11).map((v, k) => (k % 7 === 0 ? 0 : 0.5 * v)); // exact zeros, as the sign-constrained arm has
  const distance = values(n * n, 12).map((v) => 1 + v);
  const regs: RecurrentRegularizer[] = [
    { kind: 'W', lambda: 0.3 },
    { kind: 'WD', lambda: 0.3, distance },
    { kind: 'WDC', lambda: 0.3, distance },
    {
      kind: 'WDC_EMD',
      lambda: 0.3,
      emdLambda: 0.1,
      distance,
      empiricalSorted: values(n * n, 13)
        .map((v) => 0.05 * (v + 1))
        .sort(),
    },
  ];
  it.each(regs.map((r) => [r.kind, r] as const))('%s: penalty and gradient equal TF.js autodiff of regularizerPenalty', async (_kind, reg) => {
    const got = await ortPenalty(engine, w, n, reg, true);
    const ref = tf.tidy(() => {
      const wt = tf.tensor2d(w, [n, n]);
      const { value, grad } = tf.valueAndGrad((v: tf.Tensor) => regularizerPenalty(v as tf.Tensor2D, reg))(wt);
      return { value: value.dataSync()[0] as number, grad: grad.dataSync() };
    });
    expect(got.penalty).toBeCloseTo(ref.value, 5);
    expect(relDiff(got.gradient as Float32Array, ref.grad)).toBeLessThan(2e-5);
    expect((await ortPenalty(engine, w, n, reg, false)).gradient).toBeNull();
  });
});

describe('trainRnn engines', () => {
  let field: CorticalFieldInputs;
  beforeAll(async () => {
    field = await loadCorticalField({ dataDir, field: '5_3_4' });
  });
  const small = { trainTrials: 256, testTrials: 128, valTrials: 128, batchSize: 64, epochs: 2 } as const;

  it.each(['W*D*C', 'W*D*C*'])('%s: the onnxruntime engine trains to the TF.js engine’s weights within float32 rounding and leaks no tensors', async (variant) => {
    const n0 = tf.memory().numTensors;
    const a = await trainRnn({ field, variant: variantByName(variant), task: 'go-nogo', simulation: 0, ...small, engine: 'onnxruntime' });
    expect(tf.memory().numTensors).toBe(n0);
    const b = await trainRnn({ field, variant: variantByName(variant), task: 'go-nogo', simulation: 0, ...small, engine: 'tfjs' });
    expect([a.engine, b.engine]).toEqual(['onnxruntime', 'tfjs']);
    expect(maxAbsDiff(a.recurrent, b.recurrent)).toBeLessThan(1e-4);
    expect(a.valLoss).toBeCloseTo(b.valLoss, 3);
    expect(a.accuracy).toBeCloseTo(b.accuracy, 1);
    // deterministic on one engine
    const c = await trainRnn({ field, variant: variantByName(variant), task: 'go-nogo', simulation: 0, ...small, engine: 'onnxruntime' });
    expect(Array.from(c.recurrent)).toEqual(Array.from(a.recurrent));
  });

  it('trainRnn rejects an unknown engine with InvalidParameterError', async () => {
    await expect(trainRnn({ field, variant: variantByName('W'), task: 'maze', simulation: 0, engine: 'gpu' as 'tfjs' })).rejects.toThrow(
      /^invalid engine: "?gpu"?; expected 'auto', 'onnxruntime' or 'tfjs'/,
    );
  });
});

describe('OnnxRuntimeUnavailableError', () => {
  it('names the missing module, the install line and the tfjs alternative, and is recognised across copies', () => {
    const e = new OnnxRuntimeUnavailableError({ reason: "Cannot find module 'onnxruntime-node'" });
    expect(e.message).toBe(
      `onnxruntime-node cannot be loaded (Cannot find module 'onnxruntime-node'); the cortical-rnn 'onnxruntime' engine needs it. Install it with \`${ONNXRUNTIME_INSTALL}\`, or train with engine 'tfjs'.`,
    );
    expect(e.code).toBe('OLFACTORY_ONNXRUNTIME_UNAVAILABLE');
    expect(OnnxRuntimeUnavailableError.isInstance(e)).toBe(true);
    expect(OnnxRuntimeUnavailableError.isInstance(new Error('x'))).toBe(false);
  });
});
