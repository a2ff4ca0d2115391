import type { Vec } from '../core/vec';
import { gapJunctionCoefficient } from './gap-junction-coefficient';
import { InvalidParameterError } from '../errors/invalid-parameter-error';
import type { CsrMatrix } from '../sparse/csr-matrix';
import { createCsr, csrColSums, csrGet, csrRowSums } from '../sparse/csr-matrix';
import { arenaBipartiteBackward, arenaBipartiteForward, arenaCoupling } from '../wasm/kernel-arena';

/**
 * A gap-junction coupling mask G (spec §1.3, §2.8), binary in the reference (any non-negative
 * weights allowed), with its precomputed row and column sums.
 *
 * - `symmetric`: one population coupled to itself (LN–LN, PN–PN), G square and symmetric.
 * - `bipartite`: population A (rows) coupled to population B (columns), used both ways
 *   (eLN–PN: rows = LNs, columns = PNs).
 */
export interface GapJunctionMask {
  readonly kind: 'symmetric' | 'bipartite';
  readonly mask: CsrMatrix;
  /** Σ_j G_ij per row i. */
  readonly rowSums: Float64Array;
  /** Σ_i G_ij per column j. */
  readonly colSums: Float64Array;
}

/**
 * Validate a gap-junction mask.
 *
 * @throws {InvalidParameterError} for inconsistent CSR arrays, negative weights, or (symmetric
 *   kind) a non-square or non-symmetric matrix.
 * @example
 *   const gLL = defineGapJunctionMask(csrFromDense(mask, 108, 108), 'symmetric');
 */
export function defineGapJunctionMask(mask: CsrMatrix, kind: 'symmetric' | 'bipartite'): GapJunctionMask {
  const m = createCsr(mask);
  if (kind !== 'symmetric' && kind !== 'bipartite') {
    throw new InvalidParameterError({ parameter: 'kind', value: kind, expected: "'symmetric' or 'bipartite'" });
  }
  for (let k = 0; k < m.values.length; k++) {
    if (m.values[k]! < 0) throw new InvalidParameterError({ parameter: `mask.values[${k}]`, value: m.values[k], expected: 'a coupling weight >= 0' });
  }
  if (kind === 'symmetric') {
    if (m.nRows !== m.nCols) {
      throw new InvalidParameterError({
        parameter: 'mask shape',
        value: [m.nRows, m.nCols],
        expected: 'a square matrix for a symmetric gap-junction mask',
        fix: "Use kind 'bipartite' for a rectangular mask.",
      });
    }
    for (let r = 0; r < m.nRows; r++) {
      for (let e = m.rowPtr[r]!; e < m.rowPtr[r + 1]!; e++) {
        const c = m.colIdx[e]!;
        if (csrGet(m, c, r) !== m.values[e]) {
          throw new InvalidParameterError({ parameter: `mask[${r}][${c}]`, value: m.values[e], expected: `equal to mask[${c}][${r}] = ${csrGet(m, c, r)} (symmetric coupling)` });
        }
      }
    }
  }
  return Object.freeze({ kind, mask: m, rowSums: csrRowSums(m), colSums: csrColSums(m) });
}

/**
 * Gap-junction current within one population (spec §2.8), from start-of-step voltages:
 *
 *   I_k = c · g · (Σ_j G_jk·V_j − V_k·Σ_j G_kj),   g = exp(logConductanceNs) nS,  c = 1e-3 nA/(nS·mV)
 *
 * i.e. Σ_j g·G_jk·(V_j − V_k): sign-free, pulls coupled voltages together. `vMv` and `out`
 * (nA) are `batch × n`. Writes `out` only.
 *
 * @example
 *   gapJunctionForward(gLL, Math.log(0.1), vLn, iGapLn);
 */
export function gapJunctionForward(mask: GapJunctionMask, logConductanceNs: number, vMv: Vec, out: Vec): void {
  applyCoupling(mask, gapJunctionCoefficient(logConductanceNs), vMv, out, false, null);
}

/**
 * The coupling operator y_k = c·(Σ_j G_kj·x_j − rowsum_k·x_k) over a batch, four samples at a
 * time (each mask entry read once per four samples; same sums, same order as one at a time).
 * G is symmetric, so the operator is its own transpose: the forward applies it to voltages, the
 * VJP to current gradients. Writes (`accumulate` false) or adds into `out`; with `dot`, returns
 * Σ y·dot (the ln g gradient of the VJP).
 */
