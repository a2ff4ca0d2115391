import type { WasmFunction } from './wasm-encoder';
import { ValType, op } from './wasm-encoder';
import type { Code } from './wasm-builder';
import { Fn, cat, f64c, i32c, iadd, ishl, loop, when } from './wasm-builder';
import { SpikeFlag } from '../spike/spike-flags';
import { PARAMS, POW2 } from './kernel-layout';

/**
 * Two-lane (f64x2) versions of the forward LIF and two-compartment kernels of
 * `neuron-kernels.ts`: elements idx and idx + 1 of one sample per instruction, every element
 * computed by the same float64 operations in the same order as `lifForwardSample` /
 * `twoCompartmentForwardSample` (IEEE-754 addition, multiplication and division give the same
 * result in a SIMD lane as in a scalar register), the branches turned into lane selects, and the
 * soft-spike exponential by {@link expPair} (fdlibm, as `expKernel`, two lanes at a time). The
 * kernels need an even population size (then a pair never spans two samples and its thresholds
 * are adjacent); `kernel-arena.ts` runs the scalar kernels otherwise.
 */

const I32 = ValType.i32;
const F64 = ValType.f64;
const V128 = ValType.v128;

const splat = (x: Code) => cat(x, op.f64x2Splat);
const vadd = (a: Code, b: Code) => cat(a, b, op.f64x2Add);
const vsub = (a: Code, b: Code) => cat(a, b, op.f64x2Sub);
const vmul = (a: Code, b: Code) => cat(a, b, op.f64x2Mul);
/** `mask ? a : b` lane by lane. */
const vsel = (mask: Code, a: Code, b: Code) => cat(a, b, mask, op.v128Bitselect);
/** Two float32 elements at `addr` as an f64x2. */
const ld2 = (addr: Code) => cat(addr, op.v128Load64Zero(0), op.f64x2PromoteLowF32x4);
/** Store an f64x2 as two float32 elements at `addr`. */
const st2 = (addr: Code, value: Code) => cat(addr, value, op.f32x4DemoteF64x2Zero, op.v128Store64Lane(0, 0));

/**
 * Loop-invariant f64x2 values of a kernel, splatted once before its loop (V8 does not hoist
 * them): `get(key, value)` declares local `c:key` on first use and returns its read;
 * `init` is the code that fills them, to run before the loop.
 */
class Invariants {
  private readonly code: number[] = [];
  private readonly seen = new Set<string>();
  constructor(private readonly f: Fn) {}
  get(key: string, value: Code): Code {
    const name = `c:${key}`;
    if (!this.seen.has(name)) {
      this.seen.add(name);
      this.f.declare(name, V128);
      this.code.push(...this.f.set(name, splat(value)));
    }
    return this.f.get(name);
  }
  /** A constant number, splatted. */
  num(x: number): Code {
    return this.get(`#${Object.is(x, -0) ? '-0' : String(x)}`, f64c(x));
  }
  /** A float64 parameter of the kernel, splatted. */
  param(name: string): Code {
    return this.get(name, this.f.get(name));
  }
  get init(): Code {
    return this.code;
  }
}

/**
 * e^x of both lanes of local `x`, into local `out`: `expKernel`'s fdlibm steps lane by lane
 * (nearest with the Math.round tie fix, the two-part reduction, the rational approximation, the
 * exact power-of-two table). A pair with a lane outside (−700, 700), NaN or |x| < 2⁻²⁷ goes to
 * the scalar `exp` (function `expIndex`), which delegates those to Math.exp.
 */
