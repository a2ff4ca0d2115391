import { createRng, InvalidParameterError } from '@olfactory/neurons';
import {
  applyOrInputNoise,
  createNoiseContext,
  defaultNoiseStd,
  fillBackgroundCurrentNoise,
  fillMembraneNoise,
  fillNoise,
  fillOrInputNoise,
  fillReceptorNoise,
  fillReleaseNoise,
  fillThresholdJitter,
  noiseSourceId,
} from '../../src/index';
import { meanVariance } from '@olfactory/neurons/test';

describe('noise sources', () => {
  it('defaultNoiseStd has the expected defaults (spec §2.13 canonical values)', () => {
    expect(defaultNoiseStd).toEqual({ orInput: 0.3, receptor: 0.1, membraneMv: 1, backgroundCurrentNa: 0.015, release: 0.25, thresholdJitterMv: 1 });
    expect(noiseSourceId('membrane', 2)).toBe(0x30002);
    expect(noiseSourceId('thresholdJitter')).toBe(0x60000);
  });

  it.each([
    ['fillOrInputNoise', (c: ReturnType<typeof createNoiseContext>, o: Float32Array, n: number) => fillOrInputNoise(c, o, n), 0.3],
    ['fillReceptorNoise', (c: ReturnType<typeof createNoiseContext>, o: Float32Array, n: number) => fillReceptorNoise(c, o, n, 3), 0.1],
    ['fillMembraneNoise', (c: ReturnType<typeof createNoiseContext>, o: Float32Array, n: number) => fillMembraneNoise(c, o, n, 3, 1), 1],
    ['fillBackgroundCurrentNoise', (c: ReturnType<typeof createNoiseContext>, o: Float32Array, n: number) => fillBackgroundCurrentNoise(c, o, n, 3, 1), 0.015],
    ['fillReleaseNoise', (c: ReturnType<typeof createNoiseContext>, o: Float32Array, n: number) => fillReleaseNoise(c, o, n, 3, 7), 0.25],
    ['fillThresholdJitter', (c: ReturnType<typeof createNoiseContext>, o: Float32Array, n: number) => fillThresholdJitter(c, o, n, 3, 1), 1],
  ])('%s(ctx, out, ...) fills zero-mean noise with the canonical standard deviation', (_name, fill, std) => {
    const samples = Int32Array.from({ length: 200 }, (_, b) => b);
    const ctx = createNoiseContext(createRng(5), samples, 0);
    const n = 150;
    const out = new Float32Array(samples.length * n);
    fill(ctx, out, n);
    const { mean, variance } = meanVariance(out);
    const se = std / Math.sqrt(out.length);
    expect(Math.abs(mean)).toBeLessThan(5 * se);
    expect(Math.abs(Math.sqrt(variance) / std - 1)).toBeLessThan(0.01);
  });

  it("a sample's noise depends on its global index, not on its position in the batch", () => {
    const rng = createRng(11);
    const n = 20;
    const big = new Float64Array(3 * n);
    fillMembraneNoise(createNoiseContext(rng, [4, 9, 2], 1), big, n, 5, 0);
    const alone = new Float64Array(n);
    fillMembraneNoise(createNoiseContext(rng, [9], 1), alone, n, 5, 0);
    expect(Array.from(big.subarray(n, 2 * n))).toEqual(Array.from(alone));
    const again = new Float64Array(3 * n);
    fillMembraneNoise(createNoiseContext(rng, [4, 9, 2], 1), again, n, 5, 0);
    expect(again).toEqual(big);
  });

  it('different steps, channels, sources and streams give different noise', () => {
    const rng = createRng(3);
    const ctx = createNoiseContext(rng, [0], 0);
    const draw = (step: number, source: number, c = ctx) => {
      const out = new Float64Array(8);
      fillNoise(c, out, 8, step, source, 1);
      return Array.from(out);
    };
    const base = draw(1, noiseSourceId('membrane', 0));
    for (const other of [
      draw(2, noiseSourceId('membrane', 0)),
      draw(1, noiseSourceId('membrane', 1)),
      draw(1, noiseSourceId('thresholdJitter', 0)),
      draw(1, noiseSourceId('membrane', 0), createNoiseContext(rng, [0], 1)),
    ]) {
      expect(other.some((x, i) => x !== base[i])).toBe(true);
    }
  });

  it('applyOrInputNoise(r, ξ, out) computes max(0, r·(1 + ξ))', () => {
    const out = new Float64Array(3);
    applyOrInputNoise(Float64Array.of(0.5, 0.5, 0), Float64Array.of(0.2, -1.5, 3), out);
    expect(Array.from(out)).toEqual([0.6, 0, 0]);
  });

  it.each([
    [() => createNoiseContext(createRng(1), [0, -1]), /invalid sampleIds\[1\]: -1; expected an integer in \[0, 2\^32\)/],
    [() => createNoiseContext(createRng(1), [0.5]), /invalid sampleIds\[0\]: 0.5/],
    [() => createNoiseContext(createRng(1), [0], Number.NaN), /invalid stream: NaN/],
    [() => noiseSourceId('membrane', 70000), /invalid channel: 70000; expected an integer in \[0, 65536\)/],
    [() => noiseSourceId('cosmic' as never), /invalid noise source kind: "cosmic"; expected one of 'orInput', 'receptor'/],
  ])('invalid noise configuration %# throws InvalidParameterError', (fn, message) => {
    let caught: unknown;
    try {
      fn();
    } catch (e) {
      caught = e;
    }
    expect(InvalidParameterError.isInstance(caught)).toBe(true);
    expect((caught as Error).message).toMatch(message);
  });
});
