import type * as tfType from '@tensorflow/tfjs';
import { createRng } from '@olfactory/neurons';
import { epochOrder, fillNoisyOdorSamples } from '../data/noisy-odor-samples';
import { NOISE_STREAM } from '../data/noise-streams';
import type { RateTeacher } from './rate-teacher';
import { teacherForward, teacherLoss, teacherVariableList } from './rate-teacher';

/** Options of {@link trainRateTeacher} (defaults: spec §3.1–§3.2). */
export interface TrainRateTeacherOptions {
  readonly seed: number;
  /** Clean normalized odor matrix, row-major nClasses × nReceptors. */
  readonly odors: Float32Array;
  readonly nReceptors?: number;
  /** Default 300. */
  readonly epochs?: number;
  /** Default 16. */
  readonly batchSize?: number;
  /** Training repeats per odor (default 10 → 280 samples). */
  readonly trainRepeats?: number;
  /** Adam learning rate (default 1e−2; β = (0.9, 0.999), ε = 1e−8 as PyTorch). */
  readonly learningRate?: number;
  /** Called after every epoch with the mean training loss. */
  readonly onEpoch?: (e: { epoch: number; loss: number }) => void;
}

/**
 * Train the rate teacher with Adam on freshly noised samples every epoch (spec §3.2): no
 * clipping, no projection. Each epoch draws its order and noise from the counter-based
 * generator (stream TEACHER_TRAIN_BASE + epoch), so a run is reproducible from its seed.
 */
export function trainRateTeacher(t: RateTeacher, options: TrainRateTeacherOptions): { losses: number[] } {
  const { tf } = t;
  const nReceptors = options.nReceptors ?? 21;
  const repeats = options.trainRepeats ?? 10;
  const batchSize = options.batchSize ?? 16;
  const epochs = options.epochs ?? 300;
  const n = t.nClasses * repeats;
  const rng = createRng(options.seed);
  const optimizer = tf.train.adam(options.learningRate ?? 1e-2, 0.9, 0.999, 1e-8);
  const vars = teacherVariableList(t);
  const x = new Float32Array(batchSize * nReceptors);
  const y = new Int32Array(batchSize);
  const losses: number[] = [];
  for (let epoch = 0; epoch < epochs; epoch++) {
    const stream = NOISE_STREAM.TEACHER_TRAIN_BASE + epoch;
    const order = epochOrder(n, rng, stream);
    let total = 0;
    for (let start = 0; start < n; start += batchSize) {
      const idx = order.subarray(start, Math.min(n, start + batchSize));
      fillNoisyOdorSamples(options.odors, nReceptors, repeats, idx, rng, stream, x, y);
      const loss = tf.tidy(() => {
        const xs = tf.tensor2d(x.subarray(0, idx.length * nReceptors), [idx.length, nReceptors]);
        const ys = tf.tensor1d(y.subarray(0, idx.length), 'int32');
        const cost = optimizer.minimize(() => teacherLoss(t, xs, ys), true, vars);
        return cost!.dataSync()[0]!;
      });
      total += loss * idx.length;
    }
    losses.push(total / n);
    options.onEpoch?.({ epoch, loss: total / n });
  }
  optimizer.dispose();
  return { losses };
}

/**
 * Teacher accuracy on `repeats` noisy copies of every odor (stream = EVALUATION + `stream`).
 */
export function evaluateRateTeacher(t: RateTeacher, options: { seed: number; odors: Float32Array; nReceptors?: number; repeats?: number; stream?: number }): number {
  const { tf } = t;
  const nReceptors = options.nReceptors ?? 21;
  const repeats = options.repeats ?? 5;
  const n = t.nClasses * repeats;
  const x = new Float32Array(n * nReceptors);
  const y = new Int32Array(n);
  fillNoisyOdorSamples(
    options.odors,
    nReceptors,
    repeats,
    Int32Array.from({ length: n }, (_, i) => i),
    createRng(options.seed),
    NOISE_STREAM.EVALUATION + (options.stream ?? 0),
    x,
    y,
  );
  const pred = tf.tidy(() => tf.argMax(teacherForward(t, tf.tensor2d(x, [n, nReceptors])).logits, 1).dataSync() as Int32Array);
  let correct = 0;
  for (let i = 0; i < n; i++) if (pred[i] === y[i]) correct++;
  return correct / n;
}
