import { csrFromDense, InvalidParameterError, ShapeMismatchError, softplus } from '@olfactory/neurons';
import { aplBackward, aplForward, createAplParamGrads, createAplStepOutput, defineAplCircuit, defineAplParams, divisiveInhibitionForward } from '../../src/index';
import type { AplParams } from '../../src/index';
import { expectArrayClose, randomCounts, dot, FD_TOLERANCE, numericDerivative, numericGradient, seededNormal, seededUniform } from '@olfactory/neurons/test';
import { tf, tidyGrads, TF_TOLERANCE, torchSoftplus, useWasmBackend } from '@olfactory/neurons/test/tf';

const nKc = 6;
const nApl = 2;
const batch = 2;
const step = 4;

function setup() {
  const ka = randomCounts(90, nKc, nApl, 0.7);
  const kd = randomCounts(91, nKc, nApl, 0.6);
  const ak = randomCounts(92, nApl, nKc, 0.8);
  const circuit = defineAplCircuit({ kcToApl: ka.csr, kcDendriteToApl: kd.csr, aplToKc: ak.csr });
  const params = defineAplParams({ logKcAplStrength: 0.3, kcDendriteGainRaw: 0.1, aplGainRaw: 1.5, tauAplMs: 14 });
  const activity = Float64Array.of(0.8, -0.3, 0.2, 1.1); // one negative: relu blocks its output
  const counts = seededUniform(93, batch * nKc, 0, 4);
  const vDend = seededUniform(94, batch * nKc, -70, -40); // some below V_reset: relu(V_d − V_reset) = 0
  const wA = seededNormal(95, batch * nApl);
  const wD = seededNormal(96, batch * nKc);
  const norm = (dense: Float64Array) => {
    const m = Math.max(...dense);
    return dense.map((x) => Math.fround(x / m));
  };
  return { circuit, params, activity, counts, vDend, wA, wD, WKA: norm(ka.dense), WKD: norm(kd.dense), WAK: norm(ak.dense) };
}
type Setup = ReturnType<typeof setup>;
function run(d: Setup, params: AplParams = d.params, inject = 0) {
  const out = createAplStepOutput(d.circuit, batch, Float64Array);
  aplForward(d.circuit, params, d.activity, d.counts, d.vDend, step, inject, 1, out);
  return out;
}
const lossOf = (d: Setup, params: AplParams = d.params) => {
  const o = run(d, params);
  return dot(d.wA, o.activity) + dot(d.wD, o.inhibition);
};
function backward(d: Setup) {
  const grads = { activity: new Float64Array(batch * nApl), kcCounts: new Float64Array(batch * nKc), vDendriteMv: new Float64Array(batch * nKc), params: createAplParamGrads() };
  aplBackward(d.circuit, d.params, d.activity, d.counts, d.vDend, step, 0, 1, { activity: d.wA, inhibition: d.wD }, grads);
  return grads;
}

