/**
 * Matrix exponential in TensorFlow.js ops, differentiable: scaling and squaring with the
 * [13/13] Padé approximant (Higham 2005, "The scaling and squaring method for the matrix
 * exponential revisited", SIAM J. Matrix Anal. Appl. 26:1179):
 *
 *   s = max(0, ⌈log₂(‖A‖₁ / θ₁₃)⌉), θ₁₃ = 5.371920351148152, B = A / 2^s
 *   U = B[B₆(b₁₃B₆ + b₁₁B₄ + b₉B₂) + b₇B₆ + b₅B₄ + b₃B₂ + b₁I]
 *   V = B₆(b₁₂B₆ + b₁₀B₄ + b₈B₂) + b₆B₆ + b₄B₄ + b₂B₂ + b₀I
 *   exp(A) ≈ [(V − U)⁻¹(V + U)]^(2^s)
 *
 * The backward pass is autodiff through these matrix products (each a `matMulFast`, whose
 * gradient uses plain products); the one non-native op, the inverse, has the analytic gradient d(X⁻¹) = −X⁻ᵀ Ḡ X⁻ᵀ. The scaling s is
 * chosen from the current values (piecewise constant, no gradient). Float32 throughout.
 */
import * as tf from '@tensorflow/tfjs';
import { matMulFast, transposeFast } from '../model/relu-recurrence';

const THETA13 = 5.371920351148152;
// Padé coefficients b_k, divided by b_0 (the ratio (V−U)⁻¹(V+U) is unchanged)
const B_RAW = [64764752532480000, 32382376266240000, 7771770303897600, 1187353796428800, 129060195264000, 10559470521600, 670442572800, 33522128640, 1323241920, 40840800, 960960, 16380, 182, 1];
const B = B_RAW.map((b) => b / B_RAW[0]);
/** The [13/13] Padé coefficients b₀ … b₁₃, divided by b₀. */
export const PADE13: readonly number[] = Object.freeze(B.slice());

/** The scaling exponent s = max(0, ⌈log₂(‖A‖₁ / θ₁₃)⌉) for a 1-norm. */
export function expmScaling(norm1: number): number {
  return norm1 > THETA13 ? Math.max(0, Math.ceil(Math.log2(norm1 / THETA13))) : 0;
}

/** Inverse of an n×n row-major matrix by Gauss–Jordan elimination with partial pivoting (float64). */
export function invertMatrix(a: ArrayLike<number>, n: number): Float64Array {
  const m = new Float64Array(n * 2 * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) m[i * 2 * n + j] = a[i * n + j];
    m[i * 2 * n + n + i] = 1;
  }
  const w = 2 * n;
  for (let c = 0; c < n; c++) {
    let p = c;
    let best = Math.abs(m[c * w + c]);
    for (let r = c + 1; r < n; r++) {
      const v = Math.abs(m[r * w + c]);
      if (v > best) {
        best = v;
        p = r;
      }
    }
    if (best === 0) throw new RangeError(`Argument 'a' passed to 'invertMatrix' is singular (pivot 0 in column ${c}); expected an invertible matrix.`);
    if (p !== c) {
      for (let k = 0; k < w; k++) {
        const t = m[c * w + k];
        m[c * w + k] = m[p * w + k];
        m[p * w + k] = t;
      }
    }
    const inv = 1 / m[c * w + c];
    for (let k = c; k < w; k++) m[c * w + k] *= inv;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r * w + c];
      if (f === 0) continue;
      for (let k = c; k < w; k++) m[r * w + k] -= f * m[c * w + k];
    }
  }
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i * n + j] = m[i * w + n + j];
  return out;
}

/** Differentiable matrix inverse (forward in float64 JS, gradient −X⁻ᵀ Ḡ X⁻ᵀ). */
export const matrixInverse: (x: tf.Tensor2D) => tf.Tensor2D = tf.customGrad(((x: tf.Tensor, save: tf.GradSaveFunc) => {
  const n = x.shape[0] as number;
  const inv = tf.tensor2d(Float32Array.from(invertMatrix(x.dataSync(), n)), [n, n], 'float32');
  save([inv]);
  return {
    value: inv,
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const invT = transposeFast(saved[0] as tf.Tensor2D);
      return tf.neg(tf.matMul(tf.matMul(invT, dy as tf.Tensor2D), invT));
    },
  };
}) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (x: tf.Tensor2D) => tf.Tensor2D;

/** 1-norm (max column abs sum) of a tensor's current values. */
function norm1(a: tf.Tensor2D): number {
  const n = a.shape[0];
  const v = a.dataSync();
  let best = 0;
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += Math.abs(v[i * n + j]);
    if (s > best) best = s;
  }
  return best;
}

/**
 * exp(A) of a square float32 tensor, differentiable.
 *
 * @param differentiable false for forward-only use (evaluation): skips the custom-gradient op,
 *   whose saved tensors are only released by a backward pass. Default true.
 * @example
 *   const e = expm(tf.tensor2d([[0, 1], [0, 0]]));  // [[1, 1], [0, 1]]
 */
export function expm(a: tf.Tensor2D, differentiable = true): tf.Tensor2D {
  return tf.tidy(() => {
    const n = a.shape[0];
    if (a.shape.length !== 2 || a.shape[1] !== n) throw new RangeError(`Argument 'a' passed to 'expm' has shape [${a.shape.join(', ')}]; expected a square matrix.`);
    const nrm = norm1(a);
    const s = expmScaling(nrm);
    const b = s > 0 ? tf.mul(a, 2 ** -s) : a;
    // plain products in the differentiable path (see matMulFast); TF's own matMul otherwise
    const mm = (x: tf.Tensor, y: tf.Tensor): tf.Tensor2D => (differentiable ? matMulFast(x as tf.Tensor2D, y as tf.Tensor2D) : tf.matMul(x as tf.Tensor2D, y as tf.Tensor2D));
    const I = tf.eye(n);
    const b2 = mm(b, b);
    const b4 = mm(b2, b2);
    const b6 = mm(b4, b2);
    const lin = (c6: number, c4: number, c2: number) => tf.addN([tf.mul(b6, c6), tf.mul(b4, c4), tf.mul(b2, c2)]);
    const u = mm(b, tf.addN([mm(b6, lin(B[13], B[11], B[9])), lin(B[7], B[5], B[3]), tf.mul(I, B[1])]));
    const v = tf.addN([mm(b6, lin(B[12], B[10], B[8])), lin(B[6], B[4], B[2]), tf.mul(I, B[0])]);
    const q = tf.sub(v, u) as tf.Tensor2D;
    const qInv = differentiable ? matrixInverse(q) : tf.tensor2d(Float32Array.from(invertMatrix(q.dataSync(), n)), [n, n]);
    let r = mm(qInv, tf.add(v, u)) as tf.Tensor2D;
    for (let k = 0; k < s; k++) r = mm(r, r);
    return r;
  });
}
