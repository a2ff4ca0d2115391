import type { CsrMatrix } from '@olfactory/neurons';
import { csrAdd, csrMask } from '@olfactory/neurons';
import type { WindingConnectome, WindingMatrixName } from '../winding/winding-connectome';
import { windingMatrixFile } from '../winding/winding-connectome';
import { excitatoryLnPnMask, sharedInputMask, symmetricContactMask } from './gap-junction-masks';
import { selectByIds } from './group-matrix';
import type { LnSplit } from './ln-split';
import { splitLocalNeurons } from './ln-split';
import type { CellGroup, OlfactoryNeurons } from './olfactory-neurons';
import { CELL_GROUPS, selectOlfactoryNeurons } from './olfactory-neurons';
import type { ReceptorMapping } from './receptor-mapping';
import type { PositionalOrnOrder } from './receptor-mapping';
import { RECEPTOR_MAPPINGS, positionalOrnOrder, positionalReceptorMatrix, receptorMappingByName, receptorToOrnMatrix } from './receptor-mapping';
import type { CircuitPreprocessing } from './circuit-preprocessing';
import { resolvePreprocessing } from './circuit-preprocessing';
import { KREHER_RECEPTORS } from '../kreher/kreher-constants';

/**
 * Axon→dendrite ("collapsed") group matrices, named as the reference's files.
 * `ln_to_orn` is absent: Winding 2023 has no AD LN→ORN synapse.
 */
export const AD_PATHWAYS = {
  orn_to_pn: ['orn', 'pn'],
  orn_to_ln: ['orn', 'ln'],
  ln_to_pn: ['ln', 'pn'],
  ln_to_ln: ['ln', 'ln'],
  pn_to_ln: ['pn', 'ln'],
  pn_to_kc: ['pn', 'kc'],
  kc_to_apl: ['kc', 'apl'],
  apl_to_kc: ['apl', 'kc'],
  kc_to_kc: ['kc', 'kc'],
} as const satisfies Record<string, readonly [CellGroup, CellGroup]>;

/** Non-AD group matrices: `aa + da + dd` (spec §1.2; the reference's own files had smaller totals). */
export const NON_AD_PATHWAYS = {
  orn_to_ln_nonad: ['orn', 'ln'],
  ln_to_pn_nonad: ['ln', 'pn'],
  ln_to_ln_nonad: ['ln', 'ln'],
  pn_to_ln_nonad: ['pn', 'ln'],
  pn_to_kc_nonad: ['pn', 'kc'],
  ln_to_orn_nonad: ['ln', 'orn'],
} as const satisfies Record<string, readonly [CellGroup, CellGroup]>;

/** Single-compartment matrices used by the two-compartment KC layer. */
export const COMPARTMENT_PATHWAYS = {
  kc_to_kc_aa: ['kc', 'kc', 'aa'],
  kc_to_kc_dd: ['kc', 'kc', 'dd'],
  kc_to_kc_ad: ['kc', 'kc', 'ad'],
  kc_to_kc_da: ['kc', 'kc', 'da'],
  kc_to_apl_da: ['kc', 'apl', 'da'],
} as const satisfies Record<string, readonly [CellGroup, CellGroup, WindingMatrixName]>;

export type AdPathway = keyof typeof AD_PATHWAYS;
export type NonAdPathway = keyof typeof NON_AD_PATHWAYS;
export type CompartmentPathway = keyof typeof COMPARTMENT_PATHWAYS;
export type PathwayName = AdPathway | NonAdPathway | CompartmentPathway;

/** Options of {@link buildOlfactoryCircuit}. */
export interface OlfactoryCircuitOptions {
  /**
   * Receptor→ORN assignment: a built-in name or a table of one's own. Default `one-to-one` (the
   * reference's). Overrides `preprocessing.orMapping`.
   */
  readonly orMapping?: ReceptorMapping | CircuitPreprocessing['orMapping'];
  /** Quantile of the LN excitatory/inhibitory split. Default 0.33. Overrides `preprocessing.lnQuantile`. */
  readonly lnQuantile?: number;
  /** Every other preprocessing choice (see {@link CircuitPreprocessing}); missing fields are canonical. */
  readonly preprocessing?: Partial<CircuitPreprocessing>;
}

/**
 * The preprocessing a circuit was built with. `orMapping` is `custom` for a receptor table of
 * one's own (other than the built-in table objects), which cannot be rebuilt from a name.
 */
export type RecordedPreprocessing = Omit<CircuitPreprocessing, 'orMapping'> & { readonly orMapping: CircuitPreprocessing['orMapping'] | 'custom' };

