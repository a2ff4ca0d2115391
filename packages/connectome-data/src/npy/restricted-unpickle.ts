/**
 * A restricted unpickler for the object arrays numpy writes into `.npy` files
 * (`np.save(..., allow_pickle=True)`), protocols 2–5.
 *
 * A pickle is a program for a stack machine that can import and call anything; Python's
 * `pickle.load` runs it. This reader never runs anything. It interprets only the opcodes numpy's
 * own array pickles use (push ints/strings/bytes, tuples, lists, memo, MARK, FRAME) and resolves
 * only these globals, which it models as data instead of importing them:
 *   - `numpy.core.multiarray._reconstruct` / `numpy._core.multiarray._reconstruct`
 *     (called as `_reconstruct(numpy.ndarray, (0,), b'b')` to make an empty array),
 *   - `numpy.ndarray` (only as that argument),
 *   - `numpy.dtype` (called as `dtype('f8', False, True)`; only int/float codes, plus `'O8'` for
 *     the outer object array),
 *   - `_codecs.encode` (protocol 2's spelling of bytes, only as `encode(str, 'latin1')`),
 * and `BUILD` only on those arrays and dtypes. Every other global, call, opcode or element type
 * throws {@link PickleRejectedError} naming the byte offset; malformed streams throw
 * {@link DataFormatError}.
 */
import { DataFormatError } from '../errors/data-format-error';
import { PickleRejectedError } from '../errors/pickle-rejected-error';
import { decodeValues, fortranToC, NPY_ITEM_BYTES, numericDtypeOf } from './npy-dtype';
import type { NpyArray, NpyNumericArray, NpyNumericDtype } from './npy-types';

const RECONSTRUCT = new Set(['numpy.core.multiarray _reconstruct', 'numpy._core.multiarray _reconstruct']);

interface GlobalRef {
  readonly tag: 'global';
  readonly name: 'reconstruct' | 'ndarray' | 'dtype' | 'encode';
}
interface DtypeObj {
  tag: 'dtype';
  code: string;
  littleEndian: boolean;
}
interface ArrayStub {
  tag: 'array';
  value?: NpyArray;
}
const MARK_OBJ = { tag: 'mark' } as const;
type Value = number | boolean | null | string | Uint8Array | Value[] | GlobalRef | DtypeObj | ArrayStub | typeof MARK_OBJ | { tag: 'tuple'; items: Value[] };

function isTuple(v: Value): v is { tag: 'tuple'; items: Value[] } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array) && (v as { tag: string }).tag === 'tuple';
}

const OPNAMES: Readonly<Record<number, string>> = {
  0x69: 'INST',
  0x6f: 'OBJ',
  0x81: 'NEWOBJ',
  0x92: 'NEWOBJ_EX',
  0x63: 'GLOBAL',
  0x52: 'REDUCE',
  0x62: 'BUILD',
  0x64: 'DICT',
  0x7d: 'EMPTY_DICT',
  0x73: 'SETITEM',
  0x75: 'SETITEMS',
  0x50: 'PERSID',
  0x51: 'BINPERSID',
  0x82: 'EXT1',
  0x83: 'EXT2',
  0x84: 'EXT4',
  0x98: 'NEXT_BUFFER',
};

/**
 * Unpickles a numpy array pickle (the body of an object `.npy` after its header) without
 * executing it.
 *
 * @param bytes the pickle stream
 * @param file the file name used in error messages
 * @returns the array: an object array of numeric arrays, or a numeric array
 * @example
 *   const arr = unpickleNumpyArray(bytes.subarray(headerEnd), 'positions_6_6_2.npy');
 */
