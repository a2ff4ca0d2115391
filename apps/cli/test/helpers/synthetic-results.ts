import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Ablation, CheckpointResult, HistoryEntry, MeanStdValue, RecomputeResults, RunMetadata, SummaryMetric } from '../../src/results/recompute-results';

/** mulberry32: a tiny seeded PRNG for synthetic test data (never Math.random in tests). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const round = (v: number, digits = 4) => Number(v.toFixed(digits));

export interface SyntheticOptions {
  readonly seed?: number;
  readonly nCheckpoints?: number;
  readonly nOdors?: number;
  readonly nKcs?: number;
  readonly withConcentration?: boolean;
  readonly ablation?: Ablation;
  /** Odor names; default `sfr`, `odor 1`, … */
  readonly odors?: readonly string[];
  readonly producerName?: string;
}

/** Cosine similarities of random non-negative patterns sharing a baseline (`shared` ↑ → more similar). */
function similarity(rng: () => number, n: number, units: number, shared: number): number[][] {
  const base = Array.from({ length: units }, () => rng());
  const pats = Array.from({ length: n }, () => base.map((b) => Math.max(0, shared * b + (1 - shared) * (rng() - 0.3))));
  const norm = pats.map((p) => Math.hypot(...p) || 1);
  return pats.map((p, i) => pats.map((q, j) => (i === j ? 1 : round(p.reduce((s, v, k) => s + v * q[k]!, 0) / (norm[i]! * norm[j]!)))));
}

/**
 * A schema-valid `recompute.json` object from a seeded generator: realistic magnitudes (accuracy
 * ≈ 0.70, sparsity ≈ 0.125, AL ≈ 4 %, MB ≈ 36 %, Mancini ≈ 1.85), 28 × 28 matrices, 28 × 144 KC
 * counts, a 6-point training history and optionally the 7-point concentration sweep.
 */
