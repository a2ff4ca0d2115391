/**
 * Graph metrics of a trained recurrent matrix (spec §2.5), via @olfactory/metrics: top-10 %
 * binarisation of |W|, CNM modularity Q, degree assortativity, small-worldness against 1,000
 * matched-density nulls (or the reference's 0.7-threshold nulls) and the KDE entropy of the raw
 * weights.
 */
import { binarizeTopFraction, degreeAssortativity, density, greedyModularityCommunities, kdeEntropy, modularity, smallWorldness } from '@olfactory/metrics';
import type { SmallWorldNullModel } from '@olfactory/metrics';

/** Options of {@link weightGraphMetrics}. */
export interface WeightGraphMetricsOptions {
  readonly rng: () => number;
  /** Default 1000. */
  readonly nulls?: number;
  /** Default 'matched-density'. */
  readonly nullModel?: SmallWorldNullModel;
}

/**
 * The metrics of one trained matrix. A constant matrix (every entry equal: in the sign-constrained
 * arm an orthogonal start clipped to zero, a network that died) has no top 10 % and no weight
 * spread: its metrics are null and `degenerate` says why.
 */
export interface WeightGraphMetrics {
  readonly modularity: number | null;
  readonly communities: number[][];
  readonly assortativity: number | null;
  readonly smallWorldness: number | null;
  readonly clustering: number | null;
  readonly efficiency: number | null;
  readonly density: number | null;
  readonly nullDensity: number | null;
  readonly entropyBits: number | null;
  /** Present when the matrix is constant: why the metrics are null. */
  readonly degenerate?: string;
}

/**
 * @example
 *   const m = weightGraphMetrics(result.recurrent, result.n, { rng });
 */
export function weightGraphMetrics(recurrent: ArrayLike<number>, n: number, options: WeightGraphMetricsOptions): WeightGraphMetrics {
  const first = recurrent[0];
  let constant = recurrent.length > 0 && Number.isFinite(first);
  for (let i = 1; constant && i < recurrent.length; i++) constant = recurrent[i] === first;
  if (constant)
    return {
      modularity: null,
      communities: [],
      assortativity: null,
      smallWorldness: null,
      clustering: null,
      efficiency: null,
      density: null,
      nullDensity: null,
      entropyBits: null,
      degenerate: `W_rec is constant (every entry ${first}): no top-10 % graph and no weight spread to measure; a network that died (e.g. an orthogonal start under the non-negativity constraint).`,
    };
  const { graph } = binarizeTopFraction(recurrent, n);
  const communities = greedyModularityCommunities(graph);
  const sw = smallWorldness(graph, { rng: options.rng, nulls: options.nulls ?? 1000, nullModel: options.nullModel });
  return {
    modularity: modularity(graph, communities),
    communities,
    assortativity: degreeAssortativity(graph),
    smallWorldness: sw.sigma,
    clustering: sw.clustering,
    efficiency: sw.efficiency,
    density: density(graph),
    nullDensity: sw.nullDensity,
    entropyBits: kdeEntropy(recurrent),
  };
}
