import type { CsrMatrix, Vec, VecConstructor } from '@olfactory/neurons';
import { ShapeMismatchError, V_PER_MV, csrTranspose, softplusDerivative } from '@olfactory/neurons';
import { finiteNumber, normalizeCountsByMax, positiveInteger, positiveNumber } from '@olfactory/neurons/extend';
import { arenaAplBackward, arenaAplForward } from './apl-arena';
import { aplCoefficients } from './apl-coefficients';

/**
 * The fixed connectivity of the graded APL neuron(s) (spec §2.10), each matrix normalised by its
 * maximum: KC axon → APL (`W_KA`, n_KC × n_APL), KC dendrite → APL (`W_KA,da`, n_KC × n_APL) and
 * APL → KC (`W_AK`, n_APL × n_KC). Stored by APL row (the first two transposed) so the kernels
 * loop over APL units.
 */
export interface AplCircuit {
  readonly nKc: number;
  readonly nApl: number;
  /** W_KAᵀ, n_APL × n_KC. */
  readonly kcToAplT: CsrMatrix;
  /** W_KA,daᵀ, n_APL × n_KC. */
  readonly kcDendriteToAplT: CsrMatrix;
  /** W_AK, n_APL × n_KC. */
  readonly aplToKc: CsrMatrix;
  /** Reference voltage of the dendritic term relu(V_d − V_reset), mV. Default −60. */
  readonly vResetMv: number;
}

/**
 * Validate and normalise the APL connectivity.
 *
 * @throws {InvalidParameterError} for negative / non-finite counts or inconsistent CSR arrays.
 * @throws {ShapeMismatchError} when the three matrices disagree on n_KC or n_APL.
 * @example
 *   const apl = defineAplCircuit({ kcToApl, kcDendriteToApl, aplToKc }); // 144×2, 144×2, 2×144
 */
export function defineAplCircuit(options: { kcToApl: CsrMatrix; kcDendriteToApl: CsrMatrix; aplToKc: CsrMatrix; vResetMv?: number }): AplCircuit {
  const ka = normalizeCountsByMax('kcToApl', options.kcToApl);
  const kd = normalizeCountsByMax('kcDendriteToApl', options.kcDendriteToApl);
  const ak = normalizeCountsByMax('aplToKc', options.aplToKc);
  const nKc = ka.nRows;
  const nApl = ka.nCols;
  if (kd.nRows !== nKc || kd.nCols !== nApl) {
    throw new ShapeMismatchError({ argument: 'kcDendriteToApl', functionName: 'defineAplCircuit', actual: `shape ${kd.nRows}×${kd.nCols}`, expected: `${nKc}×${nApl} (shape of kcToApl)` });
  }
  if (ak.nRows !== nApl || ak.nCols !== nKc) {
    throw new ShapeMismatchError({ argument: 'aplToKc', functionName: 'defineAplCircuit', actual: `shape ${ak.nRows}×${ak.nCols}`, expected: `${nApl}×${nKc} (transpose of kcToApl)` });
  }
  const vResetMv = finiteNumber('vResetMv', options.vResetMv ?? -60, 'reset potential in mV');
  return Object.freeze({ nKc, nApl, kcToAplT: csrTranspose(ka), kcDendriteToAplT: csrTranspose(kd), aplToKc: ak, vResetMv });
}

/** Learnable APL scalars in their trained parameterisation (spec §2.14). */
export interface AplParams {
  /** ln of the KC → APL strength factor (`kc_apl_log_strength`). Init 0 (factor 1). */
  readonly logKcAplStrength: number;
  /** Raw dendritic gain, used via softplus (`kc_dend_gain`). Init 0.1. */
  readonly kcDendriteGainRaw: number;
  /** Raw APL output gain, used via softplus (`apl_gain`). The student copies 4× the teacher's raw value. */
  readonly aplGainRaw: number;
  /** ln(τ_APL / ms). Init ln 15; trained within [ln 10, ln 50]. */
  readonly logTauAplMs: number;
}

/**
 * Validate APL parameters (natural τ_APL accepted).
 *
 * @throws {InvalidParameterError} for NaN values or τ_APL ≤ 0.
 * @example
 *   const params = defineAplParams({ aplGainRaw: 2 });
 */
export function defineAplParams(options: { logKcAplStrength?: number; kcDendriteGainRaw?: number; aplGainRaw?: number; tauAplMs?: number; logTauAplMs?: number } = {}): AplParams {
  return Object.freeze({
    logKcAplStrength: finiteNumber('logKcAplStrength', options.logKcAplStrength ?? 0, 'ln of the KC→APL strength factor'),
    kcDendriteGainRaw: finiteNumber('kcDendriteGainRaw', options.kcDendriteGainRaw ?? 0.1, 'raw dendritic gain (softplus)'),
    aplGainRaw: finiteNumber('aplGainRaw', options.aplGainRaw ?? 0, 'raw APL gain (softplus)'),
    logTauAplMs:
      options.logTauAplMs !== undefined
        ? finiteNumber('logTauAplMs', options.logTauAplMs, 'ln of the APL time constant in ms')
        : Math.log(positiveNumber('tauAplMs', options.tauAplMs ?? 15, 'APL time constant in ms')),
  });
}

