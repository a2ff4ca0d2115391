import type { Vec, VecConstructor } from '../core/vec';
import { finiteNumber, nonNegativeNumber, perNeuronArray, positiveInteger, positiveNumber } from '../core/validate';
import { InvalidParameterError } from '../errors/invalid-parameter-error';

/**
 * Parameters of a LIF population (ORN, LN or PN in the reference; spec §2.4). Units: ms, mV, MΩ.
 *
 * Learnable values are stored in their trained parameterisation: the membrane time constant as
 * `logTauMemMs` = ln(τ_m / 1 ms) (shared by the population), thresholds per neuron in mV.
 */
export interface LifParams {
  /** Number of neurons n. */
  readonly size: number;
  /** ln(τ_m / ms), learnable, shared. Default ln 20 (τ_m = 20 ms). Trained within [ln 5, ln 50]. */
  readonly logTauMemMs: number;
  /** Spike threshold V_th per neuron, mV, learnable. Default −40. Trained within [−55, −30]. */
  readonly vThresholdMv: Vec;
  /** Leak target V_rest, mV. Default −60. */
  readonly vRestMv: number;
  /** Post-spike and refractory reset potential V_reset, mV. Default −60. */
  readonly vResetMv: number;
  /** Hard voltage floor V_min, mV. Default −80. Must be ≤ vResetMv. */
  readonly vMinMv: number;
  /** Membrane resistance R_m, MΩ (nA × MΩ = mV). Default 1000 (1 GΩ). */
  readonly resistanceMohm: number;
  /** Absolute refractory period τ_ref, ms. Default 2. */
  readonly refractoryPeriodMs: number;
}

/** The reference's scalar LIF defaults (spec §2.1). */
export const defaultLifParams = Object.freeze({
  tauMemMs: 20,
  vThresholdMv: -40,
  vRestMv: -60,
  vResetMv: -60,
  vMinMv: -80,
  resistanceMohm: 1000,
  refractoryPeriodMs: 2,
});

/** Options of {@link defineLifParams}: every field but `size` defaults to {@link defaultLifParams}. */
export interface LifParamsOptions {
  /** Number of neurons (integer > 0). */
  size: number;
  /** τ_m in ms (> 0); ignored when `logTauMemMs` is given. Default 20. */
  tauMemMs?: number;
  /** ln(τ_m / ms), the learnable form. */
  logTauMemMs?: number;
  /** V_th, mV: one number for every neuron or an array of `size`. Default −40. */
  vThresholdMv?: number | ArrayLike<number>;
  vRestMv?: number;
  vResetMv?: number;
  vMinMv?: number;
  resistanceMohm?: number;
  refractoryPeriodMs?: number;
  /** Array type of `vThresholdMv` (Float32Array in production, Float64Array in gradient tests). Default Float32Array. */
  dtype?: VecConstructor;
}

/**
 * Validate and complete LIF parameters (validation happens here, once; the kernels trust them).
 *
 * @throws {InvalidParameterError} for NaN / infinite values, a time constant, resistance or size
 *   ≤ 0, a negative refractory period, or V_min > V_reset.
 * @throws {ShapeMismatchError} when `vThresholdMv` is an array whose length is not `size`.
 * @example
 *   const params = defineLifParams({ size: 42, vThresholdMv: -42.5 });
 */
