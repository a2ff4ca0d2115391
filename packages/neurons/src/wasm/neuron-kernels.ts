import type { WasmFunction } from './wasm-encoder';
import { ValType, op } from './wasm-encoder';
import type { Code } from './wasm-builder';
import { Fn, cat, choose, ifElse, f64c, fadd, fmul, fsub, i32c, iadd, ishl, ldf32, ldf64, loop, select, stf32, when } from './wasm-builder';
import { SpikeFlag } from '../spike/spike-flags';
import { PARAMS, POW2 } from './kernel-layout';

/**
 * Code generation of the forward LIF and two-compartment KC steps run by `kernel-arena.ts`:
 * the statements of `lifForwardSample` / `twoCompartmentForwardSample` one for one (float64
 * arithmetic, float32 stores), with the soft-spike exponential computed by {@link expKernel}.
 */

const I32 = ValType.i32;
const F64 = ValType.f64;

/**
 * e^x: the fdlibm 5.3 algorithm (`e_exp.c`, as `portableExp`) with `Math.round` semantics and
 * an exact power-of-two table, which returns V8's `Math.exp` value bit for bit (V8's is fdlibm's;
 * tested on 10⁷ arguments). Outside (−700, 700), for NaN and for |x| < 2⁻²⁷ it calls the
 * imported `Math.exp` (function index `mathExpIndex`). With `mathExpIndex` null it is
 * `portableExp` itself for x in (−700, 700) (no delegation; named `portableExp`), which the
 * normal sampler's wedge test needs bit for bit.
 */
export function expKernel(mathExpIndex: number | null): WasmFunction {
  const f = new Fn([['x', F64]]);
  for (const n of ['v', 'k', 'hi', 'lo', 'r', 't', 'c', 'y']) f.declare(n, F64);
  const x = f.get('x');
  const inRange = cat(x, f64c(-700), op.f64Gt, x, f64c(700), op.f64Lt, op.i32And);
  const tiny = cat(x, f64c(-(2 ** -27)), op.f64Gt, x, f64c(2 ** -27), op.f64Lt, op.i32And);
  const delegate = mathExpIndex === null ? [] : cat(inRange, op.i32Eqz, tiny, op.i32Or, op.if, x, op.call(mathExpIndex), op.return, op.end);
  const P = [1.66666666666666019037e-1, -2.77777777770155933842e-3, 6.61375632143793436117e-5, -1.6533902205465251539e-6, 4.13813679705723846039e-8];
  const t = f.get('t');
  const poly = fmul(t, fadd(f64c(P[0]!), fmul(t, fadd(f64c(P[1]!), fmul(t, fadd(f64c(P[2]!), fmul(t, fadd(f64c(P[3]!), fmul(t, f64c(P[4]!))))))))));
  const body = cat(
    delegate,
    // k = Math.round(x / ln 2): nearest, ties toward +∞
    f.set('v', fmul(x, f64c(1.442695040888963387))),
    f.set('k', cat(f.get('v'), op.f64Nearest)),
    when(cat(fsub(f.get('v'), f.get('k')), f64c(0.5), op.f64Eq), f.set('k', fadd(f.get('k'), f64c(1)))),
    f.set('hi', fsub(x, fmul(f.get('k'), f64c(6.9314718036912381649e-1)))),
    f.set('lo', fmul(f.get('k'), f64c(1.90821492927058770002e-10))),
    f.set('r', fsub(f.get('hi'), f.get('lo'))),
    f.set('t', fmul(f.get('r'), f.get('r'))),
    f.set('c', fsub(f.get('r'), poly)),
    // y = 1 − (lo − r·c/(2 − c) − hi)
    f.set('y', fsub(f64c(1), fsub(fsub(f.get('lo'), cat(fmul(f.get('r'), f.get('c')), fsub(f64c(2), f.get('c')), op.f64Div)), f.get('hi')))),
    fmul(f.get('y'), ldf64(iadd(i32c(POW2), ishl(iadd(cat(f.get('k'), op.i32TruncF64S), i32c(1024)), 3)))),
  );
  return { ...f.build(mathExpIndex === null ? 'portableExp' : 'exp', [body]), results: [F64] };
}

