import {
  CANONICAL_CONCENTRATIONS,
  accuracy,
  aplSuppressionPercent,
  argmaxRows,
  batchedActiveFraction,
  centroidAccuracy,
  classifyByCentroids,
  concentrationInvariance,
  confusionMatrix,
  hillEffectiveConcentration,
  manciniRatio,
  meanPatternSum,
  meanSimilarityToBaseline,
  pairwiseDecorrelation,
  similarityMatrix,
  withinOdorConsistency,
} from '@olfactory/metrics';
import type { ConcentrationSummary } from '@olfactory/metrics';
import { InvalidParameterError, createRng } from '@olfactory/neurons';
import { NOISE_STREAM } from '../data/noise-streams';
import { fillNoisyOdorSamples } from '../data/noisy-odor-samples';
import type { EvaluationResponses } from '../training/evaluate-student';
import type { RecomputeConcentrationSweep, RecomputeEvaluator, RecomputeModelResult, RecomputeRequest } from './recompute-types';

/**
 * Counter streams of the recompute protocol: `NOISE_STREAM.RECOMPUTE` + these offsets. Each
 * metric reads its own stream (input noise and circuit noise), the counterpart of the
 * reference's re-seeding before every metric. Sample i of a metric uses block index i.
 */
export const RECOMPUTE_STREAM_OFFSETS = Object.freeze({
  test: 0,
  centroid: 1,
  decorrelation: 2,
  manciniBaseline: 3,
  manciniBoosted: 4,
  /** The c = 1 baseline of the concentration sweep. */
  concentrationBaseline: 16,
  /** Concentration index k of the sweep list uses `concentration + k`. */
  concentration: 17,
});

/** The protocol's constants (spec §4.1); every field has the reference's default. */
export interface RecomputeProtocolOptions {
  /** Clean normalized OR responses, row-major `nOdors × n_receptors` (row 0 = `sfr`). */
  readonly odors: Float32Array;
  /** Evaluation seed (42). Must equal the evaluator's seed. */
  readonly evalSeed?: number;
  /** Noisy copies per odor of the test set (50 → 1,400 samples). */
  readonly testRepeats?: number;
  /** Trials per odor (centroid, decorrelation) and per Mancini condition (50). */
  readonly nTrials?: number;
  /** Multiplicative OR input noise σ (0.3). */
  readonly inputNoise?: number;
  /** Run the 50-trial concentration sweep of §4.7. Default false. */
  readonly withConcentration?: boolean;
  /** Run the Mancini test (skipped for the no-APL ablation). Default true. */
  readonly mancini?: boolean;
  /** Carbachol current of the Mancini test, nA (0.1 = 100 pA). */
  readonly manciniKcInjectNa?: number;
  /** APL activation of the boosted Mancini condition (0.7). */
  readonly manciniAplInject?: number;
  /** Concentrations of the sweep (the canonical seven). */
  readonly concentrations?: readonly number[];
  /** Batches of the test-set sparsity average (16, the reference's test loader). */
  readonly sparsityBatch?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

interface Stage {
  readonly request: RecomputeRequest;
  readonly labels: Int32Array;
}

const rows = (m: ArrayLike<number>, n: number, dim: number): number[][] => Array.from({ length: n }, (_, i) => Array.from({ length: dim }, (_, j) => m[i * dim + j]!));

/** Mean over `trials` consecutive rows per group: `nGroups × dim` (float64). */
function trialMeans(x: ArrayLike<number>, nGroups: number, trials: number, dim: number): Float64Array {
  const out = new Float64Array(nGroups * dim);
  for (let g = 0; g < nGroups; g++) {
    for (let t = 0; t < trials; t++) {
      const o = (g * trials + t) * dim;
      for (let k = 0; k < dim; k++) out[g * dim + k]! += x[o + k]!;
    }
    for (let k = 0; k < dim; k++) out[g * dim + k]! /= trials;
  }
  return out;
}

function rowTotals(x: ArrayLike<number>, n: number, dim: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let acc = 0;
    for (let k = 0; k < dim; k++) acc += x[i * dim + k]!;
    out[i] = acc;
  }
  return out;
}