export function expPair(f: Fn, inv: Invariants, expIndex: number, x: string, out: string): Code {
  for (const n of ['ev', 'ek', 'ehi', 'elo', 'er', 'et', 'ec']) f.declare(n, V128);
  const g = f.get;
  const c = (k: number) => inv.num(k);
  const bad = cat(
    // !(x > −700 && x < 700) || (x > −2⁻²⁷ && x < 2⁻²⁷)
    g(x),
    c(-700),
    op.f64x2Gt,
    g(x),
    c(700),
    op.f64x2Lt,
    op.v128And,
    op.v128Not,
    g(x),
    c(-(2 ** -27)),
    op.f64x2Gt,
    g(x),
    c(2 ** -27),
    op.f64x2Lt,
    op.v128And,
    op.v128Or,
    op.v128AnyTrue,
  );
  const scalar = f.set(out, cat(g(x), op.f64x2ExtractLane(0), op.call(expIndex), op.f64x2Splat, g(x), op.f64x2ExtractLane(1), op.call(expIndex), op.f64x2ReplaceLane(1)));
  const P = [1.66666666666666019037e-1, -2.77777777770155933842e-3, 6.61375632143793436117e-5, -1.6533902205465251539e-6, 4.13813679705723846039e-8];
  const t = g('et');
  const poly = vmul(t, vadd(c(P[0]!), vmul(t, vadd(c(P[1]!), vmul(t, vadd(c(P[2]!), vmul(t, vadd(c(P[3]!), vmul(t, c(P[4]!))))))))));
  /** 2^k of lane L: POW2[trunc(k) + 1024]. */
  const pow = (L: number) => cat(g('ek'), op.i32x4TruncSatF64x2SZero, op.i32x4ExtractLane(L), i32c(1024), op.i32Add, i32c(3), op.i32Shl, op.f64Load(POW2));
  const vector = cat(
    f.set('ev', vmul(g(x), c(1.442695040888963387))),
    f.set('ek', cat(g('ev'), op.f64x2Nearest)),
    // Math.round: a tie rounds toward +∞
    f.set('ek', vsel(cat(vsub(g('ev'), g('ek')), c(0.5), op.f64x2Eq), vadd(g('ek'), c(1)), g('ek'))),
    f.set('ehi', vsub(g(x), vmul(g('ek'), c(6.9314718036912381649e-1)))),
    f.set('elo', vmul(g('ek'), c(1.90821492927058770002e-10))),
    f.set('er', vsub(g('ehi'), g('elo'))),
    f.set('et', vmul(g('er'), g('er'))),
    f.set('ec', vsub(g('er'), poly)),
    // y = 1 − (lo − r·c/(2 − c) − hi), times 2^k
    f.set(out, vmul(vsub(c(1), vsub(vsub(g('elo'), cat(vmul(g('er'), g('ec')), vsub(c(2), g('ec')), op.f64x2Div)), g('ehi'))), cat(pow(0), op.f64x2Splat, pow(1), op.f64x2ReplaceLane(1)))),
  );
  return cat(bad, op.if, scalar, op.else, vector, op.end);
}

