import type * as tfType from '@tensorflow/tfjs';
import type { CounterRng } from '@olfactory/neurons';
import { InvalidParameterError } from '@olfactory/neurons';
import type { CircuitEngine } from '../engine/circuit-engine';
import { STEPS, createCircuitEngine } from '../engine/circuit-engine';
import type { SpikingCircuit } from '../engine/spiking-circuit';
import type { StudentParameters } from '../engine/student-parameters';
import { createStudentParameters } from '../engine/student-parameters';
import type { OptimizerState } from '../checkpoint/checkpoint';

type Tf = typeof tfType;

/** Loss and optimiser settings of spec §3.4 (defaults = canonical). */
export interface StudentTrainerOptions {
  /** Base Adam learning rate (× the per-tensor multiplier of the layout). Default 1e−3. */
  readonly learningRate?: number;
  /** Global gradient-norm clip over all parameters and the decoder. Default 5. */
  readonly clipNorm?: number;
  /** KC-sparsity loss `w·(mean σ(slope·(rate − offset)) − target)²`, `w = weight·min(1, epoch/rampEpochs)`; `null` = CE only. */
  readonly sparsity?: { readonly weight: number; readonly rampEpochs: number; readonly target: number; readonly offset: number; readonly slope: number } | null;
  /** Parameter tensors held fixed (e.g. the gap conductances for the no-gap ablation). */
  readonly frozen?: readonly string[];
  /** Train with the no-STD synapse everywhere. */
  readonly disableStd?: boolean;
  /**
   * Generate the circuit noise on a second core (`createCircuitEngine(..., { noiseWorker: true })`),
   * prefetching the next batch's noise when {@link TrainBatch.next} is given. Same numbers bit
   * for bit; worth it when a core is free. Default false.
   */
  readonly noiseWorker?: boolean;
}

export const CANONICAL_SPARSITY = Object.freeze({ weight: 15, rampEpochs: 60, target: 0.05, offset: 0.02, slope: 50 });

/** Result of one optimizer step. */
export interface TrainStepResult {
  readonly loss: number;
  readonly crossEntropy: number;
  /** Training-mode predictions that match the labels. */
  readonly correct: number;
  /** Global gradient norm before clipping. */
  readonly gradNorm: number;
}

/** One batch: noisy OR responses, labels and the global sample ids that key the circuit noise. */
export interface TrainBatch {
  readonly receptors: Float32Array;
  readonly labels: Int32Array;
  readonly sampleIds: ArrayLike<number>;
  readonly rng: CounterRng;
  readonly stream: number;
  /** 0-based epoch (sets the sparsity-loss ramp). */
  readonly epoch: number;
  /** The batch that will follow (its noise is prefetched on the noise worker, if any). */
  readonly next?: { readonly sampleIds: ArrayLike<number>; readonly stream: number };
}

/** The student in training: TF.js owns parameters, decoder, loss and Adam; the fused engine is one op. */
export interface StudentTrainer {
  step(batch: TrainBatch): TrainStepResult;
  /** Current parameters (a snapshot in SI units). */
  parameters(): StudentParameters;
  /** Current decoder: row-major classes × n_KC and bias. */
  decoder(): { weight: Float32Array; bias: Float32Array };
  optimizerState(): OptimizerState;
  dispose(): void;
}

/**
 * Build a trainer (spec §3.4): soft spikes and BPTT through all 30 steps (the fused engine as a
 * `tf.customGrad` op on the flat 449-vector), decoder on KC rates, cross-entropy + ramped
 * KC-sparsity loss, global gradient-norm clipping, Adam with one learning rate per tensor
 * (PyTorch semantics: β = (0.9, 0.999), ε = 1e−8 added to √v̂), then projection to the bounds.
 *
 * @param decoder row-major classes × n_KC weight and bias (the teacher's, §3.3)
 */
