import type { CsrMatrix } from '../sparse/csr-matrix';
import type { ValTypeCode, WasmFunction } from '../wasm/wasm-encoder';
import { ValType, encodeModule, op } from '../wasm/wasm-encoder';
import type { Code } from '../wasm/wasm-builder';
import { Fn, cat, f64c, fadd, fmul, fsub, i32c, iadd, ifElse, ilt, imul, ishl, ldf32, ldf64, ldi32, loop, select, stf32, stf64, when } from '../wasm/wasm-builder';
import { InvalidParameterError } from '../errors/invalid-parameter-error';
import type { SynapsePathway } from './synapse-pathway';

/**
 * WebAssembly kernels for whole synapse steps (forward and VJP), generated at load time by the
 * in-package encoder (no toolchain, no binary file), and the memory they work in.
 *
 * A {@link SynapseArena} is a block of WebAssembly memory holding the uploaded connectivity of
 * some pathways and `Float32Array`s handed out by {@link SynapseArena.float32}. When every
 * array of a {@link synapseForward} / {@link synapseBackward} call lives in one arena that has
 * the pathway, the call runs here instead of in JavaScript: the per-element work (release,
 * depletion, current update, their VJPs) in scalar float64 code, and the sparse products on
 * tiles of {@link SYNAPSE_TILE} samples stored sample-minor, with 128-bit SIMD (two float64
 * lanes per instruction):
 *
 * - scatter (forward): `Σ_j p_j·norm_jk` into float32, each addition computed in float64 and
 *   rounded to float32 — what `J[k] += p * w` does on a `Float32Array` in JavaScript;
 * - gather (backward): `gp_j = Σ_e norm_e·h_col(e)` in float64.
 *
 * Every operation is the JavaScript kernel's, in the same order and precision, so results are
 * bit-identical to the scalar path (tested). Without WebAssembly SIMD, or after
 * {@link setSynapseKernelsEnabled}(false), the arrays still work and the JavaScript path runs.
 */
export const SYNAPSE_TILE = 16;

/** A block of WebAssembly memory for synapse state; see the module documentation. */
export interface SynapseArena {
  /** A zero-filled `Float32Array` of `length` elements inside the arena. */
  float32(length: number): Float32Array;
  /** Bytes still available to {@link float32}. */
  readonly freeBytes: number;
  /** Synapse steps (forward or backward calls) run by the WebAssembly kernels so far: a check that the fast path is taken. */
  readonly kernelCalls: number;
}

/** Options of {@link createSynapseArena}. */
export interface SynapseArenaOptions {
  /** The pathways whose steps may run in the arena (their connectivity is uploaded once). */
  readonly pathways: readonly SynapsePathway[];
  /** Total `Float32Array` elements {@link SynapseArena.float32} will hand out. */
  readonly float32Elements: number;
}

/**
 * Create an arena, or return `null` when the platform lacks WebAssembly SIMD (callers then
 * allocate ordinary arrays).
 *
 * @throws {InvalidParameterError} for a negative or non-integer `float32Elements`.
 * @example
 *   const arena = createSynapseArena({ pathways: [p], float32Elements: 4 * batch * (p.nPre + p.nPost) });
 *   const state = { currentNa: arena!.float32(batch * p.nPost), resources: arena!.float32(batch * p.nPre).fill(1) };
 */
