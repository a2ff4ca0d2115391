import { withinOdorConsistency } from '../../src/consistency/within-odor-consistency';

describe('withinOdorConsistency', () => {
  it('withinOdorConsistency(trials, labels, dim) compares same-odor trial pairs with different-odor pairs', () => {
    // odor 0: [1,0], [1,1]; odor 1: [0,1], [0,2]
    const r = withinOdorConsistency([1, 0, 1, 1, 0, 1, 0, 2], [0, 0, 1, 1], 2);
    expect(r.withinPerOdor[0]).toBeCloseTo(Math.SQRT1_2, 15);
    expect(r.withinPerOdor[1]).toBeCloseTo(1, 15);
    // cross pairs: 0, 0, 1/√2, 1/√2
    expect(r.betweenPerOdor[0]).toBeCloseTo(Math.SQRT1_2 / 2, 15);
    expect(r.betweenPerOdor[1]).toBeCloseTo(Math.SQRT1_2 / 2, 15);
    expect(r.meanWithin).toBeCloseTo((Math.SQRT1_2 + 1) / 2, 15);
    expect(r.meanBetween).toBeCloseTo(Math.SQRT1_2 / 2, 15);
  });

  it('counts silent trials as dissimilar and leaves a single-trial odor out of the within mean', () => {
    // odor 0: [1,0], [0,0] (silent) → within 0; odor 1: one trial [1,0] → within NaN
    const r = withinOdorConsistency([1, 0, 0, 0, 1, 0], [0, 0, 1], 2);
    expect(r.withinPerOdor[0]).toBe(0);
    expect(r.withinPerOdor[1]).toBeNaN();
    expect(r.meanWithin).toBe(0);
    expect(r.betweenPerOdor[1]).toBe(0.5); // cos([1,0],[1,0]) = 1 and cos([0,0],[1,0]) = 0
  });

  it('rejects ragged trials and a wrong number of labels', () => {
    expect(() => withinOdorConsistency([1, 2, 3], [0], 2)).toThrow(/Argument 'trials' passed to 'withinOdorConsistency' has length 3/);
    expect(() => withinOdorConsistency([1, 2], [0, 1], 2)).toThrow(/Argument 'labels' passed to 'withinOdorConsistency' has length 2; expected 1/);
  });
});