export function defineLifParams(options: LifParamsOptions): LifParams {
  const d = defaultLifParams;
  const size = positiveInteger('size', options.size, 'number of neurons');
  let logTauMemMs: number;
  if (options.logTauMemMs !== undefined) {
    logTauMemMs = finiteNumber('logTauMemMs', options.logTauMemMs, 'ln of the membrane time constant in ms');
  } else {
    logTauMemMs = Math.log(positiveNumber('tauMemMs', options.tauMemMs ?? d.tauMemMs, 'membrane time constant in ms'));
  }
  const vRestMv = finiteNumber('vRestMv', options.vRestMv ?? d.vRestMv, 'resting potential in mV');
  const vResetMv = finiteNumber('vResetMv', options.vResetMv ?? d.vResetMv, 'reset potential in mV');
  const vMinMv = finiteNumber('vMinMv', options.vMinMv ?? d.vMinMv, 'voltage floor in mV');
  if (vMinMv > vResetMv) {
    throw new InvalidParameterError({ parameter: 'vMinMv', value: vMinMv, expected: `a voltage <= vResetMv = ${vResetMv} mV (floor below reset)` });
  }
  const resistanceMohm = positiveNumber('resistanceMohm', options.resistanceMohm ?? d.resistanceMohm, 'membrane resistance in MΩ');
  const refractoryPeriodMs = nonNegativeNumber('refractoryPeriodMs', options.refractoryPeriodMs ?? d.refractoryPeriodMs, 'refractory period in ms');
  const vThresholdMv = perNeuronArray('defineLifParams', 'vThresholdMv', options.vThresholdMv ?? d.vThresholdMv, size, 'threshold in mV', options.dtype ?? Float32Array);
  return { size, logTauMemMs, vThresholdMv, vRestMv, vResetMv, vMinMv, resistanceMohm, refractoryPeriodMs };
}

/**
 * State of a LIF population for a batch (batch-major, `x[b * n + i]`).
 */
export interface LifState {
  /** Membrane potential V, mV. */
  readonly v: Vec;
  /** Remaining refractory time ρ, ms (0 = free to fire). */
  readonly refractoryMs: Vec;
}

/**
 * Fresh state (spec §2.2): V = V_rest, ρ = 0.
 *
 * @example
 *   const state = createLifState(params, 16);
 */
export function createLifState(params: LifParams, batch: number, dtype: VecConstructor = Float32Array): LifState {
  positiveInteger('batch', batch, 'number of samples');
  const n = batch * params.size;
  return { v: new dtype(n).fill(params.vRestMv), refractoryMs: new dtype(n) };
}

/**
 * Per-step noise of a LIF population (spec §2.13 sources 3, 4, 6), batch-major, constants for
 * the gradient. `null` means no noise from that source.
 */
export interface LifNoise {
  /** Background current noise added to the input, nA (σ = 0.015 nA = 15 pA). */
  readonly currentNa: Vec | null;
  /** Membrane noise added after integration, mV (σ = 1 mV). */
  readonly voltageMv: Vec | null;
  /** Threshold jitter ε added to V_th at the spike check, mV (σ = 1 mV). */
  readonly thresholdMv: Vec | null;
}

/** A {@link LifNoise} with every source off. */
export const NO_LIF_NOISE: LifNoise = Object.freeze({ currentNa: null, voltageMv: null, thresholdMv: null });

/**
 * Output of one LIF step: the new state, the spikes, and what the backward needs.
 */
export interface LifStepOutput extends LifState {
  /** Spikes s (graded in training, 0/1 in evaluation), dimensionless. */
  readonly spikes: Vec;
  /** Saved u = V − V_th − ε at the spike check, mV. */
  readonly uMv: Vec;
  /** Saved {@link SpikeFlag} bits. */
  readonly flags: Uint8Array;
}

/**
 * Allocate the output buffers of one step (reuse them: the kernels are allocation-free).
 *
 * @example
 *   const out = createLifStepOutput(params, 16);
 */
export function createLifStepOutput(params: LifParams, batch: number, dtype: VecConstructor = Float32Array): LifStepOutput {
  positiveInteger('batch', batch, 'number of samples');
  const n = batch * params.size;
  return { v: new dtype(n), refractoryMs: new dtype(n), spikes: new dtype(n), uMv: new dtype(n), flags: new Uint8Array(n) };
}

/** Gradient accumulators of the learnable LIF parameters (mutable; the backward adds into them). */
export interface LifParamGrads {
  /** ∂L/∂ln τ_m. */
  logTauMemMs: number;
  /** ∂L/∂V_th per neuron, 1/mV. */
  readonly vThresholdMv: Vec;
}

/** Zeroed {@link LifParamGrads} (Float64Array thresholds: gradients are summed over many steps). */
export function createLifParamGrads(params: LifParams): LifParamGrads {
  return { logTauMemMs: 0, vThresholdMv: new Float64Array(params.size) };
}