export function createSynapseArena(options: SynapseArenaOptions): SynapseArena | null {
  const n = options.float32Elements;
  if (!Number.isInteger(n) || n < 0) throw new InvalidParameterError({ parameter: 'float32Elements', value: n, expected: 'a non-negative integer' });
  const api = wasmApi();
  if (api === null) return null;
  const matrices = [...new Set(options.pathways.map((p) => p.weights))];
  const internal = RESERVED + matrices.reduce((acc, m) => acc + matrixBytes(m), 0);
  const userBytes = 4 * n + 64;
  const memory = new api.memory({ initial: Math.max(1, Math.ceil((internal + userBytes) / PAGE)) });
  const kernels = new api.instance(api.module, { env: { memory } }).exports;
  const buffer = memory.buffer;
  const i32 = new Int32Array(buffer);
  const f32 = new Float32Array(buffer);
  const f64 = new Float64Array(buffer);
  let top = RESERVED;
  const take = (bytes: number) => {
    const at = top;
    top += (bytes + 15) & ~15;
    return at;
  };
  const uploaded = new Map<CsrMatrix, MatrixInMemory>();
  for (const m of matrices) {
    const nonEmpty: number[] = [];
    for (let j = 0; j < m.nRows; j++) if (m.rowPtr[j + 1]! > m.rowPtr[j]!) nonEmpty.push(j);
    const hit = new Uint8Array(m.nCols);
    for (let e = 0; e < m.colIdx.length; e++) hit[m.colIdx[e]!] = 1;
    const received: number[] = [];
    for (let k = 0; k < m.nCols; k++) if (hit[k] === 1) received.push(k);
    const u: MatrixInMemory = {
      rowPtr: take(4 * (m.nRows + 1)),
      colIdx: take(4 * m.colIdx.length),
      values: take(4 * m.values.length),
      allRows: take(4 * m.nRows),
      allCols: take(4 * m.nCols),
      nonEmptyRows: take(4 * nonEmpty.length),
      receivedCols: take(4 * received.length),
      nNonEmpty: nonEmpty.length,
      nReceived: received.length,
      rowTile: take(8 * SYNAPSE_TILE * m.nRows),
      colTile: take(8 * SYNAPSE_TILE * m.nCols),
    };
    i32.set(m.rowPtr, u.rowPtr >> 2);
    i32.set(m.colIdx, u.colIdx >> 2);
    f32.set(m.values, u.values >> 2);
    for (let j = 0; j < m.nRows; j++) i32[(u.allRows >> 2) + j] = j;
    for (let k = 0; k < m.nCols; k++) i32[(u.allCols >> 2) + k] = k;
    i32.set(nonEmpty, u.nonEmptyRows >> 2);
    i32.set(received, u.receivedCols >> 2);
    uploaded.set(m, u);
  }
  const state: ArenaState = { buffer, f64, uploaded, forward: kernels.forward!, backward: kernels.backward!, calls: 0 };
  arenas.set(buffer, state);
  const arena: SynapseArena = {
    float32(length: number): Float32Array {
      if (!Number.isInteger(length) || length < 0) throw new InvalidParameterError({ parameter: 'length', value: length, expected: 'a non-negative integer' });
      const at = top;
      if (at + 4 * length > buffer.byteLength) {
        throw new InvalidParameterError({ parameter: 'length', value: length, expected: `at most ${Math.floor((buffer.byteLength - at) / 4)} more elements`, fix: 'Create the arena with a larger float32Elements.' });
      }
      top = at + 4 * length;
      return new Float32Array(buffer, at, length);
    },
    get freeBytes() {
      return buffer.byteLength - top;
    },
    get kernelCalls() {
      return state.calls;
    },
  };
  return arena;
}

let enabled = true;

/**
 * Turn the WebAssembly synapse kernels on or off for this thread (default on). Off, arrays of a
 * {@link SynapseArena} go through the JavaScript loops, with bit-identical results: for
 * benchmarking one against the other, or if WebAssembly misbehaves on a platform.
 *
 * @example
 *   setSynapseKernelsEnabled(false);
 */
export function setSynapseKernelsEnabled(on: boolean): void {
  enabled = on;
}

/** Whether this platform can run the WebAssembly synapse kernels (and they are enabled). */
export function synapseKernelsAvailable(): boolean {
  return enabled && wasmApi() !== null;
}

// ---------------------------------------------------------------------------------------------
// Dispatch from synapseForward / synapseBackward

/** Scalars of one synapse step. */
export interface SynapseStepScalars {
  readonly std: boolean;
  readonly U: number;
  readonly r: number;
  readonly alpha: number;
  readonly scale: number;
}

type Arr = Float32Array | Float64Array;

