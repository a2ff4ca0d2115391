import { lifMembraneCoefficients } from '../simulator/lif-propagator';
import type { LifParams } from './lif-params';

/**
 * The derived constants of one LIF step (spec §2.4) of the gradient kernels, computed in this
 * one place for `lifForward` / `lifBackward`, their WebAssembly dispatch and the ONNX export:
 *
 *   τ_m = exp(logTauMemMs),   a = exp(−dt/τ_m)   (the simulator's exact membrane decay)
 */
export interface LifStepCoefficients {
  readonly tauMemMs: number;
  /** a = exp(−dt/τ_m). */
  readonly decay: number;
}

/**
 * @example
 *   lifStepCoefficients(defineLifParams({ size: 1, tauMemMs: 20 }), 1).decay; // exp(−1/20)
 */
export function lifStepCoefficients(params: Pick<LifParams, 'logTauMemMs'>, dtMs: number): LifStepCoefficients {
  const tauMemMs = Math.exp(params.logTauMemMs);
  return { tauMemMs, decay: lifMembraneCoefficients(tauMemMs, dtMs, 'exact').membraneDecay };
}
