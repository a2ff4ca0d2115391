import { createRng } from '@olfactory/neurons';
import type { SpikingCircuit } from '../../src/index';
import { buildSpikingCircuit, createCircuitNoisePool, fillCircuitNoiseBatch } from '../../src/index';
import { realCircuit } from '../helpers/real-circuit';

let sc: SpikingCircuit;
beforeAll(async () => {
  sc = buildSpikingCircuit((await realCircuit()).circuit);
}, 60_000);

const expected = (stream: number, firstId: number, count: number) => {
  const out = new Float32Array(30 * count * sc.noise.perSampleStep);
  fillCircuitNoiseBatch(
    sc.noise,
    createRng(42),
    stream,
    Int32Array.from({ length: count }, (_, i) => firstId + i),
    out,
  );
  return out;
};

describe('createCircuitNoisePool', () => {
  it('createCircuitNoisePool(layout, seed, 0) has the expected defaults: no threads, the numbers of fillCircuitNoiseBatch', async () => {
    const pool = createCircuitNoisePool(sc.noise, 42, 0);
    expect(pool.workers).toBe(0);
    const out = await pool.generate(5, 10, 3, new ArrayBuffer(30 * 4 * sc.noise.perSampleStep * 4));
    expect(out.length).toBe(30 * 3 * sc.noise.perSampleStep);
    expect(out).toEqual(expected(5, 10, 3));
    await pool.close();
  });

  it('worker threads generate bit-identical noise, chunk after chunk, whatever the worker count', async () => {
    const pool = createCircuitNoisePool(sc.noise, 42, 2);
    const bytes = 30 * 4 * sc.noise.perSampleStep * 4;
    const jobs = [pool.generate(5, 10, 3, new ArrayBuffer(bytes)), pool.generate(5, 13, 4, new ArrayBuffer(bytes)), pool.generate(6, 0, 1, new ArrayBuffer(bytes))];
    const [a, b, c] = await Promise.all(jobs);
    expect(a).toEqual(expected(5, 10, 3));
    expect(b).toEqual(expected(5, 13, 4));
    expect(c).toEqual(expected(6, 0, 1));
    // buffers come back (transferred) and can be reused
    const again = await pool.generate(5, 10, 3, a!.buffer as ArrayBuffer);
    expect(again).toEqual(expected(5, 10, 3));
    await pool.close();
  }, 60_000);

  it('createCircuitNoisePool rejects a negative worker count and a buffer that is too small', async () => {
    expect(() => createCircuitNoisePool(sc.noise, 42, -1)).toThrow(/workers is -1/);
    const pool = createCircuitNoisePool(sc.noise, 42, 0);
    expect(() => pool.generate(0, 0, 2, new ArrayBuffer(16))).toThrow(/buffer of 16 bytes, expected at least/);
    await pool.close();
  });
});
