/**
 * Pooling over checkpoints for the figures: element-wise means and sums of equally shaped
 * matrices (arrays of rows), flattened row-major as the plots expect. Shapes are checked when the
 * results file is read (`checkResultShapes`), so these helpers do not re-validate.
 */

/** Element-wise mean of equally shaped matrices, row-major flat. */
export function meanMatrixFlat(matrices: readonly (readonly (readonly number[])[])[]): number[] {
  const out = sumMatrixFlat(matrices);
  for (let i = 0; i < out.length; i++) out[i] /= matrices.length;
  return out;
}

/** Element-wise sum of equally shaped matrices, row-major flat. */
export function sumMatrixFlat(matrices: readonly (readonly (readonly number[])[])[]): number[] {
  const first = matrices[0]!;
  const cols = first[0]?.length ?? 0;
  const out = new Array<number>(first.length * cols).fill(0);
  for (const m of matrices) {
    for (let r = 0; r < m.length; r++) {
      const row = m[r]!;
      for (let c = 0; c < cols; c++) out[r * cols + c] += row[c]!;
    }
  }
  return out;
}
