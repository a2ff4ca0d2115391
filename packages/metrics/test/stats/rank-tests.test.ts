import { chiSquareSf, holm, kruskalWallis, mannWhitneyU, normalSf } from '../../src/index';
import { ORACLE } from '../graph/oracle/graph-stats-oracle';

const g1 = [0.61, 0.72, 0.55, 0.8, 0.66];
const g2 = [0.9, 0.85, 0.92, 0.7, 0.88, 0.95];
const g3 = [0.5, 0.55, 0.61, 0.47];

describe('rank tests against SciPy 1.10.1', () => {
  it('kruskalWallis equals scipy.stats.kruskal, with and without ties', () => {
    const r = kruskalWallis([g1, g2, g3]);
    expect(r.statistic).toBeCloseTo(ORACLE.kruskal[0], 12);
    expect(r.pValue).toBeCloseTo(ORACLE.kruskal[1], 14);
    const t = kruskalWallis([
      [1, 2, 2, 3],
      [2, 3, 3, 4, 5],
      [1, 1, 2],
    ]);
    expect(t.statistic).toBeCloseTo(ORACLE.kruskal_ties[0], 12);
    expect(t.pValue).toBeCloseTo(ORACLE.kruskal_ties[1], 12);
  });

  it('mannWhitneyU equals scipy.stats.mannwhitneyu: exact for small samples without ties, asymptotic otherwise', () => {
    const e = mannWhitneyU(g1, g2);
    expect([e.statistic, e.pValue]).toEqual([ORACLE.mwu_exact[0], expect.closeTo(ORACLE.mwu_exact[1], 14)]);
    const e2 = mannWhitneyU([1, 5, 7], [2, 3, 4, 6]);
    expect(e2.statistic).toBe(ORACLE.mwu_exact2[0]);
    expect(e2.pValue).toBeCloseTo(ORACLE.mwu_exact2[1], 14);
    const a = mannWhitneyU(ORACLE.mwu_asym.a as unknown as number[], ORACLE.mwu_asym.b as unknown as number[]);
    expect(a.statistic).toBe(ORACLE.mwu_asym.res[0]);
    expect(a.pValue).toBeCloseTo(ORACLE.mwu_asym.res[1], 12);
    const t = mannWhitneyU([1, 2, 2, 3, 3, 3], [2, 3, 4, 4, 5]);
    expect(t.statistic).toBe(ORACLE.mwu_ties[0]);
    expect(t.pValue).toBeCloseTo(ORACLE.mwu_ties[1], 12);
  });

  it('chiSquareSf and normalSf equal scipy.stats.chi2.sf / norm.sf', () => {
    expect(chiSquareSf(3.2, 2)).toBeCloseTo(ORACLE.chi2sf[0], 14);
    expect(chiSquareSf(15, 5)).toBeCloseTo(ORACLE.chi2sf[1], 14);
    expect(chiSquareSf(0.3, 1)).toBeCloseTo(ORACLE.chi2sf[2], 14);
    [0.5, 2.7, 6.0, -1.3].forEach((z, k) => expect(normalSf(z) / ORACLE.normsf[k]).toBeCloseTo(1, 12));
  });

  it('holm(p) gives the Holm step-down adjusted p-values in input order', () => {
    expect(holm(ORACLE.holm.p as unknown as number[])).toEqual(ORACLE.holm.adj.map((v) => expect.closeTo(v, 15)));
    expect(() => holm([0.5, 1.2])).toThrow(/^Argument 'pValues' passed to 'holm' has pValues\[1\] = 1.2/);
  });

  it('kruskalWallis and mannWhitneyU reject empty or non-finite samples', () => {
    expect(() => kruskalWallis([[1, 2]])).toThrow(/expected at least 2/);
    expect(() => mannWhitneyU([], [1])).toThrow(/Argument 'x' passed to 'mannWhitneyU' is empty/);
    expect(() => mannWhitneyU([1, Number.NaN], [1])).toThrow(/x\[1\] = NaN/);
  });
});
