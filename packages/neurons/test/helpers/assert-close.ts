/**
 * Numeric assertions whose failure messages print the numbers (index, actual, expected,
 * difference, tolerance), so a failing gradient check says where and by how much.
 */

/** Assert |actual − expected| ≤ atol + rtol·|expected| for one number. */
export function assertInDelta(actual: number, expected: number, tol: { atol?: number; rtol?: number }, label = 'value'): void {
  const atol = tol.atol ?? 0;
  const rtol = tol.rtol ?? 0;
  const diff = Math.abs(actual - expected);
  if (!(diff <= atol + rtol * Math.abs(expected))) {
    throw new Error(`${label}: actual ${actual}, expected ${expected}, |diff| ${diff} > atol ${atol} + rtol ${rtol}·|expected|`);
  }
}

/**
 * Assert element-wise |a[i] − e[i]| ≤ atol + rtol·|e[i]|. `atol` defaults to `rtol` times the
 * largest |e| (a scale-aware absolute floor for entries that are ~0).
 */
export function expectArrayClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: { atol?: number; rtol?: number }, label = 'array'): void {
  if (actual.length !== expected.length) {
    throw new Error(`${label}: length ${actual.length}, expected ${expected.length}`);
  }
  let scale = 0;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i]!));
  const rtol = tol.rtol ?? 0;
  const atol = tol.atol ?? rtol * scale;
  const bad: string[] = [];
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    const diff = Math.abs(a - e);
    if (!(diff <= atol + rtol * Math.abs(e))) {
      if (bad.length < 8) bad.push(`[${i}] actual ${a}, expected ${e}, |diff| ${diff.toExponential(3)}`);
      else if (bad.length === 8) bad.push('…');
    }
  }
  if (process.env.GRAD_REPORT) {
    let worst = 0;
    for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!) / (Math.abs(expected[i]!) + (scale || 1)));
    // eslint-disable-next-line no-console
    console.log(`[grad-report] ${label}: max |diff|/(|expected| + max|expected|) = ${worst.toExponential(2)}`);
  }
  if (bad.length > 0) {
    throw new Error(`${label}: ${bad.length} entries outside atol ${atol.toExponential(3)} + rtol ${rtol}·|expected| (scale ${scale.toExponential(3)}):\n  ${bad.join('\n  ')}`);
  }
}
