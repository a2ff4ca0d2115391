import {
  BlockRng,
  createRng,
  fixedProbabilityProjection,
  homeostasisMultiplicative,
  oneToOneProjection,
  ringKernelProjection,
  ShapeMismatchError,
  stdpAdditive,
  stdpMultiplicative,
} from '@olfactory/neurons';
import type { BinnedSchedule, LifPopulationSpec, MonitorSpec, NetworkSpec, PerNeuron, PlasticityRule, ProjectionSpec } from '@olfactory/neurons';
import type { LateralLineParams } from '../params/lateral-line-params';
import { topographicInDegreeProjection, topographicOutDegreeProjection } from './topographic-wiring';

/** Counter `source` word of the initial-weight draws. */
export const WEIGHT_INIT_SOURCE = 0x11a70002;

/** Population and projection names of the network (stable: checkpoints and monitors use them). */
export const LATERAL_LINE_NAMES = Object.freeze({
  ll: 'll',
  mon: 'mon',
  ts: 'ts',
  llMon: 'llMon',
  monTs: 'monTs',
} as const);

/** Options of {@link buildLateralLineNetwork}. */
export interface LateralLineNetworkOptions {
  /** Seed of the wiring and initial weights (the simulation's seed is separate). */
  readonly seed: number;
  /** Afferent rates, Hz: a schedule (training stream, test sweep) or constants. */
  readonly llRateHz: PerNeuron | BinnedSchedule;
  /** Attach STDP and homeostasis (training) or not (test: plasticity frozen). */
  readonly plastic: boolean;
  /** Weights to start from instead of the initial draw (e.g. trained ones), mV, in storage order. */
  readonly weightsMv?: { readonly llMon?: ArrayLike<number>; readonly monTs?: ArrayLike<number> };
  readonly monitors?: readonly MonitorSpec[];
}

/** The network and the values derived while building it. */
export interface LateralLineNetwork {
  readonly spec: NetworkSpec;
  /** LL→MON homeostasis target: mean initial incoming sum per MON cell, mV. */
  readonly llMonTargetMv: number;
}

function uniforms(seed: number, which: number, n: number): Float64Array {
  const u = new Float64Array(n);
  const block = new BlockRng();
  createRng(seed).openInto(block, which, 0, WEIGHT_INIT_SOURCE);
  for (let k = 0; k < n; k++) u[k] = block.nextUniform();
  return u;
}

/**
 * The LL → MON → TS network as data (a {@link NetworkSpec} for `compileNetwork`):
 *
 * - `ll` (nLl Poisson afferents at `llRateHz`), `bgMon`/`bgTs` (one-to-one background Poisson,
 *   geometric draws);
 * - `mon` (nMon) and `ts` (nTs) LIF cells with channels `exc` and `inh` (τ_s each, forward
 *   Euler), v(0) = E_L + U(0, vInitJitterMv); `monInh` and, with feedback inhibition, `tsInh`
 *   (one LIF cell each, v(0) = E_L);
 * - `llMon`: round(in-degree·topography) Gaussian (σ llMonSigma LL indices) + random sources per
 *   MON cell; w = llMonWInitMv + U·llMonWJitterMv, multiplicative STDP and incoming-sum
 *   homeostasis to the mean initial sum (when llMonPlastic), else fixed 11.5 + U·3 mV;
 * - `monTs`: out-degree with round(16·topography) Gaussian targets (σ monTsSigma TS indices);
 *   weights in mV = gain·w, additive STDP on gain·w, homeostasis to the population mean;
 * - `monToInh` (p), `inhToMon` (all), `tsLateral` (triangular ring kernel), `tsToInh`,
 *   `inhToTs`: inhibitory weights are negative on the `inh` channel (g_i enters as −g_i).
 *
 * @throws {InvalidParameterError} for a topography outside [0, 1] (from the wiring builders).
 * @throws {ShapeMismatchError} when given weights have the wrong length.
 */