/** spike = canFire ? (soft ? 1/(1 + e^(−u/T)) : u > 0) : 0, as float64. */
const spikeValue = (f: Fn, expIndex: number): Code =>
  cat(
    f.get('canFire'),
    op.ifF64,
    f.get('soft'),
    op.ifF64,
    f64c(1),
    fadd(f64c(1), cat(fmul(cat(f.get('u'), op.f64Neg), f.get('invT')), op.call(expIndex))),
    op.f64Div,
    op.else,
    select(f64c(1), f64c(0), cat(f.get('u'), f64c(0), op.f64Gt)),
    op.end,
    op.else,
    f64c(0),
    op.end,
  );
const el = (f: Fn, base: string) => iadd(f.get(base), f.get('idx4'));
/** idx4 = byte offset of element idx in a float32 array. */
const orIdx = (f: Fn) => f.set('idx4', ishl(f.get('idx'), 2));
/** ρ = max(ρ0 − dt, 0) (NaN stays), canFire = ρ ≤ 0. */
const refractory = (f: Fn) =>
  cat(f.set('rho', fsub(ldf32(el(f, 'rho0')), f.get('dt'))), f.set('rho', select(f64c(0), f.get('rho'), cat(f.get('rho'), f64c(0), op.f64Lt))), f.set('canFire', cat(f.get('rho'), f64c(0), op.f64Le)));
/** u = V − θ_i (− ξ_θ). */
const threshold = (f: Fn, v: string) =>
  f.set('u', choose(f.get('nTh'), fsub(fsub(f.get(v), ldf64(iadd(i32c(PARAMS), ishl(f.get('i'), 3)))), ldf32(el(f, 'nTh'))), fsub(f.get(v), ldf64(iadd(i32c(PARAMS), ishl(f.get('i'), 3))))));
/** Element loop over [0, total) with i = idx mod n. */
const elements = (f: Fn, body: Code) =>
  loop(f, 'idx', i32c(0), f.get('total'), cat(orIdx(f), body, f.set('i', iadd(f.get('i'), i32c(1))), when(cat(f.get('i'), f.get('n'), op.i32Eq), f.set('i', i32c(0)))));
const storeFlags = (f: Fn) => cat(iadd(f.get('flags'), f.get('idx')), f.get('f'), op.i32Store8());
const or = (f: Fn, bit: number) => f.set('f', cat(f.get('f'), i32c(bit), op.i32Or));
/** spikes[idx] = f32(s); then reads it back: > 0.5 fires. */
const fires = (f: Fn, expIndex: number) => cat(stf32(el(f, 'uMv'), f.get('u')), stf32(el(f, 'spikes'), spikeValue(f, expIndex)), ldf32(el(f, 'spikes')), f64c(0.5), op.f64Gt);

/** One LIF step over all samples (see `lifForwardSample`); thresholds θ_i at PARAMS. */
export function lifForwardKernel(expIndex: number): WasmFunction {
  const ptrs = ['rho0', 'v', 'input', 'nI', 'nV', 'nTh', 'vOut', 'rhoOut', 'spikes', 'uMv', 'flags'];
  const f = new Fn([['n', I32], ['total', I32], ...ptrs.map((p) => [p, I32] as const), ['soft', I32], ...['dt', 'vRest', 'vReset', 'vMin', 'R', 'refr', 'a', 'invT'].map((p) => [p, F64] as const)]);
  for (const n of ['idx', 'i', 'idx4', 'f', 'canFire']) f.declare(n, I32);
  for (const n of ['rho', 'cur', 'vInf', 'v2', 'v4', 'u']) f.declare(n, F64);
  const body = cat(
    refractory(f),
    f.set('cur', choose(f.get('nI'), fadd(ldf32(el(f, 'input')), ldf32(el(f, 'nI'))), ldf32(el(f, 'input')))),
    f.set('vInf', fadd(f.get('vRest'), fmul(f.get('R'), f.get('cur')))),
    f.set('v2', fadd(f.get('vInf'), fmul(fsub(ldf32(el(f, 'v')), f.get('vInf')), f.get('a')))),
    when(f.get('nV'), f.set('v2', fadd(f.get('v2'), ldf32(el(f, 'nV'))))),
    f.set('f', i32c(0)),
    f.set('v4', f.get('vMin')),
    when(cat(f.get('v2'), f.get('vMin'), op.f64Ge), cat(f.set('f', i32c(SpikeFlag.aboveFloor)), f.set('v4', f.get('v2')))),
    f.get('canFire'),
    op.if,
    or(f, SpikeFlag.canFire),
    op.else,
    f.set('v4', f.get('vReset')),
    op.end,
    threshold(f, 'v4'),
    fires(f, expIndex),
    op.if,
    or(f, SpikeFlag.fired),
    stf32(el(f, 'vOut'), f.get('vReset')),
    stf32(el(f, 'rhoOut'), f.get('refr')),
    op.else,
    stf32(el(f, 'vOut'), f.get('v4')),
    stf32(el(f, 'rhoOut'), f.get('rho')),
    op.end,
    storeFlags(f),
  );
  return f.build('lifForward', [f.set('i', i32c(0)), elements(f, body)]);
}

