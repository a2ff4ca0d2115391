import type { Vec } from '../core/vec';
import type { SynapseConnectedIndices, SynapseParamGrads, SynapseParams, SynapsePathway, SynapseState } from './synapse-pathway';
import { synapseConnectedIndices } from './synapse-pathway';
import { arenaSynapseBackward, arenaSynapseForward } from '../wasm/kernel-arena';
import { synapseCoefficients } from './synapse-coefficients';

/** Options of {@link synapseForward}. */
export interface SynapseForwardOptions {
  /**
   * Also add the new current I' into this array (`batch × nPost`, e.g. a population's summed
   * input) — the same as a separate `accumulate[k] += I'[k]` loop after the call.
   */
  readonly accumulate?: Vec | null;
  /**
   * Update only the connected elements (presynaptic elements with at least one synapse,
   * postsynaptic elements receiving at least one). The state of the other elements is left
   * unspecified: it never influences any connected element, so a caller that reads only
   * connected elements (or the accumulated input: an unconnected element adds I' = α·I, which
   * stays 0 from a fresh state) gets identical results for less work. Default false.
   */
  readonly connectedOnly?: boolean;
}

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
 * ξ values (`batch × nPost`, constants; `null` = none). Writes `out` (must not alias the
 * inputs); allocation-free; see {@link SynapseForwardOptions} for `accumulate` and
 * `connectedOnly`.
 *
 * Performance: when every array lives in one {@link KernelArena} holding the pathway, the step
 * runs in WebAssembly with SIMD sparse products (see `wasm/kernel-arena.ts`), bit-identical to the
 * JavaScript path. Otherwise samples are processed eight or four at a time, so each CSR entry is read once per four
 * samples and the four release values sit in registers; rows whose release is 0 in all four
 * samples are skipped. Every output element still receives its terms in the same order
 * (j ascending, then the row's entries) with the same rounding, so the results are
 * bit-identical to a one-sample-at-a-time loop.
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
  options: SynapseForwardOptions = {},
): void {
  const { nPre, nPost, weights, shortTermDepression: depression } = pathway;
  const { rowPtr, colIdx, values } = weights;
  const { scale, currentDecay: alpha, recovery: r, releaseProbability: U } = synapseCoefficients(pathway, params, dtMs);
  const x = state.resources;
  const I = state.currentNa;
  const xOut = out.resources;
  const J = out.currentNa;
  const acc = options.accumulate ?? null;
  const batch = spikes.length / nPre;
  if (arenaSynapseForward(pathway, { depression, U, r, alpha, scale }, spikes, x, xOut, I, J, releaseNoise, acc, options.connectedOnly === true)) return;
  const conn = options.connectedOnly === true ? connectedOf(pathway) : null;
  // presynaptic elements to visit: all, or the connected rows
  const rows = conn === null ? null : conn.pre;
  const nRows = rows === null ? nPre : rows.length;
  let b = 0;
  for (; b + 8 <= batch; b += 8) {
    const q0 = b * nPre;
    const o0 = b * nPost;
    J.fill(0, o0, o0 + 8 * nPost);
    for (let a = 0; a < nRows; a++) {
      const j = rows === null ? a : rows[a]!;
      const p0 = release(depression, U, r, spikes, x, xOut, q0 + j);
      const p1 = release(depression, U, r, spikes, x, xOut, q0 + nPre + j);
      const p2 = release(depression, U, r, spikes, x, xOut, q0 + 2 * nPre + j);
      const p3 = release(depression, U, r, spikes, x, xOut, q0 + 3 * nPre + j);
      const p4 = release(depression, U, r, spikes, x, xOut, q0 + 4 * nPre + j);
      const p5 = release(depression, U, r, spikes, x, xOut, q0 + 5 * nPre + j);
      const p6 = release(depression, U, r, spikes, x, xOut, q0 + 6 * nPre + j);
      const p7 = release(depression, U, r, spikes, x, xOut, q0 + 7 * nPre + j);
      if (p0 === 0 && p1 === 0 && p2 === 0 && p3 === 0 && p4 === 0 && p5 === 0 && p6 === 0 && p7 === 0) continue;
      for (let e = rowPtr[j]!, end = rowPtr[j + 1]!; e < end; e++) {
        const k = o0 + colIdx[e]!;
        const w = values[e]!;
        J[k]! += p0 * w;
        J[k + nPost]! += p1 * w;
        J[k + 2 * nPost]! += p2 * w;
        J[k + 3 * nPost]! += p3 * w;
        J[k + 4 * nPost]! += p4 * w;
        J[k + 5 * nPost]! += p5 * w;
        J[k + 6 * nPost]! += p6 * w;
        J[k + 7 * nPost]! += p7 * w;
      }
    }
  }
  for (; b + 4 <= batch; b += 4) {
    const q0 = b * nPre;
    const q1 = q0 + nPre;
    const q2 = q1 + nPre;
    const q3 = q2 + nPre;
    const o0 = b * nPost;
    const o1 = o0 + nPost;
    const o2 = o1 + nPost;
    const o3 = o2 + nPost;
    J.fill(0, o0, o0 + 4 * nPost);
    for (let a = 0; a < nRows; a++) {
      const j = rows === null ? a : rows[a]!;
      const p0 = release(depression, U, r, spikes, x, xOut, q0 + j);
      const p1 = release(depression, U, r, spikes, x, xOut, q1 + j);
      const p2 = release(depression, U, r, spikes, x, xOut, q2 + j);
      const p3 = release(depression, U, r, spikes, x, xOut, q3 + j);
      if (p0 === 0 && p1 === 0 && p2 === 0 && p3 === 0) continue;
      // p ≥ 0 and norm > 0, so a zero lane adds +0 to a non-negative sum: no change
      for (let e = rowPtr[j]!, end = rowPtr[j + 1]!; e < end; e++) {
        const k = colIdx[e]!;
        const w = values[e]!;
        J[o0 + k]! += p0 * w;
        J[o1 + k]! += p1 * w;
        J[o2 + k]! += p2 * w;
        J[o3 + k]! += p3 * w;
      }
    }
  }
  for (; b < batch; b++) {
    const q = b * nPre;
    const o = b * nPost;
    J.fill(0, o, o + nPost);
    for (let a = 0; a < nRows; a++) {
      const j = rows === null ? a : rows[a]!;
      const p = release(depression, U, r, spikes, x, xOut, q + j);
      if (p === 0) continue;
      for (let e = rowPtr[j]!, end = rowPtr[j + 1]!; e < end; e++) J[o + colIdx[e]!]! += p * values[e]!;
    }
  }
  if (conn === null) currentUpdate(J, I, releaseNoise, acc, alpha, scale, 0, batch * nPost);
  else for (let bb = 0; bb < batch; bb++) currentUpdateAt(J, I, releaseNoise, acc, alpha, scale, bb * nPost, conn.post);
}

