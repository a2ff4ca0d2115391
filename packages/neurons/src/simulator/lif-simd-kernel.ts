import { Fn, cat, f64c, i32c } from '../wasm/wasm-builder';
import type { Code } from '../wasm/wasm-builder';
import { encodeModule, op, uleb, ValType } from '../wasm/wasm-encoder';

/**
 * The simulator's hot LIF update as one WebAssembly SIMD function (two neurons per f64x2 lane
 * pair), for populations whose parameters are population-wide, with two synapse channels and no
 * injected current (the CUBA case). It performs, per neuron, exactly the float64 operations of
 * the JavaScript loop `updateLifUniform2` in `run-simulation.ts`, in the same order (WebAssembly
 * has no fused multiply-add and rounds like JavaScript), so both give the same bits:
 *
 *   s0' = s0·a0;  s1' = s1·a1
 *   x = ((rest + (v − rest)·am) + s0·k0) + s1·k1           (from the old s0, s1)
 *   refractory (r > 0):  v kept, r ← r − 1
 *   else if x > th:      v ← reset, r ← rs, spike
 *   else:                v ← x
 *
 * Memory layout (byte addresses, each array padded to a multiple of 4 neurons, n4; padding lanes hold
 * v = −∞ so they never spike): v, r (refractory steps as float64), s0, s1 (n4 float64 each),
 * spikes (n4 int32). Four neurons per loop iteration. Returns the number of spikes written.
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
/** a & ~b */
const andNot = (a: Code, b: Code) => cat(a, b, simd(0x4f));
/** c ? a : b, lane-wise on bit masks */
const bitselect = (a: Code, b: Code, c: Code) => cat(a, b, c, simd(0x52));
const anyTrue = (a: Code) => cat(a, simd(0x53));
const laneWord = (a: Code, lane: number) => cat(a, simd(0x1b, lane));
const splat = (x: Code) => cat(x, simd(0x14));

function lifUniform2(): Parameters<typeof encodeModule>[0][number] {
  const f = new Fn([
    ['n', I32], ['v', I32], ['r', I32], ['g0', I32], ['g1', I32], ['spikes', I32],
    ['rest', F64], ['am', F64], ['th', F64], ['reset', F64], ['k0', F64], ['k1', F64], ['a0', F64], ['a1', F64], ['rs', F64],
  ]);
  for (const name of ['off', 'end', 'count', 'idx']) f.declare(name, I32);
  for (const name of ['REST', 'AM', 'TH', 'RESET', 'K0', 'K1', 'A0', 'A1', 'RS', 'ONE', 'ZERO', 'V', 'S0', 'S1', 'R', 'X', 'RM', 'SP']) f.declare(name, V128);
  const g = f.get;
  const at = (base: string) => cat(g(base), g('off'), op.i32Add);
  const pushSpike = (lane: number, plus: number) =>
    cat(
      laneWord(g('SP'), lane), op.if,
      g('spikes'), g('count'), i32c(2), op.i32Shl, op.i32Add, g('idx'), i32c(plus), op.i32Add, op.i32Store(),
      f.set('count', cat(g('count'), i32c(1), op.i32Add)),
      op.end,
    );
  /** Two neurons: the f64x2 pair at byte offset off + 16·pair. */
  const pair = (k: number) =>
    cat(
      f.set('V', load(at('v'), 16 * k)), f.set('S0', load(at('g0'), 16 * k)), f.set('S1', load(at('g1'), 16 * k)), f.set('R', load(at('r'), 16 * k)),
      store(at('g0'), mul(g('S0'), g('A0')), 16 * k),
      store(at('g1'), mul(g('S1'), g('A1')), 16 * k),
      f.set('X', add(add(add(g('REST'), mul(sub(g('V'), g('REST')), g('AM'))), mul(g('S0'), g('K0'))), mul(g('S1'), g('K1')))),
      f.set('RM', gt(g('R'), g('ZERO'))),
      f.set('SP', andNot(gt(g('X'), g('TH')), g('RM'))),
      store(at('v'), bitselect(g('RESET'), bitselect(g('V'), g('X'), g('RM')), g('SP')), 16 * k),
      store(at('r'), bitselect(sub(g('R'), g('ONE')), bitselect(g('RS'), g('R'), g('SP')), g('RM')), 16 * k),
      anyTrue(g('SP')), op.if,
      f.set('idx', cat(g('off'), i32c(3), op.i32ShrU)),
      pushSpike(0, 2 * k),
      pushSpike(2, 2 * k + 1),
      op.end,
    );
  const body = cat(
    f.set('REST', splat(g('rest'))), f.set('AM', splat(g('am'))), f.set('TH', splat(g('th'))), f.set('RESET', splat(g('reset'))),
    f.set('K0', splat(g('k0'))), f.set('K1', splat(g('k1'))), f.set('A0', splat(g('a0'))), f.set('A1', splat(g('a1'))),
    f.set('RS', splat(g('rs'))), f.set('ONE', splat(f64c(1))), f.set('ZERO', splat(f64c(0))),
    f.set('end', cat(g('n'), i32c(3), op.i32Shl)),
    f.set('off', i32c(0)), f.set('count', i32c(0)),
    op.block, op.loop,
    g('off'), g('end'), op.i32GeS, op.brIf(1),
    pair(0),
    pair(1),
    f.set('off', cat(g('off'), i32c(32), op.i32Add)),
    op.br(0), op.end, op.end,
    g('count'),
  );
  return { ...f.build('lifUniform2', [body]), results: [I32] };
}

/**
 * Delay-ring delivery of one channel: s ← s + ring; ring ← 0 over n (a multiple of 2) float64
 * entries — the same single addition per entry as `deliverSynapses` in JavaScript.
 */
function deliver(): Parameters<typeof encodeModule>[0][number] {
  const f = new Fn([['n', I32], ['g', I32], ['ring', I32]]);
  f.declare('off', I32);
  f.declare('end', I32);
  const g = f.get;
  const at = (base: string) => cat(g(base), g('off'), op.i32Add);
  const body = cat(
    f.set('end', cat(g('n'), i32c(3), op.i32Shl)),
    f.set('off', i32c(0)),
    op.block, op.loop,
    g('off'), g('end'), op.i32GeS, op.brIf(1),
    store(at('g'), add(load(at('g')), load(at('ring')))),
    store(at('ring'), op.v128Zero),
    f.set('off', cat(g('off'), i32c(16), op.i32Add)),
    op.br(0), op.end, op.end,
  );
  return f.build('deliver', [body]);
}

/** Delivery: `deliver(n, gPtr, ringSlotPtr)`. */
export type DeliverKernel = (n: number, g: number, ring: number) => void;

/** The exported function of the kernel module. */
export type LifUniform2Kernel = (
  n: number, v: number, r: number, g0: number, g1: number, spikes: number,
  rest: number, am: number, th: number, reset: number, k0: number, k1: number, a0: number, a1: number, rs: number,
) => number;

/** @internal The encoded module (imports `env.memory`). */
export function lifSimdModuleBytes(): Uint8Array {
  return encodeModule([lifUniform2(), deliver()]);
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
