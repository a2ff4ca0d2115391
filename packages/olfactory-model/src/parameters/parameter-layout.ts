import { CHEMICAL_PATHWAYS } from './chemical-pathways';

/**
 * One learnable tensor of the student model. Values are stored in the **reference's SI
 * parameterisation** (volts, log seconds, log amperes, log siemens, logits, raw softplus
 * inputs), so that Adam's step sizes, the global gradient-norm clip (5.0) and the projection
 * bounds are literally those of spec §3.4; engines convert at their boundary (e.g. to mV/nA).
 */
export interface ParameterSpec {
  /** Dotted name, e.g. `kc.vTh`, `pathway.pn_kc.logStrength`. */
  readonly name: string;
  /** Number of scalars. */
  readonly size: number;
  /** Group used for counting (spec §2.14 table). */
  readonly group: ParameterGroup;
  /** Initial value after ANN→SNN transfer (§3.3); `teacher` = copied from the rate teacher. */
  readonly init: number | 'teacher' | 'teacherAplGainTimes4';
  /** Projection bounds applied after every optimizer step, or undefined for unbounded. */
  readonly bounds?: readonly [number, number];
  /** Adam learning-rate multiplier (base 1e−3). */
  readonly lr: number;
  /** Physical meaning and unit of the stored value. */
  readonly unit: string;
}

export type ParameterGroup =
  'orGains' | 'orCurrentGain' | 'tauMembrane' | 'ornThreshold' | 'lnThreshold' | 'pnThreshold' | 'kcThreshold' | 'gSoma' | 'gapConductance' | 'apl' | 'kcKcGradedGain' | 'chemicalPathway';

const ln = Math.log;
const logit = (u: number): number => Math.log(u / (1 - u));
const V_TH_BOUNDS: readonly [number, number] = [-55e-3, -30e-3];
const TAU_M_BOUNDS: readonly [number, number] = [ln(5e-3), ln(50e-3)];

/**
 * The 449 learnable "biophysical" scalars of the student (spec §2.14), excluding the 28 × 144
 * decoder. Order is fixed: it is the layout of the flat parameter vector in checkpoints.
 */
export function studentParameterLayout(sizes: { orn: number; ln: number; pn: number; kc: number; receptors: number } = { orn: 42, ln: 108, pn: 72, kc: 144, receptors: 21 }): ParameterSpec[] {
  const out: ParameterSpec[] = [
    { name: 'or.gains', size: sizes.receptors, group: 'orGains', init: 'teacher', lr: 0.5, unit: 'raw (softplus → gain)' },
    { name: 'or.logCurrentGain', size: 1, group: 'orCurrentGain', init: ln(5e-10), lr: 0.2, unit: 'log A' },
    { name: 'orn.logTauM', size: 1, group: 'tauMembrane', init: ln(0.02), bounds: TAU_M_BOUNDS, lr: 0.2, unit: 'log s' },
    { name: 'orn.vTh', size: sizes.orn, group: 'ornThreshold', init: -42.5e-3, bounds: V_TH_BOUNDS, lr: 0.01, unit: 'V' },
    { name: 'ln.logTauM', size: 1, group: 'tauMembrane', init: ln(0.02), bounds: TAU_M_BOUNDS, lr: 0.2, unit: 'log s' },
    { name: 'ln.vTh', size: sizes.ln, group: 'lnThreshold', init: -47.5e-3, bounds: V_TH_BOUNDS, lr: 0.01, unit: 'V' },
    { name: 'pn.logTauM', size: 1, group: 'tauMembrane', init: ln(0.02), bounds: TAU_M_BOUNDS, lr: 0.2, unit: 'log s' },
    { name: 'pn.vTh', size: sizes.pn, group: 'pnThreshold', init: -42.5e-3, bounds: V_TH_BOUNDS, lr: 0.01, unit: 'V' },
    { name: 'kc.vTh', size: sizes.kc, group: 'kcThreshold', init: -37.5e-3, bounds: V_TH_BOUNDS, lr: 0.01, unit: 'V' },
    { name: 'kc.logGSoma', size: 1, group: 'gSoma', init: ln(10e-9), bounds: [ln(1e-9), ln(20e-9)], lr: 0.1, unit: 'log S' },
    { name: 'gap.lnLn.logG', size: 1, group: 'gapConductance', init: ln(1e-10), lr: 0.2, unit: 'log S' },
    { name: 'gap.pnPn.logG', size: 1, group: 'gapConductance', init: ln(1e-10), lr: 0.2, unit: 'log S' },
    { name: 'gap.elnPn.logG', size: 1, group: 'gapConductance', init: ln(1e-10), lr: 0.2, unit: 'log S' },
    { name: 'apl.kcAplLogStrength', size: 1, group: 'apl', init: 0, lr: 4, unit: 'log (dimensionless factor)' },
    { name: 'apl.kcDendGain', size: 1, group: 'apl', init: 0.1, lr: 4, unit: 'raw (softplus)' },
    { name: 'apl.gain', size: 1, group: 'apl', init: 'teacherAplGainTimes4', lr: 4, unit: 'raw (softplus)' },
    { name: 'apl.logTau', size: 1, group: 'apl', init: ln(0.015), bounds: [ln(0.01), ln(0.05)], lr: 0.05, unit: 'log s' },
    { name: 'kcKc.ddGain', size: 1, group: 'kcKcGradedGain', init: -5, lr: 0.1, unit: 'raw (softplus)' },
    { name: 'kcKc.daGain', size: 1, group: 'kcKcGradedGain', init: -5, lr: 0.1, unit: 'raw (softplus)' },
  ];
  for (const pw of CHEMICAL_PATHWAYS) {
    out.push(
      { name: `pathway.${pw.name}.logStrength`, size: 1, group: 'chemicalPathway', init: ln(pw.initialStrengthA), bounds: [ln(1e-12), ln(pw.maxStrengthA)], lr: pw.logStrengthLr, unit: 'log A' },
      { name: `pathway.${pw.name}.logTauRec`, size: 1, group: 'chemicalPathway', init: ln(0.2), bounds: [ln(0.02), ln(2)], lr: 0.1, unit: 'log s' },
      { name: `pathway.${pw.name}.logitU`, size: 1, group: 'chemicalPathway', init: logit(0.3), bounds: [logit(0.05), logit(0.8)], lr: 0.1, unit: 'logit' },
    );
  }
  return out;
}

/** Total number of scalars in a layout. */
export function parameterCount(layout: readonly ParameterSpec[]): number {
  return layout.reduce((s, p) => s + p.size, 0);
}
