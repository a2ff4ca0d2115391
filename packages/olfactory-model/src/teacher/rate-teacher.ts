import type * as tfType from '@tensorflow/tfjs';
import type { OlfactoryCircuit } from '@olfactory/connectome-data';
import type { CsrMatrix } from '@olfactory/neurons';
import { createRng, csrMax, csrToDense } from '@olfactory/neurons';
import { NOISE_SOURCE, NOISE_STREAM } from '../data/noise-streams';

type Tf = typeof tfType;

/** Learnable tensors of the rate teacher (4,304 scalars for the canonical circuit). */
export interface RateTeacherVariables {
  /** Raw OR gains (softplus), 21; init 1.0. */
  readonly orGains: tfType.Variable;
  /** Raw pathway strengths θ (softplus), init 0.1: ORN→LN, ORN→PN, LN→PN, PN→KC, KC→APL, APL→KC. */
  readonly strengths: Readonly<Record<TeacherPathway, tfType.Variable>>;
  /** Per-PN threshold, 72; init 0. */
  readonly pnThreshold: tfType.Variable;
  /** Per-KC threshold, 144; init 0. */
  readonly kcThreshold: tfType.Variable;
  /** Raw APL gain (softplus); init 1.0. */
  readonly aplGain: tfType.Variable;
  /** Decoder weight, 144 × 28 (stored input-major for matMul); PyTorch default init U(±1/√144). */
  readonly decoderWeight: tfType.Variable;
  /** Decoder bias, 28. */
  readonly decoderBias: tfType.Variable;
}

export const TEACHER_PATHWAYS = ['orn_ln', 'orn_pn', 'ln_pn', 'pn_kc', 'kc_apl', 'apl_kc'] as const;
export type TeacherPathway = (typeof TEACHER_PATHWAYS)[number];

/** The rate-based teacher of spec §3.2: constants (connectome) + variables. */
export interface RateTeacher {
  readonly tf: Tf;
  readonly variables: RateTeacherVariables;
  /** Signed normalized connectivity `σ · norm ⊙ mask` per pathway (dense constants). */
  readonly connectivity: Readonly<Record<TeacherPathway, tfType.Tensor2D>>;
  /** OR → ORN map `M`, 21 × 42. */
  readonly orToOrn: tfType.Tensor2D;
  readonly nClasses: number;
  dispose(): void;
}

const SIGNS: Record<TeacherPathway, 1 | -1> = { orn_ln: 1, orn_pn: 1, ln_pn: -1, pn_kc: 1, kc_apl: 1, apl_kc: -1 };
const MATRIX: Record<TeacherPathway, keyof OlfactoryCircuit['matrices']> = {
  orn_ln: 'orn_to_ln',
  orn_pn: 'orn_to_pn',
  ln_pn: 'ln_to_pn',
  pn_kc: 'pn_to_kc',
  kc_apl: 'kc_to_apl',
  apl_kc: 'apl_to_kc',
};

/**
 * Build the rate teacher on a circuit (the AD matrices ORN→LN, ORN→PN, LN→PN, PN→KC, KC→APL,
 * APL→KC; all LNs inhibitory; no gap junctions or non-AD pathways). Decoder weights are drawn
 * from the counter-based generator keyed by `seed`.
 */
export function createRateTeacher(tf: Tf, circuit: OlfactoryCircuit, options: { seed: number; nClasses?: number; nReceptors?: number }): RateTeacher {
  const nClasses = options.nClasses ?? 28;
  const nReceptors = options.nReceptors ?? 21;
  const nKc = circuit.neurons.kc.length;
  const dense = (m: CsrMatrix, sign: number): tfType.Tensor2D => {
    const max = csrMax(m);
    const d = csrToDense(m);
    if (max > 0) for (let i = 0; i < d.length; i++) d[i] = (sign * d[i]!) / max;
    return tf.tensor2d(d, [m.nRows, m.nCols]);
  };
  const connectivity = Object.fromEntries(TEACHER_PATHWAYS.map((p) => [p, dense(circuit.matrices[MATRIX[p]], SIGNS[p])])) as Record<TeacherPathway, tfType.Tensor2D>;
  const bound = 1 / Math.sqrt(nKc);
  const w = new Float32Array(nKc * nClasses);
  const b = new Float32Array(nClasses);
  const block = createRng(options.seed).block(0, 0, NOISE_SOURCE.DECODER_INIT, NOISE_STREAM.INIT);
  // PyTorch nn.Linear default: weight and bias ~ U(−1/√fan_in, 1/√fan_in). Stored as W[in, out].
  for (let o = 0; o < nClasses; o++) for (let i = 0; i < nKc; i++) w[i * nClasses + o] = (2 * block.nextUniform() - 1) * bound;
  for (let o = 0; o < nClasses; o++) b[o] = (2 * block.nextUniform() - 1) * bound;
  const variables: RateTeacherVariables = {
    orGains: tf.variable(tf.fill([nReceptors], 1.0), true, 'teacher.orGains'),
    strengths: Object.fromEntries(TEACHER_PATHWAYS.map((p) => [p, tf.variable(tf.scalar(0.1), true, `teacher.strength.${p}`)])) as Record<TeacherPathway, tfType.Variable>,
    pnThreshold: tf.variable(tf.zeros([circuit.neurons.pn.length]), true, 'teacher.pnThreshold'),
    kcThreshold: tf.variable(tf.zeros([nKc]), true, 'teacher.kcThreshold'),
    aplGain: tf.variable(tf.scalar(1.0), true, 'teacher.aplGain'),
    decoderWeight: tf.variable(tf.tensor2d(w, [nKc, nClasses]), true, 'teacher.decoderWeight'),
    decoderBias: tf.variable(tf.tensor1d(b), true, 'teacher.decoderBias'),
  };
  const orToOrn = tf.tensor2d(circuit.orToOrn, [nReceptors, circuit.neurons.orn.length]);
  return {
    tf,
    variables,
    connectivity,
    orToOrn,
    nClasses,
    dispose() {
      for (const t of Object.values(connectivity)) t.dispose();
      orToOrn.dispose();
      for (const v of Object.values(variables)) {
        if (v instanceof tf.Variable) v.dispose();
        else for (const s of Object.values(v as Record<string, tfType.Variable>)) s.dispose();
      }
    },
  };
}

