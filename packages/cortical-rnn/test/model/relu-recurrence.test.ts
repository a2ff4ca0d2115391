import * as tf from '@tensorflow/tfjs';
import { reluRecurrence, transposeFast } from '../../src/index';
import { maxAbsDiff, useWasm } from '../helpers/tf';

beforeAll(useWasm);

describe('reluRecurrence', () => {
  it('reluRecurrence(drive, W, b) and its hand-derived BPTT gradient equal TensorFlow.js autodiff of the step loop', () => {
    const T = 6;
    const B = 3;
    const N = 5;
    const d = tf.randomNormal([T, B, N], 0, 1, 'float32', 11) as tf.Tensor3D;
    const w = tf.randomNormal([N, N], 0, 0.5, 'float32', 12) as tf.Tensor2D;
    const b = tf.randomNormal([N], 0, 0.1, 'float32', 13) as tf.Tensor1D;
    const target = tf.randomNormal([B, N], 0, 1, 'float32', 14);
    const loop = (dd: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) => {
      const s = tf.unstack(dd, 0);
      let h = tf.relu(tf.add(s[0], bb));
      for (let t = 1; t < T; t++) h = tf.relu(tf.add(tf.add(s[t], tf.matMul(h, ww as tf.Tensor2D)), bb));
      return tf.sum(tf.mul(h, target));
    };
    const mine = (dd: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) => tf.sum(tf.mul(reluRecurrence(dd as tf.Tensor3D, ww as tf.Tensor2D, bb as tf.Tensor1D), target));
    expect(mine(d, w, b).dataSync()[0]).toBeCloseTo(loop(d, w, b).dataSync()[0], 5);
    const gRef = tf.grads(loop)([d, w, b]);
    const gMine = tf.grads(mine)([d, w, b]);
    for (let k = 0; k < 3; k++) expect(maxAbsDiff(gMine[k].dataSync(), gRef[k].dataSync())).toBeLessThan(1e-5);
    expect(gMine[1].dataSync().some((v) => v !== 0)).toBe(true);
  });

  it('transposeFast(x) equals tf.transpose', () => {
    const x = tf.tensor2d([[1, 2, 3], [4, 5, 6]]);
    expect(transposeFast(x).arraySync()).toEqual([[1, 4], [2, 5], [3, 6]]);
  });
});