/** Steps 1 and 3 for one presynaptic element: writes x', returns the release p = s·U·x1 (or s without STD). */
function release(depression: boolean, U: number, r: number, spikes: Vec, x: Vec, xOut: Vec, idx: number): number {
  const s = spikes[idx]!;
  if (!depression) {
    xOut[idx] = x[idx]!;
    return s;
  }
  const x1 = 1 - (1 - x[idx]!) * r;
  const c = s < 0 ? 0 : s > 1 ? 1 : s;
  xOut[idx] = x1 * (1 - U * c);
  return s * U * x1;
}

/** Steps 4–5 on `J[from, to)` (J holds Σ p·norm on entry): J ← α·I + S·J·(1 + ξ), then `acc += J`. */
function currentUpdate(J: Vec, I: Vec, xi: Vec | null, acc: Vec | null, alpha: number, scale: number, from: number, to: number): void {
  if (xi === null) for (let k = from; k < to; k++) J[k] = alpha * I[k]! + scale * J[k]!;
  else for (let k = from; k < to; k++) J[k] = alpha * I[k]! + scale * J[k]! * (1 + xi[k]!);
  // adds the stored (rounded) current, exactly as a separate loop after the call would
  if (acc !== null) for (let k = from; k < to; k++) acc[k]! += J[k]!;
}

