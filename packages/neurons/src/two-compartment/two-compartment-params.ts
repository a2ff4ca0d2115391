import type { Vec, VecConstructor } from '../core/vec';
import { finiteNumber, nonNegativeNumber, perNeuronArray, positiveInteger, positiveNumber } from '../core/validate';
import { InvalidParameterError } from '../errors/invalid-parameter-error';

/**
 * Parameters of a population of two-compartment (dendrite + axon/soma) neurons (the larval model's Kenyon cells, spec §2.9). Units: ms, mV, nS, MΩ.
 * Learnable: the dendrite↔axon coupling as `logGSomaNs` = ln(g_soma / nS) (shared) and the
 * per-KC axonal threshold. τ_m is fixed for KCs (20 ms); C_m = τ_m / R_m = 0.02 nF.
 */
export interface TwoCompartmentParams {
  /** Number of neurons. */
  readonly size: number;
  /** ln(g_soma / nS), learnable. Init ln 10; trained within [ln 1, ln 20]. */
  readonly logGSomaNs: number;
  /** Axonal spike threshold per KC, mV, learnable. Default −40 (reference student init −37.5). */
  readonly vThresholdMv: Vec;
  /** Membrane time constant of both compartments, ms (fixed). Default 20. */
  readonly tauMemMs: number;
  /** Membrane resistance R_m, MΩ. Default 1000. */
  readonly resistanceMohm: number;
  /** Leak target (= reset) V_rest, mV. Default −60. */
  readonly vRestMv: number;
  /** Reset potential, mV. Default −60. */
  readonly vResetMv: number;
  /** Voltage floor of both compartments, mV. Default −80. */
  readonly vMinMv: number;
  /** Refractory period, ms. Default 2. */
  readonly refractoryPeriodMs: number;
}

/** Scalar defaults of {@link TwoCompartmentParams} (spec §2.1). */
export const defaultTwoCompartmentParams = Object.freeze({
  gSomaNs: 10,
  vThresholdMv: -40,
  tauMemMs: 20,
  resistanceMohm: 1000,
  vRestMv: -60,
  vResetMv: -60,
  vMinMv: -80,
  refractoryPeriodMs: 2,
});

/** Options of {@link defineTwoCompartmentParams}. */
export interface TwoCompartmentParamsOptions {
  size: number;
  /** g_soma in nS (> 0). Default 10. Ignored when `logGSomaNs` is given. */
  gSomaNs?: number;
  logGSomaNs?: number;
  vThresholdMv?: number | ArrayLike<number>;
  tauMemMs?: number;
  resistanceMohm?: number;
  vRestMv?: number;
  vResetMv?: number;
  vMinMv?: number;
  refractoryPeriodMs?: number;
  dtype?: VecConstructor;
}

/**
 * Validate and complete two-compartment parameters.
 *
 * @throws {InvalidParameterError} for NaN, non-positive time constant / resistance / g_soma /
 *   size, negative refractory period, or V_min > V_reset.
 * @throws {ShapeMismatchError} when `vThresholdMv` is an array of the wrong length.
 * @example
 *   const kc = defineTwoCompartmentParams({ size: 144, vThresholdMv: -37.5 });
 */
