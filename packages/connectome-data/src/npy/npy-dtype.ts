/** Numpy dtype strings (`'<f8'`, `'|u1'`) → the reader's dtype names and typed-array decoders. */
import type { NpyNumericDtype, NpyTypedArray } from './npy-types';

const CODES: Readonly<Record<string, NpyNumericDtype>> = {
  i1: 'int8',
  u1: 'uint8',
  i2: 'int16',
  u2: 'uint16',
  i4: 'int32',
  u4: 'uint32',
  i8: 'int64',
  u8: 'uint64',
  f4: 'float32',
  f8: 'float64',
  b1: 'uint8',
};

/** Bytes per element of each dtype. */
export const NPY_ITEM_BYTES: Readonly<Record<NpyNumericDtype, number>> = {
  int8: 1,
  uint8: 1,
  int16: 2,
  uint16: 2,
  int32: 4,
  uint32: 4,
  int64: 8,
  uint64: 8,
  float32: 4,
  float64: 8,
};

/** Parses a numpy type code without byte-order mark (`'f8'`, `'i8'`), or `undefined` when not numeric. */
export function numericDtypeOf(code: string): NpyNumericDtype | undefined {
  return Object.prototype.hasOwnProperty.call(CODES, code) ? CODES[code] : undefined;
}

/**
 * Decodes `count` values of `dtype` starting at `bytes[offset]` into a fresh typed array
 * (native byte order), reading little- or big-endian.
 */
export function decodeValues(bytes: Uint8Array, offset: number, count: number, dtype: NpyNumericDtype, littleEndian: boolean): NpyTypedArray {
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, count * NPY_ITEM_BYTES[dtype]);
  switch (dtype) {
    case 'int8':
      return new Int8Array(bytes.slice(offset, offset + count));
    case 'uint8':
      return new Uint8Array(bytes.slice(offset, offset + count));
    case 'int16': {
      const out = new Int16Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt16(2 * i, littleEndian);
      return out;
    }
    case 'uint16': {
      const out = new Uint16Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getUint16(2 * i, littleEndian);
      return out;
    }
    case 'int32': {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt32(4 * i, littleEndian);
      return out;
    }
    case 'uint32': {
      const out = new Uint32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getUint32(4 * i, littleEndian);
      return out;
    }
    case 'int64': {
      const out = new BigInt64Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getBigInt64(8 * i, littleEndian);
      return out;
    }
    case 'uint64': {
      const out = new BigUint64Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getBigUint64(8 * i, littleEndian);
      return out;
    }
    case 'float32': {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat32(4 * i, littleEndian);
      return out;
    }
    case 'float64': {
      const out = new Float64Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat64(8 * i, littleEndian);
      return out;
    }
  }
}

/** Reorders Fortran-ordered values (first index fastest) into C order (last index fastest). */
export function fortranToC<T extends NpyTypedArray>(data: T, shape: readonly number[]): T {
  if (shape.length < 2) return data;
  const out = data.slice() as T;
  const n = shape.length;
  const cStrides = new Array<number>(n);
  const fStrides = new Array<number>(n);
  cStrides[n - 1] = 1;
  for (let k = n - 2; k >= 0; k--) cStrides[k] = cStrides[k + 1] * shape[k + 1];
  fStrides[0] = 1;
  for (let k = 1; k < n; k++) fStrides[k] = fStrides[k - 1] * shape[k - 1];
  const idx = new Array<number>(n).fill(0);
  for (let c = 0; c < data.length; c++) {
    let f = 0;
    for (let k = 0; k < n; k++) f += idx[k] * fStrides[k];
    (out as unknown as { [i: number]: number | bigint })[c] = (data as unknown as { [i: number]: number | bigint })[f];
    for (let k = n - 1; k >= 0; k--) {
      if (++idx[k] < shape[k]) break;
      idx[k] = 0;
    }
  }
  return out;
}
