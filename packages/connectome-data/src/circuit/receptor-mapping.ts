import { InvalidParameterError } from '@olfactory/neurons';
import { KREHER_RECEPTORS } from '../kreher/kreher-constants';

/**
 * Which ORN type (glomerulus) each Kreher receptor drives. Plain data: users may supply their
 * own table. A receptor may drive several ORN types and an ORN type may receive several
 * receptors (co-expression); ORN types with no entry get no odor drive.
 */
export interface ReceptorMapping {
  /** Name recorded in checkpoints (`by-name`, `one-to-one`, or a user's own). */
  readonly name: string;
  readonly entries: readonly { readonly receptor: string; readonly ornType: string }[];
}

const SAME_NAME = ['Or1a', 'Or13a', 'Or22c', 'Or24a', 'Or30a', 'Or35a', 'Or42a', 'Or42b', 'Or45a', 'Or45b', 'Or49a', 'Or59a', 'Or67b', 'Or74a', 'Or82a', 'Or83a', 'Or85c'];
const sameName = SAME_NAME.map((r) => ({ receptor: r, ornType: r.slice(2) }));

/**
 * The biologically faithful map: receptors matched to ORN types by name; the `47a&33b` ORN is
 * driven by both Or47a and Or33b; Or2a and Or7a (no ORN in this connectome) are unused; ORN
 * types 33a, 63a and 94a&94b (no Kreher data) get no odor drive.
 */
export const BY_NAME_MAPPING: ReceptorMapping = Object.freeze({
  name: 'by-name',
  entries: Object.freeze([...sameName, { receptor: 'Or47a', ornType: '47a&33b' }, { receptor: 'Or33b', ornType: '47a&33b' }]),
});

/**
 * The reference implementation's structure: a one-to-one assignment of the 21 receptors to the
 * 21 ORN pairs — the 19 name matches with Or33b given to the `33a` pair, then Or2a → `63a` and
 * Or7a → `94a&94b`.
 */
export const ONE_TO_ONE_MAPPING: ReceptorMapping = Object.freeze({
  name: 'one-to-one',
  entries: Object.freeze([
    ...sameName,
    { receptor: 'Or47a', ornType: '47a&33b' },
    { receptor: 'Or33b', ornType: '33a' },
    { receptor: 'Or2a', ornType: '63a' },
    { receptor: 'Or7a', ornType: '94a&94b' },
  ]),
});

/** The built-in mappings by name. */
export const RECEPTOR_MAPPINGS: Readonly<Record<'by-name' | 'one-to-one', ReceptorMapping>> = Object.freeze({
  'by-name': BY_NAME_MAPPING,
  'one-to-one': ONE_TO_ONE_MAPPING,
});

/** Resolve a built-in mapping name; unknown names fail with the list of valid ones. */
export function receptorMappingByName(name: string): ReceptorMapping {
  const m = (RECEPTOR_MAPPINGS as Record<string, ReceptorMapping>)[name];
  if (!m) throw new InvalidParameterError({ parameter: 'orMapping', value: name, expected: `one of ${Object.keys(RECEPTOR_MAPPINGS).join(', ')}` });
  return m;
}

/**
 * The binary OR→ORN matrix `M` (receptors × ORNs, row-major, 21 × 42): `M[i, j] = 1` when
 * receptor `i` (Kreher column order) drives ORN `j`. ORN drive = `(r ⊙ softplus(g)) · M`.
 * Validates the table against the known receptors and the circuit's ORN types.
 */
export function receptorToOrnMatrix(mapping: ReceptorMapping, ornTypes: readonly string[], receptors: readonly string[] = KREHER_RECEPTORS): Float32Array {
  const types = new Set(ornTypes);
  const m = new Float32Array(receptors.length * ornTypes.length);
  for (const { receptor, ornType } of mapping.entries) {
    const i = receptors.indexOf(receptor);
    if (i < 0) throw new InvalidParameterError({ parameter: `mapping ${mapping.name} receptor`, value: receptor, expected: `one of ${receptors.join(', ')}` });
    if (!types.has(ornType)) throw new InvalidParameterError({ parameter: `mapping ${mapping.name} ornType`, value: ornType, expected: `an ORN type of the circuit (${[...types].join(', ')})` });
    ornTypes.forEach((t, j) => {
      if (t === ornType) m[i * ornTypes.length + j] = 1;
    });
  }
  return m;
}

/** The ORN orders of the positional mappings (see `OR_MAPPING_NAMES`). */
export type PositionalOrnOrder = 'annotation-order' | 'skeleton-id-order' | 'pn-partner-order' | 'side-major-order';

/**
 * The 42 ORN indices (circuit order) in one of the positional orders. The circuit's own order is
 * annotations.csv rows, left then right, so pairs are adjacent; `side-major-order` and
 * `pn-partner-order` rely on that and check it.
 *
 * @param ornIds skeleton ids in circuit order
 * @param ornTypes receptor type of each ORN, circuit order
 * @param pnGlomeruli glomerulus of each PN (null for mPNs), PN order
 */
export function positionalOrnOrder(order: PositionalOrnOrder, ornIds: ArrayLike<number>, ornTypes: readonly string[], pnGlomeruli: readonly (string | null)[]): number[] {
  const n = ornTypes.length;
  const idx = Array.from({ length: n }, (_, i) => i);
  if (order === 'annotation-order') return idx;
  if (order === 'skeleton-id-order') return idx.sort((a, b) => ornIds[a]! - ornIds[b]!);
  if (n % 2 !== 0 || idx.some((i) => i % 2 === 0 && ornTypes[i] !== ornTypes[i + 1])) {
    throw new InvalidParameterError({ parameter: 'orMapping', value: order, expected: 'a circuit whose ORNs come in adjacent left/right pairs of one type' });
  }
  const pairs = idx.filter((i) => i % 2 === 0);
  if (order === 'side-major-order') return [...pairs, ...pairs.map((i) => i + 1)];
  const partner = (i: number) => {
    const j = pnGlomeruli.indexOf(ornTypes[i]!);
    if (j < 0) throw new InvalidParameterError({ parameter: 'orMapping', value: order, expected: `a uniglomerular PN of type ${ornTypes[i]}` });
    return j;
  };
  return pairs.sort((a, b) => partner(a) - partner(b)).flatMap((i) => [i, i + 1]);
}

/**
 * The receptor × ORN matrix of a positional mapping: receptor `i` (Kreher column order) drives
 * the ORNs at positions 2i and 2i+1 of `order` — the reference's `M[i, 2i] = M[i, 2i+1] = 1`
 * read in that ORN order.
 */
export function positionalReceptorMatrix(order: readonly number[], nReceptors: number): Float32Array {
  const nOrn = order.length;
  if (nOrn !== 2 * nReceptors) {
    throw new InvalidParameterError({ parameter: 'orMapping', value: `${nOrn} ORNs`, expected: `exactly two ORNs per receptor (${2 * nReceptors})` });
  }
  const m = new Float32Array(nReceptors * nOrn);
  for (let i = 0; i < nReceptors; i++) {
    m[i * nOrn + order[2 * i]!] = 1;
    m[i * nOrn + order[2 * i + 1]!] = 1;
  }
  return m;
}
