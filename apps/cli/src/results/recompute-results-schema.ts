import { z } from 'zod';
import { OR_MAPPING_NAMES } from '@olfactory/connectome-data';
import { SUMMARY_METRICS } from './recompute-results';
import type { RecomputeResults, RunMetadata } from './recompute-results';

/**
 * zod schemas of `recompute.json` and `run-metadata.json` (types in `recompute-results.ts`).
 * They check structure and value ranges only; matrix shapes that depend on other fields (28 odors,
 * 144 KCs, one value per concentration) are checked afterwards by `checkResultShapes`.
 *
 * Unknown keys are dropped (a newer producer may add optional fields); NaN and ±Infinity cannot
 * occur in JSON (`JSON.stringify` writes them as `null`), so a `null` where a number belongs is
 * reported as a non-finite value.
 */

const finite = z.number();
const fraction = z.number().min(0).max(1);
const nonNegative = z.number().min(0);
const vector = z.array(finite);
const matrix = z.array(vector);
const nonNegativeMatrix = z.array(z.array(nonNegative));
const meanStdValue = z.object({ mean: finite, std: nonNegative });

const protocol = z.object({
  evalSeed: z.number().int(),
  testRepeats: z.number().int().min(1),
  nTrials: z.number().int().min(1),
  inputNoise: nonNegative,
  withConcentration: z.boolean(),
  ablation: z.enum(['none', 'no-gap', 'no-apl', 'no-std']),
  device: z.enum(['cpu', 'cuda']),
});

const metrics = z.object({
  accuracy: fraction,
  kcSparsity: fraction,
  centroidAccuracy: fraction,
  alDecorrelation: finite,
  mbDecorrelation: finite,
  totalDecorrelation: finite,
  manciniRatio: nonNegative.optional(),
  aplSuppressionPercent: finite.optional(),
  ornActivity: fraction,
  lnActivity: fraction,
  pnActivity: fraction,
  pnDynamicRange: nonNegative.optional(),
  kcDynamicRange: nonNegative.optional(),
  orDynamicRange: nonNegative.optional(),
});

const concentration = z.object({
  concentrations: z.array(z.number().gt(0)).min(1),
  orMean: z.array(nonNegative),
  pnMean: z.array(nonNegative),
  kcMean: z.array(nonNegative),
  decoderAccuracy: z.array(fraction),
  centroidAccuracy: z.array(fraction),
  orSimilarity: vector,
  pnSimilarity: vector,
  kcSimilarity: vector,
  tests: z.object({
    sublinearPnGain: z.boolean(),
    flatKcActivity: z.boolean(),
    robustClassification: z.boolean(),
    odorIdentityPreservation: z.enum(['PASS', 'PARTIAL', 'FAIL']),
  }),
});

const figures = z.object({
  confusion: nonNegativeMatrix,
  similarity: z.object({ or: matrix, pn: matrix, kc: matrix }),
  kcMeanCounts: nonNegativeMatrix,
  withinOdor: z.object({ within: vector, between: vector }),
  mancini: z.object({ baseline: nonNegative, boosted: nonNegative }).optional(),
  concentration: concentration.optional(),
});

const parameters = z.object({
  gSomaNs: nonNegative,
  tauAplMs: nonNegative,
  aplGainRaw: finite,
  gapNs: z.object({ lnLn: nonNegative, pnPn: nonNegative, elnPn: nonNegative }),
  vThresholdMv: z.object({ orn: vector, ln: vector, pn: vector, kc: vector }),
  pathwayStrengthA: z.record(z.string(), finite),
  kcAtUpperBound: fraction,
  lnAtLowerBound: fraction,
  pnInterior: fraction,
});

const historyEntry = z.object({
  epoch: z.number().int().min(0),
  loss: finite,
  trainAccuracy: fraction,
  testAccuracy: fraction.optional(),
  kcSparsity: fraction.optional(),
  gSomaNs: nonNegative,
  alDecorrelation: finite.optional(),
  mbDecorrelation: finite.optional(),
  manciniRatio: nonNegative.optional(),
});

const checkpoint = z.object({
  file: z.string().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  seed: z.number().int(),
  orMapping: z.enum([...OR_MAPPING_NAMES, 'custom']),
  preprocessing: z
    .object({
      orMapping: z.enum(OR_MAPPING_NAMES),
      lnQuantile: z.number().min(0).max(1),
      nonAdWeights: z.enum(['counts', 'binary']),
      kcDendroDendritic: z.enum(['counts', 'binary']),
      countNormalization: z.enum(['per-matrix-max', 'global-max']),
    })
    .optional(),
  metrics,
  figures,
  parameters,
  history: z.array(historyEntry),
});

const summaryShape = Object.fromEntries(SUMMARY_METRICS.map((m) => [m, meanStdValue.optional()])) as {
  [K in (typeof SUMMARY_METRICS)[number]]: z.ZodOptional<typeof meanStdValue>;
};

/** Schema of `recompute.json` (schema `olfactory-recompute`, version 1). */
export const recomputeResultsSchema = z.object({
  schema: z.literal('olfactory-recompute'),
  version: z.literal(1),
  producer: z.object({ name: z.string(), version: z.string() }),
  protocol,
  odors: z.array(z.string()).min(1),
  checkpoints: z.array(checkpoint).min(1),
  summary: z.object(summaryShape),
});

/** Schema of `run-metadata.json`. */
export const runMetadataSchema = z.object({
  createdAt: z.string(),
  versions: z.record(z.string(), z.string()),
  node: z.string(),
  platform: z.string(),
  device: z.string(),
  timingsSeconds: z.record(z.string(), nonNegative),
  dataChecksums: z.record(z.string(), z.string()),
  recomputeSha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
});

// Compile-time guarantee that what the schemas accept is the committed interface.
const asResults = (x: z.infer<typeof recomputeResultsSchema>): RecomputeResults => x;
const asMetadata = (x: z.infer<typeof runMetadataSchema>): RunMetadata => x;
void asResults;
void asMetadata;

/** What a field must be, in words, for the messages of `read-results.ts` (keyed by the zod issue). */
export function describeExpected(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.expected === 'number') return 'a finite number';
      if (issue.expected === 'int') return 'an integer';
      if (issue.expected === 'array' || issue.expected === 'object') return `an ${issue.expected}`;
      return `a ${issue.expected}`;
    case 'too_small':
      if (issue.origin === 'array') return `at least ${issue.minimum} entr${issue.minimum === 1 ? 'y' : 'ies'}`;
      if (issue.origin === 'string') return 'a non-empty string';
      return `a number ${issue.inclusive ? '>=' : '>'} ${issue.minimum}`;
    case 'too_big':
      return `a number ${issue.inclusive ? '<=' : '<'} ${issue.maximum}`;
    case 'invalid_value':
      return issue.values.length === 1 ? JSON.stringify(issue.values[0]) : `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_format':
      return issue.format === 'regex' ? 'a 64-digit lowercase hex sha256' : `a ${issue.format} string`;
    case 'not_multiple_of':
      return `a multiple of ${issue.divisor}`;
    default:
      return issue.message;
  }
}