function applyCoupling(mask: GapJunctionMask, cg: number, x: Vec, out: Vec, accumulate: boolean, dot: Vec | null): number {
  const inArena = arenaCoupling(mask, cg, x, out, accumulate, dot);
  if (inArena !== null) return inArena;
  const { rowPtr, colIdx, values, nRows: n } = mask.mask;
  const deg = mask.rowSums;
  const batch = x.length / n;
  let sum = 0;
  let b = 0;
  for (; b + 4 <= batch; b += 4) {
    const o0 = b * n;
    const o1 = o0 + n;
    const o2 = o1 + n;
    const o3 = o2 + n;
    for (let k = 0; k < n; k++) {
      let a0 = 0;
      let a1 = 0;
      let a2 = 0;
      let a3 = 0;
      for (let e = rowPtr[k]!, end = rowPtr[k + 1]!; e < end; e++) {
        const w = values[e]!;
        const c = colIdx[e]!;
        a0 += w * x[o0 + c]!;
        a1 += w * x[o1 + c]!;
        a2 += w * x[o2 + c]!;
        a3 += w * x[o3 + c]!;
      }
      const d = deg[k]!;
      const y0 = cg * (a0 - x[o0 + k]! * d);
      const y1 = cg * (a1 - x[o1 + k]! * d);
      const y2 = cg * (a2 - x[o2 + k]! * d);
      const y3 = cg * (a3 - x[o3 + k]! * d);
      if (accumulate) {
        out[o0 + k]! += y0;
        out[o1 + k]! += y1;
        out[o2 + k]! += y2;
        out[o3 + k]! += y3;
      } else {
        out[o0 + k] = y0;
        out[o1 + k] = y1;
        out[o2 + k] = y2;
        out[o3 + k] = y3;
      }
      if (dot !== null) sum += y0 * dot[o0 + k]! + y1 * dot[o1 + k]! + y2 * dot[o2 + k]! + y3 * dot[o3 + k]!;
    }
  }
  for (; b < batch; b++) {
    const o = b * n;
    for (let k = 0; k < n; k++) {
      let acc = 0;
      for (let e = rowPtr[k]!, end = rowPtr[k + 1]!; e < end; e++) acc += values[e]! * x[o + colIdx[e]!]!;
      const y = cg * (acc - x[o + k]! * deg[k]!);
      if (accumulate) out[o + k]! += y;
      else out[o + k] = y;
      if (dot !== null) sum += y * dot[o + k]!;
    }
  }
  return sum;
}

/**
 * VJP of {@link gapJunctionForward}: gV_j += c·g·(Σ_k G_jk·gI_k − rowsum_j·gI_j);
 * g ln g += Σ gI·I. Accumulates (+=).
 */
export function gapJunctionBackward(mask: GapJunctionMask, logConductanceNs: number, vMv: Vec, gCurrent: Vec, grads: { readonly vMv: Vec | null; logConductanceNs: number }): void {
  // Σ_k gI_k·I_k = Σ_j V_j·∂(Σ gI·I)/∂V_j (I is linear in V); with no gV wanted, add into a throwaway
  const cg = gapJunctionCoefficient(logConductanceNs);
  const target = grads.vMv ?? new Float64Array(gCurrent.length);
  grads.logConductanceNs += applyCoupling(mask, cg, gCurrent, target, true, vMv);
}

/**
 * Gap-junction currents between population A (mask rows, e.g. eLNs) and B (columns, e.g. PNs),
 * both ways, from start-of-step voltages (spec §2.8):
 *
 *   into B:  I_B,p = c·g·(Σ_l V_A,l·G_lp − V_B,p·colsum_p)      (I_gapEP, into PNs)
 *   into A:  I_A,l = c·g·(Σ_p G_lp·V_B,p − V_A,l·rowsum_l)      (I_gapPE, into LNs; 0 for uncoupled rows)
 *
 * `vA`/`outA` are `batch × nRows`, `vB`/`outB` `batch × nCols`; currents nA. Writes the outputs only.
 *
 * @example
 *   bipartiteGapJunctionForward(gEP, Math.log(0.1), vLn, vPn, iGapPE, iGapEP);
 */
