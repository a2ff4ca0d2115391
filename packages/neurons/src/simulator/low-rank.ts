import { finiteNumber, positiveInteger } from '../core/validate';
import { InvalidParameterError } from '../errors/invalid-parameter-error';
import { ShapeMismatchError } from '../errors/shape-mismatch-error';
import type { PseudoDerivative } from '../plasticity/pseudo-derivative';
import { inverseWidths, validatePseudoDerivative } from '../plasticity/pseudo-derivative';

/**
 * A low-rank (LoRA) plastic projection beside the frozen sparse ones: the dense N_post × N_pre
 * matrix W = A·B is never formed. A presynaptic spike vector s(n) of step n adds
 *
 *   y(n + d) = A·(B·s(n))      (mV, to channel `synapse` of the post population, d = delaySteps)
 *
 * at the same point of the step as a sparse projection with delay d. A (N_post × r, mV) and B
 * (r × N_pre, dimensionless) live in the state (`state.lowRank[name].a/.b`, row-major); change
 * them between runs with any optimizer.
 *
 * **Online eligibility-trace gradients** (`etrace`; the input/output-dimension algorithm of the
 * whole-brain spec §3.1, after Wang et al. 2026 and brainscale's `DiagIODimAlgorithm`). The
 * gradient of a loss L with respect to W_ji is approximated by the product of one trace per input
 * and one per output, so memory grows with N_pre + N_post instead of N_pre·N_post. With λ the
 * trace decay, after every step n (post potentials v_j, synapse variable g_j of the channel):
 *
 *   x̄_i  ← λ·x̄_i + (1 − λ)·s_i(n − d)                       (input trace: the delivered input)
 *   ε^v_j ← λ·(a_m,j(n)·ε^v_j + k_j·ε^g_j)                   (output traces, ∂h/∂y propagated with
 *   ε^g_j ← λ·a_g·ε^g_j + (1 − λ)                            the diagonal hidden Jacobian)
 *   δ_j   = ℓ_j·ψ_j·ε^v_j                                     (ℓ: the learning signal ∂L/∂z_j)
 *   ∂L/∂A += δ·(B·x̄)ᵀ ;   ∂L/∂B += (Aᵀ·δ)·x̄ᵀ
 *
 * a_m,j(n) is the membrane decay exp(−dt/τ_m), or 0 for a neuron that spiked in step n (the reset
 * carries no gradient; the refractory clamp is not differentiated either), k_j the channel's
 * drive gain and a_g its decay; ψ is the pseudo-derivative (default at a spike: its peak γ). The
 * learning signal ℓ (one value per post neuron, 0 at the start) is set with
 * {@link setLearningSignal} and held until changed; while it is all zero no gradient work is
 * done. For a loss on window rates, ℓ_j = ∂L/∂(spike count of j) is known only at the window's
 * end: run the window once, compute ℓ, and run it again from the saved state with ℓ set — the
 * counter-based generator makes the second pass the same run. {@link takeLowRankGradients}
 * returns the accumulated gradients and clears them.
 */
export interface LowRankProjectionSpec {
  readonly name: string;
  readonly pre: string;
  readonly post: string;
  /** Channel of the post population that y drives. */
  readonly synapse: string;
  /** Rank r (integer > 0). */
  readonly rank: number;
  /** A, N_post × r, row-major, mV. */
  readonly aMv: ArrayLike<number>;
  /** B, r × N_pre, row-major, dimensionless. */
  readonly b: ArrayLike<number>;
  /** Delay in steps (integer ≥ 0). Default 0. */
  readonly delaySteps?: number;
  /** Online eligibility-trace gradients; absent: A and B are fixed by the simulator. */
  readonly etrace?: {
    /** Trace decay λ in (0, 1) (whole-brain reference: 0.99). */
    readonly decay: number;
    /** Pseudo-derivative ψ (default at a spike: `'peak'`). */
    readonly pseudoDerivative: PseudoDerivative;
  };
}

