import type { CsrMatrix } from '../sparse/csr-matrix';
import { ValType, encodeModule } from './wasm-encoder';
import type { WasmFunction } from './wasm-encoder';
import { InvalidParameterError } from '../errors/invalid-parameter-error';
import { KernelFallbackError } from '../errors/kernel-fallback-error';
import type { SynapsePathway } from '../synapse/synapse-pathway';
import { synapseConnectedIndices } from '../synapse/synapse-pathway';
import type { LifNoise, LifParams, LifState, LifStepOutput } from '../lif/lif-params';
import type { TwoCompartmentNoise, TwoCompartmentParams, TwoCompartmentState, TwoCompartmentStepOutput } from '../two-compartment/two-compartment-params';
import type { SpikeFunction } from '../spike/spike-function';
import { NORMAL_RUNS, NORMAL_RUN_SLOTS, PARAMS, PARAM_SLOTS, POW2, RESERVED, SUMS, SYNAPSE_TILE, XOSHIRO4, ZIG_F, ZIG_K, ZIG_W } from './kernel-layout';
import { normals4Kernel, slowLaneKernel } from './normal-kernels';
import { BlockRng } from '../random/block-rng';
import { ZIGGURAT_F, ZIGGURAT_K, ZIGGURAT_W } from '../random/ziggurat-tables';
import {
  bipartiteBackwardKernel,
  bipartiteForwardKernel,
  couplingKernel,
  gatherKernel,
  gradedBackwardKernel,
  gradedForwardKernel,
  scatterKernel,
  synapseBackwardKernel,
  synapseForwardKernel,
} from './synapse-kernels';
import type { GradedCoupling } from '../graded/graded-coupling';
import type { GapJunctionMask } from '../gap/gap-junction';
import { expKernel, twoCompartmentBackwardKernel, twoCompartmentForwardKernel, lifBackwardKernel, lifForwardKernel } from './neuron-kernels';
import { expPairsKernel, lifForwardSimdKernel, twoCompartmentForwardSimdKernel } from './neuron-simd-kernels';
import { VECTOR_KERNELS, vectorKernels } from './vector-kernels';
import type { LifBackwardGrads, LifStepGradients } from '../lif/lif-step';
import type { TwoCompartmentBackwardGrads, TwoCompartmentStepGradients } from '../two-compartment/two-compartment-step';
import { lifStepCoefficients } from '../lif/lif-step-coefficients';
import { twoCompartmentDriveCoefficients } from '../two-compartment/two-compartment-coefficients';

export { SYNAPSE_TILE } from './kernel-layout';

/**
 * WebAssembly kernels, generated at load time by the in-package encoder (no toolchain, no
 * binary file), and the memory they work in.
 *
 * A {@link KernelArena} is a block of WebAssembly memory holding the uploaded connectivity of
 * some pathways and the typed arrays handed out by {@link KernelArena.float32} /
 * {@link KernelArena.uint8}. When every array of a kernel call lives in one arena, the call runs
 * here instead of in JavaScript:
 *
 * - `synapseForward` / `synapseBackward` (for a pathway the arena holds): the per-element work
 *   (release, depletion, current update, their VJPs) in scalar float64 code, and the sparse
 *   products on tiles of {@link SYNAPSE_TILE} samples stored sample-minor, with 128-bit SIMD
 *   (two float64 lanes per instruction);
 * - the kernels of {@link KernelExtension}s given at creation (a package above this one adds its
 *   own primitives' kernels this way, on the same memory: `@olfactory/model`'s APL step);
 * - `gradedCouplingForward` / `gradedCouplingBackward` (for a coupling the arena holds), with the
 *   SIMD scatter and gather;
 * - the gap junctions (`gapJunctionForward` / `gapJunctionBackward` with the SIMD gather,
 *   `bipartiteGapJunctionForward` / `…Backward` sample by sample, for masks the arena holds);
 * - `lifForward`, `twoCompartmentForward` and their VJPs: the neuron updates, with the soft-spike
 *   exponential computed inline (fdlibm's algorithm, the value of V8's `Math.exp` bit for bit).
 *
 * The sparse products:
 *
 * - scatter (forward): `Σ_j p_j·norm_jk` into float32, each addition computed in float64 and
 *   rounded to float32 — what `J[k] += p * w` does on a `Float32Array` in JavaScript;
 * - gather (backward): `gp_j = Σ_e norm_e·h_col(e)` in float64.
 *
 * Every operation is the JavaScript kernel's, in the same order and precision, so results are
 * bit-identical to the scalar path (tested). Without WebAssembly SIMD {@link createKernelArena}
 * returns `null` (use ordinary arrays); after {@link setWasmKernelsEnabled}(false) an arena's
 * arrays still work and the JavaScript path runs.
 */

/** A block of WebAssembly memory for kernel state; see the module documentation. */
export interface KernelArena {
  /** A zero-filled `Float32Array` of `length` elements inside the arena. */
  float32(length: number): Float32Array;
  /** A zero-filled `Uint8Array` (spike flags) of `length` elements inside the arena. */
  uint8(length: number): Uint8Array;
  /** Bytes still available. */
  readonly freeBytes: number;
  /** Kernel calls (synapse, LIF or KC steps) run in WebAssembly so far: a check that the fast path is taken. */
  readonly kernelCalls: number;
  /**
   * Calls on this arena's arrays that could not take the fast path and ran in JavaScript, counted
   * by reason (an input allocated elsewhere, connectivity not given at creation, more neurons than
   * the kernels' parameter slots). Empty when every call took the fast path. With
   * `onFallback: 'throw'` such a call throws instead.
   */
  readonly kernelFallbacks: ReadonlyMap<string, number>;
}

/** Options of {@link createKernelArena}. */
export interface KernelArenaOptions {
  /** The pathways whose steps may run in the arena (their connectivity is uploaded once). Default none. */
  readonly pathways?: readonly SynapsePathway[];
  /** Gap-junction masks (symmetric or bipartite) whose coupling may run in the arena. Default none. */
  readonly gapJunctions?: readonly GapJunctionMask[];
  /** Graded KC–KC couplings that may run in the arena. Default none. */
  readonly gradedCouplings?: readonly GradedCoupling[];
  /** Further connectivity to upload, for the kernels of {@link KernelArenaOptions.extensions}. Default none. */
  readonly matrices?: readonly CsrMatrix[];
  /** Kernel modules of primitives defined outside this package, instantiated on the arena's memory. Default none. */
  readonly extensions?: readonly KernelExtension[];
  /** Total `Float32Array` elements {@link KernelArena.float32} will hand out. */
  readonly float32Elements: number;
  /** Total `Uint8Array` elements {@link KernelArena.uint8} will hand out. Default 0. */
  readonly uint8Elements?: number;
  /**
   * What a call on this arena's arrays that cannot take the fast path does: `'count'` (default)
   * runs it in JavaScript and counts it in {@link KernelArena.kernelFallbacks}; `'throw'` throws
   * a {@link KernelFallbackError} naming the reason.
   */
  readonly onFallback?: 'count' | 'throw';
}

