import type { Vec } from '../core/vec';
import type { SynapseParamGrads, SynapseParams, SynapsePathway, SynapseState } from './synapse-pathway';

/**
 * One step of a chemical synapse pathway with Tsodyks–Markram short-term depression (Tsodyks &
 * Markram 1997, PNAS 94:719, doi:10.1073/pnas.94.2.719; spec §2.5), on CSR connectivity:
 *
 *   r = exp(−dt/τ_rec),  U = σ(logit U),  S = exp(logStrengthNa),  α = exp(−dt/τ_syn)
 *   1. recovery:   x1 = 1 − (1 − x)·r
 *   2. injection:  J_k = sign·S · Σ_j (s_j·U·x1_j)·norm_jk                 (nA)
 *   3. depletion:  x' = x1·(1 − U·clip(s, 0, 1))
 *   (no STD:       J_k = sign·S · Σ_j s_j·norm_jk,  x' = x — no factor U, spec note 21)
 *   4. release noise, per postsynaptic element:  J ← J·(1 + ξ),  ξ ~ N(0, 0.25²)
 *   5. current:    I' = α·I + J
 *
 * `spikes` are the presynaptic spikes (`batch × nPre`, graded in training), `releaseNoise` the
 * ξ values (`batch × nPost`, constants; `null` = none). Writes `out` only (must not alias the
 * inputs); allocation-free; rows with s_j·x1_j = 0 are skipped.
 *
 * @example
 *   synapseForward(pathway, params, state, preSpikes, noise, 1, next);
 */
export function synapseForward(
  pathway: SynapsePathway,
  params: SynapseParams,
  state: SynapseState,
  spikes: Vec,
  releaseNoise: Vec | null,
  dtMs: number,
  out: SynapseState,
): void {
  const { nPre, nPost, weights, shortTermDepression } = pathway;
  const { rowPtr, colIdx, values } = weights;
  const scale = pathway.sign * Math.exp(params.logStrengthNa);
  const alpha = Math.exp(-dtMs / pathway.tauSynMs);
  const r = Math.exp(-dtMs / Math.exp(params.logTauRecMs));
  const U = 1 / (1 + Math.exp(-params.logitReleaseProbability));
  const release = shortTermDepression ? U : 1;
  const x = state.resources;
  const I = state.currentNa;
  const xOut = out.resources;
  const J = out.currentNa;
  const batch = spikes.length / nPre;
  for (let b = 0; b < batch; b++) {
    const pre = b * nPre;
    const post = b * nPost;
    for (let k = 0; k < nPost; k++) J[post + k] = 0;
    for (let j = 0; j < nPre; j++) {
      const s = spikes[pre + j]!;
      let p: number;
      if (shortTermDepression) {
        const x1 = 1 - (1 - x[pre + j]!) * r;
        const c = s < 0 ? 0 : s > 1 ? 1 : s;
        xOut[pre + j] = x1 * (1 - U * c);
        p = s * release * x1;
      } else {
        xOut[pre + j] = x[pre + j]!;
        p = s;
      }
      if (p === 0) continue;
      for (let e = rowPtr[j]!, end = rowPtr[j + 1]!; e < end; e++) J[post + colIdx[e]!]! += p * values[e]!;
    }
    for (let k = 0; k < nPost; k++) {
      const noise = releaseNoise === null ? 1 : 1 + releaseNoise[post + k]!;
      J[post + k] = alpha * I[post + k]! + scale * J[post + k]! * noise;
    }
  }
}

/** Upstream gradients of one synapse step (`null` = zero). */
export interface SynapseStepGradients {
  /** ∂L/∂I' (new current), 1/nA. */
  readonly currentNa: Vec | null;
  /** ∂L/∂x' (new resources). */
  readonly resources: Vec | null;
}

/** Gradient accumulators filled by {@link synapseBackward} (`null` = not needed). */
export interface SynapseBackwardGrads {
  /** ∂L/∂I (current at the start of the step), += . */
  readonly currentNa: Vec | null;
  /** ∂L/∂x (resources at the start of the step), += . */
  readonly resources: Vec | null;
  /** ∂L/∂s (presynaptic spikes), += . */
  readonly spikes: Vec | null;
  /** Learnable scalars, += . */
  readonly params: SynapseParamGrads;
}

