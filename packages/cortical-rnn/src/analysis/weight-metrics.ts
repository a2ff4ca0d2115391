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

/** The metrics of one trained matrix. */
export interface WeightGraphMetrics {
  readonly modularity: number;
  readonly communities: number[][];
  readonly assortativity: number;
  readonly smallWorldness: number;
  readonly clustering: number;
  readonly efficiency: number;
  readonly density: number;
  readonly nullDensity: number;
  readonly entropyBits: number;
}

/**
 * @example
 *   const m = weightGraphMetrics(result.recurrent, result.n, { rng });
 */
export function weightGraphMetrics(recurrent: ArrayLike<number>, n: number, options: WeightGraphMetricsOptions): WeightGraphMetrics {
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
