import { concentrationInvariance, dynamicRange } from '../../src/concentration/concentration-invariance';
import type { ConcentrationSummary } from '../../src/concentration/concentration-invariance';

const cs = [0.03, 0.1, 0.3, 0.5, 1, 2, 5];
const or = [10, 12, 13, 14, 15, 16, 17.5];
const pn = [20, 21, 22, 23, 23.5, 24, 24.6];
const kc = [5, 5.1, 5.2, 5.3, 5.4, 5.5, 5.75];
const dec = [0.1, 0.2, 0.46, 0.6, 0.7, 0.74, 0.78];
const cen = [0.2, 0.3, 0.5, 0.6, 0.9, 0.6, 0.5];
const summaries: ConcentrationSummary[] = cs.map((c, i) => ({
  concentration: c,
  meanOr: or[i]!,
  meanPn: pn[i]!,
  meanKc: kc[i]!,
  decoderAccuracy: dec[i]!,
  kcCentroidAccuracy: cen[i]!,
}));

describe('dynamicRange', () => {
  it('dynamicRange(high, low) floors the denominator at 1e−8', () => {
    expect(dynamicRange(17.5, 10)).toBe(1.75);
    expect(dynamicRange(2, 0)).toBe(2e8);
  });
});

describe('concentrationInvariance', () => {
  it('concentrationInvariance(summaries) has the expected defaults: ranges 5 vs 0.03, robust c ∈ [0.3, 5], identity over c ≠ 1', () => {
    const r = concentrationInvariance(summaries);
    expect(r.orRange).toBe(1.75);
    expect(r.pnRange).toBeCloseTo(1.23, 14);
    expect(r.kcRange).toBeCloseTo(1.15, 14);
    expect(r.sublinearPnGain).toBe(true);
    expect(r.flatKcActivity).toBe(true);
    expect(r.robustAccuracy).toBeCloseTo(3.28 / 5, 14); // (0.46 + 0.6 + 0.7 + 0.74 + 0.78)/5 = 0.656
    expect(r.robustClassification).toBe(true);
    expect(r.identityAccuracy).toBeCloseTo(2.7 / 6, 14); // 0.45, c = 1 excluded
    expect(r.odorIdentityPreservation).toBe('PARTIAL');
  });

  it('grades odor identity PASS above 0.6, PARTIAL above 0.3, FAIL otherwise, and flags a non-flat KC range', () => {
    const scaled = (f: number) => summaries.map((s) => ({ ...s, kcCentroidAccuracy: s.kcCentroidAccuracy * f }));
    expect(concentrationInvariance(scaled(1.5)).odorIdentityPreservation).toBe('PASS'); // 0.675
    expect(concentrationInvariance(scaled(0.5)).odorIdentityPreservation).toBe('FAIL'); // 0.225
    const steepKc = summaries.map((s) => (s.concentration === 5 ? { ...s, meanKc: 6 } : s)); // 6/5 = 1.2, not < 1.2
    expect(concentrationInvariance(steepKc).flatKcActivity).toBe(false);
    const lowAcc = summaries.map((s) => ({ ...s, decoderAccuracy: 0.5 }));
    expect(concentrationInvariance(lowAcc).robustClassification).toBe(false);
  });

  it('rejects summaries without the low or high concentration', () => {
    expect(() => concentrationInvariance(summaries.slice(0, 6))).toThrow(/Argument 'summaries' passed to 'concentrationInvariance' has no entry for concentration 5/);
  });
});
