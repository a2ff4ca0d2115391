/**
 * The recurrent regularisers of `regularizers/regularizers.ts` with their gradient in closed form,
 * the matrix exponential on onnxruntime (`expm-graphs.ts`), the rest in float64 JS loops over the
 * N² entries. With a = |W|, r_i = Σ_j a_ij, d_i = (r_i + ε)^{−1/2}, M = diag(d) a diag(d),
 * C = expm(M) ⊙ (1 − I):
 *
 *   W        λ Σ a                    ∂a = λ
 *   WD       λ Σ a ⊙ D                ∂a = λ D
 *   WDC      λ Σ a ⊙ C ⊙ D            ∂a = λ C ⊙ D  + (through C) with C̄ = λ a ⊙ D
 *   WDC_EMD  λ Σ a ⊙ D + λ_E mean_k |e_k − sort(C)_k|
 *                                      ∂a = λ D + (through C) with C̄ scattered back through the sort
 *   through C:  Ē = C̄ ⊙ (1 − I),  M̄ = expm reverse(Ē),  ∂a_ij += d_i M̄_ij d_j + r̄_i,
 *               d̄_k = Σ_j M̄_kj a_kj d_j + Σ_i M̄_ik d_i a_ik,  r̄_k = −½ d̄_k (r_k + ε)^{−3/2}
 *   ∂W = ∂a ⊙ s(W), s(x) = 1 for x > 0 else −1 (TF.js's |x| gradient, kept so the two engines agree
 *   on exact zeros, which the sign-constrained arm has).
 */
import type { RecurrentRegularizer } from '../regularizers/regularizers';
import { expmScaling } from '../regularizers/expm';
import type { RnnOrtEngine } from './ort-engine';

const EPSILON = 1e-10;

/** Penalty and (optionally) its gradient with respect to W. */
export interface PenaltyAndGradient {
  readonly penalty: number;
  readonly gradient: Float32Array | null;
}

/** M = diag(d) |W| diag(d) and its pieces. */
function normalised(w: Float32Array, n: number) {
  const a = new Float32Array(n * n);
  const r = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) {
      const v = Math.abs(w[i * n + j] as number);
      a[i * n + j] = v;
      s += v;
    }
    r[i] = s;
  }
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) d[i] = 1 / Math.sqrt((r[i] as number) + EPSILON);
  const m = new Float32Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) m[i * n + j] = (d[i] as number) * (a[i * n + j] as number) * (d[j] as number);
  let norm = 0;
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += Math.abs(m[i * n + j] as number);
    if (s > norm) norm = s;
  }
  return { a, r, d, m, s: expmScaling(norm) };
}

/** ∂L/∂a (added into `aBar`) from M̄ = ∂L/∂M. */
function backThroughNormalisation(aBar: Float64Array, mBar: Float32Array, a: Float32Array, r: Float64Array, d: Float64Array, n: number): void {
  const dBar = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const di = d[i] as number;
    for (let j = 0; j < n; j++) {
      const g = mBar[i * n + j] as number;
      const aij = a[i * n + j] as number;
      aBar[i * n + j] = (aBar[i * n + j] as number) + di * g * (d[j] as number);
      dBar[i] = (dBar[i] as number) + g * aij * (d[j] as number);
      dBar[j] = (dBar[j] as number) + g * di * aij;
    }
  }
  for (let i = 0; i < n; i++) {
    const rBar = -0.5 * (dBar[i] as number) * ((r[i] as number) + EPSILON) ** -1.5;
    for (let j = 0; j < n; j++) aBar[i * n + j] = (aBar[i * n + j] as number) + rBar;
  }
}

/** Sorting permutation of v ascending (the comparator of the TF.js path's sortFlat). */
function argsort(v: Float32Array): Int32Array {
  return Int32Array.from({ length: v.length }, (_, i) => i).sort((x, y) => (v[x] as number) - (v[y] as number));
}

/**
 * Penalty of `w` (N×N, row-major) under `reg`, and with `withGradient` its gradient.
 *
 * @example
 *   const { penalty, gradient } = await ortPenalty(engine, wValues, 312, { kind: 'WDC', lambda: 0.3, distance }, true);
 */
export async function ortPenalty(engine: RnnOrtEngine, w: Float32Array, n: number, reg: RecurrentRegularizer, withGradient: boolean): Promise<PenaltyAndGradient> {
  const nn = n * n;
  const aBar = new Float64Array(nn);
  let penalty = 0;
  let eBar: Float32Array | null = null;
  let comm: { a: Float32Array; r: Float64Array; d: Float64Array; s: number; saved: Record<string, Float32Array> } | null = null;
  if (reg.kind === 'W') {
    for (let k = 0; k < nn; k++) penalty += Math.abs(w[k] as number);
    penalty *= reg.lambda;
    aBar.fill(reg.lambda);
  } else if (reg.kind === 'WD') {
    for (let k = 0; k < nn; k++) {
      penalty += Math.abs(w[k] as number) * (reg.distance[k] as number);
      aBar[k] = reg.lambda * (reg.distance[k] as number);
    }
    penalty *= reg.lambda;
  } else {
    const { a, r, d, m, s } = normalised(w, n);
    const { expm, saved } = await engine.expmForward(n, s, m);
    comm = { a, r, d, s, saved };
    const c = Float32Array.from(expm);
    for (let i = 0; i < n; i++) c[i * n + i] = 0;
    eBar = new Float32Array(nn);
    if (reg.kind === 'WDC') {
      for (let k = 0; k < nn; k++) {
        const dk = reg.distance[k] as number;
        penalty += (a[k] as number) * (c[k] as number) * dk;
        aBar[k] = reg.lambda * (c[k] as number) * dk;
        eBar[k] = reg.lambda * (a[k] as number) * dk;
      }
      penalty *= reg.lambda;
    } else {
      let spatial = 0;
      for (let k = 0; k < nn; k++) {
        spatial += (a[k] as number) * (reg.distance[k] as number);
        aBar[k] = reg.lambda * (reg.distance[k] as number);
      }
      const order = argsort(c);
      let emd = 0;
      for (let k = 0; k < nn; k++) {
        const diff = (reg.empiricalSorted[k] as number) - (c[order[k] as number] as number);
        emd += Math.abs(diff);
        // ∂|e − x|/∂x = −s(e − x), s as in the module note
        eBar[order[k] as number] = (reg.emdLambda * (diff > 0 ? -1 : 1)) / nn;
      }
      penalty = reg.lambda * spatial + (reg.emdLambda * emd) / nn;
    }
    for (let i = 0; i < n; i++) eBar[i * n + i] = 0;
  }
  if (!withGradient) return { penalty, gradient: null };
  if (comm && eBar) backThroughNormalisation(aBar, await engine.expmReverse(n, comm.s, comm.saved, eBar), comm.a, comm.r, comm.d, n);
  const gradient = new Float32Array(nn);
  for (let k = 0; k < nn; k++) gradient[k] = (w[k] as number) > 0 ? (aBar[k] as number) : -(aBar[k] as number);
  return { penalty, gradient };
}
