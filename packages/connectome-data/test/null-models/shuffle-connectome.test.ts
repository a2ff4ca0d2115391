import { InvalidParameterError, csrColSums, csrFromDense, csrFromTriplets, csrNnz, csrRowSums, csrSum, csrToDense, type CsrMatrix } from '@olfactory/neurons';
import { SHUFFLE_SEED_OFFSET, type MatrixShape, referenceShuffleFiles, referenceShuffleInputs, shuffleConnectome } from '../../src/null-models/shuffle-connectome';
import { NumpyRandomState } from '../../src/random/numpy-random-state';

const sorted = (xs: ArrayLike<number>): number[] => Array.from(xs).sort((a, b) => a - b);

/** A deterministic sparse integer matrix (about `density` filled, counts 1..20). */
function randomCounts(nRows: number, nCols: number, density: number, seed: number): CsrMatrix {
  const rs = new NumpyRandomState(seed);
  const r: number[] = [];
  const c: number[] = [];
  const v: number[] = [];
  for (let i = 0; i < nRows; i++) {
    for (let j = 0; j < nCols; j++) {
      if (rs.randomSample() < density) {
        r.push(i);
        c.push(j);
        v.push(rs.randint(1, 21));
      }
    }
  }
  return csrFromTriplets(nRows, nCols, r, c, v);
}

const A = csrFromDense([1, 0, 2, 0, 0, 3, 0, 0, 4, 0, 0, 5], 3, 4);
const B = csrFromDense([0, 6, 7, 0], 2, 2);

