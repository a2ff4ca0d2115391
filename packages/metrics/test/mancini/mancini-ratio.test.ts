import { aplSuppressionPercent, figure4SuppressionPercent, manciniRatio } from '../../src/mancini/mancini-ratio';

describe('manciniRatio', () => {
  it('manciniRatio(baseline, boosted) divides the mean baseline by the mean boosted total', () => {
    const r = manciniRatio([90, 92, 88], [48, 50, 46]);
    expect(r.baselineMean).toBe(90);
    expect(r.boostedMean).toBe(48);
    expect(r.ratio).toBe(1.875);
    expect(r.passes).toBe(true);
    expect(r.suppressionPercent).toBeCloseTo((1 - 1 / 1.875) * 100, 12); // 46.667
  });

  it('has the expected defaults: boosted mean floored at 0.1 and pass interval [1.5, 2.5] inclusive', () => {
    expect(manciniRatio([9, 9], [0, 0]).ratio).toBe(90);
    expect(manciniRatio([9, 9], [0, 0]).passes).toBe(false);
    expect(manciniRatio([3], [2]).passes).toBe(true); // 1.5
    expect(manciniRatio([5], [2]).passes).toBe(true); // 2.5
    expect(manciniRatio([5.2], [2]).passes).toBe(false); // 2.6
    expect(manciniRatio([2.8], [2]).passes).toBe(false); // 1.4
  });

  it('manciniRatio(baseline, boosted, { passRange, minBoostedMean }) uses the given bounds', () => {
    expect(manciniRatio([4], [0], { minBoostedMean: 2, passRange: [1, 2] })).toMatchObject({ ratio: 2, passes: true });
  });

  it('rejects empty trial lists and an inverted pass range', () => {
    expect(() => manciniRatio([], [1])).toThrow(/Argument 'baselineTotals' passed to 'manciniRatio' is empty/);
    expect(() => manciniRatio([1], [])).toThrow(/Argument 'boostedTotals' passed to 'manciniRatio' is empty/);
    expect(() => manciniRatio([1], [1], { passRange: [2.5, 1.5] })).toThrow(/Argument 'passRange' passed to 'manciniRatio' is \[2.5, 1.5\]/);
  });
});

describe('aplSuppressionPercent', () => {
  it('aplSuppressionPercent(ratio) is (1 − 1/ratio)·100: the headline 1.85 → 45.9%', () => {
    expect(aplSuppressionPercent(2)).toBe(50);
    expect(aplSuppressionPercent(1.85)).toBeCloseTo(45.945945945946, 10);
    expect(aplSuppressionPercent(0.8)).toBeCloseTo(-25, 12);
  });
});

describe('figure4SuppressionPercent', () => {
  it('figure4SuppressionPercent(ratio) clips negative suppression at 0', () => {
    expect(figure4SuppressionPercent(0.8)).toBe(0);
    expect(figure4SuppressionPercent(4)).toBe(75);
  });
});