/** The 368-neuron larval olfactory circuit with every matrix the model uses (synapse counts). */
export interface OlfactoryCircuit {
  readonly neurons: OlfactoryNeurons;
  /** Every group matrix by the reference's file name: rows presynaptic, columns postsynaptic. */
  readonly matrices: Readonly<Record<PathwayName, CsrMatrix>>;
  /** All synapses (`all-all`) among the 368 neurons, in group order ORN, LN, PN, KC, APL. */
  readonly allAll: CsrMatrix;
  readonly lnSplit: LnSplit;
  /** Binary gap-junction masks: LN–LN (108²), PN–PN (72²), eLN–PN (108 × 72). */
  readonly gapMasks: { readonly lnLn: CsrMatrix; readonly pnPn: CsrMatrix; readonly elnPn: CsrMatrix };
  /** The receptor→ORN table; for the positional mappings its entries are empty (see `orToOrn`). */
  readonly orMapping: ReceptorMapping;
  /** Every preprocessing choice the circuit was built with (record it with anything trained on it). */
  readonly preprocessing: RecordedPreprocessing;
  /** Receptor × ORN binary map `M` (21 × 42, row-major). */
  readonly orToOrn: Float32Array;
  /** sha256 of the connectome archive. */
  readonly sourceSha256: string;
}

/**
 * Build the model's circuit from the whole-brain connectome (spec §1.2–§1.3): select the
 * neurons, cut every AD, non-AD and compartment group matrix by skeleton id, split the LNs, and
 * derive the three gap-junction masks and the OR→ORN map.
 */
export function buildOlfactoryCircuit(connectome: WindingConnectome, options: OlfactoryCircuitOptions = {}): OlfactoryCircuit {
  const table = typeof options.orMapping === 'object' ? options.orMapping : undefined;
  const pre = resolvePreprocessing({
    ...options.preprocessing,
    ...(typeof options.orMapping === 'string' ? { orMapping: options.orMapping } : {}),
    ...(options.lnQuantile !== undefined ? { lnQuantile: options.lnQuantile } : {}),
  });
  const ad = connectome.matrices.ad;
  const neurons = selectOlfactoryNeurons(connectome.annotations, ad);
  const cut = (name: WindingMatrixName, pre: CellGroup, post: CellGroup): CsrMatrix => selectByIds(connectome.matrices[name], neurons[pre], neurons[post], windingMatrixFile(name));
  const matrices = {} as Record<PathwayName, CsrMatrix>;
  for (const [name, [pre, post]] of Object.entries(AD_PATHWAYS)) matrices[name as AdPathway] = cut('ad', pre, post);
  for (const [name, [from, to]] of Object.entries(NON_AD_PATHWAYS)) {
    const counts = csrAdd(csrAdd(cut('aa', from, to), cut('da', from, to)), cut('dd', from, to));
    matrices[name as NonAdPathway] = pre.nonAdWeights === 'binary' ? csrMask(counts) : counts;
  }
  for (const [name, [from, to, compartment]] of Object.entries(COMPARTMENT_PATHWAYS)) {
    matrices[name as CompartmentPathway] = cut(compartment, from, to);
  }
  if (pre.kcDendroDendritic === 'binary') matrices.kc_to_kc_dd = csrMask(matrices.kc_to_kc_dd);
  const all = Int32Array.from(CELL_GROUPS.flatMap((g) => Array.from(neurons[g])));
  const allAll = selectByIds(connectome.matrices['all-all'], all, all, windingMatrixFile('all-all'));
  const lnSplit = splitLocalNeurons(matrices.ln_to_pn, pre.lnQuantile);
  let orMapping: ReceptorMapping;
  let orToOrn: Float32Array;
  if (table) {
    orMapping = table;
    orToOrn = receptorToOrnMatrix(table, neurons.ornTypes);
  } else if (pre.orMapping === 'one-to-one' || pre.orMapping === 'by-name') {
    orMapping = receptorMappingByName(pre.orMapping);
    orToOrn = receptorToOrnMatrix(orMapping, neurons.ornTypes);
  } else {
    orMapping = Object.freeze({ name: pre.orMapping, entries: Object.freeze([]) });
    orToOrn = positionalReceptorMatrix(positionalOrnOrder(pre.orMapping as PositionalOrnOrder, neurons.orn, neurons.ornTypes, neurons.pnGlomeruli), KREHER_RECEPTORS.length);
  }
  return {
    neurons,
    matrices,
    allAll,
    lnSplit,
    gapMasks: {
      lnLn: symmetricContactMask(matrices.ln_to_ln),
      pnPn: sharedInputMask(matrices.orn_to_pn),
      elnPn: excitatoryLnPnMask(matrices.ln_to_pn, lnSplit.isExcitatory),
    },
    orMapping,
    preprocessing: Object.freeze({ ...pre, orMapping: table && (RECEPTOR_MAPPINGS as Record<string, ReceptorMapping>)[table.name] !== table ? 'custom' : pre.orMapping }),
    orToOrn,
    sourceSha256: connectome.sourceSha256,
  };
}