describe('shuffleConnectome', () => {
  it('shuffleConnectome has the expected defaults (RandomState(seed + 1000), reference file list)', () => {
    expect(SHUFFLE_SEED_OFFSET).toBe(1000);
    expect(referenceShuffleFiles).toHaveLength(21 + 23);
  });

  it('shuffleConnectome(matrices, { seed: 7 }) reproduces NumPy W[rp][:, cp] on a hand-checked example', () => {
    // rs = RandomState(1007); for W in (A, B): rp = rs.permutation(rows); cp = rs.permutation(cols)
    // A: rp = [1, 0, 2], cp = [0, 2, 1, 3]; B: rp = [0, 1], cp = [0, 1]
    const { matrices, permutations } = shuffleConnectome(
      [
        ['A', A],
        ['B', B],
      ],
      { seed: 7 },
    );
    expect(Array.from(permutations.get('A')!.rowPermutation)).toEqual([1, 0, 2]);
    expect(Array.from(permutations.get('A')!.colPermutation)).toEqual([0, 2, 1, 3]);
    // Row 0 = A row 1 = [0,3,0,0] read at columns [0,2,1,3] → [0,0,3,0]; row 1 = A row 0 → [1,2,0,0].
    expect(Array.from(csrToDense(matrices.get('A')!))).toEqual([0, 0, 3, 0, 1, 2, 0, 0, 4, 0, 0, 5]);
    expect(Array.from(csrToDense(matrices.get('B')!))).toEqual([0, 6, 7, 0]);
  });

  it('shuffleConnectome preserves the multisets of row sums, column sums and values, the total and nnz', () => {
    const W = randomCounts(42, 72, 0.15, 11);
    const V = randomCounts(108, 108, 0.05, 12);
    const { matrices } = shuffleConnectome(
      new Map([
        ['orn_to_pn', W],
        ['ln_to_ln', V],
      ]),
      { seed: 3 },
    );
    for (const [name, orig] of [
      ['orn_to_pn', W],
      ['ln_to_ln', V],
    ] as const) {
      const s = matrices.get(name)!;
      expect([s.nRows, s.nCols]).toEqual([orig.nRows, orig.nCols]);
      expect(sorted(csrRowSums(s))).toEqual(sorted(csrRowSums(orig)));
      expect(sorted(csrColSums(s))).toEqual(sorted(csrColSums(orig)));
      expect(sorted(s.values)).toEqual(sorted(orig.values));
      expect(csrSum(s)).toBe(csrSum(orig));
      expect(csrNnz(s)).toBe(csrNnz(orig));
      expect(Array.from(csrToDense(s))).not.toEqual(Array.from(csrToDense(orig)));
    }
  });

  it('shuffleConnectome is a pure function of the seed', () => {
    const W = randomCounts(30, 40, 0.2, 21);
    const before = csrToDense(W);
    const a = shuffleConnectome([['w', W]], { seed: 5 }).matrices.get('w')!;
    const b = shuffleConnectome([['w', W]], { seed: 5 }).matrices.get('w')!;
    const c = shuffleConnectome([['w', W]], { seed: 6 }).matrices.get('w')!;
    expect(Array.from(csrToDense(a))).toEqual(Array.from(csrToDense(b)));
    expect(Array.from(csrToDense(a))).not.toEqual(Array.from(csrToDense(c)));
    expect(Array.from(csrToDense(W))).toEqual(Array.from(before)); // input untouched
  });

  it('shuffleConnectome lets a { nRows, nCols } placeholder consume draws without producing a matrix', () => {
    const W = randomCounts(12, 9, 0.3, 31);
    const withPlaceholder = shuffleConnectome(
      [
        ['first', { nRows: 12, nCols: 9 }],
        ['w', W],
      ],
      { seed: 2 },
    );
    const withMatrix = shuffleConnectome(
      [
        ['first', W],
        ['w', W],
      ],
      { seed: 2 },
    );
    const alone = shuffleConnectome([['w', W]], { seed: 2 });
    expect(withPlaceholder.matrices.has('first')).toBe(false);
    expect(withPlaceholder.permutations.has('first')).toBe(true);
    // Same draws as a real matrix of that shape → same result for the following matrix ...
    expect(Array.from(csrToDense(withPlaceholder.matrices.get('w')!))).toEqual(Array.from(csrToDense(withMatrix.matrices.get('w')!)));
    // ... and a different one from skipping the placeholder.
    expect(Array.from(csrToDense(withPlaceholder.matrices.get('w')!))).not.toEqual(Array.from(csrToDense(alone.matrices.get('w')!)));
  });

  it.each([
    ['a negative seed', -1],
    ['a seed with seed + 1000 ≥ 2^32', 2 ** 32 - 1000],
    ['NaN', Number.NaN],
    ['a non-integer seed', 1.5],
  ])('shuffleConnectome rejects %s', (_label, seed) => {
    expect(() => shuffleConnectome([['A', A]], { seed })).toThrow(InvalidParameterError);
    expect(() => shuffleConnectome([['A', A]], { seed })).toThrow(/^invalid seed: .*expected an integer in \[0, 2\^32 − 1000\) \(argument of 'shuffleConnectome'/);
  });

  it('shuffleConnectome rejects duplicate names and malformed placeholders', () => {
    expect(() =>
      shuffleConnectome(
        [
          ['A', A],
          ['A', B],
        ],
        { seed: 0 },
      ),
    ).toThrow(/^invalid matrices: "A"; expected unique names/);
    expect(() => shuffleConnectome([['x', { nRows: -1, nCols: 2 }]], { seed: 0 })).toThrow(/^invalid matrices\['x'\]: \[-1,2\]; expected a CsrMatrix or a \{ nRows, nCols \} placeholder/);
  });
});

describe('referenceShuffleFiles', () => {
  it('referenceShuffleFiles lists winding2023 then winding2023_compartments, each in Python sorted() order', () => {
    const group = referenceShuffleFiles.filter((f) => f.folder === 'winding2023').map((f) => f.file);
    const comp = referenceShuffleFiles.filter((f) => f.folder === 'winding2023_compartments').map((f) => f.file);
    expect(referenceShuffleFiles.map((f) => f.file)).toEqual([...group, ...comp]);
    expect(group).toEqual([
      'apl_to_kc.pt',
      'dan_to_dan.pt',
      'dan_to_mbon.pt',
      'kc_to_apl.pt',
      'kc_to_kc.pt',
      'kc_to_mbon.pt',
      'ln_to_ln.pt',
      'ln_to_ln_nonad.pt',
      'ln_to_orn_nonad.pt',
      'ln_to_pn.pt',
      'ln_to_pn_nonad.pt',
      'mbon_to_dan.pt',
      'mbon_to_kc.pt',
      'mbon_to_mbon.pt',
      'orn_to_ln.pt',
      'orn_to_ln_nonad.pt',
      'orn_to_pn.pt',
      'pn_to_kc.pt',
      'pn_to_kc_nonad.pt',
      'pn_to_ln.pt',
      'pn_to_ln_nonad.pt',
    ]);
    expect(comp.slice(0, 7)).toEqual(['apl_to_kc_aa.pt', 'apl_to_kc_ad.pt', 'apl_to_kc_da.pt', 'kc_to_apl_aa.pt', 'kc_to_apl_ad.pt', 'kc_to_apl_da.pt', 'kc_to_kc_aa.pt']);
    expect(new Set(referenceShuffleFiles.map((f) => f.name)).size).toBe(referenceShuffleFiles.length);
  });

  it('referenceShuffleFiles gives group shapes and null for the MBON/DAN files', () => {
    const byName = new Map(referenceShuffleFiles.map((f) => [f.name, f.shape]));
    expect(byName.get('orn_to_pn')).toEqual({ nRows: 42, nCols: 72 });
    expect(byName.get('ln_to_orn_nonad')).toEqual({ nRows: 108, nCols: 42 });
    expect(byName.get('kc_to_apl_da')).toEqual({ nRows: 144, nCols: 2 });
    const unknown = referenceShuffleFiles.filter((f) => f.shape === null).map((f) => f.name);
    expect(unknown).toEqual(['dan_to_dan', 'dan_to_mbon', 'kc_to_mbon', 'mbon_to_dan', 'mbon_to_kc', 'mbon_to_mbon']);
  });
});

describe('referenceShuffleInputs', () => {
  const mbonDan = new Map(['dan_to_dan', 'dan_to_mbon', 'kc_to_mbon', 'mbon_to_dan', 'mbon_to_kc', 'mbon_to_mbon'].map((n) => [n, { nRows: 3, nCols: 4 }] as const));

  it('referenceShuffleInputs orders matrices as the reference and fills known shapes with placeholders', () => {
    const ornToPn = randomCounts(42, 72, 0.1, 41);
    const inputs = referenceShuffleInputs(new Map<string, CsrMatrix | MatrixShape>([...mbonDan, ['orn_to_pn', ornToPn]]));
    expect(inputs.map(([n]) => n)).toEqual(referenceShuffleFiles.map((f) => f.name));
    expect(inputs.find(([n]) => n === 'orn_to_pn')![1]).toBe(ornToPn);
    expect(inputs.find(([n]) => n === 'pn_to_kc')![1]).toEqual({ nRows: 72, nCols: 144 });
    const { matrices } = shuffleConnectome(inputs, { seed: 0 });
    expect([...matrices.keys()]).toEqual(['orn_to_pn']);
  });

  it('referenceShuffleInputs skips unknown shapes only when asked', () => {
    expect(() => referenceShuffleInputs(new Map())).toThrow(/^invalid available\['dan_to_dan'\]: undefined; expected a matrix or a \{ nRows, nCols \} placeholder/);
    const inputs = referenceShuffleInputs(new Map(), { skipUnknownShapes: true });
    expect(inputs).toHaveLength(referenceShuffleFiles.length - 6);
  });

  it('referenceShuffleInputs rejects names that are not reference files', () => {
    expect(() => referenceShuffleInputs(new Map([['orn_pn', A]]))).toThrow(InvalidParameterError);
    expect(() => referenceShuffleInputs(new Map([['orn_pn', A]]))).toThrow(/^invalid available: "orn_pn"; expected a reference matrix name/);
  });
});
