import { compileNetwork, createRng, InvalidParameterError } from '@olfactory/neurons';
import { buildLateralLineNetwork, topographicInDegreeProjection, topographicOutDegreeProjection } from '../../src/index';
import { smallParams } from '../small-params';

const ends = { name: 'p', pre: 'a', post: 'b', synapse: 'exc' };

describe('topographic wiring', () => {
  it('topographicInDegreeProjection gives every post cell exactly `degree` sources; topography 1 keeps them near the matched index', () => {
    const topo = topographicInDegreeProjection({ ...ends, preSize: 100, postSize: 3200, degree: 10, topography: 1, sigma: 15, weightMv: 1, rng: createRng(4) });
    const perPost = new Float64Array(3200);
    let far = 0;
    for (let i = 0; i < 100; i++) {
      for (let s = topo.rowPtr[i]!; s < topo.rowPtr[i + 1]!; s++) {
        const j = topo.postIndex[s]!;
        perPost[j]++;
        if (Math.abs(i - (j / 3199) * 99) > 4 * 15) far++;
      }
    }
    expect(Array.from(perPost).every((c) => c === 10)).toBe(true);
    expect(far / 32000).toBeLessThan(0.001); // a Gaussian of σ 15 indices, clipped at the ends
    const random = topographicInDegreeProjection({ ...ends, preSize: 100, postSize: 3200, degree: 10, topography: 0, sigma: 15, weightMv: 1, rng: createRng(4) });
    let farRandom = 0;
    for (let i = 0; i < 100; i++) for (let s = random.rowPtr[i]!; s < random.rowPtr[i + 1]!; s++) if (Math.abs(i - (random.postIndex[s]! / 3199) * 99) > 60) farRandom++;
    expect(farRandom / 32000).toBeGreaterThan(0.15); // uniform sources: ≈ 0.16 of them are > 60 indices away
  });

  it('topographicOutDegreeProjection gives every pre cell `degree` targets, round(degree·topography) of them Gaussian', () => {
    const p = topographicOutDegreeProjection({ ...ends, preSize: 3200, postSize: 300, degree: 16, topography: 0.2, sigma: 10, weightMv: (s) => s, rng: createRng(5) });
    expect(p.rowPtr[3200]).toBe(51200);
    expect(p.weightsMv[7]).toBe(7);
    // round(16·0.2) = 3 topographic targets per MON cell: within ±40 indices of the matched TS cell, plus the random
    // ones that land there by chance (80/300 of 13)
    let near = 0;
    for (let i = 0; i < 3200; i++) for (let s = p.rowPtr[i]!; s < p.rowPtr[i + 1]!; s++) if (Math.abs(p.postIndex[s]! - (i / 3199) * 299) <= 40) near++;
    expect(near / 3200).toBeGreaterThan(3 + 13 * (70 / 300));
    expect(near / 3200).toBeLessThan(3 + 13 * (81 / 300) + 0.2);
  });

  it('the topographic builders reject a topography outside [0, 1]', () => {
    let error: unknown;
    try {
      topographicOutDegreeProjection({ ...ends, preSize: 3, postSize: 3, degree: 2, topography: 1.2, sigma: 1, weightMv: 1, rng: createRng(1) });
    } catch (e) {
      error = e;
    }
    expect(InvalidParameterError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/invalid topography: 1.2; expected a number in \[0, 1\]/);
  });
});

describe('buildLateralLineNetwork', () => {
  it('buildLateralLineNetwork has the expected structure: multiplicative STDP on LL→MON, additive on MON→TS, two homeostases, ring and global inhibition', () => {
    const p = smallParams();
    const { spec, llMonTargetMv } = buildLateralLineNetwork(p, { seed: 3, llRateHz: 40, plastic: true });
    const byName = new Map(spec.projections!.map((x) => [x.name, x]));
    expect([...byName.keys()]).toEqual(['llMon', 'bgMon', 'monToInh', 'inhToMon', 'monTs', 'bgTs', 'tsLateral', 'tsToInh', 'inhToTs']);
    expect(byName.get('llMon')!.plasticity!.map((r) => r.kind)).toEqual(['stdp-multiplicative', 'homeostasis-multiplicative']);
    expect(byName.get('monTs')!.plasticity!.map((r) => r.kind)).toEqual(['stdp-additive', 'homeostasis-multiplicative']);
    const monTsRules = byName.get('monTs')!.plasticity!;
    expect(monTsRules[0]).toMatchObject({ aPreMv: p.monTsGainMv * 0.01, aPostMv: p.monTsGainMv * -0.006, wMaxMv: p.monTsGainMv * 0.028 });
    expect(monTsRules[1]).toMatchObject({ target: 'population-mean', intervalMs: 2 * 240, eta: 0.001 });
    // initial LL→MON weights in [10, 18] mV (the code's range, not BASELINE.md's "[2, 18]"), target = mean incoming sum ≈ 10·14
    const w = Array.from(byName.get('llMon')!.weightsMv);
    expect(Math.min(...w)).toBeGreaterThanOrEqual(10);
    expect(Math.max(...w)).toBeLessThan(18);
    expect(llMonTargetMv).toBeGreaterThan(130);
    expect(llMonTargetMv).toBeLessThan(150);
    expect(Array.from(byName.get('inhToMon')!.weightsMv).every((x) => x === -1.8)).toBe(true);
    const lateral = byName.get('tsLateral')!;
    expect(lateral.synapse).toBe('inh');
    expect(lateral.postIndex.length).toBe(30 * 8);
    expect(Math.min(...Array.from(lateral.weightsMv))).toBeCloseTo(-1.5 * (3 / 4), 12);
    const plain = buildLateralLineNetwork(p, { seed: 3, llRateHz: 40, plastic: false }).spec;
    expect(plain.projections!.every((x) => (x.plasticity ?? []).length === 0)).toBe(true);
    const net = compileNetwork(spec, { dtMs: 1, seed: 3 });
    expect(net.kernels.map((k) => k.kernel)).toEqual(['wasm-simd', 'wasm-simd', 'wasm-simd', 'wasm-simd']);
  });
});
