import type { TwoCompartmentParams, LifParams, SynapseParams } from '@olfactory/neurons';
import { InvalidParameterError, ShapeMismatchError, defineTwoCompartmentParams, defineLifParams, defineSynapseParams } from '@olfactory/neurons';
import type { AplParams } from '../apl/apl-step';
import { defineAplParams } from '../apl/apl-step';
import type { OrnDriveParams } from '../input/or-orn-drive';
import { defineOrnDriveParams } from '../input/or-orn-drive';
import type { ParameterSpec } from '../parameters/parameter-layout';
import { parameterCount, studentParameterLayout } from '../parameters/parameter-layout';
import type { SpikingCircuit } from './spiking-circuit';

const LN_1E3 = Math.log(1e3);
const LN_1E9 = Math.log(1e9);

/**
 * The 449 learnable scalars of the student as one flat vector in the layout order of
 * `studentParameterLayout()`, in the reference's SI parameterisation (V, log s, log A, log S,
 * logits, raw softplus inputs). Engines convert at their boundary with {@link kernelParameters}.
 */
export interface StudentParameters {
  readonly layout: readonly ParameterSpec[];
  readonly values: Float64Array;
  /** Offset of each named tensor in `values`. */
  readonly offsets: Readonly<Record<string, number>>;
}

/** The layout of a circuit's student (sizes from the circuit). */
export function layoutForCircuit(circuit: SpikingCircuit): ParameterSpec[] {
  const s = circuit.sizes;
  return studentParameterLayout({ orn: s.orn, ln: s.ln, pn: s.pn, kc: s.kc, receptors: s.receptors });
}

function offsetsOf(layout: readonly ParameterSpec[]): Record<string, number> {
  const out: Record<string, number> = {};
  let o = 0;
  for (const p of layout) {
    out[p.name] = o;
    o += p.size;
  }
  return out;
}

/**
 * Wrap a flat vector (copied) after checking its length and that every value is finite.
 *
 * @throws {ShapeMismatchError} for a vector of the wrong length.
 * @throws {InvalidParameterError} naming the first non-finite entry and its tensor.
 */
export function createStudentParameters(layout: readonly ParameterSpec[], values: ArrayLike<number>): StudentParameters {
  const n = parameterCount(layout);
  if (values.length !== n) {
    throw new ShapeMismatchError({ argument: 'values', functionName: 'createStudentParameters', actual: `length ${values.length}`, expected: `length ${n} (the student's learnable scalars)` });
  }
  const v = Float64Array.from(values);
  const offsets = offsetsOf(layout);
  for (const p of layout) {
    for (let i = 0; i < p.size; i++) {
      const x = v[offsets[p.name]! + i]!;
      if (!Number.isFinite(x)) {
        throw new InvalidParameterError({
          parameter: p.size === 1 ? p.name : `${p.name}[${i}]`,
          value: x,
          expected: `a finite number (${p.unit})`,
          fix: 'The parameters are corrupt or training diverged; retrain or use another checkpoint.',
        });
      }
    }
  }
  return Object.freeze({ layout, values: v, offsets: Object.freeze(offsets) });
}

/** What the ANN→SNN transfer copies from the rate teacher (spec §3.3). */
export interface TeacherTransfer {
  /** Raw OR gains (softplus inputs), one per receptor. */
  readonly orGains: ArrayLike<number>;
  /** Raw teacher APL gain; the student starts at 4× this raw value (APL_BOOST). */
  readonly aplGainRaw: number;
}

/** The student's initial parameters after the transfer of spec §3.3 (thresholds, strengths, teacher copies). */
export function initialStudentParameters(circuit: SpikingCircuit, teacher: TeacherTransfer): StudentParameters {
  const layout = layoutForCircuit(circuit);
  const values = new Float64Array(parameterCount(layout));
  let o = 0;
  for (const p of layout) {
    for (let i = 0; i < p.size; i++) {
      values[o + i] = p.init === 'teacher' ? teacher.orGains[i]! : p.init === 'teacherAplGainTimes4' ? 4 * teacher.aplGainRaw : p.init;
    }
    o += p.size;
  }
  return createStudentParameters(layout, values);
}

