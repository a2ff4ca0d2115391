/**
 * Small-worldness σ = (C / C_null) / (E_null / E) of a binary graph against random null graphs,
 * with C the mean clustering coefficient and E the global efficiency (the reference's form,
 * efficiency in place of 1/path length; spec §2.5).
 *
 * Null models:
 *   - `'matched-density'` (default): G(n, m) graphs with exactly the observed number of edges m,
 *     drawn uniformly (a random m-subset of the n(n−1)/2 pairs);
 *   - `'reference-threshold'`: the reference's nulls, U ~ Uniform(0,1)^{n×n}, A = [(U + Uᵀ)/2 > 0.7]
 *     with the diagonal zeroed. Their density (≈ 18 %) does not match the ≈ 10 % of a top-10 %
 *     graph; kept only to reproduce the published numbers.
 */
import type { BinaryGraph } from './binary-graph';
import { graphFromBits } from './binary-graph';
import { averageClustering, globalEfficiency } from './graph-metrics';

const floor = Math.floor;

/** Null model of {@link smallWorldness}. */
export type SmallWorldNullModel = 'matched-density' | 'reference-threshold';

/** Options of {@link smallWorldness}. */
export interface SmallWorldnessOptions {
  /** Uniform [0, 1) source (injected; no default). */
  readonly rng: () => number;
  /** Number of null graphs. Default 1000. */
  readonly nulls?: number;
  /** Null model. Default `'matched-density'`. */
  readonly nullModel?: SmallWorldNullModel;
  /** Threshold of the reference nulls. Default 0.7. */
  readonly referenceThreshold?: number;
}

/** Result of {@link smallWorldness}. */
export interface SmallWorldness {
  readonly sigma: number;
  readonly clustering: number;
  readonly efficiency: number;
  readonly nullClustering: number;
  readonly nullEfficiency: number;
  /** Mean edge density of the null graphs. */
  readonly nullDensity: number;
  readonly nulls: number;
  readonly nullModel: SmallWorldNullModel;
}

/**
 * A G(n, m) graph: m distinct pairs drawn uniformly. Sparse graphs (m ≤ half the pairs) draw
 * ordered pairs (i ≠ j) and reject repeats on the bit rows; denser ones use a partial
 * Fisher–Yates shuffle over pair indices.
 */
export function randomGraphNM(n: number, m: number, rng: () => number): BinaryGraph {
  const pairs = (n * (n - 1)) / 2;
  if (!Number.isInteger(m) || m < 0 || m > pairs) throw new RangeError(`Argument 'm' passed to 'randomGraphNM' is ${m}; expected an integer in [0, ${pairs}].`);
  const words = Math.ceil(n / 32);
  const bits = new Uint32Array(n * words);
  if (m <= pairs / 2) {
    let placed = 0;
    while (placed < m) {
      const i = floor(rng() * n);
      const j = floor(rng() * n);
      if (i === j || (bits[i * words + (j >>> 5)] & (1 << (j & 31))) !== 0) continue;
      bits[i * words + (j >>> 5)] |= 1 << (j & 31);
      bits[j * words + (i >>> 5)] |= 1 << (i & 31);
      placed++;
    }
    return graphFromBits(n, bits);
  }
  const idx = new Int32Array(pairs);
  for (let k = 0; k < pairs; k++) idx[k] = k;
  const rowStart = new Int32Array(n);
  for (let i = 1; i < n; i++) rowStart[i] = rowStart[i - 1] + (n - i);
  for (let k = 0; k < m; k++) {
    const r = k + floor(rng() * (pairs - k));
    const p = idx[r];
    idx[r] = idx[k];
    idx[k] = p;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (rowStart[mid] <= p) lo = mid;
      else hi = mid - 1;
    }
    const j = lo + 1 + (p - rowStart[lo]);
    bits[lo * words + (j >>> 5)] |= 1 << (j & 31);
    bits[j * words + (lo >>> 5)] |= 1 << (lo & 31);
  }
  return graphFromBits(n, bits);
}

/** The reference's null: symmetrised uniform matrix thresholded at `threshold`, no self-loops. */
export function referenceThresholdGraph(n: number, threshold: number, rng: () => number): BinaryGraph {
  const u = new Float64Array(n * n);
  for (let k = 0; k < u.length; k++) u[k] = rng();
  const words = Math.ceil(n / 32);
  const bits = new Uint32Array(n * words);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if ((u[i * n + j] + u[j * n + i]) / 2 > threshold) {
        bits[i * words + (j >>> 5)] |= 1 << (j & 31);
        bits[j * words + (i >>> 5)] |= 1 << (i & 31);
      }
    }
  }
  return graphFromBits(n, bits);
}

/**
 * Small-worldness of `g` against `nulls` random graphs.
 *
 * @example
 *   const sw = smallWorldness(graph, { rng, nulls: 1000 });  // sw.sigma > 1: more clustered than chance
 */
export function smallWorldness(g: BinaryGraph, options: SmallWorldnessOptions): SmallWorldness {
  const nulls = options.nulls ?? 1000;
  const nullModel = options.nullModel ?? 'matched-density';
  if (!Number.isInteger(nulls) || nulls < 1) throw new RangeError(`Argument 'nulls' passed to 'smallWorldness' is ${nulls}; expected an integer ≥ 1.`);
  if (nullModel !== 'matched-density' && nullModel !== 'reference-threshold') {
    throw new RangeError(`Argument 'nullModel' passed to 'smallWorldness' is ${String(nullModel)}; expected 'matched-density' or 'reference-threshold'.`);
  }
  if (typeof options.rng !== 'function') throw new TypeError("Argument 'rng' passed to 'smallWorldness' is not a function; expected a () => number uniform source.");
  const clustering = averageClustering(g);
  const efficiency = globalEfficiency(g);
  let cSum = 0;
  let eSum = 0;
  let dSum = 0;
  const pairs = (g.n * (g.n - 1)) / 2;
  for (let k = 0; k < nulls; k++) {
    const h = nullModel === 'matched-density' ? randomGraphNM(g.n, g.edgeCount, options.rng) : referenceThresholdGraph(g.n, options.referenceThreshold ?? 0.7, options.rng);
    cSum += averageClustering(h);
    eSum += globalEfficiency(h);
    dSum += h.edgeCount / pairs;
  }
  const nullClustering = cSum / nulls;
  const nullEfficiency = eSum / nulls;
  return {
    sigma: clustering / nullClustering / (nullEfficiency / efficiency),
    clustering,
    efficiency,
    nullClustering,
    nullEfficiency,
    nullDensity: dSum / nulls,
    nulls,
    nullModel,
  };
}
