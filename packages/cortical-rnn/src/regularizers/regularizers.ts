/**
 * The recurrent-kernel regularisers (spec §2.3), λ = 0.3, λ_EMD = 0.1 by default:
 *
 *   W       λ Σ|W|                    (the reference forgot λ, i.e. used λ = 1; `wLambdaBug` reproduces that)
 *   WD      λ Σ|W| ⊙ D
 *   WDC     λ Σ|W| ⊙ C(W) ⊙ D         (C recomputed from the current W every step, gradient through expm)
 *   WDC_EMD λ Σ|W| ⊙ D + λ_EMD · mean_k |sort(C_emp)_k − sort(C(W))_k|
 *
 * The EMD is the 1-D Wasserstein distance between the sorted flattened N×N communicability
 * matrices; its gradient flows back through the sorting permutation.
 */
import * as tf from '@tensorflow/tfjs';
import { communicability } from './communicability';

/** A regulariser as plain data (JSON-serialisable apart from its matrices). */
export type RecurrentRegularizer =
  | { readonly kind: 'W'; readonly lambda: number }
  | { readonly kind: 'WD'; readonly lambda: number; readonly distance: Float32Array }
  | { readonly kind: 'WDC'; readonly lambda: number; readonly distance: Float32Array }
  | { readonly kind: 'WDC_EMD'; readonly lambda: number; readonly emdLambda: number; readonly distance: Float32Array; readonly empiricalSorted: Float32Array };

/**
 * Sorts the flattened values of `x` ascending, differentiably: the backward pass scatters the
 * incoming gradient back through the argsort permutation (the permutation is piecewise constant).
 */
export function sortFlat(x: tf.Tensor, differentiable = true): tf.Tensor1D {
  if (!differentiable) {
    return tf.tidy(() => tf.tensor1d(Float32Array.from(x.dataSync()).sort()));
  }
  const op = tf.customGrad(((input: tf.Tensor, save: tf.GradSaveFunc) => {
    const v = input.dataSync();
    const idx = Int32Array.from({ length: v.length }, (_, i) => i).sort((a, b) => v[a] - v[b]);
    const sorted = new Float32Array(v.length);
    for (let k = 0; k < idx.length; k++) sorted[k] = v[idx[k]];
    save([tf.tensor1d(idx, 'int32')]);
    return {
      value: tf.tensor1d(sorted),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const order = saved[0].dataSync();
        const g = dy.dataSync();
        const out = new Float32Array(g.length);
        for (let k = 0; k < order.length; k++) out[order[k]] = g[k];
        return tf.reshape(tf.tensor1d(out), input.shape);
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return tf.reshape(op(x), [-1]) as tf.Tensor1D;
}

/** 1-D Wasserstein distance between two equally long samples given the first already sorted. */
export function emdSorted(sortedA: tf.Tensor1D, b: tf.Tensor, differentiable = true): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.abs(tf.sub(sortedA, sortFlat(b, differentiable)))) as tf.Scalar);
}

/**
 * Penalty of `w` under `reg` (a scalar tensor). Pass `differentiable = false` when no gradient
 * will be taken (evaluation), so no custom-gradient op holds saved tensors.
 *
 * @example
 *   const loss = tf.add(ce, regularizerPenalty(wRec, { kind: 'W', lambda: 0.3 }));
 */
export function regularizerPenalty(w: tf.Tensor2D, reg: RecurrentRegularizer, differentiable = true): tf.Scalar {
  return tf.tidy(() => {
    const n = w.shape[0];
    const absW = tf.abs(w);
    switch (reg.kind) {
      case 'W':
        return tf.mul(reg.lambda, tf.sum(absW)) as tf.Scalar;
      case 'WD':
        return tf.mul(reg.lambda, tf.sum(tf.mul(absW, tf.tensor2d(reg.distance, [n, n])))) as tf.Scalar;
      case 'WDC': {
        const c = communicability(w, 1e-10, differentiable);
        return tf.mul(reg.lambda, tf.sum(tf.mul(tf.mul(absW, c), tf.tensor2d(reg.distance, [n, n])))) as tf.Scalar;
      }
      case 'WDC_EMD': {
        const spatial = tf.mul(reg.lambda, tf.sum(tf.mul(absW, tf.tensor2d(reg.distance, [n, n]))));
        const emd = emdSorted(tf.tensor1d(reg.empiricalSorted), communicability(w, 1e-10, differentiable), differentiable);
        return tf.add(spatial, tf.mul(reg.emdLambda, emd)) as tf.Scalar;
      }
    }
  });
}
