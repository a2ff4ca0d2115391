import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';

/**
 * TensorFlow.js on the wasm backend (float32) for independent autodiff parity checks. Test
 * files call `await useWasmBackend()` in `beforeAll`; every tf computation runs inside
 * {@link tidyGrads}, which also asserts that no tensor leaks.
 */
export async function useWasmBackend(): Promise<void> {
  if (tf.getBackend() !== 'wasm') {
    await tf.setBackend('wasm');
    await tf.ready();
  }
}

/**
 * Run `fn` inside `tf.tidy`, copy the returned tensors out as Float64Arrays, and assert that
 * `tf.memory().numTensors` is unchanged afterwards.
 */
export function tidyGrads(fn: () => tf.Tensor[]): Float64Array[] {
  const before = tf.memory().numTensors;
  let result: Float64Array[] = [];
  tf.tidy(() => {
    result = fn().map((t) => Float64Array.from(t.dataSync()));
  });
  const after = tf.memory().numTensors;
  if (after !== before) throw new Error(`tf tensor leak: ${before} tensors before, ${after} after`);
  return result;
}

/** Tolerance of the float32 TF.js parity checks against the float64 hand-written backward. */
export const TF_TOLERANCE = Object.freeze({ rtol: 1e-4 });

export { tf };

/**
 * PyTorch's softplus (linear above 20) in tf, with the branch chosen from the known values `at`
 * of `x` (a constant selection: tf has no gradient for the comparison op itself).
 */
export function torchSoftplus(x: tf.Tensor, at: ArrayLike<number>): tf.Tensor {
  const linear = tf.tensor(
    Array.from(at, (v) => v > 20),
    x.shape,
    'bool',
  );
  return tf.where(linear, x, tf.log1p(tf.exp(x)));
}
