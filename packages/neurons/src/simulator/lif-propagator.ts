/**
 * Per-step coefficients of the current-based LIF neuron with exponential synapse channels,
 *
 *   τ_m dv/dt = (v_rest − v) + Σ_c s_c + R·I,    τ_c ds_c/dt = −s_c,
 *
 * written as one linear update over a step of dt (I constant over the step):
 *
 *   v' = v_rest + (v − v_rest)·a_m + Σ_c k_c·s_c + k_I·R·I,     s_c' = a_c·s_c
 *
 * - `'exact'`: a_m = e^(−dt/τ_m), a_c = e^(−dt/τ_c), k_I = 1 − a_m and
 *   k_c = τ_c/(τ_c − τ_m)·(a_c − a_m), computed as τ_c/(τ_c − τ_m)·a_m·expm1(dt(τ_c − τ_m)/(τ_m τ_c))
 *   so that it stays accurate as τ_c → τ_m (limit a_m·dt/τ_m).
 * - `'euler'`: a_m = 1 − dt/τ_m, a_c = 1 − dt/τ_c, k_c = k_I = dt/τ_m.
 */
export interface LifCoefficients {
  /** Membrane decay a_m. */
  readonly membraneDecay: number;
  /** Gain of the injected drive R·I, k_I. */
  readonly driveGain: number;
}

/** Membrane coefficients for one neuron. */
export function lifMembraneCoefficients(tauMemMs: number, dtMs: number, integration: 'exact' | 'euler'): LifCoefficients {
  if (integration === 'euler') return { membraneDecay: 1 - dtMs / tauMemMs, driveGain: dtMs / tauMemMs };
  return { membraneDecay: Math.exp(-dtMs / tauMemMs), driveGain: -Math.expm1(-dtMs / tauMemMs) };
}

/** Decay a_c of a synapse channel over one step. */
export function synapseChannelDecay(tauSynMs: number, dtMs: number, integration: 'exact' | 'euler'): number {
  return integration === 'euler' ? 1 - dtMs / tauSynMs : Math.exp(-dtMs / tauSynMs);
}

/** Gain k_c of a synapse channel's variable on v over one step. */
export function synapseChannelGain(tauMemMs: number, tauSynMs: number, dtMs: number, integration: 'exact' | 'euler'): number {
  if (integration === 'euler') return dtMs / tauMemMs;
  const am = Math.exp(-dtMs / tauMemMs);
  if (tauSynMs === tauMemMs) return (am * dtMs) / tauMemMs;
  return (tauSynMs / (tauSynMs - tauMemMs)) * am * Math.expm1((dtMs * (tauSynMs - tauMemMs)) / (tauMemMs * tauSynMs));
}
