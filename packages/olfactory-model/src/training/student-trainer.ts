import type * as tfType from '@tensorflow/tfjs';
import type { CounterRng } from '@olfactory/neurons';
import { InvalidParameterError } from '@olfactory/neurons';
import type { CircuitEngine } from '../engine/circuit-engine';
import { STEPS, createCircuitEngine } from '../engine/circuit-engine';
import type { FlatAdamState } from './adam-step';
import { adamStep } from './adam-step';
import { circuitOp } from './circuit-op';
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
  /**
   * Energy term of the R1 loss forms (spec §3.7): `w·min(1, epoch/rampEpochs)·E` with
   * `E = mean r_KC` (`population: 'kc'`) or `E = (mean r_ORN + mean r_LN + mean r_PN + mean r_KC)/4`
   * (`'all'`), `r = counts/30`, means over batch and neurons. Absent (default) = no energy term.
   */
  readonly energy?: { readonly weight: number; readonly population: 'all' | 'kc'; readonly rampEpochs: number } | null;
  /** Extra learning-rate factors by parameter tensor name (e.g. `{ 'apl.gain': 2 }`, the reference's `--apl-lr-mult`). */
  readonly lrMultipliers?: Readonly<Record<string, number>>;
  /** Parameter tensors held fixed (e.g. the gap conductances for the no-gap ablation). */
  readonly frozen?: readonly string[];
  /** Train with the synapse without short-term depression everywhere. */
  readonly disableDepression?: boolean;
  /** @deprecated The former name of {@link disableDepression}; still honoured. */
  readonly disableStd?: boolean;
  /**
   * Generate the circuit noise on a second core (`createCircuitEngine(..., { noiseWorker: true })`),
   * prefetching the next batch's noise when {@link TrainBatch.next} is given. Same numbers bit
   * for bit; worth it when a core is free. Default false.
   */
  readonly noiseWorker?: boolean;
  /**
   * Circuit noise (spec §2.13) in the training forward pass. Default true (canonical); false runs
   * the noiseless circuit, for step-by-step parity checks against the reference with its
   * `circuit_noise_enabled=False`.
   */
  readonly circuitNoise?: boolean;
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

/** Per-element learning rates and bounds of the flat θ, after validating the options that set them. */
function parameterRates(layout: StudentParameters['layout'], nParams: number, options: StudentTrainerOptions, baseLr: number) {
  const frozen = new Set(options.frozen ?? []);
  for (const f of frozen) if (!layout.some((p) => p.name === f)) throw new InvalidParameterError({ parameter: 'frozen', value: f, expected: 'a parameter tensor name of the layout' });
  const lrMult = options.lrMultipliers ?? {};
  for (const [k, x] of Object.entries(lrMult)) {
    if (!layout.some((p) => p.name === k)) throw new InvalidParameterError({ parameter: 'lrMultipliers', value: k, expected: 'a parameter tensor name of the layout' });
    if (!(Number.isFinite(x) && x >= 0)) throw new InvalidParameterError({ parameter: `lrMultipliers['${k}']`, value: x, expected: 'a finite number ≥ 0' });
  }
  const lr = new Float32Array(nParams);
  const lo = new Float32Array(nParams).fill(-Infinity);
  const hi = new Float32Array(nParams).fill(Infinity);
  let o = 0;
  for (const p of layout) {
    for (let i = 0; i < p.size; i++) {
      lr[o + i] = frozen.has(p.name) ? 0 : lrMult[p.name] === undefined ? baseLr * p.lr : baseLr * p.lr * lrMult[p.name]!;
      if (p.bounds) {
        lo[o + i] = p.bounds[0];
        hi[o + i] = p.bounds[1];
      }
    }
    o += p.size;
  }
  return { lr, lo, hi };
}

