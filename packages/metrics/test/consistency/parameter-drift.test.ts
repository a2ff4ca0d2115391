import { driftInterpretation, parameterDrift } from '../../src/consistency/parameter-drift';

describe('parameterDrift', () => {
  it('parameterDrift(teacher, student) gives r, the norm ratio and the mean relative absolute difference', () => {
    expect(parameterDrift([1, 2, 4], [2, 4, 8])).toEqual({ r: expect.closeTo(1, 15), normRatio: 2, meanRelativeAbsDiff: 1 });
    // t = [1, −1, 0], s = [1, 1, 1]: |Δ|/max(|t|, 1e−8) = [0, 2, 1e8] → mean (2 + 1e8)/3
    const d = parameterDrift([1, -1, 0], [1, 1, 1]);
    expect(d.meanRelativeAbsDiff).toBeCloseTo((2 + 1e8) / 3, 6);
    expect(d.normRatio).toBeCloseTo(Math.sqrt(3 / 2), 15);
    expect(d.r).toBeNaN(); // student constant
  });

  it('rejects vectors of different lengths', () => {
    expect(() => parameterDrift([1, 2], [1])).toThrow(/Argument 'student' passed to 'parameterDrift' has length 1; expected 2/);
  });
});

describe('driftInterpretation', () => {
  it('driftInterpretation(meanR) uses the thresholds 0.9 and 0.5 (strict)', () => {
    expect(driftInterpretation(0.95)).toBe('preserved');
    expect(driftInterpretation(0.9)).toBe('partially preserved');
    expect(driftInterpretation(0.51)).toBe('partially preserved');
    expect(driftInterpretation(0.5)).toBe('substantially reshaped');
  });
});
