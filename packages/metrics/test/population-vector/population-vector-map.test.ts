import {
  averageRanks,
  circularStd,
  mapRankCorrelation,
  populationVectorMap,
  preferredPositions,
  randomPermutation,
  spearmanRankCorrelation,
  stabilisationTime,
  syntheticMapSpikes,
  tuningCurves,
  tuningWidthFwhm,
} from '../../src/index';
import { mulberry32 as seeded } from '../helpers/seeded';

/** The 5-cm test path of the lateral-line presets: 1,000 steps of 1 ms from −0.5 cm at 5 cm/s. */
const path = Float64Array.from({ length: 1000 }, (_, k) => -0.5 + 0.005 * k);

describe('populationVectorMap', () => {
  it('populationVectorMap has the expected defaults (100 bins at most, 20-ms boxcar, whole path)', () => {
    const pv = populationVectorMap(syntheticMapSpikes({ nNeurons: 300, xCm: path, mapStartCm: -0.5, mapEndCm: 4.5 }), { nNeurons: 300, xCm: path, dtMs: 1 });
    expect(pv.bias.length).toBe(100);
    expect(populationVectorMap({ steps: [], neurons: [] }, { nNeurons: 8, xCm: path, dtMs: 1 }).bias.length).toBe(8);
  });

  it('populationVectorMap equals the numpy computation of the reference formula on a small case (oracle)', () => {
    // Oracle: /usr/bin/python3 (numpy 1.24, scipy 1.10), the spec §1.4 formula with np.convolve(mode='same'),
    // n = 8 cells, 60 steps on linspace(−0.5, 4.5, 60), boxcar 6 steps, 5 bins; spikes: t even → cell (t//4)%8,
    // t%5 == 0 → cell (3t+1)%8. Printed sigmaTheta 1.8517204678615768, deltaTrial 0.37031231394079817,
    // valid 1.0, pv length 0.7290057366493592.
    const steps: number[] = [];
    const neurons: number[] = [];
    for (let t = 0; t < 60; t++) {
      if (t % 2 === 0) (steps.push(t), neurons.push(Math.floor(t / 4) % 8));
      if (t % 5 === 0) (steps.push(t), neurons.push((3 * t + 1) % 8));
    }
    const x = Float64Array.from({ length: 60 }, (_, k) => -0.5 + (5 * k) / 59);
    const pv = populationVectorMap({ steps, neurons }, { nNeurons: 8, xCm: x, dtMs: 1, smoothMs: 6, nPositionBins: 5 });
    expect(pv.sigmaTheta).toBeCloseTo(1.8517204678615768, 10);
    expect(pv.deltaTrial).toBeCloseTo(0.37031231394079817, 10);
    expect(pv.validFraction).toBe(1);
    expect(pv.pvLength).toBeCloseTo(0.7290057366493592, 10);
  });

  it('a perfect map over the whole path scores near 0; over the 4-cm body on the 5-cm path it has the ≈ 0.34 rad floor', () => {
    const whole = populationVectorMap(syntheticMapSpikes({ nNeurons: 300, xCm: path, mapStartCm: -0.5, mapEndCm: 4.5 }), { nNeurons: 300, xCm: path, dtMs: 1 });
    expect(whole.sigmaTheta).toBeLessThan(0.05);
    expect(whole.pvLength).toBeGreaterThan(0.9);
    const body = populationVectorMap(syntheticMapSpikes({ nNeurons: 300, xCm: path, mapStartCm: 0, mapEndCm: 4 }), { nNeurons: 300, xCm: path, dtMs: 1 });
    // bias = 2π(x/4 − (x + 0.5)/5) spreads over ±0.2π: a uniform spread of SD ≈ 0.36 rad, and the edges of the
    // path are silent; the reference's own metric gives 0.339 on its synthetic perfect map (spec §1.7).
    expect(body.sigmaTheta).toBeGreaterThan(0.3);
    expect(body.sigmaTheta).toBeLessThan(0.4);
    expect(body.validFraction).toBeGreaterThan(0.8);
    expect(body.validFraction).toBeLessThan(0.84);
  });

  it('a shifted map (constant offset) costs nothing in σθ, but a random map scores ≈ 1.7 rad and has no rank order', () => {
    const n = 300;
    const shifted = Int32Array.from({ length: n }, (_, k) => (k + 60) % n);
    const s = populationVectorMap(syntheticMapSpikes({ nNeurons: n, xCm: path, mapStartCm: -0.5, mapEndCm: 4.5, order: shifted }), { nNeurons: n, xCm: path, dtMs: 1 });
    expect(s.sigmaTheta).toBeLessThan(0.05);
    const sigmas: number[] = [];
    const rhos: number[] = [];
    for (let seed = 1; seed <= 5; seed++) {
      const order = randomPermutation(n, seeded(seed));
      const spikes = syntheticMapSpikes({ nNeurons: n, xCm: path, mapStartCm: 0, mapEndCm: 4, order });
      sigmas.push(populationVectorMap(spikes, { nNeurons: n, xCm: path, dtMs: 1 }).sigmaTheta);
      rhos.push(mapRankCorrelation(preferredPositions(tuningCurves(spikes, { nNeurons: n, xCm: path, dtMs: 1, nBins: 100 }))).rho);
    }
    const mean = sigmas.reduce((a, b) => a + b, 0) / sigmas.length;
    expect(mean).toBeGreaterThan(1.3);
    expect(mean).toBeLessThan(2.2);
    for (const r of rhos) expect(Math.abs(r)).toBeLessThan(0.25);
    const perfect = syntheticMapSpikes({ nNeurons: n, xCm: path, mapStartCm: 0, mapEndCm: 4 });
    expect(mapRankCorrelation(preferredPositions(tuningCurves(perfect, { nNeurons: n, xCm: path, dtMs: 1, nBins: 100 }))).rho).toBeGreaterThan(0.99);
  });

  it('an evaluation window maps only its span to [0, 2π) and zeroes activity outside it', () => {
    const spikes = syntheticMapSpikes({ nNeurons: 300, xCm: path, mapStartCm: 0, mapEndCm: 4 });
    const pv = populationVectorMap(spikes, { nNeurons: 300, xCm: path, dtMs: 1, evalWindowCm: [0, 4] });
    expect(pv.sigmaTheta).toBeLessThan(0.05);
    expect(pv.validFraction).toBeLessThan(0.82);
    expect(Number.isNaN(pv.thetaTrue[0]!)).toBe(true);
  });

  it('populationVectorMap rejects nNeurons < 1, dtMs <= 0, an empty path and a count past the arrays', () => {
    expect(() => populationVectorMap({ steps: [], neurons: [] }, { nNeurons: 0, xCm: path, dtMs: 1 })).toThrow(/Argument 'nNeurons' passed to 'populationVectorMap' is 0/);
    expect(() => populationVectorMap({ steps: [], neurons: [] }, { nNeurons: 3, xCm: path, dtMs: 0 })).toThrow(/'dtMs'.*expected a number > 0/);
    expect(() => populationVectorMap({ steps: [], neurons: [] }, { nNeurons: 3, xCm: [], dtMs: 1 })).toThrow(/'xCm'.*is empty/);
    expect(() => populationVectorMap({ steps: [1], neurons: [1], count: 2 }, { nNeurons: 3, xCm: path, dtMs: 1 })).toThrow(/has count 2/);
  });
});

