import type { CellGroup, OlfactoryCircuit, PathwayName } from '@olfactory/connectome-data';
import type { CsrMatrix } from '@olfactory/neurons';
import { csrKeepRows } from '@olfactory/neurons';

/** How a chemical pathway takes its rows from the circuit's LN split. */
type RowFilter = 'all' | 'inhibitoryLnRows' | 'excitatoryLnRows';

/** One of the 16 learned chemical (Tsodyks–Markram) pathways of the student (spec §2.7, §2.10, §2.14). */
export interface ChemicalPathwaySpec {
  /** Our name (the reference's layer name in parentheses in the doc of {@link CHEMICAL_PATHWAYS}). */
  readonly name: string;
  /** Circuit matrix the synapse counts come from. */
  readonly matrix: PathwayName;
  readonly rows: RowFilter;
  readonly pre: CellGroup;
  readonly post: CellGroup;
  /** +1 excitatory, −1 inhibitory. */
  readonly sign: 1 | -1;
  /** Presynaptic spikes of the current step or of the previous step (spec §2.11). */
  readonly presynapticStep: 'current' | 'previous';
  /** KC target compartment, for pathways onto KCs. */
  readonly compartment?: 'dendrite' | 'axon';
  /** Initial strength s0 in amperes after the ANN→SNN transfer (§3.3). */
  readonly initialStrengthA: number;
  /** Upper strength bound, A: 1e−7 in general, 1e−8 for KC–KC aa/ad and PN→KC non-AD. */
  readonly maxStrengthA: number;
  /** Adam learning-rate multiplier of log s (× 1e−3). */
  readonly logStrengthLr: number;
  /** Non-AD (aa + da + dd) pathway. */
  readonly nonAd: boolean;
}

const p = (
  name: string,
  matrix: PathwayName,
  pre: CellGroup,
  post: CellGroup,
  sign: 1 | -1,
  presynapticStep: 'current' | 'previous',
  initialStrengthA: number,
  logStrengthLr: number,
  extra: Partial<Pick<ChemicalPathwaySpec, 'rows' | 'compartment' | 'maxStrengthA'>> = {},
): ChemicalPathwaySpec =>
  Object.freeze({
    name,
    matrix,
    rows: extra.rows ?? 'all',
    pre,
    post,
    sign,
    presynapticStep,
    compartment: extra.compartment,
    initialStrengthA,
    maxStrengthA: extra.maxStrengthA ?? 1e-7,
    logStrengthLr,
    nonAd: matrix.endsWith('_nonad'),
  });

/**
 * The 16 chemical pathways in the order each updates within a step (spec §2.11):
 * ORN (`ln_orn_nonad`), LN (`orn_ln`, `ln_ln`, `pn_ln` and non-AD), PN (`orn_pn`, `ln_pn`,
 * `ln_pn_excit` and non-AD), KC (`pn_kc`, `pn_kc_nonad`, `kc_kc_ad`, `kc_kc_aa`).
 * Reference strengths after transfer: ORN→PN 3.5 nA, LN→PN inh. 6 nA, exc. 0.6 nA, ORN→LN and
 * PN→KC 5 nA, KC–KC aa 10 pA, everything else 1e−13 A (raised to the 1e−12 floor by the first
 * projection).
 */
export const CHEMICAL_PATHWAYS: readonly ChemicalPathwaySpec[] = Object.freeze([
  p('ln_orn_nonad', 'ln_to_orn_nonad', 'ln', 'orn', -1, 'previous', 1e-13, 0.05),
  p('orn_ln', 'orn_to_ln', 'orn', 'ln', 1, 'current', 5e-9, 0.2),
  p('ln_ln', 'ln_to_ln', 'ln', 'ln', -1, 'previous', 1e-13, 0.2),
  p('pn_ln', 'pn_to_ln', 'pn', 'ln', 1, 'previous', 1e-13, 0.2),
  p('orn_ln_nonad', 'orn_to_ln_nonad', 'orn', 'ln', 1, 'current', 1e-13, 0.05),
  p('ln_ln_nonad', 'ln_to_ln_nonad', 'ln', 'ln', -1, 'previous', 1e-13, 0.05),
  p('pn_ln_nonad', 'pn_to_ln_nonad', 'pn', 'ln', 1, 'previous', 1e-13, 0.05),
  p('orn_pn', 'orn_to_pn', 'orn', 'pn', 1, 'current', 3.5e-9, 0.2),
  p('ln_pn', 'ln_to_pn', 'ln', 'pn', -1, 'current', 6e-9, 0.2, { rows: 'inhibitoryLnRows' }),
  p('ln_pn_excit', 'ln_to_pn', 'ln', 'pn', 1, 'current', 6e-10, 0.2, { rows: 'excitatoryLnRows' }),
  p('ln_pn_nonad', 'ln_to_pn_nonad', 'ln', 'pn', -1, 'current', 1e-13, 0.05, { rows: 'inhibitoryLnRows' }),
  p('ln_pn_excit_nonad', 'ln_to_pn_nonad', 'ln', 'pn', 1, 'current', 1e-13, 0.05, { rows: 'excitatoryLnRows' }),
  p('pn_kc', 'pn_to_kc', 'pn', 'kc', 1, 'current', 5e-9, 4, { compartment: 'dendrite' }),
  p('pn_kc_nonad', 'pn_to_kc_nonad', 'pn', 'kc', 1, 'current', 1e-13, 0.05, { compartment: 'dendrite', maxStrengthA: 1e-8 }),
  p('kc_kc_ad', 'kc_to_kc_ad', 'kc', 'kc', 1, 'previous', 1e-13, 0.1, { compartment: 'dendrite', maxStrengthA: 1e-8 }),
  p('kc_kc_aa', 'kc_to_kc_aa', 'kc', 'kc', 1, 'previous', 1e-11, 0.1, { compartment: 'axon', maxStrengthA: 1e-8 }),
]);

/**
 * The synapse-count matrix of a pathway cut from the circuit: LN→PN is split by LN subtype —
 * the inhibitory pathway keeps every LN row except the excitatory ones (spec §1.3 step 5),
 * the excitatory pathway keeps only excitatory rows.
 */
export function pathwayCounts(circuit: OlfactoryCircuit, spec: ChemicalPathwaySpec): CsrMatrix {
  const m = circuit.matrices[spec.matrix];
  const exc = circuit.lnSplit.isExcitatory;
  if (spec.rows === 'inhibitoryLnRows') return csrKeepRows(m, (r) => !exc[r]);
  if (spec.rows === 'excitatoryLnRows') return csrKeepRows(m, (r) => exc[r] === true);
  return m;
}
