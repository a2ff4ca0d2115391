/**
 * A minimal WebAssembly binary encoder (MVP, bulk memory and fixed-width SIMD), enough to emit
 * the synapse kernels of `synapse-arena.ts` at load time: no toolchain, no binary file in the package, the
 * generated code is plain data built by the functions below (WebAssembly core specification
 * 2.0, §5 "Binary format").
 */

/** Value types (spec §5.3.1). */
export const ValType = Object.freeze({ i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c, v128: 0x7b });
export type ValTypeCode = (typeof ValType)[keyof typeof ValType];

/** Unsigned LEB128. */
export function uleb(n: number): number[] {
  const out: number[] = [];
  let v = n >>> 0;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return out;
}

/** Signed LEB128 (32-bit). */
export function sleb(n: number): number[] {
  const out: number[] = [];
  let v = n | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

/** One function of a module: parameter types (no results), extra locals, body without the final `end`. */
export interface WasmFunction {
  /** Exported under this name (`null`: internal, callable by index). */
  readonly name: string | null;
  readonly params: readonly ValTypeCode[];
  /** Result types (default none). */
  readonly results?: readonly ValTypeCode[];
  readonly locals: readonly ValTypeCode[];
  readonly body: readonly number[];
}

/** A function imported as `env.<name>`; imports take the first function indices, in order. */
export interface WasmImport {
  readonly name: string;
  readonly params: readonly ValTypeCode[];
  readonly results: readonly ValTypeCode[];
}

const vector = (items: readonly (readonly number[])[]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, bytes: readonly number[]): number[] => [id, ...uleb(bytes.length), ...bytes];
const name = (s: string): number[] => vector([...s].map((c) => [c.charCodeAt(0)]));

/**
 * A module that imports its memory as `env.memory` (one page minimum) and the given functions
 * as `env.<name>`, and exports the named functions; every function has its own type.
 */
export function encodeModule(functions: readonly WasmFunction[], imported: readonly WasmImport[] = []): Uint8Array {
  const signature = (params: readonly ValTypeCode[], results: readonly ValTypeCode[] = []) => [0x60, ...vector(params.map((t) => [t])), ...vector(results.map((t) => [t]))];
  const types = section(1, vector([...imported.map((f) => signature(f.params, f.results)), ...functions.map((f) => signature(f.params, f.results))]));
  const imports = section(2, vector([[...name('env'), ...name('memory'), 0x02, 0x00, 0x01], ...imported.map((f, i) => [...name('env'), ...name(f.name), 0x00, ...uleb(i)])]));
  const funcs = section(3, vector(functions.map((_, i) => uleb(imported.length + i))));
  const exported = functions.flatMap((f, i) => (f.name === null ? [] : [[...name(f.name), 0x00, ...uleb(imported.length + i)]]));
  const exports = section(7, vector(exported));
  const code = section(
    10,
    vector(
      functions.map((f) => {
        const body = [...vector(f.locals.map((t) => [1, t])), ...f.body, 0x0b];
        return [...uleb(body.length), ...body];
      }),
    ),
  );
  return Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...types, ...imports, ...funcs, ...exports, ...code]);
}

const simd = (opcode: number, ...rest: number[]): number[] => [0xfd, ...uleb(opcode), ...rest];

