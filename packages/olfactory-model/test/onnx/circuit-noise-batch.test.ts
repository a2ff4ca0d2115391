import { createRng } from '@olfactory/neurons';
import type { SpikingCircuit } from '../../src/index';
import { buildSpikingCircuit, fillCircuitNoise, fillCircuitNoiseBatch } from '../../src/index';
import { realCircuit } from '../helpers/real-circuit';

let sc: SpikingCircuit;
beforeAll(async () => {
  sc = buildSpikingCircuit((await realCircuit()).circuit);
}, 60_000);

describe('fillCircuitNoiseBatch', () => {
  it('fillCircuitNoiseBatch(layout, rng, stream, ids, out) holds exactly the numbers fillCircuitNoise gives the TypeScript engine, in [step, sample, variate] order', () => {
    const rng = createRng(42);
    const ids = [5, 17, 3];
    const B = ids.length;
    const P = sc.noise.perSampleStep;
    const batch = new Float32Array(30 * B * P);
    fillCircuitNoiseBatch(sc.noise, rng, 12, ids, batch);
    const step = new Float32Array(B * P);
    for (const t of [0, 1, 29]) {
      fillCircuitNoise(sc.noise, { rng, sampleIds: ids, stream: 12 }, t, step);
      for (const g of sc.noise.segments) {
        for (let b = 0; b < B; b++) {
          const a = batch.subarray((t * B + b) * P + g.offset, (t * B + b) * P + g.offset + g.size);
          const e = step.subarray(g.offset * B + b * g.size, g.offset * B + (b + 1) * g.size);
          expect(Array.from(a)).toEqual(Array.from(e));
        }
      }
    }
  });

  it('fillCircuitNoiseBatch: a sample’s noise depends on its id and stream only (rows may be filled separately)', () => {
    const rng = createRng(42);
    const P = sc.noise.perSampleStep;
    const all = new Float32Array(30 * 4 * P);
    fillCircuitNoiseBatch(sc.noise, rng, 3, [0, 1, 2, 3], all);
    const halves = new Float32Array(30 * 4 * P);
    fillCircuitNoiseBatch(sc.noise, rng, 3, [0, 1, 2, 3], halves, { from: 0, to: 2 });
    fillCircuitNoiseBatch(sc.noise, rng, 3, [0, 1, 2, 3], halves, { from: 2, to: 4 });
    expect(halves).toEqual(all);
    const one = new Float32Array(30 * P);
    fillCircuitNoiseBatch(sc.noise, rng, 3, [2], one);
    expect(Array.from(one.subarray(0, P))).toEqual(Array.from(all.subarray(2 * P, 3 * P)));
    const otherStream = new Float32Array(30 * P);
    fillCircuitNoiseBatch(sc.noise, rng, 4, [2], otherStream);
    expect(otherStream).not.toEqual(one);
  });

  it('fillCircuitNoiseBatch rejects a buffer that is too small', () => {
    expect(() => fillCircuitNoiseBatch(sc.noise, createRng(1), 0, [0, 1], new Float32Array(10))).toThrow(/out has 10 values, expected 30 × 2 × 2766/);
  });
});
