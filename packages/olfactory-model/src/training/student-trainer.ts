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
  /** Train with the no-STD synapse everywhere. */
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

/**
 * Build a trainer (spec §3.4): soft spikes and BPTT through all 30 steps (the fused engine as a
 * `tf.customGrad` op on the flat 449-vector), decoder on KC rates, cross-entropy + ramped
 * KC-sparsity loss, global gradient-norm clipping, Adam with one learning rate per tensor
 * (PyTorch semantics: β = (0.9, 0.999), ε = 1e−8 added to √v̂), then projection to the bounds.
 *
 * @param decoder row-major classes × n_KC weight and bias (the teacher's, §3.3)
 */
// eslint-disable-next-line max-lines-per-function -- the trainer closure (one optimizer step with its loss forms), to be split with the engine (issue 11 §2)
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
  const lrMult = options.lrMultipliers ?? {};
  for (const [k, x] of Object.entries(lrMult)) {
    if (!layout.some((p) => p.name === k)) throw new InvalidParameterError({ parameter: 'lrMultipliers', value: k, expected: 'a parameter tensor name of the layout' });
    if (!(Number.isFinite(x) && x >= 0)) throw new InvalidParameterError({ parameter: `lrMultipliers['${k}']`, value: x, expected: 'a finite number ≥ 0' });
  }
  const energy = options.energy ?? null;
  if (energy !== null && !(Number.isFinite(energy.weight) && energy.weight >= 0 && energy.rampEpochs > 0 && (energy.population === 'all' || energy.population === 'kc'))) {
    throw new InvalidParameterError({ parameter: 'energy', value: energy, expected: "{ weight ≥ 0, population: 'all' | 'kc', rampEpochs > 0 }" });
  }
  // the all-neuron energy reads the ORN, LN and PN counts too: the circuit op then returns all four
  const allCounts = energy !== null && energy.population === 'all';

  // per-element learning rates and bounds of the flat vector
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
  // the decoder is stored input-major (n_KC × classes) for matMul
  const wT = new Float32Array(nKc * nClasses);
  for (let c = 0; c < nClasses; c++) for (let k = 0; k < nKc; k++) wT[k * nClasses + c] = init.decoderWeight[c * nKc + k]!;
  // ONE flat variable [θ (449) | W (n_KC × classes) | b] with its Adam moments, so the optimizer
  // is a dozen element-wise ops instead of three dozen; the model reads θ, W and b as slices
  const sizes = [nParams, nKc * nClasses, nClasses];
  const nAll = nParams + nKc * nClasses + nClasses;
  const flatInit = new Float32Array(nAll);
  flatInit.set(Float32Array.from(init.params.values), 0);
  flatInit.set(wT, nParams);
  flatInit.set(init.decoderBias, nParams + nKc * nClasses);
  // created inside tidy so that the initial-value tensors are released (variables survive tidy)
  const all = tf.tidy(() => tf.variable(tf.tensor1d(flatInit), true));
  const loT = tf.tensor1d(Float32Array.from({ length: nAll }, (_, i) => (i < nParams ? lo[i]! : -Infinity)));
  const hiT = tf.tensor1d(Float32Array.from({ length: nAll }, (_, i) => (i < nParams ? hi[i]! : Infinity)));
  const lrT = tf.tensor1d(lr);
  const BETA1 = 0.9;
  const BETA2 = 0.999;
  const EPS = 1e-8;
  let t = init.optimizer?.step ?? 0;
  const moment = (arr: readonly number[] | undefined) => tf.tidy(() => tf.variable(tf.tensor1d(arr ? Float32Array.from(arr.slice(0, nAll)) : new Float32Array(nAll)), false));
  const m = moment(init.optimizer?.m);
  const v = moment(init.optimizer?.v);
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
    const B = batch.labels.length;
    const engine = engineFor(B);
    const params = current();
    // the spiking core as one op: forward + BPTT by the fused kernels
    const circuitOp = tf.customGrad(((x: tfType.Tensor, save: tfType.GradSaveFunc) => {
      const noise = options.circuitNoise === false ? null : { rng: batch.rng, sampleIds: batch.sampleIds, stream: batch.stream };
      const counts = engine.forward(params, batch.receptors, { mode: 'soft', noise, record: true, disableDepression: options.disableStd });
      if (batch.next && options.noiseWorker && noise !== null) engineFor(batch.next.sampleIds.length).prefetchNoise({ rng: batch.rng, sampleIds: batch.next.sampleIds, stream: batch.next.stream });
      save([x]);
      if (allCounts) {
        // [KC | ORN | LN | PN] per sample; the gradient is split back into the four groups
        const { orn: nOrn, ln: nLn, pn: nPn } = circuit.sizes;
        const width = nKc + nOrn + nLn + nPn;
        const out = new Float32Array(B * width);
        for (let b = 0; b < B; b++) {
          out.set(counts.kc.subarray(b * nKc, (b + 1) * nKc), b * width);
          out.set(counts.orn.subarray(b * nOrn, (b + 1) * nOrn), b * width + nKc);
          out.set(counts.ln.subarray(b * nLn, (b + 1) * nLn), b * width + nKc + nOrn);
          out.set(counts.pn.subarray(b * nPn, (b + 1) * nPn), b * width + nKc + nOrn + nLn);
        }
        return {
          value: tf.tensor2d(out, [B, width]),
          gradFunc: (dy: tfType.Tensor) => {
            const d = dy.dataSync();
            const part = (n: number, off: number) => {
              const r = new Float32Array(B * n);
              for (let b = 0; b < B; b++) r.set(d.subarray(b * width + off, b * width + off + n), b * n);
              return r;
            };
            return [tf.tensor1d(Float32Array.from(engine.backward(part(nKc, 0), { orn: part(nOrn, nKc), ln: part(nLn, nKc + nOrn), pn: part(nPn, nKc + nOrn + nLn) })))];
          },
        };
      }
      return {
        value: tf.tensor2d(Float32Array.from(counts.kc), [B, nKc]),
        gradFunc: (dy: tfType.Tensor) => [tf.tensor1d(Float32Array.from(engine.backward(dy.dataSync())))],
      };
    }) as unknown as Parameters<Tf['customGrad']>[0]);
    const wSp = sparsity ? sparsity.weight * Math.min(1, batch.epoch / sparsity.rampEpochs) : 0;
    const wE = energy ? energy.weight * Math.min(1, batch.epoch / energy.rampEpochs) : 0;
    let ce = 0;
    let total = 0;
    let correct = 0;
    let gradNorm = 0;
    tf.tidy(() => {
      const labels = tf.tensor1d(batch.labels, 'int32');
      const { value, grads } = tf.variableGrads(() => {
        const { theta, W, b } = split(all);
        const all4 = tf.div(circuitOp(theta) as tfType.Tensor2D, STEPS) as tfType.Tensor2D;
        const rates = allCounts ? (tf.slice(all4, [0, 0], [B, nKc]) as tfType.Tensor2D) : all4;
        const logits = tf.add(tf.matMul(rates, W), b) as tfType.Tensor2D;
        const ceT = tf.losses.softmaxCrossEntropy(tf.oneHot(labels, nClasses), logits) as tfType.Scalar;
        const pred = tf.argMax(logits, 1).dataSync();
        for (let i = 0; i < B; i++) if (pred[i] === batch.labels[i]) correct++;
        ce = ceT.dataSync()[0]!;
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
      }, [all]);
      total = value.dataSync()[0]!;
      const g = grads[all.name]! as tfType.Tensor1D;
      // global norm clip (torch.nn.utils.clip_grad_norm_: coef = max/(norm + 1e−6), capped at 1),
      // the squares summed per tensor (θ, W, b) in float32 and the three sums in float64
      const sq = tf.square(g);
      const parts = tf.stack([tf.sum(tf.slice(sq, [0], [sizes[0]!])), tf.sum(tf.slice(sq, [sizes[0]!], [sizes[1]!])), tf.sum(tf.slice(sq, [sizes[0]! + sizes[1]!], [sizes[2]!]))]).dataSync();
      const norm = Math.sqrt(parts[0]! + parts[1]! + parts[2]!);
      gradNorm = norm;
      if (!Number.isFinite(norm)) {
        throw new InvalidParameterError({ parameter: 'gradient norm', value: norm, expected: 'a finite number', fix: 'Training diverged (NaN/Inf gradient); lower the learning rate or check the parameters.' });
      }
      const coef = Math.min(1, clipNorm / (norm + 1e-6));
      t++;
      const bc1 = 1 - BETA1 ** t;
      const bc2 = 1 - BETA2 ** t;
      const gi = tf.mul(g, coef);
      m.assign(tf.add(tf.mul(m, BETA1), tf.mul(gi, 1 - BETA1)));
      v.assign(tf.add(tf.mul(v, BETA2), tf.mul(tf.square(gi), 1 - BETA2)));
      const denom = tf.add(tf.div(tf.sqrt(v), Math.sqrt(bc2)), EPS);
      const stepT = tf.div(m, denom);
      // per-element rates: lr_θ/bc1 in float32 for θ, the float32 scalar baseLr/bc1 for the decoder
      const rate = tf.concat([tf.div(lrT, bc1), tf.fill([nAll - nParams], baseLr / bc1)]);
      // projection to the bounds (§3.4); the decoder's are ±∞
      all.assign(tf.minimum(tf.maximum(tf.sub(all, tf.mul(stepT, rate)), loT), hiT));
    });
    return { loss: total, crossEntropy: ce, correct, gradNorm };
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
      for (const x of [all, m, v, lrT, loT, hiT]) x.dispose();
    },
  };
}