/** Instructions (spec §5.4), as byte arrays; memory offsets in bytes, alignments as log2. */
export const op = {
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  if: [0x04, 0x40],
  /** `if` whose branches leave one f64. */
  ifF64: [0x04, 0x7c],
  /** `if` whose branches leave one i32. */
  ifI32: [0x04, 0x7f],
  return: [0x0f],
  unreachable: [0x00],
  end: [0x0b],
  else: [0x05],
  br: (depth: number) => [0x0c, ...uleb(depth)],
  brIf: (depth: number) => [0x0d, ...uleb(depth)],
  call: (index: number) => [0x10, ...uleb(index)],
  select: [0x1b],
  localGet: (i: number) => [0x20, ...uleb(i)],
  localSet: (i: number) => [0x21, ...uleb(i)],
  localTee: (i: number) => [0x22, ...uleb(i)],
  i32Load: (offset = 0) => [0x28, 2, ...uleb(offset)],
  i32Load8U: (offset = 0) => [0x2d, 0, ...uleb(offset)],
  f32Load: (offset = 0) => [0x2a, 2, ...uleb(offset)],
  f64Load: (offset = 0) => [0x2b, 3, ...uleb(offset)],
  f32Store: (offset = 0) => [0x38, 2, ...uleb(offset)],
  f64Store: (offset = 0) => [0x39, 3, ...uleb(offset)],
  i32Const: (n: number) => [0x41, ...sleb(n)],
  f64Const: (x: number) => {
    const bytes = new DataView(new ArrayBuffer(8));
    bytes.setFloat64(0, x, true);
    return [0x44, ...new Uint8Array(bytes.buffer)];
  },
  i32Eqz: [0x45],
  i32Eq: [0x46],
  i32Ne: [0x47],
  i32LtS: [0x48],
  i32GtS: [0x4a],
  i32GeS: [0x4e],
  f64Eq: [0x61],
  f64Lt: [0x63],
  f64Gt: [0x64],
  f64Le: [0x65],
  f64Ge: [0x66],
  i32Add: [0x6a],
  i32Mul: [0x6c],
  i32And: [0x71],
  i32Shl: [0x74],
  i32ShrU: [0x76],
  f64ConvertI32S: [0xb7],
  i32Or: [0x72],
  i32Xor: [0x73],
  i32Rotl: [0x77],
  i32Sub: [0x6b],
  f64ConvertI32U: [0xb8],
  i32Store8: (offset = 0) => [0x3a, 0, ...uleb(offset)],
  i32Store: (offset = 0) => [0x36, 2, ...uleb(offset)],
  i32TruncF64S: [0xaa],
  f64Ne: [0x62],
  f64Neg: [0x9a],
  f64Div: [0xa3],
  f64Nearest: [0x9e],
  f64Add: [0xa0],
  f64Sub: [0xa1],
  f64Mul: [0xa2],
  f32DemoteF64: [0xb6],
  f64PromoteF32: [0xbb],
  /** memory.fill(dest, byte, length). */
  memoryFill: [0xfc, 11, 0x00],
  v128Load: (offset = 0) => simd(0x00, 4, ...uleb(offset)),
  v128Store: (offset = 0) => simd(0x0b, 4, ...uleb(offset)),
  v128Zero: simd(0x0c, ...new Array<number>(16).fill(0)),
  f64x2Splat: simd(0x14),
  i32x4Splat: simd(0x11),
  i32x4ExtractLane: (lane: number) => simd(0x1b, lane),
  v128And: simd(0x4e),
  v128Xor: simd(0x51),
  i32x4Shl: simd(0xab),
  i32x4ShrU: simd(0xad),
  i32x4Mul: simd(0xb5),
  v128Or: simd(0x50),
  v128AnyTrue: simd(0x53),
  /** Store lane `lane` (8 bytes) of a v128. */
  v128Store64Lane: (offset: number, lane: number) => simd(0x5b, 3, ...uleb(offset), lane),
  /** Load 8 bytes into the low half, zero the high half. */
  v128Load64Zero: (offset = 0) => simd(0x5d, 3, ...uleb(offset)),
  f32x4DemoteF64x2Zero: simd(0x5e),
  f64x2PromoteLowF32x4: simd(0x5f),
  f64x2Add: simd(0xf0),
  f64x2Mul: simd(0xf2),
  /** i8x16.shuffle with 16 lane indices (0–15: first operand, 16–31: second). */
  i8x16Shuffle: (lanes: readonly number[]) => simd(0x0d, ...lanes),
  i32x4ReplaceLane: (lane: number) => simd(0x1c, lane),
  f64x2ReplaceLane: (lane: number) => simd(0x22, lane),
  i32x4LtS: simd(0x39),
  i32x4AllTrue: simd(0xa3),
  i32x4Add: simd(0xae),
  /** Store lane `lane` (4 bytes) of a v128. */
  v128Store32Lane: (offset: number, lane: number) => simd(0x5a, 2, ...uleb(offset), lane),
  f64x2ConvertLowI32x4S: simd(0xfe),
  /** `if` whose branches leave one v128. */
  ifV128: [0x04, 0x7b],
  f64x2ExtractLane: (lane: number) => simd(0x21, lane),
  f64x2Eq: simd(0x47),
  f64x2Lt: simd(0x49),
  f64x2Gt: simd(0x4a),
  f64x2Le: simd(0x4b),
  f64x2Ge: simd(0x4c),
  v128Not: simd(0x4d),
  v128Bitselect: simd(0x52),
  /** Store lane `lane` (1 byte) of a v128. */
  v128Store8Lane: (offset: number, lane: number) => simd(0x58, 0, ...uleb(offset), lane),
  f64x2Nearest: simd(0x94),
  f64x2Neg: simd(0xed),
  f64x2Sub: simd(0xf1),
  f64x2Div: simd(0xf3),
  i32x4TruncSatF64x2SZero: simd(0xfc),
  f32x4Add: simd(0xe4),
  f32Add: [0x92],
} as const;
