import { assertInteger, rowCount } from '../internal/validate';

/** Options of {@link batchedActiveFraction}. */
export interface BatchedActiveFractionOptions {
  /** Samples per batch, as in the test loader. Default 16 (spec §3.1, §4.3). The last batch may be partial. */
  readonly batchSize?: number;
}

/**
 * KC sparsity as the reference reports it (spec §4.3): the **mean over batches** of the per-batch
 * active fraction, batches taken in sample order with a last partial batch,
 *
 *   f_b = #{(s, n) : s ∈ batch b, counts[s, n] > 0} / (|b| · nNeurons),   sparsity = (1/B) Σ_b f_b.
 *
 * With a partial last batch this differs slightly from the pooled {@link activeFraction}
 * (the last batch counts as much as a full one).
 *
 * @param counts row-major `nSamples × nNeurons` spike counts (≥ 1 spike = active)
 * @param nNeurons neurons per sample (144 KCs)
 * @returns NaN when there are no samples
 * @example batchedActiveFraction([1, 0, 0, 0, 1, 1], 2, { batchSize: 2 }); // (1/4 + 2/2)/2 = 0.625
 */
export function batchedActiveFraction(counts: ArrayLike<number>, nNeurons: number, options: BatchedActiveFractionOptions = {}): number {
  const fn = 'batchedActiveFraction';
  const batchSize = options.batchSize ?? 16;
  assertInteger(batchSize, 'batchSize', fn);
  const nSamples = rowCount(counts, nNeurons, 'counts', fn, 'nNeurons');
  if (nSamples === 0) return Number.NaN;
  let sum = 0;
  let nBatches = 0;
  for (let start = 0; start < nSamples; start += batchSize) {
    const end = Math.min(nSamples, start + batchSize);
    let active = 0;
    for (let i = start * nNeurons; i < end * nNeurons; i++) if (counts[i]! > 0) active++;
    sum += active / ((end - start) * nNeurons);
    nBatches++;
  }
  return sum / nBatches;
}