/** The state of one low-rank projection. */
export interface LowRankState {
  /** A, N_post × r (mV). */
  readonly a: Float64Array;
  /** B, r × N_pre. */
  readonly b: Float64Array;
  /** Presynaptic spikes of the last d + 1 steps, one byte per neuron per slot (slot = step mod (d + 1)); empty without etrace. */
  readonly spikeHistory: Uint8Array;
  /** x̄ per presynaptic neuron (etrace). */
  readonly inputTrace: Float64Array;
  /** ε^v per postsynaptic neuron (etrace). */
  readonly outputTraceV: Float64Array;
  /** ε^g per postsynaptic neuron (etrace). */
  readonly outputTraceG: Float64Array;
  /** ℓ per postsynaptic neuron (etrace). */
  readonly learningSignal: Float64Array;
  /** Accumulated ∂L/∂A (N_post × r) and ∂L/∂B (r × N_pre) (etrace). */
  readonly gradA: Float64Array;
  readonly gradB: Float64Array;
  /** [steps with a non-zero learning signal since the last take]. */
  readonly gradSteps: Float64Array;
}

/** @internal The pieces of a compiled population a low-rank projection needs. */
export interface LowRankEnds {
  readonly preSize: number;
  readonly postSize: number;
  readonly channel: number;
  readonly vThresholdMv: Float64Array;
  readonly vRestMv: Float64Array;
}

/** @internal */
export interface CompiledLowRank {
  readonly name: string;
  readonly preName: string;
  readonly postName: string;
  readonly channel: number;
  readonly rank: number;
  readonly preSize: number;
  readonly postSize: number;
  readonly delay: number;
  readonly initialA: Float64Array;
  readonly initialB: Float64Array;
  readonly etrace: { readonly decay: number; readonly pseudoDerivative: PseudoDerivative; readonly invWidth: Float64Array } | null;
  /** Scratch: u = B·s (r), y = A·u (N_post), ψ (N_post), B·x̄ and Aᵀ·δ (r each), δ (N_post). */
  readonly u: Float64Array;
  readonly y: Float64Array;
  readonly psi: Float64Array;
  readonly bx: Float64Array;
  readonly atd: Float64Array;
  readonly delta: Float64Array;
}

function floatArray(where: string, value: ArrayLike<number> | undefined, length: number, what: string): Float64Array {
  if (value == null || typeof value.length !== 'number') throw new InvalidParameterError({ parameter: where, value, expected: `an array of ${length} numbers (${what})` });
  if (value.length !== length) throw new ShapeMismatchError({ argument: where, functionName: 'compileNetwork', actual: `length ${value.length}`, expected: `${length} (${what})` });
  const out = new Float64Array(length);
  for (let k = 0; k < length; k++) out[k] = finiteNumber(`${where}[${k}]`, value[k], what);
  return out;
}

/** @internal Validate one low-rank projection against its populations. */
export function compileLowRank(spec: LowRankProjectionSpec, where: string, ends: LowRankEnds): CompiledLowRank {
  const r = positiveInteger(`${where}.rank`, spec.rank, 'rank');
  const { preSize, postSize } = ends;
  const initialA = floatArray(`${where}.aMv`, spec.aMv, postSize * r, `A: ${postSize} × ${r}, row-major, mV`);
  const initialB = floatArray(`${where}.b`, spec.b, r * preSize, `B: ${r} × ${preSize}, row-major`);
  const d = spec.delaySteps ?? 0;
  if (!Number.isInteger(d) || d < 0 || d > 65535) throw new InvalidParameterError({ parameter: `${where}.delaySteps`, value: d, expected: 'an integer in [0, 65535] (delay in steps)' });
  let etrace: CompiledLowRank['etrace'] = null;
  if (spec.etrace !== undefined) {
    const lambda = finiteNumber(`${where}.etrace.decay`, spec.etrace?.decay, 'trace decay');
    if (!(lambda > 0 && lambda < 1)) throw new InvalidParameterError({ parameter: `${where}.etrace.decay`, value: lambda, expected: 'a number in (0, 1), e.g. 0.99' });
    const pd: PseudoDerivative = { atSpike: 'peak', ...spec.etrace.pseudoDerivative };
    validatePseudoDerivative(pd, `${where}.etrace.pseudoDerivative`);
    etrace = { decay: lambda, pseudoDerivative: pd, invWidth: inverseWidths(pd, ends.vThresholdMv, ends.vRestMv, `${where}.etrace.pseudoDerivative`) };
  }
  return {
    name: spec.name,
    preName: spec.pre,
    postName: spec.post,
    channel: ends.channel,
    rank: r,
    preSize,
    postSize,
    delay: d,
    initialA,
    initialB,
    etrace,
    u: new Float64Array(r),
    y: new Float64Array(postSize),
    psi: new Float64Array(etrace ? postSize : 0),
    bx: new Float64Array(r),
    atd: new Float64Array(r),
    delta: new Float64Array(etrace ? postSize : 0),
  };
}