/** The arena holding `a`, if the kernels may run on it. */
function arenaOf(a: Arr): ArenaState | null {
  if (!enabled || !(a instanceof Float32Array)) return null;
  return arenas.get(a.buffer as ArrayBuffer) ?? null;
}
const inArena = (st: ArenaState, a: Arr | null): boolean => a === null || (a instanceof Float32Array && a.buffer === st.buffer);
const ptr = (a: Arr | null): number => (a === null ? 0 : a.byteOffset);
/** The uploaded connectivity of a pathway whose connected lists (if given) are the non-empty rows and received columns. */
function usable(st: ArenaState, pathway: SynapsePathway): MatrixInMemory | null {
  const m = st.uploaded.get(pathway.weights);
  if (m === undefined) return null;
  const c = pathway.connected;
  return c === undefined || (c.pre.length === m.nNonEmpty && c.post.length === m.nReceived) ? m : null;
}

/**
 * Run a synapse forward step in the arena of its arrays, if they all live in one that has the
 * pathway's connectivity. Returns false (nothing done) otherwise.
 */
export function arenaSynapseForward(
  pathway: SynapsePathway,
  c: SynapseStepScalars,
  spikes: Arr,
  x: Arr,
  xOut: Arr,
  I: Arr,
  J: Arr,
  xi: Arr | null,
  acc: Arr | null,
  connectedOnly: boolean,
): boolean {
  const st = arenaOf(J);
  if (st === null) return false;
  const m = usable(st, pathway);
  if (m === null || !inArena(st, spikes) || !inArena(st, x) || !inArena(st, xOut) || !inArena(st, I) || !inArena(st, xi) || !inArena(st, acc)) return false;
  const { nPre, nPost } = pathway;
  const batch = spikes.length / nPre;
  const rows = connectedOnly ? m.nonEmptyRows : m.allRows;
  const nRows = connectedOnly ? m.nNonEmpty : nPre;
  const cols = connectedOnly ? m.receivedCols : m.allCols;
  const nCols = connectedOnly ? m.nReceived : nPost;
  st.calls++;
  for (let b0 = 0; b0 < batch; b0 += SYNAPSE_TILE) {
    st.forward(
      m.rowPtr, m.colIdx, m.values, rows, nRows, cols, nCols, m.rowTile, m.colTile, nPre, nPost, b0, Math.min(SYNAPSE_TILE, batch - b0),
      ptr(spikes), ptr(x), ptr(xOut), ptr(I), ptr(J), ptr(xi), ptr(acc), c.std ? 1 : 0, c.U, c.r, c.alpha, c.scale,
    );
  }
  return true;
}

/** ∂ sums of the learnable scalars of one backward call, before the chain-rule factors. */
export interface SynapseGradSums {
  gLogS: number;
  gU: number;
  gR: number;
}

/**
 * Run a synapse VJP in the arena of its arrays (see {@link arenaSynapseForward}); on success
 * fills `sums` (Σ gp·p, Σ ∂/∂U, Σ ∂/∂r terms, accumulated in the JavaScript kernel's order) and
 * returns true.
 */
export function arenaSynapseBackward(
  pathway: SynapsePathway,
  c: SynapseStepScalars,
  spikes: Arr,
  x: Arr,
  xi: Arr | null,
  g1: Arr | null,
  g2: Arr | null,
  gXout: Arr | null,
  gIacc: Arr | null,
  gXacc: Arr | null,
  gSacc: Arr | null,
  connectedOnly: boolean,
  sums: SynapseGradSums,
): boolean {
  const st = arenaOf(spikes);
  if (st === null) return false;
  const m = usable(st, pathway);
  if (m === null || !inArena(st, x) || !inArena(st, xi) || !inArena(st, g1) || !inArena(st, g2) || !inArena(st, gXout) || !inArena(st, gIacc) || !inArena(st, gXacc) || !inArena(st, gSacc)) return false;
  const { nPre, nPost } = pathway;
  const batch = spikes.length / nPre;
  const rows = connectedOnly ? m.nonEmptyRows : m.allRows;
  const nRows = connectedOnly ? m.nNonEmpty : nPre;
  const cols = connectedOnly ? m.receivedCols : m.allCols;
  const nCols = connectedOnly ? m.nReceived : nPost;
  const f64 = st.f64;
  st.calls++;
  f64[SUMS >> 3] = 0;
  f64[(SUMS >> 3) + 1] = 0;
  f64[(SUMS >> 3) + 2] = 0;
  for (let b0 = 0; b0 < batch; b0 += SYNAPSE_TILE) {
    st.backward(
      m.rowPtr, m.colIdx, m.values, rows, nRows, cols, nCols, m.rowTile, m.colTile, nPre, nPost, b0, Math.min(SYNAPSE_TILE, batch - b0),
      ptr(spikes), ptr(x), ptr(xi), ptr(g1), ptr(g2), ptr(gXout), ptr(gIacc), ptr(gXacc), ptr(gSacc), c.std ? 1 : 0, c.U, c.r, c.alpha, c.scale,
    );
  }
  sums.gLogS = f64[SUMS >> 3]!;
  sums.gU = f64[(SUMS >> 3) + 1]!;
  sums.gR = f64[(SUMS >> 3) + 2]!;
  return true;
}

