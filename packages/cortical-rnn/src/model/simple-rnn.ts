/**
 * Keras `Sequential([GaussianNoise(σ), SimpleRNN(N, relu), Dense(K, softmax)])` in TensorFlow.js
 * ops (spec §2.2):
 *
 *   x̃_t = x_t + N(0, σ²) (training only),  h_t = ReLU(x̃_t K + h_{t−1} W_rec + b),  h_0 = 0
 *   p = softmax(h_T W_out + b_out)   (only the last step is read out)
 *
 * `W_rec[i][j]` is the weight from unit i to unit j (Keras's `recurrent_kernel` layout).
 */
import * as tf from '@tensorflow/tfjs';
import { matMulFast, reluRecurrence } from './relu-recurrence';

/** The trainable tensors. */
export interface SimpleRnnParams {
  readonly kernel: tf.Variable; // [C, N]
  readonly recurrent: tf.Variable; // [N, N]
  readonly bias: tf.Variable; // [N]
  readonly outKernel: tf.Variable; // [N, K]
  readonly outBias: tf.Variable; // [K]
}

/** Initial values (row-major) of {@link SimpleRnnParams}. */
export interface SimpleRnnInit {
  readonly n: number;
  readonly channels: number;
  readonly classes: number;
  readonly kernel: Float64Array;
  readonly recurrent: Float64Array;
  readonly outKernel: Float64Array;
}

/** Creates the variables (biases start at 0, as Keras). */
export function createSimpleRnn(init: SimpleRnnInit): SimpleRnnParams {
  const { n, channels, classes } = init;
  // tf.variable shares the initial tensor's data; dispose the initial tensor objects afterwards
  const make = (t: tf.Tensor) => {
    const v = tf.variable(t);
    t.dispose();
    return v;
  };
  return {
    kernel: make(tf.tensor2d(Float32Array.from(init.kernel), [channels, n])),
    recurrent: make(tf.tensor2d(Float32Array.from(init.recurrent), [n, n])),
    bias: make(tf.zeros([n])),
    outKernel: make(tf.tensor2d(Float32Array.from(init.outKernel), [n, classes])),
    outBias: make(tf.zeros([classes])),
  };
}

/** Disposes every variable. */
export function disposeSimpleRnn(p: SimpleRnnParams): void {
  for (const v of Object.values(p)) (v as tf.Variable).dispose();
}

/**
 * Logits of a time-major batch `x` of shape [T, B, C].
 *
 * @param noise input noise of the same shape (training: differentiable path), or null
 *   (evaluation: forward-only path)
 */
export function simpleRnnLogits(p: SimpleRnnParams, x: tf.Tensor3D, noise: tf.Tensor3D | null): tf.Tensor2D {
  const [T, B, C] = x.shape;
  const n = p.recurrent.shape[0] as number;
  const xin = noise ? tf.add(x, noise) : x;
  const train = noise !== null;
  const mm = (a: tf.Tensor, b: tf.Tensor) => (train ? matMulFast(a as tf.Tensor2D, b as tf.Tensor2D) : tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D));
  const drive = tf.reshape(mm(tf.reshape(xin, [T * B, C]), p.kernel), [T, B, n]);
  const h = reluRecurrence(drive as tf.Tensor3D, p.recurrent as unknown as tf.Tensor2D, p.bias as unknown as tf.Tensor1D, noise !== null);
  return tf.add(mm(h, p.outKernel), p.outBias) as tf.Tensor2D;
}
