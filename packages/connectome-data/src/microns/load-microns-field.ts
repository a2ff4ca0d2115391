/**
 * Loads one MICrONS field's per-field inputs (CorticalBlueprintRNN `Model/DATA/info/<field>/`)
 * through the pinned registry, with the reference's two data defects fixed:
 *   - soma positions are stacked as (N, 3) (`np.stack(list(a))`), not `reshape(3, -1)`;
 *   - the EM connectome CSV, written in `list(set(root_ids))` order, is re-ordered by root id onto
 *     the functional matrices' order.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { InvalidParameterError } from '@olfactory/neurons';
import { DataFormatError } from '../errors/data-format-error';
import { ensureDataFiles } from '../registry/ensure-data-files';
import { MICRONS_FIELDS } from '../registry/microns-registry';
import type { MicronsField } from '../registry/microns-registry';
import type { ResolveDataDirOptions } from '../registry/resolve-data-dir';
import { npyToFloat64, parseNpy } from '../npy/read-npy';
import type { NpyArray } from '../npy/npy-types';
import { cpythonSetOrder } from './cpython-set-order';

/** Voxel size of the MICrONS minnie65 coordinates, nm (x, y, z). */
export const MICRONS_VOXEL_NM = Object.freeze([4, 4, 40] as const);

/** One field's inputs, every N×N matrix row-major in the functional (root_ids file) order. */
export interface MicronsFieldData {
  readonly field: MicronsField;
  /** Number of neurons N. */
  readonly n: number;
  /** EM segment (root) ids, length N, functional order. */
  readonly rootIds: BigInt64Array;
  /** Functional unit ids, length N. */
  readonly unitIds: Float64Array;
  /** Pearson correlation of 20-ms binned spike trains, N×N. */
  readonly corr: Float64Array;
  /** STTC, N×N, symmetrised from the stored lower triangle (diagonal 1). */
  readonly sttc: Float64Array;
  /** GraphicalLassoCV precision matrix, N×N. */
  readonly precision: Float64Array;
  /** Soma positions in voxels (4×4×40 nm), N×3 row-major: neuron i is `[3i, 3i+1, 3i+2]`. */
  readonly positionsVoxel: Float64Array;
  /** Soma positions in nm, N×3. */
  readonly positionsNm: Float64Array;
  /** EM synapse counts, N×N, row = presynaptic, re-ordered onto the functional order. */
  readonly emSynapses: Float64Array;
  /** Root ids in the CSV's own order (`list(set(root_ids))`), for provenance. */
  readonly emCsvOrder: readonly bigint[];
  /** Per-neuron spike times in s, when requested and present (not for 6_6_2). */
  readonly spikeTimesS?: readonly Float64Array[];
}

/** Options of {@link loadMicronsField}. */
export interface LoadMicronsFieldOptions extends ResolveDataDirOptions {
  /** Field id; default `'6_6_2'` (N = 312). */
  readonly field?: MicronsField;
  /** Also read `spikes_<field>.npy` (object array of spike-time arrays). Default `false`. */
  readonly spikes?: boolean;
  /** Download missing files (see `ensureDataFiles`). */
  readonly download?: boolean;
}

function square(arr: NpyArray, n: number, file: string): Float64Array {
  if (arr.kind !== 'numeric' || arr.shape.length !== 2 || arr.shape[0] !== n || arr.shape[1] !== n) {
    throw new DataFormatError({ file, line: 0, column: 0, problem: `shape (${arr.shape.join(', ')})`, expected: `a numeric ${n}×${n} matrix` });
  }
  return npyToFloat64(arr, file);
}

/** Symmetrises a lower-triangular matrix: `S[i][j] = S[j][i] = L[max(i,j)][min(i,j)]`. */
export function symmetrizeLower(lower: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const v = lower[i * n + j];
      out[i * n + j] = v;
      out[j * n + i] = v;
    }
  }
  return out;
}

/**
 * Stacks an object array of N length-3 coordinate arrays into an N×3 row-major matrix
 * (`np.stack(list(a))`). Throws {@link DataFormatError} when an element is not length 3.
 */
