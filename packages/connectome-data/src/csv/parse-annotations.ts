import { DataFormatError } from '../errors/data-format-error';
import { splitCsvLine, splitLines } from './split-csv-line';

/** One row of Winding et al. 2023 `annotations.csv`: a left/right homologous pair. */
export interface AnnotationRow {
  /** Skeleton id of the left neuron, or null when the file says `no pair`. */
  readonly leftId: number | null;
  /** Skeleton id of the right neuron, or null when the file says `no pair`. */
  readonly rightId: number | null;
  /** Cell type (`sensory`, `PN`, `LN`, `KC`, ...). */
  readonly celltype: string;
  /** Free-text annotations separated by `; ` (e.g. `42a PN; uPN; olfactory 2nd_order PN`). */
  readonly additionalAnnotations: string;
  /** Level-7 cluster index, or null where the file says `no cluster`. */
  readonly level7Cluster: number | null;
  /** 1-based line in the file (for error messages). */
  readonly line: number;
}

const HEADER = ['left_id', 'right_id', 'celltype', 'additional_annotations', 'level_7_cluster'];

/**
 * Parse `annotations.csv` (`left_id,right_id,celltype,additional_annotations,level_7_cluster`).
 * Validates the header, field counts, ids (`no pair` or a positive integer) and that no
 * skeleton id appears twice; errors are {@link DataFormatError} with line and column.
 */
export function parseAnnotations(text: string, file = 'annotations.csv'): AnnotationRow[] {
  const fix = 'Re-download the data (`olfactory data fetch`).';
  const lines = splitLines(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  if (lines.length === 0) throw new DataFormatError({ file, line: 1, column: 0, problem: 'an empty file', expected: `a header ${HEADER.join(',')}`, fix });
  const header = splitCsvLine(lines[0]!, ',');
  if (!header || header.fields.length !== HEADER.length || header.fields.some((f, i) => f.trim() !== HEADER[i])) {
    throw new DataFormatError({ file, line: 1, column: 0, problem: `header "${lines[0]}"`, expected: `the header ${HEADER.join(',')}`, fix });
  }
  const rows: AnnotationRow[] = [];
  const seen = new Map<number, number>();
  for (let li = 1; li < lines.length; li++) {
    const lineNo = li + 1;
    const raw = lines[li]!;
    if (raw.trim() === '') continue;
    const parsed = splitCsvLine(raw, ',');
    if (!parsed) throw new DataFormatError({ file, line: lineNo, column: 0, problem: 'an unclosed quoted field', expected: 'balanced double quotes', fix });
    const f = parsed.fields;
    if (f.length !== HEADER.length) {
      throw new DataFormatError({ file, line: lineNo, column: Math.min(f.length, HEADER.length) + 1, problem: `${f.length} fields`, expected: `${HEADER.length} fields`, fix });
    }
    const id = (s: string, column: number): number | null => {
      const t = s.trim();
      if (t === 'no pair') return null;
      if (!/^\d{1,10}$/.test(t) || Number(t) <= 0 || Number(t) > 0x7fffffff) {
        throw new DataFormatError({ file, line: lineNo, column, problem: `id "${t}"`, expected: 'a positive integer skeleton id or `no pair`', fix });
      }
      const v = Number(t);
      const prev = seen.get(v);
      if (prev !== undefined) {
        throw new DataFormatError({ file, line: lineNo, column, problem: `duplicate skeleton id ${v} (first on line ${prev})`, expected: 'each neuron annotated once', fix });
      }
      seen.set(v, lineNo);
      return v;
    };
    const leftId = id(f[0]!, 1);
    const rightId = id(f[1]!, 2);
    if (leftId === null && rightId === null) {
      throw new DataFormatError({ file, line: lineNo, column: 1, problem: 'both sides `no pair`', expected: 'at least one skeleton id per row', fix });
    }
    const clusterText = f[4]!.trim();
    const cluster = clusterText === 'no cluster' ? null : Number(clusterText);
    if (cluster !== null && (clusterText === '' || !Number.isInteger(cluster))) {
      throw new DataFormatError({ file, line: lineNo, column: 5, problem: `level_7_cluster "${f[4]}"`, expected: 'an integer or `no cluster`', fix });
    }
    rows.push({ leftId, rightId, celltype: f[2]!.trim(), additionalAnnotations: f[3]!.trim(), level7Cluster: cluster, line: lineNo });
  }
  return rows;
}
