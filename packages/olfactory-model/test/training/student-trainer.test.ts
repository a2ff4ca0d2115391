import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { createRng } from '@olfactory/neurons';
import type { Checkpoint, SpikingCircuit } from '../../src/index';
import { buildSpikingCircuit, createStudentTrainer, initialStudentParameters, trainStudentRun, validateCheckpoint } from '../../src/index';
import { realCircuit, testRunOptions } from '../helpers/real-circuit';
import type { OlfactoryCircuit, OlfactoryData } from '@olfactory/connectome-data';

let data: OlfactoryData;
let circuit: OlfactoryCircuit;
let sc: SpikingCircuit;
beforeAll(async () => {
  await tf.setBackend('wasm');
  ({ data, circuit } = await realCircuit());
  sc = buildSpikingCircuit(circuit);
}, 60_000);

function batch(rows: number[], stream = 1) {
  const receptors = new Float32Array(rows.length * 21);
  rows.forEach((r, b) => receptors.set(data.odors.normalized.subarray(r * 21, r * 21 + 21), b * 21));
  return { receptors, labels: Int32Array.from(rows), sampleIds: rows.map((_, i) => i), rng: createRng(5), stream, epoch: 30 };
}

describe('student trainer (spec §3.4)', () => {
  test('first Adam step moves every tensor by its own learning rate, projects to bounds, leaks no tensors', () => {
    const before = tf.memory().numTensors;
    const params = initialStudentParameters(sc, { orGains: new Array(21).fill(1), aplGainRaw: 0.9 });
    const w = Float32Array.from({ length: 28 * 144 }, (_, i) => 0.05 * Math.sin(i));
    const trainer = createStudentTrainer(tf, sc, { params, decoderWeight: w, decoderBias: new Float32Array(28) });
    const r = trainer.step(batch([1, 5, 9, 13]));
    expect(Number.isFinite(r.loss)).toBe(true);
    expect(r.gradNorm).toBeGreaterThan(0);
    const after = trainer.parameters();
    for (const p of params.layout) {
      const o = params.offsets[p.name]!;
      for (let i = 0; i < p.size; i++) {
        const x = after.values[o + i]!;
        if (p.bounds) {
          expect(x).toBeGreaterThanOrEqual(Math.fround(p.bounds[0]) - 1e-9);
          expect(x).toBeLessThanOrEqual(Math.fround(p.bounds[1]) + 1e-9);
        }
        // Adam's first step is lr·g/(|g| + ε): |Δ| = lr × multiplier unless clamped or g ≈ 0
        const delta = Math.abs(x - params.values[o + i]!);
        expect(delta).toBeLessThanOrEqual(1e-3 * p.lr * 1.001 + 1e-6 * Math.abs(params.values[o + i]!) + (p.bounds ? Infinity : 0));
      }
    }
    // a pathway initialised at 1e−13 A is raised to the 1e−12 A floor by the first projection (spec §8 note 5)
    expect(after.values[after.offsets['pathway.ln_ln.logStrength']!]).toBeCloseTo(Math.log(1e-12), 5);
    // the KC thresholds move by exactly 1e−3 × 0.01 V = 10 µV
    const kc0 = after.offsets['kc.vTh']!;
    const moved = Array.from({ length: 144 }, (_, i) => Math.abs(after.values[kc0 + i]! - params.values[kc0 + i]!)).filter((d) => d > 0);
    for (const d of moved) expect(d).toBeLessThanOrEqual(1e-5 * 1.001);
    // where |g| ≫ ε the step is exactly lr (float32 rounding of a −37.5 mV threshold: ~4 nV)
    expect(moved.filter((d) => Math.abs(d - 1e-5) < 1e-8).length).toBeGreaterThan(50);
    trainer.dispose();
    expect(tf.memory().numTensors).toBe(before);
  }, 60_000);

  test('a run resumed from its epoch-1 checkpoint ends exactly where the uninterrupted run ends', async () => {
    const common = testRunOptions(tf, circuit, sc, { odors: data.odors.normalized, seed: 3, epochs: 2, teacherEpochs: 2, monitorEvery: 2 });
    const snapshots: Checkpoint[] = [];
    const full = await trainStudentRun({ ...common, saveProgress: async (c) => void snapshots.push(c) });
    expect(snapshots).toHaveLength(2);
    expect(snapshots[0]!.optimizer!.step).toBe(18); // 280 samples / 16 → 18 steps per epoch
    const resumed = await trainStudentRun({
      ...common,
      resume: validateCheckpoint(JSON.parse(JSON.stringify(snapshots[0])), initialStudentParameters(sc, { orGains: new Array(21).fill(1), aplGainRaw: 1 }).layout),
    });
    expect(resumed.parameters).toEqual(full.parameters);
    expect(resumed.decoder).toEqual(full.decoder);
    expect(resumed.history.map((h) => h.testAccuracy)).toEqual(full.history.map((h) => h.testAccuracy));
    expect(full.history[1]!.manciniRatio).toBeGreaterThan(0);
    expect(full.completedEpochs).toBe(2);
    expect(full.optimizer).toBeUndefined();
  }, 300_000);
});