/** The flat variable [θ (449) | W (n_KC × classes) | b] with its Adam moments (so the optimizer is a dozen element-wise ops). */
function flatAdamState(tf: Tf, init: TrainerInit, nKc: number, baseLr: number, rates: ReturnType<typeof parameterRates>): FlatAdamState {
  const nParams = init.params.values.length;
  const nClasses = init.decoderBias.length;
  // the decoder is stored input-major (n_KC × classes) for matMul
  const wT = new Float32Array(nKc * nClasses);
  for (let c = 0; c < nClasses; c++) for (let k = 0; k < nKc; k++) wT[k * nClasses + c] = init.decoderWeight[c * nKc + k]!;
  const nAll = nParams + nKc * nClasses + nClasses;
  const flatInit = new Float32Array(nAll);
  flatInit.set(Float32Array.from(init.params.values), 0);
  flatInit.set(wT, nParams);
  flatInit.set(init.decoderBias, nParams + nKc * nClasses);
  // created inside tidy so that the initial-value tensors are released (variables survive tidy)
  const all = tf.tidy(() => tf.variable(tf.tensor1d(flatInit), true));
  const lo = tf.tensor1d(Float32Array.from({ length: nAll }, (_, i) => (i < nParams ? rates.lo[i]! : -Infinity)));
  const hi = tf.tensor1d(Float32Array.from({ length: nAll }, (_, i) => (i < nParams ? rates.hi[i]! : Infinity)));
  const lrTheta = tf.tensor1d(rates.lr);
  const moment = (arr: readonly number[] | undefined) => tf.tidy(() => tf.variable(tf.tensor1d(arr ? Float32Array.from(arr.slice(0, nAll)) : new Float32Array(nAll)), false));
  return { all, m: moment(init.optimizer?.m), v: moment(init.optimizer?.v), lo, hi, lrTheta, baseLr, sizes: [nParams, nKc * nClasses, nClasses] };
}

/** The loss terms of one batch (spec §3.4, §3.7). */
interface LossForms {
  readonly sparsity: NonNullable<StudentTrainerOptions['sparsity']> | null;
  readonly energy: NonNullable<StudentTrainerOptions['energy']> | null;
  readonly allCounts: boolean;
}

/**
 * The loss of one batch from the circuit op's output (`rates` = counts / 30): cross-entropy of
 * the decoder, plus the ramped KC-sparsity and energy terms; `out` receives the CE value and the
 * number of correct training-mode predictions.
 */
function batchLoss(
  tf: Tf,
  circuit: SpikingCircuit,
  forms: LossForms,
  all4: tfType.Tensor2D,
  W: tfType.Tensor2D,
  b: tfType.Tensor,
  labels: tfType.Tensor1D,
  batch: TrainBatch,
  out: { ce: number; correct: number },
): tfType.Scalar {
  const B = batch.labels.length;
  const nKc = circuit.sizes.kc;
  const nClasses = b.shape[0]!;
  const { sparsity, energy, allCounts } = forms;
  const wSp = sparsity ? sparsity.weight * Math.min(1, batch.epoch / sparsity.rampEpochs) : 0;
  const wE = energy ? energy.weight * Math.min(1, batch.epoch / energy.rampEpochs) : 0;
  const rates = allCounts ? (tf.slice(all4, [0, 0], [B, nKc]) as tfType.Tensor2D) : all4;
  const logits = tf.add(tf.matMul(rates, W), b) as tfType.Tensor2D;
  const ceT = tf.losses.softmaxCrossEntropy(tf.oneHot(labels, nClasses), logits) as tfType.Scalar;
  const pred = tf.argMax(logits, 1).dataSync();
  for (let i = 0; i < B; i++) if (pred[i] === batch.labels[i]) out.correct++;
  out.ce = ceT.dataSync()[0]!;
  let lossT: tfType.Scalar = ceT;
  if (sparsity && wSp !== 0) {
    const active = tf.mean(tf.sigmoid(tf.mul(tf.sub(rates, sparsity.offset), sparsity.slope)));
    lossT = tf.add(lossT, tf.mul(wSp, tf.square(tf.sub(active, sparsity.target)))) as tfType.Scalar;
  }
  if (energy && wE !== 0) {
    let e: tfType.Tensor = tf.mean(rates);
    if (allCounts) {
      const { orn: nOrn, ln: nLn, pn: nPn } = circuit.sizes;
      const group = (off: number, n: number) => tf.mean(tf.slice(all4, [0, off], [B, n]));
      e = tf.div(tf.addN([group(nKc, nOrn), group(nKc + nOrn, nLn), group(nKc + nOrn + nLn, nPn), e]), 4);
    }
    lossT = tf.add(lossT, tf.mul(wE, e)) as tfType.Scalar;
  }
  return lossT;
}

/** The trainer's starting point: parameters, decoder (row-major classes × n_KC) and optionally Adam state. */
type TrainerInit = { params: StudentParameters; decoderWeight: Float32Array; decoderBias: Float32Array; optimizer?: OptimizerState };

