import { pairwiseDecorrelation } from '../../src/decorrelation/pairwise-decorrelation';

describe('pairwiseDecorrelation', () => {
  // 3 odors. c_OR: (0,1) = 1/√2, (0,2) = 0, (1,2) = 1/√2
  //          c_PN: (0,1) = 0.6,  (0,2) = 0, (1,2) = 0.8
  //          c_KC: (0,1) = 0,    (0,2) = 1/√2, (1,2) = 1/√2
  const patterns = {
    or: [1, 0, 1, 1, 0, 1],
    pn: [1, 0, 0.6, 0.8, 0, 1],
    kc: [1, 0, 0, 1, 1, 1],
  };

  it('pairwiseDecorrelation(patterns, nOdors) averages per-pair ratios, skipping |c_OR| ≤ 1e−8 and |c_PN| ≤ 1e−8', () => {
    const d = pairwiseDecorrelation(patterns, 3);
    expect(d.nPairs).toBe(3);
    // pair (0,2) is skipped everywhere (c_OR = c_PN = 0)
    expect(d.ratios.pnOverOr).toHaveLength(2);
    expect(d.ratios.pnOverOr[0]).toBeCloseTo(0.6 * Math.SQRT2, 14);
    expect(d.ratios.pnOverOr[1]).toBeCloseTo(0.8 * Math.SQRT2, 14);
    expect(Array.from(d.ratios.kcOverOr).map((x) => +x.toFixed(14))).toEqual([0, 1]);
    expect(d.ratios.kcOverPn[1]).toBeCloseTo(Math.SQRT1_2 / 0.8, 14);
    expect(d.alPercent).toBeCloseTo((1 - 0.7 * Math.SQRT2) * 100, 12); // 1.0051
    expect(d.mbPercent).toBeCloseTo((1 - 1 / (1.6 * Math.SQRT2)) * 100, 12); // 55.806
    expect(d.totalPercent).toBeCloseTo(50, 12);
  });

  it('treats a tiny c_OR as zero (|c_OR| ≤ 1e−8 is skipped) and gives NaN when nothing was collected', () => {
    // OR orthogonal for the only pair → no c_PN/c_OR or c_KC/c_OR; c_PN = 1 → c_KC/c_PN = 1
    const d = pairwiseDecorrelation({ or: [1, 0, 0, 1], pn: [1, 1, 2, 2], kc: [1, 0, 3, 0] }, 2);
    expect(d.alPercent).toBeNaN();
    expect(d.totalPercent).toBeNaN();
    expect(d.mbPercent).toBeCloseTo(0, 12);
  });

  it('rejects a stage whose length is not a multiple of nOdors', () => {
    expect(() => pairwiseDecorrelation({ ...patterns, pn: [1, 2, 3, 4] }, 3)).toThrow(
      /Argument 'patterns.pn' passed to 'pairwiseDecorrelation' has length 4; expected a non-zero multiple of nOdors = 3/,
    );
    expect(() => pairwiseDecorrelation(patterns, 0)).toThrow(/Argument 'nOdors' passed to 'pairwiseDecorrelation' is 0/);
  });
});
