/**
 * Trains one variant on one task for one simulation, as the reference does (spec §2.4): Adam
 * (Keras defaults: lr 1e-3, β 0.9/0.999, ε 1e-7), categorical cross-entropy plus the recurrent
 * regulariser, 10 epochs over 40 fixed batches of 128 (5,120 trials, no shuffling), input noise
 * σ = 0.05, optional non-negativity constraint on W_rec after every step.
 *
 * Reported, with the reference's names where they exist:
 *   - `accuracy` / `loss`: mean over the last epoch's batches during training (Keras's "Accuracy"
 *     and "Loss", which the reference tabulated as accuracy; loss includes the penalty);
 *   - `testAccuracy` / `testLoss`: on the 2,560-trial "test" split after the last epoch (the
 *     reference's "Validation_Accuracy"; loss includes the penalty, as Keras's val_loss);
 *   - `valAccuracy` / `valLoss`: on the separate 2,560-trial "val" split the reference generated
 *     and never used: the held-out validation accuracy.
 */
import * as tf from '@tensorflow/tfjs';
import { InvalidParameterError } from '@olfactory/neurons';
import { bioInitialWeights, glorotUniform, orthogonalMatrix, permuteMatrix, randomPermutation } from '../init/bio-init';
import type { BioInitKind } from '../init/bio-init';
import { createSimpleRnn, disposeSimpleRnn, simpleRnnLogits } from '../model/simple-rnn';
import type { SimpleRnnParams } from '../model/simple-rnn';
import type { VariantSpec } from '../model/variants';
import { RNG_STREAMS, randomSource } from '../random-source';
import { regularizerPenalty } from '../regularizers/regularizers';
import type { RecurrentRegularizer } from '../regularizers/regularizers';
import { makeTask } from '../tasks/make-task';
import { OnnxRuntimeUnavailableError, createRnnOrtEngine, loadOnnxRuntime } from '../onnx/ort-engine';
import { evaluateOrt, trainLoopOrt } from './ort-loop';
import type { HostBatch } from './ort-loop';
import { TASK_NAMES } from '../tasks/task-types';
import type { TaskData, TaskName } from '../tasks/task-types';

/** The per-field inputs a training needs (from `loadMicronsField`, or synthetic in tests). */
export interface RnnFieldInputs {
  readonly n: number;
  readonly corr: Float64Array;
  readonly sttc: Float64Array;
  readonly precision: Float64Array;
  /** D*, N×N. */
  readonly somaDistance: Float64Array;
  /** D, N×N. */
  readonly gridDistance: Float64Array;
  /** Sorted flattened communicability of the EM connectome (N² values). */
  readonly empiricalCommSorted: Float32Array;
}

/** Options of {@link trainRnn}. */
export interface TrainRnnOptions {
  readonly field: RnnFieldInputs;
  readonly variant: VariantSpec;
  readonly task: TaskName;
  /** Simulation index (selects W*, data and noise). */
  readonly simulation: number;
  /** Base seed. Default 0. */
  readonly seed?: number;
  /** Epochs. Default 10. */
  readonly epochs?: number;
  /** Trials per split: train, test, val. Default 5120, 2560, 2560. */
  readonly trainTrials?: number;
  readonly testTrials?: number;
  readonly valTrials?: number;
  /** Batch size. Default 128. */
  readonly batchSize?: number;
  /** λ (default 0.3) and λ_EMD (default 0.1). */
  readonly lambda?: number;
  readonly emdLambda?: number;
  /** Reproduce the reference's W regulariser without λ (λ = 1). Default false. */
  readonly wLambdaBug?: boolean;
  /** Non-negativity constraint on W_rec. Default false. */
  readonly signConstraint?: boolean;
  /** Bio-init matrices. Default 'corr-sttc'. */
  readonly bioInit?: BioInitKind;
  /** Input noise σ. Default 0.05. */
  readonly noiseStd?: number;
  /**
   * Compute engine: 'onnxruntime' (onnxruntime-node on MLAS, the optional peer dependency; ≈ 3×
   * faster per core), 'tfjs' (the TF.js ops on the backend the application selected) or 'auto'
   * (default: onnxruntime when it loads, else tfjs). Adam runs in TF.js on either.
   */
  readonly engine?: 'auto' | 'onnxruntime' | 'tfjs';
  /** onnxruntime intra-op threads (default 1: one training per core). */
  readonly threads?: number;
  /** Called after every batch. */
  readonly onBatch?: (info: { epoch: number; batch: number; batches: number; loss: number; accuracy: number }) => void;
}

