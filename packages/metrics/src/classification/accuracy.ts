/**
 * Classification accuracy: the fraction of samples whose predicted class equals the label.
 *
 * @param predicted predicted class per sample (e.g. `argmax(logits)`)
 * @param labels true class per sample
 * @example accuracy([0, 1, 2, 2], [0, 1, 1, 2]); // 0.75
 */
export function accuracy(predicted: ArrayLike<number>, labels: ArrayLike<number>): number {
  if (predicted.length !== labels.length) {
    throw new RangeError(`Argument 'labels' passed to 'accuracy' has length ${labels.length}; expected ${predicted.length} (one label per prediction).`);
  }
  if (predicted.length === 0) return Number.NaN;
  let correct = 0;
  for (let i = 0; i < predicted.length; i++) if (predicted[i] === labels[i]) correct++;
  return correct / predicted.length;
}

/**
 * Index of the largest value in each row of a row-major `nRows × nCols` matrix (first index
 * wins ties, like NumPy/PyTorch `argmax`).
 */
export function argmaxRows(values: ArrayLike<number>, nCols: number): Int32Array {
  if (!(nCols > 0) || values.length % nCols !== 0) {
    throw new RangeError(`Argument 'values' passed to 'argmaxRows' has length ${values.length}; expected a multiple of nCols = ${nCols}.`);
  }
  const nRows = values.length / nCols;
  const out = new Int32Array(nRows);
  for (let r = 0; r < nRows; r++) {
    let best = 0;
    let bestValue = values[r * nCols]!;
    for (let c = 1; c < nCols; c++) {
      const v = values[r * nCols + c]!;
      if (v > bestValue) {
        bestValue = v;
        best = c;
      }
    }
    out[r] = best;
  }
  return out;
}
