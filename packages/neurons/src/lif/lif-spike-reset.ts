import type { Vec } from '../core/vec';

/**
 * The spike and reset pieces of the LIF step (spec §2.3–2.4), per element, shared by every
 * neuron model that spikes like a LIF: `lifForward` and the two-compartment neuron (whose axon
 * spikes and resets exactly so). Plain scalar functions that V8 inlines into the fused loops;
 * each is the one place its expression is written, so the models agree bit for bit.
 *
 *   ρ' = max(ρ − dt, 0);   canFire = ρ' ≤ 0
 *   u = V − V_th,i − ε                          (ε threshold jitter, or none)
 *   s = canFire ? S(u) : 0                      (S soft σ(u/T), or hard 1[u > 0])
 *   fired = s > 0.5:  V' = V_reset, ρ' = τ_ref
 *   backward of the soft spike: g_u = g_s·s(1 − s)/T from the saved s (torch's sigmoid backward)
 */

/** ρ' = max(ρ − dt, 0), ms. */
export function refractoryAfterStep(refractoryMs: number, dtMs: number): number {
  const rho = refractoryMs - dtMs;
  return rho < 0 ? 0 : rho;
}

/** u = V − V_th,i − ε (mV); `jitterMv` null = no threshold jitter. */
export function thresholdDistance(vMv: number, vThresholdMv: number, jitterMv: Vec | null, idx: number): number {
  return jitterMv === null ? vMv - vThresholdMv : vMv - vThresholdMv - jitterMv[idx]!;
}

/** s = canFire ? S(u) : 0, with S = σ(u·invT) when `soft`, else the Heaviside 1[u > 0]. */
export function spikeValueAt(u: number, canFire: boolean, soft: boolean, invT: number): number {
  return canFire ? (soft ? 1 / (1 + Math.exp(-u * invT)) : u > 0 ? 1 : 0) : 0;
}

/** The reset trigger: a spike above one half. */
export function firesAt(spike: number): boolean {
  return spike > 0.5;
}

/** ∂L/∂u of a soft spike from its saved value s: g_s·s(1 − s)/T. */
export function softSpikeGradient(gSpike: number, spike: number, invT: number): number {
  return gSpike * spike * (1 - spike) * invT;
}
