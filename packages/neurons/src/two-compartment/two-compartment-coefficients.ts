import type { TwoCompartmentParams } from './two-compartment-params';

/**
 * The input constants of the two-compartment step (spec §2.9), beside its propagator
 * (`twoCompartmentPropagator`): each compartment's forcing is b = V_rest/τ + (R/τ)·I, so
 *
 *   leak = V_rest/τ (mV/ms),   drive = R_m/τ (MΩ/ms)
 *
 * computed here once for the JavaScript loops, the WebAssembly dispatch and the ONNX export.
 *
 * @example
 *   const { leakMvPerMs, driveMohmPerMs } = twoCompartmentDriveCoefficients(params);
 */
export function twoCompartmentDriveCoefficients(params: Pick<TwoCompartmentParams, 'vRestMv' | 'resistanceMohm' | 'tauMemMs'>): { readonly leakMvPerMs: number; readonly driveMohmPerMs: number } {
  return { leakMvPerMs: params.vRestMv / params.tauMemMs, driveMohmPerMs: params.resistanceMohm / params.tauMemMs };
}