describe('tuning, rank correlation and stabilisation', () => {
  it('tuningCurves / tuningWidthFwhm / preferredPositions measure a cell that fires on a 0.5-cm stretch', () => {
    const steps: number[] = [];
    for (let t = 0; t < 1000; t++) if (path[t]! >= 1 && path[t]! < 1.5) steps.push(t);
    const c = tuningCurves({ steps, neurons: steps.map(() => 0) }, { nNeurons: 2, xCm: path, dtMs: 1, nBins: 50 });
    expect(c.binWidthCm).toBeCloseTo(4.995 / 50, 12);
    const pref = preferredPositions(c);
    expect(pref[0]).toBeGreaterThan(1);
    expect(pref[0]).toBeLessThan(1.5);
    expect(Number.isNaN(pref[1]!)).toBe(true);
    const w = tuningWidthFwhm(c);
    expect(w.nCells).toBe(1);
    expect(Number.isNaN(w.meanCm)).toBe(true);
    expect(w.widthsCm[0]).toBeGreaterThan(0.45);
    expect(w.widthsCm[0]).toBeLessThan(0.65);
  });

  it('spearmanRankCorrelation and averageRanks equal scipy (oracle)', () => {
    // /usr/bin/python3: scipy.stats.spearmanr([1..7], [2.5,1,4,4,9,7,8]).correlation = 0.8468812149338255;
    // spearmanr([0..5], [0.3,0.1,0.2,0.9,0.5,0.4]) = 0.6; rankdata([3,1,4,1,5,9,2,6,5]) = [4,1.5,5,1.5,6.5,9,3,8,6.5]
    expect(spearmanRankCorrelation([1, 2, 3, 4, 5, 6, 7], [2.5, 1, 4, 4, 9, 7, 8])).toBeCloseTo(0.8468812149338255, 12);
    expect(spearmanRankCorrelation([0, 1, 2, 3, 4, 5], [0.3, 0.1, 0.2, 0.9, 0.5, 0.4])).toBeCloseTo(0.6, 12);
    expect(Array.from(averageRanks([3, 1, 4, 1, 5, 9, 2, 6, 5]))).toEqual([4, 1.5, 5, 1.5, 6.5, 9, 3, 8, 6.5]);
    expect(spearmanRankCorrelation([1, 2, NaN, 4], [1, 2, 3, 4])).toBeCloseTo(1, 12);
    expect(() => spearmanRankCorrelation([1, 2], [1])).toThrow(/has length 1; expected 2/);
  });

  it('stabilisationTime finds the first time after 4 checkpoints of < 0.5 % change, else null', () => {
    const t = [0, 6, 12, 18, 24, 30, 36, 42];
    expect(stabilisationTime(t, [1, 2, 3, 3.001, 3.002, 3.002, 3.003, 3.003])).toBe(36);
    expect(stabilisationTime(t, [1, 2, 3, 4, 5, 6, 7, 8])).toBeNull();
    expect(stabilisationTime([0, 1], [1, 1])).toBeNull();
  });

  it('circularStd is 0 for equal angles and grows for spread ones', () => {
    expect(circularStd([1, 1, 1])).toBeLessThan(1e-7); // √(−2 ln R̄) with R̄ rounded just below 1
    expect(circularStd([0, Math.PI / 2])).toBeCloseTo(Math.sqrt(-2 * Math.log(Math.SQRT1_2)), 12);
  });
});
