import type * as tfType from '@tensorflow/tfjs';
import { NA_PER_NS_MV, V_PER_MV, csrToDense } from '@olfactory/neurons';
import type { CsrMatrix } from '@olfactory/neurons';
import { DT_MS, STEPS } from '@olfactory/model';
import type { SpikingCircuit, StudentParameters } from '@olfactory/model';

type Tf = typeof tfType;
type T2 = tfType.Tensor2D;
type T1 = tfType.Tensor1D;
type Scalar = tfType.Scalar;

/**
 * The student circuit (spec §2.4–§2.11, soft spikes) written directly in TF.js ops with dense
 * connectivity matrices (`tf.matMul`), so that `tf.grad` / `tf.variableGrads` differentiate it
 * by autodiff: an independent formulation that checks the fused engine's hand-derived BPTT
 * (and a baseline for its speed). It is written from the spec, not from the engine's kernels;
 * it shares only the circuit's fixed structure, the SI parameter layout and the noise contract
 * of `fillCircuitNoise` (segment-major step buffers).
 *
 * Units inside: mV, nA, nS, MΩ, ms (the SI parameters are converted in the graph, so gradients
 * are w.r.t. the SI values; log-parameters as exp(θ)·10ⁿ rather than exp(θ + n·ln 10), which in
 * float32 would cost |θ|·2⁻²⁴ of relative precision). Spikes are the graded sigmoid σ(u / 1 mV) (training mode);
 * selections are `tf.where` / `tf.maximum` / `tf.minimum` / `tf.relu` / `tf.clipByValue`, whose
 * gradients pass through the selected branch like the reference's torch ops:
 *
 *   reset and refractory trigger: fired = s > 0.5 (the float32 spike, as the engine compares);
 *   refractory pin: ρ' = max(ρ − dt, 0), canFire = ρ' ≤ 0, V4 = canFire ? V3 : V_reset,
 *   s = canFire ? σ(u) : 0 (no gradient through either condition).
 */
export interface TfjsCircuit {
  readonly tf: Tf;
  readonly circuit: SpikingCircuit;
  /** Per chemical pathway: norm ⊙ mask (n_pre × n_post, unsigned), in `circuit.pathways` order. */
  readonly pathwayWeights: readonly T2[];
  readonly receptorMap: T2;
  readonly gap: { readonly lnLn: T2; readonly lnLnDegree: T1; readonly pnPn: T2; readonly pnPnDegree: T1; readonly elnPn: T2; readonly elnPnRowSum: T1; readonly elnPnColSum: T1 };
  readonly apl: { readonly kcToApl: T2; readonly kcDendriteToApl: T2; readonly aplToKc: T2 };
  readonly dd: T2;
  readonly da: T2;
  dispose(): void;
}

/** Options of {@link tfjsCircuitForward} (the forward switches of spec §2.15). */
export interface TfjsCircuitOptions {
  /** Optogenetic APL activation added to the APL state each step. Default 0. */
  readonly aplInject?: number;
  /** Constant current into every KC dendrite before the division, nA. Default 0. */
  readonly kcInjectNa?: number;
  /** Skip the divisive APL inhibition. */
  readonly disableApl?: boolean;
  /** Use the no-STD synapse (J = s·W, no factor U) for every pathway. */
  readonly disableStd?: boolean;
  /**
   * Take the reset decisions (s > 0.5, `batch × n`, 1 = fired) from here instead of comparing
   * this graph's own spikes — e.g. `engine.firedMask` — so that two float32 implementations
   * follow the same branches where a soft spike lies within rounding of 0.5.
   */
  readonly firedMask?: (t: number, group: 'orn' | 'ln' | 'pn' | 'kc') => ArrayLike<number>;
  /** Called with this graph's own reset decisions of each step and population (for comparisons). */
  readonly onFired?: (t: number, group: 'orn' | 'ln' | 'pn' | 'kc', mask: Uint8Array) => void;
}

