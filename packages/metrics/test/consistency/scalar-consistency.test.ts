import { coefficientOfVariation, scalarConsistency } from '../../src/consistency/scalar-consistency';

describe('scalarConsistency', () => {
  it('scalarConsistency(values) has the expected defaults: CV = population std / |mean|', () => {
    // [2, 4]: mean 3, population std 1 (sample std would be √2) → CV 1/3; ln values ±ln2/2 around ln√8 → std ln2/2
    const s = scalarConsistency([2, 4]);
    expect(s.mean).toBe(3);
    expect(s.std).toBe(1);
    expect(s.cv).toBeCloseTo(1 / 3, 15);
    expect(s.stdLog).toBeCloseTo(Math.LN2 / 2, 15);
  });

  it('uses |mean| for negative parameters and has NaN log-std when a value is ≤ 0', () => {
    const s = scalarConsistency([-2, -4]);
    expect(s.cv).toBeCloseTo(1 / 3, 15);
    expect(s.stdLog).toBeNaN();
  });

  it('rejects an empty list', () => {
    expect(() => scalarConsistency([])).toThrow(/is empty/);
  });
});

describe('coefficientOfVariation', () => {
  it('coefficientOfVariation(values) is std/|mean| with ddof = 0', () => {
    expect(coefficientOfVariation([1, 3])).toBe(0.5);
    expect(coefficientOfVariation([5, 5, 5])).toBe(0);
  });
});
