import {
  arenaAdd,
  arenaAddMulOnePlus,
  arenaAddTo,
  arenaDivideOnePlus,
  arenaDivideOnePlusBackward,
  arenaMulOnePlus,
  createKernelArena,
  setWasmKernelsEnabled,
  wasmKernelsAvailable,
} from '../../src/index';
import type { KernelArena } from '../../src/index';
import { seededNormal, seededUniform } from '../helpers/seeded';

// The element-wise SIMD kernels (float32 arrays of a kernel arena) against the JavaScript loops
// they replace in the circuit engine, bit for bit: lengths below, at and above the vector width
// (the scalar tail), values spanning many binades, signed zeros, subnormals and ties.

const LENGTHS = [0, 1, 2, 3, 4, 5, 7, 8, 2305];

/** n values: normals of several scales, and special values spread through the array. */
function values(tag: number, n: number): Float32Array {
  const out = Float32Array.from(seededNormal(tag, n), (x, i) => x * 10 ** ((i % 9) - 4));
  const special = [0, -0, 1e-45, -1e-45, 1.1754942e-38, 3.4e38, -3.4e38, 0.5, -0.5, 1, -1, 16777217, 1e-8];
  const at = seededUniform(tag + 100, special.length, 0, n);
  special.forEach((v, k) => n > 0 && (out[Math.floor(at[k]!)] = v));
  return out;
}
/** Denominator offsets D > −1 (1 + D > 0, as the APL inhibition), some near −1 and some huge. */
function offsets(tag: number, n: number): Float32Array {
  return Float32Array.from(seededUniform(tag, n, 0, 1), (u, i) => (i % 5 === 0 ? -1 + 1e-6 * (u + 0.01) : i % 7 === 0 ? 1e6 * u : 4 * u));
}
const bits = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));

/** The six operations on copies of the inputs made by `f` (arena or plain arrays): their outputs, and which ran as kernels. */
function runAll(f: (x: Float32Array) => Float32Array, n: number) {
  const a = f(values(1, n));
  const b = f(values(2, n));
  const xi = f(Float32Array.from(seededNormal(3, n, 0.3)));
  const D = f(offsets(4, n));
  const g = f(values(5, n));
  const [sum, mul, div, gA, gD] = [0, 1, 2, 3, 4].map(() => f(new Float32Array(n)));
  const acc = f(values(1, n));
  const accMul = f(values(2, n));
  const ran = [
    arenaAdd(sum!, a, b) || (loops.add(sum!, a, b), false),
    arenaAddTo(acc, b) || (loops.addTo(acc, b), false),
    arenaMulOnePlus(mul!, a, xi) || (loops.mulOnePlus(mul!, a, xi), false),
    arenaAddMulOnePlus(accMul, g, xi) || (loops.addMulOnePlus(accMul, g, xi), false),
    arenaDivideOnePlus(div!, a, D) || (loops.divideOnePlus(div!, a, D), false),
    arenaDivideOnePlusBackward(gA!, gD!, g, a, D) || (loops.divideOnePlusBackward(gA!, gD!, g, a, D), false),
  ];
  return { outputs: [sum!, acc, mul!, accMul, div!, gA!, gD!], ran };
}

describe('WebAssembly kernels (KernelArena): element-wise vector operations', () => {
  const arenaFor = () => createKernelArena({ float32Elements: 16 * 2400 })!;
  const copyInto = (arena: KernelArena) => (x: Float32Array) => {
    const a = arena.float32(x.length);
    a.set(x);
    return a;
  };

  test.each(LENGTHS)('length %i: add, addTo, mulOnePlus, addMulOnePlus, divideOnePlus and its VJP equal the JavaScript loops bit for bit', (n) => {
    expect(wasmKernelsAvailable()).toBe(true);
    const wasm = runAll(copyInto(arenaFor()), n);
    const js = runAll((x) => Float32Array.from(x), n);
    // the arena arrays took the kernels, the plain arrays the loops
    expect(wasm.ran).toEqual(new Array(6).fill(true));
    expect(js.ran).toEqual(new Array(6).fill(false));
    wasm.outputs.forEach((w, k) => expect(bits(w)).toEqual(bits(js.outputs[k]!)));
    if (n > 8) for (const out of js.outputs) expect(new Set(bits(out)).size).toBeGreaterThan(n / 2); // real work, not zeros
  });

  test('arrays of different lengths, of two arenas, outside an arena, or with the kernels switched off: nothing done (false)', () => {
    const arena = arenaFor();
    const a = arena.float32(8).fill(1);
    const b = arena.float32(8).fill(2);
    expect(arenaAdd(a, b, arena.float32(7))).toBe(false);
    expect(arenaAddTo(a, arenaFor().float32(8))).toBe(false);
    expect(arenaAddTo(a, new Float32Array(8))).toBe(false);
    expect(arenaAddTo(new Float32Array(8), a)).toBe(false);
    expect(Array.from(a)).toEqual(new Array(8).fill(1));
    setWasmKernelsEnabled(false);
    try {
      expect(arenaAddTo(a, b)).toBe(false);
    } finally {
      setWasmKernelsEnabled(true);
    }
    expect(arenaAddTo(a, b)).toBe(true);
    expect(Array.from(a)).toEqual(new Array(8).fill(3));
  });
});

/** The JavaScript loops of the circuit engine (`engine-vectors.ts` of @olfactory/model). */
const loops = {
  add: (out: Float32Array, a: Float32Array, b: Float32Array) => {
    for (let i = 0; i < out.length; i++) out[i] = a[i]! + b[i]!;
  },
  addTo: (out: Float32Array, a: Float32Array) => {
    for (let i = 0; i < out.length; i++) out[i]! += a[i]!;
  },
  mulOnePlus: (out: Float32Array, a: Float32Array, xi: Float32Array) => {
    for (let i = 0; i < out.length; i++) out[i] = a[i]! * (1 + xi[i]!);
  },
  addMulOnePlus: (out: Float32Array, a: Float32Array, xi: Float32Array) => {
    for (let i = 0; i < out.length; i++) out[i]! += a[i]! * (1 + xi[i]!);
  },
  divideOnePlus: (out: Float32Array, a: Float32Array, D: Float32Array) => {
    for (let i = 0; i < out.length; i++) out[i] = a[i]! / (1 + D[i]!);
  },
  divideOnePlusBackward: (gA: Float32Array, gD: Float32Array, g: Float32Array, a: Float32Array, D: Float32Array) => {
    for (let i = 0; i < g.length; i++) {
      const inv = 1 / (1 + D[i]!);
      gA[i] = g[i]! * inv;
      gD[i] = -g[i]! * a[i]! * inv * inv;
    }
  },
};