// eslint-disable-next-line max-lines-per-function -- the restricted pickle interpreter: one switch over the allowed opcodes, read top to bottom
export function unpickleNumpyArray(bytes: Uint8Array, file: string): NpyArray {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const stack: Value[] = [];
  const memo = new Map<number, Value>();
  let pos = 0;
  let opPos = 0;
  const refuse = (what: string): never => {
    throw new PickleRejectedError({ file, offset: opPos, refused: what });
  };
  const malformed = (problem: string): never => {
    throw new DataFormatError({ file, line: 0, column: 0, problem: `${problem} at pickle byte ${opPos}`, expected: 'a numpy array pickle', fix: 'Re-download the file from its pinned source.' });
  };
  const need = (n: number) => {
    if (pos + n > bytes.length) malformed('truncated pickle');
  };
  const u8 = () => {
    need(1);
    return bytes[pos++];
  };
  const u16 = () => {
    need(2);
    const v = view.getUint16(pos, true);
    pos += 2;
    return v;
  };
  const u32 = () => {
    need(4);
    const v = view.getUint32(pos, true);
    pos += 4;
    return v;
  };
  const take = (n: number) => {
    need(n);
    const out = bytes.slice(pos, pos + n);
    pos += n;
    return out;
  };
  const utf8 = (n: number) => new TextDecoder('utf-8', { fatal: false }).decode(take(n));
  const line = () => {
    const end = bytes.indexOf(0x0a, pos);
    if (end < 0) malformed('unterminated GLOBAL');
    const s = new TextDecoder('latin1').decode(bytes.subarray(pos, end));
    pos = end + 1;
    return s;
  };
  const pop = (): Value => {
    if (stack.length === 0) malformed('stack underflow');
    return stack.pop() as Value;
  };
  const popMark = (): Value[] => {
    for (let k = stack.length - 1; k >= 0; k--) {
      if (stack[k] === MARK_OBJ) {
        const items = stack.splice(k);
        items.shift();
        return items;
      }
    }
    return malformed('no MARK on the stack');
  };
  const resolveGlobal = (module: string, name: string): GlobalRef => {
    const key = `${module} ${name}`;
    if (RECONSTRUCT.has(key)) return { tag: 'global', name: 'reconstruct' };
    if (key === 'numpy ndarray') return { tag: 'global', name: 'ndarray' };
    if (key === 'numpy dtype') return { tag: 'global', name: 'dtype' };
    // protocol 2 spells bytes as _codecs.encode(str, 'latin1'); only that exact call is allowed
    if (key === '_codecs encode') return { tag: 'global', name: 'encode' };
    return refuse(`global '${key}'`);
  };
  const reduce = (fn: Value, args: Value): Value => {
    if (!isTuple(args)) return malformed('REDUCE arguments are not a tuple');
    const a = args.items;
    if (typeof fn === 'object' && fn !== null && (fn as GlobalRef).tag === 'global') {
      const g = fn as GlobalRef;
      if (g.name === 'reconstruct') {
        const cls = a[0] as GlobalRef | undefined;
        if (a.length !== 3 || !cls || cls.tag !== 'global' || cls.name !== 'ndarray') refuse('_reconstruct of anything but numpy.ndarray');
        return { tag: 'array' };
      }
      if (g.name === 'encode') {
        if (a.length !== 2 || typeof a[0] !== 'string' || a[1] !== 'latin1') return refuse("_codecs.encode other than (str, 'latin1')");
        const text = a[0] as string;
        const out = new Uint8Array(text.length);
        for (let k = 0; k < text.length; k++) {
          const c = text.charCodeAt(k);
          if (c > 255) return malformed('latin1 bytes with a code point above 255');
          out[k] = c;
        }
        return out;
      }
      if (g.name === 'dtype') {
        const code = a[0];
        if (typeof code !== 'string') return refuse('numpy.dtype of a non-string');
        if (code !== 'O8' && numericDtypeOf(code) === undefined) refuse(`dtype '${code}' (only int/float element arrays)`);
        return { tag: 'dtype', code, littleEndian: true };
      }
    }
    return refuse('a call of something other than _reconstruct or numpy.dtype');
  };
  const build = (obj: Value, state: Value): Value => {
    if (typeof obj !== 'object' || obj === null || Array.isArray(obj) || obj instanceof Uint8Array) return refuse('BUILD on a non-numpy object');
    const tagged = obj as { tag: string };
    if (!isTuple(state)) return malformed('BUILD state is not a tuple');
    const s = state.items;
    if (tagged.tag === 'dtype') {
      const d = obj as DtypeObj;
      const order = s[1];
      if (order === '>') d.littleEndian = false;
      else if (order !== '<' && order !== '|' && order !== '=') malformed(`dtype byte order ${String(order)}`);
      if (s[2] !== null && s[2] !== undefined) refuse('structured dtype (subarray)');
      if (s[3] !== null && s[3] !== undefined) refuse('structured dtype (fields)');
      return obj;
    }
    if (tagged.tag === 'array') {
      const stub = obj as ArrayStub;
      const [, shapeV, dtypeV, fortranV, raw] = s;
      if (!isTuple(shapeV)) return malformed('array shape is not a tuple');
      const shape = shapeV.items.map((x) => (typeof x === 'number' && Number.isInteger(x) && x >= 0 ? x : malformed('array shape entry is not a non-negative int')));
      const count = shape.reduce((p, q) => p * q, 1);
      const dt = dtypeV as DtypeObj;
      if (!dt || dt.tag !== 'dtype') return malformed('array dtype missing');
      if (dt.code === 'O8') {
        if (!Array.isArray(raw)) return malformed('object array without an element list');
        if (raw.length !== count) malformed(`object array has ${raw.length} elements for shape (${shape.join(', ')})`);
        const items = raw.map((el) => {
          const arr = (el as ArrayStub | null)?.tag === 'array' ? (el as ArrayStub).value : undefined;
          if (!arr || arr.kind !== 'numeric') return refuse('an object-array element that is not an int/float numpy array');
          return arr;
        });
        stub.value = { kind: 'object', shape, items };
        return obj;
      }
      const dtype = numericDtypeOf(dt.code) as NpyNumericDtype;
      if (!(raw instanceof Uint8Array)) return malformed('numeric array data is not bytes');
      if (raw.length !== count * NPY_ITEM_BYTES[dtype]) malformed(`array data has ${raw.length} bytes; expected ${count * NPY_ITEM_BYTES[dtype]}`);
      let data = decodeValues(raw, 0, count, dtype, dt.littleEndian);
      if (fortranV === true) data = fortranToC(data, shape);
      stub.value = { kind: 'numeric', dtype, shape, data } satisfies NpyNumericArray;
      return obj;
    }
    return refuse('BUILD on a non-numpy object');
  };

  while (true) {
    opPos = pos;
    const op = u8();
    switch (op) {
      case 0x80: // PROTO
        u8();
        break;
      case 0x95: // FRAME
        need(8);
        pos += 8;
        break;
      case 0x2e: {
        // STOP
        const top = pop();
        const value = (top as ArrayStub | null)?.tag === 'array' ? (top as ArrayStub).value : undefined;
        if (!value) return refuse('a top-level object that is not a numpy array');
        return value;
      }
      case 0x28: // MARK
        stack.push(MARK_OBJ);
        break;
      case 0x63: {
        // GLOBAL
        const module = line();
        const name = line();
        stack.push(resolveGlobal(module, name));
        break;
      }
      case 0x93: {
        // STACK_GLOBAL
        const name = pop();
        const module = pop();
        if (typeof module !== 'string' || typeof name !== 'string') malformed('STACK_GLOBAL of non-strings');
        stack.push(resolveGlobal(module as string, name as string));
        break;
      }
      case 0x94: // MEMOIZE
        memo.set(memo.size, stack[stack.length - 1]);
        break;
      case 0x71: // BINPUT
        memo.set(u8(), stack[stack.length - 1]);
        break;
      case 0x72: // LONG_BINPUT
        memo.set(u32(), stack[stack.length - 1]);
        break;
      case 0x68: {
        // BINGET
        const k = u8();
        if (!memo.has(k)) malformed(`memo ${k} missing`);
        stack.push(memo.get(k) as Value);
        break;
      }
      case 0x6a: {
        // LONG_BINGET
        const k = u32();
        if (!memo.has(k)) malformed(`memo ${k} missing`);
        stack.push(memo.get(k) as Value);
        break;
      }
      case 0x4a: // BININT
        need(4);
        stack.push(view.getInt32(pos, true));
        pos += 4;
        break;
      case 0x4b: // BININT1
        stack.push(u8());
        break;
      case 0x4d: // BININT2
        stack.push(u16());
        break;
      case 0x47: // BINFLOAT
        need(8);
        stack.push(view.getFloat64(pos, false));
        pos += 8;
        break;
      case 0x4e: // NONE
        stack.push(null);
        break;
      case 0x88: // NEWTRUE
        stack.push(true);
        break;
      case 0x89: // NEWFALSE
        stack.push(false);
        break;
      case 0x58: // BINUNICODE
        stack.push(utf8(u32()));
        break;
      case 0x8c: // SHORT_BINUNICODE
        stack.push(utf8(u8()));
        break;
      case 0x43: // SHORT_BINBYTES
        stack.push(take(u8()));
        break;
      case 0x42: // BINBYTES
        stack.push(take(u32()));
        break;
      case 0x8e: {
        // BINBYTES8
        need(8);
        const n = Number(view.getBigUint64(pos, true));
        pos += 8;
        stack.push(take(n));
        break;
      }
      case 0x5d: // EMPTY_LIST
        stack.push([]);
        break;
      case 0x61: {
        // APPEND
        const v = pop();
        const list = stack[stack.length - 1];
        if (!Array.isArray(list)) malformed('APPEND to a non-list');
        (list as Value[]).push(v);
        break;
      }
      case 0x65: {
        // APPENDS
        const items = popMark();
        const list = stack[stack.length - 1];
        if (!Array.isArray(list)) malformed('APPENDS to a non-list');
        for (const v of items) (list as Value[]).push(v);
        break;
      }
      case 0x29: // EMPTY_TUPLE
        stack.push({ tag: 'tuple', items: [] });
        break;
      case 0x74: // TUPLE
        stack.push({ tag: 'tuple', items: popMark() });
        break;
      case 0x85: // TUPLE1
        stack.push({ tag: 'tuple', items: [pop()] });
        break;
      case 0x86: {
        const b = pop();
        const a = pop();
        stack.push({ tag: 'tuple', items: [a, b] });
        break;
      }
      case 0x87: {
        const c = pop();
        const b = pop();
        const a = pop();
        stack.push({ tag: 'tuple', items: [a, b, c] });
        break;
      }
      case 0x52: {
        // REDUCE
        const args = pop();
        const fn = pop();
        stack.push(reduce(fn, args));
        break;
      }
      case 0x62: {
        // BUILD
        const state = pop();
        const obj = stack[stack.length - 1];
        build(obj, state);
        break;
      }
      default:
        refuse(`opcode ${OPNAMES[op] ?? JSON.stringify(String.fromCharCode(op))} (0x${op.toString(16).padStart(2, '0')})`);
    }
  }
}
