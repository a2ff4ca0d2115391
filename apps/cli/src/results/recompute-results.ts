/**
 * The results file written by `olfactory recompute` (`recompute.json`) and read by
 * `olfactory figures` and `olfactory report`. Everything a figure or the report needs is in this
 * one file, so figures can be redrawn without re-simulating.
 *
 * Determinism contract: two recompute runs on the same checkpoints and device produce
 * byte-identical files, so this file holds no timestamps and no timings (those go to
 * `run-metadata.json`, see {@link RunMetadata}).
 *
 * Conventions: fractions in [0, 1] (accuracy, sparsity, activities); decorrelations and
 * suppression in percent; matrices as arrays of rows; odor order = the 28 Kreher conditions
 * (row 0 = `sfr`).
 */

/** Stable metric names of the summary (issue: ONNX recompute). */
export const SUMMARY_METRICS = [
  'accuracy',
  'kcSparsity',
  'centroidAccuracy',
  'alDecorrelation',
  'mbDecorrelation',
  'totalDecorrelation',
  'manciniRatio',
  'aplSuppressionPercent',
  'pnDynamicRange',
  'kcDynamicRange',
  'orDynamicRange',
] as const;
export type SummaryMetric = (typeof SUMMARY_METRICS)[number];

export interface MeanStdValue {
  readonly mean: number;
  /** Population std (ddof = 0) over checkpoints. */
  readonly std: number;
}

export type Ablation = 'none' | 'no-gap' | 'no-apl' | 'no-std';

export interface RecomputeProtocol {
  readonly evalSeed: number;
  /** Test repeats per odor (50 → 1,400 samples). */
  readonly testRepeats: number;
  /** Trials per odor for centroid accuracy, decorrelation, Mancini (50). */
  readonly nTrials: number;
  readonly inputNoise: number;
  readonly withConcentration: boolean;
  readonly ablation: Ablation;
  /** Execution provider actually used. */
  readonly device: 'cpu' | 'cuda';
}

export interface CheckpointMetrics {
  readonly accuracy: number;
  readonly kcSparsity: number;
  readonly centroidAccuracy: number;
  readonly alDecorrelation: number;
  readonly mbDecorrelation: number;
  readonly totalDecorrelation: number;
  /** Absent for the no-APL ablation (Mancini skipped). */
  readonly manciniRatio?: number;
  readonly aplSuppressionPercent?: number;
  /** Fraction of (sample, neuron) entries with ≥ 1 spike on the test set. */
  readonly ornActivity: number;
  readonly lnActivity: number;
  readonly pnActivity: number;
  /** Present with the concentration sweep. */
  readonly pnDynamicRange?: number;
  readonly kcDynamicRange?: number;
  readonly orDynamicRange?: number;
}

/** Concentration sweep of spec §4.7 for one checkpoint (arrays index the concentrations). */
export interface ConcentrationSweep {
  /** [0.03, 0.1, 0.3, 0.5, 1, 2, 5]. */
  readonly concentrations: readonly number[];
  /** Mean over the 27 odors of the summed trial-mean pattern (OR input, PN counts, KC counts). */
  readonly orMean: readonly number[];
  readonly pnMean: readonly number[];
  readonly kcMean: readonly number[];
  /** Fractions. */
  readonly decoderAccuracy: readonly number[];
  readonly centroidAccuracy: readonly number[];
  /** Mean cosine similarity to the c = 1 baseline (OR with sfr subtracted). */
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

/** Arrays the figures are drawn from. */
export interface CheckpointFigureData {
  /** 28 × 28 counts, rows = true odor, columns = predicted odor, over the test set. */
  readonly confusion: readonly (readonly number[])[];
  /** 28 × 28 cosine similarities of trial-mean OR input / PN counts / KC counts (decorrelation trials). */
  readonly similarity: { readonly or: readonly (readonly number[])[]; readonly pn: readonly (readonly number[])[]; readonly kc: readonly (readonly number[])[] };
  /** 28 × 144 trial-mean KC spike counts. */
  readonly kcMeanCounts: readonly (readonly number[])[];
  /** Per odor: mean pairwise cosine between KC count vectors of its trials, and mean cosine to other odors' trials. */
  readonly withinOdor: { readonly within: readonly number[]; readonly between: readonly number[] };
  /** Mean total KC spikes per trial (absent for no-APL). */
  readonly mancini?: { readonly baseline: number; readonly boosted: number };
  readonly concentration?: ConcentrationSweep;
}

/** Learned parameters in physical units, for the parameter figures and the report. */
export interface CheckpointParameters {
  readonly gSomaNs: number;
  readonly tauAplMs: number;
  readonly aplGainRaw: number;
  readonly gapNs: { readonly lnLn: number; readonly pnPn: number; readonly elnPn: number };
  readonly vThresholdMv: { readonly orn: readonly number[]; readonly ln: readonly number[]; readonly pn: readonly number[]; readonly kc: readonly number[] };
  /** Strength s of each of the 16 chemical pathways, amperes, keyed by pathway name (e.g. `pn_kc`). */
  readonly pathwayStrengthA: Readonly<Record<string, number>>;
  /** Fraction of KC thresholds ≥ −30.5 mV; LN ≤ −54.5 mV; PN strictly inside. */
  readonly kcAtUpperBound: number;
  readonly lnAtLowerBound: number;
  readonly pnInterior: number;
}

/** One row of a checkpoint's training history (every evaluated epoch). */
export interface HistoryEntry {
  readonly epoch: number;
  readonly loss: number;
  readonly trainAccuracy: number;
  readonly testAccuracy: number;
  readonly kcSparsity: number;
  readonly gSomaNs: number;
  readonly alDecorrelation?: number;
  readonly mbDecorrelation?: number;
  readonly manciniRatio?: number;
}

export interface CheckpointResult {
  /** File name of the checkpoint (no directory). */
  readonly file: string;
  readonly sha256: string;
  readonly seed: number;
  readonly orMapping: 'one-to-one' | 'by-name' | 'custom';
  readonly metrics: CheckpointMetrics;
  readonly figures: CheckpointFigureData;
  readonly parameters: CheckpointParameters;
  readonly history: readonly HistoryEntry[];
}

export interface RecomputeResults {
  readonly schema: 'olfactory-recompute';
  readonly version: 1;
  readonly producer: { readonly name: string; readonly version: string };
  readonly protocol: RecomputeProtocol;
  /** The 28 condition names, in class order. */
  readonly odors: readonly string[];
  readonly checkpoints: readonly CheckpointResult[];
  /** Mean ± population std over checkpoints; concentration metrics only with the sweep. */
  readonly summary: Partial<Record<SummaryMetric, MeanStdValue>>;
}

/** `run-metadata.json`, written beside `recompute.json`: what is allowed to differ between runs. */
export interface RunMetadata {
  readonly createdAt: string;
  readonly versions: Readonly<Record<string, string>>;
  readonly node: string;
  readonly platform: string;
  readonly device: string;
  readonly timingsSeconds: Readonly<Record<string, number>>;
  /** sha256 of the data files used. */
  readonly dataChecksums: Readonly<Record<string, string>>;
}
