import { InvalidParameterError } from '../errors/invalid-parameter-error';
import { ShapeMismatchError } from '../errors/shape-mismatch-error';

/**
 * A sparse matrix in compressed-sparse-row form: the one sparse type shared by every
 * `@olfactory/*` package (connectome matrices, synapse pathways, gap-junction masks).
 *
 * Row `r` holds the entries `colIdx[k], values[k]` for `k` in `[rowPtr[r], rowPtr[r+1])`,
 * with strictly increasing column indices inside a row. Only non-zero values are stored.
 * Plain data: safe to structured-clone to a worker and to serialize.
 */
export interface CsrMatrix {
  readonly nRows: number;
  readonly nCols: number;
  /** Row offsets, length `nRows + 1`, `rowPtr[0] = 0`, `rowPtr[nRows] = nnz`. */
  readonly rowPtr: Int32Array;
  /** Column index of each stored entry, length nnz, increasing within a row. */
  readonly colIdx: Int32Array;
  /** Value of each stored entry, length nnz (synapse counts are exact integers here). */
  readonly values: Float32Array;
}

/**
 * Validate and wrap CSR arrays. Throws {@link InvalidParameterError} on inconsistent arrays
 * (validation happens once here; the hot kernels trust the structure).
 */
export function createCsr(m: CsrMatrix): CsrMatrix {
  const { nRows, nCols, rowPtr, colIdx, values } = m;
  if (!Number.isInteger(nRows) || nRows < 0 || !Number.isInteger(nCols) || nCols < 0) {
    throw new InvalidParameterError({ parameter: 'shape', value: [nRows, nCols], expected: 'two non-negative integers' });
  }
  if (rowPtr.length !== nRows + 1) {
    throw new ShapeMismatchError({ argument: 'rowPtr', functionName: 'createCsr', actual: `length ${rowPtr.length}`, expected: `length nRows + 1 = ${nRows + 1}` });
  }
  const nnz = rowPtr[nRows] ?? 0;
  if (rowPtr[0] !== 0 || colIdx.length !== nnz || values.length !== nnz) {
    throw new ShapeMismatchError({
      argument: 'colIdx/values',
      functionName: 'createCsr',
      actual: `lengths ${colIdx.length}/${values.length} with rowPtr[0]=${rowPtr[0]}`,
      expected: `both equal to rowPtr[nRows] = ${nnz} and rowPtr[0] = 0`,
    });
  }
  for (let r = 0; r < nRows; r++) {
    const a = rowPtr[r]!;
    const b = rowPtr[r + 1]!;
    if (b < a) throw new InvalidParameterError({ parameter: `rowPtr[${r + 1}]`, value: b, expected: `>= rowPtr[${r}] = ${a} (non-decreasing offsets)` });
    for (let k = a; k < b; k++) {
      const c = colIdx[k]!;
      if (c < 0 || c >= nCols || (k > a && c <= colIdx[k - 1]!)) {
        throw new InvalidParameterError({ parameter: `colIdx[${k}]`, value: c, expected: `a column in [0, ${nCols}) greater than the previous one in row ${r}` });
      }
      if (!Number.isFinite(values[k]!)) {
        throw new InvalidParameterError({ parameter: `values[${k}]`, value: values[k], expected: 'a finite number' });
      }
    }
  }
  return { nRows, nCols, rowPtr, colIdx, values };
}

/** An all-zero `nRows × nCols` matrix. */
export function csrZeros(nRows: number, nCols: number): CsrMatrix {
  return { nRows, nCols, rowPtr: new Int32Array(nRows + 1), colIdx: new Int32Array(0), values: new Float32Array(0) };
}