/** @internal The initial state of a low-rank projection. */
export function createLowRankState(lr: CompiledLowRank): LowRankState {
  const e = lr.etrace !== null;
  return {
    a: lr.initialA.slice(),
    b: lr.initialB.slice(),
    spikeHistory: new Uint8Array(e ? (lr.delay + 1) * lr.preSize : 0),
    inputTrace: new Float64Array(e ? lr.preSize : 0),
    outputTraceV: new Float64Array(e ? lr.postSize : 0),
    outputTraceG: new Float64Array(e ? lr.postSize : 0),
    learningSignal: new Float64Array(e ? lr.postSize : 0),
    gradA: new Float64Array(e ? lr.postSize * lr.rank : 0),
    gradB: new Float64Array(e ? lr.rank * lr.preSize : 0),
    gradSteps: new Float64Array(1),
  };
}

/** @internal Whether `st` has the shapes of `lr`'s state. */
export function lowRankStateFits(lr: CompiledLowRank, st: LowRankState | undefined): boolean {
  if (!st || st.a?.length !== lr.postSize * lr.rank || st.b?.length !== lr.rank * lr.preSize) return false;
  if (lr.etrace === null) return true;
  return (
    st.spikeHistory?.length === (lr.delay + 1) * lr.preSize &&
    st.inputTrace?.length === lr.preSize &&
    st.outputTraceV?.length === lr.postSize &&
    st.outputTraceG?.length === lr.postSize &&
    st.learningSignal?.length === lr.postSize &&
    st.gradA?.length === lr.postSize * lr.rank &&
    st.gradB?.length === lr.rank * lr.preSize
  );
}

/**
 * @internal Add A·(B·s) for this step's presynaptic spikes into `target` at `offset` (the delay
 * ring slot of step n + d, or the synapse variable itself). Nothing happens without spikes.
 */
export function lowRankPropagate(lr: CompiledLowRank, st: LowRankState, spikes: Int32Array, count: number, target: Float64Array, offset: number): void {
  if (count === 0) return;
  const r = lr.rank;
  const pre = lr.preSize;
  const u = lr.u;
  const b = st.b;
  for (let k = 0; k < r; k++) {
    let sum = 0;
    const row = k * pre;
    for (let q = 0; q < count; q++) sum += b[row + spikes[q]!]!;
    u[k] = sum;
  }
  const a = st.a;
  for (let j = 0; j < lr.postSize; j++) {
    let y = 0;
    const row = j * r;
    for (let k = 0; k < r; k++) y += a[row + k]! * u[k]!;
    target[offset + j] += y;
  }
}

/** @internal Record this step's presynaptic spikes in the history ring (etrace only). */
export function lowRankRecordSpikes(lr: CompiledLowRank, st: LowRankState, n: number, spikes: Int32Array, count: number): void {
  const pre = lr.preSize;
  const slot = (n % (lr.delay + 1)) * pre;
  const h = st.spikeHistory;
  h.fill(0, slot, slot + pre);
  for (let q = 0; q < count; q++) h[slot + spikes[q]!] = 1;
}

