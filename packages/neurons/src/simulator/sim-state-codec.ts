import { StateFormatError } from '../errors/state-format-error';
import type { SimState } from './sim-state';

/**
 * A byte format for {@link SimState}, so long runs can be checkpointed and resumed bit for bit:
 *
 *   "OSNNSTAT" (8 bytes) · u32 format version (1) · u32 header length H ·
 *   header: UTF-8 JSON of the state with every typed array replaced by
 *           { "$array": type, "offset", "length" }, plus "dataBytes" and "fnv1a" · padding to 8 ·
 *   data: the arrays' bytes (little-endian), each at an 8-byte-aligned offset
 *
 * `fnv1a` is the 32-bit FNV-1a hash of the data region; {@link decodeSimState} checks the magic,
 * the version, every length and the hash before it returns anything. Write the bytes to disk
 * atomically (temporary file, then rename).
 */
const MAGIC = 'OSNNSTAT';
const VERSION = 1;
const TYPES = { Float64Array, Float32Array, Int32Array, Uint32Array, Uint8Array, Int8Array } as const;
type TypeName = keyof typeof TYPES;

function fnv1a(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return h >>> 0;
}

const align8 = (n: number) => Math.ceil(n / 8) * 8;

/** Encode a state as bytes (see the format above). */
export function encodeSimState(state: SimState): Uint8Array {
  const arrays: Uint8Array[] = [];
  let dataBytes = 0;
  const header = JSON.stringify(state, (_key, value: unknown) => {
    if (ArrayBuffer.isView(value)) {
      const type = value.constructor.name as TypeName;
      if (!(type in TYPES)) throw new StateFormatError({ source: 'encodeSimState', problem: `holds a ${type}, which the format does not store` });
      const bytes = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
      const entry = { $array: type, offset: dataBytes, length: (value as unknown as ArrayLike<number>).length };
      arrays.push(bytes);
      dataBytes = align8(dataBytes + bytes.length);
      return entry;
    }
    if (typeof value === 'number' && !Number.isFinite(value)) return { $number: String(value) };
    return value;
  });
  const data = new Uint8Array(dataBytes);
  let at = 0;
  for (const a of arrays) {
    data.set(a, at);
    at = align8(at + a.length);
  }
  const head = new TextEncoder().encode(JSON.stringify({ dataBytes, fnv1a: fnv1a(data), state: JSON.parse(header) as unknown }));
  const start = align8(16 + head.length);
  const out = new Uint8Array(start + dataBytes);
  out.set(new TextEncoder().encode(MAGIC), 0);
  const view = new DataView(out.buffer);
  view.setUint32(8, VERSION, true);
  view.setUint32(12, head.length, true);
  out.set(head, 16);
  out.set(data, start);
  return out;
}

/**
 * Decode bytes made by {@link encodeSimState}; `source` names them in errors (e.g. the file).
 *
 * @throws {StateFormatError} on a wrong magic or version, truncation or a checksum mismatch.
 */
export function decodeSimState(bytes: Uint8Array, source = 'bytes'): SimState {
  const fail = (problem: string, fix = 'Save the state again from a run.') => new StateFormatError({ source, problem, fix });
  if (!(bytes instanceof Uint8Array) || bytes.length < 16) throw fail(`has ${bytes?.length ?? 0} bytes; expected at least 16`);
  if (new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC) throw fail(`does not start with "${MAGIC}"; it is not a simulator state`, 'Pass bytes written from encodeSimState.');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(8, true);
  if (version !== VERSION) throw fail(`has format version ${version}; expected ${VERSION}`, 'Use the package version that wrote it.');
  const headLength = view.getUint32(12, true);
  if (16 + headLength > bytes.length) throw fail(`is truncated: the header needs ${16 + headLength} bytes, the data has ${bytes.length}`);
  let head: { dataBytes: number; fnv1a: number; state: unknown };
  try {
    head = JSON.parse(new TextDecoder().decode(bytes.subarray(16, 16 + headLength))) as typeof head;
  } catch {
    throw fail('has an unreadable header');
  }
  const start = align8(16 + headLength);
  if (!Number.isInteger(head?.dataBytes) || start + head.dataBytes !== bytes.length) {
    throw fail(`is ${bytes.length} bytes long; its header says ${start + (head?.dataBytes ?? NaN)} (truncated or padded)`);
  }
  const data = bytes.slice(start);
  const hash = fnv1a(data);
  if (hash !== head.fnv1a) throw fail(`checksum ${hash.toString(16)} does not match the recorded ${(head.fnv1a >>> 0).toString(16)}; the data is corrupt`);
  const revive = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(revive);
    if (value === null || typeof value !== 'object') return value;
    const v = value as Record<string, unknown>;
    if (typeof v.$number === 'string') return Number(v.$number);
    if (typeof v.$array === 'string') {
      const Ctor = TYPES[v.$array as TypeName];
      const offset = v.offset as number;
      const length = v.length as number;
      if (!Ctor || !Number.isInteger(offset) || !Number.isInteger(length) || offset < 0 || offset + length * Ctor.BYTES_PER_ELEMENT > data.length) {
        throw fail(`has an array entry out of range (${JSON.stringify(v)})`);
      }
      return new Ctor(data.buffer.slice(offset, offset + length * Ctor.BYTES_PER_ELEMENT));
    }
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = revive(x);
    return out;
  };
  const state = revive(head.state) as SimState;
  if (state?.formatVersion !== 1 || !Number.isInteger(state.stepIndex)) throw fail('does not hold a SimState of formatVersion 1');
  return state;
}