// ---------------------------------------------------------------------------------------------
// Memory and instantiation

interface MatrixInMemory {
  readonly rowPtr: number;
  readonly colIdx: number;
  readonly values: number;
  readonly allRows: number;
  readonly allCols: number;
  readonly nonEmptyRows: number;
  readonly receivedCols: number;
  readonly nNonEmpty: number;
  readonly nReceived: number;
  readonly rowTile: number;
  readonly colTile: number;
}
interface ArenaState {
  readonly buffer: ArrayBuffer;
  readonly f64: Float64Array;
  readonly uploaded: ReadonlyMap<CsrMatrix, MatrixInMemory>;
  readonly forward: (...args: number[]) => void;
  readonly backward: (...args: number[]) => void;
  calls: number;
}

const PAGE = 65536;
/** Bytes [0, 64) are never handed out (so a null array is pointer 0); the gradient sums live at 16. */
const RESERVED = 64;
const SUMS = 16;
const matrixBytes = (m: CsrMatrix) => {
  const r = (b: number) => (b + 15) & ~15;
  return r(4 * (m.nRows + 1)) + 2 * r(4 * m.colIdx.length) + 2 * r(4 * m.nRows) + 2 * r(4 * m.nCols) + r(8 * SYNAPSE_TILE * m.nRows) + r(8 * SYNAPSE_TILE * m.nCols);
};
const arenas = new WeakMap<ArrayBuffer, ArenaState>();

interface WasmApi {
  readonly memory: new (d: { initial: number }) => { readonly buffer: ArrayBuffer };
  readonly instance: new (module: object, imports: object) => { readonly exports: Record<string, (...args: number[]) => void> };
  readonly module: object;
}
let api: WasmApi | null | undefined;

function wasmApi(): WasmApi | null {
  if (api !== undefined) return api;
  api = null;
  const wa = (globalThis as unknown as { WebAssembly?: { validate(b: Uint8Array): boolean; Module: new (b: Uint8Array) => object; Memory: WasmApi['memory']; Instance: WasmApi['instance'] } }).WebAssembly;
  if (wa === undefined) return null;
  try {
    const bytes = encodeModule([forwardKernel(), backwardKernel(), scatterKernel(), gatherKernel()]);
    if (wa.validate(bytes)) api = { memory: wa.Memory, instance: wa.Instance, module: new wa.Module(bytes) };
  } catch {
    api = null;
  }
  return api;
}

// ---------------------------------------------------------------------------------------------
// Code generation (see wasm-builder.ts)

const I32 = ValType.i32;
const F64 = ValType.f64;
const V128 = ValType.v128;
const SPARSE_PARAMS = [
  ['rowPtr', I32],
  ['colIdx', I32],
  ['values', I32],
  ['rows', I32],
  ['nRows', I32],
  ['rowTile', I32],
  ['colTile', I32],
] as const;
const SCATTER = 2;
const GATHER = 3;
const PAIRS = SYNAPSE_TILE / 2;