/**
 * The deterministic recompute protocol of spec §4.1 on every model of `evaluator`: test accuracy,
 * KC sparsity and per-type activity on `testRepeats` noisy copies of each odor; centroid
 * accuracy (§4.4) and per-pair decorrelation with trial means (§4.5a) on `nTrials` trials per
 * odor; the Mancini APL-suppression test (§4.6: zero odor, 0.1 nA carbachol, APL boost 0.7);
 * optionally the concentration sweep (§4.7); plus the arrays of the figures (confusion,
 * similarity matrices, trial-mean KC counts, within-odor consistency).
 *
 * Randomness: all noise (multiplicative OR input noise and the circuit noise) comes from the
 * counter-based generator `createRng(evalSeed)` on the streams of {@link RECOMPUTE_STREAM_OFFSETS};
 * results are deterministic run to run and independent of batching, engine and worker count,
 * but they are not PyTorch's random streams, so they match the reference statistically (within
 * the seed-to-seed spread), not digit for digit.
 *
 * All requests are evaluated in one `evaluator.evaluate` call (one pipeline, one progress bar).
 */
// eslint-disable-next-line max-lines-per-function -- the protocol of spec §4.1 in its order; to be split with the experiment runner
export async function runRecomputeProtocol(evaluator: RecomputeEvaluator, options: RecomputeProtocolOptions): Promise<RecomputeModelResult[]> {
  const evalSeed = options.evalSeed ?? 42;
  if (evalSeed !== evaluator.seed) throw new InvalidParameterError({ parameter: 'evalSeed', value: evalSeed, expected: `the evaluator's seed ${evaluator.seed}` });
  const testRepeats = options.testRepeats ?? 50;
  const nTrials = options.nTrials ?? 50;
  const sigma = options.inputNoise ?? 0.3;
  const sizes = evaluator.models[0]!.student.circuit.sizes;
  const nR = sizes.receptors;
  const nOdors = options.odors.length / nR;
  if (!Number.isInteger(nOdors) || nOdors < 2) throw new InvalidParameterError({ parameter: 'odors', value: options.odors.length, expected: `a row-major nOdors × ${nR} matrix with nOdors ≥ 2` });
  const rng = createRng(evalSeed);
  const base = NOISE_STREAM.RECOMPUTE;
  const S = RECOMPUTE_STREAM_OFFSETS;

  const noisy = (odors: Float32Array, repeats: number, stream: number, name: string, extra: Partial<RecomputeRequest> = {}): Stage => {
    const n = (odors.length / nR) * repeats;
    const receptors = new Float32Array(n * nR);
    const labels = new Int32Array(n);
    fillNoisyOdorSamples(
      odors,
      nR,
      repeats,
      Int32Array.from({ length: n }, (_, i) => i),
      rng,
      stream,
      receptors,
      labels,
      sigma,
    );
    return { request: { name, receptors, stream, ...extra }, labels };
  };
  const stages: Record<string, Stage> = {
    test: noisy(options.odors, testRepeats, base + S.test, 'test set'),
    centroid: noisy(options.odors, nTrials, base + S.centroid, 'centroid trials'),
    decorrelation: noisy(options.odors, nTrials, base + S.decorrelation, 'decorrelation trials'),
  };
  const withMancini = options.mancini !== false;
  if (withMancini) {
    const zeros = new Float32Array(nTrials * nR);
    const kcInjectNa = options.manciniKcInjectNa ?? 0.1;
    stages.manciniBaseline = { request: { name: 'Mancini baseline', receptors: zeros, stream: base + S.manciniBaseline, kcInjectNa, aplInject: 0 }, labels: new Int32Array(nTrials) };
    stages.manciniBoosted = {
      request: { name: 'Mancini boosted', receptors: zeros, stream: base + S.manciniBoosted, kcInjectNa, aplInject: options.manciniAplInject ?? 0.7 },
      labels: new Int32Array(nTrials),
    };
  }
  const concentrations = options.concentrations ?? CANONICAL_CONCENTRATIONS;
  const sfr = options.odors.subarray(0, nR);
  // Odors 1..nOdors−1 at concentration c: R_c = max(0, sfr + (r_k − sfr)·h(c)) (spec §4.7).
  const scaled = (c: number): Float32Array => {
    const h = hillEffectiveConcentration(c);
    const out = new Float32Array((nOdors - 1) * nR);
    for (let k = 1; k < nOdors; k++) {
      for (let r = 0; r < nR; r++) {
        const v = sfr[r]! + (options.odors[k * nR + r]! - sfr[r]!) * h;
        out[(k - 1) * nR + r] = v > 0 ? v : 0;
      }
    }
    return out;
  };
  if (options.withConcentration) {
    stages.concentrationBaseline = noisy(scaled(1), nTrials, base + S.concentrationBaseline, 'concentration baseline (c = 1)');
    concentrations.forEach((c, k) => (stages[`concentration${k}`] = noisy(scaled(c), nTrials, base + S.concentration + k, `concentration c = ${c}`)));
  }
  const names = Object.keys(stages);
  const responses = await evaluator.evaluate(
    names.map((k) => stages[k]!.request),
    options.onProgress,
  );
  const byName = (name: string, model: number): EvaluationResponses => responses[names.indexOf(name)]![model]!;

  return evaluator.models.map((model, mi) => {
    const nClasses = model.student.decoderBias.length;
    // ---- test set: accuracy, sparsity, activity, confusion
    const test = byName('test', mi);
    const testLabels = stages.test!.labels;
    const predicted = argmaxRows(test.logits, nClasses);
    const batchSize = options.sparsityBatch ?? 16;
    const active = (x: Float32Array, dim: number) => batchedActiveFraction(x, dim, { batchSize });
    // ---- centroid accuracy
    const cen = byName('centroid', mi);
    const centroid = centroidAccuracy(cen.kc, stages.centroid!.labels, sizes.kc);
    // ---- decorrelation with trial means, similarity matrices, KC means, within-odor consistency
    const dec = byName('decorrelation', mi);
    const means = {
      or: trialMeans(stages.decorrelation!.request.receptors, nOdors, nTrials, nR),
      pn: trialMeans(dec.pn, nOdors, nTrials, sizes.pn),
      kc: trialMeans(dec.kc, nOdors, nTrials, sizes.kc),
    };
    const decorrelation = pairwiseDecorrelation(means, nOdors);
    const within = withinOdorConsistency(dec.kc, stages.decorrelation!.labels, sizes.kc);
    // ---- Mancini
    let mancini: ReturnType<typeof manciniRatio> | undefined;
    if (withMancini) {
      const totals = (name: string) => rowTotals(byName(name, mi).kc, nTrials, sizes.kc);
      mancini = manciniRatio(totals('manciniBaseline'), totals('manciniBoosted'));
    }
    // ---- concentration sweep
    const conc = options.withConcentration ? sweep(mi, nClasses) : undefined;

    return {
      metrics: {
        accuracy: accuracy(predicted, testLabels),
        kcSparsity: active(test.kc, sizes.kc),
        centroidAccuracy: centroid.accuracy,
        alDecorrelation: decorrelation.alPercent,
        mbDecorrelation: decorrelation.mbPercent,
        totalDecorrelation: decorrelation.totalPercent,
        ...(mancini ? { manciniRatio: mancini.ratio, aplSuppressionPercent: aplSuppressionPercent(mancini.ratio) } : {}),
        ornActivity: active(test.orn, sizes.orn),
        lnActivity: active(test.ln, sizes.ln),
        pnActivity: active(test.pn, sizes.pn),
        ...(conc ? { pnDynamicRange: conc.ranges.pn, kcDynamicRange: conc.ranges.kc, orDynamicRange: conc.ranges.or } : {}),
      },
      figures: {
        confusion: rows(confusionMatrix(predicted, testLabels, nClasses), nClasses, nClasses),
        similarity: {
          or: rows(similarityMatrix(means.or, nOdors, nR), nOdors, nOdors),
          pn: rows(similarityMatrix(means.pn, nOdors, sizes.pn), nOdors, nOdors),
          kc: rows(similarityMatrix(means.kc, nOdors, sizes.kc), nOdors, nOdors),
        },
        kcMeanCounts: rows(means.kc, nOdors, sizes.kc),
        withinOdor: { within: Array.from(within.withinPerOdor), between: Array.from(within.betweenPerOdor) },
        ...(mancini ? { mancini: { baseline: mancini.baselineMean, boosted: mancini.boostedMean } } : {}),
        ...(conc ? { concentration: conc.figure } : {}),
      },
    };
  });

  /** The concentration sweep of model `mi`: the figure arrays and the dynamic ranges. */
  function sweep(mi: number, nClasses: number): { figure: RecomputeConcentrationSweep; ranges: { or: number; pn: number; kc: number } } {
    const n = nOdors - 1;
    const patterns = (name: string) => {
      const r = byName(name, mi);
      return {
        or: trialMeans(stages[name]!.request.receptors, n, nTrials, nR),
        pn: trialMeans(r.pn, n, nTrials, sizes.pn),
        kc: trialMeans(r.kc, n, nTrials, sizes.kc),
        kcTrials: r.kc,
        logits: r.logits,
      };
    };
    const baseline = patterns('concentrationBaseline');
    const labels = stages.concentrationBaseline!.labels; // odor k − 1 (centroid index)
    const summaries: ConcentrationSummary[] = [];
    const sims = { or: [] as number[], pn: [] as number[], kc: [] as number[] };
    concentrations.forEach((c, k) => {
      const p = patterns(`concentration${k}`);
      const predicted = argmaxRows(p.logits, nClasses);
      const decoderLabels = Int32Array.from(labels, (l) => l + 1); // class index of odor k is k
      summaries.push({
        concentration: c,
        meanOr: meanPatternSum(p.or, n),
        meanPn: meanPatternSum(p.pn, n),
        meanKc: meanPatternSum(p.kc, n),
        decoderAccuracy: accuracy(predicted, decoderLabels),
        kcCentroidAccuracy: classifyByCentroids(p.kcTrials, labels, baseline.kc, sizes.kc).accuracy,
      });
      sims.or.push(meanSimilarityToBaseline(p.or, baseline.or, n, sfr));
      sims.pn.push(meanSimilarityToBaseline(p.pn, baseline.pn, n));
      sims.kc.push(meanSimilarityToBaseline(p.kc, baseline.kc, n));
    });
    const inv = concentrationInvariance(summaries);
    const figure: RecomputeConcentrationSweep = {
      concentrations: [...concentrations],
      orMean: summaries.map((x) => x.meanOr),
      pnMean: summaries.map((x) => x.meanPn),
      kcMean: summaries.map((x) => x.meanKc),
      decoderAccuracy: summaries.map((x) => x.decoderAccuracy),
      centroidAccuracy: summaries.map((x) => x.kcCentroidAccuracy),
      orSimilarity: sims.or,
      pnSimilarity: sims.pn,
      kcSimilarity: sims.kc,
      tests: {
        sublinearPnGain: inv.sublinearPnGain,
        flatKcActivity: inv.flatKcActivity,
        robustClassification: inv.robustClassification,
        odorIdentityPreservation: inv.odorIdentityPreservation,
      },
    };
    return { figure, ranges: { or: inv.orRange, pn: inv.pnRange, kc: inv.kcRange } };
  }
}