/** Gradient accumulators of {@link AplParams}. */
export interface AplParamGrads {
  logKcAplStrength: number;
  kcDendriteGainRaw: number;
  aplGainRaw: number;
  logTauAplMs: number;
}

/** Zeroed {@link AplParamGrads}. */
export function createAplParamGrads(): AplParamGrads {
  return { logKcAplStrength: 0, kcDendriteGainRaw: 0, aplGainRaw: 0, logTauAplMs: 0 };
}

/** Output of one APL step. */
export interface AplStepOutput {
  /** APL activity A carried to the next step (after any injection), dimensionless, `batch × n_APL`. */
  readonly activity: Vec;
  /** Per-KC divisive factor D, dimensionless, `batch × n_KC`. */
  readonly inhibition: Vec;
}

/** Allocate APL step outputs. */
export function createAplStepOutput(circuit: AplCircuit, batch: number, dtype: VecConstructor = Float32Array): AplStepOutput {
  positiveInteger('batch', batch, 'number of samples');
  return { activity: new dtype(batch * circuit.nApl), inhibition: new dtype(batch * circuit.nKc) };
}

/**
 * One step of the graded APL (spec §2.10, note 7), before the KC update of step t (0-based):
 *
 *   q_k  = C_k / max(1, t + 1)                         (KC "rate so far"; C counts steps 0..t−1)
 *   in_a = exp(logKcAplStrength)·Σ_k q_k·W_KA[k,a]
 *          + softplus(kcDendriteGainRaw)·Σ_k relu(V_d,k − V_reset)·1e-3·W_KA,da[k,a]   (V_d in volts, as the reference)
 *   β = exp(−dt/τ_APL);   A1 = β·A + (1 − β)·in;   A' = A1 + aplInject       (optogenetic boost accumulates)
 *   D_k = Σ_a relu(A'_a)·softplus(aplGainRaw)·W_AK[a,k]                     (from the boosted A)
 *
 * `activity` is A (`batch × n_APL`), `kcCounts` C and `vDendriteMv` the previous step's V_d
 * (`batch × n_KC`). Writes `out` only, allocation-free.
 *
 * @example
 *   aplForward(apl, params, A, countsSoFar, vDend, t, 0, 1, out);
 */
export function aplForward(circuit: AplCircuit, params: AplParams, activity: Vec, kcCounts: Vec, vDendriteMv: Vec, stepIndex: number, aplInject: number, dtMs: number, out: AplStepOutput): void {
  const { nKc, nApl, kcToAplT: ka, kcDendriteToAplT: kd, aplToKc: ak, vResetMv } = circuit;
  const coefficients = aplCoefficients(params, stepIndex, aplInject, dtMs);
  const { strength, dendGain, aplGain, beta, invDen } = coefficients;
  if (arenaAplForward(circuit, coefficients, activity, kcCounts, vDendriteMv, out)) return;
  const D = out.inhibition;
  const batch = activity.length / nApl;
  for (let b = 0; b < batch; b++) {
    const ok = b * nKc;
    for (let k = 0; k < nKc; k++) D[ok + k] = 0;
    for (let a = 0; a < nApl; a++) {
      let qW = 0;
      for (let e = ka.rowPtr[a]!, end = ka.rowPtr[a + 1]!; e < end; e++) qW += kcCounts[ok + ka.colIdx[e]!]! * ka.values[e]!;
      let dW = 0;
      for (let e = kd.rowPtr[a]!, end = kd.rowPtr[a + 1]!; e < end; e++) {
        const x = vDendriteMv[ok + kd.colIdx[e]!]! - vResetMv;
        if (x > 0) dW += x * kd.values[e]!;
      }
      const input = strength * qW * invDen + dendGain * dW;
      const A2 = beta * activity[b * nApl + a]! + (1 - beta) * input + aplInject;
      out.activity[b * nApl + a] = A2;
      if (A2 > 0) {
        const o = A2 * aplGain;
        for (let e = ak.rowPtr[a]!, end = ak.rowPtr[a + 1]!; e < end; e++) D[ok + ak.colIdx[e]!]! += o * ak.values[e]!;
      }
    }
  }
}

/** Upstream gradients of one APL step (`null` = zero). */
export interface AplStepGradients {
  /** ∂L/∂A' (carried activity). */
  readonly activity: Vec | null;
  /** ∂L/∂D (divisive factor). */
  readonly inhibition: Vec | null;
}

/** Gradient accumulators filled by {@link aplBackward} (`null` = not needed). */
export interface AplBackwardGrads {
  readonly activity: Vec | null;
  readonly kcCounts: Vec | null;
  readonly vDendriteMv: Vec | null;
  readonly params: AplParamGrads;
}

