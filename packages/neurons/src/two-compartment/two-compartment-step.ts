import type { Vec } from '../core/vec';
import type { SpikeFunction } from '../spike/spike-function';
import { SpikeFlag } from '../spike/spike-flags';
import type { TwoCompartmentNoise, TwoCompartmentParamGrads, TwoCompartmentParams, TwoCompartmentState, TwoCompartmentStepOutput } from './two-compartment-params';
import { twoCompartmentPropagator } from './two-compartment-propagator';
import { twoCompartmentDriveCoefficients } from './two-compartment-coefficients';
import { arenaTwoCompartmentBackward, arenaTwoCompartmentForward } from '../wasm/kernel-arena';
import { firesAt, refractoryAfterStep, softSpikeGradient, spikeValueAt, thresholdDistance } from '../lif/lif-spike-reset';

const CAN_FIRE = SpikeFlag.canFire;
const FIRED = SpikeFlag.fired;
const ABOVE_A = SpikeFlag.aboveFloor;
const ABOVE_D = SpikeFlag.aboveFloorDendrite;

/**
 * One step of a two-compartment neuron population (the Kenyon cells of spec §2.9), exact integration of
 *
 *   C_m dV_d/dt = −g_L(V_d − V_rest) + g_soma(V_a − V_d) + I_d
 *   C_m dV_a/dt = −g_L(V_a − V_rest) + g_soma(V_d − V_a) + I_a
 *
 * with the 2×2 propagator of `twoCompartmentPropagator` (recomputed from g_soma every call), then:
 *
 *   V_d1, V_a1 = M·[V_d, V_a] + K·[b_d, b_a] + [ξ_d, ξ_a]       (membrane noise, no current noise)
 *   V_d2 = max(V_d1, V_min),  V_a2 = max(V_a1, V_min)
 *   ρ' = max(ρ − dt, 0);  canFire = ρ' ≤ 0;  if not canFire: V_a3 = V_reset (dendrite not pinned)
 *   u = V_a3 − V_th,i − ε;  s = S(u)·canFire                     (spike from the axon)
 *   fired = s > 0.5:  V_d' = V_a' = V_reset, ρ' = τ_ref
 *
 * (The reference writes the leak forcing as V_reset/τ; V_rest = V_reset = −60 mV there, and the
 * leak target `vRestMv` is used here.) The axon spikes and resets like a LIF: the refractory
 * countdown, threshold distance, spike, reset trigger and soft-spike gradient are the LIF's own
 * pieces (`lif/lif-spike-reset.ts`), called from the fused loop. Units: mV, nA, ms. `iAxonNa` may be `null` (no axonal input).
 * Writes `out` only (must not alias inputs), allocation-free.
 *
 * @example
 *   twoCompartmentForward(kc, state, iDend, iAxon, noise, softSpike(), 1, out);
 */
export function twoCompartmentForward(
  params: TwoCompartmentParams,
  state: TwoCompartmentState,
  iDendriteNa: Vec,
  iAxonNa: Vec | null,
  noise: TwoCompartmentNoise,
  spike: SpikeFunction,
  dtMs: number,
  out: TwoCompartmentStepOutput,
): void {
  twoCompartmentPropagator(params.logGSomaNs, params.tauMemMs, params.resistanceMohm, dtMs, out.propagator);
  if (arenaTwoCompartmentForward(params, state, iDendriteNa, iAxonNa, noise, spike, dtMs, out)) return;
  const n = params.size;
  const total = state.vDendriteMv.length;
  for (let from = 0; from < total; from += n) twoCompartmentForwardSample(params, state, iDendriteNa, iAxonNa, noise, spike, dtMs, out, from);
}

