/**
 * First checkpoint time after which the mean weight changes by less than `threshold` (relative to
 * the final mean; default 0.005) for `window` (default 4) consecutive checkpoints — the
 * reference's `estimate_stabilization_time`. null when it never stabilises or with fewer than
 * 6 checkpoints.
 */
export function stabilisationTime(times: ArrayLike<number>, meanWeights: ArrayLike<number>, options: { readonly threshold?: number; readonly window?: number } = {}): number | null {
  if (times.length !== meanWeights.length)
    throw new RangeError(`Argument 'meanWeights' passed to 'stabilisationTime' has length ${meanWeights.length}; expected ${times.length} (one per checkpoint time).`);
  const n = times.length;
  if (n < 6) return null;
  const threshold = options.threshold ?? 0.005;
  const window = options.window ?? 4;
  const ref = Math.max(Math.abs(meanWeights[n - 1]!), 1e-12);
  const rel = Array.from({ length: n - 1 }, (_, i) => Math.abs(meanWeights[i + 1]! - meanWeights[i]!) / ref);
  for (let i = window - 1; i < rel.length; i++) {
    let all = true;
    for (let j = i - window + 1; j <= i; j++) if (!(rel[j]! < threshold)) all = false;
    if (all) return times[i + 1]!;
  }
  return null;
}
