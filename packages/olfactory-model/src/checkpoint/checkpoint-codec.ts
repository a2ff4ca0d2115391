import { createHash } from 'node:crypto';
import type { Checkpoint, TrainingHistoryEntry } from './checkpoint';
import { CHECKPOINT_FORMAT, CheckpointError } from './checkpoint';

/** Version number of the packed checkpoint file (the plain JSON checkpoint is version 1). */
export const PACKED_CHECKPOINT_VERSION = 2;
/** The `encoding` of a packed checkpoint: little-endian IEEE 754 arrays, base64 in JSON. */
export const PACKED_CHECKPOINT_ENCODING = 'base64-le';

/** One array of a packed checkpoint. */
export interface PackedTensor {
  /** `float32` when every value is exactly a float32 (so it round-trips bit for bit), else `float64`. */
  readonly dtype: 'float32' | 'float64';
  /** `[]` for a scalar, `[n]` for a vector, `[rows, columns]` for the decoder weight. */
  readonly shape: readonly number[];
  /** The values, little-endian, base64. */
  readonly data: string;
}

/**
 * The compact checkpoint file: the small fields of {@link Checkpoint} as JSON (producer, config,
 * data checksums, sizes, teacher, completed epochs), every numeric array as a little-endian
 * base64 blob, and a sha256 over the arrays. Decoding gives back the version-1 object exactly
 * (every number bit for bit).
 *
 * Tensor names: `parameters/<name>`, `decoder/weight`, `decoder/bias`, `history/<field>` (one
 * column per history field; NaN where an entry has no value for an optional field) and, for
 * in-progress checkpoints, `optimizer/m`, `optimizer/v`.
 */
export interface PackedCheckpoint {
  readonly format: typeof CHECKPOINT_FORMAT;
  readonly version: typeof PACKED_CHECKPOINT_VERSION;
  readonly encoding: typeof PACKED_CHECKPOINT_ENCODING;
  readonly producer: Checkpoint['producer'];
  readonly config: Checkpoint['config'];
  readonly data: Checkpoint['data'];
  readonly sizes: Checkpoint['sizes'];
  readonly teacher: Checkpoint['teacher'];
  readonly completedEpochs: number;
  /** Adam step count of an in-progress checkpoint (its moments are `optimizer/m`, `optimizer/v`). */
  readonly optimizerStep?: number;
  readonly tensors: Readonly<Record<string, PackedTensor>>;
  /** sha256 (hex) over every tensor, in name order: name, dtype, shape and bytes (see {@link packedTensorsSha256}). */
  readonly sha256: string;
}

const isObj = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x);

/** True for a parsed object in the packed format (whatever its validity). */
export function isPackedCheckpoint(raw: unknown): boolean {
  return isObj(raw) && raw.format === CHECKPOINT_FORMAT && raw.version === PACKED_CHECKPOINT_VERSION;
}

function encodeTensor(values: ArrayLike<number>, shape: readonly number[]): PackedTensor {
  let f32 = true;
  for (let i = 0; i < values.length && f32; i++) f32 = Object.is(Math.fround(values[i]!), values[i]);
  const bytes = Buffer.alloc(values.length * (f32 ? 4 : 8));
  for (let i = 0; i < values.length; i++) {
    if (f32) bytes.writeFloatLE(values[i]!, 4 * i);
    else bytes.writeDoubleLE(values[i]!, 8 * i);
  }
  return { dtype: f32 ? 'float32' : 'float64', shape: [...shape], data: bytes.toString('base64') };
}

/** The checksum of a packed checkpoint's tensors: sha256 over `name\0dtype\0shape\0` + bytes of each, in name order. */
export function packedTensorsSha256(tensors: Readonly<Record<string, { readonly dtype: string; readonly shape: readonly number[] }>>, bytesOf: (name: string) => Uint8Array): string {
  const hash = createHash('sha256');
  for (const name of Object.keys(tensors).sort()) {
    const t = tensors[name]!;
    hash.update(`${name}\0${t.dtype}\0${t.shape.join(',')}\0`);
    hash.update(bytesOf(name));
  }
  return hash.digest('hex');
}

