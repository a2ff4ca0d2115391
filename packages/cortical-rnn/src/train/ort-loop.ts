/**
 * The training loop of {@link trainRnn} on the onnxruntime engine: per batch one forward run
 * (logits and states), the cross-entropy and its gradient ∂L/∂logits = (softmax − y)/B in JS,
 * one backward run (all parameter gradients), the regulariser's penalty and gradient
 * (`onnx/ort-regularizer.ts`), then TF.js's Adam on the same variables as the TF.js engine. The
 * noise, batches and initial values are the TF.js engine's; the sums are MLAS's and so differ
 * from the wasm backend's in the last bits (see the package README).
 */
import * as tf from '@tensorflow/tfjs';
import type { SimpleRnnParams } from '../model/simple-rnn';
import type { RnnOrtEngine, RnnParamValues } from '../onnx/ort-engine';
import { ortPenalty } from '../onnx/ort-regularizer';
import type { RnnGraphShape } from '../onnx/rnn-graphs';
import type { RecurrentRegularizer } from '../regularizers/regularizers';

/** One batch as host arrays: x time-major [T, B, C]. */
export interface HostBatch {
  readonly x: Float32Array;
  readonly labels: Int32Array;
  readonly size: number;
}

/** Mean cross-entropy, correct count and (optionally) ∂(mean CE)/∂logits of a [B, K] batch. */
export function softmaxCrossEntropy(logits: Float32Array, labels: Int32Array, classes: number, withGradient: boolean): { loss: number; correct: number; dLogits: Float32Array | null } {
  const B = labels.length;
  const dLogits = withGradient ? new Float32Array(B * classes) : null;
  let loss = 0;
  let correct = 0;
  for (let b = 0; b < B; b++) {
    const o = b * classes;
    let max = -Infinity;
    let arg = 0;
    for (let k = 0; k < classes; k++) {
      const v = logits[o + k] as number;
      if (v > max) {
        max = v;
        arg = k;
      }
    }
    let z = 0;
    for (let k = 0; k < classes; k++) z += Math.exp((logits[o + k] as number) - max);
    const label = labels[b] as number;
    loss += Math.log(z) - ((logits[o + label] as number) - max);
    if (arg === label) correct++;
    if (dLogits) for (let k = 0; k < classes; k++) dLogits[o + k] = (Math.exp((logits[o + k] as number) - max) / z - (k === label ? 1 : 0)) / B;
  }
  return { loss: loss / B, correct, dLogits };
}

/** Current values of the variables, copied out of TF.js. */
export function paramValues(p: SimpleRnnParams): RnnParamValues {
  const read = (v: tf.Variable) => (v.dataSync() as Float32Array).slice();
  return { kernel: read(p.kernel), recurrent: read(p.recurrent), bias: read(p.bias), outKernel: read(p.outKernel), outBias: read(p.outBias) };
}

/** What the loop needs. */
export interface OrtLoopContext {
  readonly engine: RnnOrtEngine;
  readonly shape: RnnGraphShape;
  readonly params: SimpleRnnParams;
  readonly optimizer: tf.Optimizer;
  readonly reg: RecurrentRegularizer;
  readonly batches: readonly HostBatch[];
  readonly epochs: number;
  readonly noise: (size: number) => Float32Array;
  readonly signConstraint: boolean;
  readonly onBatch?: (info: { epoch: number; batch: number; batches: number; loss: number; accuracy: number }) => void;
}

/** Runs the epochs; returns the last epoch's mean loss (with penalty) and training accuracy. */
export async function trainLoopOrt(ctx: OrtLoopContext): Promise<{ loss: number; accuracy: number }> {
  const { engine, shape, params, reg } = ctx;
  const n = shape.n;
  let p = paramValues(params);
  let last = { loss: 0, accuracy: 0 };
  for (let epoch = 0; epoch < ctx.epochs; epoch++) {
    let lossSum = 0;
    let correct = 0;
    let seen = 0;
    for (let bi = 0; bi < ctx.batches.length; bi++) {
      const batch = ctx.batches[bi] as HostBatch;
      const x = ctx.noise(batch.x.length);
      for (let k = 0; k < x.length; k++) x[k] = (batch.x[k] as number) + (x[k] as number);
      const fwd = await engine.forward(shape, batch.size, x, p, true);
      const ce = softmaxCrossEntropy(fwd.logits, batch.labels, shape.classes, true);
      const g = await engine.backward(shape, batch.size, x, fwd.states as Float32Array, p, ce.dLogits as Float32Array);
      const pen = await ortPenalty(engine, p.recurrent, n, reg, true);
      const dW = new Float32Array(n * n);
      for (let k = 0; k < dW.length; k++) dW[k] = (g.recurrent[k] as number) + ((pen.gradient as Float32Array)[k] as number);
      tf.tidy(() => {
        ctx.optimizer.applyGradients([
          { name: params.kernel.name, tensor: tf.tensor(g.kernel, params.kernel.shape) },
          { name: params.recurrent.name, tensor: tf.tensor(dW, params.recurrent.shape) },
          { name: params.bias.name, tensor: tf.tensor(g.bias, params.bias.shape) },
          { name: params.outKernel.name, tensor: tf.tensor(g.outKernel, params.outKernel.shape) },
          { name: params.outBias.name, tensor: tf.tensor(g.outBias, params.outBias.shape) },
        ]);
        if (ctx.signConstraint) params.recurrent.assign(tf.relu(params.recurrent));
      });
      p = paramValues(params);
      const loss = ce.loss + pen.penalty;
      lossSum += loss * batch.size;
      correct += ce.correct;
      seen += batch.size;
      ctx.onBatch?.({ epoch, batch: bi, batches: ctx.batches.length, loss, accuracy: ce.correct / batch.size });
    }
    last = { loss: lossSum / seen, accuracy: correct / seen };
  }
  return last;
}

/** Accuracy and loss (cross-entropy plus penalty, as Keras's val_loss) of the current weights on host batches. */
export async function evaluateOrt(ctx: Pick<OrtLoopContext, 'engine' | 'shape' | 'params' | 'reg'>, batches: readonly HostBatch[]): Promise<{ accuracy: number; loss: number }> {
  const p = paramValues(ctx.params);
  let ce = 0;
  let c = 0;
  let trials = 0;
  for (const b of batches) {
    const { logits } = await ctx.engine.forward(ctx.shape, b.size, b.x, p, false);
    const r = softmaxCrossEntropy(logits, b.labels, ctx.shape.classes, false);
    ce += r.loss * b.size;
    c += r.correct;
    trials += b.size;
  }
  const { penalty } = await ortPenalty(ctx.engine, p.recurrent, ctx.shape.n, ctx.reg, false);
  return { accuracy: c / trials, loss: ce / trials + penalty };
}