/** Spike counts over the 30 steps (sums of soft spikes), `batch × n`. */
export interface TfjsCircuitCounts {
  readonly orn: T2;
  readonly ln: T2;
  readonly pn: T2;
  readonly kc: T2;
}

// fixed constants of spec §2.1, in mV, MΩ, ms
const V_REST = -60;
const V_RESET = -60;
const V_MIN = -80;
const R_M = 1000;
const TAU_REF = 2;
const TAU_KC = 20;
const TAU_SYN = 5;
const GRADED_CAP_MV = 30;
const KENYON_DET_EPS = 1e-14;

/** Upload the circuit's fixed structure as dense float32 constants. */
export function createTfjsCircuit(tf: Tf, circuit: SpikingCircuit): TfjsCircuit {
  const dense = (m: CsrMatrix): T2 => tf.tensor2d(csrToDense(m), [m.nRows, m.nCols]);
  const pathwayWeights = circuit.pathways.map((p) => dense(p.depressing.weights)); // norm = counts / max (the pathway's weights)
  const g = circuit.gap;
  // APL matrices are stored transposed (APL rows) in the circuit: W_KA = (kcToAplT)ᵀ
  const apl = {
    kcToApl: tf.transpose(dense(circuit.apl.kcToAplT)) as T2,
    kcDendriteToApl: tf.transpose(dense(circuit.apl.kcDendriteToAplT)) as T2,
    aplToKc: dense(circuit.apl.aplToKc),
  };
  const out: TfjsCircuit = {
    tf,
    circuit,
    pathwayWeights,
    receptorMap: dense(circuit.receptors.map),
    gap: {
      lnLn: dense(g.lnLn.mask),
      lnLnDegree: tf.tensor1d(Float32Array.from(g.lnLn.rowSums)),
      pnPn: dense(g.pnPn.mask),
      pnPnDegree: tf.tensor1d(Float32Array.from(g.pnPn.rowSums)),
      elnPn: dense(g.elnPn.mask),
      elnPnRowSum: tf.tensor1d(Float32Array.from(g.elnPn.rowSums)),
      elnPnColSum: tf.tensor1d(Float32Array.from(g.elnPn.colSums)),
    },
    apl,
    dd: dense(circuit.dd.weights),
    da: dense(circuit.da.weights),
    dispose() {
      const all: tfType.Tensor[] = [...pathwayWeights, out.receptorMap, ...Object.values(out.gap), apl.kcToApl, apl.kcDendriteToApl, apl.aplToKc, out.dd, out.da];
      for (const t of all) t.dispose();
    },
  };
  return out;
}

/**
 * Simulate `receptors` (`batch × n_receptors`) for 30 steps from fresh state with parameters
 * `theta` (the 449 SI scalars of `params.layout`, a float32 tensor — typically a `tf.Variable`
 * or the argument of `tf.grad`) and the per-step circuit noise `noise[t]` (`fillCircuitNoise`
 * buffers, segment-major, batch `B`), or `null` for the noiseless circuit. Returns the counts;
 * differentiable w.r.t. `theta` (and `receptors`). Call inside `tf.tidy` / `tf.grad`.
 *
 * @example
 *   const g = tf.grad((th) => tf.sum(tf.mul(w, tfjsCircuitForward(model, params, th, x, noise).kc)))(theta);
 */
