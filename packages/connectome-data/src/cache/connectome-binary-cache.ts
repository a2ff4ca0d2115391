import type { AnnotationRow } from '../csv/parse-annotations';
import type { LabeledMatrix } from '../csv/labeled-matrix';
import { WINDING_MATRIX_NAMES } from '../winding/winding-connectome';
import type { WindingConnectome, WindingMatrixName } from '../winding/winding-connectome';

/**
 * Compact binary form of a parsed {@link WindingConnectome}, so that a second load skips the
 * 160 MB of CSV. Layout (little-endian):
 *
 *   bytes 0..7   magic "OLFCONN\0"
 *   u32          format version ({@link CONNECTOME_CACHE_VERSION})
 *   u32          header length H
 *   H bytes      UTF-8 JSON header {sourceSha256, annotations, matrices:[{name,nRows,nCols,nnz}]}
 *   pad to 4
 *   per matrix   rowIds i32[nRows], colIds i32[nCols], rowPtr i32[nRows+1], colIdx i32[nnz], values f32[nnz]
 *
 * A cache file is only a cache: {@link decodeConnectomeCache} returns `undefined` for anything
 * it does not recognise (other version, other source archive, truncated), and the caller
 * re-parses the archive.
 */
export const CONNECTOME_CACHE_VERSION = 1;
const MAGIC = 'OLFCONN\0';

interface Header {
  sourceSha256: string;
  annotations: AnnotationRow[];
  matrices: { name: WindingMatrixName; nRows: number; nCols: number; nnz: number }[];
}

/** Serialize a parsed connectome. */
export function encodeConnectomeCache(c: WindingConnectome): Uint8Array {
  const header: Header = {
    sourceSha256: c.sourceSha256,
    annotations: [...c.annotations],
    matrices: WINDING_MATRIX_NAMES.map((name) => {
      const m = c.matrices[name].matrix;
      return { name, nRows: m.nRows, nCols: m.nCols, nnz: m.rowPtr[m.nRows]! };
    }),
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const headerEnd = align4(16 + headerBytes.length);
  let total = headerEnd;
  for (const h of header.matrices) total += 4 * (h.nRows + h.nCols + h.nRows + 1 + 2 * h.nnz);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  out.set(Buffer.from(MAGIC, 'latin1'), 0);
  view.setUint32(8, CONNECTOME_CACHE_VERSION, true);
  view.setUint32(12, headerBytes.length, true);
  out.set(headerBytes, 16);
  let off = headerEnd;
  const put = (a: Int32Array | Float32Array): void => {
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), off);
    off += a.byteLength;
  };
  for (const name of WINDING_MATRIX_NAMES) {
    const lm = c.matrices[name];
    put(lm.rowIds);
    put(lm.colIds);
    put(lm.matrix.rowPtr);
    put(lm.matrix.colIdx);
    put(lm.matrix.values);
  }
  return out;
}

/**
 * Read a cache produced by {@link encodeConnectomeCache}; `undefined` when the bytes are not a
 * complete cache of this version for the archive `expectedSha256`.
 */
export function decodeConnectomeCache(bytes: Uint8Array, expectedSha256: string): WindingConnectome | undefined {
  if (bytes.length < 16 || Buffer.from(bytes.subarray(0, 8)).toString('latin1') !== MAGIC) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(8, true) !== CONNECTOME_CACHE_VERSION) return undefined;
  const hLen = view.getUint32(12, true);
  if (16 + hLen > bytes.length) return undefined;
  let header: Header;
  try {
    header = JSON.parse(Buffer.from(bytes.subarray(16, 16 + hLen)).toString('utf8')) as Header;
  } catch {
    return undefined;
  }
  if (header.sourceSha256 !== expectedSha256 || !Array.isArray(header.matrices)) return undefined;
  // Copy into a fresh 4-aligned buffer so typed-array views are legal whatever `bytes` is.
  const aligned = new Uint8Array(bytes.length);
  aligned.set(bytes);
  let off = align4(16 + hLen);
  const take = <T extends Int32Array | Float32Array>(Ctor: new (b: ArrayBuffer, o: number, n: number) => T, n: number): T | undefined => {
    if (off + 4 * n > aligned.length) return undefined;
    const a = new Ctor(aligned.buffer, off, n);
    off += 4 * n;
    return a;
  };
  const matrices = {} as Record<WindingMatrixName, LabeledMatrix>;
  for (const name of WINDING_MATRIX_NAMES) {
    const h = header.matrices.find((m) => m.name === name);
    if (!h) return undefined;
    const rowIds = take(Int32Array, h.nRows);
    const colIds = take(Int32Array, h.nCols);
    const rowPtr = take(Int32Array, h.nRows + 1);
    const colIdx = take(Int32Array, h.nnz);
    const values = take(Float32Array, h.nnz);
    if (!rowIds || !colIds || !rowPtr || !colIdx || !values || rowPtr[h.nRows] !== h.nnz) return undefined;
    matrices[name] = { rowIds, colIds, matrix: { nRows: h.nRows, nCols: h.nCols, rowPtr, colIdx, values } };
  }
  if (off !== aligned.length) return undefined;
  return { matrices, annotations: header.annotations, sourceSha256: header.sourceSha256 };
}

function align4(n: number): number {
  return (n + 3) & ~3;
}