/** Build from a dense row-major array (`dense[r * nCols + c]`); zeros are dropped. */
export function csrFromDense(dense: ArrayLike<number>, nRows: number, nCols: number): CsrMatrix {
  if (dense.length !== nRows * nCols) {
    throw new ShapeMismatchError({ argument: 'dense', functionName: 'csrFromDense', actual: `length ${dense.length}`, expected: `nRows × nCols = ${nRows * nCols}` });
  }
  let nnz = 0;
  for (let i = 0; i < dense.length; i++) if (dense[i] !== 0) nnz++;
  const rowPtr = new Int32Array(nRows + 1);
  const colIdx = new Int32Array(nnz);
  const values = new Float32Array(nnz);
  let k = 0;
  for (let r = 0; r < nRows; r++) {
    const base = r * nCols;
    for (let c = 0; c < nCols; c++) {
      const v = dense[base + c]!;
      if (v !== 0) {
        colIdx[k] = c;
        values[k] = v;
        k++;
      }
    }
    rowPtr[r + 1] = k;
  }
  return { nRows, nCols, rowPtr, colIdx, values };
}

/**
 * Build from coordinate triplets. Duplicate `(row, col)` entries are summed; entries that sum
 * to zero are dropped.
 */
export function csrFromTriplets(nRows: number, nCols: number, rows: ArrayLike<number>, cols: ArrayLike<number>, vals: ArrayLike<number>): CsrMatrix {
  const n = rows.length;
  if (cols.length !== n || vals.length !== n) {
    throw new ShapeMismatchError({ argument: 'cols/vals', functionName: 'csrFromTriplets', actual: `lengths ${cols.length}/${vals.length}`, expected: `length ${n} (same as rows)` });
  }
  const counts = new Int32Array(nRows + 1);
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    const c = cols[i]!;
    if (!(r >= 0 && r < nRows && c >= 0 && c < nCols)) {
      throw new InvalidParameterError({ parameter: `triplet ${i}`, value: [r, c], expected: `row in [0, ${nRows}) and column in [0, ${nCols})` });
    }
    counts[r + 1]!++;
  }
  for (let r = 0; r < nRows; r++) counts[r + 1]! += counts[r]!;
  const order = new Int32Array(n);
  const fill = counts.slice(0, nRows);
  for (let i = 0; i < n; i++) order[fill[rows[i]!]!++] = i;
  const rowPtr = new Int32Array(nRows + 1);
  const colTmp: number[] = [];
  const valTmp: number[] = [];
  for (let r = 0; r < nRows; r++) {
    const seg = Array.from(order.subarray(counts[r]!, counts[r + 1]!)).sort((a, b) => cols[a]! - cols[b]!);
    let k = 0;
    while (k < seg.length) {
      const c = cols[seg[k]!]!;
      let v = 0;
      while (k < seg.length && cols[seg[k]!] === c) v += vals[seg[k++]!]!;
      if (v !== 0) {
        colTmp.push(c);
        valTmp.push(v);
      }
    }
    rowPtr[r + 1] = colTmp.length;
  }
  return { nRows, nCols, rowPtr, colIdx: Int32Array.from(colTmp), values: Float32Array.from(valTmp) };
}

/** Dense row-major copy (`out[r * nCols + c]`). */
export function csrToDense(m: CsrMatrix): Float32Array {
  const out = new Float32Array(m.nRows * m.nCols);
  for (let r = 0; r < m.nRows; r++) {
    for (let k = m.rowPtr[r]!; k < m.rowPtr[r + 1]!; k++) out[r * m.nCols + m.colIdx[k]!] = m.values[k]!;
  }
  return out;
}

/** Value at `(r, c)` (0 when not stored); binary search within the row. */
export function csrGet(m: CsrMatrix, r: number, c: number): number {
  let lo = m.rowPtr[r]!;
  let hi = m.rowPtr[r + 1]! - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const cm = m.colIdx[mid]!;
    if (cm === c) return m.values[mid]!;
    if (cm < c) lo = mid + 1;
    else hi = mid - 1;
  }
  return 0;
}

/** Number of stored (non-zero) entries: the edge count of a connectivity matrix. */
export function csrNnz(m: CsrMatrix): number {
  return m.rowPtr[m.nRows]!;
}

