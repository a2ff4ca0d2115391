import { thresholdBoundaryFractions } from '../../src/thresholds/threshold-boundary';

describe('thresholdBoundaryFractions', () => {
  it('thresholdBoundaryFractions has the expected defaults: ≥ −30.5 mV upper, ≤ −54.5 mV lower (both inclusive)', () => {
    const f = thresholdBoundaryFractions([-30, -30.5, -31, -54.5, -55, -40]);
    expect(f.atUpper).toBeCloseTo(2 / 6, 15);
    expect(f.atLower).toBeCloseTo(2 / 6, 15);
    expect(f.interior).toBeCloseTo(2 / 6, 15);
  });

  it('thresholdBoundaryFractions(vThresholdMv, { upperMv, lowerMv }) uses the given bounds', () => {
    expect(thresholdBoundaryFractions([-30, -30.5, -45, -50], { upperMv: -30.1, lowerMv: -50 })).toEqual({ atUpper: 0.25, atLower: 0.25, interior: 0.5 });
  });

  it('rejects volts, non-finite values, an empty list and inverted bounds', () => {
    expect(() => thresholdBoundaryFractions([-0.03, -0.05])).toThrow(/expected thresholds in mV. Multiply volts by 1000/);
    expect(() => thresholdBoundaryFractions([-40, Number.NaN])).toThrow(/vThresholdMv\[1\] = NaN/);
    expect(() => thresholdBoundaryFractions([])).toThrow(/Argument 'vThresholdMv' passed to 'thresholdBoundaryFractions' is empty/);
    expect(() => thresholdBoundaryFractions([-40], { upperMv: -60 })).toThrow(/expected lowerMv < upperMv/);
  });
});
