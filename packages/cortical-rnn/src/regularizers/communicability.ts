/**
 * Weighted communicability (Crofts & Higham 2009), as the reference computes it on the recurrent
 * kernel (spec §2.3):
 *
 *   C = expm(S^{−1/2} |W| S^{−1/2}),  S = diag(Σ_j |W_ij|),  diagonal of C set to 0.
 *
 * Row sums get +ε (ε = 1e-10, the reference's EMD form) so a silent row gives a large but finite
 * scale instead of ∞ (the reference's WDC form has no ε and turns a zero row into NaN).
 */
import * as tf from '@tensorflow/tfjs';
import { expm } from './expm';

/** Communicability of |W| with zero diagonal; differentiable in W. */
export function communicability(w: tf.Tensor2D, epsilon = 1e-10, differentiable = true): tf.Tensor2D {
  return tf.tidy(() => {
    const n = w.shape[0];
    const absW = tf.abs(w);
    const d = tf.pow(tf.add(tf.sum(absW, 1), epsilon), -0.5);
    const m = tf.mul(tf.mul(tf.reshape(d, [n, 1]), absW), tf.reshape(d, [1, n])) as tf.Tensor2D;
    const c = expm(m, differentiable);
    return tf.mul(c, tf.sub(1, tf.eye(n))) as tf.Tensor2D;
  });
}

/** Communicability of a fixed matrix (e.g. the EM connectome), as a Float32Array, zero diagonal. */
export function communicabilityValues(w: Float64Array | Float32Array, n: number, epsilon = 1e-10): Float32Array {
  return tf.tidy(() => communicability(tf.tensor2d(Float32Array.from(w), [n, n]), epsilon, false).dataSync() as Float32Array);
}
