/**
 * Types of the `.npy` reader: numeric arrays as typed arrays, object arrays as lists of numeric
 * arrays (the only kind of object array the restricted unpickler accepts).
 */

/** The numeric dtypes the reader accepts (little- or big-endian on disk; native in memory). */
export type NpyNumericDtype = 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'int64' | 'uint64' | 'float32' | 'float64';

/** The typed array holding a numeric array's values; 64-bit integers are `BigInt64Array` / `BigUint64Array`. */
export type NpyTypedArray = Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | BigInt64Array | BigUint64Array | Float32Array | Float64Array;

/** A numeric n-d array, values in C (row-major) order. */
export interface NpyNumericArray {
  readonly kind: 'numeric';
  readonly dtype: NpyNumericDtype;
  /** Shape; `[]` for a 0-d array. */
  readonly shape: readonly number[];
  /** Values in C order (a Fortran-ordered file is transposed on reading). */
  readonly data: NpyTypedArray;
}

/** An object array (`dtype=object`) whose elements are numeric arrays, e.g. per-neuron spike times. */
export interface NpyObjectArray {
  readonly kind: 'object';
  readonly shape: readonly number[];
  /** The elements in C order. */
  readonly items: readonly NpyNumericArray[];
}

/** What {@link readNpy} returns. */
export type NpyArray = NpyNumericArray | NpyObjectArray;