/** Locals and the shared statements of both kernels (pairs of elements; `elAt(p)` = address of the pair in array `p`). */
function pairKernel(f: Fn) {
  const inv = new Invariants(f);
  for (const n of ['idx', 'i', 'idx4']) f.declare(n, I32);
  for (const n of ['rho', 'cf', 'u', 's', 'fired', 'flags', 'ex', 'e']) f.declare(n, V128);
  const g = f.get;
  const el = (base: string) => iadd(g(base), g('idx4'));
  const zero = op.v128Zero;
  /** ρ = max(ρ0 − dt, 0) (NaN stays), canFire = ρ ≤ 0. */
  const refractory = cat(f.set('rho', vsub(ld2(el('rho0')), inv.param('dt'))), f.set('rho', vsel(cat(g('rho'), zero, op.f64x2Lt), zero, g('rho'))), f.set('cf', cat(g('rho'), zero, op.f64x2Le)));
  /** u = v − θ_i (− ξ_θ), stored to uMv. */
  const threshold = (v: string) => {
    const th = cat(i32c(PARAMS), g('i'), i32c(3), op.i32Shl, op.i32Add, op.v128Load());
    return cat(f.set('u', cat(g('nTh'), op.ifV128, vsub(vsub(g(v), th), ld2(el('nTh'))), op.else, vsub(g(v), th), op.end)), st2(el('uMv'), g('u')));
  };
  /** s = canFire ? (soft ? 1/(1 + e^(−u/T)) : u > 0) : 0, stored; fired = f32(s) > 0.5. */
  const fires = (expIndex: number) =>
    cat(
      g('soft'),
      op.if,
      f.set('ex', vmul(cat(g('u'), op.f64x2Neg), inv.param('invT'))),
      expPair(f, inv, expIndex, 'ex', 'e'),
      f.set('s', cat(inv.num(1), vadd(inv.num(1), g('e')), op.f64x2Div)),
      op.else,
      f.set('s', cat(g('u'), zero, op.f64x2Gt, inv.num(1), op.v128And)),
      op.end,
      f.set('s', cat(g('s'), g('cf'), op.v128And)),
      st2(el('spikes'), g('s')),
      f.set('fired', cat(ld2(el('spikes')), inv.num(0.5), op.f64x2Gt)),
    );
  /** flags |= bit where mask. */
  const flagIf = (mask: Code, bit: number) => f.set('flags', cat(g('flags'), mask, i32c(bit), op.i32x4Splat, op.v128And, op.v128Or));
  /** The low byte of each 64-bit lane of `flags` to flags[idx], flags[idx + 1]. */
  const storeFlags = cat(iadd(g('flagsPtr'), g('idx')), g('flags'), op.v128Store8Lane(0, 0), iadd(g('flagsPtr'), g('idx')), g('flags'), op.v128Store8Lane(1, 8));
  /** Pairs over [0, total), i = idx mod n (n even). */
  const pairs = (body: Code) =>
    cat(
      f.set('i', i32c(0)),
      loop(
        f,
        'idx',
        i32c(0),
        g('total'),
        cat(f.set('idx4', ishl(g('idx'), 2)), body, f.set('i', iadd(g('i'), i32c(2))), when(cat(g('i'), g('n'), op.i32Eq), f.set('i', i32c(0))), f.set('idx', iadd(g('idx'), i32c(1)))),
      ),
    );
  return { inv, el, refractory, threshold, fires, flagIf, storeFlags, pairs };
}

/** `lifForwardKernel` two elements at a time (same parameters; n even). */
export function lifForwardSimdKernel(expIndex: number): WasmFunction {
  const ptrs = ['rho0', 'v', 'input', 'nI', 'nV', 'nTh', 'vOut', 'rhoOut', 'spikes', 'uMv', 'flagsPtr'];
  const f = new Fn([['n', I32], ['total', I32], ...ptrs.map((p) => [p, I32] as const), ['soft', I32], ...['dt', 'vRest', 'vReset', 'vMin', 'R', 'refr', 'a', 'invT'].map((p) => [p, F64] as const)]);
  for (const n of ['cur', 'vInf', 'v2', 'v4', 'above']) f.declare(n, V128);
  const g = f.get;
  const k = pairKernel(f);
  const P = (name: string) => k.inv.param(name);
  const body = cat(
    k.refractory,
    f.set('cur', cat(g('nI'), op.ifV128, vadd(ld2(k.el('input')), ld2(k.el('nI'))), op.else, ld2(k.el('input')), op.end)),
    f.set('vInf', vadd(P('vRest'), vmul(P('R'), g('cur')))),
    f.set('v2', vadd(g('vInf'), vmul(vsub(ld2(k.el('v')), g('vInf')), P('a')))),
    when(g('nV'), f.set('v2', vadd(g('v2'), ld2(k.el('nV'))))),
    f.set('above', cat(g('v2'), P('vMin'), op.f64x2Ge)),
    f.set('v4', vsel(g('above'), g('v2'), P('vMin'))),
    f.set('v4', vsel(g('cf'), g('v4'), P('vReset'))),
    k.threshold('v4'),
    k.fires(expIndex),
    st2(k.el('vOut'), vsel(g('fired'), P('vReset'), g('v4'))),
    st2(k.el('rhoOut'), vsel(g('fired'), P('refr'), g('rho'))),
    f.set('flags', op.v128Zero),
    k.flagIf(g('above'), SpikeFlag.aboveFloor),
    k.flagIf(g('cf'), SpikeFlag.canFire),
    k.flagIf(g('fired'), SpikeFlag.fired),
    k.storeFlags,
  );
  const loopCode = k.pairs(body);
  return f.build('lifForwardSimd', [k.inv.init, loopCode]);
}