/**
 * Build a trainer (spec §3.4): soft spikes and BPTT through all 30 steps (the fused engine as a
 * `tf.customGrad` op on the flat 449-vector), decoder on KC rates, cross-entropy + ramped
 * KC-sparsity loss, global gradient-norm clipping, Adam with one learning rate per tensor
 * (PyTorch semantics: β = (0.9, 0.999), ε = 1e−8 added to √v̂), then projection to the bounds.
 *
 * @param init.decoderWeight row-major classes × n_KC weight and bias (the teacher's, §3.3)
 */
export function createStudentTrainer(tf: Tf, circuit: SpikingCircuit, init: TrainerInit, options: StudentTrainerOptions = {}): StudentTrainer {
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
  const rates = parameterRates(layout, nParams, options, baseLr);
  const energy = options.energy ?? null;
  if (energy !== null && !(Number.isFinite(energy.weight) && energy.weight >= 0 && energy.rampEpochs > 0 && (energy.population === 'all' || energy.population === 'kc'))) {
    throw new InvalidParameterError({ parameter: 'energy', value: energy, expected: "{ weight ≥ 0, population: 'all' | 'kc', rampEpochs > 0 }" });
  }
  // the all-neuron energy reads the ORN, LN and PN counts too: the circuit op then returns all four
  const forms: LossForms = { sparsity, energy, allCounts: energy !== null && energy.population === 'all' };
  const state = flatAdamState(tf, init, nKc, baseLr, rates);
  const { all, m, v } = state;
  let t = init.optimizer?.step ?? 0;
  const split = (x: tfType.Tensor1D) => ({
    theta: tf.slice(x, [0], [nParams]),
    W: tf.reshape(tf.slice(x, [nParams], [nKc * nClasses]), [nKc, nClasses]) as tfType.Tensor2D,
    b: tf.slice(x, [nParams + nKc * nClasses], [nClasses]),
  });
  const engines = new Map<number, CircuitEngine>();
  const engineFor = (batch: number) => {
    let e = engines.get(batch);
    if (!e) engines.set(batch, (e = createCircuitEngine(circuit, batch, { noiseWorker: options.noiseWorker === true })));
    return e;
  };
  const current = () => createStudentParameters(layout, all.dataSync().subarray(0, nParams));

  function step(batch: TrainBatch): TrainStepResult {
    const noise = options.circuitNoise === false ? null : { rng: batch.rng, sampleIds: batch.sampleIds, stream: batch.stream };
    const next = batch.next;
    const afterForward = () => {
      if (next && options.noiseWorker && noise !== null) engineFor(next.sampleIds.length).prefetchNoise({ rng: batch.rng, sampleIds: next.sampleIds, stream: next.stream });
    };
    // the spiking core as one op: forward + BPTT by the fused kernels
    const op = circuitOp(tf, circuit, {
      engine: engineFor(batch.labels.length),
      params: current(),
      receptors: batch.receptors,
      noise,
      disableDepression: options.disableDepression ?? options.disableStd,
      allCounts: forms.allCounts,
      afterForward,
    });
    const out = { ce: 0, correct: 0 };
    let total = 0;
    let gradNorm = 0;
    tf.tidy(() => {
      const labels = tf.tensor1d(batch.labels, 'int32');
      const { value, grads } = tf.variableGrads(() => {
        const { theta, W, b } = split(all);
        return batchLoss(tf, circuit, forms, tf.div(op(theta), STEPS) as tfType.Tensor2D, W, b, labels, batch, out);
      }, [all]);
      total = value.dataSync()[0]!;
      gradNorm = adamStep(tf, state, grads[all.name]! as tfType.Tensor1D, t + 1, clipNorm);
      t++;
    });
    return { loss: total, crossEntropy: out.ce, correct: out.correct, gradNorm };
  }

  return {
    step,
    parameters: current,
    decoder() {
      const flat = all.dataSync();
      const wt = flat.subarray(nParams, nParams + nKc * nClasses);
      const weight = new Float32Array(nClasses * nKc);
      for (let c = 0; c < nClasses; c++) for (let k = 0; k < nKc; k++) weight[c * nKc + k] = wt[k * nClasses + c]!;
      return { weight, bias: Float32Array.from(flat.subarray(nParams + nKc * nClasses)) };
    },
    optimizerState() {
      return { step: t, m: Array.from(m.dataSync()), v: Array.from(v.dataSync()) };
    },
    dispose() {
      for (const e of engines.values()) e.dispose();
      for (const x of [all, m, v, state.lrTheta, state.lo, state.hi]) x.dispose();
    },
  };
}
