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

import type { RecomputeConcentrationSweep, RecomputeMetrics, RecomputeSummaryMetric, TrainingHistoryEntry } from '@olfactory/model';
import { RECOMPUTE_SUMMARY_METRICS } from '@olfactory/model';
import type { CircuitPreprocessing, OrMappingName } from '@olfactory/connectome-data';

/** Stable metric names of the summary (the model package's recompute protocol defines them). */
export const SUMMARY_METRICS = RECOMPUTE_SUMMARY_METRICS;
export type SummaryMetric = RecomputeSummaryMetric;

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

/** Headline metrics of one checkpoint (`@olfactory/model`'s `RecomputeMetrics`). */
export type CheckpointMetrics = RecomputeMetrics;

/** Concentration sweep of spec §4.7 for one checkpoint (`@olfactory/model`'s `RecomputeConcentrationSweep`). */
export type ConcentrationSweep = RecomputeConcentrationSweep;

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

/** One row of a checkpoint's training history (the checkpoint's `TrainingHistoryEntry`). */
export type HistoryEntry = TrainingHistoryEntry;

export interface CheckpointResult {
  /** File name of the checkpoint (no directory). */
  readonly file: string;
  readonly sha256: string;
  readonly seed: number;
  readonly orMapping: OrMappingName | 'custom';
  /** The connectome preprocessing the checkpoint was trained on (absent in results written before it was recorded). */
  readonly preprocessing?: CircuitPreprocessing;
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
