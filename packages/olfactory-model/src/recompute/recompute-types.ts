import type { SpikingCircuit } from '../engine/spiking-circuit';
import type { EvaluableStudent, EvaluationResponses } from '../training/evaluate-student';

/** One trained student to evaluate: its circuit, parameters and decoder. */
export interface RecomputeModel {
  readonly label: string;
  readonly student: EvaluableStudent;
}

/** Post-hoc model switches of spec §2.15 / §4.13 applied by an evaluator to every model. */
export interface RecomputeSwitches {
  /** Gap junctions (false = the no-gap ablation). Default true. */
  readonly gapJunctions?: boolean;
  /** Divisive APL inhibition (false = the no-APL ablation). Default true. */
  readonly apl?: boolean;
  /** Short-term depression (false = the no-STD synapse J = s·W of every pathway). Default true. */
  readonly shortTermDepression?: boolean;
}

/**
 * One block of samples to simulate on every model: already noisy OR responses, and the counter
 * stream of their circuit noise. Sample i of a request gets the circuit noise of the generator
 * blocks (stream, i, t, CIRCUIT), t = 0..29, so its result does not depend on chunking, on
 * the engine or on the device.
 */
export interface RecomputeRequest {
  /** For progress messages and errors. */
  readonly name: string;
  /** Row-major `n × n_receptors`, ≥ 0. */
  readonly receptors: Float32Array;
  readonly stream: number;
  /** Optogenetic APL activation (Mancini test: 0.7). Default 0. */
  readonly aplInject?: number;
  /** Carbachol current into every KC dendrite, nA (Mancini test: 0.1). Default 0. */
  readonly kcInjectNa?: number;
}

/**
 * Runs requests on a fixed set of models in evaluation mode (hard spikes, all circuit noise on)
 * with the circuit noise of `createRng(seed)`. Implementations: onnxruntime
 * (`createOnnxRecomputeEvaluator`) and the TypeScript engine (`createTypescriptRecomputeEvaluator`);
 * the recompute protocol (`runRecomputeProtocol`) is written against this interface only.
 */
export interface RecomputeEvaluator {
  readonly engine: 'onnx' | 'typescript';
  /** Execution device actually used. */
  readonly device: 'cpu' | 'cuda';
  /** Seed of the counter-based generator of the circuit noise. */
  readonly seed: number;
  readonly models: readonly RecomputeModel[];
  /**
   * Evaluate every request on every model: `result[request][model]`. `onProgress` receives the
   * samples done and the total (each sample counted once per model).
   */
  evaluate(requests: readonly RecomputeRequest[], onProgress?: (done: number, total: number) => void): Promise<EvaluationResponses[][]>;
  /** Where the time went so far, in seconds (e.g. `simulate`, `noiseWait`, `noiseWorkers`), for run metadata. */
  timings(): Readonly<Record<string, number>>;
  /** Free sessions and threads. */
  close(): Promise<void>;
}

/** The headline metrics of one checkpoint (fractions in [0, 1], decorrelations and suppression in %). */
export interface RecomputeMetrics {
  readonly accuracy: number;
  readonly kcSparsity: number;
  readonly centroidAccuracy: number;
  readonly alDecorrelation: number;
  readonly mbDecorrelation: number;
  readonly totalDecorrelation: number;
  /** Absent when the Mancini test is skipped (no-APL ablation). */
  readonly manciniRatio?: number;
  readonly aplSuppressionPercent?: number;
  /** Fraction of (sample, neuron) entries with ≥ 1 spike on the test set (mean over batches of 16, like KC sparsity). */
  readonly ornActivity: number;
  readonly lnActivity: number;
  readonly pnActivity: number;
  /** With the concentration sweep. */
  readonly pnDynamicRange?: number;
  readonly kcDynamicRange?: number;
  readonly orDynamicRange?: number;
}

/** The concentration sweep of spec §4.7 for one checkpoint (arrays follow `concentrations`). */
export interface RecomputeConcentrationSweep {
  readonly concentrations: readonly number[];
  readonly orMean: readonly number[];
  readonly pnMean: readonly number[];
  readonly kcMean: readonly number[];
  readonly decoderAccuracy: readonly number[];
  readonly centroidAccuracy: readonly number[];
  readonly orSimilarity: readonly number[];
  readonly pnSimilarity: readonly number[];
  readonly kcSimilarity: readonly number[];
  readonly tests: {
    readonly sublinearPnGain: boolean;
    readonly flatKcActivity: boolean;
    readonly robustClassification: boolean;
    readonly odorIdentityPreservation: 'PASS' | 'PARTIAL' | 'FAIL';
  };
}

/** Arrays the figures are drawn from (matrices as arrays of rows). */
export interface RecomputeFigureData {
  /** nOdors × nOdors counts, rows = true odor, columns = predicted, over the test set. */
  readonly confusion: number[][];
  /** Cosine similarities of trial-mean OR input / PN counts / KC counts of the decorrelation trials. */
  readonly similarity: { readonly or: number[][]; readonly pn: number[][]; readonly kc: number[][] };
  /** nOdors × n_KC trial-mean KC spike counts (decorrelation trials). */
  readonly kcMeanCounts: number[][];
  /** Per odor: mean pairwise cosine of its trials' KC vectors, and mean cosine to other odors' trials. */
  readonly withinOdor: { readonly within: number[]; readonly between: number[] };
  /** Mean total KC spikes per Mancini trial (absent when skipped). */
  readonly mancini?: { readonly baseline: number; readonly boosted: number };
  readonly concentration?: RecomputeConcentrationSweep;
}

/** Everything the protocol measures on one model. */
export interface RecomputeModelResult {
  readonly metrics: RecomputeMetrics;
  readonly figures: RecomputeFigureData;
}