/** Result of one training. */
export interface TrainRnnResult {
  readonly variant: string;
  readonly task: TaskName;
  readonly simulation: number;
  readonly accuracy: number;
  readonly loss: number;
  readonly testAccuracy: number;
  readonly testLoss: number;
  readonly valAccuracy: number;
  readonly valLoss: number;
  /** Trained W_rec, N×N row-major. */
  readonly recurrent: Float32Array;
  readonly n: number;
  readonly seconds: number;
  /** The engine that ran the training. */
  readonly engine: 'onnxruntime' | 'tfjs';
}

/** Time-major batches [T, B, C] of a task's data as host arrays (the last batch may be smaller). */
function hostBatchesOf(data: TaskData, batchSize: number): HostBatch[] {
  const out: HostBatch[] = [];
  const { steps: T, channels: C } = data;
  for (let start = 0; start < data.trials; start += batchSize) {
    const B = Math.min(batchSize, data.trials - start);
    const x = new Float32Array(T * B * C);
    for (let b = 0; b < B; b++) {
      const src = (start + b) * T * C;
      for (let t = 0; t < T; t++) for (let c = 0; c < C; c++) x[(t * B + b) * C + c] = data.inputs[src + t * C + c];
    }
    out.push({ x, labels: data.labels.slice(start, start + B), size: B });
  }
  return out;
}

/** The same batches as tensors (x [T, B, C], one-hot y). */
function batchesOf(data: TaskData, batchSize: number): { x: tf.Tensor3D; y: tf.Tensor2D; labels: Int32Array }[] {
  const { steps: T, channels: C } = data;
  return hostBatchesOf(data, batchSize).map((b) => ({
    x: tf.tensor3d(b.x, [T, b.size, C]),
    y: tf.tidy(() => tf.oneHot(tf.tensor1d(b.labels, 'int32'), data.classes).toFloat() as tf.Tensor2D),
    labels: b.labels,
  }));
}

/** The engine a training runs on: 'auto' is onnxruntime when it loads. */
async function resolveEngine(engine: TrainRnnOptions['engine'] = 'auto'): Promise<'onnxruntime' | 'tfjs'> {
  if (engine === 'tfjs') return 'tfjs';
  if (engine !== 'auto' && engine !== 'onnxruntime') throw new InvalidParameterError({ parameter: 'engine', value: engine, expected: "'auto', 'onnxruntime' or 'tfjs'" });
  try {
    await loadOnnxRuntime();
    return 'onnxruntime';
  } catch (e) {
    if (engine === 'auto' && OnnxRuntimeUnavailableError.isInstance(e)) return 'tfjs';
    throw e;
  }
}

function correctCount(logits: tf.Tensor2D, labels: Int32Array): number {
  const pred = tf.tidy(() => tf.argMax(logits, 1).dataSync());
  let c = 0;
  for (let i = 0; i < labels.length; i++) if (pred[i] === labels[i]) c++;
  return c;
}

/** Builds the regulariser of a variant. */
export function variantRegularizer(field: RnnFieldInputs, variant: VariantSpec, options: { lambda?: number; emdLambda?: number; wLambdaBug?: boolean } = {}): RecurrentRegularizer {
  const lambda = options.lambda ?? 0.3;
  if (variant.distance === 'none') return { kind: 'W', lambda: options.wLambdaBug ? 1 : lambda };
  const distance = Float32Array.from(variant.distance === 'soma' ? field.somaDistance : field.gridDistance);
  if (variant.communicability === 'none') return { kind: 'WD', lambda, distance };
  if (variant.communicability === 'direct') return { kind: 'WDC', lambda, distance };
  return { kind: 'WDC_EMD', lambda, emdLambda: options.emdLambda ?? 0.1, distance, empiricalSorted: field.empiricalCommSorted };
}

/**
 * @example
 *   const r = await trainRnn({ field, variant: variantByName('W*D*C'), task: 'maze', simulation: 0 });
 *   r.valAccuracy;
 */
