import { NumpyRandomState } from '@olfactory/connectome-data';
import { InvalidParameterError } from '@olfactory/neurons';

/** The task sizes of the R6 task-complexity experiment (spec §1.5); 28 is the canonical odor set. */
export const ODOR_COUNTS = [7, 14, 28, 56] as const;
export type OdorCount = (typeof ODOR_COUNTS)[number];

/** Offsets the reference adds to the experiment seed: the 7/14-odor subsets and the synthetic odors. */
export const ODOR_SUBSET_SEED_OFFSET = 2000;
export const SYNTHETIC_ODOR_SEED_OFFSET = 5000;

/** An odor set: the clean patterns and, per class, the row of the real matrix it copies (−1 − k for synthetic odor k). */
export interface OdorSet {
  /** Classes × receptors, row-major. */
  readonly odors: Float32Array;
  readonly rows: readonly number[];
}

/**
 * Synthetic odors (spec §1.5, `generate_synthetic_odors`): NumPy `RandomState(seed + 5000)`;
 * per-receptor mean μ_j and population std σ_j = max(std_j, 0.05) over the real rows; for each
 * odor `x = normal(μ, σ)` (one draw per receptor, in receptor order), `k = randint(3, 9)` active
 * receptors by `choice(n_receptors, k, replace=False)`, the others × 0.2, clipped to [0, 1].
 *
 * The integer draws and the stream position are NumPy's bit for bit; μ and σ are computed in
 * float64 here (NumPy reduces the reference's float32 tensor in float32), so a value may differ
 * from the reference's in the last float32 digit.
 */
export function syntheticOdors(real: Float32Array, nReceptors: number, n: number, seed: number): Float32Array {
  const nReal = real.length / nReceptors;
  if (!Number.isInteger(nReal) || nReal < 1) throw new InvalidParameterError({ parameter: 'real', value: `length ${real.length}`, expected: `a whole number of rows of ${nReceptors} receptors` });
  if (!Number.isInteger(n) || n < 0) throw new InvalidParameterError({ parameter: 'n', value: n, expected: 'a non-negative integer' });
  const mean = new Float64Array(nReceptors);
  const std = new Float64Array(nReceptors);
  for (let j = 0; j < nReceptors; j++) {
    let s = 0;
    for (let i = 0; i < nReal; i++) s += real[i * nReceptors + j]!;
    mean[j] = s / nReal;
    let v = 0;
    for (let i = 0; i < nReal; i++) v += (real[i * nReceptors + j]! - mean[j]!) ** 2;
    std[j] = Math.max(Math.sqrt(v / nReal), 0.05);
  }
  const rs = new NumpyRandomState(seed + SYNTHETIC_ODOR_SEED_OFFSET);
  const out = new Float32Array(n * nReceptors);
  const x = new Float64Array(nReceptors);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < nReceptors; j++) x[j] = rs.normal(mean[j]!, std[j]!);
    const k = rs.randint(3, 9);
    const active = new Uint8Array(nReceptors);
    for (const r of rs.choice(nReceptors, k)) active[r] = 1;
    for (let j = 0; j < nReceptors; j++) {
      const v = active[j] ? x[j]! : x[j]! * 0.2;
      out[i * nReceptors + j] = Math.min(1, Math.max(0, v));
    }
  }
  return out;
}

/**
 * The odor set of an R6 task size (spec §1.5): 28 = the real matrix unchanged; 7 and 14 = the
 * rows `sorted(RandomState(seed + 2000).choice(28, n, replace=False))` of it; 56 = the 28 real
 * odors followed by 28 {@link syntheticOdors}.
 */
export function odorSet(real: Float32Array, nReceptors: number, count: number, seed: number): OdorSet {
  const nReal = real.length / nReceptors;
  if (!(ODOR_COUNTS as readonly number[]).includes(count)) throw new InvalidParameterError({ parameter: 'odor count', value: count, expected: `one of ${ODOR_COUNTS.join(', ')}` });
  if (count === nReal) return { odors: real, rows: Array.from({ length: nReal }, (_, i) => i) };
  if (count < nReal) {
    const rows = Array.from(new NumpyRandomState(seed + ODOR_SUBSET_SEED_OFFSET).choice(nReal, count)).sort((a, b) => a - b);
    const odors = new Float32Array(count * nReceptors);
    rows.forEach((r, i) => odors.set(real.subarray(r * nReceptors, (r + 1) * nReceptors), i * nReceptors));
    return { odors, rows };
  }
  const extra = count - nReal;
  const odors = new Float32Array(count * nReceptors);
  odors.set(real, 0);
  odors.set(syntheticOdors(real, nReceptors, extra, seed), real.length);
  return { odors, rows: [...Array.from({ length: nReal }, (_, i) => i), ...Array.from({ length: extra }, (_, k) => -1 - k)] };
}
