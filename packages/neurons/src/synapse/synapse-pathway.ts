import type { Vec, VecConstructor } from '../core/vec';
import { finiteNumber, positiveInteger, positiveNumber } from '../core/validate';
import { InvalidParameterError } from '../errors/invalid-parameter-error';
import type { CsrMatrix } from '../sparse/csr-matrix';
import { normalizeCountsByMax } from '../core/normalize';
import { logit } from '../math/sigmoid';

/**
 * A chemical synapse pathway's fixed structure (spec §2.5): one connectome matrix, its sign,
 * whether it depresses, and its current decay.
 *
 *   W = sign · exp(logStrengthNa) · norm ⊙ mask,   norm = counts / max(counts),  mask = counts > 0
 *
 * `weights` stores `norm` on the mask (CSR, rows = presynaptic, columns = postsynaptic).
 */
export interface SynapsePathway {
  /** Presynaptic population size (CSR rows). */
  readonly nPre: number;
  /** Postsynaptic population size (CSR columns). */
  readonly nPost: number;
  /** norm = counts / max(counts) on the mask counts > 0 (dimensionless, in (0, 1]). */
  readonly weights: CsrMatrix;
  /** +1 excitatory, −1 inhibitory. */
  readonly sign: 1 | -1;
  /** Tsodyks–Markram depression on (the canonical setting) or the no-STD ablation (no U factor). */
  readonly shortTermDepression: boolean;
  /** Synaptic current decay time constant τ_syn, ms (fixed). Default 5 → α_syn = e^(−dt/5). */
  readonly tauSynMs: number;
  /**
   * Indices of the presynaptic elements with at least one synapse (non-empty CSR rows) and of
   * the postsynaptic elements that receive at least one (precomputed by
   * {@link defineSynapsePathway}; used by the kernels' `connectedOnly` mode). Optional: kernels
   * compute them when absent.
   */
  readonly connected?: SynapseConnectedIndices;
}

/** See {@link SynapsePathway.connected}. */
export interface SynapseConnectedIndices {
  readonly pre: Int32Array;
  readonly post: Int32Array;
}

/** The connected pre- and postsynaptic indices of a CSR connectivity, ascending. */
export function synapseConnectedIndices(weights: CsrMatrix): SynapseConnectedIndices {
  const pre: number[] = [];
  for (let j = 0; j < weights.nRows; j++) if (weights.rowPtr[j + 1]! > weights.rowPtr[j]!) pre.push(j);
  const hit = new Uint8Array(weights.nCols);
  for (let e = 0; e < weights.colIdx.length; e++) hit[weights.colIdx[e]!] = 1;
  const post: number[] = [];
  for (let k = 0; k < weights.nCols; k++) if (hit[k] === 1) post.push(k);
  return Object.freeze({ pre: Int32Array.from(pre), post: Int32Array.from(post) });
}

/** Options of {@link defineSynapsePathway}. */
export interface SynapsePathwayOptions {
  /** Synapse counts (or any non-negative weights), n_pre × n_post; normalised by their maximum. */
  counts: CsrMatrix;
  /** `'excitatory'` (+) or `'inhibitory'` (−). */
  sign: 'excitatory' | 'inhibitory';
  /** Default true (canonical); false = the no-STD ablation (spec §2.15 `disable_std`). */
  shortTermDepression?: boolean;
  /** Default 5 ms. */
  tauSynMs?: number;
  /**
   * Divide the counts by this number instead of their own maximum (it must be at least that
   * maximum), e.g. the largest count over several pathways for a global normalisation.
   */
  countDivisor?: number;
}

/**
 * Validate the connectivity and build a pathway (counts normalised by their maximum; an
 * all-zero matrix stays all-zero).
 *
 * @throws {InvalidParameterError} for inconsistent CSR arrays, negative or non-finite counts, an
 *   unknown sign or a non-positive τ_syn.
 * @example
 *   const orn2pn = defineSynapsePathway({ counts: csrFromDense(counts, 42, 72), sign: 'excitatory' });
 */
export function defineSynapsePathway(options: SynapsePathwayOptions): SynapsePathway {
  const weights = normalizeCountsByMax('counts', options.counts, options.countDivisor);
  if (options.sign !== 'excitatory' && options.sign !== 'inhibitory') {
    throw new InvalidParameterError({ parameter: 'sign', value: options.sign, expected: "'excitatory' or 'inhibitory'" });
  }
  const tauSynMs = positiveNumber('tauSynMs', options.tauSynMs ?? 5, 'synaptic current time constant in ms');
  const shortTermDepression = options.shortTermDepression ?? true;
  if (typeof shortTermDepression !== 'boolean') {
    throw new InvalidParameterError({ parameter: 'shortTermDepression', value: shortTermDepression, expected: 'a boolean' });
  }
  return Object.freeze({
    nPre: weights.nRows,
    nPost: weights.nCols,
    weights,
    sign: options.sign === 'excitatory' ? 1 : -1,
    shortTermDepression,
    tauSynMs,
    connected: synapseConnectedIndices(weights),
  });
}

