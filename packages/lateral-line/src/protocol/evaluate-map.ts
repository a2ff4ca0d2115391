import { compileNetwork, createSimState, InvalidParameterError, runSimulation, spikeMonitor } from '@olfactory/neurons';
import type { SimState, SpikeMonitorData } from '@olfactory/neurons';
import { mapRankCorrelation, populationVectorMap, preferredPositions, randomPermutation, syntheticMapSpikes, tuningCurves, tuningWidthFwhm } from '@olfactory/metrics';
import type { LateralLineParams } from '../params/lateral-line-params';
import { buildLateralLineNetwork } from '../network/build-network';
import { testSweep } from '../stimulus/test-sweep';

/** Spikes of one layer during the test, steps counted from the start of the sweep. */
export interface LayerSpikes {
  readonly steps: Int32Array;
  readonly neurons: Int32Array;
  readonly count: number;
}

/** The honest map metrics of one layer. */
export interface LayerMapMetrics {
  readonly sigmaTheta: number;
  readonly deltaTrial: number;
  readonly validFraction: number;
  readonly pvLength: number;
  /** Spearman ρ between cell index and preferred position (active cells). */
  readonly rankCorrelation: number;
  readonly activeCells: number;
  readonly fwhmMeanCm: number;
  readonly fwhmSdCm: number;
  readonly meanRateHz: number;
}

/** A test sweep's result. */
export interface MapEvaluation {
  /** 'extract': fresh neuron state with the given (trained) weights of both layers;
   *  'training': continues the training state (the reference's end-of-training test). */
  readonly mode: 'extract' | 'training';
  readonly xCm: Float64Array;
  readonly dtMs: number;
  readonly spikes: { readonly ll: LayerSpikes; readonly mon: LayerSpikes; readonly ts: LayerSpikes };
  readonly ts: LayerMapMetrics;
  readonly ll: LayerMapMetrics;
  /** σθ_LL / σθ_TS (the reference's "population sharpening"). */
  readonly sharpening: number;
}

/** Options of {@link evaluateMap}. */
export interface EvaluateMapOptions {
  /** Seed of the wiring (the training run's seed). */
  readonly seed: number;
  /** Weights of LL→MON and MON→TS, mV in storage order (trained, or omit for the untrained network). */
  readonly weightsMv?: { readonly llMon?: ArrayLike<number>; readonly monTs?: ArrayLike<number> };
  /** Counter stream of the test's randomness (background spikes, afferent spikes, OU noise). Default 1. */
  readonly stream?: number;
  /** Continue from this training state (training mode) instead of a fresh state (extract mode). */
  readonly continueFrom?: SimState;
  readonly distanceCm?: number;
  readonly extraNoiseSdHz?: number;
  readonly evalWindowCm?: readonly [number, number];
}

function layer(m: SpikeMonitorData, startStep: number): LayerSpikes {
  const steps = new Int32Array(m.count);
  for (let k = 0; k < m.count; k++) steps[k] = m.steps[k]! - startStep;
  return { steps, neurons: m.neurons.slice(0, m.count), count: m.count };
}

/** σθ, Δ_trial, valid fraction, PV length, rank order, FWHM and rate of one layer's test spikes. */
export function layerMapMetrics(s: LayerSpikes, nNeurons: number, xCm: Float64Array, dtMs: number, evalWindowCm?: readonly [number, number]): LayerMapMetrics {
  const pv = populationVectorMap(s, { nNeurons, xCm, dtMs, evalWindowCm });
  const curves = tuningCurves(s, { nNeurons, xCm, dtMs, nBins: 50 });
  const order = mapRankCorrelation(preferredPositions(curves));
  const fwhm = tuningWidthFwhm(curves);
  return {
    sigmaTheta: pv.sigmaTheta,
    deltaTrial: pv.deltaTrial,
    validFraction: pv.validFraction,
    pvLength: pv.pvLength,
    rankCorrelation: order.rho,
    activeCells: order.nCells,
    fwhmMeanCm: fwhm.meanCm,
    fwhmSdCm: fwhm.sdCm,
    meanRateHz: s.count / (nNeurons * ((xCm.length * dtMs) / 1000)),
  };
}

/**
 * Run the test sweep with plasticity frozen (both layers: the reference keeps LL→MON STDP on
 * during its test, a defect fixed here) and score the TS and LL layers.
 *
 * Extract mode (default) starts from a fresh neuron state with the given weights of BOTH
 * plastic layers — the reference's extract mode re-tests with the initial LL→MON weights, a
 * defect (spec §1.7). Training mode (`continueFrom`) continues the training state's membranes,
 * synapses and clock, as the reference's end-of-training test does. The two are never mixed:
 * the result carries its `mode`.
 */
