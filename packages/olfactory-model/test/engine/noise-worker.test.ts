import { createRng } from '@olfactory/neurons';
import type { OlfactoryData } from '@olfactory/connectome-data';
import type { SpikingCircuit, StudentParameters } from '../../src/index';
import { buildSpikingCircuit, createCircuitEngine, fillCircuitNoise } from '../../src/index';
import type { NoiseWorker } from '../../src/engine/noise-worker';
import { createNoiseWorker } from '../../src/engine/noise-worker';
import { NoiseStaging } from '../../src/engine/noise-staging';
import { STEPS } from '../../src/engine/engine-layout';
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
      const w = createNoiseWorker(sc.noise, 3, 30, float64);
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

  test('a forward on the source of the last one reads its noise again (no new worker job) and keeps the prefetch of the next source', () => {
    const B = 3;
    const staging = new NoiseStaging(sc, B, STEPS, Float32Array, true);
    const worker = (staging as unknown as { worker: NoiseWorker }).worker;
    const request = jest.spyOn(worker, 'request');
    try {
      const rng = createRng(11);
      const src = (k: number) => ({ rng, sampleIds: [k, k + 1, k + 2], stream: 7 });
      const want = (k: number, t: number) => {
        const out = new Float32Array(sc.noise.perSampleStep * B);
        fillCircuitNoise(sc.noise, src(k), t, out);
        return Array.from(out);
      };
      /** One forward's noise, every step (as the engine waits for it), checked against fillCircuitNoise. */
      const forward = (k: number) => {
        const bufs = staging.begin(src(k), false, null, STEPS);
        for (let t = 0; t < STEPS; t++) staging.ready(staging.bufferFor(bufs, t, 0), src(k), t);
        for (const t of [0, 17, 29]) expect(Array.from(staging.bufferFor(bufs, t, 0).buf)).toEqual(want(k, t));
        return bufs;
      };
      const first = forward(0);
      expect(request).toHaveBeenCalledTimes(1);
      staging.prefetch(src(10)); // the next chunk, generated meanwhile into the other set
      staging.prefetch(src(0)); // already in the active set: nothing to do, and the prefetch of src(10) stays
      expect(request).toHaveBeenCalledTimes(2);
      expect(forward(0)).toBe(first); // the same source (a new sampleIds array): the same buffers, no new job
      expect(forward(0)).toBe(first);
      expect(request).toHaveBeenCalledTimes(2);
      expect(forward(10)).not.toBe(first); // the prefetched set
      expect(request).toHaveBeenCalledTimes(2);
      forward(0); // no longer in a set: generated again
      expect(request).toHaveBeenCalledTimes(3);
    } finally {
      staging.dispose();
    }
  }, 60_000);

  test('a custom (non-createRng) generator falls back to in-thread generation with the same numbers', () => {
    const B = 2;
    const base = createRng(3);
    const custom = {
      seed: 3,
      block: base.block,
      openInto: (t: Parameters<typeof base.openInto>[0], s: number, step: number, source: number, stream = 0) => base.openInto(t, s + 1, step, source, stream),
    };
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