/** {@link twoCompartmentForward} on one sample (elements [from, from + n)), propagator already in `out` (see `lifForwardSample`). */
function twoCompartmentForwardSample(
  params: TwoCompartmentParams,
  state: TwoCompartmentState,
  iDendriteNa: Vec,
  iAxonNa: Vec | null,
  noise: TwoCompartmentNoise,
  spike: SpikeFunction,
  dtMs: number,
  out: TwoCompartmentStepOutput,
  from: number,
): void {
  const n = params.size;
  const { vResetMv, vMinMv, refractoryPeriodMs } = params;
  const prop = out.propagator;
  const m11 = prop[0]!;
  const m12 = prop[1]!;
  const k11 = prop[2]!;
  const k12 = prop[3]!;
  const { leakMvPerMs: leak, driveMohmPerMs: drive } = twoCompartmentDriveCoefficients(params);
  const vth = params.vThresholdMv;
  const soft = spike.kind === 'soft';
  const invT = soft ? 1 / spike.temperatureMv : 0;
  const nD = noise.dendriteMv;
  const nA = noise.axonMv;
  const nTh = noise.thresholdMv;
  const { vDendriteMv: vd, vAxonMv: va, refractoryMs: rho0 } = state;
  const { vDendriteMv: vdOut, vAxonMv: vaOut, refractoryMs: rhoOut, spikes, uMv, flags } = out;
  for (let i = 0; i < n; i++) {
    const idx = from + i;
    const rho = refractoryAfterStep(rho0[idx]!, dtMs);
    const canFire = rho <= 0;
    const bd = leak + drive * iDendriteNa[idx]!;
    const ba = iAxonNa === null ? leak : leak + drive * iAxonNa[idx]!;
    const vd0 = vd[idx]!;
    const va0 = va[idx]!;
    let vd1 = m11 * vd0 + m12 * va0 + k11 * bd + k12 * ba;
    let va1 = m12 * vd0 + m11 * va0 + k12 * bd + k11 * ba;
    if (nD !== null) vd1 += nD[idx]!;
    if (nA !== null) va1 += nA[idx]!;
    let f = 0;
    if (vd1 >= vMinMv) f |= ABOVE_D;
    else vd1 = vMinMv;
    if (va1 >= vMinMv) f |= ABOVE_A;
    else va1 = vMinMv;
    if (canFire) f |= CAN_FIRE;
    else va1 = vResetMv;
    const u = thresholdDistance(va1, vth[i]!, nTh, idx);
    uMv[idx] = u;
    spikes[idx] = spikeValueAt(u, canFire, soft, invT);
    if (firesAt(spikes[idx]!)) {
      f |= FIRED;
      vdOut[idx] = vResetMv;
      vaOut[idx] = vResetMv;
      rhoOut[idx] = refractoryPeriodMs;
    } else {
      vdOut[idx] = vd1;
      vaOut[idx] = va1;
      rhoOut[idx] = rho;
    }
    flags[idx] = f;
  }
}

/** Upstream gradients of one KC step (`null` = zero). */
export interface TwoCompartmentStepGradients {
  readonly vDendriteMv: Vec | null;
  readonly vAxonMv: Vec | null;
  readonly spikes: Vec | null;
}

/** Gradient accumulators filled by {@link twoCompartmentBackward} (`null` = not needed). */
export interface TwoCompartmentBackwardGrads {
  readonly vDendriteMv: Vec | null;
  readonly vAxonMv: Vec | null;
  readonly iDendriteNa: Vec | null;
  readonly iAxonNa: Vec | null;
  readonly params: TwoCompartmentParamGrads;
}

/**
 * Vector–Jacobian product of {@link twoCompartmentForward} (hand-derived; masks and noise constant):
 *
 *   gV_d3 = fired ? 0 : gV_d';   gV_a3 = (fired ? 0 : gV_a') + gs·canFire·S'(u);  gV_th −= gs·canFire·S'(u)
 *   gV_a2 = canFire ? gV_a3 : 0;  gV_x1 = [V_x1 ≥ V_min]·gV_x2
 *   gV_d += M11·gV_d1 + M12·gV_a1;   gV_a += M12·gV_d1 + M11·gV_a1
 *   gI_d += (R/τ)(K11·gV_d1 + K12·gV_a1);   gI_a += (R/τ)(K12·gV_d1 + K11·gV_a1)
 *   g ln g_soma += Σ (gV_d1·V_d + gV_a1·V_a)·dM11/dθ + (gV_d1·V_a + gV_a1·V_d)·dM12/dθ
 *                  + (gV_d1·b_d + gV_a1·b_a)·dK11/dθ + (gV_d1·b_a + gV_a1·b_d)·dK12/dθ
 *
 * Takes the forward's arguments plus its output `saved` (reads `spikes`, `flags`, `propagator`).
 * Accumulates (+=).
 */