export function stackPositions(arr: NpyArray, file: string): Float64Array {
  if (arr.kind !== 'object') throw new DataFormatError({ file, line: 0, column: 0, problem: 'a numeric array', expected: 'an object array of (x, y, z) arrays' });
  const out = new Float64Array(arr.items.length * 3);
  arr.items.forEach((item, i) => {
    if (item.data.length !== 3) throw new DataFormatError({ file, line: 0, column: 0, problem: `element ${i} has ${item.data.length} values`, expected: '3 (x, y, z)' });
    for (let k = 0; k < 3; k++) out[3 * i + k] = Number(item.data[k]);
  });
  return out;
}

/**
 * Parses the EM connectome CSV (pandas `to_csv`: header `,0,1,…`, then rows `k,v0,v1,…`) into an
 * N×N row-major matrix in the file's own order. Throws {@link DataFormatError} with line/column.
 */
export function parseMicronsConnectomeCsv(text: string, n: number, file: string): Float64Array {
  const lines = text.split(/\r?\n/).filter((l) => l !== '');
  if (lines.length !== n + 1) throw new DataFormatError({ file, line: 0, column: 0, problem: `${lines.length - 1} data rows`, expected: `${n} (one per neuron)` });
  const header = lines[0].split(',');
  if (header.length !== n + 1 || header.slice(1).some((h, k) => h !== String(k))) {
    throw new DataFormatError({ file, line: 1, column: 0, problem: 'unexpected header', expected: `",0,1,…,${n - 1}"` });
  }
  const out = new Float64Array(n * n);
  for (let r = 0; r < n; r++) {
    const cells = lines[r + 1].split(',');
    if (cells.length !== n + 1 || cells[0] !== String(r)) {
      throw new DataFormatError({ file, line: r + 2, column: 1, problem: `row with ${cells.length} cells and index "${cells[0]}"`, expected: `${n + 1} cells starting with index ${r}` });
    }
    for (let c = 0; c < n; c++) {
      const s = cells[c + 1];
      const v = s === '' ? 0 : Number(s);
      if (!Number.isFinite(v) || v < 0) throw new DataFormatError({ file, line: r + 2, column: c + 2, problem: `cell "${s}"`, expected: 'a non-negative synapse count' });
      out[r * n + c] = v;
    }
  }
  return out;
}

/**
 * Re-orders a matrix whose rows/columns follow `csvOrder` (ids) onto `targetOrder` (ids):
 * `out[i][j] = m[pos(target[i])][pos(target[j])]`. Throws {@link DataFormatError} when the two id
 * lists are not the same set.
 */
export function reorderById(m: Float64Array, csvOrder: readonly bigint[], targetOrder: ArrayLike<bigint>, file: string): Float64Array {
  const n = csvOrder.length;
  const pos = new Map<bigint, number>(csvOrder.map((id, k) => [id, k]));
  const perm = new Int32Array(targetOrder.length);
  for (let i = 0; i < targetOrder.length; i++) {
    const p = pos.get(targetOrder[i]);
    if (p === undefined || targetOrder.length !== n) {
      throw new DataFormatError({ file, line: 0, column: 0, problem: `root id ${targetOrder[i]} is not among the connectome's ids`, expected: 'the same root ids as root_ids_<field>.npy' });
    }
    perm[i] = p;
  }
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i * n + j] = m[perm[i] * n + perm[j]];
  return out;
}

/** Registry paths of one field's files. */
export function micronsFieldFiles(field: MicronsField, spikes = false): Record<string, string> {
  const dir = `microns-corticalblueprint/info/${field}`;
  const files: Record<string, string> = {
    corr: `${dir}/corr_matrix.npy`,
    sttc: `${dir}/sttc_matrix.npy`,
    precision: `${dir}/precision_matrix.npy`,
    positions: `${dir}/positions_${field}.npy`,
    rootIds: `${dir}/root_ids_${field}.npy`,
    unitIds: `${dir}/unit_ids_${field}.npy`,
    connectome: `${dir}/connectome_${field}.csv`,
  };
  if (spikes) files.spikes = `${dir}/spikes_${field}.npy`;
  return files;
}

