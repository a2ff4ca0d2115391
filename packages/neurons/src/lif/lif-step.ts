import type { Vec } from '../core/vec';
import type { SpikeFunction } from '../spike/spike-function';
import { SpikeFlag } from '../spike/spike-flags';
import type { LifNoise, LifParamGrads, LifParams, LifState, LifStepOutput } from './lif-params';
import { arenaLifBackward, arenaLifForward } from '../wasm/kernel-arena';
import { lifStepCoefficients } from './lif-step-coefficients';
import { firesAt, refractoryAfterStep, softSpikeGradient, spikeValueAt, thresholdDistance } from './lif-spike-reset';

const CAN_FIRE = SpikeFlag.canFire;
const FIRED = SpikeFlag.fired;
const ABOVE_FLOOR = SpikeFlag.aboveFloor;

/**
 * One step of a LIF population (spec §2.4), exact exponential integration of the linear
 * subthreshold ODE  τ_m dV/dt = (V_rest − V) + R_m·I  over `dtMs` (stable for any dt):
 *
 *   1. ρ' = max(ρ − dt, 0);   canFire = (ρ' ≤ 0)
 *   2. I' = I + ξ_I                                   (background current noise, nA)
 *   3. V_∞ = V_rest + R_m·I';   a = exp(−dt/τ_m),  τ_m = exp(logTauMemMs);   V1 = V_∞ + (V − V_∞)·a
 *   4. V2 = V1 + ξ_V                                  (membrane noise, mV)
 *   5. V3 = max(V2, V_min)
 *   6. V4 = canFire ? V3 : V_reset                    (refractory pin)
 *   7. u = V4 − V_th,i − ε;   s = S(u)·canFire        (S soft σ(u/T) or hard 1[u>0]; ε jitter)
 *   8. fired = s > 0.5:  V' = V_reset, ρ' = τ_ref;  else V' = V4
 *
 * Units: V mV, I nA, R MΩ, times ms. Batch-major arrays (`x[b * n + i]`, batch = v.length / n).
 * Pure: writes only `out` (which must not alias `state` or `inputNa`), allocation-free, no
 * validation (see `defineLifParams`). In training pass `softSpike()`; the spike IS the sigmoid
 * (not straight-through).
 *
 * @example
 *   lifForward(params, state, currentNa, NO_LIF_NOISE, softSpike(), 1, out);
 */
export function lifForward(params: LifParams, state: LifState, inputNa: Vec, noise: LifNoise, spike: SpikeFunction, dtMs: number, out: LifStepOutput): void {
  if (arenaLifForward(params, state, inputNa, noise, spike, dtMs, out)) return;
  const n = params.size;
  const total = state.v.length;
  for (let from = 0; from < total; from += n) lifForwardSample(params, state, inputNa, noise, spike, dtMs, out, from);
}

/**
 * {@link lifForward} on one sample (elements [from, from + n)). The kernels loop over samples
 * calling a per-sample function: short loops, which V8 optimises as whole functions with full
 * type feedback; a single long loop gets compiled on-stack during its first call, and V8
 * (Node 20) keeps reusing that less efficient code.
 */
function lifForwardSample(params: LifParams, state: LifState, inputNa: Vec, noise: LifNoise, spike: SpikeFunction, dtMs: number, out: LifStepOutput, from: number): void {
  const n = params.size;
  const vth = params.vThresholdMv;
  const { vRestMv, vResetMv, vMinMv, resistanceMohm: R, refractoryPeriodMs } = params;
  const a = lifStepCoefficients(params, dtMs).decay;
  const soft = spike.kind === 'soft';
  const invT = soft ? 1 / spike.temperatureMv : 0;
  const nI = noise.currentNa;
  const nV = noise.voltageMv;
  const nTh = noise.thresholdMv;
  const v = state.v;
  const rho0 = state.refractoryMs;
  const { v: vOut, refractoryMs: rhoOut, spikes, uMv, flags } = out;
  for (let i = 0; i < n; i++) {
    const idx = from + i;
    const rho = refractoryAfterStep(rho0[idx]!, dtMs);
    const canFire = rho <= 0;
    const current = nI === null ? inputNa[idx]! : inputNa[idx]! + nI[idx]!;
    const vInf = vRestMv + R * current;
    let v2 = vInf + (v[idx]! - vInf) * a;
    if (nV !== null) v2 += nV[idx]!;
    let f = 0;
    let v4: number;
    if (v2 >= vMinMv) {
      f = ABOVE_FLOOR;
      v4 = v2;
    } else {
      v4 = vMinMv;
    }
    if (canFire) f |= CAN_FIRE;
    else v4 = vResetMv;
    const u = thresholdDistance(v4, vth[i]!, nTh, idx);
    uMv[idx] = u;
    spikes[idx] = spikeValueAt(u, canFire, soft, invT);
    if (firesAt(spikes[idx]!)) {
      f |= FIRED;
      vOut[idx] = vResetMv;
      rhoOut[idx] = refractoryPeriodMs;
    } else {
      vOut[idx] = v4;
      rhoOut[idx] = rho;
    }
    flags[idx] = f;
  }
}