export function bipartiteGapJunctionForward(mask: GapJunctionMask, logConductanceNs: number, vA: Vec, vB: Vec, outA: Vec, outB: Vec): void {
  const { rowPtr, colIdx, values, nRows: nA, nCols: nB } = mask.mask;
  const cg = gapJunctionCoefficient(logConductanceNs);
  if (arenaBipartiteForward(mask, cg, vA, vB, outA, outB)) return;
  const batch = vA.length / nA;
  for (let b = 0; b < batch; b++) {
    const oB = b * nB;
    for (let p = 0; p < nB; p++) outB[oB + p] = -vB[oB + p]! * mask.colSums[p]!;
  }
  let b = 0;
  // four samples at a time; every output receives the same terms in the same order
  for (; b + 4 <= batch; b += 4) {
    const a0 = b * nA;
    const a1 = a0 + nA;
    const a2 = a1 + nA;
    const a3 = a2 + nA;
    const p0 = b * nB;
    const p1 = p0 + nB;
    const p2 = p1 + nB;
    const p3 = p2 + nB;
    for (let l = 0; l < nA; l++) {
      const start = rowPtr[l]!;
      const end = rowPtr[l + 1]!;
      const r = mask.rowSums[l]!;
      if (start === end) {
        outA[a0 + l] = cg * (0 - vA[a0 + l]! * r);
        outA[a1 + l] = cg * (0 - vA[a1 + l]! * r);
        outA[a2 + l] = cg * (0 - vA[a2 + l]! * r);
        outA[a3 + l] = cg * (0 - vA[a3 + l]! * r);
        continue;
      }
      const v0 = vA[a0 + l]!;
      const v1 = vA[a1 + l]!;
      const v2 = vA[a2 + l]!;
      const v3 = vA[a3 + l]!;
      let c0 = 0;
      let c1 = 0;
      let c2 = 0;
      let c3 = 0;
      for (let e = start; e < end; e++) {
        const w = values[e]!;
        const p = colIdx[e]!;
        c0 += w * vB[p0 + p]!;
        c1 += w * vB[p1 + p]!;
        c2 += w * vB[p2 + p]!;
        c3 += w * vB[p3 + p]!;
        outB[p0 + p]! += w * v0;
        outB[p1 + p]! += w * v1;
        outB[p2 + p]! += w * v2;
        outB[p3 + p]! += w * v3;
      }
      outA[a0 + l] = cg * (c0 - v0 * r);
      outA[a1 + l] = cg * (c1 - v1 * r);
      outA[a2 + l] = cg * (c2 - v2 * r);
      outA[a3 + l] = cg * (c3 - v3 * r);
    }
  }
  for (; b < batch; b++) {
    const oA = b * nA;
    const oB = b * nB;
    for (let l = 0; l < nA; l++) {
      const va = vA[oA + l]!;
      let acc = 0;
      for (let e = rowPtr[l]!, end = rowPtr[l + 1]!; e < end; e++) {
        const p = oB + colIdx[e]!;
        acc += values[e]! * vB[p]!;
        outB[p]! += values[e]! * va;
      }
      outA[oA + l] = cg * (acc - va * mask.rowSums[l]!);
    }
  }
  const totalB = batch * nB;
  for (let p = 0; p < totalB; p++) outB[p]! *= cg;
}

/**
 * VJP of {@link bipartiteGapJunctionForward}, with gA = ∂L/∂I_A, gB = ∂L/∂I_B:
 *
 *   gV_A,l += c·g·(Σ_p G_lp·gB_p − rowsum_l·gA_l)
 *   gV_B,p += c·g·(Σ_l G_lp·gA_l − colsum_p·gB_p)
 *   g ln g += Σ gA·I_A + Σ gB·I_B
 *
 * Accumulates (+=); either gradient input may be `null` (zero).
 */
export function bipartiteGapJunctionBackward(
  mask: GapJunctionMask,
  logConductanceNs: number,
  vA: Vec,
  vB: Vec,
  gCurrentA: Vec | null,
  gCurrentB: Vec | null,
  grads: { readonly vA: Vec | null; readonly vB: Vec | null; logConductanceNs: number },
): void {
  const { rowPtr, colIdx, values, nRows: nA, nCols: nB } = mask.mask;
  const cg = gapJunctionCoefficient(logConductanceNs);
  const inArena = arenaBipartiteBackward(mask, cg, vA, vB, gCurrentA, gCurrentB, grads.vA, grads.vB);
  if (inArena !== null) {
    grads.logConductanceNs += inArena;
    return;
  }
  let gLog = 0;
  const batch = vA.length / nA;
  for (let b = 0; b < batch; b++) {
    const oA = b * nA;
    const oB = b * nB;
    for (let l = 0; l < nA; l++) {
      const gAl = gCurrentA === null ? 0 : gCurrentA[oA + l]!;
      let acc = 0;
      for (let e = rowPtr[l]!, end = rowPtr[l + 1]!; e < end; e++) {
        const p = oB + colIdx[e]!;
        if (gCurrentB !== null) acc += values[e]! * gCurrentB[p]!;
        const gvb = cg * values[e]! * gAl;
        if (grads.vB !== null) grads.vB[p]! += gvb;
        gLog += gvb * vB[p]!;
      }
      const gva = cg * (acc - mask.rowSums[l]! * gAl);
      if (grads.vA !== null) grads.vA[oA + l]! += gva;
      gLog += gva * vA[oA + l]!;
    }
    if (gCurrentB !== null) {
      for (let p = 0; p < nB; p++) {
        const gvb = -cg * mask.colSums[p]! * gCurrentB[oB + p]!;
        if (grads.vB !== null) grads.vB[oB + p]! += gvb;
        gLog += gvb * vB[oB + p]!;
      }
    }
  }
  grads.logConductanceNs += gLog;
}
