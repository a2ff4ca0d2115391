import { assertLength } from '../internal/validate';
import { pearsonCorrelation } from './pearson-correlation';

/** Teacher → student change of one parameter vector. */
export interface ParameterDrift {
  /** Pearson r(teacher, student). */
  readonly r: number;
  /** ‖student‖ / ‖teacher‖ (Euclidean norms). */
  readonly normRatio: number;
  /** mean |s − t| / max(|t|, 1e−8), element-wise. */
  readonly meanRelativeAbsDiff: number;
}

/** Interpretation of the mean teacher→student correlation. */
export type DriftInterpretation = 'preserved' | 'partially preserved' | 'substantially reshaped';

/**
 * Teacher → student drift of a parameter vector for one seed (spec §4.9, R2: `or_gains`,
 * `decoder.weight`, `decoder.bias`):
 *
 *   r = pearson(t, s),   normRatio = ‖s‖/‖t‖,   meanRelativeAbsDiff = (1/n) Σ |sᵢ − tᵢ| / max(|tᵢ|, 1e−8).
 *
 * @example parameterDrift([1, 2, 4], [2, 4, 8]); // { r: 1, normRatio: 2, meanRelativeAbsDiff: 1 }
 */
export function parameterDrift(teacher: ArrayLike<number>, student: ArrayLike<number>): ParameterDrift {
  assertLength(student, teacher.length, 'student', 'parameterDrift', 'length of teacher');
  let nt = 0;
  let ns = 0;
  let rel = 0;
  for (let i = 0; i < teacher.length; i++) {
    const t = teacher[i]!;
    const s = student[i]!;
    nt += t * t;
    ns += s * s;
    rel += Math.abs(s - t) / Math.max(Math.abs(t), 1e-8);
  }
  return { r: pearsonCorrelation(teacher, student), normRatio: Math.sqrt(ns) / Math.sqrt(nt), meanRelativeAbsDiff: rel / teacher.length };
}

/**
 * Verdict on the mean (over seeds) teacher→student r: "preserved" if > 0.9, "partially preserved"
 * if > 0.5, else "substantially reshaped" (spec §4.9).
 *
 * @example driftInterpretation(0.95); // 'preserved'
 */
export function driftInterpretation(meanR: number): DriftInterpretation {
  if (meanR > 0.9) return 'preserved';
  if (meanR > 0.5) return 'partially preserved';
  return 'substantially reshaped';
}
