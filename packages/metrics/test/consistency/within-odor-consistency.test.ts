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

  it('gives the dense definition bit for bit on sparse codes with negative entries and silent rows (the sparse fast path)', () => {
    // the definition as a dense loop over every dimension (the implementation skips row i's zero terms)
    const dense = (x: Float64Array, labels: Int32Array, dim: number, nOdors: number) => {
      const n = labels.length;
      const unit = new Float64Array(n * dim);
      for (let i = 0; i < n; i++) {
        let ss = 0;
        for (let d = 0; d < dim; d++) ss += x[i * dim + d]! * x[i * dim + d]!;
        const norm = Math.sqrt(ss);
        if (norm < 1e-8) continue;
        for (let d = 0; d < dim; d++) unit[i * dim + d] = x[i * dim + d]! / norm;
      }
      const w = new Float64Array(nOdors);
      const wc = new Float64Array(nOdors);
      const b = new Float64Array(nOdors);
      const bc = new Float64Array(nOdors);
      for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++) {
          let c = 0;
          for (let d = 0; d < dim; d++) c += unit[i * dim + d]! * unit[j * dim + d]!;
          if (labels[i] === labels[j]) {
            w[labels[i]!]! += c;
            wc[labels[i]!]!++;
          } else {
            b[labels[i]!]! += c;
            bc[labels[i]!]!++;
            b[labels[j]!]! += c;
            bc[labels[j]!]!++;
          }
        }
      }
      return { within: w.map((v, o) => v / wc[o]!), between: b.map((v, o) => v / bc[o]!) };
    };
    // deterministic pseudo-random sparse rows (≈ 15 % nonzero, some negative, one silent row)
    let state = 12345;
    const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const n = 24;
    const dim = 37;
    const x = new Float64Array(n * dim);
    for (let k = 0; k < x.length; k++) if (next() < 0.15) x[k] = (next() < 0.2 ? -1 : 1) * Math.floor(1 + 5 * next()) * 0.1;
    x.fill(0, 5 * dim, 6 * dim);
    const labels = Int32Array.from({ length: n }, (_, i) => i % 4);
    const ref = dense(x, labels, dim, 4);
    const r = withinOdorConsistency(x, labels, dim);
    const same = (a: Float64Array, e: Float64Array) => a.length === e.length && a.every((v, i) => Object.is(v, e[i]));
    expect(same(r.withinPerOdor, ref.within)).toBe(true);
    expect(same(r.betweenPerOdor, ref.between)).toBe(true);
    // a non-finite entry takes the dense path: NaN spreads to every pair of its row, as in the definition
    x[3] = Number.NaN;
    const withNaN = withinOdorConsistency(x, labels, dim);
    expect(withNaN.withinPerOdor[0]).toBeNaN();
    expect(withNaN.betweenPerOdor[1]).toBeNaN();
  });

  it('rejects ragged trials and a wrong number of labels', () => {
    expect(() => withinOdorConsistency([1, 2, 3], [0], 2)).toThrow(/Argument 'trials' passed to 'withinOdorConsistency' has length 3/);
    expect(() => withinOdorConsistency([1, 2], [0, 1], 2)).toThrow(/Argument 'labels' passed to 'withinOdorConsistency' has length 2; expected 1/);
  });
});
