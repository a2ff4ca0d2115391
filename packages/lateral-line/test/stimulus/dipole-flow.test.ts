import { afferentRatesHz, defineLateralLineParams, dipoleFlowAlongBody, dipolePotential, neuromastPositionsCm, testSweep, trainingPositionCm, trainingStream } from '../../src/index';

const source = { xCm: 1.7, yCm: 0.8, speedCmPerS: 5, radiusCm: 0.5, direction: 1 };

describe('the dipole stimulus', () => {
  it('dipoleFlowAlongBody equals ∂φ/∂x of the dipole potential φ = (R³/2)·U(e·ρ)/|ρ|³ (central differences)', () => {
    const xs = Float64Array.from({ length: 41 }, (_, i) => -0.5 + i * 0.125);
    for (const s of [source, { ...source, direction: -1, yCm: 0.3, xCm: 3.1 }]) {
      const v = dipoleFlowAlongBody(xs, s);
      const h = 1e-5;
      xs.forEach((x, i) => {
        const fd = (dipolePotential(x + h, 0, s) - dipolePotential(x - h, 0, s)) / (2 * h);
        expect(Math.abs(v[i]! - fd)).toBeLessThan(1e-6 * Math.max(1, Math.abs(fd)));
      });
    }
  });

  it('dipoleFlowAlongBody has the closed form at chosen points: −(U R³/2)(2dx² − D²)/ρ⁵, lobes that swap sign with the direction', () => {
    // Right under the sphere (dx = 0): v = (U R³/2)·D²/D⁵ = 5·0.125/2/0.8³ = 0.6103515625 cm/s
    const under = dipoleFlowAlongBody([1.7], source)[0]!;
    expect(under).toBeCloseTo((5 * 0.125) / 2 / 0.8 ** 3, 12);
    // At dx = D/√2 the along-body flow changes sign (2dx² = D²)
    expect(Math.abs(dipoleFlowAlongBody([1.7 + 0.8 / Math.SQRT2], source)[0]!)).toBeLessThan(1e-12);
    const back = dipoleFlowAlongBody([1.7, 2.9], { ...source, direction: -1 });
    const fwd = dipoleFlowAlongBody([1.7, 2.9], source);
    expect(back[0]).toBeCloseTo(-fwd[0]!, 12);
    expect(back[1]).toBeCloseTo(-fwd[1]!, 12);
    expect(fwd[1]).toBeLessThan(0); // beyond the sign change, the flow reverses
  });

  it('afferentRatesHz is clip(r0 + A·v + η, 0, r_max)', () => {
    const r = afferentRatesHz([0, 0.1, 1, -1], { r0Hz: 40, rMaxHz: 200, rateGainHzPerCmPerS: 300 }, [0, 5, 0, 0]);
    expect(Array.from(r)).toEqual([40, 75, 200, 0]);
  });

  it('trainingStream holds nLl positions head → tail then tail → head, 50 ms each, as one repeating schedule', () => {
    const p = defineLateralLineParams('baseline');
    const s = trainingStream(p);
    expect([s.snapshotXCm.length, s.periodMs, s.schedule.binMs, s.schedule.repeat, s.schedule.values.length]).toEqual([200, 10000, 50, true, 20000]);
    const xs = neuromastPositionsCm(100, 4);
    expect(s.snapshotXCm[0]).toBe(0);
    expect(s.snapshotXCm[99]).toBe(4);
    expect(s.snapshotXCm[100]).toBe(4);
    expect(s.snapshotXCm[199]).toBe(0);
    expect(trainingPositionCm(s, 10000 + 60)).toBe(xs[1]);
    // Snapshot 30 (x = 30·4/99): under the sphere r = 40 + 300·0.61 = 223 Hz, clipped to 200; the
    // pattern is symmetric about the afferent under the sphere, and the far lobes dip below r0.
    const row = Array.from(s.schedule.values).slice(30 * 100, 31 * 100);
    expect(row[30]).toBe(200);
    for (let k = 1; k <= 30; k++) expect(row[30 - k]).toBeCloseTo(row[30 + k]!, 9);
    expect(Math.min(...row)).toBeLessThan(40);
  });

  it('testSweep moves 5 cm in 1 s from −0.5 cm; without noise the rates are the formula, with it the OU noise has SD ≈ 10 Hz', () => {
    const p = defineLateralLineParams('baseline');
    const quiet = testSweep({ ...p, noiseSdHz: 0 }, { seed: 1 });
    expect([quiet.steps, quiet.durationMs, quiet.xCm[0], quiet.xCm[999]]).toEqual([1000, 1000, -0.5, -0.5 + 0.005 * 999]);
    const k = 500;
    const expected = afferentRatesHz(dipoleFlowAlongBody(neuromastPositionsCm(100, 4), { ...source, xCm: quiet.xCm[k]! }), p);
    expect(Array.from(quiet.schedule.values).slice(k * 100, (k + 1) * 100)).toEqual(Array.from(expected));
    const noisy = testSweep(p, { seed: 1 });
    // η at a far-from-sphere afferent late in the sweep: the rate minus the noiseless rate (unclipped there)
    const diffs: number[] = [];
    for (let t = 300; t < 1000; t += 1)
      for (const i of [0, 50]) if (Math.abs(quiet.xCm[t]! - (4 * i) / 99) > 1.5) diffs.push(noisy.schedule.values[t * 100 + i]! - quiet.schedule.values[t * 100 + i]!);
    const sd = Math.sqrt(diffs.reduce((a, b) => a + b * b, 0) / diffs.length);
    expect(sd).toBeGreaterThan(5); // one OU path of τ 100 ms over 0.7 s: a rough check of the scale
    expect(sd).toBeLessThan(16);
    expect(Array.from(Array.from(testSweep(p, { seed: 1 }).schedule.values).slice(0, 500))).toEqual(Array.from(noisy.schedule.values).slice(0, 500));
  });
});
