/**
 * The reference's binarisation of trained recurrent weights (spec §2.5): threshold = the 0.9
 * quantile (numpy's default linear interpolation) of all N² entries of |W|, keep entries strictly
 * above it, then the undirected graph without self-loops.
 */
import { graphFromAdjacency } from './binary-graph';
import type { BinaryGraph } from './binary-graph';

/** numpy `quantile(values, q)` with the default 'linear' method. */
export function quantileLinear(values: ArrayLike<number>, q: number): number {
  if (values.length === 0) throw new RangeError("Argument 'values' passed to 'quantileLinear' is empty; expected at least one value.");
  if (!(q >= 0 && q <= 1)) throw new RangeError(`Argument 'q' passed to 'quantileLinear' is ${q}; expected a number in [0, 1].`);
  const sorted = Float64Array.from(values).sort();
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  const frac = pos - lo;
  // numpy's _lerp: a + (b - a)·t, switching to b - (b - a)·(1 - t) for t ≥ 0.5
  const a = sorted[lo];
  const b = sorted[hi];
  const diff = b - a;
  return frac >= 0.5 ? b - diff * (1 - frac) : a + diff * frac;
}

/** Options of {@link binarizeTopFraction}. */
export interface BinarizeTopFractionOptions {
  /** Fraction of |W| entries kept (above the `1 − fraction` quantile). Default 0.1. */
  readonly fraction?: number;
}

/**
 * Undirected binary graph of the top `fraction` of |W| entries (self-loops removed).
 *
 * @param weights N×N row-major weights (any sign)
 * @param n N
 * @example
 *   const g = binarizeTopFraction(wRec, 312);  // ≈ 10 % of entries kept, union of both directions
 */
export function binarizeTopFraction(weights: ArrayLike<number>, n: number, options: BinarizeTopFractionOptions = {}): { graph: BinaryGraph; threshold: number } {
  const fraction = options.fraction ?? 0.1;
  if (!(fraction > 0 && fraction < 1)) throw new RangeError(`Argument 'fraction' passed to 'binarizeTopFraction' is ${fraction}; expected a number in (0, 1).`);
  if (weights.length !== n * n) throw new RangeError(`Argument 'weights' passed to 'binarizeTopFraction' has length ${weights.length}; expected n·n = ${n * n}.`);
  const abs = new Float64Array(n * n);
  for (let k = 0; k < abs.length; k++) abs[k] = Math.abs(weights[k]);
  const threshold = quantileLinear(abs, 1 - fraction);
  const adj = new Uint8Array(n * n);
  for (let k = 0; k < abs.length; k++) adj[k] = abs[k] > threshold ? 1 : 0;
  return { graph: graphFromAdjacency(adj, n), threshold };
}
