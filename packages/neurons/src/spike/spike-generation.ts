import type { Vec } from '../core/vec';
import type { SpikeFunction } from './spike-function';
import { firesAt, refractoryAfterStep, softSpikeGradient, spikeValueAt, thresholdDistance } from '../lif/lif-spike-reset';

/**
 * Spike generation with refractory mask and reset trigger (spec §2.3), on a batch-major
 * population of `n` neurons:
 *
 *   u = V − (V_th,i + ε)                        (mV; ε = threshold jitter, a constant)
 *   s = S(u) · canFire                          (S = σ(u/T) soft, 1[u > 0] hard)
 *   fired = s > 0.5                             (reset / refractory trigger, ≡ u > 0)
 *
 * `canFire` is a 0/1 mask (0 while refractory). The LIF and two-compartment kernels call the
 * same per-element pieces (`lif/lif-spike-reset.ts`) in their fused loops; this array-level
 * primitive exists for composition and tests.
 *
 * Writes `out.spikes` (dimensionless), `out.uMv` (saved for the backward) and `out.fired`
 * (0/1). Reads `jitterMv` as a constant (may be `null` for no jitter).
 *
 * @example
 *   spikeForward(softSpike(), 3, v, vTh, null, canFire, { spikes, uMv, fired });
 */
export function spikeForward(fn: SpikeFunction, n: number, vMv: Vec, vThresholdMv: Vec, jitterMv: Vec | null, canFire: Uint8Array, out: { spikes: Vec; uMv: Vec; fired: Uint8Array }): void {
  const soft = fn.kind === 'soft';
  const invT = soft ? 1 / fn.temperatureMv : 0;
  const total = vMv.length;
  const { spikes, uMv, fired } = out;
  for (let idx = 0, i = 0; idx < total; idx++, i = i + 1 === n ? 0 : i + 1) {
    const u = thresholdDistance(vMv[idx]!, vThresholdMv[i]!, jitterMv, idx);
    uMv[idx] = u;
    spikes[idx] = spikeValueAt(u, canFire[idx] !== 0, soft, invT);
    fired[idx] = firesAt(spikes[idx]!) ? 1 : 0;
  }
}

/**
 * Vector–Jacobian product of {@link spikeForward}: with g = ∂L/∂s,
 *
 *   ∂L/∂V += g · canFire · S'(u),     ∂L/∂V_th,i −= Σ_b g · canFire · S'(u)
 *
 * (S' = σ(1 − σ)/T for soft, 0 for hard; the jitter and the masks are constants). Accumulates
 * (+=) into `grads.vMv` and `grads.vThresholdMv` (either may be `null` to skip).
 */
export function spikeBackward(fn: SpikeFunction, n: number, uMv: Vec, canFire: Uint8Array, gSpikes: Vec, grads: { vMv: Vec | null; vThresholdMv: Vec | null }): void {
  if (fn.kind !== 'soft') return;
  const invT = 1 / fn.temperatureMv;
  const total = uMv.length;
  const gv = grads.vMv;
  const gth = grads.vThresholdMv;
  for (let idx = 0, i = 0; idx < total; idx++, i = i + 1 === n ? 0 : i + 1) {
    if (canFire[idx] === 0) continue;
    const s = 1 / (1 + Math.exp(-uMv[idx]! * invT));
    const gu = softSpikeGradient(gSpikes[idx]!, s, invT);
    if (gv !== null) gv[idx]! += gu;
    if (gth !== null) gth[i]! -= gu;
  }
}

/**
 * Refractory countdown (spec §2.4 step 1), shared by every spiking population:
 *
 *   ρ' = max(ρ − dt, 0),   canFire = (ρ' ≤ 0)
 *
 * ρ in ms. With τ_ref = 2 ms and dt = 1 ms the arithmetic is exact in float32 and float64
 * (2 − 1 − 1 = 0), so a neuron that fired at step t is blocked at t + 1 and free at t + 2.
 * Writes `out.refractoryMs` (may alias the input) and `out.canFire` (0/1).
 */
export function refractoryCountdown(refractoryMs: Vec, dtMs: number, out: { refractoryMs: Vec; canFire: Uint8Array }): void {
  const total = refractoryMs.length;
  for (let idx = 0; idx < total; idx++) {
    const rho = refractoryAfterStep(refractoryMs[idx]!, dtMs);
    out.refractoryMs[idx] = rho;
    out.canFire[idx] = rho <= 0 ? 1 : 0;
  }
}