/**
 * Encode a checkpoint in the packed format (about a third of the plain JSON's size for a
 * finished 300-epoch run). Lossless: {@link decodePackedCheckpoint} returns an object deep-equal
 * to `c`, every number bit for bit.
 *
 * @throws {CheckpointError} when a history entry holds something other than numbers.
 */
export function encodePackedCheckpoint(c: Checkpoint): PackedCheckpoint {
  const tensors: Record<string, PackedTensor> = {};
  for (const [name, v] of Object.entries(c.parameters)) tensors[`parameters/${name}`] = typeof v === 'number' ? encodeTensor([v], []) : encodeTensor(v, [v.length]);
  const rows = c.decoder.weight.length;
  const cols = rows > 0 ? c.decoder.weight[0]!.length : 0;
  tensors['decoder/weight'] = encodeTensor(c.decoder.weight.flat(), [rows, cols]);
  tensors['decoder/bias'] = encodeTensor(c.decoder.bias, [c.decoder.bias.length]);
  const fields: string[] = [];
  for (const e of c.history) for (const k of Object.keys(e)) if (!fields.includes(k)) fields.push(k);
  for (const k of fields) {
    const column = c.history.map((e, i) => {
      const v = (e as unknown as Record<string, unknown>)[k];
      if (v === undefined) return Number.NaN;
      if (typeof v !== 'number' || Number.isNaN(v)) throw new CheckpointError({ file: '<memory>', field: `history[${i}].${k}`, problem: `is ${JSON.stringify(v)}, expected a number` });
      return v;
    });
    tensors[`history/${k}`] = encodeTensor(column, [c.history.length]);
  }
  if (c.optimizer) {
    tensors['optimizer/m'] = encodeTensor(c.optimizer.m, [c.optimizer.m.length]);
    tensors['optimizer/v'] = encodeTensor(c.optimizer.v, [c.optimizer.v.length]);
  }
  const sha256 = packedTensorsSha256(tensors, (n) => Buffer.from(tensors[n]!.data, 'base64'));
  return {
    format: CHECKPOINT_FORMAT,
    version: PACKED_CHECKPOINT_VERSION,
    encoding: PACKED_CHECKPOINT_ENCODING,
    producer: c.producer,
    config: c.config,
    data: c.data,
    sizes: c.sizes,
    teacher: c.teacher,
    completedEpochs: c.completedEpochs,
    ...(c.optimizer ? { optimizerStep: c.optimizer.step } : {}),
    tensors,
    sha256,
  };
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Decode a parsed packed checkpoint into the plain (version-1) checkpoint object, checking the
 * encoding, every tensor's dtype, shape and byte length, and the sha256 over the tensors. The
 * result still goes through `validateCheckpoint` (finite values, shapes against the circuit,
 * bounds) like a plain checkpoint.
 *
 * @throws {CheckpointError} naming `file` and the offending field (`tensors["decoder/weight"]`,
 *   `sha256`, …).
 */
export function decodePackedCheckpoint(raw: unknown, file = '<memory>'): Checkpoint {
  const fail = (field: string, problem: string, fix = 'The file is corrupt or was edited; restore it (git, or the @olfactory/models package) or retrain.'): never => {
    throw new CheckpointError({ file, field, problem, fix });
  };
  if (!isPackedCheckpoint(raw)) fail('version', `is not a packed checkpoint (format "${CHECKPOINT_FORMAT}", version ${PACKED_CHECKPOINT_VERSION})`);
  const r = raw as Record<string, unknown>;
  if (r.encoding !== PACKED_CHECKPOINT_ENCODING) fail('encoding', `is ${JSON.stringify(r.encoding)}, expected "${PACKED_CHECKPOINT_ENCODING}"`, 'Upgrade @olfactory/model.');
  if (!isObj(r.tensors)) fail('tensors', 'missing');
  if (typeof r.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(r.sha256)) fail('sha256', `is ${JSON.stringify(r.sha256)}, expected 64 lower-case hex digits`);
  const tensors = r.tensors as Record<string, unknown>;
  const bytes = new Map<string, Buffer>();
  const values = new Map<string, { shape: number[]; data: number[] }>();
  for (const [name, t] of Object.entries(tensors)) {
    const field = `tensors["${name}"]`;
    if (!isObj(t)) fail(field, 'expected an object { dtype, shape, data }');
    const { dtype, shape, data } = t as Record<string, unknown>;
    if (dtype !== 'float32' && dtype !== 'float64') fail(`${field}.dtype`, `is ${JSON.stringify(dtype)}, expected "float32" or "float64"`);
    if (!Array.isArray(shape) || shape.length > 2 || !shape.every((n) => Number.isSafeInteger(n) && (n as number) >= 0))
      fail(`${field}.shape`, `is ${JSON.stringify(shape)}, expected [], [n] or [rows, columns] of non-negative integers`);
    if (typeof data !== 'string' || !BASE64.test(data)) fail(`${field}.data`, 'is not a base64 string');
    const count = (shape as number[]).reduce((a, b) => a * b, 1);
    const width = dtype === 'float32' ? 4 : 8;
    const buf = Buffer.from(data as string, 'base64');
    if (buf.length !== count * width)
      fail(field, `holds ${buf.length} bytes, but shape [${(shape as number[]).join(', ')}] of ${dtype} needs ${count * width}`, 'The file is truncated or was edited; restore it or retrain.');
    bytes.set(name, buf);
    const out = new Array<number>(count);
    for (let i = 0; i < count; i++) out[i] = width === 4 ? buf.readFloatLE(4 * i) : buf.readDoubleLE(8 * i);
    values.set(name, { shape: shape as number[], data: out });
  }
  const sha = packedTensorsSha256(tensors as Record<string, PackedTensor>, (n) => bytes.get(n)!);
  if (sha !== r.sha256) fail('sha256', `the tensors hash to ${sha}, but the file records ${r.sha256 as string}`);
  const take = (name: string): { shape: number[]; data: number[] } => values.get(name) ?? fail(`tensors["${name}"]`, 'missing');
  const parameters: Record<string, number | number[]> = {};
  for (const [name, v] of values) if (name.startsWith('parameters/')) parameters[name.slice('parameters/'.length)] = v.shape.length === 0 ? v.data[0]! : v.data;
  const w = take('decoder/weight');
  if (w.shape.length !== 2) fail('tensors["decoder/weight"].shape', `is [${w.shape.join(', ')}], expected [classes, n_KC]`);
  const [rows, cols] = w.shape as [number, number];
  const weight = Array.from({ length: rows }, (_, c) => w.data.slice(c * cols, (c + 1) * cols));
  const bias = take('decoder/bias').data;
  const historyColumns = [...values].filter(([n]) => n.startsWith('history/')).map(([n, v]) => [n.slice('history/'.length), v.data] as const);
  const length = historyColumns[0]?.[1].length ?? 0;
  for (const [k, col] of historyColumns) if (col.length !== length) fail(`tensors["history/${k}"]`, `has ${col.length} entries, but the other history columns have ${length}`);
  const history: TrainingHistoryEntry[] = Array.from({ length }, (_, i) => {
    const e: Record<string, number> = {};
    for (const [k, col] of historyColumns) if (!Number.isNaN(col[i]!)) e[k] = col[i]!;
    return e as unknown as TrainingHistoryEntry;
  });
  const hasM = values.has('optimizer/m');
  if (hasM !== values.has('optimizer/v') || hasM !== (r.optimizerStep !== undefined)) fail('optimizerStep', 'the optimizer state needs optimizerStep, optimizer/m and optimizer/v together');
  const checkpoint: Record<string, unknown> = {
    format: CHECKPOINT_FORMAT,
    version: 1,
    producer: r.producer,
    config: r.config,
    data: r.data,
    sizes: r.sizes,
    parameters,
    decoder: { weight, bias },
    teacher: r.teacher,
    completedEpochs: r.completedEpochs,
    history,
    ...(hasM ? { optimizer: { step: r.optimizerStep, m: take('optimizer/m').data, v: take('optimizer/v').data } } : {}),
  };
  return checkpoint as unknown as Checkpoint;
}