/**
 * Learnable scalars of one pathway, in their trained parameterisation (spec §2.14).
 */
export interface SynapseParams {
  /** ln(s / nA), s the pathway strength. Reference init 5 nA (5e−9 A); trained within [ln 1e−3, ln 100]. */
  readonly logStrengthNa: number;
  /** ln(τ_rec / ms), resource recovery time constant. Init ln 200; trained within [ln 20, ln 2000]. */
  readonly logTauRecMs: number;
  /** logit(U), U the release fraction. Init logit 0.3 ≈ −0.8473; trained within [logit 0.05, logit 0.8]. */
  readonly logitReleaseProbability: number;
}

/** Options of {@link defineSynapseParams}: natural values or their learnable forms. */
export interface SynapseParamsOptions {
  /** s in nA (> 0). Default 5. */
  strengthNa?: number;
  logStrengthNa?: number;
  /** τ_rec in ms (> 0). Default 200. */
  tauRecMs?: number;
  logTauRecMs?: number;
  /** U in (0, 1). Default 0.3. */
  releaseProbability?: number;
  logitReleaseProbability?: number;
}

/** The reference's initial synapse values (spec §2.5): s = 5 nA, τ_rec = 200 ms, U = 0.3. */
export const defaultSynapseParams = Object.freeze({ strengthNa: 5, tauRecMs: 200, releaseProbability: 0.3 });

/**
 * Validate and convert synapse parameters to their learnable form.
 *
 * @throws {InvalidParameterError} for NaN, a strength or τ_rec ≤ 0, or U outside (0, 1).
 * @example
 *   const params = defineSynapseParams({ strengthNa: 3.5 }); // ORN→PN init
 */
export function defineSynapseParams(options: SynapseParamsOptions = {}): SynapseParams {
  const d = defaultSynapseParams;
  const logStrengthNa =
    options.logStrengthNa !== undefined
      ? finiteNumber('logStrengthNa', options.logStrengthNa, 'ln of the strength in nA')
      : Math.log(positiveNumber('strengthNa', options.strengthNa ?? d.strengthNa, 'synaptic strength in nA'));
  const logTauRecMs =
    options.logTauRecMs !== undefined
      ? finiteNumber('logTauRecMs', options.logTauRecMs, 'ln of the recovery time constant in ms')
      : Math.log(positiveNumber('tauRecMs', options.tauRecMs ?? d.tauRecMs, 'recovery time constant in ms'));
  let logitReleaseProbability: number;
  if (options.logitReleaseProbability !== undefined) {
    logitReleaseProbability = finiteNumber('logitReleaseProbability', options.logitReleaseProbability, 'logit of the release fraction');
  } else {
    const u = options.releaseProbability ?? d.releaseProbability;
    if (typeof u !== 'number' || !(u > 0 && u < 1)) {
      throw new InvalidParameterError({ parameter: 'releaseProbability', value: u, expected: 'a number in (0, 1) (release fraction U)' });
    }
    logitReleaseProbability = logit(u);
  }
  return Object.freeze({ logStrengthNa, logTauRecMs, logitReleaseProbability });
}

/** Gradient accumulators of {@link SynapseParams} (mutable; the backward adds into them). */
export interface SynapseParamGrads {
  logStrengthNa: number;
  logTauRecMs: number;
  logitReleaseProbability: number;
}

/** Zeroed {@link SynapseParamGrads}. */
export function createSynapseParamGrads(): SynapseParamGrads {
  return { logStrengthNa: 0, logTauRecMs: 0, logitReleaseProbability: 0 };
}

/** State of a pathway for a batch (batch-major). */
export interface SynapseState {
  /** Postsynaptic current I, nA, `batch × nPost`. */
  readonly currentNa: Vec;
  /** Presynaptic resources x, dimensionless in [0, 1], `batch × nPre` (constant 1 without STD). */
  readonly resources: Vec;
}

/**
 * Fresh state (spec §2.2): I = 0, x = 1.
 *
 * @example
 *   const state = createSynapseState(pathway, 16);
 */
export function createSynapseState(pathway: SynapsePathway, batch: number, dtype: VecConstructor = Float32Array): SynapseState {
  positiveInteger('batch', batch, 'number of samples');
  return { currentNa: new dtype(batch * pathway.nPost), resources: new dtype(batch * pathway.nPre).fill(1) };
}
