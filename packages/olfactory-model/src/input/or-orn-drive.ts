import type { CsrMatrix, Vec, VecConstructor } from '@olfactory/neurons';
import { InvalidParameterError, createCsr, csrFromTriplets, softplus, softplusDerivative } from '@olfactory/neurons';
import { finiteNumber, perNeuronArray, positiveInteger, positiveNumber } from '@olfactory/neurons/extend';

/**
 * The fixed receptor → ORN map M (n_receptors × n_ORN, CSR; spec §1.3): ORN k is driven by every
 * receptor i with M_ik ≠ 0, weighted by M_ik (1 in both built-in maps).
 */
export interface ReceptorMap {
  readonly nReceptors: number;
  readonly nOrn: number;
  readonly map: CsrMatrix;
}

/**
 * Validate a receptor → ORN map (any non-negative weights; e.g. the "by name" assignment where
 * one ORN pair is driven by two co-expressed receptors).
 *
 * @throws {InvalidParameterError} for inconsistent CSR arrays or negative weights.
 * @example
 *   const map = defineReceptorMap(csrFromDense(m, 21, 42));
 */
export function defineReceptorMap(map: CsrMatrix): ReceptorMap {
  const m = createCsr(map);
  for (let k = 0; k < m.values.length; k++) {
    if (m.values[k]! < 0) throw new InvalidParameterError({ parameter: `map.values[${k}]`, value: m.values[k], expected: 'a weight >= 0' });
  }
  return Object.freeze({ nReceptors: m.nRows, nOrn: m.nCols, map: m });
}

/**
 * The reference's one-to-one structure: receptor i drives the ORN pair (2i, 2i + 1), so
 * M[i, 2i] = M[i, 2i + 1] = 1 and n_ORN = 2·n_receptors (21 → 42).
 *
 * @example
 *   const map = pairedReceptorMap(21);
 */
export function pairedReceptorMap(nReceptors: number): ReceptorMap {
  positiveInteger('nReceptors', nReceptors, 'number of receptors');
  const rows: number[] = [];
  const cols: number[] = [];
  for (let i = 0; i < nReceptors; i++) (rows.push(i, i), cols.push(2 * i, 2 * i + 1));
  return defineReceptorMap(csrFromTriplets(nReceptors, 2 * nReceptors, rows, cols, new Array<number>(rows.length).fill(1)));
}

/** Learnable parameters of the OR → ORN drive (spec §2.6, §2.14). */
export interface OrnDriveParams {
  /** Raw per-receptor gains, used as softplus(raw) (dimensionless), length n_receptors. */
  readonly orGainsRaw: Vec;
  /** ln(G / nA), the OR → current gain G. Reference init ln 0.5 (5e−10 A = 0.5 nA). */
  readonly logOrGainNa: number;
}

/** Options of {@link defineOrnDriveParams}. */
export interface OrnDriveParamsOptions {
  nReceptors: number;
  /** Raw gains: one number for all or an array of n_receptors. Default ln(e − 1) ≈ 0.5413 (softplus = 1). */
  orGainsRaw?: number | ArrayLike<number>;
  /** G in nA (> 0). Default 0.5. Ignored when `logOrGainNa` is given. */
  orGainNa?: number;
  logOrGainNa?: number;
  dtype?: VecConstructor;
}

/**
 * Validate OR → ORN drive parameters.
 *
 * @throws {InvalidParameterError} for NaN gains or a gain ≤ 0.
 * @throws {ShapeMismatchError} when `orGainsRaw` does not have n_receptors entries.
 * @example
 *   const params = defineOrnDriveParams({ nReceptors: 21 });
 */
export function defineOrnDriveParams(options: OrnDriveParamsOptions): OrnDriveParams {
  const n = positiveInteger('nReceptors', options.nReceptors, 'number of receptors');
  const orGainsRaw = perNeuronArray('defineOrnDriveParams', 'orGainsRaw', options.orGainsRaw ?? Math.log(Math.E - 1), n, 'raw receptor gain', options.dtype ?? Float32Array);
  const logOrGainNa =
    options.logOrGainNa !== undefined
      ? finiteNumber('logOrGainNa', options.logOrGainNa, 'ln of the OR gain in nA')
      : Math.log(positiveNumber('orGainNa', options.orGainNa ?? 0.5, 'OR → current gain in nA'));
  return { orGainsRaw, logOrGainNa };
}

/** Gradient accumulators of {@link OrnDriveParams}. */
export interface OrnDriveParamGrads {
  readonly orGainsRaw: Vec;
  logOrGainNa: number;
}

