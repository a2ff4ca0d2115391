import type { WasmFunction } from './wasm-encoder';
import { ValType, op } from './wasm-encoder';
import type { Code } from './wasm-builder';
import { Fn, cat, f64c, fadd, fmul, i32c, iadd, ishl, ldf32, loop, stf32 } from './wasm-builder';

/**
 * Element-wise kernels over float32 arrays of a kernel arena, for the glue between the neuron
 * and synapse steps of a circuit engine (`vector-ops.ts` runs them). Each computes what the
 * JavaScript loop on `Float32Array`s computes, element by element:
 *
 * - sums of two float32 values (`out[i] = a[i] + b[i]`, `out[i] += a[i]`) as float32×4 additions:
 *   JavaScript adds the two values in float64 and rounds the sum to float32, which equals the
 *   float32 addition (float64 has more than 2·24 + 2 significand bits, so the double rounding is
 *   innocuous);
 * - the rest (`a·(1 + ξ)`, `a/(1 + D)`, …) in float64, two elements per f64x2 instruction, with
 *   the operations of the JavaScript expression in its order, rounded to float32 where the
 *   JavaScript stores.
 *
 * Every kernel takes byte addresses and the element count; the tail of fewer than a vector runs
 * the scalar form of the same operations.
 */

const I32 = ValType.i32;
const V128 = ValType.v128;

/** for (i = 0; i + per ≤ n; i += per) vec; for (; i < n; i++) one — `i` counts elements, `o` = 4·i. */
function stripes(f: Fn, per: number, vec: Code, one: Code): Code {
  const o = cat(f.set('o', ishl(f.get('i'), 2)));
  return cat(
    f.set('i', i32c(0)),
    op.block,
    op.loop,
    iadd(f.get('i'), i32c(per)),
    f.get('n'),
    op.i32GtS,
    op.brIf(1),
    o,
    vec,
    f.set('i', iadd(f.get('i'), i32c(per))),
    op.br(0),
    op.end,
    op.end,
    loop(f, 'i', f.get('i'), f.get('n'), cat(o, one)),
  );
}

function vectorFn(arrays: readonly string[]): Fn {
  const f = new Fn([...arrays.map((a) => [a, I32] as const), ['n', I32]]);
  f.declare('i', I32);
  f.declare('o', I32);
  return f;
}
const at = (f: Fn, a: string) => iadd(f.get(a), f.get('o'));
/** Two float32 elements as an f64x2 / an f64x2 stored as two float32 elements. */
const ld2 = (addr: Code) => cat(addr, op.v128Load64Zero(0), op.f64x2PromoteLowF32x4);
const st2 = (addr: Code, value: Code) => cat(addr, value, op.f32x4DemoteF64x2Zero, op.v128Store64Lane(0, 0));
const one2 = cat(f64c(1), op.f64x2Splat);

/** `vecAdd(out, a, b, n)`: out = a + b. */
export function vecAddKernel(): WasmFunction {
  const f = vectorFn(['out', 'a', 'b']);
  const vec = cat(at(f, 'out'), at(f, 'a'), op.v128Load(), at(f, 'b'), op.v128Load(), op.f32x4Add, op.v128Store());
  const one = cat(at(f, 'out'), at(f, 'a'), op.f32Load(), at(f, 'b'), op.f32Load(), op.f32Add, op.f32Store());
  return f.build('vecAdd', [stripes(f, 4, vec, one)]);
}

/** `vecAddTo(out, a, n)`: out += a. */
export function vecAddToKernel(): WasmFunction {
  const f = vectorFn(['out', 'a']);
  const vec = cat(at(f, 'out'), at(f, 'out'), op.v128Load(), at(f, 'a'), op.v128Load(), op.f32x4Add, op.v128Store());
  const one = cat(at(f, 'out'), at(f, 'out'), op.f32Load(), at(f, 'a'), op.f32Load(), op.f32Add, op.f32Store());
  return f.build('vecAddTo', [stripes(f, 4, vec, one)]);
}

