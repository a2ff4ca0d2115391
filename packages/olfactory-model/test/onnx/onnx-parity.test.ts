/**
 * @jest-environment ../../scripts/jest-onnxruntime-environment.cjs
 */
import { createRng } from '@olfactory/neurons';
import type { OlfactoryData } from '@olfactory/connectome-data';
import type { CircuitForwardOptions, EvaluableStudent, OnnxCircuitSession, OnnxCircuitSwitches, SpikingCircuit } from '../../src/index';
import { ablateParameters, buildSpikingCircuit, createCircuitEngine, createOnnxCircuitSession, decodeInto, exportOnnx, fillCircuitNoiseBatch, fillNoisyOdorSamples } from '../../src/index';
import { realCircuit } from '../helpers/real-circuit';
import { testStudent } from '../helpers/test-student';

let data: OlfactoryData;
let sc: SpikingCircuit;
let student: EvaluableStudent;
let session: OnnxCircuitSession;
beforeAll(async () => {
  const real = await realCircuit();
  data = real.data;
  sc = buildSpikingCircuit(real.circuit);
  student = testStudent(sc, 11);
  session = await createOnnxCircuitSession(exportOnnx(sc, student), { device: 'cpu', intraOpThreads: 1 });
}, 60_000);
afterAll(() => session?.release());

interface Agreement {
  orn: number;
  ln: number;
  pn: number;
  kc: number;
  /** Largest |logit difference| over samples whose KC counts agree exactly. */
  logits: number;
  spikes: number;
}

/** Simulate the same noisy inputs and circuit noise in both engines; fraction of identical counts per population. */
async function compare(
  n: number,
  stream: number,
  receptorsOf: (out: Float32Array) => void,
  onnxSwitches: OnnxCircuitSwitches,
  tsOptions: Partial<CircuitForwardOptions>,
  params = student.params,
): Promise<Agreement> {
  const rng = createRng(42);
  const ids = Int32Array.from({ length: n }, (_, i) => i);
  const x = new Float32Array(n * 21);
  receptorsOf(x);
  const noise = new Float32Array(30 * n * sc.noise.perSampleStep);
  fillCircuitNoiseBatch(sc.noise, rng, stream, ids, noise);
  const ort = await session.run(x, noise, onnxSwitches);
  const ts = createCircuitEngine(sc, n).forward(params, x, { mode: 'hard', noise: { rng, sampleIds: Array.from(ids), stream }, ...tsOptions });
  const tsLogits = new Float32Array(n * 28);
  decodeInto(student, ts.kc, n, tsLogits);
  const same = (a: ArrayLike<number>, b: ArrayLike<number>) => {
    let k = 0;
    for (let i = 0; i < a.length; i++) if (a[i] === b[i]) k++;
    return k / a.length;
  };
  let logits = 0;
  for (let b = 0; b < n; b++) {
    let kcSame = true;
    for (let k = 0; k < 144; k++) if (ts.kc[b * 144 + k] !== ort.kc[b * 144 + k]) kcSame = false;
    if (kcSame) for (let c = 0; c < 28; c++) logits = Math.max(logits, Math.abs(tsLogits[b * 28 + c]! - ort.logits[b * 28 + c]!));
  }
  const spikes = ['orn', 'ln', 'pn', 'kc'].reduce((acc, k) => acc + (ts[k as 'kc'] as Float32Array).reduce((a, v) => a + v, 0), 0);
  return { orn: same(ts.orn, ort.orn), ln: same(ts.ln, ort.ln), pn: same(ts.pn, ort.pn), kc: same(ts.kc, ort.kc), logits, spikes };
}

const odors = (n: number, stream: number) => (out: Float32Array) =>
  fillNoisyOdorSamples(
    data.odors.normalized,
    21,
    Math.ceil(n / 28),
    Int32Array.from({ length: n }, (_, i) => i),
    createRng(42),
    stream,
    out,
    new Int32Array(n),
  );

const expectAgreement = (a: Agreement) => {
  // Float rounding (float32 ops in onnxruntime, float64 arithmetic stored as float32 in the
  // TypeScript kernels) may flip a spike whose threshold margin is below ~1e−5 mV (which then
  // changes that sample's later steps); ≥ 99.9 % of counts must agree.
  for (const k of ['orn', 'ln', 'pn', 'kc'] as const) expect({ population: k, identical: a[k] >= 0.999 }).toEqual({ population: k, identical: true });
  expect(a.logits).toBeLessThan(1e-5);
  expect(a.spikes).toBeGreaterThan(0);
};

describe('ONNX ↔ TypeScript engine parity (same inputs, same counter-based noise)', () => {
  it('onnxruntime and the TypeScript engine give the same ORN, LN, PN and KC spike counts and logits on 56 noisy odor samples (≥ 99.9 % of counts identical)', async () => {
    const a = await compare(56, 7, odors(56, 7), {}, {});
    expectAgreement(a);
  }, 120_000);

  it('the Mancini conditions agree: zero odor, kc_inject 0.1 nA, apl_inject 0 and 0.7', async () => {
    for (const aplInject of [0, 0.7]) expectAgreement(await compare(16, 8, () => undefined, { kcInjectNa: 0.1, aplInject }, { kcInjectNa: 0.1, aplInject }));
  }, 120_000);

  it('the ablation switches agree: gap_enable 0 ≡ gap conductances 1e−30 S, apl_enable 0 ≡ disableApl, std_enable 0 ≡ disableStd', async () => {
    expectAgreement(await compare(16, 9, odors(16, 9), { gapJunctions: false }, {}, ablateParameters(student.params, { noGap: true })));
    expectAgreement(await compare(16, 10, odors(16, 10), { apl: false }, { disableApl: true }));
    expectAgreement(await compare(16, 11, odors(16, 11), { shortTermDepression: false }, { disableStd: true }));
  }, 120_000);
});
