import { createRng } from '@olfactory/neurons';
import type { OlfactoryData } from '@olfactory/connectome-data';
import type { SpikingCircuit, StudentParameters } from '../../src/index';
import { buildSpikingCircuit, createCircuitEngine, fillCircuitNoise } from '../../src/index';
import { createNoiseWorker } from '../../src/engine/noise-worker';
import { goldenParameters } from '../helpers/engine-golden-cases';
import { realCircuit } from '../helpers/real-circuit';

let data: OlfactoryData;
let sc: SpikingCircuit;
let params: StudentParameters;
beforeAll(async () => {
  const r = await realCircuit();
  data = r.data;
  sc = buildSpikingCircuit(r.circuit);
  params = goldenParameters(sc).perturbed;
}, 60_000);

const input = (batch: number, first: number) => {
  const x = new Float64Array(batch * 21);
  for (let b = 0; b < batch; b++) x.set(data.odors.normalized.subarray(((first + b) % 28) * 21, ((first + b) % 28) * 21 + 21), b * 21);
  return x;
};

describe('circuit noise in a worker thread', () => {
  test('createNoiseWorker fills every step with the numbers of fillCircuitNoise, bit for bit (float32 and float64)', () => {
    for (const float64 of [false, true]) {
      const w = createNoiseWorker(sc.noise, 3, 30, float64, 4);
      try {
        const rng = createRng(5);
        const ids = [7, 1000, 3];
        const job = w.request(1, rng, ids, 0x2000_0002)!;
        const want = float64 ? new Float64Array(sc.noise.perSampleStep * 3) : new Float32Array(sc.noise.perSampleStep * 3);
        for (const t of [0, 13, 29]) {
          expect(w.waitStep(1, job, t)).toBe(true);
          fillCircuitNoise(sc.noise, { rng, sampleIds: ids, stream: 0x2000_0002 }, t, want);
          expect(Array.from(w.sets[1]![t]!)).toEqual(Array.from(want));
        }
      } finally {
        w.dispose();
      }
    }
  }, 60_000);

  test('an engine with noiseWorker: true gives the same hard counts, soft counts and gradients as without (with and without prefetch)', () => {
    const B = 5;
    const plain = createCircuitEngine(sc, B);
    const threaded = createCircuitEngine(sc, B, { noiseWorker: true });
    try {
      const rng = createRng(9);
      const src = (k: number) => ({ rng, sampleIds: Array.from({ length: B }, (_, i) => 100 * k + i), stream: 40 + k });
      const grad = Float64Array.from({ length: B * 144 }, (_, i) => Math.cos(0.3 * i));
      for (let k = 0; k < 4; k++) {
        if (k === 2) threaded.prefetchNoise(src(2)); // used by the next forward
        if (k === 3) threaded.prefetchNoise(src(99)); // a different source: cancelled by the next forward
        const hardA = Array.from(plain.forward(params, input(B, k), { mode: 'hard', noise: src(k) }).kc);
        const hardB = Array.from(threaded.forward(params, input(B, k), { mode: 'hard', noise: src(k) }).kc);
        expect(hardB).toEqual(hardA);
        const softA = Array.from(plain.forward(params, input(B, k), { mode: 'soft', noise: src(k), record: true }).kc);
        const gA = plain.backward(grad);
        threaded.prefetchNoise(src(k)); // prefetch of the very source of the next forward
        const softB = Array.from(threaded.forward(params, input(B, k), { mode: 'soft', noise: src(k), record: true }).kc);
        const gB = threaded.backward(grad);
        expect(softB).toEqual(softA);
        expect(Array.from(gB)).toEqual(Array.from(gA));
      }
    } finally {
      threaded.dispose();
      plain.dispose();
    }
  }, 60_000);

  test('a custom (non-createRng) generator falls back to in-thread generation with the same numbers', () => {
    const B = 2;
    const base = createRng(3);
    const custom = { seed: 3, block: base.block, openInto: (t: Parameters<typeof base.openInto>[0], s: number, step: number, source: number, stream = 0) => base.openInto(t, s + 1, step, source, stream) };
    const plain = createCircuitEngine(sc, B);
    const threaded = createCircuitEngine(sc, B, { noiseWorker: true });
    try {
      const noise = { rng: custom, sampleIds: [4, 5], stream: 1 };
      const a = Array.from(plain.forward(params, input(B, 0), { mode: 'hard', noise }).kc);
      const b = Array.from(threaded.forward(params, input(B, 0), { mode: 'hard', noise }).kc);
      expect(b).toEqual(a);
    } finally {
      threaded.dispose();
    }
  }, 60_000);
});