export function defineTwoCompartmentParams(options: TwoCompartmentParamsOptions): TwoCompartmentParams {
  const d = defaultTwoCompartmentParams;
  const size = positiveInteger('size', options.size, 'number of neurons');
  const logGSomaNs =
    options.logGSomaNs !== undefined
      ? finiteNumber('logGSomaNs', options.logGSomaNs, 'ln of the soma coupling in nS')
      : Math.log(positiveNumber('gSomaNs', options.gSomaNs ?? d.gSomaNs, 'dendrite-axon coupling conductance in nS'));
  const tauMemMs = positiveNumber('tauMemMs', options.tauMemMs ?? d.tauMemMs, 'membrane time constant in ms');
  const resistanceMohm = positiveNumber('resistanceMohm', options.resistanceMohm ?? d.resistanceMohm, 'membrane resistance in MΩ');
  const vRestMv = finiteNumber('vRestMv', options.vRestMv ?? d.vRestMv, 'resting potential in mV');
  const vResetMv = finiteNumber('vResetMv', options.vResetMv ?? d.vResetMv, 'reset potential in mV');
  const vMinMv = finiteNumber('vMinMv', options.vMinMv ?? d.vMinMv, 'voltage floor in mV');
  if (vMinMv > vResetMv) {
    throw new InvalidParameterError({ parameter: 'vMinMv', value: vMinMv, expected: `a voltage <= vResetMv = ${vResetMv} mV (floor below reset)` });
  }
  const refractoryPeriodMs = nonNegativeNumber('refractoryPeriodMs', options.refractoryPeriodMs ?? d.refractoryPeriodMs, 'refractory period in ms');
  const vThresholdMv = perNeuronArray('defineTwoCompartmentParams', 'vThresholdMv', options.vThresholdMv ?? d.vThresholdMv, size, 'threshold in mV', options.dtype ?? Float32Array);
  return { size, logGSomaNs, vThresholdMv, tauMemMs, resistanceMohm, vRestMv, vResetMv, vMinMv, refractoryPeriodMs };
}

/** State of a KC population for a batch (batch-major). */
export interface TwoCompartmentState {
  /** Dendritic voltage V_d, mV. */
  readonly vDendriteMv: Vec;
  /** Axonal voltage V_a, mV (spikes are read here). */
  readonly vAxonMv: Vec;
  /** Remaining refractory time ρ, ms. */
  readonly refractoryMs: Vec;
}

/** Fresh state (spec §2.2): both compartments at V_rest, ρ = 0. */
export function createTwoCompartmentState(params: TwoCompartmentParams, batch: number, dtype: VecConstructor = Float32Array): TwoCompartmentState {
  positiveInteger('batch', batch, 'number of samples');
  const n = batch * params.size;
  return { vDendriteMv: new dtype(n).fill(params.vRestMv), vAxonMv: new dtype(n).fill(params.vRestMv), refractoryMs: new dtype(n) };
}

/** Per-step KC noise (spec §2.13 sources 3 and 6; KCs get no background-current noise). */
export interface TwoCompartmentNoise {
  /** Membrane noise of the dendrite, mV. */
  readonly dendriteMv: Vec | null;
  /** Membrane noise of the axon, mV. */
  readonly axonMv: Vec | null;
  /** Threshold jitter, mV. */
  readonly thresholdMv: Vec | null;
}

/** A {@link TwoCompartmentNoise} with every source off. */
export const NO_TWO_COMPARTMENT_NOISE: TwoCompartmentNoise = Object.freeze({ dendriteMv: null, axonMv: null, thresholdMv: null });

/** Output of one KC step: new state, spikes and the saved quantities of the backward. */
export interface TwoCompartmentStepOutput extends TwoCompartmentState {
  /** Spikes (from the axon), dimensionless. */
  readonly spikes: Vec;
  /** Saved u = V_a − V_th − ε, mV. */
  readonly uMv: Vec;
  /** Saved {@link SpikeFlag} bits. */
  readonly flags: Uint8Array;
  /** Saved propagator of this step (see `twoCompartmentPropagator`), length 8. */
  readonly propagator: Float64Array;
}

/** Allocate the output buffers of one KC step. */
export function createTwoCompartmentStepOutput(params: TwoCompartmentParams, batch: number, dtype: VecConstructor = Float32Array): TwoCompartmentStepOutput {
  positiveInteger('batch', batch, 'number of samples');
  const n = batch * params.size;
  return {
    vDendriteMv: new dtype(n),
    vAxonMv: new dtype(n),
    refractoryMs: new dtype(n),
    spikes: new dtype(n),
    uMv: new dtype(n),
    flags: new Uint8Array(n),
    propagator: new Float64Array(8),
  };
}

/** Gradient accumulators of the learnable KC parameters. */
export interface TwoCompartmentParamGrads {
  logGSomaNs: number;
  readonly vThresholdMv: Vec;
}

/** Zeroed {@link TwoCompartmentParamGrads}. */
export function createTwoCompartmentParamGrads(params: TwoCompartmentParams): TwoCompartmentParamGrads {
  return { logGSomaNs: 0, vThresholdMv: new Float64Array(params.size) };
}
