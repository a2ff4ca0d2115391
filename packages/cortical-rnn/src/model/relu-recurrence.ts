/**
 * The SimpleRNN recurrence as one differentiable op with a hand-derived BPTT backward:
 *
 *   a_t = d_t + h_{t−1} W + b,  h_t = ReLU(a_t),  h_{−1} = 0;  output h_{T−1}
 *
 *   backward (g = ∂L/∂h_{T−1}), for t = T−1 … 0:
 *     δ_t = g ⊙ [h_t > 0];  ∂L/∂d_t = δ_t;  ∂L/∂b += Σ_rows δ_t;  g ← δ_t Wᵀ
 *   ∂L/∂W = Σ_t h_{t−1}ᵀ δ_t, computed as one product [h_{−1} … h_{T−2}]ᵀ [δ_0 … δ_{T−1}].
 *
 * Why: TensorFlow.js's wasm backend transposes slowly (a [6272, 312] `tf.transpose` took 3 s
 * here) and runs transposed matMuls 10–20× slower than plain ones; autodiff of a per-step
 * `matMul(h, W)` issues two of them per step. Here Wᵀ and the stacked hidden states are
 * transposed once per batch in plain JS, and every product is a plain matMul. Its `slice` (and
 * so `tf.unstack`) also reads the whole input back from wasm memory for every slice, which made
 * unstacking a [T, B, N] tensor O(T²·B·N) and half of a training's time: the time steps are split
 * with one read instead ({@link timeSteps}), and the backward reuses the forward's per-step
 * states rather than unstacking their stack.
 */
import * as tf from '@tensorflow/tfjs';

/** Transpose of a rows×cols float32 tensor, done in JS (see the module note). */
export function transposeFast(x: tf.Tensor2D): tf.Tensor2D {
  const [rows, cols] = x.shape;
  const v = x.dataSync();
  const out = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const r = i * cols;
    for (let j = 0; j < cols; j++) out[j * rows + i] = v[r + j];
  }
  return tf.tensor2d(out, [cols, rows]);
}

/**
 * The T slices `x[t]` of a [T, B, N] tensor as [B, N] tensors, from one read of its data (the
 * same values as `tf.unstack(x, 0)`; see the module note for why not that).
 */
export function timeSteps(x: tf.Tensor): tf.Tensor2D[] {
  const [T, B, N] = x.shape as [number, number, number];
  const v = x.dataSync() as Float32Array;
  const out: tf.Tensor2D[] = new Array(T);
  for (let t = 0; t < T; t++) out[t] = tf.tensor2d(v.subarray(t * B * N, (t + 1) * B * N), [B, N]);
  return out;
}

/**
 * `a @ b` with a gradient made of plain products: ∂a = ḡ bᵀ, ∂b = aᵀ ḡ, the transposes done in
 * JS (TF.js autodiff of `matMul` uses transposed products, slow on the wasm backend).
 */
export function matMulFast(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  const op = tf.customGrad(((x: tf.Tensor, y: tf.Tensor, save: tf.GradSaveFunc) => {
    save([x, y]);
    return {
      value: tf.matMul(x as tf.Tensor2D, y as tf.Tensor2D),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => [tf.matMul(dy as tf.Tensor2D, transposeFast(saved[1] as tf.Tensor2D)), tf.matMul(transposeFast(saved[0] as tf.Tensor2D), dy as tf.Tensor2D)],
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(a, b) as tf.Tensor2D;
}

/**
 * Final hidden state of the ReLU recurrence.
 *
 * @param drive input drive `x_t K`, shape [T, B, N]
 * @param w recurrent kernel [N, N]
 * @param b bias [N]
 * @param differentiable false for forward-only use: a plain loop, no custom-gradient op (whose
 *   saved tensors only a backward pass releases). Default true.
 * @example
 *   const hT = reluRecurrence(drive, params.recurrent, params.bias);  // [B, N]
 */
export function reluRecurrence(drive: tf.Tensor3D, w: tf.Tensor2D, b: tf.Tensor1D, differentiable = true): tf.Tensor2D {
  if (!differentiable) {
    return tf.tidy(() => {
      const steps = timeSteps(drive);
      let h = tf.relu(tf.add(steps[0], b));
      for (let t = 1; t < steps.length; t++) h = tf.relu(tf.add(tf.add(steps[t], tf.matMul(h, w)), b));
      return h as tf.Tensor2D;
    });
  }
  const op = tf.customGrad(((d: tf.Tensor, wIn: tf.Tensor, bIn: tf.Tensor, save: tf.GradSaveFunc) => {
    const [T, B, N] = d.shape as [number, number, number];
    const steps = timeSteps(d);
    const hs: tf.Tensor[] = [];
    let h = tf.relu(tf.add(steps[0], bIn));
    hs.push(h);
    for (let t = 1; t < T; t++) {
      h = tf.relu(tf.add(tf.add(steps[t], tf.matMul(h, wIn as tf.Tensor2D)), bIn));
      hs.push(h);
    }
    save([wIn, ...hs]);
    return {
      value: tf.clone(hs[T - 1]),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [wSaved, ...hList] = saved;
        const wT = transposeFast(wSaved as tf.Tensor2D);
        const deltas: tf.Tensor[] = new Array(T);
        let g: tf.Tensor = dy;
        for (let t = T - 1; t >= 0; t--) {
          const delta = tf.mul(g, tf.step(hList[t]));
          deltas[t] = delta;
          if (t > 0) g = tf.matMul(delta, wT);
        }
        const deltaStack = tf.stack(deltas, 0); // [T, B, N]
        const db = tf.sum(tf.reshape(deltaStack, [T * B, N]), 0);
        // Σ_{t≥1} h_{t−1}ᵀ δ_t
        const hPrev = T > 1 ? tf.concat(hList.slice(0, T - 1) as tf.Tensor2D[], 0) : null; // [(T−1)·B, N]
        const dNext = T > 1 ? tf.concat(deltas.slice(1) as tf.Tensor2D[], 0) : null;
        const dw = hPrev && dNext ? tf.matMul(transposeFast(hPrev), dNext) : tf.zerosLike(wSaved);
        return [deltaStack, dw, db];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(drive, w, b) as tf.Tensor2D;
}
