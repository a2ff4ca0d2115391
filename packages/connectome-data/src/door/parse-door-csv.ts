import { DataFormatError } from '../errors/data-format-error';
import { splitCsvLine, splitLines } from '../csv/split-csv-line';

/** A DoOR 2.0 per-receptor table: study columns by odorant rows. */
export interface DoorTable {
  /** Column names from the header: `Class`, `Name`, `InChIKey`, `CID`, `CAS`, then study ids. */
  readonly columns: readonly string[];
  readonly rows: readonly DoorRow[];
}

export interface DoorRow {
  /** R's row name (the first, unnamed field of each data row). */
  readonly rowName: string;
  /** One cell per column; `null` for `NA`. */
  readonly cells: readonly (string | null)[];
  /** 1-based line in the file. */
  readonly line: number;
}

/**
 * Read a DoOR 2.0 receptor CSV as written by R's `write.table`: `;`-separated, strings quoted,
 * `NA` for missing values, and a header one field shorter than the data rows (the rows start
 * with R's row name). Also accepts a header of the same length whose first field is empty.
 *
 * Errors ({@link DataFormatError} with line/column): empty file, ragged row, unclosed quote,
 * duplicate column name.
 */
export function parseDoorCsv(text: string, file: string): DoorTable {
  const fix = 'Re-download the DoOR file (`olfactory data fetch`).';
  const lines = splitLines(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  if (lines.length === 0) throw new DataFormatError({ file, line: 1, column: 0, problem: 'an empty file', expected: 'a `;`-separated header', fix });
  const header = splitCsvLine(lines[0]!, ';');
  if (!header || header.fields.length < 2) {
    throw new DataFormatError({ file, line: 1, column: 0, problem: `header "${lines[0]!.slice(0, 60)}"`, expected: 'a `;`-separated header of column names', fix });
  }
  let columns = header.fields;
  const seen = new Set<string>();
  columns.forEach((c, i) => {
    if (c !== '' && seen.has(c)) throw new DataFormatError({ file, line: 1, column: i + 1, problem: `duplicate column "${c}"`, expected: 'unique column names', fix });
    seen.add(c);
  });
  const rows: DoorRow[] = [];
  let headerHasRowNameField: boolean | undefined;
  for (let li = 1; li < lines.length; li++) {
    const lineNo = li + 1;
    if (lines[li]!.trim() === '') continue;
    const parsed = splitCsvLine(lines[li]!, ';');
    if (!parsed) throw new DataFormatError({ file, line: lineNo, column: 0, problem: 'an unclosed quoted field', expected: 'balanced double quotes', fix });
    const f = parsed.fields;
    if (headerHasRowNameField === undefined) {
      if (f.length === columns.length + 1) headerHasRowNameField = false;
      else if (f.length === columns.length && columns[0] === '') headerHasRowNameField = true;
      else {
        throw new DataFormatError({
          file,
          line: lineNo,
          column: Math.min(f.length, columns.length) + 1,
          problem: `${f.length} fields`,
          expected: `${columns.length + 1} fields (R row name + ${columns.length} header columns)`,
          fix,
        });
      }
      if (headerHasRowNameField) columns = columns.slice(1);
    }
    if (f.length !== columns.length + 1) {
      throw new DataFormatError({
        file,
        line: lineNo,
        column: Math.min(f.length, columns.length + 1) + 1,
        problem: `${f.length} fields`,
        expected: `${columns.length + 1} fields like the rows before it`,
        fix,
      });
    }
    rows.push({
      rowName: f[0]!,
      cells: f.slice(1).map((v, i) => (v === 'NA' && !parsed.quoted[i + 1] ? null : v)),
      line: lineNo,
    });
  }
  return { columns, rows };
}

/**
 * Numeric value of a DoOR cell, `null` for `NA`. Throws {@link DataFormatError} for a
 * non-numeric cell (reported at its line and column).
 */
export function doorNumber(table: DoorTable, row: DoorRow, column: string, file: string): number | null {
  const ci = table.columns.indexOf(column);
  if (ci < 0) {
    throw new DataFormatError({
      file,
      line: 1,
      column: 0,
      problem: `no column "${column}"`,
      expected: `a column "${column}" in the header`,
      fix: 'Use the pinned DoOR 2.0 files (`olfactory data fetch`).',
    });
  }
  const cell = row.cells[ci];
  if (cell === null || cell === undefined) return null;
  const v = Number(cell.trim());
  if (cell.trim() === '' || !Number.isFinite(v)) {
    throw new DataFormatError({
      file,
      line: row.line,
      column: ci + 2,
      problem: `non-numeric cell "${cell}" in column ${column}`,
      expected: 'a number or NA',
      fix: 'Use the pinned DoOR 2.0 files (`olfactory data fetch`).',
    });
  }
  return v;
}