// eslint-disable-next-line max-lines-per-function -- the TF.js oracle, which moves to test support (issue 11 §2)
export function tfjsCircuitForward(
  model: TfjsCircuit,
  params: StudentParameters,
  theta: T1,
  receptors: T2,
  noise: readonly (Float32Array | Float64Array)[] | null,
  options: TfjsCircuitOptions = {},
): TfjsCircuitCounts {
  const { tf, circuit } = model;
  const s = circuit.sizes;
  const B = receptors.shape[0];
  const o = params.offsets;
  const sl = (name: string, size: number): T1 => tf.slice(theta, [o[name]!], [size]);
  const sc = (name: string): Scalar => tf.reshape(tf.slice(theta, [o[name]!], [1]), []) as Scalar;
  const dt = DT_MS;
  const disableStd = options.disableStd === true;

  // ---- parameters in kernel units
  const lif = (g: 'orn' | 'ln' | 'pn') => {
    const tauMs = tf.mul(tf.exp(sc(`${g}.logTauM`)), 1e3);
    const x = tf.div(-dt, tauMs);
    return { decay: tf.exp(x) as Scalar, oneMinusDecay: tf.neg(tf.expm1(x)) as Scalar, vth: tf.mul(sl(`${g}.vTh`, s[g]), 1e3) as T1 };
  };
  const P = { orn: lif('orn'), ln: lif('ln'), pn: lif('pn') };
  const kcVth = tf.mul(sl('kc.vTh', s.kc), 1e3) as T1;
  const synapses = circuit.pathways.map((p) => {
    const n = `pathway.${p.spec.name}`;
    return {
      scale: tf.mul(p.depressing.sign * 1e9, tf.exp(sc(`${n}.logStrength`))) as Scalar,
      recovery: tf.exp(tf.div(-dt, tf.mul(tf.exp(sc(`${n}.logTauRec`)), 1e3))) as Scalar,
      release: tf.sigmoid(sc(`${n}.logitU`)) as Scalar,
    };
  });
  const alphaSyn = Math.exp(-dt / TAU_SYN);
  const gapG = (name: string) => tf.mul(NA_PER_NS_MV * 1e9, tf.exp(sc(name))) as Scalar;
  const gLL = gapG('gap.lnLn.logG');
  const gPP = gapG('gap.pnPn.logG');
  const gEP = gapG('gap.elnPn.logG');
  const aplStrength = tf.exp(sc('apl.kcAplLogStrength'));
  const aplDend = tf.mul(tf.softplus(sc('apl.kcDendGain')), V_PER_MV);
  const aplGain = tf.softplus(sc('apl.gain'));
  const aplBeta = tf.exp(tf.div(-dt, tf.mul(tf.exp(sc('apl.logTau')), 1e3))) as Scalar;
  const ddGain = tf.mul(NA_PER_NS_MV, tf.softplus(sc('kcKc.ddGain')));
  const daGain = tf.mul(NA_PER_NS_MV, tf.softplus(sc('kcKc.daGain')));
  // two-compartment propagator (spec §2.9), in ms: γ = g_soma·R/τ (nS·MΩ = 1e−3 ms·…)
  const gamma = tf.mul((1e-3 * R_M * 1e9) / TAU_KC, tf.exp(sc('kc.logGSoma'))) as Scalar;
  const e1 = Math.exp(-dt / TAU_KC);
  const e2 = tf.exp(tf.mul(-dt, tf.add(1 / TAU_KC, tf.mul(2, gamma))));
  const m11 = tf.div(tf.add(e1, e2), 2) as Scalar;
  const m12 = tf.div(tf.sub(e1, e2), 2) as Scalar;
  const pp = tf.neg(tf.add(1 / TAU_KC, gamma));
  const det = tf.add(tf.sub(tf.square(pp), tf.square(gamma)), KENYON_DET_EPS);
  const k11 = tf.div(tf.sub(tf.mul(pp, tf.sub(m11, 1)), tf.mul(gamma, m12)), det) as Scalar;
  const k12 = tf.div(tf.sub(tf.mul(pp, m12), tf.mul(gamma, tf.sub(m11, 1))), det) as Scalar;

  // ---- OR → ORN drive (spec §2.6), nA
  const orGain = tf.mul(tf.exp(sc('or.logCurrentGain')), 1e9);
  const iOr = tf.mul(tf.matMul(tf.mul(receptors, tf.softplus(sl('or.gains', s.receptors))), model.receptorMap), orGain) as T2;

  // ---- noise segments of step t (constants)
  const seg = circuit.noise.index;
  const noiseOf = (t: number, name: string): T2 | null => {
    if (noise === null) return null;
    const g = seg[name]!;
    return tf.tensor2d(Float32Array.from(noise[t]!.subarray(g.offset * B, (g.offset + g.size) * B)), [B, g.size], 'float32');
  };

  // ---- state (spec §2.2)
  const full = (n: number, v: number): T2 => tf.fill([B, n], v) as T2;
  let V = { orn: full(s.orn, V_REST), ln: full(s.ln, V_REST), pn: full(s.pn, V_REST) };
  let rho = { orn: full(s.orn, 0), ln: full(s.ln, 0), pn: full(s.pn, 0) };
  let S = { orn: full(s.orn, 0), ln: full(s.ln, 0), pn: full(s.pn, 0) };
  let vd = full(s.kc, V_REST);
  let va = full(s.kc, V_REST);
  let rhoKc = full(s.kc, 0);
  let sKc = full(s.kc, 0);
  let A = full(s.apl, 0);
  let I = circuit.pathways.map((p) => full(p.depressing.nPost, 0));
  let X = circuit.pathways.map((p) => full(p.depressing.nPre, 1));
  let C = { orn: full(s.orn, 0), ln: full(s.ln, 0), pn: full(s.pn, 0), kc: full(s.kc, 0) };
  const zeros = { orn: full(s.orn, 0), ln: full(s.ln, 0), pn: full(s.pn, 0), kc: full(s.kc, 0) };

  /** One chemical pathway step (spec §2.5); returns the new current. */
  const synapse = (k: number, pre: T2, t: number): T2 => {
    const p = synapses[k]!;
    const W = model.pathwayWeights[k]!;
    const xi = noiseOf(t, `release.${circuit.pathways[k]!.spec.name}`);
    let J: T2;
    if (disableStd) {
      J = tf.mul(tf.matMul(pre, W), p.scale) as T2;
    } else {
      const x1 = tf.sub(1, tf.mul(tf.sub(1, X[k]!), p.recovery)) as T2;
      J = tf.mul(tf.matMul(tf.mul(tf.mul(pre, p.release), x1), W), p.scale) as T2;
      X[k] = tf.mul(x1, tf.sub(1, tf.mul(p.release, tf.clipByValue(pre, 0, 1)))) as T2;
    }
    if (xi !== null) J = tf.mul(J, tf.add(1, xi)) as T2;
    I[k] = tf.add(tf.mul(I[k]!, alphaSyn), J) as T2;
    return I[k]!;
  };
  /**
   * Spike, reset and refractory rule (spec §2.3–§2.4) on the pinned voltage v4. The reset
   * condition s > 0.5 is read off the spike values as data (a detached mask): a selection, with
   * no gradient, and the refractory state built from it stays off the gradient tape.
   */
  const spikeRule = (v4: T2, vth: T1, jitter: T2 | null, canFire: tfType.Tensor, zero: T2, t: number, group: 'orn' | 'ln' | 'pn' | 'kc') => {
    let u = tf.sub(v4, vth) as T2;
    if (jitter !== null) u = tf.sub(u, jitter) as T2;
    const sp = tf.where(canFire, tf.sigmoid(u), zero) as T2;
    const values = sp.dataSync();
    const mask = new Uint8Array(values.length);
    for (let i = 0; i < values.length; i++) mask[i] = values[i]! > 0.5 ? 1 : 0;
    options.onFired?.(t, group, mask);
    const given = options.firedMask?.(t, group);
    const fired = tf.tensor2d(given === undefined ? mask : Uint8Array.from(given), sp.shape, 'bool');
    return { sp, fired };
  };
  const lifStep = (g: 'orn' | 'ln' | 'pn', input: T2, t: number) => {
    const rho1 = tf.relu(tf.sub(rho[g], dt)) as T2;
    const canFire = tf.lessEqual(rho1, 0);
    const nI = noiseOf(t, `${g}.current`);
    const current = nI === null ? input : (tf.add(input, nI) as T2);
    // V_∞ + (V − V_∞)·a, V_∞ = V_rest + R·I, written as V_rest + a·(V − V_rest) + (1 − a)·R·I:
    // the same value without float32 cancellation between large terms (strong drive: V_∞ ≫ V)
    let v2 = tf.add(V_REST, tf.add(tf.mul(tf.sub(V[g], V_REST), P[g].decay), tf.mul(tf.mul(R_M, current), P[g].oneMinusDecay))) as T2;
    const nV = noiseOf(t, `${g}.voltage`);
    if (nV !== null) v2 = tf.add(v2, nV) as T2;
    const v3 = tf.maximum(v2, V_MIN) as T2;
    const v4 = tf.where(canFire, v3, full(s[g], V_RESET)) as T2;
    const { sp, fired } = spikeRule(v4, P[g].vth, noiseOf(t, `${g}.threshold`), canFire, zeros[g], t, g);
    V[g] = tf.where(fired, full(s[g], V_RESET), v4) as T2;
    rho[g] = tf.where(fired, full(s[g], TAU_REF), rho1) as T2;
    S[g] = sp;
    C[g] = tf.add(C[g], sp) as T2;
  };
  const pathsInto = (post: string) => circuit.pathways.map((p, k) => ({ p, k })).filter(({ p }) => p.spec.post === post);
  const spikesOf = (pre: string, prev: typeof S & { kc: T2 }, cur: typeof S & { kc: T2 }, step: 'current' | 'previous'): T2 => (step === 'current' ? cur : prev)[pre as 'orn']!;

  for (let t = 0; t < STEPS; t++) {
    const prev = { ...S, kc: sKc };
    const vLnPrev = V.ln;
    const vPnPrev = V.pn;
    // 1. ORN
    const rec = noiseOf(t, 'receptor');
    let ornIn = rec === null ? iOr : (tf.mul(iOr, tf.add(1, rec)) as T2);
    for (const { p, k } of pathsInto('orn')) ornIn = tf.add(ornIn, synapse(k, spikesOf(p.spec.pre, prev, prev, p.spec.presynapticStep), t)) as T2;
    lifStep('orn', ornIn, t);
    // 2. gap junctions from start-of-step voltages (spec §2.8). V·G − V⊙rowsum(G) is evaluated on
    // V − V_rest (the V_rest terms cancel exactly): the same currents, without float32
    // cancellation between sums of ≈ −60 mV voltages
    const ln0 = tf.sub(vLnPrev, V_REST);
    const pn0 = tf.sub(vPnPrev, V_REST);
    const gapLL = tf.mul(gLL, tf.sub(tf.matMul(ln0, model.gap.lnLn), tf.mul(ln0, model.gap.lnLnDegree)));
    const gapPP = tf.mul(gPP, tf.sub(tf.matMul(pn0, model.gap.pnPn), tf.mul(pn0, model.gap.pnPnDegree)));
    const gapEP = tf.mul(gEP, tf.sub(tf.matMul(ln0, model.gap.elnPn), tf.mul(pn0, model.gap.elnPnColSum)));
    const gapPE = tf.mul(gEP, tf.sub(tf.matMul(pn0, model.gap.elnPn, false, true), tf.mul(ln0, model.gap.elnPnRowSum)));
    // 3. LN
    let lnIn = tf.add(gapLL, gapPE) as T2;
    let cur = { ...S, kc: sKc };
    for (const { p, k } of pathsInto('ln')) lnIn = tf.add(lnIn, synapse(k, spikesOf(p.spec.pre, prev, cur, p.spec.presynapticStep), t)) as T2;
    lifStep('ln', lnIn, t);
    // 4. PN
    let pnIn = tf.add(gapPP, gapEP) as T2;
    cur = { ...S, kc: sKc };
    for (const { p, k } of pathsInto('pn')) pnIn = tf.add(pnIn, synapse(k, spikesOf(p.spec.pre, prev, cur, p.spec.presynapticStep), t)) as T2;
    lifStep('pn', pnIn, t);
    // 5. KC synapses and APL (spec §2.10)
    cur = { ...S, kc: sKc };
    const kcCurrents = pathsInto('kc').map(({ p, k }) => ({ p, I: synapse(k, spikesOf(p.spec.pre, prev, cur, p.spec.presynapticStep), t) }));
    const q = tf.div(C.kc, Math.max(1, t + 1));
    const dendDepol = tf.relu(tf.sub(vd, V_RESET));
    const aplIn = tf.add(tf.mul(aplStrength, tf.matMul(q, model.apl.kcToApl)), tf.mul(aplDend, tf.matMul(dendDepol, model.apl.kcDendriteToApl)));
    A = tf.add(tf.add(tf.mul(aplBeta, A), tf.mul(tf.sub(1, aplBeta), aplIn)), options.aplInject ?? 0) as T2;
    const D = tf.matMul(tf.mul(tf.relu(A), aplGain), model.apl.aplToKc);
    // 6. KC input currents (division only of the PN input and the carbachol current)
    let iTot: T2 = full(s.kc, options.kcInjectNa ?? 0);
    let iAx: T2 = zeros.kc;
    const ad: T2[] = [];
    for (const { p, I: Ik } of kcCurrents) {
      if (p.spec.pre === 'pn') iTot = tf.add(iTot, Ik) as T2;
      else if (p.spec.compartment === 'axon') iAx = tf.add(iAx, Ik) as T2;
      else ad.push(Ik);
    }
    const act = tf.minimum(dendDepol, GRADED_CAP_MV);
    let iD = (options.disableApl ? iTot : tf.div(iTot, tf.add(1, D))) as T2;
    iD = tf.add(iD, tf.mul(ddGain, tf.matMul(act, model.dd))) as T2;
    for (const x of ad) iD = tf.add(iD, x) as T2;
    iAx = tf.add(iAx, tf.mul(daGain, tf.matMul(act, model.da))) as T2;
    // 7. two-compartment KC update (spec §2.9)
    // [V_d', V_a'] = M·[V_d, V_a] + K·[b_d, b_a], b = V_rest/τ + (R/τ)·I. V_rest is the fixed point
    // of the leak part (M·V_rest + K·V_rest/τ = V_rest), so this is evaluated exactly as
    // V_rest + M·(V − V_rest) + K·(R/τ)·I: the same value, better conditioned in float32
    const bd = tf.mul(R_M / TAU_KC, iD);
    const ba = tf.mul(R_M / TAU_KC, iAx);
    const vd0 = tf.sub(vd, V_REST);
    const va0 = tf.sub(va, V_REST);
    let vd1 = tf.add(V_REST, tf.add(tf.add(tf.mul(m11, vd0), tf.mul(m12, va0)), tf.add(tf.mul(k11, bd), tf.mul(k12, ba)))) as T2;
    let va1 = tf.add(V_REST, tf.add(tf.add(tf.mul(m12, vd0), tf.mul(m11, va0)), tf.add(tf.mul(k12, bd), tf.mul(k11, ba)))) as T2;
    const nD = noiseOf(t, 'kc.dendrite');
    const nA = noiseOf(t, 'kc.axon');
    if (nD !== null) vd1 = tf.add(vd1, nD) as T2;
    if (nA !== null) va1 = tf.add(va1, nA) as T2;
    const vd2 = tf.maximum(vd1, V_MIN) as T2;
    const va2 = tf.maximum(va1, V_MIN) as T2;
    const rho1 = tf.relu(tf.sub(rhoKc, dt)) as T2;
    const canFire = tf.lessEqual(rho1, 0);
    const va3 = tf.where(canFire, va2, full(s.kc, V_RESET)) as T2;
    const { sp, fired } = spikeRule(va3, kcVth, noiseOf(t, 'kc.threshold'), canFire, zeros.kc, t, 'kc');
    vd = tf.where(fired, full(s.kc, V_RESET), vd2) as T2;
    va = tf.where(fired, full(s.kc, V_RESET), va3) as T2;
    rhoKc = tf.where(fired, full(s.kc, TAU_REF), rho1) as T2;
    sKc = sp;
    C = { ...C, kc: tf.add(C.kc, sp) as T2 };
  }
  return { orn: C.orn, ln: C.ln, pn: C.pn, kc: C.kc };
}
