import type { LayerMapMetrics } from './evaluate-map';

/** Each criterion of {@link mapVerdict} and whether it holds. */
export interface MapVerdict {
  /** true only when every criterion holds. */
  readonly mapFormed: boolean;
  readonly criteria: readonly { readonly name: string; readonly holds: boolean; readonly detail: string }[];
}

/**
 * "A map formed" — never from σθ alone (spec §1.7: the untrained network already scores
 * 0.42 rad against a 0.34 floor). All of:
 *
 * 1. order: Spearman ρ(TS index, preferred position) ≥ `minRank` (default 0.5; a random map ≈ 0);
 * 2. σθ better than the untrained network by ≥ `minGainRad` (default 0.05 rad);
 * 3. σθ below the midpoint of the perfect-map floor and the random-map ceiling;
 * 4. PV length above the untrained network's (the population points somewhere, not just tilts).
 */
export function mapVerdict(
  trained: LayerMapMetrics,
  untrained: LayerMapMetrics,
  references: { readonly perfect: LayerMapMetrics; readonly random: LayerMapMetrics },
  options: { readonly minRank?: number; readonly minGainRad?: number } = {},
): MapVerdict {
  const minRank = options.minRank ?? 0.5;
  const minGain = options.minGainRad ?? 0.05;
  const mid = (references.perfect.sigmaTheta + references.random.sigmaTheta) / 2;
  const f = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : String(x));
  const criteria = [
    {
      name: 'rank order',
      holds: trained.rankCorrelation >= minRank,
      detail: `Spearman ρ(TS index, preferred x) = ${f(trained.rankCorrelation)} (needs ≥ ${minRank}; untrained ${f(untrained.rankCorrelation)}, perfect ${f(references.perfect.rankCorrelation)}, random ${f(references.random.rankCorrelation)})`,
    },
    {
      name: 'beats untrained',
      holds: trained.sigmaTheta <= untrained.sigmaTheta - minGain,
      detail: `σθ ${f(trained.sigmaTheta)} vs untrained ${f(untrained.sigmaTheta)} rad (needs ≥ ${minGain} rad lower)`,
    },
    {
      name: 'nearer the floor than chance',
      holds: trained.sigmaTheta < mid,
      detail: `σθ ${f(trained.sigmaTheta)} vs the midpoint ${f(mid)} of perfect ${f(references.perfect.sigmaTheta)} and random ${f(references.random.sigmaTheta)} rad`,
    },
    { name: 'PV length', holds: trained.pvLength > untrained.pvLength, detail: `PV length ${f(trained.pvLength)} vs untrained ${f(untrained.pvLength)} (perfect ${f(references.perfect.pvLength)})` },
  ];
  return { mapFormed: criteria.every((c) => c.holds), criteria };
}
