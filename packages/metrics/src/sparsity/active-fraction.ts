/**
 * Fraction of (sample, neuron) entries with at least one spike — the reported KC "sparsity"
 * (spec §2.12, §4.3; canonical ≈ 0.125). `counts` is row-major samples × neurons spike counts.
 *
 * @example activeFraction([0, 2, 0, 0, 1, 0], 3); // 2 of 6 entries active → 0.333…
 */
export function activeFraction(counts: ArrayLike<number>, nNeurons: number): number {
  if (!(nNeurons > 0) || counts.length % nNeurons !== 0) {
    throw new RangeError(`Argument 'counts' passed to 'activeFraction' has length ${counts.length}; expected a multiple of nNeurons = ${nNeurons}.`);
  }
  if (counts.length === 0) return Number.NaN;
  let active = 0;
  for (let i = 0; i < counts.length; i++) if (counts[i]! > 0) active++;
  return active / counts.length;
}
