import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { createRng } from '@olfactory/neurons';
import { shuffleOlfactoryCircuit } from '@olfactory/connectome-data';
import type { OlfactoryCircuit, OlfactoryData } from '@olfactory/connectome-data';
import type { SpikingCircuit, StudentParameters } from '../../src/index';
import {
  CANONICAL_TRAINING,
  buildSpikingCircuit,
  checkpointTrainingVariant,
  createCircuitEngine,
  createStudentParameters,
  createStudentTrainer,
  initialStudentParameters,
  odorSet,
  trainStudentRun,
  trainingVariantDifferences,
  trainingVariantFields,
  validateCheckpoint,
} from '../../src/index';
import { realCircuit, testRunOptions } from '../helpers/real-circuit';

let data: OlfactoryData;
let circuit: OlfactoryCircuit;
let sc: SpikingCircuit;
let params: StudentParameters;
beforeAll(async () => {
  await tf.setBackend('wasm');
  ({ data, circuit } = await realCircuit());
  sc = buildSpikingCircuit(circuit);
  params = initialStudentParameters(sc, { orGains: new Array(21).fill(1), aplGainRaw: 0.9 });
}, 60_000);

const rows = [1, 5, 9, 13];
const receptors = () => {
  const x = new Float32Array(rows.length * 21);
  rows.forEach((r, b) => x.set(data.odors.normalized.subarray(r * 21, r * 21 + 21), b * 21));
  return x;
};
const batch = () => ({ receptors: receptors(), labels: Int32Array.from(rows), sampleIds: rows.map((_, i) => i), rng: createRng(5), stream: 1, epoch: 30 });
const decoder = () => ({ decoderWeight: Float32Array.from({ length: 28 * 144 }, (_, i) => 0.05 * Math.sin(i)), decoderBias: new Float32Array(28) });
const mean = (v: ArrayLike<number>) => Array.from(v).reduce((a, b) => a + b, 0) / v.length;

