import { InvalidParameterError, csrColDegrees, csrFromTriplets, csrNnz, csrRowDegrees, csrSum, csrToDense, type CsrMatrix } from '@olfactory/neurons';
import { rewireDegreePreserving, type RewireDegreePreservingOptions } from '../../src/null-models/rewire-degree-preserving';
import { NumpyRandomState } from '../../src/random/numpy-random-state';

/** A deterministic sparse matrix without self-loops, distinct weights 1..nnz in float32. */
function randomGraph(nRows: number, nCols: number, density: number, seed: number): CsrMatrix {
  const rs = new NumpyRandomState(seed);
  const r: number[] = [];
  const c: number[] = [];
  const v: number[] = [];
  for (let i = 0; i < nRows; i++) {
    for (let j = 0; j < nCols; j++) {
      if (nRows === nCols && i === j) continue;
      if (rs.randomSample() < density) {
        r.push(i);
        c.push(j);
        v.push(r.length + 0.5);
      }
    }
  }
  return csrFromTriplets(nRows, nCols, r, c, v);
}

function edgeKeys(m: CsrMatrix): Set<string> {
  const out = new Set<string>();
  for (let r = 0; r < m.nRows; r++) for (let k = m.rowPtr[r]!; k < m.rowPtr[r + 1]!; k++) out.add(`${r}>${m.colIdx[k]}`);
  return out;
}

function rowWeightMultisets(m: CsrMatrix): number[][] {
  return Array.from({ length: m.nRows }, (_, r) => Array.from(m.values.subarray(m.rowPtr[r]!, m.rowPtr[r + 1]!)).sort((a, b) => a - b));
}

const sorted = (xs: ArrayLike<number>): number[] => Array.from(xs).sort((a, b) => a - b);