/** Shared head of both sparse loops: for each listed row j, its entry range [e, end). */
function sparseRows(f: Fn, perRow: (rowBody: Code) => Code, perEntry: Code, afterEntries: Code): Code {
  const range = cat(f.set('p', iadd(f.get('rowPtr'), ishl(f.get('j'), 2))), f.set('e', ldi32(f.get('p'))), f.set('end', cat(f.get('p'), op.i32Load(4))));
  const entries = loop(f, 'e', f.get('e'), f.get('end'), perEntry);
  return loop(f, 'a', i32c(0), f.get('nRows'), cat(f.set('j', ldi32(iadd(f.get('rows'), ishl(f.get('a'), 2)))), perRow(cat(range, entries)), afterEntries));
}
function sparseFn(): Fn {
  const f = new Fn(SPARSE_PARAMS);
  for (const n of ['a', 'j', 'e', 'end', 'p']) f.declare(n, I32);
  f.declare('w', V128);
  for (let g = 0; g < PAIRS; g++) f.declare(`v${g}`, V128);
  return f;
}
/** addr = tile + index·stride; w = splat(f64(values[e])). */
const entryAt = (f: Fn, stride: number) =>
  cat(
    f.set('p', iadd(f.get('colTile'), imul(ldi32(iadd(f.get('colIdx'), ishl(f.get('e'), 2))), i32c(stride)))),
    f.set('w', cat(f.get('values'), f.get('e'), i32c(2), op.i32Shl, op.i32Add, op.f32Load(), op.f64PromoteF32, op.f64x2Splat)),
  );

/** Row tile (float64 p, `row × 16`) → column tile (float32 Σ, `k × 16`): J[k, lane] = f32(f64(J) + p·w). */
function scatterKernel(): WasmFunction {
  const f = sparseFn();
  const rowAddr = f.set('p', iadd(f.get('rowTile'), imul(f.get('a'), i32c(8 * SYNAPSE_TILE))));
  const loadP: number[] = [...rowAddr];
  for (let g = 0; g < PAIRS; g++) loadP.push(...f.set(`v${g}`, cat(f.get('p'), op.v128Load(16 * g))));
  const any: number[] = [...f.get('v0')];
  for (let g = 1; g < PAIRS; g++) any.push(...f.get(`v${g}`), ...op.v128Or);
  any.push(...op.v128AnyTrue);
  const update: number[] = [...entryAt(f, 4 * SYNAPSE_TILE)];
  for (let g = 0; g < PAIRS; g++) {
    update.push(...f.get('p'), ...f.get('p'), ...op.v128Load64Zero(8 * g), ...op.f64x2PromoteLowF32x4, ...f.get(`v${g}`), ...f.get('w'), ...op.f64x2Mul, ...op.f64x2Add, ...op.f32x4DemoteF64x2Zero, ...op.v128Store64Lane(8 * g, 0));
  }
  // rows whose 16 release values are all +0 add nothing (J ≥ +0 throughout): skip them
  return f.build(null, [sparseRows(f, (rowBody) => cat(loadP, when(any, rowBody)), update, [])]);
}

/** Column tile (float64 h, `k × 16`) → row tile (float64 gp, `row × 16`), accumulating in entry order. */
function gatherKernel(): WasmFunction {
  const f = sparseFn();
  const zero: number[] = [];
  for (let g = 0; g < PAIRS; g++) zero.push(...f.set(`v${g}`, op.v128Zero));
  const update: number[] = [...entryAt(f, 8 * SYNAPSE_TILE)];
  for (let g = 0; g < PAIRS; g++) update.push(...f.set(`v${g}`, cat(f.get(`v${g}`), f.get('w'), f.get('p'), op.v128Load(16 * g), op.f64x2Mul, op.f64x2Add)));
  const store: number[] = [...f.set('p', iadd(f.get('rowTile'), imul(f.get('a'), i32c(8 * SYNAPSE_TILE))))];
  for (let g = 0; g < PAIRS; g++) store.push(...f.get('p'), ...f.get(`v${g}`), ...op.v128Store(16 * g));
  return f.build(null, [sparseRows(f, (rowBody) => cat(zero, rowBody), update, store)]);
}

