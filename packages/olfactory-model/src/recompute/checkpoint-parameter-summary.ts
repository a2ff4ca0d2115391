import { thresholdBoundaryFractions } from '@olfactory/metrics';
import type { StudentParameters } from '../engine/student-parameters';
import { CHEMICAL_PATHWAYS } from '../parameters/chemical-pathways';

/** Learned parameters of one student in physical units (for the parameter figures and the report). */
export interface CheckpointParameterSummary {
  readonly gSomaNs: number;
  readonly tauAplMs: number;
  readonly aplGainRaw: number;
  readonly gapNs: { readonly lnLn: number; readonly pnPn: number; readonly elnPn: number };
  readonly vThresholdMv: { readonly orn: number[]; readonly ln: number[]; readonly pn: number[]; readonly kc: number[] };
  /** Strength s of each chemical pathway, amperes, keyed by pathway name (e.g. `pn_kc`). */
  readonly pathwayStrengthA: Record<string, number>;
  /** Fraction of KC thresholds ≥ −30.5 mV, of LN thresholds ≤ −54.5 mV, of PN thresholds strictly inside (spec §4.10). */
  readonly kcAtUpperBound: number;
  readonly lnAtLowerBound: number;
  readonly pnInterior: number;
}

/**
 * The learned biophysics of a student, parameter-only (no simulation): g_soma (nS), τ_APL (ms),
 * the raw APL gain, the three gap conductances (nS), thresholds (mV), the 16 pathway strengths
 * (A) and the threshold-boundary fractions of spec §4.10.
 */
export function checkpointParameterSummary(params: StudentParameters): CheckpointParameterSummary {
  const v = params.values;
  const at = (name: string) => v[params.offsets[name]!]!;
  const mv = (name: string) => {
    const spec = params.layout.find((p) => p.name === name)!;
    const o = params.offsets[name]!;
    return Array.from(v.subarray(o, o + spec.size), (x) => x * 1e3);
  };
  const vTh = { orn: mv('orn.vTh'), ln: mv('ln.vTh'), pn: mv('pn.vTh'), kc: mv('kc.vTh') };
  return {
    gSomaNs: Math.exp(at('kc.logGSoma')) * 1e9,
    tauAplMs: Math.exp(at('apl.logTau')) * 1e3,
    aplGainRaw: at('apl.gain'),
    gapNs: { lnLn: Math.exp(at('gap.lnLn.logG')) * 1e9, pnPn: Math.exp(at('gap.pnPn.logG')) * 1e9, elnPn: Math.exp(at('gap.elnPn.logG')) * 1e9 },
    vThresholdMv: vTh,
    pathwayStrengthA: Object.fromEntries(CHEMICAL_PATHWAYS.map((p) => [p.name, Math.exp(at(`pathway.${p.name}.logStrength`))])),
    kcAtUpperBound: thresholdBoundaryFractions(vTh.kc).atUpper,
    lnAtLowerBound: thresholdBoundaryFractions(vTh.ln).atLower,
    pnInterior: thresholdBoundaryFractions(vTh.pn).interior,
  };
}