describe('rewireDegreePreserving', () => {
  const square = randomGraph(40, 40, 0.1, 101);
  const rect = randomGraph(25, 60, 0.12, 102);

  it('rewireDegreePreserving has the expected defaults (10 × nnz attempts, no self-loops)', () => {
    const { matrix, stats } = rewireDegreePreserving(square, { seed: 1 });
    expect(stats.attempted).toBe(10 * csrNnz(square));
    expect(stats.accepted).toBeGreaterThan(0);
    expect(stats.accepted).toBeLessThanOrEqual(stats.attempted);
    for (let r = 0; r < matrix.nRows; r++) {
      for (let k = matrix.rowPtr[r]!; k < matrix.rowPtr[r + 1]!; k++) expect(matrix.colIdx[k]).not.toBe(r);
    }
  });

  it.each([
    ['square', square],
    ['rectangular', rect],
  ])('rewireDegreePreserving keeps every in- and out-degree and the weight multisets (%s)', (_label, m) => {
    const { matrix } = rewireDegreePreserving(m, { seed: 7 });
    expect([matrix.nRows, matrix.nCols]).toEqual([m.nRows, m.nCols]);
    expect(Array.from(csrRowDegrees(matrix))).toEqual(Array.from(csrRowDegrees(m)));
    expect(Array.from(csrColDegrees(matrix))).toEqual(Array.from(csrColDegrees(m)));
    expect(sorted(matrix.values)).toEqual(sorted(m.values));
    expect(rowWeightMultisets(matrix)).toEqual(rowWeightMultisets(m)); // weights travel with the presynaptic end
    expect(csrSum(matrix)).toBe(csrSum(m));
    expect(csrNnz(matrix)).toBe(csrNnz(m));
  });

  it('rewireDegreePreserving creates no duplicate edges (nnz kept, strictly increasing columns)', () => {
    const { matrix } = rewireDegreePreserving(square, { seed: 3, swaps: 5000 });
    expect(edgeKeys(matrix).size).toBe(csrNnz(square));
    for (let r = 0; r < matrix.nRows; r++) {
      for (let k = matrix.rowPtr[r]! + 1; k < matrix.rowPtr[r + 1]!; k++) expect(matrix.colIdx[k]!).toBeGreaterThan(matrix.colIdx[k - 1]!);
    }
  });

  it('rewireDegreePreserving actually changes the edge set', () => {
    for (const m of [square, rect]) {
      const before = edgeKeys(m);
      const { matrix, stats } = rewireDegreePreserving(m, { seed: 11 });
      const after = edgeKeys(matrix);
      const kept = [...after].filter((e) => before.has(e)).length;
      expect(stats.accepted).toBeGreaterThan(csrNnz(m));
      expect(kept).toBeLessThan(0.5 * before.size); // well mixed after 10 × nnz attempts
      expect(matrix).not.toBe(m);
    }
  });

  it('rewireDegreePreserving is deterministic for a seed and does not modify its input', () => {
    const before = Array.from(csrToDense(square));
    const a = rewireDegreePreserving(square, { seed: 5 });
    const b = rewireDegreePreserving(square, { seed: 5 });
    const c = rewireDegreePreserving(square, { seed: 6 });
    expect(Array.from(csrToDense(a.matrix))).toEqual(Array.from(csrToDense(b.matrix)));
    expect(a.stats).toEqual(b.stats);
    expect(Array.from(csrToDense(a.matrix))).not.toEqual(Array.from(csrToDense(c.matrix)));
    expect(Array.from(csrToDense(square))).toEqual(before);
  });

  it('rewireDegreePreserving with { rng } equals the same NumpyRandomState stream given by { seed }', () => {
    const bySeed = rewireDegreePreserving(rect, { seed: 9, swaps: 500 });
    const byRng = rewireDegreePreserving(rect, { rng: new NumpyRandomState(9).uniformSource(), swaps: 500 });
    expect(Array.from(csrToDense(byRng.matrix))).toEqual(Array.from(csrToDense(bySeed.matrix)));
  });

  it('rewireDegreePreserving allows self-loops only when asked', () => {
    // 0→1 and 1→0 can only swap into 0→0 and 1→1.
    const two = csrFromTriplets(2, 2, [0, 1], [1, 0], [2, 3]);
    const strict = rewireDegreePreserving(two, { seed: 1, swaps: 50 });
    expect(strict.stats.accepted).toBe(0);
    expect(Array.from(csrToDense(strict.matrix))).toEqual([0, 2, 3, 0]);
    const loose = rewireDegreePreserving(two, { seed: 1, swaps: 50, allowSelfLoops: true });
    expect(loose.stats.accepted).toBeGreaterThan(0);
    // Either back where it started or the self-loop configuration 0→0 (weight 2), 1→1 (weight 3).
    expect([
      [0, 2, 3, 0],
      [2, 0, 0, 3],
    ]).toContainEqual(Array.from(csrToDense(loose.matrix)));
  });

  it('rewireDegreePreserving returns a copy with no attempts for fewer than two edges, and honours swaps: 0', () => {
    const one = csrFromTriplets(3, 3, [0], [2], [4]);
    expect(rewireDegreePreserving(one, { seed: 0 }).stats).toEqual({ attempted: 0, accepted: 0 });
    const zero = rewireDegreePreserving(square, { seed: 0, swaps: 0 });
    expect(zero.stats).toEqual({ attempted: 0, accepted: 0 });
    expect(Array.from(csrToDense(zero.matrix))).toEqual(Array.from(csrToDense(square)));
  });

  const invalid: Array<[string, RewireDegreePreservingOptions, RegExp]> = [
    ['a negative seed', { seed: -1 }, /^invalid seed: -1; expected an integer in \[0, 2\^32\)/],
    ['a seed ≥ 2^32', { seed: 2 ** 32 }, /^invalid seed: 4294967296; expected an integer in \[0, 2\^32\)/],
    ['a NaN seed', { seed: Number.NaN }, /^invalid seed: NaN; expected an integer in \[0, 2\^32\)/],
    ['a non-integer swaps', { seed: 1, swaps: 2.5 }, /^invalid swaps: 2.5; expected a non-negative integer/],
    ['a negative swaps', { seed: 1, swaps: -3 }, /^invalid swaps: -3; expected a non-negative integer/],
    ['a NaN swaps', { seed: 1, swaps: Number.NaN }, /^invalid swaps: NaN; expected a non-negative integer/],
    ['neither seed nor rng', {}, /^invalid seed: undefined; expected an integer in \[0, 2\^32\), or an rng function.*randomness is always injected/],
    ['both seed and rng', { seed: 1, rng: () => 0.5 }, /^invalid seed: 1; expected either seed or rng, not both/],
    ['an rng outside [0, 1)', { rng: () => 1 }, /^invalid rng\(\): 1; expected a number in \[0, 1\)/],
  ];
  it.each(invalid)('rewireDegreePreserving rejects %s', (_label, options, message) => {
    expect(() => rewireDegreePreserving(square, options)).toThrow(InvalidParameterError);
    expect(() => rewireDegreePreserving(square, options)).toThrow(message);
  });
});
