import { DataFormatError } from '../errors/data-format-error';
import type { AnnotationRow } from '../csv/parse-annotations';
import type { LabeledMatrix } from '../csv/labeled-matrix';
import { indexOfIds } from '../csv/labeled-matrix';

/** The five populations of the larval olfactory circuit. */
export const CELL_GROUPS = ['orn', 'ln', 'pn', 'kc', 'apl'] as const;
export type CellGroup = (typeof CELL_GROUPS)[number];

/**
 * The 368 neurons of the model, as skeleton ids per group. Within every group the order is the
 * order of `annotations.csv`, left neuron then right neuron of each row (`no pair` sides are
 * skipped), so the two sides of a pair are adjacent.
 */
export interface OlfactoryNeurons {
  readonly orn: Int32Array;
  readonly ln: Int32Array;
  readonly pn: Int32Array;
  readonly kc: Int32Array;
  readonly apl: Int32Array;
  /** Receptor type of each ORN (`42a`, `47a&33b`, ...), from its uniglomerular PN partner. */
  readonly ornTypes: readonly string[];
  /** Glomerulus of each PN for uniglomerular PNs (`42a`), `null` for multiglomerular PNs. */
  readonly pnGlomeruli: readonly (string | null)[];
}

/**
 * Selection rules of spec §1.2 over `annotations.csv` (both sides of every row):
 * ORN = `sensory` with annotation exactly `olfactory`; LN = `LN` except the APL pair;
 * PN = `PN` whose annotations contain `olfactory`; KC = `KC`; APL = `LN` annotated `APL`.
 *
 * ORN identity: each ORN's strongest axon→dendrite (`ad`) target among the uniglomerular PNs
 * (annotated `<type> PN; uPN; ...`) names its glomerulus. Throws {@link DataFormatError} when an
 * ORN has no uPN target or the two sides of a pair disagree.
 */
export function selectOlfactoryNeurons(annotations: readonly AnnotationRow[], ad: LabeledMatrix): OlfactoryNeurons {
  const groups: Record<CellGroup, number[]> = { orn: [], ln: [], pn: [], kc: [], apl: [] };
  const pnGlomeruli: (string | null)[] = [];
  const ornRows: AnnotationRow[] = [];
  const add = (g: CellGroup, row: AnnotationRow, extra?: () => void): void => {
    for (const id of [row.leftId, row.rightId]) {
      if (id !== null) {
        groups[g].push(id);
        extra?.();
      }
    }
  };
  for (const row of annotations) {
    const ann = row.additionalAnnotations;
    if (row.celltype === 'sensory' && ann === 'olfactory') {
      add('orn', row);
      ornRows.push(row);
    } else if (row.celltype === 'LN' && ann === 'APL') add('apl', row);
    else if (row.celltype === 'LN') add('ln', row);
    else if (row.celltype === 'PN' && ann.includes('olfactory')) add('pn', row, () => pnGlomeruli.push(uniglomerularType(ann)));
    else if (row.celltype === 'KC') add('kc', row);
  }
  const pn = Int32Array.from(groups.pn);
  const rowOf = indexOfIds(ad.rowIds);
  const colOf = indexOfIds(ad.colIds);
  const ornTypes: string[] = [];
  for (const row of ornRows) {
    const sideTypes: string[] = [];
    for (const id of [row.leftId, row.rightId]) {
      if (id === null) continue;
      const r = rowOf.get(id);
      let best = 0;
      let bestType: string | null = null;
      if (r !== undefined) {
        const m = ad.matrix;
        const targets = new Map<number, number>();
        for (let k = m.rowPtr[r]!; k < m.rowPtr[r + 1]!; k++) targets.set(m.colIdx[k]!, m.values[k]!);
        pn.forEach((pnId, j) => {
          const t = pnGlomeruli[j];
          const c = colOf.get(pnId);
          if (!t || c === undefined) return;
          const w = targets.get(c) ?? 0;
          if (w > best) {
            best = w;
            bestType = t;
          }
        });
      }
      if (bestType === null) {
        throw new DataFormatError({
          file: 'ad_connectivity_matrix.csv',
          line: 0,
          column: 0,
          problem: `olfactory ORN ${id} has no axon→dendrite synapse onto a uniglomerular PN`,
          expected: 'every ORN to target its glomerulus’ uPN',
          fix: 'Use the pinned Winding et al. 2023 Data S1.',
        });
      }
      sideTypes.push(bestType);
      ornTypes.push(bestType);
    }
    if (sideTypes.length === 2 && sideTypes[0] !== sideTypes[1]) {
      throw new DataFormatError({
        file: 'annotations.csv',
        line: row.line,
        column: 0,
        problem: `ORN pair ${row.leftId}/${row.rightId} maps to two glomeruli (${sideTypes.join(' vs ')})`,
        expected: 'both sides of a pair in the same glomerulus',
        fix: 'Use the pinned Winding et al. 2023 Data S1.',
      });
    }
  }
  return {
    orn: Int32Array.from(groups.orn),
    ln: Int32Array.from(groups.ln),
    pn,
    kc: Int32Array.from(groups.kc),
    apl: Int32Array.from(groups.apl),
    ornTypes,
    pnGlomeruli,
  };
}

/** `"42a PN; uPN; olfactory 2nd_order PN"` → `"42a"`; `null` when not a uPN. */
export function uniglomerularType(annotation: string): string | null {
  const parts = annotation.split(';').map((s) => s.trim());
  if (!parts.includes('uPN')) return null;
  const m = /^(\S+) PN$/.exec(parts[0]!);
  return m ? m[1]! : null;
}
