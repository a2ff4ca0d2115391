import { Fn, cat, f64c, i32c, iadd, ishl, loop } from '../wasm/wasm-builder';
import type { Code } from '../wasm/wasm-builder';
import { encodeModule, op, ValType } from '../wasm/wasm-encoder';
import type { ValTypeCode } from '../wasm/wasm-encoder';
import { PHILOX_CONSTANTS } from '../random/philox';
import { FDLIBM_LOG } from '../random/portable-math';

/**
 * One step of a Poisson population's spikes as WebAssembly functions, the same bits as
 * `updatePoisson` in `run-simulation.ts` (which this module replaces per population when
 * `CompiledNetwork.poissonKernels` says `wasm`):
 *
 * - the step's generator is seeded as `createRng(seed).openInto(block, population, step,
 *   POISSON_SOURCE, stream)` does: Philox4x32-10 of the counter (stream, population, step,
 *   source) under the key (seed low word, seed high word), the four output words as the
 *   xoshiro128** state (all zero → (1, 0, 0, 0)); the 32 × 32 → 64-bit products are exact i64
 *   multiplications;
 * - `poisson_bernoulli(k0, k1, c0, c1, c3, prob, size, spikes, step)`: per neuron i in order, one
 *   xoshiro128** word r and u = (r >>> 8)·2⁻²⁴ (`BlockRng.fillUniform`), a spike when
 *   u < prob[i] (`prob` holds the step's probabilities, float64);
 * - `poisson_geometric(k0, k1, c0, c1, c3, lnQ, size, spikes, step)`: geometric gaps
 *   i ← i + (1 + ⌊log(1 − u) / ln(1 − p)⌋) from i = −1 while i < size, u a 53-bit uniform from
 *   two words (`BlockRng.nextUniform`) and log the fdlibm algorithm of `portableLog` (exponent
 *   and mantissa read from the bits, which for 1 − u in [2⁻⁵³, 1] — always a normal number —
 *   gives the same m and k; then the same operations in the same order).
 *
 * Both return the spike count and write the spiking indices (int32, ascending) at `spikes`.
 * Integer operations are exact and float64 operations round as in JavaScript, so the spikes are
 * the same as the JavaScript path's (a parity test runs both on a small network).
 */
const I32 = ValType.i32;
const F64 = ValType.f64;
const I64 = ValType.i64;

/** i64 opcodes (spec §5.4.5) the Philox products and the log's bit reads need. */
const i64 = {
  mul: [0x7e],
  and: [0x83],
  or: [0x84],
  shrU: [0x88],
  extendI32U: [0xad],
  wrap: [0xa7],
  reinterpretF64: [0xbd],
  f64ReinterpretI64: [0xbf],
};
const f64Floor = [0x9c];

