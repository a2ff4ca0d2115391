import type { CellGroup, OlfactoryCircuit } from '@olfactory/connectome-data';
import type { GapJunctionMask, GradedCoupling, SynapsePathway } from '@olfactory/neurons';
import { csrFromDense, csrMax, defineGapJunctionMask, defineGradedCoupling, defineSynapsePathway } from '@olfactory/neurons';
import type { AplCircuit } from '../apl/apl-step';
import { defineAplCircuit } from '../apl/apl-step';
import type { ReceptorMap } from '../input/or-orn-drive';
import { defineReceptorMap } from '../input/or-orn-drive';
import type { ChemicalPathwaySpec } from '../parameters/chemical-pathways';
import { CHEMICAL_PATHWAYS, pathwayCounts } from '../parameters/chemical-pathways';

/** One chemical pathway with its fixed connectivity, in both synapse variants. */
export interface CircuitPathway {
  readonly spec: ChemicalPathwaySpec;
  /** Tsodyks–Markram depressing synapse (canonical). */
  readonly depressing: SynapsePathway;
  /** Without short-term depression (the reference's `disable_std`): J = s·W, no factor U (spec §2.15). */
  readonly nonDepressing: SynapsePathway;
}

/** One segment of the per-sample, per-step circuit noise (see {@link NoiseLayout}). */
export interface NoiseSegment {
  readonly name: string;
  /** Offset within the sample's block of the step. */
  readonly offset: number;
  readonly size: number;
  /** Standard deviation in the segment's unit (dimensionless, mV or nA). */
  readonly std: number;
}

/**
 * Layout of the circuit noise of one sample and one time step: every normal variate the six
 * noise sources of spec §2.13 need (except the per-sample OR input noise, applied to the data),
 * drawn in this order from ONE block of the counter-based generator, addressed by
 * (stream, global sample index, step, `NOISE_SOURCE.CIRCUIT`). Every engine (TypeScript, ONNX)
 * reads the same numbers through this layout.
 *
 *   receptor (n_ORN, σ 0.10) · ORN current (nA, σ 0.015), voltage (mV, σ 1), threshold (mV, σ 1)
 *   · LN ×3 · PN ×3 · KC dendrite, axon, threshold (mV, σ 1) · release noise of the 16 pathways
 *   in update order (n_post each, σ 0.25)
 */
export interface NoiseLayout {
  readonly segments: readonly NoiseSegment[];
  /** Variates per sample per step (2,766 for the canonical circuit). */
  readonly perSampleStep: number;
  readonly index: Readonly<Record<string, NoiseSegment>>;
}

/** The fixed (non-learned) structure of the student: sizes, connectivity, noise layout. */
export interface SpikingCircuit {
  readonly sizes: { readonly receptors: number; readonly orn: number; readonly ln: number; readonly pn: number; readonly kc: number; readonly apl: number };
  readonly pathways: readonly CircuitPathway[];
  readonly gap: { readonly lnLn: GapJunctionMask; readonly pnPn: GapJunctionMask; readonly elnPn: GapJunctionMask };
  readonly apl: AplCircuit;
  /** Graded KC–KC dendrite→dendrite and dendrite→axon couplings. */
  readonly dd: GradedCoupling;
  readonly da: GradedCoupling;
  readonly receptors: ReceptorMap;
  readonly noise: NoiseLayout;
}

/** Canonical noise standard deviations (spec §2.13). */
export const CIRCUIT_NOISE_STD = Object.freeze({ receptor: 0.1, currentNa: 0.015, membraneMv: 1, thresholdMv: 1, release: 0.25 });

function noiseLayout(sizes: SpikingCircuit['sizes'], pathways: readonly CircuitPathway[]): NoiseLayout {
  const segments: NoiseSegment[] = [];
  let offset = 0;
  const add = (name: string, size: number, std: number) => {
    segments.push(Object.freeze({ name, offset, size, std }));
    offset += size;
  };
  const s = CIRCUIT_NOISE_STD;
  add('receptor', sizes.orn, s.receptor);
  for (const g of ['orn', 'ln', 'pn'] as const) {
    add(`${g}.current`, sizes[g], s.currentNa);
    add(`${g}.voltage`, sizes[g], s.membraneMv);
    add(`${g}.threshold`, sizes[g], s.thresholdMv);
  }
  add('kc.dendrite', sizes.kc, s.membraneMv);
  add('kc.axon', sizes.kc, s.membraneMv);
  add('kc.threshold', sizes.kc, s.thresholdMv);
  for (const p of pathways) add(`release.${p.spec.name}`, p.depressing.nPost, s.release);
  return Object.freeze({ segments: Object.freeze(segments), perSampleStep: offset, index: Object.freeze(Object.fromEntries(segments.map((x) => [x.name, x]))) });
}

/**
 * Assemble the student's fixed structure from the data layer's circuit (spec §1.2–§1.3, §2):
 * the 16 chemical pathways (normalised counts — each by its maximum, or all by the largest count
 * of any with the `global-max` preprocessing —, signs, LN→PN split by LN subtype), the three
 * gap-junction masks, the APL connectivity, the graded KC–KC couplings and the OR→ORN map.
 */
export function buildSpikingCircuit(circuit: OlfactoryCircuit): SpikingCircuit {
  const n = (g: CellGroup) => circuit.neurons[g].length;
  const sizes = Object.freeze({ receptors: circuit.orToOrn.length / n('orn'), orn: n('orn'), ln: n('ln'), pn: n('pn'), kc: n('kc'), apl: n('apl') });
  const counts = CHEMICAL_PATHWAYS.map((spec) => pathwayCounts(circuit, spec));
  // Per-matrix maximum (canonical) or one divisor for all 16: the largest count of any of them.
  const countDivisor = circuit.preprocessing.countNormalization === 'global-max' ? Math.max(...counts.map(csrMax)) : undefined;
  const pathways = CHEMICAL_PATHWAYS.map((spec, k) => {
    const sign = spec.sign === 1 ? 'excitatory' : 'inhibitory';
    return Object.freeze({
      spec,
      depressing: defineSynapsePathway({ counts: counts[k]!, sign, shortTermDepression: true, countDivisor }),
      nonDepressing: defineSynapsePathway({ counts: counts[k]!, sign, shortTermDepression: false, countDivisor }),
    });
  });
  const m = circuit.matrices;
  return Object.freeze({
    sizes,
    pathways: Object.freeze(pathways),
    gap: Object.freeze({
      lnLn: defineGapJunctionMask(circuit.gapMasks.lnLn, 'symmetric'),
      pnPn: defineGapJunctionMask(circuit.gapMasks.pnPn, 'symmetric'),
      elnPn: defineGapJunctionMask(circuit.gapMasks.elnPn, 'bipartite'),
    }),
    apl: defineAplCircuit({ kcToApl: m.kc_to_apl, kcDendriteToApl: m.kc_to_apl_da, aplToKc: m.apl_to_kc }),
    dd: defineGradedCoupling({ counts: m.kc_to_kc_dd }),
    da: defineGradedCoupling({ counts: m.kc_to_kc_da }),
    receptors: defineReceptorMap(csrFromDense(circuit.orToOrn, sizes.receptors, sizes.orn)),
    noise: noiseLayout(sizes, pathways),
  });
}