/** v ≥ V_min ? set `bit` : v = V_min (the floor of one compartment). */
const floorAt = (f: Fn, v: string, bit: number) => ifElse(cat(f.get(v), f.get('vMin'), op.f64Ge), or(f, bit), f.set(v, f.get('vMin')));

/** One two-compartment KC step over all samples (see `twoCompartmentForwardSample`); θ_i at PARAMS. */
export function twoCompartmentForwardKernel(expIndex: number): WasmFunction {
  const ptrs = ['rho0', 'vd', 'va', 'iD', 'iA', 'nD', 'nA', 'nTh', 'vdOut', 'vaOut', 'rhoOut', 'spikes', 'uMv', 'flags'];
  const f = new Fn([
    ['n', I32],
    ['total', I32],
    ...ptrs.map((p) => [p, I32] as const),
    ['soft', I32],
    ...['dt', 'vReset', 'vMin', 'refr', 'm11', 'm12', 'k11', 'k12', 'leak', 'drive', 'invT'].map((p) => [p, F64] as const),
  ]);
  for (const n of ['idx', 'i', 'idx4', 'f', 'canFire']) f.declare(n, I32);
  for (const n of ['rho', 'bd', 'ba', 'vd0', 'va0', 'vd1', 'va1', 'u']) f.declare(n, F64);
  const g = (n: string) => f.get(n);
  const body = cat(
    refractory(f),
    f.set('bd', fadd(g('leak'), fmul(g('drive'), ldf32(el(f, 'iD'))))),
    f.set('ba', choose(g('iA'), fadd(g('leak'), fmul(g('drive'), ldf32(el(f, 'iA')))), g('leak'))),
    f.set('vd0', ldf32(el(f, 'vd'))),
    f.set('va0', ldf32(el(f, 'va'))),
    f.set('vd1', fadd(fadd(fadd(fmul(g('m11'), g('vd0')), fmul(g('m12'), g('va0'))), fmul(g('k11'), g('bd'))), fmul(g('k12'), g('ba')))),
    f.set('va1', fadd(fadd(fadd(fmul(g('m12'), g('vd0')), fmul(g('m11'), g('va0'))), fmul(g('k12'), g('bd'))), fmul(g('k11'), g('ba')))),
    when(g('nD'), f.set('vd1', fadd(g('vd1'), ldf32(el(f, 'nD'))))),
    when(g('nA'), f.set('va1', fadd(g('va1'), ldf32(el(f, 'nA'))))),
    f.set('f', i32c(0)),
    floorAt(f, 'vd1', SpikeFlag.aboveFloorDendrite),
    floorAt(f, 'va1', SpikeFlag.aboveFloor),
    g('canFire'),
    op.if,
    or(f, SpikeFlag.canFire),
    op.else,
    f.set('va1', g('vReset')),
    op.end,
    threshold(f, 'va1'),
    fires(f, expIndex),
    op.if,
    or(f, SpikeFlag.fired),
    stf32(el(f, 'vdOut'), g('vReset')),
    stf32(el(f, 'vaOut'), g('vReset')),
    stf32(el(f, 'rhoOut'), g('refr')),
    op.else,
    stf32(el(f, 'vdOut'), g('vd1')),
    stf32(el(f, 'vaOut'), g('va1')),
    stf32(el(f, 'rhoOut'), g('rho')),
    op.end,
    storeFlags(f),
  );
  return f.build('twoCompartmentForward', [f.set('i', i32c(0)), elements(f, body)]);
}

/** gTh_i −= gu (the threshold gradients, float64 at PARAMS). */
const thresholdGrad = (f: Fn, gu: string) => {
  const addr = iadd(i32c(PARAMS), ishl(f.get('i'), 3));
  return cat(addr, fsub(ldf64(addr), f.get(gu)), op.f64Store());
};
/** Per-sample partial sums, as the JavaScript wrappers add them: total += Σ_sample (partial from 0). */
const elementsWithSampleSums = (f: Fn, body: Code) =>
  cat(
    f.set('i', i32c(0)),
    f.set('part', f64c(0)),
    loop(
      f,
      'idx',
      i32c(0),
      f.get('total'),
      cat(
        orIdx(f),
        body,
        f.set('i', iadd(f.get('i'), i32c(1))),
        when(cat(f.get('i'), f.get('n'), op.i32Eq), cat(f.set('i', i32c(0)), f.set('sum', fadd(f.get('sum'), f.get('part'))), f.set('part', f64c(0)))),
      ),
    ),
    f.get('sum'),
  );