/**
 * Vector–Jacobian product of {@link synapseForward}, hand-derived (noise constant; the clip
 * passes gradient on [0, 1] inclusive, like `torch.clamp`). With h_k = sign·S·(1 + ξ_k)·gI'_k and
 * gp_j = Σ_k norm_jk·h_k (a CSR row gather):
 *
 *   gI += α·gI'
 *   g ln S += Σ_j p_j·gp_j                      (p_j = s_j·U·x1_j, or s_j without STD)
 *   STD:  gs_j += gp_j·U·x1_j − [0 ≤ s_j ≤ 1]·gx'_j·x1_j·U
 *         gU   += Σ gp_j·s_j·x1_j − gx'_j·x1_j·clip(s_j)
 *         gx1_j = gp_j·s_j·U + gx'_j·(1 − U·clip(s_j));   gx_j += r·gx1_j
 *         g logit U += gU·U(1 − U);   g ln τ_rec += −Σ gx1_j·(1 − x_j) · r·dt/τ_rec
 *   no STD: gs_j += gp_j;  gx_j += gx'_j
 *
 * Takes the same arguments as the forward (the forward saves nothing). Accumulates (+=).
 *
 * @example
 *   synapseBackward(pathway, params, state, preSpikes, noise, 1, { currentNa: gI, resources: gX }, grads);
 */
export function synapseBackward(
  pathway: SynapsePathway,
  params: SynapseParams,
  state: SynapseState,
  spikes: Vec,
  releaseNoise: Vec | null,
  dtMs: number,
  gradOut: SynapseStepGradients,
  grads: SynapseBackwardGrads,
): void {
  const { nPre, nPost, weights, shortTermDepression } = pathway;
  const { rowPtr, colIdx, values } = weights;
  const scale = pathway.sign * Math.exp(params.logStrengthNa);
  const alpha = Math.exp(-dtMs / pathway.tauSynMs);
  const tauRec = Math.exp(params.logTauRecMs);
  const r = Math.exp(-dtMs / tauRec);
  const U = 1 / (1 + Math.exp(-params.logitReleaseProbability));
  const x = state.resources;
  const gIout = gradOut.currentNa;
  const gXout = gradOut.resources;
  const gI = grads.currentNa;
  const gX = grads.resources;
  const gS = grads.spikes;
  let gLogS = 0;
  let gU = 0;
  let gR = 0;
  const batch = spikes.length / nPre;
  for (let b = 0; b < batch; b++) {
    const pre = b * nPre;
    const post = b * nPost;
    if (gIout !== null && gI !== null) for (let k = 0; k < nPost; k++) gI[post + k]! += alpha * gIout[post + k]!;
    for (let j = 0; j < nPre; j++) {
      const s = spikes[pre + j]!;
      let gp = 0;
      if (gIout !== null) {
        for (let e = rowPtr[j]!, end = rowPtr[j + 1]!; e < end; e++) {
          const k = post + colIdx[e]!;
          gp += values[e]! * gIout[k]! * (releaseNoise === null ? 1 : 1 + releaseNoise[k]!);
        }
        gp *= scale;
      }
      const gx2 = gXout === null ? 0 : gXout[pre + j]!;
      if (shortTermDepression) {
        const x0 = x[pre + j]!;
        const x1 = 1 - (1 - x0) * r;
        const inClip = s >= 0 && s <= 1;
        const c = s < 0 ? 0 : s > 1 ? 1 : s;
        gLogS += gp * s * U * x1;
        if (gS !== null) gS[pre + j]! += gp * U * x1 - (inClip ? gx2 * x1 * U : 0);
        gU += gp * s * x1 - gx2 * x1 * c;
        const gx1 = gp * s * U + gx2 * (1 - U * c);
        if (gX !== null) gX[pre + j]! += r * gx1;
        gR -= gx1 * (1 - x0);
      } else {
        gLogS += gp * s;
        if (gS !== null) gS[pre + j]! += gp;
        if (gX !== null) gX[pre + j]! += gx2;
      }
    }
  }
  const g = grads.params;
  g.logStrengthNa += gLogS;
  if (shortTermDepression) {
    g.logitReleaseProbability += gU * U * (1 - U);
    g.logTauRecMs += gR * ((r * dtMs) / tauRec);
  }
}
