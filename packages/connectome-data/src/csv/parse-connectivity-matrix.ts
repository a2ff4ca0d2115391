import type { CsrMatrix } from '@olfactory/neurons';
import { DataFormatError } from '../errors/data-format-error';
import type { LabeledMatrix } from './labeled-matrix';

const COMMA = 44;
const LF = 10;
const CR = 13;
const QUOTE = 34;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;
const NINE = 57;
const E_LOWER = 101;
const E_UPPER = 69;
const PLUS = 43;

/**
 * Parse a square-or-rectangular synapse-count matrix CSV as published in Winding et al. 2023
 * (Supplementary Data S1): the header row is an empty cell followed by the column skeleton ids,
 * every following row is a row skeleton id followed by one count per column (`0.0`, `3.0`, ...).
 *
 * Works on the raw bytes (no string per cell), keeps only non-zero entries, and validates as it
 * goes: a bad header, a ragged row, a non-numeric or negative cell and a duplicate id each throw
 * {@link DataFormatError} with the file, the 1-based line and column, and the fix.
 */
export function parseConnectivityMatrix(bytes: Uint8Array, file: string): LabeledMatrix {
  const fail = (line: number, column: number, problem: string, expected: string): never => {
    throw new DataFormatError({ file, line, column, problem, expected, fix: 'Re-download the data (`olfactory data fetch`) or check the file is the published matrix.' });
  };
  const n = bytes.length;
  let pos = 0;

  // Header: first cell (row-label column) must be empty; then column ids.
  const colIdList: number[] = [];
  let col = 1;
  {
    const first = readCellSpan(bytes, pos);
    if (first.end - first.start !== 0 && !(first.end - first.start === 2 && bytes[first.start] === QUOTE)) {
      // Allow an empty or `""` corner cell only.
      fail(1, 1, `corner cell "${text(bytes, first.start, first.end)}"`, 'an empty first header cell followed by skeleton ids');
    }
    pos = first.next;
    if (first.terminator !== COMMA) fail(1, 1, 'a header with no column ids', 'a header row listing the column skeleton ids');
    for (;;) {
      col++;
      const cell = readCellSpan(bytes, pos);
      const id = parseId(bytes, cell.start, cell.end);
      if (id === undefined) fail(1, col, `column id "${text(bytes, cell.start, cell.end)}"`, 'a positive integer skeleton id');
      colIdList.push(id!);
      pos = cell.next;
      if (cell.terminator !== COMMA) break;
    }
  }
  const nCols = colIdList.length;
  const colIds = Int32Array.from(colIdList);
  checkUnique(colIds, (i) => fail(1, i + 2, `duplicate column id ${colIds[i]}`, 'unique skeleton ids in the header'));

  const rowIdList: number[] = [];
  const rowPtr: number[] = [0];
  let colIdx = new Int32Array(1 << 16);
  let values = new Float32Array(1 << 16);
  let nnz = 0;
  let line = 1;
  while (pos < n) {
    line++;
    // Skip a trailing empty line.
    if (bytes[pos] === LF || bytes[pos] === CR) {
      while (pos < n && (bytes[pos] === LF || bytes[pos] === CR)) pos++;
      if (pos >= n) break;
      fail(line, 1, 'an empty line inside the matrix', 'one row per presynaptic neuron');
    }
    const idCell = readCellSpan(bytes, pos);
    const rowId = parseId(bytes, idCell.start, idCell.end);
    if (rowId === undefined) fail(line, 1, `row id "${text(bytes, idCell.start, idCell.end)}"`, 'a positive integer skeleton id');
    rowIdList.push(rowId!);
    pos = idCell.next;
    let c = 0;
    let terminator = idCell.terminator;
    while (terminator === COMMA) {
      if (c >= nCols) fail(line, c + 2, `more than ${nCols} values`, `${nCols} values per row (one per header id)`);
      // Inline numeric parse of the cell starting at pos.
      const start = pos;
      let p = pos;
      let neg = false;
      if (bytes[p] === MINUS) {
        neg = true;
        p++;
      }
      let intPart = 0;
      let digits = 0;
      let b = bytes[p]!;
      while (b >= ZERO && b <= NINE) {
        intPart = intPart * 10 + (b - ZERO);
        digits++;
        b = bytes[++p]!;
      }
      let value = intPart;
      if (b === DOT) {
        b = bytes[++p]!;
        let scale = 0.1;
        let frac = 0;
        while (b >= ZERO && b <= NINE) {
          frac += (b - ZERO) * scale;
          scale *= 0.1;
          digits++;
          b = bytes[++p]!;
        }
        value += frac;
      }
      if (b === E_LOWER || b === E_UPPER) {
        // Rare: fall back to the full parser for exponent notation.
        let q = p + 1;
        if (bytes[q] === MINUS || bytes[q] === PLUS) q++;
        while (q < n && bytes[q]! >= ZERO && bytes[q]! <= NINE) q++;
        value = Number(text(bytes, start, q));
        p = q;
        b = bytes[p]!;
        neg = false;
      }
      if (neg) value = -value;
      if (digits === 0 || !(b === COMMA || b === LF || b === CR || p >= n) || !Number.isFinite(value)) {
        const cell = readCellSpan(bytes, start);
        fail(line, c + 2, `non-numeric cell "${text(bytes, cell.start, cell.end)}"`, 'a non-negative synapse count');
      }
      if (value < 0) fail(line, c + 2, `negative count ${value}`, 'a non-negative synapse count');
      if (value !== 0) {
        if (nnz === colIdx.length) {
          const ci = new Int32Array(colIdx.length * 2);
          ci.set(colIdx);
          colIdx = ci;
          const vi = new Float32Array(values.length * 2);
          vi.set(values);
          values = vi;
        }
        colIdx[nnz] = c;
        values[nnz] = value;
        nnz++;
      }
      c++;
      terminator = p >= n ? -1 : b;
      pos = p + 1;
    }
    if (terminator === CR && bytes[pos] === LF) pos++;
    if (c !== nCols) fail(line, c + 1, `${c} values`, `${nCols} values per row (one per header id)`);
    rowPtr.push(nnz);
  }
  const rowIds = Int32Array.from(rowIdList);
  checkUnique(rowIds, (i) => fail(i + 2, 1, `duplicate row id ${rowIds[i]}`, 'unique skeleton ids in the first column'));
  const matrix: CsrMatrix = {
    nRows: rowIds.length,
    nCols,
    rowPtr: Int32Array.from(rowPtr),
    colIdx: colIdx.slice(0, nnz),
    values: values.slice(0, nnz),
  };
  return { rowIds, colIds, matrix };
}

