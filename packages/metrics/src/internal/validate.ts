/**
 * Boundary checks shared by the metric functions (private: not exported from `index.ts`).
 * Messages follow the house pattern: subject, offending value, expected value.
 */

/** Throws unless `value` is an integer ≥ `min`. */
export function assertInteger(value: number, name: string, fn: string, min = 1): void {
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(`Argument '${name}' passed to '${fn}' is ${value}; expected an integer ≥ ${min}.`);
  }
}

/**
 * Number of rows of a row-major matrix of `nCols` columns; throws if `values.length` is not a
 * multiple of `nCols` (or `nCols` is not a positive integer).
 */
export function rowCount(values: ArrayLike<number>, nCols: number, name: string, fn: string, colsName = 'nCols'): number {
  if (!Number.isInteger(nCols) || nCols < 1 || values.length % nCols !== 0) {
    throw new RangeError(`Argument '${name}' passed to '${fn}' has length ${values.length}; expected a multiple of ${colsName} = ${nCols}.`);
  }
  return values.length / nCols;
}

/** Throws unless `values.length === expected`. */
export function assertLength(values: ArrayLike<unknown>, expected: number, name: string, fn: string, what: string): void {
  if (values.length !== expected) {
    throw new RangeError(`Argument '${name}' passed to '${fn}' has length ${values.length}; expected ${expected} (${what}).`);
  }
}

/** Throws unless every entry of `labels` is an integer in [0, nClasses). */
export function assertLabels(labels: ArrayLike<number>, nClasses: number, name: string, fn: string): void {
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i]!;
    if (!Number.isInteger(l) || l < 0 || l >= nClasses) {
      throw new RangeError(`Argument '${name}' passed to '${fn}' has ${name}[${i}] = ${l}; expected an integer class index in [0, ${nClasses}).`);
    }
  }
}

/** Throws unless the array is non-empty. */
export function assertNonEmpty(values: ArrayLike<unknown>, name: string, fn: string): void {
  if (values.length === 0) {
    throw new RangeError(`Argument '${name}' passed to '${fn}' is empty; expected at least one value.`);
  }
}

/** Euclidean norm of row `r` of a row-major matrix with `dim` columns, accumulated in float64. */
export function rowNorm(values: ArrayLike<number>, r: number, dim: number): number {
  let s = 0;
  const o = r * dim;
  for (let k = 0; k < dim; k++) {
    const x = values[o + k]!;
    s += x * x;
  }
  return Math.sqrt(s);
}

/** Dot product of row `i` of `a` and row `j` of `b` (both `dim` columns), float64. */
export function rowDot(a: ArrayLike<number>, i: number, b: ArrayLike<number>, j: number, dim: number): number {
  let s = 0;
  const oa = i * dim;
  const ob = j * dim;
  for (let k = 0; k < dim; k++) s += a[oa + k]! * b[ob + k]!;
  return s;
}
