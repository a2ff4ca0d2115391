import type { Vec } from '../core/vec';
import { gradedCouplingCoefficients } from './graded-coupling-coefficients';
import { normalizeCountsByMax } from '../core/normalize';
import { finiteNumber, positiveNumber } from '../core/validate';
import { softplusDerivative } from '../math/softplus';
import type { CsrMatrix } from '../sparse/csr-matrix';
import { arenaGradedBackward, arenaGradedForward } from '../wasm/kernel-arena';

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
  const c = gradedCouplingCoefficients(coupling, gainRaw).coefficient;
  if (arenaGradedForward(coupling, c, vDendriteMv, out)) return;
  const batch = vDendriteMv.length / nPre;
  out.fill(0, 0, batch * nPost);
  let b = 0;
  // four samples at a time; a silent lane adds +0 to a non-negative sum (no change), so every
  // output receives the same terms in the same order as sample by sample
  for (; b + 4 <= batch; b += 4) {
    const q0 = b * nPre;
    const o0 = b * nPost;
    const o1 = o0 + nPost;
    const o2 = o1 + nPost;
    const o3 = o2 + nPost;
    for (let k = 0; k < nPre; k++) {
      if (rowPtr[k] === rowPtr[k + 1]) continue; // no synapses: nothing to add
      const a0 = gradedDrive(c, vDendriteMv[q0 + k]! - vResetMv, capMv);
      const a1 = gradedDrive(c, vDendriteMv[q0 + nPre + k]! - vResetMv, capMv);
      const a2 = gradedDrive(c, vDendriteMv[q0 + 2 * nPre + k]! - vResetMv, capMv);
      const a3 = gradedDrive(c, vDendriteMv[q0 + 3 * nPre + k]! - vResetMv, capMv);
      if (a0 === 0 && a1 === 0 && a2 === 0 && a3 === 0) continue;
      for (let e = rowPtr[k]!, end = rowPtr[k + 1]!; e < end; e++) {
        const j = colIdx[e]!;
        const w = values[e]!;
        out[o0 + j]! += a0 * w;
        out[o1 + j]! += a1 * w;
        out[o2 + j]! += a2 * w;
        out[o3 + j]! += a3 * w;
      }
    }
  }
  for (; b < batch; b++) {
    const op = b * nPost;
    for (let k = 0; k < nPre; k++) {
      const a = gradedDrive(c, vDendriteMv[b * nPre + k]! - vResetMv, capMv);
      if (a === 0) continue;
      for (let e = rowPtr[k]!, end = rowPtr[k + 1]!; e < end; e++) out[op + colIdx[e]!]! += a * values[e]!;
    }
  }
}

/** c·min(relu(x), cap), 0 for x ≤ 0 or NaN. */
function gradedDrive(c: number, x: number, capMv: number): number {
  if (!(x > 0)) return 0;
  return c * (x > capMv ? capMv : x);
}

/**
 * VJP of {@link gradedCouplingForward} (relu passes where x > 0, the cap — a `clamp(max)` —
 * where x ≤ 30 mV): with h_k = Σ_j W_kj·gI_j,
 *
 *   gV_d,k += [0 < x_k ≤ cap]·c·h_k,    g gainRaw += 1e-3·g_scale·softplus'(gainRaw)·Σ act_k·h_k
 *
 * Accumulates (+=).
 */
export function gradedCouplingBackward(coupling: GradedCoupling, gainRaw: number, vDendriteMv: Vec, gCurrent: Vec, grads: { readonly vDendriteMv: Vec | null; gainRaw: number }): void {
  const { nPre, nPost, vResetMv, capMv } = coupling;
  const { rowPtr, colIdx, values } = coupling.weights;
  const { scale, coefficient: c } = gradedCouplingCoefficients(coupling, gainRaw);
  const gV = grads.vDendriteMv;
  const inArena = arenaGradedBackward(coupling, c, vDendriteMv, gCurrent, gV);
  if (inArena !== null) {
    grads.gainRaw += scale * softplusDerivative(gainRaw) * inArena;
    return;
  }
  let gGain = 0;
  const batch = vDendriteMv.length / nPre;
  let b = 0;
  for (; b + 4 <= batch; b += 4) {
    const q0 = b * nPre;
    const o0 = b * nPost;
    const o1 = o0 + nPost;
    const o2 = o1 + nPost;
    const o3 = o2 + nPost;
    for (let k = 0; k < nPre; k++) {
      if (rowPtr[k] === rowPtr[k + 1]) continue; // no synapses: h = 0, every term below is 0
      const x0 = vDendriteMv[q0 + k]! - vResetMv;
      const x1 = vDendriteMv[q0 + nPre + k]! - vResetMv;
      const x2 = vDendriteMv[q0 + 2 * nPre + k]! - vResetMv;
      const x3 = vDendriteMv[q0 + 3 * nPre + k]! - vResetMv;
      if (!(x0 > 0) && !(x1 > 0) && !(x2 > 0) && !(x3 > 0)) continue;
      let h0 = 0;
      let h1 = 0;
      let h2 = 0;
      let h3 = 0;
      for (let e = rowPtr[k]!, end = rowPtr[k + 1]!; e < end; e++) {
        const j = colIdx[e]!;
        const w = values[e]!;
        h0 += w * gCurrent[o0 + j]!;
        h1 += w * gCurrent[o1 + j]!;
        h2 += w * gCurrent[o2 + j]!;
        h3 += w * gCurrent[o3 + j]!;
      }
      gGain += gradedLane(gV, q0 + k, x0, h0, c, capMv);
      gGain += gradedLane(gV, q0 + nPre + k, x1, h1, c, capMv);
      gGain += gradedLane(gV, q0 + 2 * nPre + k, x2, h2, c, capMv);
      gGain += gradedLane(gV, q0 + 3 * nPre + k, x3, h3, c, capMv);
    }
  }
  for (; b < batch; b++) {
    const op = b * nPost;
    for (let k = 0; k < nPre; k++) {
      const x = vDendriteMv[b * nPre + k]! - vResetMv;
      if (!(x > 0)) continue;
      let h = 0;
      for (let e = rowPtr[k]!, end = rowPtr[k + 1]!; e < end; e++) h += values[e]! * gCurrent[op + colIdx[e]!]!;
      gGain += gradedLane(gV, b * nPre + k, x, h, c, capMv);
    }
  }
  grads.gainRaw += scale * softplusDerivative(gainRaw) * gGain;
}

/** One presynaptic element of the backward: adds c·h to gV_d where 0 < x ≤ cap; returns act·h (0 where x ≤ 0). */
function gradedLane(gV: Vec | null, idx: number, x: number, h: number, c: number, capMv: number): number {
  if (!(x > 0)) return 0;
  if (gV !== null && x <= capMv) gV[idx]! += c * h;
  return (x > capMv ? capMv : x) * h;
}
