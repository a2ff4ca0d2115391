/**
 * Exact one-step propagator of the linear two-compartment membrane (the Kenyon cells of the larval model) (spec §2.9),
 * recomputed every step because g_soma is learnable. With g_L = C_m/τ, γ = g_soma/C_m =
 * 1e-3·g_soma·R_m/τ (1/ms; nS·MΩ = 1e-3) and forcing b = V_rest/τ + (R_m/τ)·I (mV/ms):
 *
 *   d/dt [V_d, V_a] = A·[V_d, V_a] + [b_d, b_a],   A = [[p, γ], [γ, p]],  p = −(1/τ + γ)
 *   e1 = exp(−dt/τ),  e2 = exp(−dt·(1/τ + 2γ))
 *   M = exp(A·dt):   M11 = M22 = (e1 + e2)/2,  M12 = M21 = (e1 − e2)/2
 *   K = A⁻¹(M − I):  det = p² − γ² + ε  (ε = 1e−8 s⁻² = 1e−14 ms⁻², the reference's guard)
 *                    K11 = K22 = (p(M11 − 1) − γ·M12)/det,  K12 = K21 = (p·M12 − γ(M11 − 1))/det
 *   [V_d', V_a'] = M·[V_d, V_a] + K·[b_d, b_a]
 *
 * and the derivatives with respect to θ = ln g_soma (dγ/dθ = γ):
 *
 *   dM11/dγ = −dt·e2,  dM12/dγ = +dt·e2,  dp/dγ = −1,  d det/dγ = −2(p + γ) = 2/τ
 *   dK/dγ = (dA·det − A·d det)/det²  with A11 = p(M11 − 1) − γ·M12,  A12 = p·M12 − γ(M11 − 1)
 *
 * Writes `out` = [M11, M12, K11, K12, dM11/dθ, dM12/dθ, dK11/dθ, dK12/dθ] (K in ms).
 *
 * @example
 *   const prop = new Float64Array(8);
 *   twoCompartmentPropagator(Math.log(10), 20, 1000, 1, prop);
 */
export function twoCompartmentPropagator(logGSomaNs: number, tauMemMs: number, resistanceMohm: number, dtMs: number, out: Float64Array): void {
  const gamma = (1e-3 * Math.exp(logGSomaNs) * resistanceMohm) / tauMemMs;
  const invTau = 1 / tauMemMs;
  const e1 = Math.exp(-dtMs * invTau);
  const e2 = Math.exp(-dtMs * (invTau + 2 * gamma));
  const m11 = (e1 + e2) / 2;
  const m12 = (e1 - e2) / 2;
  const p = -(invTau + gamma);
  const det = p * p - gamma * gamma + TWO_COMPARTMENT_DET_EPSILON_PER_MS2;
  const a11 = p * (m11 - 1) - gamma * m12;
  const a12 = p * m12 - gamma * (m11 - 1);
  const dm11 = -dtMs * e2;
  const dm12 = dtMs * e2;
  const dDet = -2 * (p + gamma);
  const da11 = -(m11 - 1) + p * dm11 - m12 - gamma * dm12;
  const da12 = -m12 + p * dm12 - (m11 - 1) - gamma * dm11;
  out[0] = m11;
  out[1] = m12;
  out[2] = a11 / det;
  out[3] = a12 / det;
  out[4] = gamma * dm11;
  out[5] = gamma * dm12;
  out[6] = (gamma * (da11 * det - a11 * dDet)) / (det * det);
  out[7] = (gamma * (da12 * det - a12 * dDet)) / (det * det);
}

/** The reference's determinant guard 1e−8 s⁻², in ms⁻² (1e−14). */
export const TWO_COMPARTMENT_DET_EPSILON_PER_MS2 = 1e-14;
