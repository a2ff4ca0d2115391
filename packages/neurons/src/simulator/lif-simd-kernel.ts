import { Fn, cat, f64c, i32c } from '../wasm/wasm-builder';
import type { Code } from '../wasm/wasm-builder';
import { encodeModule, op, uleb, ValType } from '../wasm/wasm-encoder';
import type { ValTypeCode } from '../wasm/wasm-encoder';

/**
 * The simulator's hot LIF update as WebAssembly SIMD functions (two neurons per f64x2 lane pair,
 * four per loop iteration), one per shape: C synapse channels (0 to {@link MAX_SIMD_CHANNELS}),
 * population-wide parameters (splatted scalars) or per-neuron ones (arrays), with or without an
 * injected current. Each performs, per neuron, exactly the float64 operations of the JavaScript
 * loop `updateLifGeneral` in `run-simulation.ts`, in the same order (WebAssembly has no fused
 * multiply-add and rounds like JavaScript), so both give the same bits:
 *
 *   x = rest + (v − rest)·am;   x = x + I·k_I  (with a current);
 *   for each channel c: x = x + s_c·k_c;  s_c ← s_c·a_c          (from the old s_c)
 *   refractory (r > 0):  v kept, r ← r − 1
 *   else if x > th:      v ← reset, r ← rs, spike
 *   else:                v ← x
 *
 * (`updateLifUniform2`, the JavaScript fast loop for two channels, sums in the same order.)
 * A lane pair with neither lane refractory nor spiking (most pairs, most steps) stores v ← x and
 * skips the selects and the r store, whose results would be x and r unchanged.
 * Memory layout (byte addresses, each array padded to a multiple of 4 neurons, n4; padding lanes
 * hold v = −∞ so they never spike): v, r (refractory steps as float64), s_c (n4 float64 each),
 * spikes (n4 int32), and for per-neuron parameters one float64 array each of rest, am, th, reset,
 * rs (the steps set on a spike: refractorySteps − 1, at least 0) and k_c; with a current, I (nA)
 * and k_I (mV per nA). Returns the number of spikes written.
 */
const simd = (opcode: number, ...rest: number[]): number[] => [0xfd, ...uleb(opcode), ...rest];
const V128 = ValType.v128;
const F64 = ValType.f64;
const I32 = ValType.i32;
const load = (addr: Code, offset = 0) => cat(addr, simd(0x00, 4, ...uleb(offset)));
const store = (addr: Code, value: Code, offset = 0) => cat(addr, value, simd(0x0b, 4, ...uleb(offset)));
const add = (a: Code, b: Code) => cat(a, b, simd(0xf0));
const sub = (a: Code, b: Code) => cat(a, b, simd(0xf1));
const mul = (a: Code, b: Code) => cat(a, b, simd(0xf2));
const gt = (a: Code, b: Code) => cat(a, b, simd(0x4a));
const or = (a: Code, b: Code) => cat(a, b, simd(0x50));
/** a & ~b */
const andNot = (a: Code, b: Code) => cat(a, b, simd(0x4f));
/** c ? a : b, lane-wise on bit masks */
const bitselect = (a: Code, b: Code, c: Code) => cat(a, b, c, simd(0x52));
const anyTrue = (a: Code) => cat(a, simd(0x53));
const laneWord = (a: Code, lane: number) => cat(a, simd(0x1b, lane));
const splat = (x: Code) => cat(x, simd(0x14));

/** Most synapse channels a SIMD kernel takes (more run in JavaScript, which says so). */
export const MAX_SIMD_CHANNELS = 4;

/** The shape of one LIF kernel. */
export interface LifKernelShape {
  readonly channels: number;
  readonly perNeuron: boolean;
  readonly current: boolean;
}

/** The exported name of the kernel of a shape. */
export const lifKernelName = (s: LifKernelShape): string => `lif_c${s.channels}_${s.perNeuron ? 'p' : 'u'}${s.current ? '_i' : ''}`;