export async function trainRnn(options: TrainRnnOptions): Promise<TrainRnnResult> {
  const t0 = performance.now();
  const { field, variant, task, simulation } = options;
  const n = field.n;
  const seed = options.seed ?? 0;
  const epochs = options.epochs ?? 10;
  const batchSize = options.batchSize ?? 128;
  const noiseStd = options.noiseStd ?? 0.05;
  for (const [name, value] of [
    ['epochs', epochs],
    ['batchSize', batchSize],
    ['simulation', simulation + 1],
  ] as const) {
    if (!Number.isInteger(value) || value < 1) throw new InvalidParameterError({ parameter: name, value, expected: 'a positive integer (simulation: ≥ 0)' });
  }
  const taskIndex = TASK_NAMES.indexOf(task);
  if (taskIndex < 0) throw new InvalidParameterError({ parameter: 'task', value: task, expected: `one of ${TASK_NAMES.join(', ')}` });
  const engine = await resolveEngine(options.engine);
  const cell = taskIndex * 16 + ['W*D*C', 'WD*C', 'WDC', 'WD*', 'WD', 'W', 'W*D*C*', 'WD*C*', 'W*DC*', 'W!D*C', 'W!D*C*'].indexOf(variant.name);

  // data: one train/test/val draw per (simulation, task), shared by every variant
  const train = makeTask(task, options.trainTrials ?? 5120, randomSource(seed, RNG_STREAMS.train, simulation, taskIndex));
  const test = makeTask(task, options.testTrials ?? 2560, randomSource(seed, RNG_STREAMS.test, simulation, taskIndex));
  const val = makeTask(task, options.valTrials ?? 2560, randomSource(seed, RNG_STREAMS.val, simulation, taskIndex));

  // initial weights: W* is one draw per simulation, shared by tasks and variants (as the reference's Ws[i])
  const initSrc = randomSource(seed, RNG_STREAMS.init, simulation, cell);
  let recurrent: Float64Array;
  if (variant.init === 'orthogonal') recurrent = orthogonalMatrix(n, initSrc);
  else {
    const wStar = bioInitialWeights(field, options.bioInit ?? 'corr-sttc', randomSource(seed, RNG_STREAMS.init, simulation, 1023));
    recurrent = variant.init === 'bio' ? wStar : permuteMatrix(wStar, n, randomPermutation(n, randomSource(seed, RNG_STREAMS.permutation, simulation, cell)));
  }
  const params = createSimpleRnn({
    n,
    channels: train.channels,
    classes: train.classes,
    kernel: glorotUniform(train.channels, n, initSrc),
    recurrent,
    outKernel: glorotUniform(n, train.classes, initSrc),
  });
  const reg = variantRegularizer(field, variant, options);
  const optimizer = tf.train.adam(0.001, 0.9, 0.999, 1e-7);
  const noiseSrc = randomSource(seed, RNG_STREAMS.noise, simulation, cell);
  const noise = (size: number) => {
    const v = new Float32Array(size);
    for (let k = 0; k < size; k++) v[k] = noiseStd * noiseSrc.normal();
    return v;
  };
  const run = { params, optimizer, reg, epochs, noise, signConstraint: options.signConstraint ?? false, onBatch: options.onBatch };
  try {
    const r = engine === 'onnxruntime' ? await runOrt(run, { train, test, val }, batchSize, options.threads) : await runTfjs(run, { train, test, val }, batchSize);
    return {
      variant: variant.name,
      task,
      simulation,
      accuracy: r.accuracy,
      loss: r.loss,
      testAccuracy: r.test.accuracy,
      testLoss: r.test.loss,
      valAccuracy: r.val.accuracy,
      valLoss: r.val.loss,
      recurrent: params.recurrent.dataSync().slice() as Float32Array,
      n,
      seconds: (performance.now() - t0) / 1000,
      engine,
    };
  } finally {
    optimizer.dispose();
    disposeSimpleRnn(params);
  }
}

/** What both engines' loops share. */
interface RunContext {
  readonly params: SimpleRnnParams;
  readonly optimizer: tf.Optimizer;
  readonly reg: RecurrentRegularizer;
  readonly epochs: number;
  readonly noise: (size: number) => Float32Array;
  readonly signConstraint: boolean;
  readonly onBatch?: TrainRnnOptions['onBatch'];
}