/** Upstream gradients of one LIF step (`null` = zero). */
export interface LifStepGradients {
  /** ∂L/∂V' (new voltage), 1/mV. */
  readonly v: Vec | null;
  /** ∂L/∂s (spikes). */
  readonly spikes: Vec | null;
}

/** Gradient accumulators filled by {@link lifBackward} (`null` = not needed). */
export interface LifBackwardGrads {
  /** ∂L/∂V (voltage at the start of the step), += . */
  readonly v: Vec | null;
  /** ∂L/∂I (input current), 1/nA, += . */
  readonly inputNa: Vec | null;
  /** Learnable parameters, += . */
  readonly params: LifParamGrads;
}

/**
 * Vector–Jacobian product of {@link lifForward}, hand-derived, with PyTorch-autograd semantics
 * for the selections (noise, masks and the reset value are constants):
 *
 *   gV4 = (fired ? 0 : gV') + gs·canFire·S'(u)          gV_th,i −= gs·canFire·S'(u)
 *   gV2 = canFire ∧ V2 ≥ V_min ? gV4 : 0                  (clamp passes at equality, like torch.clamp)
 *   gV += a·gV2;   gI += (1 − a)·R·gV2;   g ln τ_m += Σ gV2·(V − V_∞)·a·dt/τ_m
 *
 * `state`, `inputNa`, `noise`, `spike` and `dtMs` must be the forward's; `saved` is its output
 * (only `spikes` and `flags` are read: S'(u) = s(1 − s)/T from the saved soft spike, as PyTorch's
 * sigmoid backward does). Accumulates (+=) so a caller can sum over time steps.
 *
 * @example
 *   lifBackward(params, state, currentNa, noise, softSpike(), 1, out, { v: gV, spikes: gS }, grads);
 */
export function lifBackward(
  params: LifParams,
  state: LifState,
  inputNa: Vec,
  noise: LifNoise,
  spike: SpikeFunction,
  dtMs: number,
  saved: LifStepOutput,
  gradOut: LifStepGradients,
  grads: LifBackwardGrads,
): void {
  if (arenaLifBackward(params, state, inputNa, noise, spike, dtMs, saved, gradOut, grads)) return;
  const n = params.size;
  const total = state.v.length;
  let gLogTau = 0;
  for (let from = 0; from < total; from += n) gLogTau += lifBackwardSample(params, state, inputNa, noise, spike, dtMs, saved, gradOut, grads, from);
  grads.params.logTauMemMs += gLogTau;
}

/** {@link lifBackward} on one sample (elements [from, from + n)); returns its ∂L/∂ln τ_m (see `lifForwardSample`). */
function lifBackwardSample(
  params: LifParams,
  state: LifState,
  inputNa: Vec,
  noise: LifNoise,
  spike: SpikeFunction,
  dtMs: number,
  saved: LifStepOutput,
  gradOut: LifStepGradients,
  grads: LifBackwardGrads,
  from: number,
): number {
  const n = params.size;
  const { vRestMv, resistanceMohm: R } = params;
  const { tauMemMs: tau, decay: a } = lifStepCoefficients(params, dtMs);
  const dadLogTau = (a * dtMs) / tau;
  const soft = spike.kind === 'soft';
  const invT = soft ? 1 / spike.temperatureMv : 0;
  const nI = noise.currentNa;
  const v = state.v;
  const { spikes, flags } = saved;
  const gVout = gradOut.v;
  const gS = gradOut.spikes;
  const gV = grads.v;
  const gI = grads.inputNa;
  const gTh = grads.params.vThresholdMv;
  let gA = 0;
  for (let i = 0; i < n; i++) {
    const idx = from + i;
    const f = flags[idx]!;
    let g4 = gVout !== null && (f & FIRED) === 0 ? gVout[idx]! : 0;
    if ((f & CAN_FIRE) === 0) continue; // V4 = V_reset and s = 0: nothing flows back
    if (soft && gS !== null) {
      // σ(u/T) saved by the forward (like torch's sigmoid backward, which uses its output)
      const gu = softSpikeGradient(gS[idx]!, spikes[idx]!, invT);
      g4 += gu;
      gTh[i]! -= gu;
    }
    if ((f & ABOVE_FLOOR) === 0 || g4 === 0) continue;
    if (gV !== null) gV[idx]! += a * g4;
    if (gI !== null) gI[idx]! += (1 - a) * R * g4;
    const current = nI === null ? inputNa[idx]! : inputNa[idx]! + nI[idx]!;
    gA += g4 * dadLogTau * (v[idx]! - (vRestMv + R * current));
  }
  return gA;
}
