import type * as tfType from '@tensorflow/tfjs';
import { InvalidParameterError } from '@olfactory/neurons';

type Tf = typeof tfType;

const BETA1 = 0.9;
const BETA2 = 0.999;
const EPS = 1e-8;

/** The flat trained vector [θ | W | b] with its Adam moments, bounds and per-element rates. */
export interface FlatAdamState {
  readonly all: tfType.Variable<tfType.Rank.R1>;
  readonly m: tfType.Variable;
  readonly v: tfType.Variable;
  readonly lo: tfType.Tensor1D;
  readonly hi: tfType.Tensor1D;
  /** Per-element learning rates of θ (the decoder's is the base rate). */
  readonly lrTheta: tfType.Tensor1D;
  readonly baseLr: number;
  /** Sizes of θ, W and b in the flat vector. */
  readonly sizes: readonly [number, number, number];
}

/**
 * One optimizer update of spec §3.4 (inside a `tf.tidy`): global gradient-norm clipping
 * (torch.nn.utils.clip_grad_norm_: coef = max/(norm + 1e−6), capped at 1), Adam step `t`
 * (PyTorch semantics: ε added to √v̂), then projection to the bounds. Returns the norm before clipping.
 *
 * @throws {InvalidParameterError} when the gradient norm is not finite (training diverged).
 */
export function adamStep(tf: Tf, s: FlatAdamState, g: tfType.Tensor1D, t: number, clipNorm: number): number {
  const [nParams, nW, nB] = s.sizes;
  const nAll = nParams + nW + nB;
  // the squares summed per tensor (θ, W, b) in float32 and the three sums in float64
  const sq = tf.square(g);
  const parts = tf.stack([tf.sum(tf.slice(sq, [0], [nParams])), tf.sum(tf.slice(sq, [nParams], [nW])), tf.sum(tf.slice(sq, [nParams + nW], [nB]))]).dataSync();
  const norm = Math.sqrt(parts[0]! + parts[1]! + parts[2]!);
  if (!Number.isFinite(norm)) {
    throw new InvalidParameterError({
      parameter: 'gradient norm',
      value: norm,
      expected: 'a finite number',
      fix: 'Training diverged (NaN/Inf gradient); lower the learning rate or check the parameters.',
    });
  }
  const coef = Math.min(1, clipNorm / (norm + 1e-6));
  const bc1 = 1 - BETA1 ** t;
  const bc2 = 1 - BETA2 ** t;
  const gi = tf.mul(g, coef);
  s.m.assign(tf.add(tf.mul(s.m, BETA1), tf.mul(gi, 1 - BETA1)));
  s.v.assign(tf.add(tf.mul(s.v, BETA2), tf.mul(tf.square(gi), 1 - BETA2)));
  const denom = tf.add(tf.div(tf.sqrt(s.v), Math.sqrt(bc2)), EPS);
  const stepT = tf.div(s.m, denom);
  // per-element rates: lr_θ/bc1 in float32 for θ, the float32 scalar baseLr/bc1 for the decoder
  const rate = tf.concat([tf.div(s.lrTheta, bc1), tf.fill([nAll - nParams], s.baseLr / bc1)]);
  // projection to the bounds (§3.4); the decoder's are ±∞
  s.all.assign(tf.minimum(tf.maximum(tf.sub(s.all, tf.mul(stepT, rate)), s.lo), s.hi));
  return norm;
}