interface CellSpan {
  start: number;
  end: number;
  /** Index after the terminator. */
  next: number;
  /** COMMA, LF, CR, or -1 at end of input. */
  terminator: number;
}

function readCellSpan(bytes: Uint8Array, pos: number): CellSpan {
  let p = pos;
  if (bytes[p] === QUOTE) {
    p++;
    while (p < bytes.length && bytes[p] !== QUOTE) p++;
    p++;
  }
  while (p < bytes.length && bytes[p] !== COMMA && bytes[p] !== LF && bytes[p] !== CR) p++;
  const terminator = p < bytes.length ? bytes[p]! : -1;
  let next = p + 1;
  if (terminator === CR && bytes[next] === LF) next++;
  return { start: pos, end: p, next, terminator };
}

function parseId(bytes: Uint8Array, start: number, end: number): number | undefined {
  let s = start;
  let e = end;
  if (bytes[s] === QUOTE && bytes[e - 1] === QUOTE && e - s >= 2) {
    s++;
    e--;
  }
  if (e <= s || e - s > 10) return undefined;
  let v = 0;
  for (let p = s; p < e; p++) {
    const b = bytes[p]!;
    if (b < ZERO || b > NINE) return undefined;
    v = v * 10 + (b - ZERO);
  }
  return v > 0 && v <= 0x7fffffff ? v : undefined;
}

function text(bytes: Uint8Array, start: number, end: number): string {
  const s = Buffer.from(bytes.subarray(start, Math.min(end, start + 40))).toString('utf8');
  return end - start > 40 ? `${s}...` : s;
}

function checkUnique(ids: Int32Array, onDuplicate: (index: number) => void): void {
  const seen = new Set<number>();
  for (let i = 0; i < ids.length; i++) {
    if (seen.has(ids[i]!)) onDuplicate(i);
    seen.add(ids[i]!);
  }
}