/** {@link currentUpdate} on the elements `offset + cols[c]` only. */
function currentUpdateAt(J: Vec, I: Vec, xi: Vec | null, acc: Vec | null, alpha: number, scale: number, offset: number, cols: Int32Array): void {
  for (let c = 0; c < cols.length; c++) {
    const k = offset + cols[c]!;
    J[k] = xi === null ? alpha * I[k]! + scale * J[k]! : alpha * I[k]! + scale * J[k]! * (1 + xi[k]!);
    if (acc !== null) acc[k]! += J[k]!;
  }
}

function connectedOf(pathway: SynapsePathway): SynapseConnectedIndices {
  return pathway.connected ?? synapseConnectedIndices(pathway.weights);
}

/** Upstream gradients of one synapse step (`null` = zero). */
export interface SynapseStepGradients {
  /** ∂L/∂I' (new current), 1/nA. */
  readonly currentNa: Vec | null;
  /**
   * A second ∂L/∂I' term, summed with `currentNa` (optional): e.g. the gradient of a population
   * input that several pathways feed, passed without adding it into each pathway's own buffer.
   */
  readonly currentNaShared?: Vec | null;
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

/** Options of {@link synapseBackward}. */
export interface SynapseBackwardOptions {
  /** Work space of at least {@link synapseScratchLength} float64 values; allocated when absent. */
  readonly scratch?: Float64Array;
  /**
   * The VJP of a `connectedOnly` forward: gradients flow only through connected elements
   * (the others' are left unspecified; an unconnected element's state depends on no
   * parameter and influences nothing). Default false.
   */
  readonly connectedOnly?: boolean;
}

/** Length of the `scratch` of {@link synapseBackward}: batch·(nPre + nPost). */
export function synapseScratchLength(pathway: SynapsePathway, batch: number): number {
  return batch * (pathway.nPre + pathway.nPost);
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
 * (gI' = `currentNa` + `currentNaShared`.) Takes the same arguments as the forward (the
 * forward saves nothing). Accumulates (+=). The row gathers run four samples at a time.
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
  options: SynapseBackwardOptions = {},
): void {
  const { nPre, nPost, weights, shortTermDepression } = pathway;
  const { rowPtr, colIdx, values } = weights;
  const { scale, currentDecay: alpha, tauRecMs: tauRec, recovery: r, releaseProbability: U } = synapseCoefficients(pathway, params, dtMs);
  const gIout = gradOut.currentNa;
  const gShared = gradOut.currentNaShared ?? null;
  const gXout = gradOut.resources;
  const batch = spikes.length / nPre;
  const nIn = batch * nPre;
  const nOut = batch * nPost;
  const scratch = options.scratch;
  const g = grads.params;
  const hasGI = gIout !== null || gShared !== null;
  const sums = { gLogS: 0, gU: 0, gR: 0 };
  const c = { depression: shortTermDepression, U, r, alpha, scale };
  if (
    arenaSynapseBackward(
      pathway,
      c,
      spikes,
      state.resources,
      releaseNoise,
      hasGI ? (gIout ?? gShared) : null,
      gIout !== null ? gShared : null,
      gXout,
      grads.currentNa,
      grads.resources,
      grads.spikes,
      options.connectedOnly === true,
      sums,
    )
  ) {
    addParamGrads(g, shortTermDepression, sums.gLogS, sums.gU, sums.gR, U, r, dtMs, tauRec);
    return;
  }
  const buf = scratch !== undefined && scratch.length >= nIn + nOut ? scratch : new Float64Array(nIn + nOut);
  const conn = options.connectedOnly === true ? connectedOf(pathway) : null;
  // buf[0, nIn): gp (per presynaptic element); buf[nIn, nIn + nOut): h = sign·S·(1 + ξ)·gI'
  if (hasGI) {
    const g1 = (gIout ?? gShared)!;
    const g2 = gIout !== null ? gShared : null;
    if (conn === null) outputGradient(buf, nIn, g1, g2, grads.currentNa, releaseNoise, alpha, scale, 0, nOut);
    else for (let b = 0; b < batch; b++) outputGradientAt(buf, nIn, g1, g2, grads.currentNa, releaseNoise, alpha, scale, b * nPost, conn.post);
    rowGather(buf, nIn, rowPtr, colIdx, values, nPre, nPost, batch, conn === null ? null : conn.pre);
  }
  const gS = grads.spikes;
  const gX = grads.resources;
  const x = state.resources;
  const rows = conn === null ? null : conn.pre;
  const nRows = rows === null ? nPre : rows.length;
  let gLogS = 0;
  let gU = 0;
  let gR = 0;
  for (let b = 0; b < batch; b++) {
    const q = b * nPre;
    for (let a = 0; a < nRows; a++) {
      const j = rows === null ? a : rows[a]!;
      const idx = q + j;
      const gx2 = gXout === null ? 0 : gXout[idx]!;
      const gp = hasGI ? buf[idx]! : 0;
      // an unconnected element (empty row) has gp = 0; with gx' = 0 too, every term below is 0
      if (gx2 === 0 && gp === 0 && rowPtr[j] === rowPtr[j + 1]) continue;
      const s = spikes[idx]!;
      if (shortTermDepression) {
        const x0 = x[idx]!;
        const x1 = 1 - (1 - x0) * r;
        const inClip = s >= 0 && s <= 1;
        const c = s < 0 ? 0 : s > 1 ? 1 : s;
        gLogS += gp * s * U * x1;
        if (gS !== null) gS[idx]! += gp * U * x1 - (inClip ? gx2 * x1 * U : 0);
        gU += gp * s * x1 - gx2 * x1 * c;
        const gx1 = gp * s * U + gx2 * (1 - U * c);
        if (gX !== null) gX[idx]! += r * gx1;
        gR -= gx1 * (1 - x0);
      } else {
        gLogS += gp * s;
        if (gS !== null) gS[idx]! += gp;
        if (gX !== null) gX[idx]! += gx2;
      }
    }
  }
  addParamGrads(g, shortTermDepression, gLogS, gU, gR, U, r, dtMs, tauRec);
}

/** The chain rule from the raw sums to the learnable scalars: ln S, logit U (U(1 − U)), ln τ_rec (r·dt/τ_rec). */
function addParamGrads(g: SynapseParamGrads, depression: boolean, gLogS: number, gU: number, gR: number, U: number, r: number, dtMs: number, tauRec: number): void {
  g.logStrengthNa += gLogS;
  if (depression) {
    g.logitReleaseProbability += gU * U * (1 - U);
    g.logTauRecMs += gR * ((r * dtMs) / tauRec);
  }
}

/** For k in [from, to): gt = g1 + g2; gI += α·gt; buf[nIn + k] = S·gt·(1 + ξ) (the h of the gather). */
function outputGradient(buf: Float64Array, nIn: number, g1: Vec, g2: Vec | null, gI: Vec | null, xi: Vec | null, alpha: number, scale: number, from: number, to: number): void {
  for (let k = from; k < to; k++) {
    const gt = g2 === null ? g1[k]! : g1[k]! + g2[k]!;
    if (gI !== null) gI[k]! += alpha * gt;
    buf[nIn + k] = xi === null ? scale * gt : scale * gt * (1 + xi[k]!);
  }
}

/** {@link outputGradient} on the elements `offset + cols[c]` only. */
function outputGradientAt(buf: Float64Array, nIn: number, g1: Vec, g2: Vec | null, gI: Vec | null, xi: Vec | null, alpha: number, scale: number, offset: number, cols: Int32Array): void {
  for (let c = 0; c < cols.length; c++) {
    const k = offset + cols[c]!;
    const gt = g2 === null ? g1[k]! : g1[k]! + g2[k]!;
    if (gI !== null) gI[k]! += alpha * gt;
    buf[nIn + k] = xi === null ? scale * gt : scale * gt * (1 + xi[k]!);
  }
}

/** gp_j = Σ_e norm_e·h_col(e) for every (sample, row) — or the listed rows — into buf[b·nPre + j], four samples at a time. */
function rowGather(buf: Float64Array, nIn: number, rowPtr: Int32Array, colIdx: Int32Array, values: Float32Array, nPre: number, nPost: number, batch: number, rows: Int32Array | null): void {
  const nRows = rows === null ? nPre : rows.length;
  let b = 0;
  for (; b + 8 <= batch; b += 8) {
    const h0 = nIn + b * nPost;
    const q0 = b * nPre;
    for (let a = 0; a < nRows; a++) {
      const j = rows === null ? a : rows[a]!;
      let a0 = 0;
      let a1 = 0;
      let a2 = 0;
      let a3 = 0;
      let a4 = 0;
      let a5 = 0;
      let a6 = 0;
      let a7 = 0;
      for (let e = rowPtr[j]!, end = rowPtr[j + 1]!; e < end; e++) {
        const k = h0 + colIdx[e]!;
        const w = values[e]!;
        a0 += w * buf[k]!;
        a1 += w * buf[k + nPost]!;
        a2 += w * buf[k + 2 * nPost]!;
        a3 += w * buf[k + 3 * nPost]!;
        a4 += w * buf[k + 4 * nPost]!;
        a5 += w * buf[k + 5 * nPost]!;
        a6 += w * buf[k + 6 * nPost]!;
        a7 += w * buf[k + 7 * nPost]!;
      }
      buf[q0 + j] = a0;
      buf[q0 + nPre + j] = a1;
      buf[q0 + 2 * nPre + j] = a2;
      buf[q0 + 3 * nPre + j] = a3;
      buf[q0 + 4 * nPre + j] = a4;
      buf[q0 + 5 * nPre + j] = a5;
      buf[q0 + 6 * nPre + j] = a6;
      buf[q0 + 7 * nPre + j] = a7;
    }
  }
  for (; b + 4 <= batch; b += 4) {
    const h0 = nIn + b * nPost;
    const h1 = h0 + nPost;
    const h2 = h1 + nPost;
    const h3 = h2 + nPost;
    const q0 = b * nPre;
    for (let a = 0; a < nRows; a++) {
      const j = rows === null ? a : rows[a]!;
      let a0 = 0;
      let a1 = 0;
      let a2 = 0;
      let a3 = 0;
      for (let e = rowPtr[j]!, end = rowPtr[j + 1]!; e < end; e++) {
        const k = colIdx[e]!;
        const w = values[e]!;
        a0 += w * buf[h0 + k]!;
        a1 += w * buf[h1 + k]!;
        a2 += w * buf[h2 + k]!;
        a3 += w * buf[h3 + k]!;
      }
      buf[q0 + j] = a0;
      buf[q0 + nPre + j] = a1;
      buf[q0 + 2 * nPre + j] = a2;
      buf[q0 + 3 * nPre + j] = a3;
    }
  }
  for (; b < batch; b++) {
    const h = nIn + b * nPost;
    const q = b * nPre;
    for (let a = 0; a < nRows; a++) {
      const j = rows === null ? a : rows[a]!;
      let acc = 0;
      for (let e = rowPtr[j]!, end = rowPtr[j + 1]!; e < end; e++) acc += values[e]! * buf[h + colIdx[e]!]!;
      buf[q + j] = acc;
    }
  }
}