/** Sum of all values (float64 accumulation): the synapse count of a connectivity matrix. */
export function csrSum(m: CsrMatrix): number {
  let s = 0;
  for (let k = 0; k < m.values.length; k++) s += m.values[k]!;
  return s;
}

/** Largest stored value, or 0 for an empty matrix. */
export function csrMax(m: CsrMatrix): number {
  let best = 0;
  for (let k = 0; k < m.values.length; k++) if (k === 0 || m.values[k]! > best) best = m.values[k]!;
  return best;
}

/** Per-row sums (length nRows). */
export function csrRowSums(m: CsrMatrix): Float64Array {
  const out = new Float64Array(m.nRows);
  for (let r = 0; r < m.nRows; r++) for (let k = m.rowPtr[r]!; k < m.rowPtr[r + 1]!; k++) out[r]! += m.values[k]!;
  return out;
}

/** Per-column sums (length nCols). */
export function csrColSums(m: CsrMatrix): Float64Array {
  const out = new Float64Array(m.nCols);
  for (let k = 0; k < m.values.length; k++) out[m.colIdx[k]!]! += m.values[k]!;
  return out;
}

/** Number of stored entries per row (out-degree of a connectivity matrix). */
export function csrRowDegrees(m: CsrMatrix): Int32Array {
  const out = new Int32Array(m.nRows);
  for (let r = 0; r < m.nRows; r++) out[r] = m.rowPtr[r + 1]! - m.rowPtr[r]!;
  return out;
}

/** Number of stored entries per column (in-degree). */
export function csrColDegrees(m: CsrMatrix): Int32Array {
  const out = new Int32Array(m.nCols);
  for (let k = 0; k < m.colIdx.length; k++) out[m.colIdx[k]!]!++;
  return out;
}

/** Transpose (a CSR of the transposed matrix, i.e. the CSC form of `m`). */
export function csrTranspose(m: CsrMatrix): CsrMatrix {
  const nnz = csrNnz(m);
  const rowPtr = new Int32Array(m.nCols + 1);
  for (let k = 0; k < nnz; k++) rowPtr[m.colIdx[k]! + 1]!++;
  for (let c = 0; c < m.nCols; c++) rowPtr[c + 1]! += rowPtr[c]!;
  const fill = rowPtr.slice(0, m.nCols);
  const colIdx = new Int32Array(nnz);
  const values = new Float32Array(nnz);
  for (let r = 0; r < m.nRows; r++) {
    for (let k = m.rowPtr[r]!; k < m.rowPtr[r + 1]!; k++) {
      const dst = fill[m.colIdx[k]!]!++;
      colIdx[dst] = r;
      values[dst] = m.values[k]!;
    }
  }
  return { nRows: m.nCols, nCols: m.nRows, rowPtr, colIdx, values };
}

/**
 * Sub-matrix `m[rows][:, cols]` in the given index order (indices may repeat; `-1` gives an
 * all-zero row/column). Used to cut group matrices out of the full connectome.
 */
export function csrSelect(m: CsrMatrix, rows: ArrayLike<number>, cols: ArrayLike<number>): CsrMatrix {
  const colMap = new Map<number, number[]>();
  for (let j = 0; j < cols.length; j++) {
    const c = cols[j]!;
    if (c < 0) continue;
    if (c >= m.nCols) throw new InvalidParameterError({ parameter: `cols[${j}]`, value: c, expected: `an index in [0, ${m.nCols})` });
    const list = colMap.get(c);
    if (list) list.push(j);
    else colMap.set(c, [j]);
  }
  const rowPtr = new Int32Array(rows.length + 1);
  const colTmp: number[] = [];
  const valTmp: number[] = [];
  const entries: Array<[number, number]> = [];
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    if (r >= m.nRows) throw new InvalidParameterError({ parameter: `rows[${i}]`, value: r, expected: `an index in [0, ${m.nRows})` });
    entries.length = 0;
    if (r >= 0) {
      for (let k = m.rowPtr[r]!; k < m.rowPtr[r + 1]!; k++) {
        const targets = colMap.get(m.colIdx[k]!);
        if (targets) for (const j of targets) entries.push([j, m.values[k]!]);
      }
      entries.sort((a, b) => a[0] - b[0]);
      for (const [j, v] of entries) {
        colTmp.push(j);
        valTmp.push(v);
      }
    }
    rowPtr[i + 1] = colTmp.length;
  }
  return { nRows: rows.length, nCols: cols.length, rowPtr, colIdx: Int32Array.from(colTmp), values: Float32Array.from(valTmp) };
}