/** `vecMulOnePlus(out, a, xi, n)`: out = a·(1 + ξ). */
export function vecMulOnePlusKernel(): WasmFunction {
  const f = vectorFn(['out', 'a', 'xi']);
  const vec = st2(at(f, 'out'), cat(ld2(at(f, 'a')), one2, ld2(at(f, 'xi')), op.f64x2Add, op.f64x2Mul));
  const one = stf32(at(f, 'out'), fmul(ldf32(at(f, 'a')), fadd(f64c(1), ldf32(at(f, 'xi')))));
  return f.build('vecMulOnePlus', [stripes(f, 2, vec, one)]);
}

/** `vecAddMulOnePlus(out, a, xi, n)`: out += a·(1 + ξ). */
export function vecAddMulOnePlusKernel(): WasmFunction {
  const f = vectorFn(['out', 'a', 'xi']);
  const vec = st2(at(f, 'out'), cat(ld2(at(f, 'out')), ld2(at(f, 'a')), one2, ld2(at(f, 'xi')), op.f64x2Add, op.f64x2Mul, op.f64x2Add));
  const one = stf32(at(f, 'out'), fadd(ldf32(at(f, 'out')), fmul(ldf32(at(f, 'a')), fadd(f64c(1), ldf32(at(f, 'xi'))))));
  return f.build('vecAddMulOnePlus', [stripes(f, 2, vec, one)]);
}

/** `vecDivideOnePlus(out, a, D, n)`: out = a/(1 + D). */
export function vecDivideOnePlusKernel(): WasmFunction {
  const f = vectorFn(['out', 'a', 'D']);
  const vec = st2(at(f, 'out'), cat(ld2(at(f, 'a')), one2, ld2(at(f, 'D')), op.f64x2Add, op.f64x2Div));
  const one = stf32(at(f, 'out'), cat(ldf32(at(f, 'a')), fadd(f64c(1), ldf32(at(f, 'D'))), op.f64Div));
  return f.build('vecDivideOnePlus', [stripes(f, 2, vec, one)]);
}

/** `vecDivideOnePlusBackward(gA, gD, g, a, D, n)`: inv = 1/(1 + D); gA = g·inv; gD = −g·a·inv·inv. */
export function vecDivideOnePlusBackwardKernel(): WasmFunction {
  const f = vectorFn(['gA', 'gD', 'g', 'a', 'D']);
  f.declare('inv', V128);
  f.declare('gv', V128);
  f.declare('inv1', ValType.f64);
  f.declare('g1', ValType.f64);
  const vec = cat(
    f.set('inv', cat(one2, one2, ld2(at(f, 'D')), op.f64x2Add, op.f64x2Div)),
    f.set('gv', ld2(at(f, 'g'))),
    st2(at(f, 'gA'), cat(f.get('gv'), f.get('inv'), op.f64x2Mul)),
    st2(at(f, 'gD'), cat(f.get('gv'), op.f64x2Neg, ld2(at(f, 'a')), op.f64x2Mul, f.get('inv'), op.f64x2Mul, f.get('inv'), op.f64x2Mul)),
  );
  const one = cat(
    f.set('inv1', cat(f64c(1), fadd(f64c(1), ldf32(at(f, 'D'))), op.f64Div)),
    f.set('g1', ldf32(at(f, 'g'))),
    stf32(at(f, 'gA'), fmul(f.get('g1'), f.get('inv1'))),
    stf32(at(f, 'gD'), fmul(fmul(fmul(cat(f.get('g1'), op.f64Neg), ldf32(at(f, 'a'))), f.get('inv1')), f.get('inv1'))),
  );
  return f.build('vecDivideOnePlusBackward', [stripes(f, 2, vec, one)]);
}

/** The kernels in module order (`kernel-arena.ts` instantiates them with the others). */
export const VECTOR_KERNELS = ['vecAdd', 'vecAddTo', 'vecMulOnePlus', 'vecAddMulOnePlus', 'vecDivideOnePlus', 'vecDivideOnePlusBackward'] as const;
export const vectorKernels = (): WasmFunction[] => [vecAddKernel(), vecAddToKernel(), vecMulOnePlusKernel(), vecAddMulOnePlusKernel(), vecDivideOnePlusKernel(), vecDivideOnePlusBackwardKernel()];
