import { V_PER_MV, softplus } from '@olfactory/neurons';
import type { AplParams } from './apl-step';

/**
 * The derived constants of one graded APL step (spec §2.10), computed in this one place for the
 * JavaScript loops, the WebAssembly dispatch and the ONNX export:
 *
 *   strength = exp(ln s)                       (KC count → APL drive)
 *   dendGain = softplus(kcDendriteGainRaw)·1e−3 (per mV of dendritic depolarisation)
 *   aplGain  = softplus(aplGainRaw)            (APL → KC inhibition)
 *   τ_APL = exp(ln τ_APL),  β = exp(−dt/τ_APL)
 *   invDen = 1/max(1, t + 1)                   (the KC rate so far: counts over t + 1 steps)
 *   inject                                     (optogenetic injection, as given)
 */
export interface AplCoefficients {
  readonly strength: number;
  readonly dendGain: number;
  readonly aplGain: number;
  readonly tauAplMs: number;
  readonly beta: number;
  readonly invDen: number;
  readonly inject: number;
}

/** The scalars a WebAssembly APL step reads: the coefficients without τ_APL. */
export type AplStepScalars = Omit<AplCoefficients, 'tauAplMs'>;

/**
 * The coefficients of step `stepIndex` (0-based) with injection `aplInject` and step `dtMs`.
 *
 * @example
 *   const { beta } = aplCoefficients(params, 0, 0, 1); // exp(−1 ms / τ_APL)
 */
export function aplCoefficients(params: AplParams, stepIndex: number, aplInject: number, dtMs: number): AplCoefficients {
  const tauAplMs = Math.exp(params.logTauAplMs);
  return {
    strength: Math.exp(params.logKcAplStrength),
    dendGain: softplus(params.kcDendriteGainRaw) * V_PER_MV,
    aplGain: softplus(params.aplGainRaw),
    tauAplMs,
    beta: Math.exp(-dtMs / tauAplMs),
    invDen: 1 / Math.max(1, stepIndex + 1),
    inject: aplInject,
  };
}