/**
 * Create an arena, or return `null` when the platform lacks WebAssembly SIMD (callers then
 * allocate ordinary arrays).
 *
 * @throws {InvalidParameterError} for a negative or non-integer element count.
 * @example
 *   const arena = createKernelArena({ pathways: [p], float32Elements: 4 * batch * (p.nPre + p.nPost) });
 *   const state = { currentNa: arena!.float32(batch * p.nPost), resources: arena!.float32(batch * p.nPre).fill(1) };
 */
export function createKernelArena(options: KernelArenaOptions): KernelArena | null {
  const n = options.float32Elements;
  const n8 = options.uint8Elements ?? 0;
  if (!Number.isInteger(n) || n < 0) throw new InvalidParameterError({ parameter: 'float32Elements', value: n, expected: 'a non-negative integer' });
  if (!Number.isInteger(n8) || n8 < 0) throw new InvalidParameterError({ parameter: 'uint8Elements', value: n8, expected: 'a non-negative integer' });
  const api = wasmApi();
  if (api === null) return null;
  const gaps = options.gapJunctions ?? [];
  const matrices = [...new Set([...(options.pathways ?? []).map((p) => p.weights), ...gaps.map((g) => g.mask), ...(options.gradedCouplings ?? []).map((g) => g.weights), ...(options.matrices ?? [])])];
  const internal = RESERVED + matrices.reduce((acc, m) => acc + matrixBytes(m), 0) + gaps.reduce((acc, g) => acc + 8 * (g.rowSums.length + g.colSums.length) + 32, 0);
  const userBytes = 4 * n + n8 + 64;
  const memory = new api.memory({ initial: Math.max(1, Math.ceil((internal + userBytes) / PAGE)) });
  const buffer = memory.buffer;
  const i32 = new Int32Array(buffer);
  const f32 = new Float32Array(buffer);
  const f64 = new Float64Array(buffer);
  // the base-strip tail of the four-lane normal sampler: continue lane L's generator in JavaScript
  const slowGen = new BlockRng();
  const lanes = XOSHIRO4 >> 2;
  const slow = (L: number, b: number, j: number): number => {
    slowGen.setState(i32[lanes + L]!, i32[lanes + 4 + L]!, i32[lanes + 8 + L]!, i32[lanes + 12 + L]!);
    const x = slowGen.zigguratSlowPath(b, j);
    i32[lanes + L] = slowGen.s0;
    i32[lanes + 4 + L] = slowGen.s1;
    i32[lanes + 8 + L] = slowGen.s2;
    i32[lanes + 12 + L] = slowGen.s3;
    return x;
  };
  const kernels = new api.instance(api.module, { env: { memory, exp: Math.exp, slow } }).exports;
  i32.set(ZIGGURAT_K, ZIG_K >> 2);
  f64.set(ZIGGURAT_W, ZIG_W >> 3);
  f64.set(ZIGGURAT_F, ZIG_F >> 3);
  for (let i = 0, p = 1; i <= 1024; i++, p *= 2) f64[(POW2 >> 3) + 1024 + i] = p;
  for (let i = 1, p = 0.5; i <= 1024; i++, p *= 0.5) f64[(POW2 >> 3) + 1024 - i] = p;
  let top = RESERVED;
  const take = (bytes: number) => {
    const at = top;
    top += (bytes + 15) & ~15;
    return at;
  };
  const uploaded = new Map<CsrMatrix, MatrixInMemory>();
  for (const m of matrices) {
    const { pre: nonEmpty, post: received } = synapseConnectedIndices(m);
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
  // per mask: its row sums (the degrees of a symmetric mask) and column sums, float64
  const degrees = new Map<GapJunctionMask, number>();
  const colSums = new Map<GapJunctionMask, number>();
  for (const g of gaps) {
    const at = take(8 * g.rowSums.length);
    f64.set(g.rowSums, at >> 3);
    degrees.set(g, at);
    const atC = take(8 * g.colSums.length);
    f64.set(g.colSums, atC >> 3);
    colSums.set(g, atC);
  }
  const state: ArenaState = {
    buffer,
    f64,
    uploaded,
    synapseForward: kernels.synapseForward!,
    synapseBackward: kernels.synapseBackward!,
    synapseForwardFull: kernels.synapseForwardFull!,
    lifBackwardFull: kernels.lifBackwardFull as (...args: number[]) => number,
    twoCompartmentBackwardFull: kernels.twoCompartmentBackwardFull as (...args: number[]) => number,
    synapseBackwardFull: kernels.synapseBackwardFull!,
    lifForward: kernels.lifForward!,
    twoCompartmentForward: kernels.twoCompartmentForward!,
    lifForwardSimd: kernels.lifForwardSimd!,
    twoCompartmentForwardSimd: kernels.twoCompartmentForwardSimd!,
    expPairs: kernels.expPairs!,
    vec: Object.fromEntries(VECTOR_KERNELS.map((k) => [k, kernels[k]!])) as ArenaState['vec'],
    exp: kernels.exp as (x: number) => number,
    coupling: kernels.coupling as (...args: number[]) => number,
    lifBackward: kernels.lifBackward as (...args: number[]) => number,
    twoCompartmentBackward: kernels.twoCompartmentBackward as (...args: number[]) => number,
    gradedForward: kernels.gradedForward!,
    gradedBackward: kernels.gradedBackward as (...args: number[]) => number,
    extensions: new Map((options.extensions ?? []).map((e) => [e, instantiateExtension(e, memory)])),
    degrees,
    colSums,
    bipartiteForward: kernels.bipartiteForward!,
    bipartiteBackward: kernels.bipartiteBackward as (...args: number[]) => number,
    normals4: kernels.normals4!,
    i32,
    calls: 0,
    fallbacks: new Map(),
    strict: options.onFallback === 'throw',
  };
  arenas.set(buffer, state);
  // float32 arrays from the bottom of the user space, uint8 arrays from the top
  let bottom = buffer.byteLength;
  const room = (bytes: number, length: number, what: string) => {
    if (!Number.isInteger(length) || length < 0) throw new InvalidParameterError({ parameter: 'length', value: length, expected: 'a non-negative integer' });
    if (bytes > bottom - top) {
      throw new InvalidParameterError({ parameter: 'length', value: length, expected: `at most ${bottom - top} more bytes`, fix: `Create the arena with a larger ${what}.` });
    }
  };
  const arena: KernelArena = {
    float32(length: number): Float32Array {
      room(4 * length, length, 'float32Elements');
      const at = top;
      top += 4 * length;
      return new Float32Array(buffer, at, length);
    },
    uint8(length: number): Uint8Array {
      room(length, length, 'uint8Elements');
      bottom -= length;
      return new Uint8Array(buffer, bottom, length);
    },
    get freeBytes() {
      return bottom - top;
    },
    get kernelCalls() {
      return state.calls;
    },
    get kernelFallbacks() {
      return state.fallbacks;
    },
  };
  return arena;
}

let enabled = true;

/**
 * Turn the WebAssembly kernels on or off for this thread (default on). Off, arrays of a
 * {@link KernelArena} go through the JavaScript loops, with bit-identical results: for
 * benchmarking one against the other, or if WebAssembly misbehaves on a platform.
 *
 * @example
 *   setWasmKernelsEnabled(false);
 */
export function setWasmKernelsEnabled(on: boolean): void {
  enabled = on;
}

/** Whether `array` lives in a kernel arena and the kernels are enabled (so calls on it run in WebAssembly). */
export function inKernelArena(array: Float32Array | Float64Array): boolean {
  return arenaOf(array) !== null;
}

/** Whether this platform can run the WebAssembly kernels (and they are enabled). */
export function wasmKernelsAvailable(): boolean {
  return enabled && wasmApi() !== null;
}

// ---------------------------------------------------------------------------------------------
// Dispatch from synapseForward / synapseBackward

/** Scalars of one synapse step. */
export interface SynapseStepScalars {
  readonly depression: boolean;
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
/** The row and column lists a synapse kernel visits: all, or the connected ones. */
const visited = (m: MatrixInMemory, pathway: SynapsePathway, connectedOnly: boolean) =>
  connectedOnly ? { rows: m.nonEmptyRows, nRows: m.nNonEmpty, cols: m.receivedCols, nCols: m.nReceived } : { rows: m.allRows, nRows: pathway.nPre, cols: m.allCols, nCols: pathway.nPost };

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
export function arenaSynapseForward(pathway: SynapsePathway, c: SynapseStepScalars, spikes: Arr, x: Arr, xOut: Arr, I: Arr, J: Arr, xi: Arr | null, acc: Arr | null, connectedOnly: boolean): boolean {
  const st = arenaOf(J);
  if (st === null) return false;
  const m = usable(st, pathway);
  if (m === null || !inArena(st, spikes) || !inArena(st, x) || !inArena(st, xOut) || !inArena(st, I) || !inArena(st, xi) || !inArena(st, acc))
    return fallback(st, `arenaSynapseForward: an array outside this arena, or connectivity not uploaded to it`, false);
  const { nPre, nPost } = pathway;
  const batch = spikes.length / nPre;
  const { rows, nRows, cols, nCols } = visited(m, pathway, connectedOnly);
  st.calls++;
  // noise given and a depressing synapse: the kernel without per-element tests of them
  const kernel = c.depression && xi !== null ? st.synapseForwardFull : st.synapseForward;
  for (let b0 = 0; b0 < batch; b0 += SYNAPSE_TILE) {
    kernel(
      m.rowPtr,
      m.colIdx,
      m.values,
      rows,
      nRows,
      cols,
      nCols,
      m.rowTile,
      m.colTile,
      nPre,
      nPost,
      b0,
      Math.min(SYNAPSE_TILE, batch - b0),
      ptr(spikes),
      ptr(x),
      ptr(xOut),
      ptr(I),
      ptr(J),
      ptr(xi),
      ptr(acc),
      c.depression ? 1 : 0,
      c.U,
      c.r,
      c.alpha,
      c.scale,
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
  if (m === null || !inArena(st, x) || !inArena(st, xi) || !inArena(st, g1) || !inArena(st, g2) || !inArena(st, gXout) || !inArena(st, gIacc) || !inArena(st, gXacc) || !inArena(st, gSacc))
    return fallback(st, `arenaSynapseBackward: an array outside this arena, or connectivity not uploaded to it`, false);
  const { nPre, nPost } = pathway;
  const batch = spikes.length / nPre;
  const { rows, nRows, cols, nCols } = visited(m, pathway, connectedOnly);
  const f64 = st.f64;
  st.calls++;
  f64[SUMS >> 3] = 0;
  f64[(SUMS >> 3) + 1] = 0;
  f64[(SUMS >> 3) + 2] = 0;
  // every optional input given, a depressing synapse, connected rows only: the kernel without per-element tests
  const full = c.depression && connectedOnly && xi !== null && g1 !== null && g2 !== null && gXout !== null && gIacc !== null && gXacc !== null && gSacc !== null;
  const kernel = full ? st.synapseBackwardFull : st.synapseBackward;
  for (let b0 = 0; b0 < batch; b0 += SYNAPSE_TILE) {
    kernel(
      m.rowPtr,
      m.colIdx,
      m.values,
      rows,
      nRows,
      cols,
      nCols,
      m.rowTile,
      m.colTile,
      nPre,
      nPost,
      b0,
      Math.min(SYNAPSE_TILE, batch - b0),
      ptr(spikes),
      ptr(x),
      ptr(xi),
      ptr(g1),
      ptr(g2),
      ptr(gXout),
      ptr(gIacc),
      ptr(gXacc),
      ptr(gSacc),
      c.depression ? 1 : 0,
      c.U,
      c.r,
      c.alpha,
      c.scale,
    );
  }
  sums.gLogS = f64[SUMS >> 3]!;
  sums.gU = f64[(SUMS >> 3) + 1]!;
  sums.gR = f64[(SUMS >> 3) + 2]!;
  return true;
}

let expArena: ArenaState | null | undefined;
/**
 * The kernels' inline e^x (for tests: it must equal `Math.exp` bit for bit), or `null` without
 * WebAssembly.
 */
export function kernelExp(): ((x: number) => number) | null {
  if (expArena === undefined) {
    const a = createKernelArena({ float32Elements: 0 });
    expArena = a === null ? null : (arenas.get(a.float32(0).buffer as ArrayBuffer) ?? null);
  }
  return expArena?.exp ?? null;
}

/**
 * Run element-wise kernel `name` of `vector-kernels.ts` on `arrays` (its array arguments, in
 * order) if they are float32 arrays of one arena with the same length; false (nothing done)
 * otherwise. Internal: `vector-ops.ts` holds the public functions.
 */
export function arenaVectorKernel(name: (typeof VECTOR_KERNELS)[number], arrays: readonly Arr[]): boolean {
  const st = arenaOf(arrays[0]!);
  if (st === null) return false;
  const n = arrays[0]!.length;
  for (let k = 1; k < arrays.length; k++) if (!(arrays[k] instanceof Float32Array) || arrays[k]!.buffer !== st.buffer || arrays[k]!.length !== n) return false;
  const fn = st.vec[name];
  switch (arrays.length) {
    case 2:
      fn(arrays[0]!.byteOffset, arrays[1]!.byteOffset, n);
      break;
    case 3:
      fn(arrays[0]!.byteOffset, arrays[1]!.byteOffset, arrays[2]!.byteOffset, n);
      break;
    default:
      fn(arrays[0]!.byteOffset, arrays[1]!.byteOffset, arrays[2]!.byteOffset, arrays[3]!.byteOffset, arrays[4]!.byteOffset, n);
  }
  return true;
}

/**
 * The two-lane exponential of the f64x2 neuron kernels, for checking it against `Math.exp`:
 * e^x of every element of `xs` (even length), computed two at a time; `null` without
 * WebAssembly SIMD.
 */
export function kernelExpPairs(): ((xs: Float64Array) => Float64Array) | null {
  const exp = kernelExp();
  if (exp === null || expArena === null || expArena === undefined) return null;
  return (xs) => {
    const arena = createKernelArena({ float32Elements: 2 * xs.length + 4 })!;
    const st = arenas.get(arena.float32(0).buffer as ArrayBuffer)!;
    const at = (arena.float32(2 * xs.length + 4).byteOffset + 15) & ~15;
    st.f64.set(xs, at >> 3);
    st.expPairs(at, xs.length >> 1);
    return st.f64.slice(at >> 3, (at >> 3) + xs.length);
  };
}

/**
 * The symmetric coupling operator of `applyCoupling` in the arena of its arrays (see
 * gap-junction.ts), if they all live in one that holds the mask: returns Σ y·dot (0 without
 * `dot`), or `null` (nothing done).
 */
export function arenaCoupling(mask: GapJunctionMask, cg: number, x: Arr, out: Arr, accumulate: boolean, dot: Arr | null): number | null {
  const st = arenaOf(out);
  if (st === null) return null;
  const deg = st.degrees.get(mask);
  const m = st.uploaded.get(mask.mask);
  if (deg === undefined || m === undefined || mask.kind !== 'symmetric' || !inArena(st, x) || !inArena(st, dot))
    return fallback(st, `arenaCoupling: an array outside this arena, or connectivity not uploaded to it`, null);
  const n = mask.mask.nRows;
  const batch = x.length / n;
  st.calls++;
  let sum = 0;
  for (let b0 = 0; b0 < batch; b0 += SYNAPSE_TILE) {
    sum = st.coupling(m.rowPtr, m.colIdx, m.values, m.allRows, n, m.rowTile, m.colTile, deg, b0, Math.min(SYNAPSE_TILE, batch - b0), ptr(x), ptr(out), accumulate ? 1 : 0, ptr(dot), cg, sum);
  }
  return sum;
}

/** Run `lifBackward` in the arena of its arrays (threshold gradients copied through the parameter slots); false = nothing done. */
export function arenaLifBackward(
  params: LifParams,
  state: LifState,
  inputNa: Arr,
  noise: LifNoise,
  spike: SpikeFunction,
  dtMs: number,
  saved: LifStepOutput,
  gradOut: LifStepGradients,
  grads: LifBackwardGrads,
): boolean {
  const st = arenaOf(saved.spikes);
  if (st === null) return false;
  if (
    !u8In(st, saved.flags) ||
    !inArena(st, gradOut.v) ||
    !inArena(st, gradOut.spikes) ||
    !inArena(st, state.v) ||
    !inArena(st, inputNa) ||
    !inArena(st, noise.currentNa) ||
    !inArena(st, grads.v) ||
    !inArena(st, grads.inputNa)
  )
    return fallback(st, `arenaLifBackward: an array outside this arena, or connectivity not uploaded to it`, false);
  const gTh = grads.params.vThresholdMv;
  if (!putThresholds(st, gTh)) return fallback(st, `arenaLifBackward: more than ${PARAM_SLOTS} neurons, an array outside this arena, or connectivity not uploaded to it`, false);
  const soft = spike.kind === 'soft';
  const { tauMemMs: tau, decay: a } = lifStepCoefficients(params, dtMs);
  st.calls++;
  // soft spikes and every optional array given (the engine's training steps): the kernel without per-element tests of them
  const full = soft && gradOut.v !== null && gradOut.spikes !== null && grads.v !== null && grads.inputNa !== null && noise.currentNa !== null;
  const gLogTau = (full ? st.lifBackwardFull : st.lifBackward)(
    params.size,
    state.v.length,
    saved.flags.byteOffset,
    ptr(saved.spikes),
    ptr(gradOut.v),
    ptr(gradOut.spikes),
    ptr(state.v),
    ptr(inputNa),
    ptr(noise.currentNa),
    ptr(grads.v),
    ptr(grads.inputNa),
    soft ? 1 : 0,
    a,
    params.resistanceMohm,
    params.vRestMv,
    soft ? 1 / spike.temperatureMv : 0,
    (a * dtMs) / tau,
  );
  takeThresholds(st, gTh);
  grads.params.logTauMemMs += gLogTau;
  return true;
}

/** Run `twoCompartmentBackward` in the arena of its arrays (threshold gradients copied through the parameter slots); false = nothing done. */
export function arenaTwoCompartmentBackward(
  params: TwoCompartmentParams,
  state: TwoCompartmentState,
  iDendriteNa: Arr,
  iAxonNa: Arr | null,
  spike: SpikeFunction,
  saved: TwoCompartmentStepOutput,
  gradOut: TwoCompartmentStepGradients,
  grads: TwoCompartmentBackwardGrads,
): boolean {
  const st = arenaOf(saved.spikes);
  if (st === null) return false;
  if (!u8In(st, saved.flags) || !inArena(st, gradOut.vDendriteMv) || !inArena(st, gradOut.vAxonMv) || !inArena(st, gradOut.spikes) || !inArena(st, state.vDendriteMv) || !inArena(st, state.vAxonMv))
    return fallback(st, `arenaTwoCompartmentBackward: an array outside this arena, or connectivity not uploaded to it`, false);
  if (!inArena(st, iDendriteNa) || !inArena(st, iAxonNa) || !inArena(st, grads.vDendriteMv) || !inArena(st, grads.vAxonMv) || !inArena(st, grads.iDendriteNa) || !inArena(st, grads.iAxonNa))
    return fallback(st, `arenaTwoCompartmentBackward: an array outside this arena, or connectivity not uploaded to it`, false);
  const gTh = grads.params.vThresholdMv;
  if (!putThresholds(st, gTh)) return fallback(st, `arenaTwoCompartmentBackward: more than ${PARAM_SLOTS} neurons, an array outside this arena, or connectivity not uploaded to it`, false);
  const soft = spike.kind === 'soft';
  const p = saved.propagator;
  const drive = twoCompartmentDriveCoefficients(params);
  st.calls++;
  // soft spikes and every optional array given (the engine's training steps): the kernel without per-element tests of them
  const full =
    soft &&
    iAxonNa !== null &&
    gradOut.vDendriteMv !== null &&
    gradOut.vAxonMv !== null &&
    gradOut.spikes !== null &&
    grads.vDendriteMv !== null &&
    grads.vAxonMv !== null &&
    grads.iDendriteNa !== null &&
    grads.iAxonNa !== null;
  const gLogG = (full ? st.twoCompartmentBackwardFull : st.twoCompartmentBackward)(
    params.size,
    state.vDendriteMv.length,
    saved.flags.byteOffset,
    ptr(saved.spikes),
    ptr(gradOut.vDendriteMv),
    ptr(gradOut.vAxonMv),
    ptr(gradOut.spikes),
    ptr(state.vDendriteMv),
    ptr(state.vAxonMv),
    ptr(iDendriteNa),
    ptr(iAxonNa),
    ptr(grads.vDendriteMv),
    ptr(grads.vAxonMv),
    ptr(grads.iDendriteNa),
    ptr(grads.iAxonNa),
    soft ? 1 : 0,
    p[0]!,
    p[1]!,
    p[2]!,
    p[3]!,
    p[4]!,
    p[5]!,
    p[6]!,
    p[7]!,
    drive.leakMvPerMs,
    drive.driveMohmPerMs,
    soft ? 1 / spike.temperatureMv : 0,
  );
  takeThresholds(st, gTh);
  grads.params.logGSomaNs += gLogG;
  return true;
}

/** Copy the parameter slots back into `out` (the threshold gradients a backward kernel updated). */
function takeThresholds(st: ArenaState, out: Arr): void {
  for (let i = 0; i < out.length; i++) out[i] = st.f64[(PARAMS >> 3) + i]!;
}

/** `gradedCouplingForward` in the arena of its arrays, if they all live in one that holds the coupling; false = nothing done. */
export function arenaGradedForward(coupling: GradedCoupling, c: number, vDendriteMv: Arr, out: Arr): boolean {
  const st = arenaOf(out);
  if (st === null) return false;
  const m = st.uploaded.get(coupling.weights);
  if (m === undefined || !inArena(st, vDendriteMv)) return fallback(st, `arenaGradedForward: an array outside this arena, or connectivity not uploaded to it`, false);
  const batch = vDendriteMv.length / coupling.nPre;
  st.calls++;
  for (let b0 = 0; b0 < batch; b0 += SYNAPSE_TILE) {
    st.gradedForward(
      m.rowPtr,
      m.colIdx,
      m.values,
      m.allRows,
      coupling.nPre,
      coupling.nPost,
      m.rowTile,
      m.colTile,
      b0,
      Math.min(SYNAPSE_TILE, batch - b0),
      ptr(vDendriteMv),
      ptr(out),
      c,
      coupling.vResetMv,
      coupling.capMv,
    );
  }
  return true;
}

/** `gradedCouplingBackward` in the arena: returns Σ act·h in the JavaScript order, or `null` (nothing done). */
export function arenaGradedBackward(coupling: GradedCoupling, c: number, vDendriteMv: Arr, gCurrent: Arr, gV: Arr | null): number | null {
  const st = arenaOf(gCurrent);
  if (st === null) return null;
  const m = st.uploaded.get(coupling.weights);
  if (m === undefined || !inArena(st, vDendriteMv) || !inArena(st, gV)) return fallback(st, `arenaGradedBackward: an array outside this arena, or connectivity not uploaded to it`, null);
  const batch = vDendriteMv.length / coupling.nPre;
  st.calls++;
  let sum = 0;
  for (let b0 = 0; b0 < batch; b0 += SYNAPSE_TILE) {
    sum = st.gradedBackward(
      m.rowPtr,
      m.colIdx,
      m.values,
      m.allRows,
      coupling.nPre,
      coupling.nPost,
      m.rowTile,
      m.colTile,
      b0,
      Math.min(SYNAPSE_TILE, batch - b0),
      ptr(vDendriteMv),
      ptr(gCurrent),
      ptr(gV),
      c,
      coupling.vResetMv,
      coupling.capMv,
      sum,
    );
  }
  return sum;
}

/** `bipartiteGapJunctionForward` in the arena of its arrays, if they all live in one that holds the mask; false = nothing done. */
export function arenaBipartiteForward(mask: GapJunctionMask, cg: number, vA: Arr, vB: Arr, outA: Arr, outB: Arr): boolean {
  const st = arenaOf(outA);
  if (st === null) return false;
  const m = st.uploaded.get(mask.mask);
  const rs = st.degrees.get(mask);
  const cs = st.colSums.get(mask);
  if (m === undefined || rs === undefined || cs === undefined || !inArena(st, vA) || !inArena(st, vB) || !inArena(st, outB))
    return fallback(st, `arenaBipartiteForward: an array outside this arena, or connectivity not uploaded to it`, false);
  st.calls++;
  st.bipartiteForward(m.rowPtr, m.colIdx, m.values, mask.mask.nRows, mask.mask.nCols, vA.length / mask.mask.nRows, rs, cs, ptr(vA), ptr(vB), ptr(outA), ptr(outB), cg);
  return true;
}

/** `bipartiteGapJunctionBackward` in the arena: returns its ln g gradient sum, or `null` (nothing done). */
export function arenaBipartiteBackward(mask: GapJunctionMask, cg: number, vA: Arr, vB: Arr, gA: Arr | null, gB: Arr | null, gvA: Arr | null, gvB: Arr | null): number | null {
  const st = arenaOf(vA);
  if (st === null) return null;
  const m = st.uploaded.get(mask.mask);
  const rs = st.degrees.get(mask);
  const cs = st.colSums.get(mask);
  if (m === undefined || rs === undefined || cs === undefined || !inArena(st, vB) || !inArena(st, gA) || !inArena(st, gB) || !inArena(st, gvA) || !inArena(st, gvB))
    return fallback(st, `arenaBipartiteBackward: an array outside this arena, or connectivity not uploaded to it`, null);
  st.calls++;
  return st.bipartiteBackward(m.rowPtr, m.colIdx, m.values, mask.mask.nRows, mask.mask.nCols, vA.length / mask.mask.nRows, rs, cs, ptr(vA), ptr(vB), ptr(gA), ptr(gB), ptr(gvA), ptr(gvB), cg);
}

/**
 * Draw normals from four `BlockRng` generators at once into a kernel-arena `Float32Array`:
 * run r writes `counts[r]` draws of generator L, scaled by `stds[r]`, at
 * `out[offsets[4r + L] + i]` — exactly what `gens[L].fillNormal(out, offsets[4r + L], counts[r],
 * 0, stds[r])` run by run would write, and the generators end in the same states. The xoshiro
 * updates run as int32×4 SIMD, the Ziggurat fast path per lane in WebAssembly, the rare slow
 * path in JavaScript. Returns false (nothing done) when `out` is not an arena array, the kernels
 * are off, or there are more than 64 runs.
 *
 * @example
 *   const gens = [0, 1, 2, 3].map((b) => rng.block(b, t, source));
 *   fillNormalRuns4(gens, offsets, counts, stds, arenaArray);
 */
export function fillNormalRuns4(gens: readonly BlockRng[], offsets: ArrayLike<number>, counts: ArrayLike<number>, stds: ArrayLike<number>, out: Float32Array): boolean {
  const st = arenaOf(out);
  const nRuns = counts.length;
  if (st === null || gens.length !== 4 || nRuns > NORMAL_RUN_SLOTS || offsets.length !== 4 * nRuns || stds.length !== nRuns) return false;
  const i32 = st.i32;
  const f64 = st.f64;
  const lanes = XOSHIRO4 >> 2;
  for (let L = 0; L < 4; L++) {
    const g = gens[L]!;
    i32[lanes + L] = g.s0;
    i32[lanes + 4 + L] = g.s1;
    i32[lanes + 8 + L] = g.s2;
    i32[lanes + 12 + L] = g.s3;
  }
  for (let r = 0; r < nRuns; r++) {
    const rec = (NORMAL_RUNS >> 2) + 8 * r;
    for (let L = 0; L < 4; L++) {
      const o = offsets[4 * r + L]!;
      if (o < 0 || o + counts[r]! > out.length) return false;
      i32[rec + L] = o;
    }
    i32[rec + 4] = counts[r]!;
    f64[(rec >> 1) + 3] = stds[r]!;
  }
  st.calls++;
  st.normals4(NORMAL_RUNS, nRuns, out.byteOffset);
  for (let L = 0; L < 4; L++) gens[L]!.setState(i32[lanes + L]!, i32[lanes + 4 + L]!, i32[lanes + 8 + L]!, i32[lanes + 12 + L]!);
  return true;
}

/** Copy the per-neuron thresholds to the parameter slots; false when there are too many. */
function putThresholds(st: ArenaState, vth: Arr): boolean {
  if (vth.length > PARAM_SLOTS) return false;
  st.f64.set(vth, PARAMS >> 3);
  return true;
}
const u8In = (st: ArenaState, a: Uint8Array) => a.buffer === st.buffer;

/** Record (or, in a strict arena, throw for) a call that found its arena but cannot run there; returns `value`. */
function fallback<T>(st: ArenaState, reason: string, value: T): T {
  if (st.strict) throw new KernelFallbackError(reason);
  st.fallbacks.set(reason, (st.fallbacks.get(reason) ?? 0) + 1);
  return value;
}

/** Run `lifForward` in the arena of its arrays, if they all live in one. Returns false (nothing done) otherwise. */
export function arenaLifForward(params: LifParams, state: LifState, inputNa: Arr, noise: LifNoise, spike: SpikeFunction, dtMs: number, out: LifStepOutput): boolean {
  const st = arenaOf(out.spikes);
  if (st === null) return false;
  if (!inArena(st, state.v) || !inArena(st, state.refractoryMs) || !inArena(st, inputNa) || !inArena(st, noise.currentNa) || !inArena(st, noise.voltageMv) || !inArena(st, noise.thresholdMv))
    return fallback(st, `arenaLifForward: an array outside this arena, or connectivity not uploaded to it`, false);
  if (!inArena(st, out.v) || !inArena(st, out.refractoryMs) || !inArena(st, out.uMv) || !u8In(st, out.flags) || !putThresholds(st, params.vThresholdMv))
    return fallback(st, `arenaLifForward: more than ${PARAM_SLOTS} neurons, an array outside this arena, or connectivity not uploaded to it`, false);
  const soft = spike.kind === 'soft';
  st.calls++;
  // even sizes: two elements per instruction (same operations per element, bit for bit)
  (params.size % 2 === 0 ? st.lifForwardSimd : st.lifForward)(
    params.size,
    state.v.length,
    ptr(state.refractoryMs),
    ptr(state.v),
    ptr(inputNa),
    ptr(noise.currentNa),
    ptr(noise.voltageMv),
    ptr(noise.thresholdMv),
    ptr(out.v),
    ptr(out.refractoryMs),
    ptr(out.spikes),
    ptr(out.uMv),
    out.flags.byteOffset,
    soft ? 1 : 0,
    dtMs,
    params.vRestMv,
    params.vResetMv,
    params.vMinMv,
    params.resistanceMohm,
    params.refractoryPeriodMs,
    lifStepCoefficients(params, dtMs).decay,
    soft ? 1 / spike.temperatureMv : 0,
  );
  return true;
}

/**
 * Run `twoCompartmentForward` (its propagator already in `out.propagator`) in the arena of its
 * arrays, if they all live in one. Returns false (nothing done) otherwise.
 */
export function arenaTwoCompartmentForward(
  params: TwoCompartmentParams,
  state: TwoCompartmentState,
  iDendriteNa: Arr,
  iAxonNa: Arr | null,
  noise: TwoCompartmentNoise,
  spike: SpikeFunction,
  dtMs: number,
  out: TwoCompartmentStepOutput,
): boolean {
  const st = arenaOf(out.spikes);
  if (st === null) return false;
  if (!inArena(st, state.vDendriteMv) || !inArena(st, state.vAxonMv) || !inArena(st, state.refractoryMs) || !inArena(st, iDendriteNa) || !inArena(st, iAxonNa))
    return fallback(st, `arenaTwoCompartmentForward: an array outside this arena, or connectivity not uploaded to it`, false);
  if (!inArena(st, noise.dendriteMv) || !inArena(st, noise.axonMv) || !inArena(st, noise.thresholdMv))
    return fallback(st, `arenaTwoCompartmentForward: an array outside this arena, or connectivity not uploaded to it`, false);
  if (!inArena(st, out.vDendriteMv) || !inArena(st, out.vAxonMv) || !inArena(st, out.refractoryMs) || !inArena(st, out.uMv) || !u8In(st, out.flags) || !putThresholds(st, params.vThresholdMv))
    return fallback(st, `arenaTwoCompartmentForward: more than ${PARAM_SLOTS} neurons, an array outside this arena, or connectivity not uploaded to it`, false);
  const soft = spike.kind === 'soft';
  const p = out.propagator;
  const drive = twoCompartmentDriveCoefficients(params);
  st.calls++;
  (params.size % 2 === 0 ? st.twoCompartmentForwardSimd : st.twoCompartmentForward)(
    params.size,
    state.vDendriteMv.length,
    ptr(state.refractoryMs),
    ptr(state.vDendriteMv),
    ptr(state.vAxonMv),
    ptr(iDendriteNa),
    ptr(iAxonNa),
    ptr(noise.dendriteMv),
    ptr(noise.axonMv),
    ptr(noise.thresholdMv),
    ptr(out.vDendriteMv),
    ptr(out.vAxonMv),
    ptr(out.refractoryMs),
    ptr(out.spikes),
    ptr(out.uMv),
    out.flags.byteOffset,
    soft ? 1 : 0,
    dtMs,
    params.vResetMv,
    params.vMinMv,
    params.refractoryPeriodMs,
    p[0]!,
    p[1]!,
    p[2]!,
    p[3]!,
    drive.leakMvPerMs,
    drive.driveMohmPerMs,
    soft ? 1 / spike.temperatureMv : 0,
  );
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
  /** Calls that found their arrays in this arena but could not run there, by reason. */
  readonly fallbacks: Map<string, number>;
  /** Throw instead of counting a fallback. */
  readonly strict: boolean;
  readonly buffer: ArrayBuffer;
  readonly f64: Float64Array;
  readonly uploaded: ReadonlyMap<CsrMatrix, MatrixInMemory>;
  readonly synapseForward: (...args: number[]) => void;
  readonly synapseBackward: (...args: number[]) => void;
  /** The same kernels without the per-element tests of optional inputs (see `synapse-kernels.ts`). */
  readonly synapseForwardFull: (...args: number[]) => void;
  readonly synapseBackwardFull: (...args: number[]) => void;
  readonly lifBackwardFull: (...args: number[]) => number;
  readonly twoCompartmentBackwardFull: (...args: number[]) => number;
  readonly lifForward: (...args: number[]) => void;
  readonly twoCompartmentForward: (...args: number[]) => void;
  /** The two-lane versions (even population sizes). */
  readonly lifForwardSimd: (...args: number[]) => void;
  readonly twoCompartmentForwardSimd: (...args: number[]) => void;
  readonly expPairs: (at: number, pairs: number) => void;
  /** The element-wise kernels of `vector-kernels.ts`, by name. */
  readonly vec: Readonly<Record<(typeof VECTOR_KERNELS)[number], (...args: number[]) => void>>;
  readonly exp: (x: number) => number;
  readonly coupling: (...args: number[]) => number;
  readonly lifBackward: (...args: number[]) => number;
  readonly twoCompartmentBackward: (...args: number[]) => number;
  readonly gradedForward: (...args: number[]) => number | undefined;
  readonly gradedBackward: (...args: number[]) => number;
  readonly extensions: ReadonlyMap<KernelExtension, KernelExports>;
  readonly degrees: ReadonlyMap<GapJunctionMask, number>;
  readonly colSums: ReadonlyMap<GapJunctionMask, number>;
  readonly bipartiteForward: (...args: number[]) => number | undefined;
  readonly bipartiteBackward: (...args: number[]) => number;
  readonly normals4: (...args: number[]) => number | undefined;
  readonly i32: Int32Array;
  calls: number;
}

const PAGE = 65536;
const matrixBytes = (m: CsrMatrix) => {
  const r = (b: number) => (b + 15) & ~15;
  return r(4 * (m.nRows + 1)) + 2 * r(4 * m.colIdx.length) + 2 * r(4 * m.nRows) + 2 * r(4 * m.nCols) + r(8 * SYNAPSE_TILE * m.nRows) + r(8 * SYNAPSE_TILE * m.nCols);
};
const arenas = new WeakMap<ArrayBuffer, ArenaState>();

interface WasmApi {
  readonly memory: new (d: { initial: number }) => { readonly buffer: ArrayBuffer };
  readonly instance: new (module: object, imports: object) => { readonly exports: Record<string, (...args: number[]) => number | undefined> };
  readonly module: object;
}
let api: WasmApi | null | undefined;

function wasmApi(): WasmApi | null {
  if (api !== undefined) return api;
  api = null;
  const wa = (globalThis as unknown as { WebAssembly?: { validate(b: Uint8Array): boolean; Module: new (b: Uint8Array) => object; Memory: WasmApi['memory']; Instance: WasmApi['instance'] } })
    .WebAssembly;
  if (wa === undefined) return null;
  try {
    // imports take function indices 0 (Math.exp) and 1 (the sampler's slow path); the defined
    // functions follow in this order, and the kernels that call others get their indices
    const order = [
      'synapseForward',
      'synapseBackward',
      'scatter',
      'gather',
      'exp',
      'lifForward',
      'twoCompartmentForward',
      'coupling',
      'lifBackward',
      'twoCompartmentBackward',
      'gradedForward',
      'gradedBackward',
      'bipartiteForward',
      'bipartiteBackward',
      'normals4',
      'slowLane',
      'portableExp',
      'lifForwardSimd',
      'twoCompartmentForwardSimd',
      'expPairs',
      ...VECTOR_KERNELS,
      'synapseForwardFull',
      'synapseBackwardFull',
      'lifBackwardFull',
      'twoCompartmentBackwardFull',
    ] as const;
    const at = (name: (typeof order)[number]) => 2 + order.indexOf(name);
    const bytes = encodeModule(
      [
        synapseForwardKernel(at('scatter')),
        synapseBackwardKernel(at('gather')),
        scatterKernel(),
        gatherKernel(),
        expKernel(0),
        lifForwardKernel(at('exp')),
        twoCompartmentForwardKernel(at('exp')),
        couplingKernel(at('gather')),
        lifBackwardKernel(),
        twoCompartmentBackwardKernel(),
        gradedForwardKernel(at('scatter')),
        gradedBackwardKernel(at('gather')),
        bipartiteForwardKernel(),
        bipartiteBackwardKernel(),
        normals4Kernel(at('slowLane')),
        slowLaneKernel(1, at('portableExp')),
        expKernel(null),
        lifForwardSimdKernel(at('exp')),
        twoCompartmentForwardSimdKernel(at('exp')),
        expPairsKernel(at('exp')),
        ...vectorKernels(),
        synapseForwardKernel(at('scatter'), true),
        synapseBackwardKernel(at('gather'), true),
        lifBackwardKernel(true),
        twoCompartmentBackwardKernel(true),
      ],
      [
        { name: 'exp', params: [ValType.f64], results: [ValType.f64] },
        { name: 'slow', params: [ValType.i32, ValType.i32, ValType.i32], results: [ValType.f64] },
      ],
    );
    if (wa.validate(bytes)) api = { memory: wa.Memory, instance: wa.Instance, module: new wa.Module(bytes) };
  } catch {
    api = null;
  }
  return api;
}

// ---------------------------------------------------------------------------------------------
// Kernel extensions: kernels of primitives defined in a package above this one

/** The exported functions of an instantiated kernel module. */
type KernelExports = Readonly<Record<string, (...args: number[]) => number | undefined>>;

/**
 * The WebAssembly kernels of a primitive defined outside this package (built with the code
 * builder of `@olfactory/neurons/extend`), compiled once and instantiated on the memory of every
 * arena created with it in {@link KernelArenaOptions.extensions}. The module imports only the
 * arena's memory; each named function is exported.
 */
export interface KernelExtension {
  /** A name for messages (`'apl'`). */
  readonly name: string;
  /** The kernel functions; those with a name are exported under it. */
  readonly functions: readonly WasmFunction[];
}

const extensionModules = new WeakMap<KernelExtension, object>();

/**
 * Define a kernel extension; see {@link KernelExtension}.
 *
 * @throws {InvalidParameterError} for an empty name or no functions.
 * @example
 *   const apl = defineKernelExtension('apl', [aplForwardKernel(), aplBackwardKernel()]);
 *   const arena = createKernelArena({ matrices: [w], extensions: [apl], float32Elements: 1000 });
 */
export function defineKernelExtension(name: string, functions: readonly WasmFunction[]): KernelExtension {
  if (typeof name !== 'string' || name === '') throw new InvalidParameterError({ parameter: 'name', value: name, expected: 'a non-empty string' });
  if (functions.length === 0) throw new InvalidParameterError({ parameter: 'functions', value: functions.length, expected: 'at least one kernel function' });
  return Object.freeze({ name, functions: Object.freeze([...functions]) });
}

function instantiateExtension(extension: KernelExtension, memory: object): KernelExports {
  const wa = (globalThis as unknown as { WebAssembly: { Module: new (b: Uint8Array) => object; Instance: WasmApi['instance'] } }).WebAssembly;
  let module = extensionModules.get(extension);
  if (module === undefined) {
    module = new wa.Module(encodeModule(extension.functions));
    extensionModules.set(extension, module);
  }
  return new wa.Instance(module, { env: { memory } }).exports;
}

/** The uploaded (rowPtr, colIdx, values) byte offsets of a CSR matrix in an arena. */
export interface ArenaMatrix {
  readonly rowPtr: number;
  readonly colIdx: number;
  readonly values: number;
}

/**
 * What an extension's dispatch code sees of the arena holding its arrays: the instantiated
 * kernels, byte offsets, the uploaded connectivity, a float64 scratch area, and the fast-path
 * bookkeeping. Obtained from {@link extensionArena}; valid for one call.
 */
export interface ExtensionArena {
  /** The extension's functions instantiated on this arena's memory. */
  readonly kernels: KernelExports;
  /** Whether `a` is `null` or a `Float32Array` in this arena. */
  holds(a: Float32Array | Float64Array | null): boolean;
  /** The byte offset of `a` in the arena's memory (0 for `null`). */
  ptr(a: Float32Array | Float64Array | null): number;
  /** The uploaded offsets of `m`, or `null` when it was not given to {@link createKernelArena}. */
  matrix(m: CsrMatrix): ArenaMatrix | null;
  /** Byte offset of 4 float64 scratch slots (zero them before use), and a float64 view of the memory to read them. */
  readonly scratch: number;
  readonly f64: Float64Array;
  /** Count a call that runs in WebAssembly (see {@link KernelArena.kernelCalls}). */
  countCall(): void;
  /** Record (or, in a strict arena, throw for) a call that cannot take the fast path; returns `value`. */
  fallback<T>(reason: string, value: T): T;
}

/**
 * The arena holding `anchor`, for a call of `extension`'s kernels: `null` when `anchor` lives in
 * no arena or the kernels are disabled (run in JavaScript). When the arena was created without
 * the extension, the call is a fallback: counted, or thrown in a strict arena, and `null`.
 */
export function extensionArena(extension: KernelExtension, anchor: Float32Array | Float64Array): ExtensionArena | null {
  const st = arenaOf(anchor);
  if (st === null) return null;
  const kernels = st.extensions.get(extension);
  if (kernels === undefined) return fallback(st, `${extension.name}: kernel extension not given to createKernelArena`, null);
  return {
    kernels,
    holds: (a) => inArena(st, a),
    ptr,
    matrix: (m) => st.uploaded.get(m) ?? null,
    scratch: SUMS,
    f64: st.f64,
    countCall: () => {
      st.calls++;
    },
    fallback: (reason, value) => fallback(st, reason, value),
  };
}