interface Splits {
  readonly train: TaskData;
  readonly test: TaskData;
  readonly val: TaskData;
}

interface RunResult {
  readonly accuracy: number;
  readonly loss: number;
  readonly test: { accuracy: number; loss: number };
  readonly val: { accuracy: number; loss: number };
}

/** The onnxruntime engine (see `ort-loop.ts`). */
async function runOrt(ctx: RunContext, data: Splits, batchSize: number, threads: number | undefined): Promise<RunResult> {
  const ortEngine = await createRnnOrtEngine({ threads });
  try {
    const shape = { steps: data.train.steps, channels: data.train.channels, n: ctx.params.recurrent.shape[0] as number, classes: data.train.classes };
    const last = await trainLoopOrt({ ...ctx, engine: ortEngine, shape, batches: hostBatchesOf(data.train, batchSize) });
    const evalCtx = { engine: ortEngine, shape, params: ctx.params, reg: ctx.reg };
    return { ...last, test: await evaluateOrt(evalCtx, hostBatchesOf(data.test, batchSize)), val: await evaluateOrt(evalCtx, hostBatchesOf(data.val, batchSize)) };
  } finally {
    await ortEngine.release();
  }
}

/** The TF.js engine: autodiff of `simpleRnnLogits` and `regularizerPenalty` on the selected backend. */
async function runTfjs(ctx: RunContext, data: Splits, batchSize: number): Promise<RunResult> {
  const { params, optimizer, reg } = ctx;
  const vars = [params.kernel, params.recurrent, params.bias, params.outKernel, params.outBias];
  const trainBatches = batchesOf(data.train, batchSize);
  let lastLoss = 0;
  let lastAcc = 0;
  try {
    for (let epoch = 0; epoch < ctx.epochs; epoch++) {
      let lossSum = 0;
      let correct = 0;
      let seen = 0;
      for (let bi = 0; bi < trainBatches.length; bi++) {
        const { x, y, labels } = trainBatches[bi];
        const noiseVals = ctx.noise(x.size);
        let logitsKept: tf.Tensor2D | null = null;
        const { value, grads } = tf.variableGrads(() => {
          const noise = tf.tensor3d(noiseVals, x.shape);
          const logits = simpleRnnLogits(params, x, noise);
          logitsKept = tf.keep(logits);
          const ce = tf.losses.softmaxCrossEntropy(y, logits);
          return tf.add(ce, regularizerPenalty(params.recurrent as unknown as tf.Tensor2D, reg)) as tf.Scalar;
        }, vars);
        optimizer.applyGradients(grads as unknown as Parameters<typeof optimizer.applyGradients>[0]);
        if (ctx.signConstraint) tf.tidy(() => params.recurrent.assign(tf.relu(params.recurrent)));
        const loss = (await value.data())[0];
        const c = correctCount(logitsKept as unknown as tf.Tensor2D, labels);
        (logitsKept as unknown as tf.Tensor2D).dispose();
        value.dispose();
        for (const g of Object.values(grads)) g.dispose();
        lossSum += loss * labels.length;
        correct += c;
        seen += labels.length;
        ctx.onBatch?.({ epoch, batch: bi, batches: trainBatches.length, loss, accuracy: c / labels.length });
      }
      lastLoss = lossSum / seen;
      lastAcc = correct / seen;
    }
  } finally {
    for (const b of trainBatches) {
      b.x.dispose();
      b.y.dispose();
    }
  }
  const evaluate = (split: TaskData) => {
    const bs = batchesOf(split, batchSize);
    let ce = 0;
    let c = 0;
    for (const b of bs) {
      const logits = tf.tidy(() => simpleRnnLogits(params, b.x, null));
      ce += tf.tidy(() => tf.losses.softmaxCrossEntropy(b.y, logits).dataSync()[0]) * b.labels.length;
      c += correctCount(logits, b.labels);
      logits.dispose();
      b.x.dispose();
      b.y.dispose();
    }
    const penalty = tf.tidy(() => regularizerPenalty(params.recurrent as unknown as tf.Tensor2D, reg, false).dataSync()[0]);
    return { accuracy: c / split.trials, loss: ce / split.trials + penalty };
  };
  return { accuracy: lastAcc, loss: lastLoss, test: evaluate(data.test), val: evaluate(data.val) };
}
