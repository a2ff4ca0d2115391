import type { Vec } from '../core/vec';
import { NA_PER_NS_MV } from '../core/units';
import { normalizeCountsByMax } from '../core/normalize';
import { finiteNumber, positiveNumber } from '../core/validate';
import { softplus, softplusDerivative } from '../math/softplus';
import type { CsrMatrix } from '../sparse/csr-matrix';

/**
 * A graded (non-spiking) KC–KC coupling (spec §2.10): dendrite→dendrite (`dd`, onto dendrites)
 * or dendrite→axon (`da`, onto axons), driven by the previous step's dendritic depolarisation.
 */
export interface GradedCoupling {
  readonly nPre: number;
  readonly nPost: number;
  /** W = counts / max(counts), CSR n_pre × n_post. */
  readonly weights: CsrMatrix;
  /** Reference of the depolarisation V_d − V_reset, mV. Default −60. */
  readonly vResetMv: number;
  /** Cap of the activation, mV. Default 30 (the reference's 0.030 V). */
  readonly capMv: number;
  /** Conductance scale, nS. Default 1 (the reference's 1e−9 S). */
  readonly conductanceScaleNs: number;
}

/**
 * Validate and normalise a graded coupling.
 *
 * @throws {InvalidParameterError} for negative counts, NaN voltages or a non-positive cap / scale.
 * @example
 *   const dd = defineGradedCoupling({ counts: kcToKcDd }); // 144×144
 */
export function defineGradedCoupling(options: { counts: CsrMatrix; vResetMv?: number; capMv?: number; conductanceScaleNs?: number }): GradedCoupling {
  const weights = normalizeCountsByMax('counts', options.counts);
  return Object.freeze({
    nPre: weights.nRows,
    nPost: weights.nCols,
    weights,
    vResetMv: finiteNumber('vResetMv', options.vResetMv ?? -60, 'reset potential in mV'),
    capMv: positiveNumber('capMv', options.capMv ?? 30, 'activation cap in mV'),
    conductanceScaleNs: positiveNumber('conductanceScaleNs', options.conductanceScaleNs ?? 1, 'conductance scale in nS'),
  });
}

/**
 * Graded coupling current:
 *
 *   act_k = min(relu(V_d,k − V_reset), 30 mV)
 *   I_j   = 1e-3 · g_scale · softplus(gainRaw) · Σ_k act_k·W_kj          (nS × mV = pA → nA)
 *
 * `gainRaw` is `kc_kc_dd_gain` / `kc_kc_da_gain` (init −5, softplus ≈ 0.0067). `vDendriteMv` is
 * the previous step's V_d (`batch × n_pre`), `out` nA (`batch × n_post`). Writes `out` only.
 *
 * @example
 *   gradedCouplingForward(dd, -5, vDendPrev, iDd);
 */
export function gradedCouplingForward(coupling: GradedCoupling, gainRaw: number, vDendriteMv: Vec, out: Vec): void {
  const { nPre, nPost, vResetMv, capMv } = coupling;
  const { rowPtr, colIdx, values } = coupling.weights;
  const c = NA_PER_NS_MV * coupling.conductanceScaleNs * softplus(gainRaw);
  const batch = vDendriteMv.length / nPre;
  for (let b = 0; b < batch; b++) {
    const op = b * nPost;
    for (let j = 0; j < nPost; j++) out[op + j] = 0;
    for (let k = 0; k < nPre; k++) {
      let act = vDendriteMv[b * nPre + k]! - vResetMv;
      if (!(act > 0)) continue;
      if (act > capMv) act = capMv;
      const a = c * act;
      for (let e = rowPtr[k]!, end = rowPtr[k + 1]!; e < end; e++) out[op + colIdx[e]!]! += a * values[e]!;
    }
  }
}

/**
 * VJP of {@link gradedCouplingForward} (relu passes where x > 0, the cap — a `clamp(max)` —
 * where x ≤ 30 mV): with h_k = Σ_j W_kj·gI_j,
 *
 *   gV_d,k += [0 < x_k ≤ cap]·c·h_k,    g gainRaw += 1e-3·g_scale·softplus'(gainRaw)·Σ act_k·h_k
 *
 * Accumulates (+=).
 */
export function gradedCouplingBackward(
  coupling: GradedCoupling,
  gainRaw: number,
  vDendriteMv: Vec,
  gCurrent: Vec,
  grads: { readonly vDendriteMv: Vec | null; gainRaw: number },
): void {
  const { nPre, nPost, vResetMv, capMv } = coupling;
  const { rowPtr, colIdx, values } = coupling.weights;
  const scale = NA_PER_NS_MV * coupling.conductanceScaleNs;
  const c = scale * softplus(gainRaw);
  const gV = grads.vDendriteMv;
  let gGain = 0;
  const batch = vDendriteMv.length / nPre;
  for (let b = 0; b < batch; b++) {
    const op = b * nPost;
    for (let k = 0; k < nPre; k++) {
      const x = vDendriteMv[b * nPre + k]! - vResetMv;
      if (!(x > 0)) continue;
      let h = 0;
      for (let e = rowPtr[k]!, end = rowPtr[k + 1]!; e < end; e++) h += values[e]! * gCurrent[op + colIdx[e]!]!;
      gGain += (x > capMv ? capMv : x) * h;
      if (gV !== null && x <= capMv) gV[b * nPre + k]! += c * h;
    }
  }
  grads.gainRaw += scale * softplusDerivative(gainRaw) * gGain;
}
