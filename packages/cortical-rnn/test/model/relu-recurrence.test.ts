import * as tf from '@tensorflow/tfjs';
import { reluRecurrence, timeSteps, transposeFast } from '../../src/index';
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

  it('timeSteps(x) gives the same [B, N] slices as tf.unstack(x, 0), and the recurrence leaks no tensor', () => {
    const x = tf.randomNormal([4, 3, 2], 0, 1, 'float32', 21);
    const mine = timeSteps(x);
    const ref = tf.unstack(x, 0);
    expect(mine.map((t) => t.shape)).toEqual(ref.map((t) => t.shape));
    for (let t = 0; t < 4; t++) expect(Array.from(mine[t].dataSync())).toEqual(Array.from(ref[t].dataSync()));
    tf.dispose([...mine, ...ref]);
    const w = tf.randomNormal([2, 2], 0, 0.5, 'float32', 22) as tf.Tensor2D;
    const b = tf.zeros([2]) as tf.Tensor1D;
    const before = tf.memory().numTensors;
    const g = tf.grads((dd: tf.Tensor, ww: tf.Tensor) => tf.sum(reluRecurrence(dd as tf.Tensor3D, ww as tf.Tensor2D, b)))([x, w]);
    tf.dispose(g);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('transposeFast(x) equals tf.transpose', () => {
    const x = tf.tensor2d([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(transposeFast(x).arraySync()).toEqual([
      [1, 4],
      [2, 5],
      [3, 6],
    ]);
  });
});
