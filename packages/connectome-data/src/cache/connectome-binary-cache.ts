import { createHash } from 'node:crypto';
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
 *   32 bytes     sha256 of every byte after it (header, padding and arrays)
 *   H bytes      UTF-8 JSON header {sourceSha256, annotations, matrices:[{name,nRows,nCols,nnz}]}
 *   pad to 4
 *   per matrix   rowIds i32[nRows], colIds i32[nCols], rowPtr i32[nRows+1], colIdx i32[nnz], values f32[nnz]
 *
 * A cache file is only a cache: {@link decodeConnectomeCache} returns `undefined` for anything
 * it does not recognise (other version, other source archive, truncated, a payload whose sha256
 * differs from the stored one, a header or array that does not decode), and the caller
 * re-parses the archive. {@link inspectConnectomeCache} says why.
 */
export const CONNECTOME_CACHE_VERSION = 2;
/** Bytes before the JSON header: magic, version, header length, payload sha256. */
const PREFIX = 48;
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
  const headerEnd = align4(PREFIX + headerBytes.length);
  let total = headerEnd;
  for (const h of header.matrices) total += 4 * (h.nRows + h.nCols + h.nRows + 1 + 2 * h.nnz);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  out.set(Buffer.from(MAGIC, 'latin1'), 0);
  view.setUint32(8, CONNECTOME_CACHE_VERSION, true);
  view.setUint32(12, headerBytes.length, true);
  out.set(headerBytes, PREFIX);
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
  out.set(createHash('sha256').update(out.subarray(PREFIX)).digest(), 16);
  return out;
}

/** Outcome of {@link inspectConnectomeCache}: the connectome, or why the bytes are not a usable cache. */
export type ConnectomeCacheInspection = { readonly ok: true; readonly connectome: WindingConnectome } | { readonly ok: false; readonly problem: string };

/**
 * Read a cache produced by {@link encodeConnectomeCache}; `undefined` when the bytes are not a
 * complete, intact cache of this version for the archive `expectedSha256`.
 */
export function decodeConnectomeCache(bytes: Uint8Array, expectedSha256: string): WindingConnectome | undefined {
  const r = inspectConnectomeCache(bytes, expectedSha256);
  return r.ok ? r.connectome : undefined;
}

/**
 * Like {@link decodeConnectomeCache}, but says why a cache is rejected. The payload's sha256 is
 * checked before anything in it is read, and any error while decoding is a rejection, never a
 * throw: a cache can only cost a re-parse, never a wrong connectome.
 */
export function inspectConnectomeCache(bytes: Uint8Array, expectedSha256: string): ConnectomeCacheInspection {
  const no = (problem: string): ConnectomeCacheInspection => ({ ok: false, problem });
  try {
    if (bytes.length < PREFIX || Buffer.from(bytes.subarray(0, 8)).toString('latin1') !== MAGIC) return no('not a connectome cache (bad magic or too short)');
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const version = view.getUint32(8, true);
    if (version !== CONNECTOME_CACHE_VERSION) return no(`format version ${version}, expected ${CONNECTOME_CACHE_VERSION}`);
    const digest = createHash('sha256').update(bytes.subarray(PREFIX)).digest();
    if (!digest.equals(Buffer.from(bytes.subarray(16, PREFIX)))) return no('checksum mismatch (the file is corrupt or truncated)');
    const hLen = view.getUint32(12, true);
    if (PREFIX + hLen > bytes.length) return no('header longer than the file');
    const header = JSON.parse(Buffer.from(bytes.subarray(PREFIX, PREFIX + hLen)).toString('utf8')) as Header;
    if (header === null || typeof header !== 'object' || header.sourceSha256 !== expectedSha256) return no('made from another archive');
    if (!Array.isArray(header.matrices) || !Array.isArray(header.annotations)) return no('malformed header');
    // Copy into a fresh 4-aligned buffer so typed-array views are legal whatever `bytes` is.
    const aligned = new Uint8Array(bytes.length);
    aligned.set(bytes);
    let off = align4(PREFIX + hLen);
    const count = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 0;
    const take = <T extends Int32Array | Float32Array>(Ctor: new (b: ArrayBuffer, o: number, n: number) => T, n: number): T | undefined => {
      if (off + 4 * n > aligned.length) return undefined;
      const a = new Ctor(aligned.buffer, off, n);
      off += 4 * n;
      return a;
    };
    const matrices = {} as Record<WindingMatrixName, LabeledMatrix>;
    for (const name of WINDING_MATRIX_NAMES) {
      const h = header.matrices.find((m) => m !== null && typeof m === 'object' && m.name === name);
      if (!h) return no(`matrix ${name} missing from the header`);
      if (!count(h.nRows) || !count(h.nCols) || !count(h.nnz)) return no(`matrix ${name}: sizes are not non-negative integers`);
      const rowIds = take(Int32Array, h.nRows);
      const colIds = take(Int32Array, h.nCols);
      const rowPtr = take(Int32Array, h.nRows + 1);
      const colIdx = take(Int32Array, h.nnz);
      const values = take(Float32Array, h.nnz);
      if (!rowIds || !colIds || !rowPtr || !colIdx || !values) return no(`matrix ${name}: arrays run past the end of the file`);
      if (rowPtr[0] !== 0 || rowPtr[h.nRows] !== h.nnz) return no(`matrix ${name}: row pointers do not span the entries`);
      for (let i = 0; i < h.nRows; i++) if (rowPtr[i + 1]! < rowPtr[i]!) return no(`matrix ${name}: row pointers decrease`);
      for (let k = 0; k < h.nnz; k++) if (!(colIdx[k]! >= 0 && colIdx[k]! < h.nCols)) return no(`matrix ${name}: column index out of range`);
      matrices[name] = { rowIds, colIds, matrix: { nRows: h.nRows, nCols: h.nCols, rowPtr, colIdx, values } };
    }
    if (off !== aligned.length) return no('trailing bytes after the arrays');
    return { ok: true, connectome: { matrices, annotations: header.annotations, sourceSha256: header.sourceSha256 } };
  } catch (error) {
    return no(`does not decode (${error instanceof Error ? error.message : String(error)})`);
  }
}

function align4(n: number): number {
  return (n + 3) & ~3;
}