/** Zeroed {@link OrnDriveParamGrads}. */
export function createOrnDriveParamGrads(params: OrnDriveParams): OrnDriveParamGrads {
  return { orGainsRaw: new Float64Array(params.orGainsRaw.length), logOrGainNa: 0 };
}

/**
 * The per-sample ORN input current (spec §2.6), computed once per stimulus:
 *
 *   drive_k = Σ_i r_i·softplus(g_i)·M_ik        (dimensionless)
 *   I_OR,k  = drive_k · exp(logOrGainNa)         (nA)
 *
 * `receptorResponse` r is `batch × n_receptors` (normalised OR responses, ≥ 0, after input
 * noise), `out` is `batch × n_ORN`. Per-step receptor noise is {@link receptorNoiseForward}.
 *
 * @example
 *   orDriveForward(map, params, r, iOr);
 */
export function orDriveForward(map: ReceptorMap, params: OrnDriveParams, receptorResponse: Vec, out: Vec): void {
  const { nReceptors, nOrn } = map;
  const { rowPtr, colIdx, values } = map.map;
  const G = Math.exp(params.logOrGainNa);
  const gains = params.orGainsRaw;
  const batch = receptorResponse.length / nReceptors;
  for (let b = 0; b < batch; b++) {
    const o = b * nOrn;
    for (let k = 0; k < nOrn; k++) out[o + k] = 0;
    for (let i = 0; i < nReceptors; i++) {
      const ri = receptorResponse[b * nReceptors + i]! * softplus(gains[i]!) * G;
      if (ri === 0) continue;
      for (let e = rowPtr[i]!, end = rowPtr[i + 1]!; e < end; e++) out[o + colIdx[e]!]! += ri * values[e]!;
    }
  }
}

/**
 * Vector–Jacobian product of {@link orDriveForward}: with h_i = Σ_k M_ik·gI_k,
 *
 *   g r_i += softplus(g_i)·G·h_i,   g g_i += Σ_b r_i·G·h_i·softplus'(g_i),   g ln G += Σ gI·I_OR
 *
 * Accumulates (+=); `grads.receptorResponse` may be `null`.
 */
export function orDriveBackward(
  map: ReceptorMap,
  params: OrnDriveParams,
  receptorResponse: Vec,
  gCurrent: Vec,
  grads: { readonly receptorResponse: Vec | null; readonly params: OrnDriveParamGrads },
): void {
  const { nReceptors, nOrn } = map;
  const { rowPtr, colIdx, values } = map.map;
  const G = Math.exp(params.logOrGainNa);
  const gains = params.orGainsRaw;
  const gR = grads.receptorResponse;
  const gGains = grads.params.orGainsRaw;
  let gLogG = 0;
  const batch = receptorResponse.length / nReceptors;
  for (let b = 0; b < batch; b++) {
    const o = b * nOrn;
    for (let i = 0; i < nReceptors; i++) {
      let h = 0;
      for (let e = rowPtr[i]!, end = rowPtr[i + 1]!; e < end; e++) h += values[e]! * gCurrent[o + colIdx[e]!]!;
      const r = receptorResponse[b * nReceptors + i]!;
      const sp = softplus(gains[i]!);
      if (gR !== null) gR[b * nReceptors + i]! += sp * G * h;
      gGains[i]! += r * G * h * softplusDerivative(gains[i]!);
      gLogG += r * sp * G * h;
    }
  }
  grads.params.logOrGainNa += gLogG;
}

/**
 * Receptor (transduction) noise, per ORN per step (spec §2.6, §2.13 source 2):
 *
 *   I_OR,t = I_OR ⊙ (1 + ξ_t),   ξ ~ N(0, 0.10²)
 *
 * Writes `out` (may alias nothing). `noise` holds ξ.
 *
 * @example
 *   receptorNoiseForward(iOr, xi, iOrStep);
 */
export function receptorNoiseForward(currentNa: Vec, noise: Vec, out: Vec): void {
  for (let k = 0; k < out.length; k++) out[k] = currentNa[k]! * (1 + noise[k]!);
}

/** VJP of {@link receptorNoiseForward}: gI_OR += gI_t ⊙ (1 + ξ_t). Accumulates (+=). */
export function receptorNoiseBackward(noise: Vec, gOut: Vec, gCurrent: Vec): void {
  for (let k = 0; k < gOut.length; k++) gCurrent[k]! += gOut[k]! * (1 + noise[k]!);
}
