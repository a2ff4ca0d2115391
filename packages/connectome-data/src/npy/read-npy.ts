/**
 * Reader of numpy `.npy` files (format versions 1.0, 2.0, 3.0): numeric arrays of int/float
 * dtypes directly, object arrays through the restricted unpickler (never executed).
 *
 * Format: magic `\x93NUMPY`, major/minor version, a little-endian header length (2 bytes in
 * v1, 4 in v2/v3), a Python-literal dict `{'descr': '<f8', 'fortran_order': False, 'shape': (N, M), }`,
 * then the raw values (or, for `descr '|O'`, a pickle).
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { DataFormatError } from '../errors/data-format-error';
import { decodeValues, fortranToC, NPY_ITEM_BYTES, numericDtypeOf } from './npy-dtype';
import type { NpyArray, NpyNumericArray } from './npy-types';
import { unpickleNumpyArray } from './restricted-unpickle';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];

/**
 * Parses the bytes of an `.npy` file.
 *
 * Throws {@link DataFormatError} for a bad magic, header, dtype or size, and
 * {@link PickleRejectedError} when an object array's pickle asks for anything but int/float
 * numpy arrays.
 *
 * @param bytes the whole file
 * @param file name used in error messages
 * @example
 *   const sttc = parseNpy(await readFile('sttc_matrix.npy'), 'sttc_matrix.npy');
 *   sttc.kind === 'numeric' && sttc.shape;  // [312, 312]
 */
export function parseNpy(bytes: Uint8Array, file: string): NpyArray {
  const bad = (problem: string, expected: string): never => {
    throw new DataFormatError({ file, line: 0, column: 0, problem, expected, fix: 'Re-download the file from its pinned source.' });
  };
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) bad('no \\x93NUMPY magic', 'a numpy .npy file');
  const major = bytes[6];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerLen: number;
  let start: number;
  if (major === 1) {
    headerLen = view.getUint16(8, true);
    start = 10;
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) bad('truncated header', 'a numpy .npy file');
    headerLen = view.getUint32(8, true);
    start = 12;
  } else {
    return bad(`format version ${major}`, 'version 1, 2 or 3');
  }
  if (start + headerLen > bytes.length) bad('truncated header', 'a numpy .npy file');
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(start, start + headerLen));
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) return bad(`header ${JSON.stringify(header.trim())}`, "a dict with 'descr', 'fortran_order' and 'shape'");
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => (/^\d+$/.test(s) ? Number(s) : bad(`shape entry ${s}`, 'non-negative integers')));
  const body = bytes.subarray(start + headerLen);
  if (descr === '|O' || descr === 'O') {
    const arr = unpickleNumpyArray(body, file);
    const want = shape.reduce((p, q) => p * q, 1);
    const got = arr.kind === 'object' ? arr.items.length : arr.data.length;
    if (got !== want) bad(`pickle holds ${got} elements`, `${want} (header shape (${shape.join(', ')}))`);
    return arr.kind === 'object' ? { kind: 'object', shape, items: arr.items } : arr;
  }
  const order = descr[0];
  const dtype = numericDtypeOf(descr.slice(1));
  if (dtype === undefined || !'<>|='.includes(order)) return bad(`dtype '${descr}'`, 'an int or float dtype such as <f8, <i8, |u1, or an object array |O');
  const count = shape.reduce((p, q) => p * q, 1);
  const need = count * NPY_ITEM_BYTES[dtype];
  if (body.length !== need) bad(`${body.length} data bytes`, `${need} (shape (${shape.join(', ')}) × ${NPY_ITEM_BYTES[dtype]} bytes)`);
  let data = decodeValues(body, 0, count, dtype, order !== '>');
  if (fortran === 'True') data = fortranToC(data, shape);
  return { kind: 'numeric', dtype, shape, data } satisfies NpyNumericArray;
}

/**
 * Reads an `.npy` file from disk. See {@link parseNpy}.
 *
 * @example
 *   const ids = await readNpy('root_ids_6_6_2.npy');  // { kind: 'numeric', dtype: 'int64', shape: [312], data: BigInt64Array }
 */
export async function readNpy(path: string): Promise<NpyArray> {
  return parseNpy(await readFile(path), basename(path));
}

/**
 * A numeric array's values as a `Float64Array` (64-bit integers converted with `Number`, exact
 * below 2^53). Throws {@link DataFormatError} for an object array.
 */
export function npyToFloat64(arr: NpyArray, file: string): Float64Array {
  if (arr.kind !== 'numeric') {
    throw new DataFormatError({ file, line: 0, column: 0, problem: 'an object array', expected: 'a numeric array' });
  }
  if (arr.data instanceof Float64Array) return arr.data;
  const out = new Float64Array(arr.data.length);
  for (let i = 0; i < out.length; i++) out[i] = Number(arr.data[i]);
  return out;
}