export function evaluateMap(p: LateralLineParams, o: EvaluateMapOptions): MapEvaluation {
  const stream = o.stream ?? 1;
  if (!Number.isInteger(stream) || stream < 0) throw new InvalidParameterError({ parameter: 'stream', value: stream, expected: 'an integer >= 0' });
  const sweep = testSweep(p, { seed: o.seed, stream, distanceCm: o.distanceCm, extraNoiseSdHz: o.extraNoiseSdHz });
  const startStep = o.continueFrom ? o.continueFrom.stepIndex : 0;
  const startMs = startStep * p.dtMs;
  const window = [{ startMs, stopMs: startMs + sweep.durationMs }];
  const cap = (n: number) => Math.max(1024, Math.ceil((n * sweep.steps) / Math.max(1, Math.round(p.refractoryMs / p.dtMs))));
  const built = buildLateralLineNetwork(p, {
    seed: o.seed,
    llRateHz: { ...sweep.schedule, startMs },
    plastic: false,
    weightsMv: o.weightsMv ?? (o.continueFrom ? { llMon: o.continueFrom.projections.llMon!.weightsMv, monTs: o.continueFrom.projections.monTs!.weightsMv } : undefined),
    monitors: [
      { kind: 'spikes', name: 'll', population: 'll', windows: window, capacity: p.nLl * sweep.steps },
      { kind: 'spikes', name: 'mon', population: 'mon', windows: window, capacity: cap(p.nMon) },
      { kind: 'spikes', name: 'ts', population: 'ts', windows: window, capacity: cap(p.nTs) },
    ],
  });
  const net = compileNetwork(built.spec, { dtMs: p.dtMs, seed: o.seed, stream });
  let state = createSimState(net);
  if (o.continueFrom) {
    const from = o.continueFrom;
    state.stepIndex = from.stepIndex;
    for (const [name, pop] of Object.entries(state.populations)) {
      const src = from.populations[name];
      if (!src) continue;
      pop.v.set(src.v);
      pop.refractoryStepsLeft.set(src.refractoryStepsLeft);
      for (const c of Object.keys(pop.syn)) pop.syn[c]!.set(src.syn[c]!);
    }
  }
  state = runSimulation(net, state, sweep.durationMs, { inPlace: true });
  const spikes = {
    ll: layer(spikeMonitor(state, 'll'), startStep),
    mon: layer(spikeMonitor(state, 'mon'), startStep),
    ts: layer(spikeMonitor(state, 'ts'), startStep),
  };
  const ts = layerMapMetrics(spikes.ts, p.nTs, sweep.xCm, p.dtMs, o.evalWindowCm);
  const ll = layerMapMetrics(spikes.ll, p.nLl, sweep.xCm, p.dtMs, o.evalWindowCm);
  return { mode: o.continueFrom ? 'training' : 'extract', xCm: sweep.xCm, dtMs: p.dtMs, spikes, ts, ll, sharpening: ll.sigmaTheta / ts.sigmaTheta };
}

/**
 * The two fixed references every σθ is reported beside, scored by the same metric on the same
 * test path: a perfect map over the body (one TS cell per position, head → tail in index order;
 * the ≈ 0.34 rad floor on the 5-cm path) and random maps (the same cells in a random order;
 * mean over `randomMaps` permutations, ≈ 1.7 rad).
 */
export function referenceMaps(
  p: LateralLineParams,
  options: { readonly randomMaps?: number; readonly rng: () => number },
): { readonly perfect: LayerMapMetrics; readonly random: LayerMapMetrics & { readonly sigmaThetaSd: number; readonly n: number } } {
  const xCm = Float64Array.from({ length: Math.round(((p.testPathCm / p.speedCmPerS) * 1000) / p.dtMs) }, (_, k) => p.testStartCm + p.speedCmPerS * p.direction * ((k * p.dtMs) / 1000));
  const score = (order?: Int32Array) => {
    const s = syntheticMapSpikes({ nNeurons: p.nTs, xCm, mapStartCm: 0, mapEndCm: p.bodyLengthCm, order });
    return layerMapMetrics({ ...s, count: s.steps.length }, p.nTs, xCm, p.dtMs);
  };
  const perfect = score();
  const n = options.randomMaps ?? 10;
  const runs = Array.from({ length: n }, () => score(randomPermutation(p.nTs, options.rng)));
  const mean = (f: (m: LayerMapMetrics) => number) => runs.reduce((a, m) => a + f(m), 0) / n;
  const sigma = mean((m) => m.sigmaTheta);
  const sd = Math.sqrt(runs.reduce((a, m) => a + (m.sigmaTheta - sigma) ** 2, 0) / Math.max(1, n - 1));
  const random = {
    sigmaTheta: sigma,
    deltaTrial: mean((m) => m.deltaTrial),
    validFraction: mean((m) => m.validFraction),
    pvLength: mean((m) => m.pvLength),
    rankCorrelation: mean((m) => m.rankCorrelation),
    activeCells: mean((m) => m.activeCells),
    fwhmMeanCm: mean((m) => m.fwhmMeanCm),
    fwhmSdCm: mean((m) => m.fwhmSdCm),
    meanRateHz: mean((m) => m.meanRateHz),
    sigmaThetaSd: sd,
    n,
  };
  return { perfect, random };
}