export function createStudentTrainer(
  tf: Tf,
  circuit: SpikingCircuit,
  init: { params: StudentParameters; decoderWeight: Float32Array; decoderBias: Float32Array; optimizer?: OptimizerState },
  options: StudentTrainerOptions = {},
): StudentTrainer {
  const layout = init.params.layout;
  const nParams = init.params.values.length;
  const nKc = circuit.sizes.kc;
  const nClasses = init.decoderBias.length;
  if (init.decoderWeight.length !== nClasses * nKc) {
    throw new InvalidParameterError({ parameter: 'decoderWeight', value: init.decoderWeight, expected: `${nClasses} × ${nKc} values (classes × KCs)` });
  }
  const baseLr = options.learningRate ?? 1e-3;
  const clipNorm = options.clipNorm ?? 5;
  const sparsity = options.sparsity === undefined ? CANONICAL_SPARSITY : options.sparsity;
  const frozen = new Set(options.frozen ?? []);
  for (const f of frozen) if (!layout.some((p) => p.name === f)) throw new InvalidParameterError({ parameter: 'frozen', value: f, expected: 'a parameter tensor name of the layout' });

  // per-element learning rates and bounds of the flat vector
  const lr = new Float32Array(nParams);
  const lo = new Float32Array(nParams).fill(-Infinity);
  const hi = new Float32Array(nParams).fill(Infinity);
  let o = 0;
  for (const p of layout) {
    for (let i = 0; i < p.size; i++) {
      lr[o + i] = frozen.has(p.name) ? 0 : baseLr * p.lr;
      if (p.bounds) {
        lo[o + i] = p.bounds[0];
        hi[o + i] = p.bounds[1];
      }
    }
    o += p.size;
  }
  // the decoder is stored input-major (n_KC × classes) for matMul
  const wT = new Float32Array(nKc * nClasses);
  for (let c = 0; c < nClasses; c++) for (let k = 0; k < nKc; k++) wT[k * nClasses + c] = init.decoderWeight[c * nKc + k]!;
  // created inside tidy so that the initial-value tensors are released (variables survive tidy)
  const theta = tf.tidy(() => tf.variable(tf.tensor1d(Float32Array.from(init.params.values)), true));
  const W = tf.tidy(() => tf.variable(tf.tensor2d(wT, [nKc, nClasses]), true));
  const b = tf.tidy(() => tf.variable(tf.tensor1d(init.decoderBias), true));
  const vars = [theta, W, b];
  const sizes = [nParams, nKc * nClasses, nClasses];
  const lrT = tf.tensor1d(lr);
  const loT = tf.tensor1d(lo);
  const hiT = tf.tensor1d(hi);
  const BETA1 = 0.9;
  const BETA2 = 0.999;
  const EPS = 1e-8;
  let t = init.optimizer?.step ?? 0;
  const slice = (arr: readonly number[] | undefined, start: number, n: number) => (arr ? Float32Array.from(arr.slice(start, start + n)) : new Float32Array(n));
  let offset = 0;
  const m: tfType.Variable[] = [];
  const v: tfType.Variable[] = [];
  vars.forEach((x, i) => {
    m.push(tf.tidy(() => tf.variable(tf.tensor(slice(init.optimizer?.m, offset, sizes[i]!), x.shape), false)));
    v.push(tf.tidy(() => tf.variable(tf.tensor(slice(init.optimizer?.v, offset, sizes[i]!), x.shape), false)));
    offset += sizes[i]!;
  });

  const engines = new Map<number, CircuitEngine>();
  const engineFor = (batch: number) => {
    let e = engines.get(batch);
    if (!e) engines.set(batch, (e = createCircuitEngine(circuit, batch, { noiseWorker: options.noiseWorker === true })));
    return e;
  };
  const current = () => createStudentParameters(layout, theta.dataSync());

  function step(batch: TrainBatch): TrainStepResult {
    const B = batch.labels.length;
    const engine = engineFor(B);
    const params = current();
    // the spiking core as one op: forward + BPTT by the fused kernels
    const circuitOp = tf.customGrad(((x: tfType.Tensor, save: tfType.GradSaveFunc) => {
      const counts = engine.forward(params, batch.receptors, { mode: 'soft', noise: { rng: batch.rng, sampleIds: batch.sampleIds, stream: batch.stream }, record: true, disableStd: options.disableStd });
      if (batch.next && options.noiseWorker) engineFor(batch.next.sampleIds.length).prefetchNoise({ rng: batch.rng, sampleIds: batch.next.sampleIds, stream: batch.next.stream });
      save([x]);
      return {
        value: tf.tensor2d(Float32Array.from(counts.kc), [B, nKc]),
        gradFunc: (dy: tfType.Tensor) => [tf.tensor1d(Float32Array.from(engine.backward(dy.dataSync())))],
      };
    }) as unknown as Parameters<Tf['customGrad']>[0]);
    const wSp = sparsity ? sparsity.weight * Math.min(1, batch.epoch / sparsity.rampEpochs) : 0;
    let ce = 0;
    let total = 0;
    let correct = 0;
    let gradNorm = 0;
    tf.tidy(() => {
      const labels = tf.tensor1d(batch.labels, 'int32');
      const { value, grads } = tf.variableGrads(() => {
        const rates = tf.div(circuitOp(theta) as tfType.Tensor2D, STEPS) as tfType.Tensor2D;
        const logits = tf.add(tf.matMul(rates, W), b) as tfType.Tensor2D;
        const ceT = tf.losses.softmaxCrossEntropy(tf.oneHot(labels, nClasses), logits) as tfType.Scalar;
        const pred = tf.argMax(logits, 1).dataSync();
        for (let i = 0; i < B; i++) if (pred[i] === batch.labels[i]) correct++;
        ce = ceT.dataSync()[0]!;
        if (!sparsity || wSp === 0) return ceT;
        const active = tf.mean(tf.sigmoid(tf.mul(tf.sub(rates, sparsity.offset), sparsity.slope)));
        return tf.add(ceT, tf.mul(wSp, tf.square(tf.sub(active, sparsity.target)))) as tfType.Scalar;
      }, vars);
      total = value.dataSync()[0]!;
      const g = vars.map((x) => grads[x.name]!);
      // global norm clip (torch.nn.utils.clip_grad_norm_: coef = max/(norm + 1e−6), capped at 1)
      const norm = Math.sqrt(g.reduce((acc, x) => acc + tf.sum(tf.square(x)).dataSync()[0]!, 0));
      gradNorm = norm;
      if (!Number.isFinite(norm)) {
        throw new InvalidParameterError({ parameter: 'gradient norm', value: norm, expected: 'a finite number', fix: 'Training diverged (NaN/Inf gradient); lower the learning rate or check the parameters.' });
      }
      const coef = Math.min(1, clipNorm / (norm + 1e-6));
      t++;
      const bc1 = 1 - BETA1 ** t;
      const bc2 = 1 - BETA2 ** t;
      vars.forEach((x, i) => {
        const gi = tf.mul(g[i]!, coef);
        m[i]!.assign(tf.add(tf.mul(m[i]!, BETA1), tf.mul(gi, 1 - BETA1)));
        v[i]!.assign(tf.add(tf.mul(v[i]!, BETA2), tf.mul(tf.square(gi), 1 - BETA2)));
        const denom = tf.add(tf.div(tf.sqrt(v[i]!), Math.sqrt(bc2)), EPS);
        const stepT = tf.div(m[i]!, denom);
        const rate = i === 0 ? tf.div(lrT, bc1) : baseLr / bc1;
        let next: tfType.Tensor = tf.sub(x, tf.mul(stepT, rate));
        if (i === 0) next = tf.minimum(tf.maximum(next, loT), hiT); // projection to the bounds (§3.4)
        (x as tfType.Variable<tfType.Rank>).assign(next as never);
      });
    });
    return { loss: total, crossEntropy: ce, correct, gradNorm };
  }

  return {
    step,
    parameters: current,
    decoder() {
      const wt = W.dataSync();
      const weight = new Float32Array(nClasses * nKc);
      for (let c = 0; c < nClasses; c++) for (let k = 0; k < nKc; k++) weight[c * nKc + k] = wt[k * nClasses + c]!;
      return { weight, bias: Float32Array.from(b.dataSync()) };
    },
    optimizerState() {
      const flat = (xs: tfType.Variable[]) => xs.flatMap((x) => Array.from(x.dataSync()));
      return { step: t, m: flat(m), v: flat(v) };
    },
    dispose() {
      for (const e of engines.values()) e.dispose();
      for (const x of [...vars, ...m, ...v, lrT, loT, hiT]) x.dispose();
    },
  };
}