/** Every trainable variable of the teacher, in a fixed order. */
export function teacherVariableList(t: RateTeacher): tfType.Variable[] {
  const v = t.variables;
  return [v.orGains, ...TEACHER_PATHWAYS.map((p) => v.strengths[p]), v.pnThreshold, v.kcThreshold, v.aplGain, v.decoderWeight, v.decoderBias];
}

/**
 * Forward pass (spec §3.2), batch-major:
 *
 *   orn = (r ⊙ softplus(g)) · M
 *   ln  = relu(orn · W_ORN→LN)
 *   pn  = relu(orn · W_ORN→PN + ln · W_LN→PN − θ_PN)           (W_LN→PN ≤ 0)
 *   e = pn · W_PN→KC;  a = e;  3 × { k = relu(a − θ_KC); apl = relu(k · W_KC→APL)·softplus(γ); a = e + apl · W_APL→KC }
 *   k = relu(a − θ_KC);  logits = k · W_dec + b
 *
 * with W_P = softplus(θ_P) · σ_P · norm_P ⊙ mask_P.
 */
export function teacherForward(t: RateTeacher, inputs: tfType.Tensor2D): { logits: tfType.Tensor2D; kc: tfType.Tensor2D } {
  const { tf, variables: v, connectivity: c } = t;
  const W = (p: TeacherPathway): tfType.Tensor2D => tf.mul(tf.softplus(v.strengths[p]), c[p]) as tfType.Tensor2D;
  const orn = tf.matMul(tf.mul(inputs, tf.softplus(v.orGains)), t.orToOrn);
  const ln = tf.relu(tf.matMul(orn, W('orn_ln')));
  const pn = tf.relu(tf.sub(tf.add(tf.matMul(orn, W('orn_pn')), tf.matMul(ln, W('ln_pn'))), v.pnThreshold));
  const e = tf.matMul(pn as tfType.Tensor2D, W('pn_kc'));
  const wKa = W('kc_apl');
  const wAk = W('apl_kc');
  const gain = tf.softplus(v.aplGain);
  let a = e as tfType.Tensor2D;
  for (let i = 0; i < 3; i++) {
    const k = tf.relu(tf.sub(a, v.kcThreshold));
    const apl = tf.mul(tf.relu(tf.matMul(tf.relu(k), wKa)), gain);
    a = tf.add(e, tf.matMul(apl as tfType.Tensor2D, wAk)) as tfType.Tensor2D;
  }
  const kc = tf.relu(tf.sub(a, v.kcThreshold)) as tfType.Tensor2D;
  const logits = tf.add(tf.matMul(kc, v.decoderWeight), v.decoderBias) as tfType.Tensor2D;
  return { logits, kc };
}

/**
 * Teacher loss: `CE(logits, y) + 2 · (mean(sigmoid(10·k)) − 0.10)²` (spec §3.2; the sparsity
 * term can never reach its target because k ≥ 0 — reproduced as written, see spec §8 note 10).
 */
export function teacherLoss(t: RateTeacher, inputs: tfType.Tensor2D, labels: tfType.Tensor1D): tfType.Scalar {
  const { tf } = t;
  const { logits, kc } = teacherForward(t, inputs);
  const ce = tf.losses.softmaxCrossEntropy(tf.oneHot(labels, t.nClasses), logits);
  const activity = tf.mean(tf.sigmoid(tf.mul(kc, 10)));
  return tf.add(ce, tf.mul(2, tf.square(tf.sub(activity, 0.1)))) as tfType.Scalar;
}
