import { InvalidParameterError } from '../errors/invalid-parameter-error';
import type { CsrMatrix } from '../sparse/csr-matrix';
import { createCsr } from '../sparse/csr-matrix';

/**
 * @internal Validate a count matrix and return `counts / max(counts)` (same structure, values in
 * (0, 1]; an all-zero matrix stays all-zero). The reference's per-pathway normalisation.
 * With `divisor` (≥ the matrix's maximum, e.g. a maximum over several matrices) it returns
 * `counts / divisor` instead.
 */
export function normalizeCountsByMax(name: string, counts: CsrMatrix, divisor?: number): CsrMatrix {
  const m = createCsr(counts);
  let max = 0;
  for (let k = 0; k < m.values.length; k++) {
    const c = m.values[k]!;
    if (c < 0) throw new InvalidParameterError({ parameter: `${name}.values[${k}]`, value: c, expected: 'a synapse count >= 0' });
    if (c > max) max = c;
  }
  if (divisor !== undefined) {
    if (!(Number.isFinite(divisor) && divisor >= max && divisor > 0)) {
      throw new InvalidParameterError({ parameter: `${name} divisor`, value: divisor, expected: `a finite number >= the largest count (${max})` });
    }
    max = divisor;
  }
  const values = new Float32Array(m.values.length);
  if (max > 0) for (let k = 0; k < values.length; k++) values[k] = m.values[k]! / max;
  return { nRows: m.nRows, nCols: m.nCols, rowPtr: m.rowPtr, colIdx: m.colIdx, values };
}