/** Signed LEB128 of a 64-bit integer. */
function sleb64(n: bigint): number[] {
  const out: number[] = [];
  let v = BigInt.asIntN(64, n);
  for (;;) {
    const byte = Number(v & 0x7fn);
    v >>= 7n;
    if ((v === 0n && (byte & 0x40) === 0) || (v === -1n && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}
const i64c = (n: bigint): Code => [0x42, ...sleb64(n)];

const { W0, W1 } = PHILOX_CONSTANTS;
const M0 = BigInt(PHILOX_CONSTANTS.M0);
const M1 = BigInt(PHILOX_CONSTANTS.M1);
const { LN2_HI, LN2_LO, LG1, LG2, LG3, LG4, LG5, LG6, LG7, SQRT_HALF } = FDLIBM_LOG;

const xor = (a: Code, b: Code) => cat(a, b, op.i32Xor);

/** The parameters both kernels share, in order: key words, counter words but the step, then the kernel's own, then the step. */
function kernelParams(own: [string, ValTypeCode]): [string, ValTypeCode][] {
  return [['k0', I32], ['k1', I32], ['c0', I32], ['c1', I32], ['c3', I32], own, ['size', I32], ['spikes', I32], ['c2', I32]];
}

/** Locals of the generator: counter/key words (params), the xoshiro state, products and temporaries. */
function declareGenerator(f: Fn): void {
  for (const name of ['s0', 's1', 's2', 's3', 't', 'r', 'a', 'b', 'count']) f.declare(name, I32);
  for (const name of ['P0', 'P1']) f.declare(name, I64);
}

/** Philox4x32-10 of (c0, c1, c2, c3) under (k0, k1) into the xoshiro state s0..s3 (`createRng(seed).openInto`). */
function philoxSeed(f: Fn): Code {
  const g = f.get;
  const rounds: Code[] = [];
  for (let round = 0; round < 10; round++) {
    if (round > 0) rounds.push(f.set('k0', iadd(g('k0'), i32c(W0 | 0))), f.set('k1', iadd(g('k1'), i32c(W1 | 0))));
    rounds.push(
      f.set('P0', cat(g('c0'), i64.extendI32U, i64c(M0), i64.mul)),
      f.set('P1', cat(g('c2'), i64.extendI32U, i64c(M1), i64.mul)),
      f.set('a', xor(xor(cat(g('P1'), i64c(32n), i64.shrU, i64.wrap), g('c1')), g('k0'))),
      f.set('b', xor(xor(cat(g('P0'), i64c(32n), i64.shrU, i64.wrap), g('c3')), g('k1'))),
      f.set('c1', cat(g('P1'), i64.wrap)),
      f.set('c3', cat(g('P0'), i64.wrap)),
      f.set('c0', g('a')),
      f.set('c2', g('b')),
    );
  }
  return cat(
    ...rounds,
    f.set('s0', g('c0')),
    f.set('s1', g('c1')),
    f.set('s2', g('c2')),
    f.set('s3', g('c3')),
    cat(g('s0'), g('s1'), op.i32Or, g('s2'), op.i32Or, g('s3'), op.i32Or, op.i32Eqz),
    op.if,
    f.set('s0', i32c(1)),
    op.end,
  );
}

/** The next xoshiro128** word into local `r` (`BlockRng.nextUint32`). */
function nextWord(f: Fn): Code {
  const g = f.get;
  return cat(
    f.set('r', cat(g('s1'), i32c(5), op.i32Mul, i32c(7), op.i32Rotl, i32c(9), op.i32Mul)),
    f.set('t', ishl(g('s1'), 9)),
    f.set('s2', xor(g('s2'), g('s0'))),
    f.set('s3', xor(g('s3'), g('s1'))),
    f.set('s1', xor(g('s1'), g('s2'))),
    f.set('s0', xor(g('s0'), g('s3'))),
    f.set('s2', xor(g('s2'), g('t'))),
    f.set('s3', cat(g('s3'), i32c(11), op.i32Rotl)),
  );
}

const spikeAppend = (f: Fn, index: Code): Code => cat(iadd(f.get('spikes'), ishl(f.get('count'), 2)), index, op.i32Store(), f.set('count', iadd(f.get('count'), i32c(1))));

function bernoulliKernel(): Parameters<typeof encodeModule>[0][number] {
  const f = new Fn(kernelParams(['prob', I32]));
  declareGenerator(f);
  f.declare('i', I32);
  const g = f.get;
  const neuron = cat(
    nextWord(f),
    cat(g('r'), i32c(8), op.i32ShrU, op.f64ConvertI32U, f64c(2 ** -24), op.f64Mul),
    cat(g('prob'), ishl(g('i'), 3), op.i32Add, op.f64Load()),
    op.f64Lt,
    op.if,
    spikeAppend(f, g('i')),
    op.end,
  );
  return { ...f.build('poisson_bernoulli', [philoxSeed(f), f.set('count', i32c(0)), loop(f, 'i', i32c(0), g('size'), neuron), g('count')]), results: [I32] };
}

/** portableLog of the float64 local `x` (normal, > 0) into local `L`. */
function logOf(f: Fn): Code {
  const g = f.get;
  const k = cat(g('k'), op.f64ConvertI32S);
  return cat(
    f.set('B', cat(g('x'), i64.reinterpretF64)),
    f.set('k', cat(g('B'), i64c(52n), i64.shrU, i64.wrap, i32c(1023), op.i32Sub)),
    f.set('m', cat(g('B'), i64c(0x000fffffffffffffn), i64.and, i64c(0x3ff0000000000000n), i64.or, i64.f64ReinterpretI64)),
    cat(g('m'), f64c(2 * SQRT_HALF), op.f64Gt),
    op.if,
    f.set('m', cat(g('m'), f64c(0.5), op.f64Mul)),
    f.set('k', iadd(g('k'), i32c(1))),
    op.end,
    f.set('F', cat(g('m'), f64c(1), op.f64Sub)),
    f.set('S', cat(g('F'), f64c(2), g('F'), op.f64Add, op.f64Div)),
    f.set('Z', cat(g('S'), g('S'), op.f64Mul)),
    f.set('W', cat(g('Z'), g('Z'), op.f64Mul)),
    // t1 = w·(LG2 + w·(LG4 + w·LG6)); t2 = z·(LG1 + w·(LG3 + w·(LG5 + w·LG7))); R = t2 + t1
    f.set('T1', cat(g('W'), f64c(LG2), g('W'), f64c(LG4), g('W'), f64c(LG6), op.f64Mul, op.f64Add, op.f64Mul, op.f64Add, op.f64Mul)),
    f.set('T2', cat(g('Z'), f64c(LG1), g('W'), f64c(LG3), g('W'), f64c(LG5), g('W'), f64c(LG7), op.f64Mul, op.f64Add, op.f64Mul, op.f64Add, op.f64Mul, op.f64Add, op.f64Mul)),
    f.set('R', cat(g('T2'), g('T1'), op.f64Add)),
    f.set('H', cat(f64c(0.5), g('F'), op.f64Mul, g('F'), op.f64Mul)),
    // k·LN2_HI − ((hfsq − (s·(hfsq + R) + k·LN2_LO)) − f)
    f.set('L', cat(k, f64c(LN2_HI), op.f64Mul, g('H'), g('S'), g('H'), g('R'), op.f64Add, op.f64Mul, k, f64c(LN2_LO), op.f64Mul, op.f64Add, op.f64Sub, g('F'), op.f64Sub, op.f64Sub)),
  );
}

function geometricKernel(): Parameters<typeof encodeModule>[0][number] {
  const f = new Fn(kernelParams(['lnQ', F64]));
  declareGenerator(f);
  f.declare('k', I32);
  f.declare('hi', I32);
  f.declare('B', I64);
  for (const name of ['I', 'N', 'x', 'm', 'F', 'S', 'Z', 'W', 'T1', 'T2', 'R', 'H', 'L']) f.declare(name, F64);
  const g = f.get;
  const body = cat(
    philoxSeed(f),
    f.set('count', i32c(0)),
    f.set('N', cat(g('size'), op.f64ConvertI32S)),
    f.set('I', f64c(-1)),
    op.block,
    op.loop,
    // u = ((r1 >>> 5)·2²⁶ + (r2 >>> 6))·2⁻⁵³; x = 1 − u
    nextWord(f),
    f.set('hi', cat(g('r'), i32c(5), op.i32ShrU)),
    nextWord(f),
    f.set('x', cat(f64c(1), g('hi'), op.f64ConvertI32U, f64c(67108864), op.f64Mul, g('r'), i32c(6), op.i32ShrU, op.f64ConvertI32U, op.f64Add, f64c(2 ** -53), op.f64Mul, op.f64Sub)),
    logOf(f),
    // i ← i + (1 + ⌊L / lnQ⌋); stop unless i < size
    f.set('I', cat(g('I'), f64c(1), g('L'), g('lnQ'), op.f64Div, f64Floor, op.f64Add, op.f64Add)),
    cat(g('I'), g('N'), op.f64Lt, op.i32Eqz),
    op.brIf(1),
    spikeAppend(f, cat(g('I'), op.i32TruncF64S)),
    op.br(0),
    op.end,
    op.end,
    g('count'),
  );
  return { ...f.build('poisson_geometric', [body]), results: [I32] };
}

/** A Poisson kernel with its run's fixed arguments bound: draws step `n`'s spikes and returns their count. */
export type PoissonKernel = (k0: number, k1: number, c0: number, c1: number, c3: number, probOrLnQ: number, size: number, spikes: number, step: number) => number;

/** The bytes of the Poisson module (imports `env.memory`), for inspection and benchmarks. */
export function poissonWasmModuleBytes(): Uint8Array {
  return encodeModule([bernoulliKernel(), geometricKernel()]);
}

interface WasmGlobal {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}

let compiled: object | null | undefined;

/** @internal The compiled Poisson module, or null where WebAssembly is unavailable (compiled once). */
export function poissonWasmModule(): { module: object; wasm: WasmGlobal } | null {
  const wasm = (globalThis as unknown as { WebAssembly?: WasmGlobal }).WebAssembly;
  if (!wasm) return null;
  if (compiled === undefined) {
    const bytes = poissonWasmModuleBytes();
    compiled = wasm.validate(bytes) ? new wasm.Module(bytes) : null;
  }
  return compiled === null ? null : { module: compiled, wasm };
}
