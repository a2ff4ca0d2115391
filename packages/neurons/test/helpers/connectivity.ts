import { csrFromDense } from '@olfactory/neurons';
import type { CsrMatrix } from '@olfactory/neurons';
import { seededUniform } from './seeded';

/**
 * A random sparse count matrix (about `density` of the entries non-zero, integer counts 1..9)
 * with a guaranteed non-empty row 0, from the seeded test generator.
 */
export function randomCounts(tag: number, nRows: number, nCols: number, density = 0.5): { csr: CsrMatrix; dense: Float64Array } {
  const u = seededUniform(tag, nRows * nCols * 2, 0, 1);
  const dense = new Float64Array(nRows * nCols);
  for (let k = 0; k < dense.length; k++) if (u[k]! < density || k === 0) dense[k] = 1 + Math.floor(9 * u[dense.length + k]!);
  return { csr: csrFromDense(dense, nRows, nCols), dense };
}
