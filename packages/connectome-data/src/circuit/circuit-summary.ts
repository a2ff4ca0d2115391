import { csrNnz, csrSum } from '@olfactory/neurons';
import type { OdorResponseMatrix } from '../kreher/build-kreher-matrix';
import { odorMatrixStats } from '../kreher/build-kreher-matrix';
import { AD_PATHWAYS, NON_AD_PATHWAYS } from './build-olfactory-circuit';
import type { OlfactoryCircuit } from './build-olfactory-circuit';
import { symmetricPairCount } from './gap-junction-masks';

/** The numbers `olfactory data info --json` prints (every one checked against the reference). */
export interface CircuitSummary {
  readonly neurons: { orn: number; ln: number; pn: number; kc: number; apl: number; total: number };
  /** All-all synapses among the 368 neurons. Reference: 52,058 contacts on 11,853 edges. */
  readonly synapses: { contacts: number; edges: number };
  /** Synapses and edges of every AD and non-AD group matrix. */
  readonly pathways: Record<string, { synapses: number; edges: number }>;
  /** KC compartment matrices (aa 13,621; dd 1,191; da 30; KC→APL da 578). */
  readonly compartments: Record<string, { synapses: number; edges: number }>;
  /** Reference: 354 / 929 / 103. */
  readonly gapJunctionPairs: { lnLn: number; pnPn: number; elnPn: number };
  /** Reference: 9 : 17, 82 without PN targets (q = 0.33). */
  readonly lnSplit: { excitatory: number; inhibitory: number; withoutPnTargets: number; quantile: number; threshold: number };
  readonly orMapping: { name: string; drivenOrns: number };
  readonly odors?: { conditions: number; receptors: number; sfrRowSum: number; meanOdorRowSum: number; pairsCosineAbove0_9: number };
}

/** Summarize a circuit (and optionally the odor matrix) as plain JSON-ready numbers. */
export function summarizeCircuit(circuit: OlfactoryCircuit, odors?: OdorResponseMatrix): CircuitSummary {
  const n = circuit.neurons;
  const stat = (name: string) => ({ synapses: csrSum(circuit.matrices[name as keyof typeof circuit.matrices]), edges: csrNnz(circuit.matrices[name as keyof typeof circuit.matrices]) });
  const pathways: Record<string, { synapses: number; edges: number }> = {};
  for (const name of [...Object.keys(AD_PATHWAYS), ...Object.keys(NON_AD_PATHWAYS)]) pathways[name] = stat(name);
  const compartments: Record<string, { synapses: number; edges: number }> = {};
  for (const name of ['kc_to_kc_aa', 'kc_to_kc_dd', 'kc_to_kc_ad', 'kc_to_kc_da', 'kc_to_apl_da']) compartments[name] = stat(name);
  let driven = 0;
  const nOrn = n.orn.length;
  for (let j = 0; j < nOrn; j++) {
    for (let i = 0; i < circuit.orToOrn.length / nOrn; i++) {
      if (circuit.orToOrn[i * nOrn + j]) {
        driven++;
        break;
      }
    }
  }
  const summary: CircuitSummary = {
    neurons: { orn: n.orn.length, ln: n.ln.length, pn: n.pn.length, kc: n.kc.length, apl: n.apl.length, total: n.orn.length + n.ln.length + n.pn.length + n.kc.length + n.apl.length },
    synapses: { contacts: csrSum(circuit.allAll), edges: csrNnz(circuit.allAll) },
    pathways,
    compartments,
    gapJunctionPairs: {
      lnLn: symmetricPairCount(circuit.gapMasks.lnLn),
      pnPn: symmetricPairCount(circuit.gapMasks.pnPn),
      elnPn: csrNnz(circuit.gapMasks.elnPn),
    },
    lnSplit: {
      excitatory: circuit.lnSplit.excitatory,
      inhibitory: circuit.lnSplit.inhibitory,
      withoutPnTargets: circuit.lnSplit.withoutPnTargets,
      quantile: circuit.lnSplit.quantile,
      threshold: circuit.lnSplit.threshold,
    },
    orMapping: { name: circuit.orMapping.name, drivenOrns: driven },
  };
  if (!odors) return summary;
  const s = odorMatrixStats(odors, 0.9);
  return {
    ...summary,
    odors: {
      conditions: odors.conditions.length,
      receptors: odors.receptors.length,
      sfrRowSum: round(s.sfrRowSum, 4),
      meanOdorRowSum: round(s.meanOdorRowSum, 4),
      pairsCosineAbove0_9: s.pairsCosineAbove,
    },
  };
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
