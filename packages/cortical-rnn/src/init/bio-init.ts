/**
 * The "bio" initial recurrent matrix W* (spec §2.2), one per simulation:
 *
 *   L_ij ~ LogNormal(μ = −0.5, σ = 0.5)
 *   B = L ⊙ mm(Corr) ⊙ mm(STTC_sym)       (or L ⊙ mm(Precision) ⊙ mm(STTC_sym), or L ⊙ mm(STTC_sym))
 *   B ← B · 0.1 / mean(B);  B_ij ← max(B_ij, 0.01) where B_ij ≠ 0;  B ← B · 0.95 / ρ(B)
 *
 * with mm(x) = (x − min x)/(max x − min x) over the whole matrix and ρ the spectral radius. B is
 * non-negative, so ρ(B) is its Perron root, found by power iteration.
 *
 * W! is W* with rows and columns permuted by one random permutation (same weights, neuron
 * identity broken).
 */
import { InvalidParameterError } from '@olfactory/neurons';
import type { RandomSource } from '../random-source';

/** Which functional matrices shape W*. */
export type BioInitKind = 'corr-sttc' | 'precision-sttc' | 'sttc';

/** Inputs of {@link bioInitialWeights}. */
export interface BioInitInputs {
  readonly n: number;
  readonly corr: Float64Array;
  /** STTC, already symmetrised. */
  readonly sttc: Float64Array;
  readonly precision: Float64Array;
}

/** Min-max scaling over all entries (all ones when constant, as the reference). */
export function minMaxScale(x: Float64Array): Float64Array {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < x.length; i++) {
    if (x[i] < lo) lo = x[i];
    if (x[i] > hi) hi = x[i];
  }
  if (hi === lo) return new Float64Array(x.length).fill(1);
  return x.map((v) => (v - lo) / (hi - lo));
}

/**
 * Spectral radius of a non-negative square matrix (its Perron root) by power iteration on
 * ‖M^k 1‖; stops when successive estimates agree to `tol` (relative).
 */
export function perronRoot(m: Float64Array, n: number, tol = 1e-12, maxIter = 10000): number {
  let v = new Float64Array(n).fill(1 / Math.sqrt(n));
  let next = new Float64Array(n);
  let est = 0;
  for (let it = 0; it < maxIter; it++) {
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += m[i * n + j] * v[j];
      next[i] = s;
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += next[i] * next[i];
    norm = Math.sqrt(norm);
    if (norm === 0) return 0;
    for (let i = 0; i < n; i++) next[i] /= norm;
    const tmp = v;
    v = next;
    next = tmp;
    if (Math.abs(norm - est) <= tol * norm) return norm;
    est = norm;
  }
  return est;
}

/**
 * One W* draw (row-major N×N).
 *
 * @example
 *   const w = bioInitialWeights(field, 'corr-sttc', randomSource(seed, RNG_STREAMS.init));
 */
export function bioInitialWeights(inputs: BioInitInputs, kind: BioInitKind, source: RandomSource): Float64Array {
  const { n } = inputs;
  if (kind !== 'corr-sttc' && kind !== 'precision-sttc' && kind !== 'sttc') {
    throw new InvalidParameterError({ parameter: 'bio init kind', value: kind, expected: "'corr-sttc', 'precision-sttc' or 'sttc'" });
  }
  const sttc = minMaxScale(inputs.sttc);
  const other = kind === 'corr-sttc' ? minMaxScale(inputs.corr) : kind === 'precision-sttc' ? minMaxScale(inputs.precision) : undefined;
  const w = new Float64Array(n * n);
  let sum = 0;
  for (let k = 0; k < n * n; k++) {
    const l = Math.exp(-0.5 + 0.5 * source.normal());
    w[k] = l * sttc[k] * (other ? other[k] : 1);
    sum += w[k];
  }
  const mean = sum / (n * n);
  const scale = mean > 0 ? 0.1 / mean : 1;
  for (let k = 0; k < w.length; k++) {
    w[k] *= scale;
    if (w[k] !== 0) w[k] = Math.max(w[k], 0.01);
  }
  const rho = perronRoot(w, n);
  if (rho > 0) for (let k = 0; k < w.length; k++) w[k] *= 0.95 / rho;
  return w;
}

/** A uniform random permutation of 0..n-1 (Fisher–Yates). */
export function randomPermutation(n: number, source: RandomSource): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(source.uniform() * (i + 1));
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p;
}

/** `out[i][j] = w[perm[i]][perm[j]]` (tf.gather on both axes). */
export function permuteMatrix(w: Float64Array, n: number, perm: Int32Array): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i * n + j] = w[perm[i] * n + perm[j]];
  return out;
}

/**
 * Keras `Orthogonal` initialiser (gain 1): Q of the QR factorisation of a standard normal N×N
 * matrix, columns multiplied by sign(diag R) (modified Gram–Schmidt).
 */
export function orthogonalMatrix(n: number, source: RandomSource): Float64Array {
  const a = new Float64Array(n * n);
  for (let k = 0; k < a.length; k++) a[k] = source.normal();
  // columns of a → orthonormal columns q (MGS), sign by diag R
  const q = new Float64Array(n * n);
  const col = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) col[i] = a[i * n + j];
    for (let k = 0; k < j; k++) {
      let dot = 0;
      for (let i = 0; i < n; i++) dot += q[i * n + k] * col[i];
      for (let i = 0; i < n; i++) col[i] -= dot * q[i * n + k];
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += col[i] * col[i];
    norm = Math.sqrt(norm);
    // R_jj = norm > 0, so sign(diag R) = +1 for MGS columns
    for (let i = 0; i < n; i++) q[i * n + j] = col[i] / norm;
  }
  return q;
}

/** Keras `glorot_uniform` for a fanIn × fanOut kernel. */
export function glorotUniform(fanIn: number, fanOut: number, source: RandomSource): Float64Array {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  const out = new Float64Array(fanIn * fanOut);
  for (let k = 0; k < out.length; k++) out[k] = (2 * source.uniform() - 1) * limit;
  return out;
}