export function buildLateralLineNetwork(p: LateralLineParams, o: LateralLineNetworkOptions): LateralLineNetwork {
  const rng = createRng(o.seed);
  const lif = (name: string, size: number, jitter: boolean): LifPopulationSpec => ({
    kind: 'lif',
    name,
    size,
    tauMemMs: p.tauMemMs,
    vRestMv: p.vRestMv,
    vThresholdMv: p.vThresholdMv,
    vResetMv: p.vResetMv,
    refractoryMs: p.refractoryMs,
    synapses: { exc: { tauMs: p.tauSynMs }, inh: { tauMs: p.tauSynMs } },
    integration: 'euler',
    vInitMv: jitter && p.vInitJitterMv > 0 ? { kind: 'uniform', lowMv: p.vRestMv, highMv: p.vRestMv + p.vInitJitterMv } : p.vRestMv,
  });
  const trialsMs = (n: number) => n * p.trialMs;

  // LL → MON
  const llMonW0 = uniforms(o.seed, 1, p.nMon * p.llMonInDegree);
  const llMon = topographicInDegreeProjection({
    name: 'llMon',
    pre: 'll',
    post: 'mon',
    synapse: 'exc',
    preSize: p.nLl,
    postSize: p.nMon,
    degree: p.llMonInDegree,
    topography: p.llMonTopography,
    sigma: p.llMonSigma,
    rng,
    stream: 1,
    weightMv: p.llMonPlastic ? (s) => p.llMonWInitMv + p.llMonWJitterMv * llMonW0[s]! : (s) => p.llMonFixedWMv + p.llMonFixedJitterMv * llMonW0[s]!,
  });
  const sums = new Float64Array(p.nMon);
  for (let s = 0; s < llMon.postIndex.length; s++) sums[llMon.postIndex[s]!] += llMon.weightsMv[s]!;
  let total = 0;
  let count = 0;
  for (const x of sums) if (x > 0) ((total += x), count++);
  const llMonTargetMv = count > 0 ? total / count : 0;
  const llMonRules: PlasticityRule[] = [];
  if (o.plastic && p.llMonPlastic) {
    llMonRules.push(stdpMultiplicative({ tauPreMs: p.stdpTauMs, tauPostMs: p.stdpTauMs, aPre: p.llMonAPre, aPost: p.llMonAPost, wMaxMv: p.llMonWMaxMv }));
    if (p.llMonHomeostasisEta > 0 && llMonTargetMv > 0) {
      llMonRules.push(homeostasisMultiplicative({ eta: p.llMonHomeostasisEta, target: llMonTargetMv, intervalMs: trialsMs(p.llMonHomeostasisEveryTrials), wMaxMv: p.llMonWMaxMv }));
    }
  }

  // MON → TS (weights in mV = gain · w)
  const g = p.monTsGainMv;
  const monTsW0 = uniforms(o.seed, 2, p.nMon * p.monTsOutDegree);
  const monTs = topographicOutDegreeProjection({
    name: 'monTs',
    pre: 'mon',
    post: 'ts',
    synapse: 'exc',
    preSize: p.nMon,
    postSize: p.nTs,
    degree: p.monTsOutDegree,
    topography: p.monTsTopography,
    sigma: p.monTsSigma,
    rng,
    stream: 2,
    weightMv: (s) => g * (p.monTsWInit + p.monTsWJitter * monTsW0[s]!),
  });
  const monTsRules: PlasticityRule[] = [];
  if (o.plastic) {
    monTsRules.push(stdpAdditive({ tauPreMs: p.stdpTauMs, tauPostMs: p.stdpTauMs, aPreMv: g * p.monTsAPre, aPostMv: g * p.monTsAPost, wMinMv: 0, wMaxMv: g * p.monTsWMax }));
    if (p.monTsHomeostasisEta > 0) {
      monTsRules.push(homeostasisMultiplicative({ eta: p.monTsHomeostasisEta, target: 'population-mean', intervalMs: trialsMs(p.monTsHomeostasisEveryTrials), wMaxMv: g * p.monTsWMax }));
    }
  }
  const withWeights = (pr: ProjectionSpec, w: ArrayLike<number> | undefined, rules: PlasticityRule[]): ProjectionSpec => {
    if (w !== undefined && w.length !== pr.postIndex.length) {
      throw new ShapeMismatchError({
        argument: `weightsMv.${pr.name}`,
        functionName: 'buildLateralLineNetwork',
        actual: `length ${w.length}`,
        expected: `${pr.postIndex.length} (the synapses of ${pr.name} for this seed and these sizes)`,
      });
    }
    return { ...pr, weightsMv: w === undefined ? pr.weightsMv : Float64Array.from(w), plasticity: rules };
  };

  const populations: NetworkSpec['populations'][number][] = [
    { kind: 'poisson', name: 'll', size: p.nLl, rateHz: o.llRateHz },
    { kind: 'poisson', name: 'bgMon', size: p.nMon, rateHz: p.bgMonRateHz, draw: 'geometric' },
    { kind: 'poisson', name: 'bgTs', size: p.nTs, rateHz: p.bgTsRateHz, draw: 'geometric' },
    lif('mon', p.nMon, true),
    lif('ts', p.nTs, true),
    lif('monInh', 1, false),
  ];
  const projections: ProjectionSpec[] = [
    withWeights(llMon, o.weightsMv?.llMon, llMonRules),
    oneToOneProjection({ name: 'bgMon', pre: 'bgMon', post: 'mon', synapse: 'exc', size: p.nMon, weightMv: p.bgMonWMv }),
    fixedProbabilityProjection({
      name: 'monToInh',
      pre: 'mon',
      post: 'monInh',
      synapse: 'exc',
      preSize: p.nMon,
      postSize: 1,
      probability: p.monToInhProbability,
      weightMv: p.monToInhMv,
      rng,
      stream: 3,
    }),
    fixedProbabilityProjection({ name: 'inhToMon', pre: 'monInh', post: 'mon', synapse: 'inh', preSize: 1, postSize: p.nMon, probability: 1, weightMv: -p.inhToMonMv, rng, stream: 4 }),
    withWeights(monTs, o.weightsMv?.monTs, monTsRules),
    oneToOneProjection({ name: 'bgTs', pre: 'bgTs', post: 'ts', synapse: 'exc', size: p.nTs, weightMv: p.bgTsWMv }),
    ringKernelProjection({ name: 'tsLateral', pre: 'ts', post: 'ts', synapse: 'inh', size: p.nTs, radius: p.tsLateralRadius, peakMv: -p.tsLateralPeakMv, kernel: 'triangular' }),
  ];
  if (p.tsFeedbackInhibition) {
    populations.push(lif('tsInh', 1, false));
    projections.push(
      fixedProbabilityProjection({ name: 'tsToInh', pre: 'ts', post: 'tsInh', synapse: 'exc', preSize: p.nTs, postSize: 1, probability: p.tsToInhProbability, weightMv: p.tsToInhMv, rng, stream: 5 }),
      fixedProbabilityProjection({ name: 'inhToTs', pre: 'tsInh', post: 'ts', synapse: 'inh', preSize: 1, postSize: p.nTs, probability: 1, weightMv: -p.inhToTsMv, rng, stream: 6 }),
    );
  }
  return { spec: { populations, projections, monitors: o.monitors ?? [] }, llMonTargetMv };
}