describe('aplForward / aplBackward', () => {
  beforeAll(useWasmBackend);

  it('defineAplParams() has the expected defaults (strength factor 1, dendritic gain 0.1, τ_APL 15 ms)', () => {
    const p = defineAplParams();
    expect(p.logKcAplStrength).toBe(0);
    expect(p.kcDendriteGainRaw).toBe(0.1);
    expect(p.aplGainRaw).toBe(0);
    expect(Math.exp(p.logTauAplMs)).toBeCloseTo(15, 12);
    const c = setup().circuit;
    expect(c.vResetMv).toBe(-60);
    expect(c.kcToAplT.nRows).toBe(nApl);
  });

  it('aplForward(...) integrates the rate so far C/max(1, t+1) and the dendritic term (in volts) and outputs D = relu(A)·softplus(g)·W_AK', () => {
    const d = setup();
    const out = run(d);
    const beta = Math.exp(-1 / 14);
    for (let b = 0; b < batch; b++) {
      const A: number[] = [];
      for (let a = 0; a < nApl; a++) {
        let qW = 0;
        let dW = 0;
        for (let k = 0; k < nKc; k++) {
          qW += (d.counts[b * nKc + k]! / (step + 1)) * d.WKA[k * nApl + a]!;
          dW += Math.max(0, d.vDend[b * nKc + k]! + 60) * 1e-3 * d.WKD[k * nApl + a]!;
        }
        const input = Math.exp(0.3) * qW + softplus(0.1) * dW;
        A.push(beta * d.activity[b * nApl + a]! + (1 - beta) * input);
        expect(out.activity[b * nApl + a]).toBeCloseTo(A[a]!, 12);
      }
      for (let k = 0; k < nKc; k++) {
        let D = 0;
        for (let a = 0; a < nApl; a++) D += Math.max(0, A[a]!) * softplus(1.5) * d.WAK[a * nKc + k]!;
        expect(out.inhibition[b * nKc + k]).toBeCloseTo(D, 12);
      }
    }
  });

  it('aplBackward(...) matches central finite differences in float64 (1e-6) for A, C, V_d and the four scalars', () => {
    const d = setup();
    const g = backward(d);
    const loss = () => lossOf(d);
    expectArrayClose(g.activity, numericGradient(loss, d.activity), FD_TOLERANCE, 'dL/dA');
    expectArrayClose(g.kcCounts, numericGradient(loss, d.counts), FD_TOLERANCE, 'dL/dC');
    expectArrayClose(g.vDendriteMv, numericGradient(loss, d.vDend), FD_TOLERANCE, 'dL/dV_d');
    const fd = (key: keyof AplParams) => numericDerivative((x) => lossOf(d, { ...d.params, [key]: x }), d.params[key]);
    expectArrayClose(
      [g.params.logKcAplStrength, g.params.kcDendriteGainRaw, g.params.aplGainRaw, g.params.logTauAplMs],
      [fd('logKcAplStrength'), fd('kcDendriteGainRaw'), fd('aplGainRaw'), fd('logTauAplMs')],
      FD_TOLERANCE,
      'dL/d(ls, g_d, g_A, ln τ)',
    );
  });

  it('aplBackward(...) matches TensorFlow.js autodiff (float32, 1e-4)', () => {
    const d = setup();
    const g = backward(d);
    const t2 = (x: ArrayLike<number>, r: number, c: number) => tf.tensor2d(Float32Array.from(x), [r, c]);
    const [gA, gC, gV, gLs, gGd, gGa, gTau] = tidyGrads(() => {
      const f = (A: tf.Tensor, C: tf.Tensor, Vd: tf.Tensor, ls: tf.Tensor, gd: tf.Tensor, ga: tf.Tensor, lt: tf.Tensor) => {
        const q = C.div(Math.max(1, step + 1));
        const input = tf
          .exp(ls)
          .mul(tf.matMul(q, t2(d.WKA, nKc, nApl)))
          .add(torchSoftplus(gd, [d.params.kcDendriteGainRaw]).mul(tf.matMul(tf.relu(Vd.add(60)).mul(1e-3), t2(d.WKD, nKc, nApl))));
        const beta = tf.exp(tf.div(-1, tf.exp(lt)));
        const A2 = beta.mul(A).add(tf.sub(1, beta).mul(input));
        const D = tf.matMul(tf.relu(A2).mul(torchSoftplus(ga, [d.params.aplGainRaw])), t2(d.WAK, nApl, nKc));
        return A2.mul(t2(d.wA, batch, nApl))
          .sum()
          .add(D.mul(t2(d.wD, batch, nKc)).sum());
      };
      return tf.grads(f)([
        t2(d.activity, batch, nApl),
        t2(d.counts, batch, nKc),
        t2(d.vDend, batch, nKc),
        tf.scalar(d.params.logKcAplStrength),
        tf.scalar(d.params.kcDendriteGainRaw),
        tf.scalar(d.params.aplGainRaw),
        tf.scalar(d.params.logTauAplMs),
      ]);
    });
    expectArrayClose(g.activity, gA!, TF_TOLERANCE, 'dL/dA vs tf');
    expectArrayClose(g.kcCounts, gC!, TF_TOLERANCE, 'dL/dC vs tf');
    expectArrayClose(g.vDendriteMv, gV!, TF_TOLERANCE, 'dL/dV_d vs tf');
    expectArrayClose(
      [g.params.logKcAplStrength, g.params.kcDendriteGainRaw, g.params.aplGainRaw, g.params.logTauAplMs],
      [gLs![0]!, gGd![0]!, gGa![0]!, gTau![0]!],
      TF_TOLERANCE,
      'dL/d(ls, g_d, g_A, ln τ) vs tf',
    );
  });

  it('aplForward(..., aplInject, ...) adds the injection to the carried activity so that it accumulates to ≈ inject/(1 − β)', () => {
    const d = setup();
    const zero = new Float64Array(batch * nKc);
    const rest = new Float64Array(batch * nKc).fill(-60);
    let A = new Float64Array(batch * nApl);
    const out = createAplStepOutput(d.circuit, batch, Float64Array);
    for (let t = 0; t < 400; t++) {
      aplForward(d.circuit, d.params, A, zero, rest, t, 0.1, 1, out);
      A = Float64Array.from(out.activity);
    }
    const beta = Math.exp(-1 / 14);
    expect(A[0]).toBeCloseTo(0.1 / (1 - beta), 9); // ≈ 1.45, "≈ 10×" the injection at τ ≈ 14 ms
    // D is computed from the boosted activity
    const once = createAplStepOutput(d.circuit, batch, Float64Array);
    aplForward(d.circuit, d.params, new Float64Array(batch * nApl), zero, rest, 0, 0.5, 1, once);
    expect(once.activity[0]).toBe(0.5);
    expect(once.inhibition[0]).toBeCloseTo(0.5 * softplus(1.5) * d.WAK[0]! + 0.5 * softplus(1.5) * d.WAK[nKc]!, 12);
  });

  it('the APL divides the KC drive: doubling a large D about halves the current, and more KC activity monotonically lowers it', () => {
    const iTot = Float64Array.of(0.1, 0.1);
    const out = new Float64Array(2);
    divisiveInhibitionForward(iTot, Float64Array.of(20, 40), out);
    expect(out[1]! / out[0]!).toBeCloseTo(21 / 41, 12);
    expect(Math.abs(out[1]! / out[0]! - 0.5)).toBeLessThan(0.03);
    const d = setup();
    let previous = Infinity;
    for (const scale of [0, 0.5, 1, 2, 4, 8]) {
      const counts = d.counts.map((c) => c * scale);
      const apl = createAplStepOutput(d.circuit, batch, Float64Array);
      aplForward(d.circuit, d.params, new Float64Array(batch * nApl), counts, new Float64Array(batch * nKc).fill(-60), step, 0, 1, apl);
      const iD = new Float64Array(batch * nKc);
      divisiveInhibitionForward(new Float64Array(batch * nKc).fill(0.1), apl.inhibition, iD);
      let total = 0;
      for (const x of iD) total += x;
      expect(total).toBeLessThan(previous + 1e-15);
      previous = total;
    }
    expect(previous).toBeLessThan(0.1 * batch * nKc * 0.9);
  });

  it.each([
    [{ tauAplMs: -15 }, /invalid tauAplMs: -15; expected a finite number > 0 \(APL time constant in ms\)/],
    [{ aplGainRaw: Number.NaN }, /invalid aplGainRaw: NaN; expected a finite number/],
    [{ logKcAplStrength: Infinity }, /invalid logKcAplStrength: Infinity/],
    [{ kcDendriteGainRaw: Number.NaN }, /invalid kcDendriteGainRaw: NaN/],
  ])('defineAplParams(%j) throws InvalidParameterError', (options, message) => {
    expect(() => defineAplParams(options)).toThrow(message);
    try {
      defineAplParams(options);
    } catch (e) {
      expect(InvalidParameterError.isInstance(e)).toBe(true);
    }
  });

  it('defineAplCircuit with mismatched shapes throws ShapeMismatchError, with negative counts InvalidParameterError', () => {
    const ka = csrFromDense([1, 0, 0, 1, 1, 1], 3, 2);
    let caught: unknown;
    try {
      defineAplCircuit({ kcToApl: ka, kcDendriteToApl: ka, aplToKc: csrFromDense([1, 1, 1, 1], 2, 2) });
    } catch (e) {
      caught = e;
    }
    expect(ShapeMismatchError.isInstance(caught)).toBe(true);
    expect((caught as Error).message).toMatch(/Argument 'aplToKc' passed to 'defineAplCircuit' has shape 2×2; expected 2×3/);
    expect(() => defineAplCircuit({ kcToApl: csrFromDense([1, -1, 0, 1, 1, 1], 3, 2), kcDendriteToApl: ka, aplToKc: csrFromDense([1, 1, 1, 1, 1, 1], 2, 3) })).toThrow(
      /invalid kcToApl.values\[1\]: -1; expected a synapse count >= 0/,
    );
  });
});
