import { csrNnz, csrSum, csrTranspose } from '@olfactory/neurons';
import type { CsrMatrix } from '@olfactory/neurons';
import { buildOlfactoryCircuit } from '../../src/circuit/build-olfactory-circuit';
import { shuffleOlfactoryCircuit } from '../../src/null-models/shuffle-olfactory-circuit';
import { NumpyRandomState } from '../../src/random/numpy-random-state';
import { realConnectome } from '../helpers/load-real-data';

const rowSums = (m: CsrMatrix) =>
  Array.from({ length: m.nRows }, (_, i) => {
    let s = 0;
    for (let k = m.rowPtr[i]!; k < m.rowPtr[i + 1]!; k++) s += m.values[k]!;
    return s;
  });
const sorted = (a: number[]) => [...a].sort((x, y) => x - y);

describe('shuffled-connectome circuit (spec §1.4, R3 iii)', () => {
  const canonical = buildOlfactoryCircuit(realConnectome());
  const s42 = shuffleOlfactoryCircuit(canonical, 42);

  test('every matrix keeps its total, nnz and row/column-sum multisets, but not its wiring', () => {
    for (const [name, m] of Object.entries(canonical.matrices)) {
      const t = s42.matrices[name as keyof typeof s42.matrices];
      expect([name, csrSum(t), csrNnz(t)]).toEqual([name, csrSum(m), csrNnz(m)]);
      expect(sorted(rowSums(t))).toEqual(sorted(rowSums(m)));
      expect(sorted(rowSums(csrTranspose(t)))).toEqual(sorted(rowSums(csrTranspose(m))));
    }
    expect(rowSums(s42.matrices.orn_to_pn)).not.toEqual(rowSums(canonical.matrices.orn_to_pn));
    expect(s42.shuffleSeed).toBe(42);
  });

  test('the first matrix drawn (apl_to_kc) gets RandomState(1042).permutation(2), then permutation(144)', () => {
    const rs = new NumpyRandomState(1042);
    const rp = rs.permutation(2);
    const cp = rs.permutation(144);
    const src = canonical.matrices.apl_to_kc;
    const dst = s42.matrices.apl_to_kc;
    const get = (m: CsrMatrix, i: number, j: number) => {
      for (let k = m.rowPtr[i]!; k < m.rowPtr[i + 1]!; k++) if (m.colIdx[k] === j) return m.values[k]!;
      return 0;
    };
    for (let i = 0; i < 2; i++) for (let j = 0; j < 144; j++) expect(get(dst, i, j)).toBe(get(src, rp[i]!, cp[j]!));
  });

  test('LN split and gap masks are re-derived from the shuffled matrices; the seed picks the shuffle; the input is untouched', () => {
    // the LN split counts follow the shuffled LN→PN rows (fan-outs are a permutation of the old ones)
    expect(sorted(Array.from(s42.lnSplit.fanOut))).toEqual(sorted(Array.from(canonical.lnSplit.fanOut)));
    expect(s42.lnSplit.excitatory).toBe(canonical.lnSplit.excitatory);
    expect(s42.lnSplit.isExcitatory).not.toEqual(canonical.lnSplit.isExcitatory);
    // LN–LN gap mask = symmetrised contacts of the shuffled LN→LN matrix (not the canonical 354 pairs any more)
    expect(csrNnz(s42.gapMasks.lnLn)).not.toBe(csrNnz(canonical.gapMasks.lnLn));
    const s43 = shuffleOlfactoryCircuit(canonical, 43);
    expect(rowSums(s43.matrices.pn_to_kc)).not.toEqual(rowSums(s42.matrices.pn_to_kc));
    expect(rowSums(shuffleOlfactoryCircuit(canonical, 42).matrices.pn_to_kc)).toEqual(rowSums(s42.matrices.pn_to_kc));
    expect(canonical.orToOrn).toBe(s42.orToOrn);
    expect(csrNnz(canonical.gapMasks.lnLn)).toBe(2 * 354);
  });
});