const flagSet = (f: Fn, bit: number) => cat(f.get('f'), i32c(bit), op.i32And);
/** A pointer (or flag test) as a 0/1 boolean, for combining with i32.and. */
const nz = (x: Code) => cat(x, i32c(0), op.i32Ne);

/** `cond ? body : nothing` on a pointer, or `body` in a kernel generated for calls that give every pointer. */
const ptrWhen = (full: boolean, cond: Code, body: Code) => (full ? body : when(cond, body));

/** VJP of one LIF step over all samples (see `lifBackwardSample`); returns Σ ∂L/∂ln τ_m; θ gradients at PARAMS. */
export function lifBackwardKernel(full = false): WasmFunction {
  const ptrs = ['flags', 'spikes', 'gVout', 'gS', 'v', 'input', 'nI', 'gV', 'gI'];
  const f = new Fn([['n', I32], ['total', I32], ...ptrs.map((p) => [p, I32] as const), ['soft', I32], ...['a', 'R', 'vRest', 'invT', 'dadLogTau'].map((p) => [p, F64] as const)]);
  for (const n of ['idx', 'i', 'idx4', 'f']) f.declare(n, I32);
  for (const n of ['g4', 's', 'gu', 'cur', 'part', 'sum']) f.declare(n, F64);
  const g = (n: string) => f.get(n);
  const body = cat(
    f.set('f', cat(iadd(g('flags'), g('idx')), op.i32Load8U())),
    f.set('g4', choose(full ? cat(flagSet(f, SpikeFlag.fired), op.i32Eqz) : cat(nz(g('gVout')), flagSet(f, SpikeFlag.fired), op.i32Eqz, op.i32And), ldf32(el(f, 'gVout')), f64c(0))),
    when(
      flagSet(f, SpikeFlag.canFire),
      cat(
        (full ? (_c: Code, body: Code) => body : when)(
          cat(g('soft'), nz(g('gS')), op.i32And),
          cat(
            f.set('s', ldf32(el(f, 'spikes'))),
            f.set('gu', fmul(fmul(fmul(ldf32(el(f, 'gS')), g('s')), fsub(f64c(1), g('s'))), g('invT'))),
            f.set('g4', fadd(g('g4'), g('gu'))),
            thresholdGrad(f, 'gu'),
          ),
        ),
        when(
          cat(nz(flagSet(f, SpikeFlag.aboveFloor)), g('g4'), f64c(0), op.f64Ne, op.i32And),
          cat(
            ptrWhen(full, g('gV'), stf32(el(f, 'gV'), fadd(ldf32(el(f, 'gV')), fmul(g('a'), g('g4'))))),
            ptrWhen(full, g('gI'), stf32(el(f, 'gI'), fadd(ldf32(el(f, 'gI')), fmul(fmul(fsub(f64c(1), g('a')), g('R')), g('g4'))))),
            f.set('cur', full ? fadd(ldf32(el(f, 'input')), ldf32(el(f, 'nI'))) : choose(g('nI'), fadd(ldf32(el(f, 'input')), ldf32(el(f, 'nI'))), ldf32(el(f, 'input')))),
            f.set('part', fadd(g('part'), fmul(fmul(g('g4'), g('dadLogTau')), fsub(ldf32(el(f, 'v')), fadd(g('vRest'), fmul(g('R'), g('cur'))))))),
          ),
        ),
      ),
    ),
  );
  return { ...f.build(full ? 'lifBackwardFull' : 'lifBackward', [f.set('sum', f64c(0)), elementsWithSampleSums(f, body)]), results: [F64] };
}