describe('training switches of spec §3.7', () => {
  test('the engine backward takes ORN/LN/PN count gradients that agree with finite differences; without them it is unchanged', () => {
    const eng = createCircuitEngine(sc, 2, { dtype: Float64Array });
    const x = Float64Array.from(receptors().subarray(0, 42));
    const w = (n: number, k: number) => Float64Array.from({ length: 2 * n }, (_, i) => Math.cos(i * k));
    const wo = w(42, 0.3);
    const wl = w(108, 0.7);
    const wp = w(72, 1.1);
    const loss = (p: StudentParameters) => {
      const c = eng.forward(p, x, { mode: 'soft', noise: null });
      let L = 0;
      for (let i = 0; i < wo.length; i++) L += wo[i]! * c.orn[i]!;
      for (let i = 0; i < wl.length; i++) L += wl[i]! * c.ln[i]!;
      for (let i = 0; i < wp.length; i++) L += wp[i]! * c.pn[i]!;
      return L;
    };
    eng.forward(params, x, { mode: 'soft', noise: null, record: true });
    const zeroKc = new Float64Array(2 * 144);
    const g = Float64Array.from(eng.backward(zeroKc, { orn: wo, ln: wl, pn: wp }));
    const maxG = Math.max(...Array.from(g, Math.abs));
    let checked = 0;
    for (const [name, i] of [
      ['or.gains', 3],
      ['orn.vTh', 0],
      ['ln.logTauM', 0],
      ['pn.vTh', 36],
      ['pathway.orn_pn.logStrength', 0],
      ['pathway.orn_ln.logStrength', 0],
      ['gap.lnLn.logG', 0],
    ] as const) {
      const o = params.offsets[name]! + i;
      // small steps: the soft circuit has kinks (refractory / v_min clamps) that a 1e−5 step can cross
      const h = name.endsWith('vTh') ? 1e-8 : 1e-6;
      const vp = Float64Array.from(params.values);
      vp[o]! += h;
      const vm = Float64Array.from(params.values);
      vm[o]! -= h;
      const fd = (loss(createStudentParameters(params.layout, vp)) - loss(createStudentParameters(params.layout, vm))) / (2 * h);
      expect(Math.abs(fd)).toBeGreaterThan(0);
      expect(Math.abs(g[o]! - fd)).toBeLessThanOrEqual(2e-3 * Math.abs(fd) + 1e-7 * maxG);
      checked++;
    }
    expect(checked).toBe(7);
    // KC-only gradients are the same with or without an empty extra record
    const wk = w(144, 0.9);
    eng.forward(params, x, { mode: 'soft', noise: null, record: true });
    const a = Float64Array.from(eng.backward(wk));
    eng.forward(params, x, { mode: 'soft', noise: null, record: true });
    expect(Array.from(eng.backward(wk, {}))).toEqual(Array.from(a));
  }, 120_000);

  test('energy loss forms add w·ramp·E to the cross-entropy, with E the mean KC rate or the mean of the four population rates', () => {
    // the same soft forward the trainer runs (same noise), to compute E independently
    const eng = createCircuitEngine(sc, rows.length);
    const b = batch();
    const c = eng.forward(params, b.receptors, { mode: 'soft', noise: { rng: b.rng, sampleIds: b.sampleIds, stream: b.stream } });
    const eKc = mean(c.kc) / 30;
    const eAll = (mean(c.orn) / 30 + mean(c.ln) / 30 + mean(c.pn) / 30 + eKc) / 4;
    eng.dispose();
    const stepWith = (energy: { weight: number; population: 'all' | 'kc'; rampEpochs: number } | null) => {
      const t = createStudentTrainer(tf, sc, { params, ...decoder() }, { sparsity: null, energy });
      const r = t.step(batch());
      t.dispose();
      return r;
    };
    const ce = stepWith(null);
    expect(ce.loss).toBe(ce.crossEntropy); // CE only: nothing added
    const kc = stepWith({ weight: 50, population: 'kc', rampEpochs: 60 });
    const all = stepWith({ weight: 50, population: 'all', rampEpochs: 60 });
    // epoch 30 of a 60-epoch ramp: w = 25
    expect(kc.crossEntropy).toBe(ce.crossEntropy);
    expect(kc.loss - kc.crossEntropy).toBeCloseTo(25 * eKc, 4);
    expect(all.loss - all.crossEntropy).toBeCloseTo(25 * eAll, 4);
    expect(eAll).not.toBeCloseTo(eKc, 3);
    expect(all.gradNorm).not.toBe(kc.gradNorm);
  }, 120_000);

  test("lrMultipliers scale one tensor's learning rate (the APL-gain LR multiplier); unknown names are refused", () => {
    const move = (lrMultipliers?: Record<string, number>) => {
      const t = createStudentTrainer(tf, sc, { params, ...decoder() }, lrMultipliers ? { lrMultipliers } : {});
      t.step(batch());
      const p = t.parameters();
      t.dispose();
      return { apl: Math.abs(p.values[p.offsets['apl.gain']!]! - params.values[params.offsets['apl.gain']!]!), tau: p.values[p.offsets['apl.logTau']!]! };
    };
    const base = move();
    const x3 = move({ 'apl.gain': 3 });
    // Adam's first step is lr·g/(|g| + ε) ≈ lr: 1e−3 × 4, then × 3
    expect(base.apl).toBeCloseTo(4e-3, 6);
    expect(x3.apl).toBeCloseTo(12e-3, 6);
    expect(x3.tau).toBe(base.tau);
    expect(() => createStudentTrainer(tf, sc, { params, ...decoder() }, { lrMultipliers: { 'apl.nope': 2 } })).toThrow(/lrMultipliers/);
  }, 120_000);

  test('the canonical training records no new config field; every switch is recorded and seen by the same-run check', () => {
    expect(trainingVariantFields(CANONICAL_TRAINING)).toEqual({});
    const v = {
      ...CANONICAL_TRAINING,
      switches: { ...CANONICAL_TRAINING.switches, sparsityLoss: false },
      energy: { weight: 15, population: 'kc' as const },
      shuffledConnectome: true,
      odorCount: 56,
      aplBoost: 8,
      aplLrMultiplier: 2,
    };
    const f = trainingVariantFields(v);
    expect(f).toEqual({ energy: { weight: 15, population: 'kc' }, shuffledConnectome: true, odorCount: 56, aplBoost: 8, aplLrMultiplier: 2 });
    const cfg = { seed: 42, switches: v.switches, ...f } as never;
    expect(checkpointTrainingVariant(cfg)).toEqual(v);
    expect(trainingVariantDifferences(CANONICAL_TRAINING, v)).toHaveLength(6);
    for (const k of ['gapJunctions', 'apl', 'shortTermDepression', 'sparsityLoss'] as const) {
      expect(trainingVariantDifferences(CANONICAL_TRAINING, { ...CANONICAL_TRAINING, switches: { ...CANONICAL_TRAINING.switches, [k]: false } })).toEqual([`switch ${k}: true vs false`]);
    }
  });

  test('a run on the shuffled connectome with 7 odors, no gap junctions and an energy term records all of it and validates', async () => {
    const shuffled = shuffleOlfactoryCircuit(circuit, 42);
    const spiking = buildSpikingCircuit(shuffled);
    const { odors } = odorSet(data.odors.normalized, 21, 7, 42);
    const ck = await trainStudentRun({
      tf,
      circuit: shuffled,
      spiking,
      odors,
      seed: 42,
      epochs: 1,
      teacherEpochs: 1,
      monitorEvery: 1,
      switches: { gapJunctions: false },
      energy: { weight: 3, population: 'all' },
      aplBoost: 2,
      data: { connectomeSha256: circuit.sourceSha256, door: {} },
      producer: { name: 'test', version: '0' },
    });
    expect(ck.config).toMatchObject({ shuffledConnectome: true, odorCount: 7, energy: { weight: 3, population: 'all' }, aplBoost: 2, switches: { gapJunctions: false, apl: true } });
    expect(ck.config.aplLrMultiplier).toBeUndefined();
    expect(ck.sizes.classes).toBe(7);
    expect(ck.parameters['gap.lnLn.logG']).toBeCloseTo(Math.log(1e-30), 3); // frozen
    const loaded = validateCheckpoint(JSON.parse(JSON.stringify(ck)), params.layout);
    expect(checkpointTrainingVariant(loaded.checkpoint.config).odorCount).toBe(7);
    // a run with the seed of another shuffle is refused
    await expect(trainStudentRun({ tf, circuit: shuffled, spiking, odors, seed: 43, epochs: 1, data: ck.data, producer: ck.producer })).rejects.toThrow(/shuffled with seed 42/);
  }, 300_000);

  test('APL off: raw gain −100 and all four APL parameters frozen; STD off: the STD parameters get no gradient; APL boost scales the transferred gain', async () => {
    const { odors } = odorSet(data.odors.normalized, 21, 7, 44);
    const common = testRunOptions(tf, circuit, sc, { odors, seed: 44, epochs: 1, teacherEpochs: 1, monitorEvery: 1 });
    const off = await trainStudentRun({ ...common, switches: { apl: false, shortTermDepression: false } });
    const init = initialStudentParameters(sc, { orGains: off.teacher.orGains, aplGainRaw: off.teacher.aplGainRaw });
    const at = (k: string) => init.values[init.offsets[k]!]!;
    expect(off.parameters['apl.gain']).toBe(-100);
    for (const k of ['apl.kcAplLogStrength', 'apl.kcDendGain', 'apl.logTau']) expect(off.parameters[k]).toBeCloseTo(at(k), 6);
    for (const k of ['pathway.orn_pn.logTauRec', 'pathway.orn_pn.logitU', 'pathway.pn_kc.logitU']) expect(off.parameters[k]).toBeCloseTo(at(k), 6);
    expect(off.history[0]!.manciniRatio).toBeUndefined(); // no Mancini test without an APL
    expect(off.config.switches).toMatchObject({ apl: false, shortTermDepression: false });
    const on = await trainStudentRun(common);
    expect(on.parameters['pathway.orn_pn.logTauRec']).not.toBeCloseTo(at('pathway.orn_pn.logTauRec'), 6);
    expect(on.parameters['apl.gain']).not.toBeCloseTo(4 * on.teacher.aplGainRaw, 6);
    // the boost multiplies the raw teacher gain (spec §8.11); after one epoch at lr 4e−3 × 18 steps the gain is within 0.1 of its start
    const boosted = await trainStudentRun({ ...common, aplBoost: 8 });
    expect(boosted.config.aplBoost).toBe(8);
    expect(Math.abs((boosted.parameters['apl.gain'] as number) - 8 * boosted.teacher.aplGainRaw)).toBeLessThan(0.1);
    expect(Math.abs((on.parameters['apl.gain'] as number) - 4 * on.teacher.aplGainRaw)).toBeLessThan(0.1);
  }, 300_000);

  test('testEvery: the test set is evaluated on every n-th, every fully monitored and the last epoch, and the trained model is the same bit for bit', async () => {
    const { odors } = odorSet(data.odors.normalized, 21, 7, 45);
    const common = testRunOptions(tf, circuit, sc, { odors, seed: 45, epochs: 5, teacherEpochs: 1, monitorEvery: 4 });
    const every = await trainStudentRun(common);
    const sparse = await trainStudentRun({ ...common, testEvery: 3 });
    expect(sparse.parameters).toEqual(every.parameters);
    expect(sparse.decoder).toEqual(every.decoder);
    expect(sparse.teacher).toEqual(every.teacher);
    // epoch 3 (every 3rd), 4 (fully monitored), 5 (the last) carry the test metrics, with the values of the every-epoch run
    expect(sparse.history.filter((h) => h.testAccuracy !== undefined).map((h) => h.epoch)).toEqual([3, 4, 5]);
    expect(sparse.history.filter((h) => h.kcSparsity !== undefined).map((h) => h.epoch)).toEqual([3, 4, 5]);
    expect(every.history.every((h) => h.testAccuracy !== undefined && h.kcSparsity !== undefined)).toBe(true);
    const strip = (h: (typeof every.history)[number], tested: boolean) => {
      const { seconds: _s, ...rest } = h;
      if (tested) return rest;
      const { testAccuracy: _t, kcSparsity: _k, ...untested } = rest;
      return untested;
    };
    expect(sparse.history.map((h) => strip(h, true))).toEqual(every.history.map((h) => strip(h, h.epoch >= 3)));
    expect(sparse.history[3]!.manciniRatio).toBeDefined();
    // a sparse history validates; one test metric without the other does not
    expect(() => validateCheckpoint(JSON.parse(JSON.stringify(sparse)), params.layout)).not.toThrow();
    const broken = { ...sparse, history: sparse.history.map((h, i) => (i === 2 ? { ...h, kcSparsity: undefined } : h)) };
    expect(() => validateCheckpoint(JSON.parse(JSON.stringify(broken)), params.layout)).toThrow(/history\[2\]\.kcSparsity.*is missing/);
    await expect(trainStudentRun({ ...common, testEvery: 0 })).rejects.toThrow(/testEvery/);
  }, 300_000);
});