/** @internal The post population's quantities the trace update reads. */
export interface LowRankPost {
  readonly v: Float64Array;
  readonly vThresholdMv: Float64Array;
  readonly membraneDecay: Float64Array;
  readonly channelGain: Float64Array;
  readonly channelDecay: number;
  readonly spikes: Int32Array;
  readonly spikeCount: number;
}

/** @internal The trace update of step n, then the gradient accumulation when ℓ ≠ 0 (see {@link LowRankProjectionSpec}). */
export function lowRankTraceStep(lr: CompiledLowRank, st: LowRankState, n: number, post: LowRankPost): void {
  const e = lr.etrace!;
  const lambda = e.decay;
  const c = 1 - lambda;
  const pre = lr.preSize;
  const slot = (((n - lr.delay) % (lr.delay + 1)) + (lr.delay + 1)) % (lr.delay + 1);
  const h = st.spikeHistory;
  const xbar = st.inputTrace;
  const delivered = n >= lr.delay;
  for (let i = 0; i < pre; i++) xbar[i] = lambda * xbar[i]! + (delivered && h[slot * pre + i] === 1 ? c : 0);
  const ev = st.outputTraceV;
  const eg = st.outputTraceG;
  const am = post.membraneDecay;
  const k = post.channelGain;
  const ag = post.channelDecay;
  const spiked = lr.delta; // scratch: 1 where the neuron spiked this step
  spiked.fill(0);
  for (let q = 0; q < post.spikeCount; q++) spiked[post.spikes[q]!] = 1;
  for (let j = 0; j < lr.postSize; j++) {
    const g = eg[j]!;
    ev[j] = lambda * ((spiked[j] === 1 ? 0 : am[j]!) * ev[j]! + k[j]! * g);
    eg[j] = lambda * ag * g + c;
  }
  const ell = st.learningSignal;
  let any = false;
  for (let j = 0; j < lr.postSize; j++)
    if (ell[j] !== 0) {
      any = true;
      break;
    }
  if (!any) return;
  // ψ from the post potentials (spiked neurons per atSpike), then δ = ℓ·ψ·ε^v
  const psi = lr.psi;
  const pd = e.pseudoDerivative;
  const gamma = pd.gamma;
  for (let j = 0; j < lr.postSize; j++) {
    if (pd.atSpike === 'peak' && spiked[j] === 1) psi[j] = gamma;
    else {
      const x = 1 - Math.abs(post.v[j]! - post.vThresholdMv[j]!) * e.invWidth[j]!;
      psi[j] = x > 0 ? gamma * x : 0;
    }
  }
  const delta = lr.delta;
  for (let j = 0; j < lr.postSize; j++) delta[j] = ell[j]! * psi[j]! * ev[j]!;
  const r = lr.rank;
  const a = st.a;
  const b = st.b;
  const bx = lr.bx;
  const atd = lr.atd;
  for (let q = 0; q < r; q++) {
    let s = 0;
    const row = q * pre;
    for (let i = 0; i < pre; i++) s += b[row + i]! * xbar[i]!;
    bx[q] = s;
  }
  atd.fill(0);
  const gA = st.gradA;
  for (let j = 0; j < lr.postSize; j++) {
    const dj = delta[j]!;
    if (dj === 0) continue;
    const row = j * r;
    for (let q = 0; q < r; q++) {
      gA[row + q] += dj * bx[q]!;
      atd[q] += a[row + q]! * dj;
    }
  }
  const gB = st.gradB;
  for (let q = 0; q < r; q++) {
    const cq = atd[q]!;
    if (cq === 0) continue;
    const row = q * pre;
    for (let i = 0; i < pre; i++) gB[row + i] += cq * xbar[i]!;
  }
  st.gradSteps[0] = st.gradSteps[0]! + 1;
}