/** VJP of one KC step over all samples (see `twoCompartmentBackwardSample`); returns Σ ∂L/∂ln g_soma; θ gradients at PARAMS. */
export function twoCompartmentBackwardKernel(full = false): WasmFunction {
  const ptrs = ['flags', 'spikes', 'gVdOut', 'gVaOut', 'gS', 'vd', 'va', 'iD', 'iA', 'gVd', 'gVa', 'gId', 'gIa'];
  const f = new Fn([
    ['n', I32],
    ['total', I32],
    ...ptrs.map((p) => [p, I32] as const),
    ['soft', I32],
    ...['m11', 'm12', 'k11', 'k12', 'dM11', 'dM12', 'dK11', 'dK12', 'leak', 'drive', 'invT'].map((p) => [p, F64] as const),
  ]);
  for (const n of ['idx', 'i', 'idx4', 'f', 'live']) f.declare(n, I32);
  for (const n of ['gd', 'ga', 's', 'gu', 'vd0', 'va0', 'bd', 'ba', 'part', 'sum']) f.declare(n, F64);
  const g = (n: string) => f.get(n);
  const body = cat(
    f.set('f', cat(iadd(g('flags'), g('idx')), op.i32Load8U())),
    f.set('live', cat(flagSet(f, SpikeFlag.fired), op.i32Eqz)),
    f.set('gd', choose(full ? g('live') : cat(g('live'), nz(g('gVdOut')), op.i32And), ldf32(el(f, 'gVdOut')), f64c(0))),
    f.set('ga', choose(full ? g('live') : cat(g('live'), nz(g('gVaOut')), op.i32And), ldf32(el(f, 'gVaOut')), f64c(0))),
    flagSet(f, SpikeFlag.canFire),
    op.if,
    ptrWhen(
      full,
      cat(g('soft'), nz(g('gS')), op.i32And),
      cat(f.set('s', ldf32(el(f, 'spikes'))), f.set('gu', fmul(fmul(fmul(ldf32(el(f, 'gS')), g('s')), fsub(f64c(1), g('s'))), g('invT'))), f.set('ga', fadd(g('ga'), g('gu'))), thresholdGrad(f, 'gu')),
    ),
    op.else,
    f.set('ga', f64c(0)),
    op.end,
    when(cat(flagSet(f, SpikeFlag.aboveFloorDendrite), op.i32Eqz), f.set('gd', f64c(0))),
    when(cat(flagSet(f, SpikeFlag.aboveFloor), op.i32Eqz), f.set('ga', f64c(0))),
    when(
      cat(g('gd'), f64c(0), op.f64Ne, g('ga'), f64c(0), op.f64Ne, op.i32Or),
      cat(
        f.set('vd0', ldf32(el(f, 'vd'))),
        f.set('va0', ldf32(el(f, 'va'))),
        f.set('bd', fadd(g('leak'), fmul(g('drive'), ldf32(el(f, 'iD'))))),
        f.set('ba', full ? fadd(g('leak'), fmul(g('drive'), ldf32(el(f, 'iA')))) : choose(g('iA'), fadd(g('leak'), fmul(g('drive'), ldf32(el(f, 'iA')))), g('leak'))),
        ptrWhen(full, g('gVd'), stf32(el(f, 'gVd'), fadd(ldf32(el(f, 'gVd')), fadd(fmul(g('m11'), g('gd')), fmul(g('m12'), g('ga')))))),
        ptrWhen(full, g('gVa'), stf32(el(f, 'gVa'), fadd(ldf32(el(f, 'gVa')), fadd(fmul(g('m12'), g('gd')), fmul(g('m11'), g('ga')))))),
        ptrWhen(full, g('gId'), stf32(el(f, 'gId'), fadd(ldf32(el(f, 'gId')), fmul(g('drive'), fadd(fmul(g('k11'), g('gd')), fmul(g('k12'), g('ga'))))))),
        ptrWhen(full, g('gIa'), stf32(el(f, 'gIa'), fadd(ldf32(el(f, 'gIa')), fmul(g('drive'), fadd(fmul(g('k12'), g('gd')), fmul(g('k11'), g('ga'))))))),
        f.set(
          'part',
          fadd(
            g('part'),
            fadd(
              fadd(
                fadd(fmul(fadd(fmul(g('gd'), g('vd0')), fmul(g('ga'), g('va0'))), g('dM11')), fmul(fadd(fmul(g('gd'), g('va0')), fmul(g('ga'), g('vd0'))), g('dM12'))),
                fmul(fadd(fmul(g('gd'), g('bd')), fmul(g('ga'), g('ba'))), g('dK11')),
              ),
              fmul(fadd(fmul(g('gd'), g('ba')), fmul(g('ga'), g('bd'))), g('dK12')),
            ),
          ),
        ),
      ),
    ),
  );
  return { ...f.build(full ? 'twoCompartmentBackwardFull' : 'twoCompartmentBackward', [f.set('sum', f64c(0)), elementsWithSampleSums(f, body)]), results: [F64] };
}