/**
 * VJP of {@link aplForward} (relu passes gradient only where its input is > 0, like torch):
 *
 *   go_a = Σ_k W_AK[a,k]·gD_k;   gA'_a = gA_out,a + go_a·softplus(g_A)·[A'_a > 0]
 *   g g_A += Σ go_a·relu(A'_a)·softplus'(g_A)
 *   gA += β·gA';   gin = (1 − β)·gA';   g ln τ_APL += Σ gA'·(A − in)·β·dt/τ_APL
 *   gC_k += exp(ls)·Σ_a W_KA[k,a]·gin_a / max(1, t + 1);   g ls += Σ gin·exp(ls)·(q·W_KA)
 *   gV_d,k += [V_d,k > V_reset]·softplus(g_d)·1e-3·Σ_a W_KA,da[k,a]·gin_a;   g g_d += Σ gin·(relu·1e-3·W_KA,da)·softplus'(g_d)
 *
 * Takes the forward's arguments (the forward saves nothing). Accumulates (+=).
 */
export function aplBackward(
  circuit: AplCircuit,
  params: AplParams,
  activity: Vec,
  kcCounts: Vec,
  vDendriteMv: Vec,
  stepIndex: number,
  aplInject: number,
  dtMs: number,
  gradOut: AplStepGradients,
  grads: AplBackwardGrads,
): void {
  const { nKc, nApl, kcToAplT: ka, kcDendriteToAplT: kd, aplToKc: ak, vResetMv } = circuit;
  const coefficients = aplCoefficients(params, stepIndex, aplInject, dtMs);
  const { strength, dendGain, aplGain, tauAplMs: tau, beta, invDen } = coefficients;
  const gAout = gradOut.activity;
  const gD = gradOut.inhibition;
  const { activity: gA, kcCounts: gC, vDendriteMv: gVd } = grads;
  const sums = arenaAplBackward(circuit, coefficients, activity, kcCounts, vDendriteMv, gAout, gD, gA, gC, gVd);
  if (sums !== null) {
    addAplParamGrads(grads.params, params, sums[0], sums[1], sums[2], sums[3], beta, dtMs, tau);
    return;
  }
  let gLogS = 0;
  let gDendRaw = 0;
  let gAplRaw = 0;
  let gBeta = 0;
  const batch = activity.length / nApl;
  for (let b = 0; b < batch; b++) {
    const ok = b * nKc;
    for (let a = 0; a < nApl; a++) {
      const ia = b * nApl + a;
      let qW = 0;
      for (let e = ka.rowPtr[a]!, end = ka.rowPtr[a + 1]!; e < end; e++) qW += kcCounts[ok + ka.colIdx[e]!]! * ka.values[e]!;
      let dW = 0;
      for (let e = kd.rowPtr[a]!, end = kd.rowPtr[a + 1]!; e < end; e++) {
        const x = vDendriteMv[ok + kd.colIdx[e]!]! - vResetMv;
        if (x > 0) dW += x * kd.values[e]!;
      }
      const input = strength * qW * invDen + dendGain * dW;
      const A0 = activity[ia]!;
      const A2 = beta * A0 + (1 - beta) * input + aplInject;
      let gA2 = gAout === null ? 0 : gAout[ia]!;
      if (gD !== null) {
        let go = 0;
        for (let e = ak.rowPtr[a]!, end = ak.rowPtr[a + 1]!; e < end; e++) go += ak.values[e]! * gD[ok + ak.colIdx[e]!]!;
        if (A2 > 0) {
          gA2 += go * aplGain;
          gAplRaw += go * A2;
        }
      }
      if (gA2 === 0) continue;
      if (gA !== null) gA[ia]! += beta * gA2;
      const gin = (1 - beta) * gA2;
      gBeta += gA2 * (A0 - input);
      gLogS += gin * strength * qW * invDen;
      gDendRaw += gin * V_PER_MV * dW;
      if (gC !== null) {
        const c = gin * strength * invDen;
        for (let e = ka.rowPtr[a]!, end = ka.rowPtr[a + 1]!; e < end; e++) gC[ok + ka.colIdx[e]!]! += c * ka.values[e]!;
      }
      if (gVd !== null) {
        const c = gin * dendGain;
        for (let e = kd.rowPtr[a]!, end = kd.rowPtr[a + 1]!; e < end; e++) {
          const k = ok + kd.colIdx[e]!;
          if (vDendriteMv[k]! - vResetMv > 0) gVd[k]! += c * kd.values[e]!;
        }
      }
    }
  }
  addAplParamGrads(grads.params, params, gLogS, gDendRaw, gAplRaw, gBeta, beta, dtMs, tau);
}

/** The chain rule from the raw sums to the learnable scalars (softplus′ of the gains, β·dt/τ for ln τ_APL). */
function addAplParamGrads(g: AplParamGrads, params: AplParams, gLogS: number, gDendRaw: number, gAplRaw: number, gBeta: number, beta: number, dtMs: number, tau: number): void {
  g.logKcAplStrength += gLogS;
  g.kcDendriteGainRaw += gDendRaw * softplusDerivative(params.kcDendriteGainRaw);
  g.aplGainRaw += gAplRaw * softplusDerivative(params.aplGainRaw);
  g.logTauAplMs += gBeta * ((beta * dtMs) / tau);
}