/** Apply `fn(value, row, col)` to every stored entry; results equal to 0 are dropped. */
export function csrMap(m: CsrMatrix, fn: (value: number, row: number, col: number) => number): CsrMatrix {
  const rows: number[] = [];
  const cols: number[] = [];
  const vals: number[] = [];
  for (let r = 0; r < m.nRows; r++) {
    for (let k = m.rowPtr[r]!; k < m.rowPtr[r + 1]!; k++) {
      const v = fn(m.values[k]!, r, m.colIdx[k]!);
      if (v !== 0) {
        rows.push(r);
        cols.push(m.colIdx[k]!);
        vals.push(v);
      }
    }
  }
  const rowPtr = new Int32Array(m.nRows + 1);
  for (const r of rows) rowPtr[r + 1]!++;
  for (let r = 0; r < m.nRows; r++) rowPtr[r + 1]! += rowPtr[r]!;
  return { nRows: m.nRows, nCols: m.nCols, rowPtr, colIdx: Int32Array.from(cols), values: Float32Array.from(vals) };
}

/** Element-wise sum `a + b` of two matrices of the same shape. */
export function csrAdd(a: CsrMatrix, b: CsrMatrix): CsrMatrix {
  if (a.nRows !== b.nRows || a.nCols !== b.nCols) {
    throw new ShapeMismatchError({ argument: 'b', functionName: 'csrAdd', actual: `shape ${b.nRows}×${b.nCols}`, expected: `${a.nRows}×${a.nCols} (shape of a)` });
  }
  const rowPtr = new Int32Array(a.nRows + 1);
  const colTmp: number[] = [];
  const valTmp: number[] = [];
  for (let r = 0; r < a.nRows; r++) {
    let i = a.rowPtr[r]!;
    let j = b.rowPtr[r]!;
    const ie = a.rowPtr[r + 1]!;
    const je = b.rowPtr[r + 1]!;
    while (i < ie || j < je) {
      const ca = i < ie ? a.colIdx[i]! : Infinity;
      const cb = j < je ? b.colIdx[j]! : Infinity;
      let c: number;
      let v: number;
      if (ca === cb) {
        c = ca;
        v = a.values[i++]! + b.values[j++]!;
      } else if (ca < cb) {
        c = ca;
        v = a.values[i++]!;
      } else {
        c = cb;
        v = b.values[j++]!;
      }
      if (v !== 0) {
        colTmp.push(c);
        valTmp.push(v);
      }
    }
    rowPtr[r + 1] = colTmp.length;
  }
  return { nRows: a.nRows, nCols: a.nCols, rowPtr, colIdx: Int32Array.from(colTmp), values: Float32Array.from(valTmp) };
}

/** Binary mask: 1 where `m` stores a value, same structure. */
export function csrMask(m: CsrMatrix): CsrMatrix {
  return { ...m, values: new Float32Array(m.values.length).fill(1) };
}

/** Zero whole rows (`keep(row) === false`): used for the LN excitatory/inhibitory split. */
export function csrKeepRows(m: CsrMatrix, keep: (row: number) => boolean): CsrMatrix {
  return csrMap(m, (v, r) => (keep(r) ? v : 0));
}