/** Clamp every bounded tensor into its bounds, in place (the projection after each optimizer step, §3.4). */
export function projectToBounds(params: StudentParameters): void {
  for (const p of params.layout) {
    if (!p.bounds) continue;
    const [lo, hi] = p.bounds;
    const o = params.offsets[p.name]!;
    for (let i = 0; i < p.size; i++) {
      const x = params.values[o + i]!;
      params.values[o + i] = x < lo ? lo : x > hi ? hi : x;
    }
  }
}

/** Kernel-unit parameters (mV, nA, nS, ms) of every component, built from the SI vector. */
export interface KernelParameters {
  readonly orDrive: OrnDriveParams;
  readonly orn: LifParams;
  readonly ln: LifParams;
  readonly pn: LifParams;
  readonly kc: TwoCompartmentParams;
  readonly gapLogNs: { readonly lnLn: number; readonly pnPn: number; readonly elnPn: number };
  readonly apl: AplParams;
  readonly ddGainRaw: number;
  readonly daGainRaw: number;
  readonly synapses: readonly SynapseParams[];
}

/**
 * Convert the SI vector to the kernels' units: log-time constants + ln 1000 (s → ms), log
 * amperes + ln 1e9 (→ nA), log siemens + ln 1e9 (→ nS), thresholds × 1000 (V → mV). The
 * conversions are shifts of log-parameters, so gradients w.r.t. them are unchanged; threshold
 * gradients are multiplied by 1000 (see `gradientsToSi`).
 */
export function kernelParameters(circuit: SpikingCircuit, params: StudentParameters, dtype: Float32ArrayConstructor | Float64ArrayConstructor = Float32Array): KernelParameters {
  const v = params.values;
  const o = params.offsets;
  const s = circuit.sizes;
  const at = (name: string) => v[o[name]!]!;
  const vthMv = (name: string, n: number) => Array.from(v.subarray(o[name]!, o[name]! + n), (x) => x * 1e3);
  const lif = (g: 'orn' | 'ln' | 'pn') => defineLifParams({ size: s[g], logTauMemMs: at(`${g}.logTauM`) + LN_1E3, vThresholdMv: vthMv(`${g}.vTh`, s[g]), dtype });
  return {
    orDrive: defineOrnDriveParams({ nReceptors: s.receptors, orGainsRaw: v.subarray(o['or.gains']!, o['or.gains']! + s.receptors), logOrGainNa: at('or.logCurrentGain') + LN_1E9, dtype }),
    orn: lif('orn'),
    ln: lif('ln'),
    pn: lif('pn'),
    kc: defineTwoCompartmentParams({ size: s.kc, logGSomaNs: at('kc.logGSoma') + LN_1E9, vThresholdMv: vthMv('kc.vTh', s.kc), dtype }),
    gapLogNs: { lnLn: at('gap.lnLn.logG') + LN_1E9, pnPn: at('gap.pnPn.logG') + LN_1E9, elnPn: at('gap.elnPn.logG') + LN_1E9 },
    apl: defineAplParams({ logKcAplStrength: at('apl.kcAplLogStrength'), kcDendriteGainRaw: at('apl.kcDendGain'), aplGainRaw: at('apl.gain'), logTauAplMs: at('apl.logTau') + LN_1E3 }),
    ddGainRaw: at('kcKc.ddGain'),
    daGainRaw: at('kcKc.daGain'),
    synapses: circuit.pathways.map((p) =>
      defineSynapseParams({
        logStrengthNa: at(`pathway.${p.spec.name}.logStrength`) + LN_1E9,
        logTauRecMs: at(`pathway.${p.spec.name}.logTauRec`) + LN_1E3,
        logitReleaseProbability: at(`pathway.${p.spec.name}.logitU`),
      }),
    ),
  };
}

/** The post-hoc switches of spec §2.15 applied to a copy of the parameters: no gap junctions, no APL. */
export function ablateParameters(params: StudentParameters, ablation: { noGap?: boolean; noApl?: boolean }): StudentParameters {
  const v = Float64Array.from(params.values);
  if (ablation.noGap) for (const g of ['gap.lnLn.logG', 'gap.pnPn.logG', 'gap.elnPn.logG']) v[params.offsets[g]!] = Math.log(1e-30);
  if (ablation.noApl) v[params.offsets['apl.gain']!] = -100;
  return createStudentParameters(params.layout, v);
}