/**
 * Loads one field (verifying every file's size and sha256 first).
 *
 * Throws `InvalidParameterError` for an unknown field or `spikes` for 6_6_2 (absent upstream),
 * `DataNotFoundError` / `DataIntegrityError` from the registry, {@link DataFormatError} and
 * `PickleRejectedError` from the readers.
 *
 * @example
 *   const f = await loadMicronsField({ field: '6_6_2' });
 *   f.n;                    // 312
 *   f.positionsNm.length;   // 936 (N×3)
 */
export async function loadMicronsField(options: LoadMicronsFieldOptions = {}): Promise<MicronsFieldData> {
  const field = options.field ?? '6_6_2';
  if (!Object.prototype.hasOwnProperty.call(MICRONS_FIELDS, field)) {
    throw new InvalidParameterError({ parameter: 'field', value: field, expected: `one of ${Object.keys(MICRONS_FIELDS).join(', ')}` });
  }
  if (options.spikes && field === '6_6_2') {
    throw new InvalidParameterError({ parameter: 'spikes', value: true, expected: 'false for field 6_6_2 (spikes_6_6_2.npy is absent from the upstream snapshot); use 5_3_4 or 5_6_8' });
  }
  const n = MICRONS_FIELDS[field];
  const files = micronsFieldFiles(field, options.spikes === true);
  const ensured = await ensureDataFiles({ dataDir: options.dataDir, download: options.download, files: Object.values(files) });
  const read = async (key: string) => {
    const path = ensured.paths[files[key]];
    return { bytes: await readFile(path), name: basename(path) };
  };
  const npy = async (key: string) => {
    const { bytes, name } = await read(key);
    return { arr: parseNpy(bytes, name), name };
  };
  const corrF = await npy('corr');
  const sttcF = await npy('sttc');
  const precF = await npy('precision');
  const posF = await npy('positions');
  const rootF = await npy('rootIds');
  const unitF = await npy('unitIds');
  const rootArr = rootF.arr;
  if (rootArr.kind !== 'numeric' || !(rootArr.data instanceof BigInt64Array) || rootArr.data.length !== n) {
    throw new DataFormatError({ file: rootF.name, line: 0, column: 0, problem: 'not an int64 vector of the field size', expected: `int64 (${n},)` });
  }
  const rootIds = rootArr.data;
  const positionsVoxel = stackPositions(posF.arr, posF.name);
  if (positionsVoxel.length !== 3 * n) throw new DataFormatError({ file: posF.name, line: 0, column: 0, problem: `${positionsVoxel.length / 3} positions`, expected: `${n}` });
  const positionsNm = positionsVoxel.map((v, k) => v * MICRONS_VOXEL_NM[k % 3]);
  const csv = await read('connectome');
  const csvOrder = cpythonSetOrder(rootIds);
  const raw = parseMicronsConnectomeCsv(csv.bytes.toString('utf8'), n, csv.name);
  const emSynapses = reorderById(raw, csvOrder, rootIds, csv.name);
  let spikeTimesS: Float64Array[] | undefined;
  if (options.spikes) {
    const sp = await npy('spikes');
    if (sp.arr.kind !== 'object' || sp.arr.items.length !== n)
      throw new DataFormatError({ file: sp.name, line: 0, column: 0, problem: 'not an object array of the field size', expected: `${n} spike-time arrays` });
    spikeTimesS = sp.arr.items.map((it) => npyToFloat64(it, sp.name));
  }
  return {
    field,
    n,
    rootIds,
    unitIds: npyToFloat64(unitF.arr, unitF.name),
    corr: square(corrF.arr, n, corrF.name),
    sttc: symmetrizeLower(square(sttcF.arr, n, sttcF.name), n),
    precision: square(precF.arr, n, precF.name),
    positionsVoxel,
    positionsNm,
    emSynapses,
    emCsvOrder: csvOrder,
    ...(spikeTimesS ? { spikeTimesS } : {}),
  };
}
