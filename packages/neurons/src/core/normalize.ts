import { InvalidParameterError } from '../errors/invalid-parameter-error';
import type { CsrMatrix } from '../sparse/csr-matrix';
import { createCsr } from '../sparse/csr-matrix';

/**
 * @internal Validate a count matrix and return `counts / max(counts)` (same structure, values in
 * (0, 1]; an all-zero matrix stays all-zero). The reference's per-pathway normalisation.
 */
export function normalizeCountsByMax(name: string, counts: CsrMatrix): CsrMatrix {
  const m = createCsr(counts);
  let max = 0;
  for (let k = 0; k < m.values.length; k++) {
    const c = m.values[k]!;
    if (c < 0) throw new InvalidParameterError({ parameter: `${name}.values[${k}]`, value: c, expected: 'a synapse count >= 0' });
    if (c > max) max = c;
  }
  const values = new Float32Array(m.values.length);
  if (max > 0) for (let k = 0; k < values.length; k++) values[k] = m.values[k]! / max;
  return { nRows: m.nRows, nCols: m.nCols, rowPtr: m.rowPtr, colIdx: m.colIdx, values };
}