/** Every kernel shape the module holds. */
export const LIF_KERNEL_SHAPES: readonly LifKernelShape[] = Object.freeze(
  Array.from({ length: MAX_SIMD_CHANNELS + 1 }, (_, channels) => [false, true].flatMap((perNeuron) => [false, true].map((current) => ({ channels, perNeuron, current })))).flat(),
);

/** Scalar parameter names of a kernel (splatted when population-wide, arrays when per neuron). */
const scalarNames = (channels: number): string[] => ['rest', 'am', 'th', 'reset', 'rs', ...Array.from({ length: channels }, (_, c) => `k${c}`)];

function lifKernel(shape: LifKernelShape): Parameters<typeof encodeModule>[0][number] {
  const C = shape.channels;
  const chans = Array.from({ length: C }, (_, c) => c);
  const scalars = scalarNames(C);
  const params: [string, ValTypeCode][] = [
    ['n', I32],
    ['v', I32],
    ['r', I32],
    ['spikes', I32],
    ...chans.map((c): [string, ValTypeCode] => [`g${c}`, I32]),
    ...scalars.map((name): [string, ValTypeCode] => [name, shape.perNeuron ? I32 : F64]),
    ...chans.map((c): [string, ValTypeCode] => [`a${c}`, F64]),
    ...(shape.current
      ? ([
          ['cur', I32],
          ['kI', I32],
        ] as [string, ValTypeCode][])
      : []),
  ];
  const f = new Fn(params);
  for (const name of ['off', 'end', 'count', 'idx']) f.declare(name, I32);
  const vec = (name: string) => `V_${name}`;
  for (const name of [...scalars, ...chans.map((c) => `a${c}`)]) f.declare(vec(name), V128);
  for (const name of ['ONE', 'ZERO', 'V', 'R', 'X', 'RM', 'SP', ...chans.map((c) => `S${c}`)]) f.declare(name, V128);
  const g = f.get;
  const at = (base: string) => cat(g(base), g('off'), op.i32Add);
  /** A parameter's value for the pair at byte offset off + 16·k. */
  const param = (name: string, k: number): Code => (shape.perNeuron ? load(at(name), 16 * k) : g(vec(name)));
  const pushSpike = (lane: number, plus: number) =>
    cat(
      laneWord(g('SP'), lane),
      op.if,
      g('spikes'),
      g('count'),
      i32c(2),
      op.i32Shl,
      op.i32Add,
      g('idx'),
      i32c(plus),
      op.i32Add,
      op.i32Store(),
      f.set('count', cat(g('count'), i32c(1), op.i32Add)),
      op.end,
    );
  const pair = (k: number) => {
    const parts: Code[] = [f.set('V', load(at('v'), 16 * k)), f.set('R', load(at('r'), 16 * k)), f.set('X', add(param('rest', k), mul(sub(g('V'), param('rest', k)), param('am', k))))];
    if (shape.current) parts.push(f.set('X', add(g('X'), mul(load(at('cur'), 16 * k), load(at('kI'), 16 * k)))));
    for (const c of chans) {
      parts.push(f.set(`S${c}`, load(at(`g${c}`), 16 * k)), store(at(`g${c}`), mul(g(`S${c}`), g(vec(`a${c}`))), 16 * k), f.set('X', add(g('X'), mul(g(`S${c}`), param(`k${c}`, k)))));
    }
    parts.push(
      f.set('RM', gt(g('R'), g('ZERO'))),
      f.set('SP', andNot(gt(g('X'), param('th', k)), g('RM'))),
      // Neither lane refractory nor spiking (the common case): v ← x and r stays as it is, which
      // is what the selects below give then, without computing them.
      anyTrue(or(g('RM'), g('SP'))),
      op.if,
      store(at('v'), bitselect(param('reset', k), bitselect(g('V'), g('X'), g('RM')), g('SP')), 16 * k),
      store(at('r'), bitselect(sub(g('R'), g('ONE')), bitselect(param('rs', k), g('R'), g('SP')), g('RM')), 16 * k),
      anyTrue(g('SP')),
      op.if,
      f.set('idx', cat(g('off'), i32c(3), op.i32ShrU)),
      pushSpike(0, 2 * k),
      pushSpike(2, 2 * k + 1),
      op.end,
      op.else,
      store(at('v'), g('X'), 16 * k),
      op.end,
    );
    return cat(...parts);
  };
  const body = cat(
    ...(shape.perNeuron ? [] : scalars.map((name) => f.set(vec(name), splat(g(name))))),
    ...chans.map((c) => f.set(vec(`a${c}`), splat(g(`a${c}`)))),
    f.set('ONE', splat(f64c(1))),
    f.set('ZERO', splat(f64c(0))),
    f.set('end', cat(g('n'), i32c(3), op.i32Shl)),
    f.set('off', i32c(0)),
    f.set('count', i32c(0)),
    op.block,
    op.loop,
    g('off'),
    g('end'),
    op.i32GeS,
    op.brIf(1),
    pair(0),
    pair(1),
    f.set('off', cat(g('off'), i32c(32), op.i32Add)),
    op.br(0),
    op.end,
    op.end,
    g('count'),
  );
  return { ...f.build(lifKernelName(shape), [body]), results: [I32] };
}