const STEP_PARAMS = [
  ['rowPtr', I32],
  ['colIdx', I32],
  ['values', I32],
  ['rows', I32],
  ['nRows', I32],
  ['cols', I32],
  ['nCols', I32],
  ['rowTile', I32],
  ['colTile', I32],
  ['nPre', I32],
  ['nPost', I32],
  ['b0', I32],
  ['lanes', I32],
] as const;

/** Element address `base + 4·(offset + list[i])` and friends. */
const listed = (f: Fn, list: string, i: string) => ldi32(iadd(f.get(list), ishl(f.get(i), 2)));
const el = (f: Fn, base: string) => iadd(f.get(base), f.get('idx4'));
const tileAt = (f: Fn, tile: string, index: string, bytes: number) => iadd(f.get(tile), ishl(iadd(ishl(f.get(index), 4), f.get('lane')), bytes === 8 ? 3 : 2));

/**
 * One forward step on a tile of samples [b0, b0 + lanes): release and depletion per listed row
 * into the row tile, the scatter, then I' = α·I + S·Σ·(1 + ξ) and acc += I' per listed column.
 */
function forwardKernel(): WasmFunction {
  const f = new Fn([...STEP_PARAMS, ['spikes', I32], ['x', I32], ['xOut', I32], ['I', I32], ['J', I32], ['xi', I32], ['acc', I32], ['std', I32], ['U', F64], ['r', F64], ['alpha', F64], ['scale', F64]]);
  for (const n of ['lane', 'a', 'c', 'k', 'j', 'base', 'idx4']) f.declare(n, I32);
  for (const n of ['s', 'x0', 'x1', 'cl', 'p', 'v']) f.declare(n, F64);
  const x1 = fsub(f64c(1), fmul(fsub(f64c(1), f.get('x0')), f.get('r')));
  const clip = select(f64c(0), select(f64c(1), f.get('s'), cat(f.get('s'), f64c(1), op.f64Gt)), cat(f.get('s'), f64c(0), op.f64Lt));
  const releaseRow = cat(
    f.set('j', listed(f, 'rows', 'a')),
    f.set('idx4', ishl(iadd(f.get('base'), f.get('j')), 2)),
    f.set('s', ldf32(el(f, 'spikes'))),
    ifElse(
      f.get('std'),
      cat(
        f.set('x0', ldf32(el(f, 'x'))),
        f.set('x1', x1),
        f.set('cl', clip),
        stf32(el(f, 'xOut'), fmul(f.get('x1'), fsub(f64c(1), fmul(f.get('U'), f.get('cl'))))),
        f.set('p', fmul(fmul(f.get('s'), f.get('U')), f.get('x1'))),
      ),
      cat(el(f, 'xOut'), el(f, 'x'), op.f32Load(), op.f32Store(), f.set('p', f.get('s'))),
    ),
    stf64(tileAt(f, 'rowTile', 'a', 8), f.get('p')),
  );
  const releaseAll = loop(
    f,
    'lane',
    i32c(0),
    i32c(SYNAPSE_TILE),
    ifElse(
      ilt(f.get('lane'), f.get('lanes')),
      cat(f.set('base', imul(iadd(f.get('b0'), f.get('lane')), f.get('nPre'))), loop(f, 'a', i32c(0), f.get('nRows'), releaseRow)),
      loop(f, 'a', i32c(0), f.get('nRows'), stf64(tileAt(f, 'rowTile', 'a', 8), f64c(0))),
    ),
  );
  const sum = ldf32(tileAt(f, 'colTile', 'k', 4));
  const noisy = fadd(fmul(f.get('alpha'), ldf32(el(f, 'I'))), fmul(fmul(f.get('scale'), sum), fadd(f64c(1), ldf32(el(f, 'xi')))));
  const clean = fadd(fmul(f.get('alpha'), ldf32(el(f, 'I'))), fmul(f.get('scale'), sum));
  const updateCol = cat(
    f.set('k', listed(f, 'cols', 'c')),
    f.set('idx4', ishl(iadd(f.get('base'), f.get('k')), 2)),
    stf32(el(f, 'J'), select(noisy, clean, f.get('xi'))),
    when(f.get('acc'), stf32(el(f, 'acc'), fadd(ldf32(el(f, 'acc')), ldf32(el(f, 'J'))))),
  );
  const updateAll = loop(f, 'lane', i32c(0), f.get('lanes'), cat(f.set('base', imul(iadd(f.get('b0'), f.get('lane')), f.get('nPost'))), loop(f, 'c', i32c(0), f.get('nCols'), updateCol)));
  const zeroCols = cat(f.get('colTile'), i32c(0), imul(f.get('nPost'), i32c(4 * SYNAPSE_TILE)), op.memoryFill);
  const scatter = cat(f.get('rowPtr'), f.get('colIdx'), f.get('values'), f.get('rows'), f.get('nRows'), f.get('rowTile'), f.get('colTile'), op.call(SCATTER));
  return f.build('forward', [releaseAll, zeroCols, scatter, updateAll]);
}

