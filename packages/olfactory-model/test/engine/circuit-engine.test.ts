import { OlfactoryError, createRng } from '@olfactory/neurons';
import type { OlfactoryCircuit, OlfactoryData } from '@olfactory/connectome-data';
import type { SpikingCircuit, StudentParameters } from '../../src/index';
import { ablateParameters, buildSpikingCircuit, createCircuitEngine, createStudentParameters, initialStudentParameters } from '../../src/index';
import { realCircuit } from '../helpers/real-circuit';

let data: OlfactoryData;
let circuit: OlfactoryCircuit;
let sc: SpikingCircuit;
let params: StudentParameters;
beforeAll(async () => {
  ({ data, circuit } = await realCircuit());
  sc = buildSpikingCircuit(circuit);
  params = initialStudentParameters(sc, { orGains: new Array(21).fill(1.0), aplGainRaw: 0.9 });
}, 60_000);

const odorBatch = (rows: number[]): Float64Array => {
  const x = new Float64Array(rows.length * 21);
  rows.forEach((r, b) => x.set(data.odors.normalized.subarray(r * 21, r * 21 + 21), b * 21));
  return x;
};
const sum = (v: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]!;
  return s;
};

describe('assembled 30-step circuit', () => {
  test('the noise layout has the ~2,800 variates per sample and step of spec §2.13', () => {
    expect(sc.noise.perSampleStep).toBe(2766);
    expect(sc.pathways).toHaveLength(16);
  });

  test('BPTT gradient of every parameter tensor agrees with central finite differences (float64, soft spikes, no noise)', () => {
    // Tolerance per check: |bp − fd| ≤ 2e−3·|fd| + 1e−7·max|g| (the largest gradient is ~3e3).
    const eng = createCircuitEngine(sc, 2, { dtype: Float64Array });
    const x = odorBatch([9, 21]);
    const w = Float64Array.from({ length: 2 * 144 }, (_, i) => Math.sin(i * 1.7));
    const loss = (p: StudentParameters) => {
      const c = eng.forward(p, x, { mode: 'soft', noise: null });
      let L = 0;
      for (let i = 0; i < w.length; i++) L += w[i]! * c.kc[i]!;
      return L;
    };
    eng.forward(params, x, { mode: 'soft', noise: null, record: true });
    const g = eng.backward(w);
    const maxG = Math.max(...Array.from(g, Math.abs));
    let checked = 0;
    let worst = 0;
    for (const spec of params.layout) {
      const o = params.offsets[spec.name]!;
      for (const i of spec.size === 1 ? [0] : [0, Math.floor(spec.size / 2), spec.size - 1]) {
        const h = spec.unit === 'V' ? 1e-6 : 1e-5;
        const vp = Float64Array.from(params.values);
        vp[o + i]! += h;
        const vm = Float64Array.from(params.values);
        vm[o + i]! -= h;
        const fd = (loss(createStudentParameters(params.layout, vp)) - loss(createStudentParameters(params.layout, vm))) / (2 * h);
        const err = Math.abs(g[o + i]! - fd);
        const tol = 2e-3 * Math.abs(fd) + 1e-7 * maxG;
        if (err > tol) throw new Error(`${spec.name}[${i}]: backprop ${g[o + i]} vs finite difference ${fd}`);
        worst = Math.max(worst, err / tol);
        checked++;
      }
    }
    expect(checked).toBe(77); // every tensor: scalars once, vectors at first, middle and last element
    expect(worst).toBeLessThan(1);
  }, 120_000);

  test('a sample’s spikes depend on its global index, not on the batch it is simulated in', () => {
    const rng = createRng(7);
    const big = createCircuitEngine(sc, 6);
    const small = createCircuitEngine(sc, 2);
    const rows = [1, 5, 9, 13, 17, 21];
    const a = Float32Array.from(big.forward(params, odorBatch(rows), { mode: 'hard', noise: { rng, sampleIds: [10, 11, 12, 13, 14, 15], stream: 3 } }).kc);
    const b = Float32Array.from(small.forward(params, odorBatch([13, 17]), { mode: 'hard', noise: { rng, sampleIds: [13, 14], stream: 3 } }).kc);
    expect(Array.from(b)).toEqual(Array.from(a.subarray(3 * 144, 5 * 144)));
    const c = Float32Array.from(small.forward(params, odorBatch([13, 17]), { mode: 'hard', noise: { rng, sampleIds: [13, 14], stream: 4 } }).kc);
    expect(Array.from(c)).not.toEqual(Array.from(b)); // another stream, other noise
  });

  test('hard spikes are integers ≤ 15 per neuron in 30 steps (refractory: no two consecutive spikes)', () => {
    const eng = createCircuitEngine(sc, 4);
    const c = eng.forward(params, odorBatch([0, 3, 6, 9]), { mode: 'hard', noise: { rng: createRng(1), sampleIds: [0, 1, 2, 3], stream: 0 } });
    for (const v of [c.orn, c.ln, c.pn, c.kc]) {
      for (const x of v) {
        expect(Number.isInteger(x)).toBe(true);
        expect(x).toBeLessThanOrEqual(15);
      }
    }
    expect(sum(c.orn)).toBeGreaterThan(0);
  });

  test('optogenetic APL activation suppresses KC spiking; removing the APL releases it (Mancini protocol)', () => {
    const B = 8;
    const eng = createCircuitEngine(sc, B);
    const zeros = new Float64Array(B * 21);
    const run = (p: StudentParameters, aplInject: number) =>
      sum(eng.forward(p, zeros, { mode: 'hard', noise: { rng: createRng(3), sampleIds: Array.from({ length: B }, (_, i) => i), stream: 9 }, kcInjectNa: 0.1, aplInject }).kc);
    const baseline = run(params, 0);
    const boosted = run(params, 0.7);
    const noApl = run(ablateParameters(params, { noApl: true }), 0);
    expect(boosted).toBeLessThan(0.8 * baseline);
    expect(noApl).toBeGreaterThan(baseline);
  });

  test('disableDepression runs the synapse without short-term depression; the former name disableStd still does the same', () => {
    const eng = createCircuitEngine(sc, 4);
    const x = odorBatch([2, 7, 11, 19]);
    const run = (extra: { disableDepression?: boolean; disableStd?: boolean }) =>
      Array.from(eng.forward(params, x, { mode: 'hard', noise: { rng: createRng(5), sampleIds: [0, 1, 2, 3], stream: 2 }, ...extra }).kc);
    const depressing = run({});
    const without = run({ disableDepression: true });
    expect(without).not.toEqual(depressing);
    expect(run({ disableStd: true })).toEqual(without);
    expect(run({ disableDepression: false })).toEqual(depressing);
  });

  test('typed errors: wrong input shape, backward without a recorded forward', () => {
    const eng = createCircuitEngine(sc, 2);
    expect(() => eng.forward(params, new Float32Array(5), { mode: 'hard', noise: null })).toThrow(/2 × 21/);
    eng.forward(params, odorBatch([1, 2]), { mode: 'soft', noise: null });
    let err: unknown;
    try {
      eng.backward(new Float32Array(288));
    } catch (e) {
      err = e;
    }
    expect(OlfactoryError.isInstance(err)).toBe(true);
    expect(String(err)).toMatch(/record: true/);
  });
});