/** `twoCompartmentForwardKernel` two elements at a time (same parameters; n even). */
export function twoCompartmentForwardSimdKernel(expIndex: number): WasmFunction {
  const ptrs = ['rho0', 'vd', 'va', 'iD', 'iA', 'nD', 'nA', 'nTh', 'vdOut', 'vaOut', 'rhoOut', 'spikes', 'uMv', 'flagsPtr'];
  const f = new Fn([
    ['n', I32],
    ['total', I32],
    ...ptrs.map((p) => [p, I32] as const),
    ['soft', I32],
    ...['dt', 'vReset', 'vMin', 'refr', 'm11', 'm12', 'k11', 'k12', 'leak', 'drive', 'invT'].map((p) => [p, F64] as const),
  ]);
  for (const n of ['bd', 'ba', 'vd0', 'va0', 'vd1', 'va1', 'aboveD', 'aboveA']) f.declare(n, V128);
  const g = f.get;
  const k = pairKernel(f);
  const s = (name: string) => k.inv.param(name);
  const body = cat(
    k.refractory,
    f.set('bd', vadd(s('leak'), vmul(s('drive'), ld2(k.el('iD'))))),
    f.set('ba', cat(g('iA'), op.ifV128, vadd(s('leak'), vmul(s('drive'), ld2(k.el('iA')))), op.else, s('leak'), op.end)),
    f.set('vd0', ld2(k.el('vd'))),
    f.set('va0', ld2(k.el('va'))),
    f.set('vd1', vadd(vadd(vadd(vmul(s('m11'), g('vd0')), vmul(s('m12'), g('va0'))), vmul(s('k11'), g('bd'))), vmul(s('k12'), g('ba')))),
    f.set('va1', vadd(vadd(vadd(vmul(s('m12'), g('vd0')), vmul(s('m11'), g('va0'))), vmul(s('k12'), g('bd'))), vmul(s('k11'), g('ba')))),
    when(g('nD'), f.set('vd1', vadd(g('vd1'), ld2(k.el('nD'))))),
    when(g('nA'), f.set('va1', vadd(g('va1'), ld2(k.el('nA'))))),
    f.set('aboveD', cat(g('vd1'), s('vMin'), op.f64x2Ge)),
    f.set('vd1', vsel(g('aboveD'), g('vd1'), s('vMin'))),
    f.set('aboveA', cat(g('va1'), s('vMin'), op.f64x2Ge)),
    f.set('va1', vsel(g('aboveA'), g('va1'), s('vMin'))),
    f.set('va1', vsel(g('cf'), g('va1'), s('vReset'))),
    k.threshold('va1'),
    k.fires(expIndex),
    st2(k.el('vdOut'), vsel(g('fired'), s('vReset'), g('vd1'))),
    st2(k.el('vaOut'), vsel(g('fired'), s('vReset'), g('va1'))),
    st2(k.el('rhoOut'), vsel(g('fired'), s('refr'), g('rho'))),
    f.set('flags', op.v128Zero),
    k.flagIf(g('aboveD'), SpikeFlag.aboveFloorDendrite),
    k.flagIf(g('aboveA'), SpikeFlag.aboveFloor),
    k.flagIf(g('cf'), SpikeFlag.canFire),
    k.flagIf(g('fired'), SpikeFlag.fired),
    k.storeFlags,
  );
  const loopCode = k.pairs(body);
  return f.build('twoCompartmentForwardSimd', [k.inv.init, loopCode]);
}

/** `expPairs(at, pairs)`: e^x in place for `pairs` f64x2 at byte `at` (the check of {@link expPair} against Math.exp). */
export function expPairsKernel(expIndex: number): WasmFunction {
  const f = new Fn([
    ['at', I32],
    ['pairs', I32],
  ]);
  f.declare('p', I32);
  f.declare('x', V128);
  f.declare('y', V128);
  const inv = new Invariants(f);
  const addr = iadd(f.get('at'), ishl(f.get('p'), 4));
  const body = loop(f, 'p', i32c(0), f.get('pairs'), cat(f.set('x', cat(addr, op.v128Load())), expPair(f, inv, expIndex, 'x', 'y'), addr, f.get('y'), op.v128Store()));
  return f.build('expPairs', [inv.init, body]);
}