export function syntheticResults(options: SyntheticOptions = {}): RecomputeResults {
  const rng = mulberry32(options.seed ?? 42);
  const nCheckpoints = options.nCheckpoints ?? 5;
  const nOdors = options.nOdors ?? 28;
  const nKcs = options.nKcs ?? 144;
  const withConcentration = options.withConcentration ?? true;
  const ablation = options.ablation ?? 'none';
  const odors = options.odors ?? Array.from({ length: nOdors }, (_, i) => (i === 0 ? 'sfr' : `odor ${i}`));
  const jitter = (mean: number, sd: number, digits = 4) => round(mean + sd * (rng() * 2 - 1) * 1.7, digits);
  const checkpoints: CheckpointResult[] = [];
  for (let c = 0; c < nCheckpoints; c++) {
    const seed = 42 + c;
    const manciniRatio = ablation === 'no-apl' ? undefined : jitter(1.85, 0.05, 4);
    const confusion = Array.from({ length: nOdors }, (_, i) => Array.from({ length: nOdors }, (_, j) => (i === j ? 30 + Math.floor(rng() * 10) : rng() < 0.1 ? 1 + Math.floor(rng() * 3) : 0)));
    const kcMeanCounts = Array.from({ length: nOdors }, () => Array.from({ length: nKcs }, () => (rng() < 0.12 ? round(rng() * rng() * 8, 3) : 0)));
    const concentrations = [0.03, 0.1, 0.3, 0.5, 1, 2, 5];
    const hill = concentrations.map((x) => (2 * x) / (x + 1));
    const concentration = withConcentration
      ? {
          concentrations,
          orMean: hill.map((h) => round(4 * h * (1 + 0.02 * (rng() - 0.5)))),
          pnMean: hill.map((h) => round(60 * h ** 0.3 * (1 + 0.02 * (rng() - 0.5)))),
          kcMean: hill.map((h) => round(25 * h ** 0.15 * (1 + 0.02 * (rng() - 0.5)))),
          decoderAccuracy: hill.map((h) => round(Math.min(1, 0.3 + 0.3 * h))),
          centroidAccuracy: hill.map((h) => round(Math.min(1, 0.2 + 0.25 * h))),
          orSimilarity: hill.map((h) => round(Math.min(1, 0.9 + 0.1 * Math.min(h, 1)))),
          pnSimilarity: hill.map((h) => round(Math.min(1, 0.7 + 0.3 * Math.min(h, 1)))),
          kcSimilarity: hill.map((h) => round(Math.min(1, 0.4 + 0.6 * Math.min(h, 1)))),
          tests: { sublinearPnGain: true, flatKcActivity: true, robustClassification: true, odorIdentityPreservation: 'PARTIAL' as const },
        }
      : undefined;
    const history: HistoryEntry[] = [50, 100, 150, 200, 250, 300].map((epoch, k) => ({
      epoch,
      loss: round(3 - k * 0.4 + rng() * 0.1),
      trainAccuracy: round(0.3 + k * 0.09),
      testAccuracy: round(0.3 + k * 0.08 + rng() * 0.02),
      kcSparsity: round(0.12 + rng() * 0.01),
      gSomaNs: round(10.3 + k * 0.85),
      alDecorrelation: round(-25 + k * 6),
      mbDecorrelation: round(7 + k * 5.5),
      ...(manciniRatio === undefined ? {} : { manciniRatio: round(1.7 + rng() * 0.3) }),
    }));
    const vth = (n: number, lo: number, hi: number) => Array.from({ length: n }, () => round(lo + (hi - lo) * rng(), 3));
    const kc = vth(nKcs, -45, -29.5).map((v) => Math.min(v, -30));
    checkpoints.push({
      file: `model_seed${seed}.json`,
      sha256: Array.from({ length: 64 }, () => '0123456789abcdef'[Math.floor(rng() * 16)]).join(''),
      seed,
      orMapping: 'one-to-one',
      metrics: {
        accuracy: jitter(0.7033, 0.0107),
        kcSparsity: jitter(0.125, 0.001),
        centroidAccuracy: jitter(0.6586, 0.0051),
        alDecorrelation: jitter(4.41, 1.32, 3),
        mbDecorrelation: jitter(35.81, 0.75, 3),
        totalDecorrelation: jitter(39.01, 1.46, 3),
        ...(manciniRatio === undefined ? {} : { manciniRatio, aplSuppressionPercent: round((1 - 1 / manciniRatio) * 100, 3) }),
        ornActivity: jitter(0.61, 0.01),
        lnActivity: jitter(0.34, 0.01),
        pnActivity: jitter(0.28, 0.01),
        ...(withConcentration ? { pnDynamicRange: jitter(1.23, 0.02), kcDynamicRange: jitter(1.12, 0.04), orDynamicRange: jitter(1.75, 0.01) } : {}),
      },
      figures: {
        confusion,
        similarity: { or: similarity(rng, nOdors, 21, 0.8), pn: similarity(rng, nOdors, 72, 0.75), kc: similarity(rng, nOdors, nKcs, 0.35) },
        kcMeanCounts,
        withinOdor: { within: odors.map(() => jitter(0.8, 0.05)), between: odors.map(() => jitter(0.25, 0.05)) },
        ...(manciniRatio === undefined ? {} : { mancini: { baseline: jitter(90, 3, 2), boosted: jitter(48, 2, 2) } }),
        ...(concentration ? { concentration } : {}),
      },
      parameters: {
        gSomaNs: jitter(14.57, 0.08, 3),
        tauAplMs: jitter(14.24, 0.04, 3),
        aplGainRaw: jitter(6.9, 0.3, 3),
        gapNs: { lnLn: jitter(0.136, 0.003), pnPn: jitter(0.096, 0.002), elnPn: jitter(0.082, 0.002) },
        vThresholdMv: { orn: vth(42, -50, -35), ln: vth(108, -55, -40), pn: vth(72, -52, -33), kc },
        pathwayStrengthA: { pn_kc: 5.9e-9, orn_pn: 3.3e-9 },
        kcAtUpperBound: round(kc.filter((v) => v >= -30.5).length / kc.length),
        lnAtLowerBound: jitter(0.29, 0.02),
        pnInterior: jitter(0.84, 0.02),
      },
      history,
    });
  }
  const ms = (values: number[]) => {
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    return { mean: round(mean, 6), std: round(Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length), 6) };
  };
  const metric = (k: keyof CheckpointResult['metrics']) => {
    const v = checkpoints.map((c) => c.metrics[k]);
    return v.every((x) => typeof x === 'number') ? { [k]: ms(v as number[]) } : {};
  };
  const summary: { -readonly [K in SummaryMetric]?: MeanStdValue } = Object.assign(
    {},
    ...(['accuracy', 'kcSparsity', 'centroidAccuracy', 'alDecorrelation', 'mbDecorrelation', 'totalDecorrelation', 'manciniRatio', 'pnDynamicRange', 'kcDynamicRange', 'orDynamicRange'] as const).map(
      metric,
    ),
  );
  if (summary.manciniRatio) summary.aplSuppressionPercent = { mean: round((1 - 1 / summary.manciniRatio.mean) * 100, 4), std: 0 };
  return {
    schema: 'olfactory-recompute',
    version: 1,
    producer: { name: options.producerName ?? '@olfactory/cli', version: '0.1.0' },
    protocol: { evalSeed: 42, testRepeats: 50, nTrials: 50, inputNoise: 0.3, withConcentration, ablation, device: 'cpu' },
    odors,
    checkpoints,
    summary,
  };
}

/** A run-metadata.json object with fixed values (no wall clock in tests). */
export function syntheticRunMetadata(): RunMetadata {
  return {
    createdAt: '2026-11-22T00:00:00.000Z',
    versions: { '@olfactory/cli': '0.1.0', '@olfactory/model': '0.1.0', 'onnxruntime-node': '1.30.0' },
    node: 'v20.20.2',
    platform: 'linux-x64',
    device: 'cpu (2 threads)',
    timingsSeconds: { accuracy: 12.5, centroid: 8.25, decorrelation: 8.5, mancini: 3.75, total: 33 },
    dataChecksums: { 'winding2023/Supplementary-Data-S1.zip': '8c1f43809ed5d527ba61b154e377cc21da26383a75eda8aab85ce05607a72a4c' },
  };
}

/** Writes `recompute.json` (and, unless `metadata: false`, `run-metadata.json`) into `dir`; returns `dir`. */
export function writeSyntheticResults(dir: string, options: SyntheticOptions & { metadata?: boolean } = {}): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'recompute.json'), `${JSON.stringify(syntheticResults(options))}\n`);
  if (options.metadata !== false) writeFileSync(join(dir, 'run-metadata.json'), `${JSON.stringify(syntheticRunMetadata(), null, 2)}\n`);
  return dir;
}