/**
 * The VJP on a tile: h = S·(g1 + g2)·(1 + ξ) per listed column (gI += α·gt), the gather, then
 * per listed row the spike, resource and parameter terms (sums read from and written back to
 * address 16, so tiles accumulate in sample order).
 */
function backwardKernel(): WasmFunction {
  const f = new Fn([
    ...STEP_PARAMS,
    ['spikes', I32],
    ['x', I32],
    ['xi', I32],
    ['g1', I32],
    ['g2', I32],
    ['gXout', I32],
    ['gI', I32],
    ['gX', I32],
    ['gS', I32],
    ['std', I32],
    ['U', F64],
    ['r', F64],
    ['alpha', F64],
    ['scale', F64],
  ]);
  for (const n of ['lane', 'a', 'c', 'k', 'j', 'base', 'idx4', 'inClip']) f.declare(n, I32);
  for (const n of ['gt', 's', 'x0', 'x1', 'cl', 'gp', 'gx2', 'gx1', 'gLogS', 'gU', 'gR']) f.declare(n, F64);
  // 1. h into the column tile
  const gt = select(fadd(ldf32(el(f, 'g1')), ldf32(el(f, 'g2'))), ldf32(el(f, 'g1')), f.get('g2'));
  const hCol = cat(
    f.set('k', listed(f, 'cols', 'c')),
    f.set('idx4', ishl(iadd(f.get('base'), f.get('k')), 2)),
    f.set('gt', gt),
    when(f.get('gI'), stf32(el(f, 'gI'), fadd(ldf32(el(f, 'gI')), fmul(f.get('alpha'), f.get('gt'))))),
    stf64(tileAt(f, 'colTile', 'k', 8), select(fmul(fmul(f.get('scale'), f.get('gt')), fadd(f64c(1), ldf32(el(f, 'xi')))), fmul(f.get('scale'), f.get('gt')), f.get('xi'))),
  );
  const hAll = loop(
    f,
    'lane',
    i32c(0),
    i32c(SYNAPSE_TILE),
    ifElse(
      ilt(f.get('lane'), f.get('lanes')),
      cat(f.set('base', imul(iadd(f.get('b0'), f.get('lane')), f.get('nPost'))), loop(f, 'c', i32c(0), f.get('nCols'), hCol)),
      loop(f, 'c', i32c(0), f.get('nCols'), cat(f.set('k', listed(f, 'cols', 'c')), stf64(tileAt(f, 'colTile', 'k', 8), f64c(0)))),
    ),
  );
  const gather = cat(f.get('rowPtr'), f.get('colIdx'), f.get('values'), f.get('rows'), f.get('nRows'), f.get('rowTile'), f.get('colTile'), op.call(GATHER));
  // 2. per listed row
  const emptyRow = cat(ldi32(iadd(f.get('rowPtr'), ishl(f.get('j'), 2))), ldi32(iadd(f.get('rowPtr'), ishl(iadd(f.get('j'), i32c(1)), 2))), op.i32Eq);
  const skip = cat(f.get('gx2'), f64c(0), op.f64Eq, f.get('gp'), f64c(0), op.f64Eq, op.i32And, emptyRow, op.i32And);
  const x1 = fsub(f64c(1), fmul(fsub(f64c(1), f.get('x0')), f.get('r')));
  const clip = select(f64c(0), select(f64c(1), f.get('s'), cat(f.get('s'), f64c(1), op.f64Gt)), cat(f.get('s'), f64c(0), op.f64Lt));
  const stdTerms = cat(
    f.set('x0', ldf32(el(f, 'x'))),
    f.set('x1', x1),
    f.set('inClip', cat(f.get('s'), f64c(0), op.f64Ge, f.get('s'), f64c(1), op.f64Le, op.i32And)),
    f.set('cl', clip),
    // gLogS += gp·s·U·x1
    f.set('gLogS', fadd(f.get('gLogS'), fmul(fmul(fmul(f.get('gp'), f.get('s')), f.get('U')), f.get('x1')))),
    // gS += gp·U·x1 − (inClip ? gx'·x1·U : 0)
    when(f.get('gS'), stf32(el(f, 'gS'), fadd(ldf32(el(f, 'gS')), fsub(fmul(fmul(f.get('gp'), f.get('U')), f.get('x1')), select(fmul(fmul(f.get('gx2'), f.get('x1')), f.get('U')), f64c(0), f.get('inClip')))))),
    // gU += gp·s·x1 − gx'·x1·c
    f.set('gU', fadd(f.get('gU'), fsub(fmul(fmul(f.get('gp'), f.get('s')), f.get('x1')), fmul(fmul(f.get('gx2'), f.get('x1')), f.get('cl'))))),
    // gx1 = gp·s·U + gx'·(1 − U·c)
    f.set('gx1', fadd(fmul(fmul(f.get('gp'), f.get('s')), f.get('U')), fmul(f.get('gx2'), fsub(f64c(1), fmul(f.get('U'), f.get('cl')))))),
    when(f.get('gX'), stf32(el(f, 'gX'), fadd(ldf32(el(f, 'gX')), fmul(f.get('r'), f.get('gx1'))))),
    // gR −= gx1·(1 − x0)
    f.set('gR', fsub(f.get('gR'), fmul(f.get('gx1'), fsub(f64c(1), f.get('x0'))))),
  );
  const plainTerms = cat(
    f.set('gLogS', fadd(f.get('gLogS'), fmul(f.get('gp'), f.get('s')))),
    when(f.get('gS'), stf32(el(f, 'gS'), fadd(ldf32(el(f, 'gS')), f.get('gp')))),
    when(f.get('gX'), stf32(el(f, 'gX'), fadd(ldf32(el(f, 'gX')), f.get('gx2')))),
  );
  const row = cat(
    f.set('j', listed(f, 'rows', 'a')),
    f.set('idx4', ishl(iadd(f.get('base'), f.get('j')), 2)),
    f.set('gx2', select(ldf32(el(f, 'gXout')), f64c(0), f.get('gXout'))),
    f.set('gp', select(ldf64(tileAt(f, 'rowTile', 'a', 8)), f64c(0), f.get('g1'))),
    skip,
    op.i32Eqz,
    op.if,
    f.set('s', ldf32(el(f, 'spikes'))),
    ifElse(f.get('std'), stdTerms, plainTerms),
    op.end,
  );
  const rowsAll = loop(f, 'lane', i32c(0), f.get('lanes'), cat(f.set('base', imul(iadd(f.get('b0'), f.get('lane')), f.get('nPre'))), loop(f, 'a', i32c(0), f.get('nRows'), row)));
  const loadSums = cat(f.set('gLogS', ldf64(i32c(SUMS))), f.set('gU', ldf64(i32c(SUMS + 8))), f.set('gR', ldf64(i32c(SUMS + 16))));
  const storeSums = cat(stf64(i32c(SUMS), f.get('gLogS')), stf64(i32c(SUMS + 8), f.get('gU')), stf64(i32c(SUMS + 16), f.get('gR')));
  return f.build('backward', [when(f.get('g1'), cat(hAll, gather)), loadSums, rowsAll, storeSums]);
}