/**
 * Delay-ring delivery of one channel: s ← s + ring; ring ← 0 over n (a multiple of 2) float64
 * entries — the same single addition per entry as `deliverSynapses` in JavaScript.
 */
function deliver(): Parameters<typeof encodeModule>[0][number] {
  const f = new Fn([
    ['n', I32],
    ['g', I32],
    ['ring', I32],
  ]);
  f.declare('off', I32);
  f.declare('end', I32);
  const g = f.get;
  const at = (base: string) => cat(g(base), g('off'), op.i32Add);
  const body = cat(
    f.set('end', cat(g('n'), i32c(3), op.i32Shl)),
    f.set('off', i32c(0)),
    op.block,
    op.loop,
    g('off'),
    g('end'),
    op.i32GeS,
    op.brIf(1),
    store(at('g'), add(load(at('g')), load(at('ring')))),
    store(at('ring'), op.v128Zero),
    f.set('off', cat(g('off'), i32c(16), op.i32Add)),
    op.br(0),
    op.end,
    op.end,
  );
  return f.build('deliver', [body]);
}

/** Delivery: `deliver(n, gPtr, ringSlotPtr)`. */
export type DeliverKernel = (n: number, g: number, ring: number) => void;

/**
 * A LIF kernel: `(n4, v, r, spikes, g_0 … g_{C−1}, <scalars>, a_0 … a_{C−1}[, cur, kI])` where
 * `<scalars>` are rest, am, th, reset, rs, k_0 … k_{C−1} (numbers, or addresses of per-neuron
 * arrays); returns the spike count.
 */
export type LifKernel = (...args: number[]) => number;

/** The bytes of the simulator's WebAssembly module (LIF kernels of every shape and delivery; imports `env.memory`), for inspection and benchmarks. */
export function lifSimdModuleBytes(): Uint8Array {
  return encodeModule([...LIF_KERNEL_SHAPES.map(lifKernel), deliver()]);
}

interface WasmGlobal {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  Memory: new (d: { initial: number }) => { buffer: ArrayBuffer; grow(pages: number): number };
}

let compiled: object | null | undefined;

/** @internal The compiled module, or null where WebAssembly SIMD is unavailable (compiled once). */
export function lifSimdModule(): { module: object; wasm: WasmGlobal } | null {
  const wasm = (globalThis as unknown as { WebAssembly?: WasmGlobal }).WebAssembly;
  if (!wasm) return null;
  if (compiled === undefined) {
    const bytes = lifSimdModuleBytes();
    compiled = wasm.validate(bytes) ? new wasm.Module(bytes) : null;
  }
  return compiled === null ? null : { module: compiled, wasm };
}