export function twoCompartmentBackward(
  params: TwoCompartmentParams,
  state: TwoCompartmentState,
  iDendriteNa: Vec,
  iAxonNa: Vec | null,
  spike: SpikeFunction,
  saved: TwoCompartmentStepOutput,
  gradOut: TwoCompartmentStepGradients,
  grads: TwoCompartmentBackwardGrads,
): void {
  if (arenaTwoCompartmentBackward(params, state, iDendriteNa, iAxonNa, spike, saved, gradOut, grads)) return;
  const n = params.size;
  const total = state.vDendriteMv.length;
  let gLogG = 0;
  for (let from = 0; from < total; from += n) gLogG += twoCompartmentBackwardSample(params, state, iDendriteNa, iAxonNa, spike, saved, gradOut, grads, from);
  grads.params.logGSomaNs += gLogG;
}

/** {@link twoCompartmentBackward} on one sample (elements [from, from + n)); returns its ∂L/∂ln g_soma (see `lifForwardSample`). */
function twoCompartmentBackwardSample(
  params: TwoCompartmentParams,
  state: TwoCompartmentState,
  iDendriteNa: Vec,
  iAxonNa: Vec | null,
  spike: SpikeFunction,
  saved: TwoCompartmentStepOutput,
  gradOut: TwoCompartmentStepGradients,
  grads: TwoCompartmentBackwardGrads,
  from: number,
): number {
  const n = params.size;
  const prop = saved.propagator;
  const m11 = prop[0]!;
  const m12 = prop[1]!;
  const k11 = prop[2]!;
  const k12 = prop[3]!;
  const dM11 = prop[4]!;
  const dM12 = prop[5]!;
  const dK11 = prop[6]!;
  const dK12 = prop[7]!;
  const { leakMvPerMs: leak, driveMohmPerMs: drive } = twoCompartmentDriveCoefficients(params);
  const soft = spike.kind === 'soft';
  const invT = soft ? 1 / spike.temperatureMv : 0;
  const { vDendriteMv: vd, vAxonMv: va } = state;
  const { spikes, flags } = saved;
  const gVdOut = gradOut.vDendriteMv;
  const gVaOut = gradOut.vAxonMv;
  const gS = gradOut.spikes;
  const { vDendriteMv: gVd, vAxonMv: gVa, iDendriteNa: gId, iAxonNa: gIa } = grads;
  const gTh = grads.params.vThresholdMv;
  let gLogG = 0;
  for (let i = 0; i < n; i++) {
    const idx = from + i;
    const f = flags[idx]!;
    const fired = (f & FIRED) !== 0;
    let gd = !fired && gVdOut !== null ? gVdOut[idx]! : 0;
    let ga = !fired && gVaOut !== null ? gVaOut[idx]! : 0;
    if ((f & CAN_FIRE) !== 0) {
      if (soft && gS !== null) {
        const gu = softSpikeGradient(gS[idx]!, spikes[idx]!, invT); // saved σ(u/T), as torch's sigmoid backward
        ga += gu;
        gTh[i]! -= gu;
      }
    } else {
      ga = 0; // axon pinned at V_reset
    }
    if ((f & ABOVE_D) === 0) gd = 0;
    if ((f & ABOVE_A) === 0) ga = 0;
    if (gd === 0 && ga === 0) continue;
    const vd0 = vd[idx]!;
    const va0 = va[idx]!;
    const bd = leak + drive * iDendriteNa[idx]!;
    const ba = iAxonNa === null ? leak : leak + drive * iAxonNa[idx]!;
    if (gVd !== null) gVd[idx]! += m11 * gd + m12 * ga;
    if (gVa !== null) gVa[idx]! += m12 * gd + m11 * ga;
    if (gId !== null) gId[idx]! += drive * (k11 * gd + k12 * ga);
    if (gIa !== null) gIa[idx]! += drive * (k12 * gd + k11 * ga);
    gLogG += (gd * vd0 + ga * va0) * dM11 + (gd * va0 + ga * vd0) * dM12 + (gd * bd + ga * ba) * dK11 + (gd * ba + ga * bd) * dK12;
  }
  return gLogG;
}
