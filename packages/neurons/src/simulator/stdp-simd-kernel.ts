import { Fn, cat, f64c, i32c, iadd, ishl, ldf64, ldi32, loop, stf64 } from '../wasm/wasm-builder';
import type { Code } from '../wasm/wasm-builder';
import { encodeModule, op, uleb, ValType } from '../wasm/wasm-encoder';
import type { ValTypeCode } from '../wasm/wasm-encoder';
import type { StdpRule } from '../plasticity/stdp';

/**
 * The simulator's pair-based STDP as WebAssembly functions working on the run's WebAssembly
 * memory (the same memory as the SIMD LIF kernels of `lif-simd-kernel.ts`), one per weight
 * layout and rule kind. Each performs exactly the float64 operations of the JavaScript path in
 * `run-simulation.ts` / `plasticity/stdp.ts`, in the same order (WebAssembly has no fused
 * multiply-add and rounds like JavaScript; the clip `y < lo ? lo : y > hi ? hi : y` is f64x2
 * pmax then pmin, which make the same comparisons), so both give the same bits:
 *
 * - `stdp_decay(d, n, t)`: t_i ← t_i·d, then 0 when |t_i·d| < 1e-300 (the subnormal flush), two
 *   traces per f64x2 lane pair, four pairs per iteration, over n (a multiple of 8) entries (the
 *   run pads each trace array to a multiple of 8 with zeros, which stay 0);
 * - `stdp_pre_<layout>_<kind>(aPre, lo, hi, spikes, rowPtr, postIndex, pos, w, preTrace, postTrace, count, dst)`:
 *   for each spiking presynaptic neuron i: a_pre[i] += A_pre, then for each of its synapses s
 *   (to j; weight slot c = pos[s] in the post-major layout, s in the pre-major one) the current
 *   weight is delivered, dst[j] += w[c], and then depressed with the (already decayed) post trace:
 *   additive w[c] ← clip(w[c] + a_post[j], lo, hi), multiplicative w[c] ← w[c] + a_post[j]·w[c];
 * - `stdp_post_<layout>_<kind>(aPost, lo, hi, wMax, spikes, colPtr, colSyn, preOf, w, preTrace, postTrace, count)`:
 *   for each spiking postsynaptic neuron j: a_post[j] += A_post, then for each synapse onto j
 *   (slot s = c in the post-major layout, colSyn[c] in the pre-major one; presynaptic neuron
 *   preOf[s]): additive w[s] ← clip(w[s] + a_pre[i], lo, hi), multiplicative
 *   w[s] ← w[s] + a_pre[i]·(w_max − w[s]); in the post-major layout the synapses onto j are
 *   contiguous and run two per f64x2 (pmax/pmin are the clip's comparisons exactly);
 * - `deliver_rows(spikes, rowPtr, postIndex, w, signs, count, dst)` (and `deliver_rows_signed`):
 *   delivery of a projection without plasticity, dst[j] += w[s] (or signs[s]·w[s]).
 *
 * `run-simulation.ts` chooses these per projection (`CompiledNetwork.projectionKernels`, with the
 * reason when a projection stays in JavaScript) and binds each call's fixed arguments once.
 * All pointers are byte addresses; index arrays are int32, weights and traces float64.
 */
const simd = (opcode: number, ...rest: number[]): number[] => [0xfd, ...uleb(opcode), ...rest];
const V128 = ValType.v128;
const F64 = ValType.f64;
const I32 = ValType.i32;

/** Exported name of the pre-event (delivery + depression) function of a layout and rule. */
export const stdpPreKernelName = (layout: 'pre-major' | 'post-major', rule: StdpRule): string =>
  `stdp_pre_${layout === 'post-major' ? 'post' : 'pre'}_${rule.kind === 'stdp-additive' ? 'add' : 'mul'}`;
/** Exported name of the post-event (potentiation) function of a layout and rule. */
export const stdpPostKernelName = (layout: 'pre-major' | 'post-major', rule: StdpRule): string =>
  `stdp_post_${layout === 'post-major' ? 'post' : 'pre'}_${rule.kind === 'stdp-additive' ? 'add' : 'mul'}`;

/** Traces smaller than this in magnitude are flushed to 0 (the JavaScript path's TRACE_FLOOR). */
export const STDP_TRACE_FLOOR = 1e-300;

function decayKernel(): Parameters<typeof encodeModule>[0][number] {
  const f = new Fn([
    ['d', F64],
    ['n', I32],
    ['t', I32],
  ]);
  for (const name of ['off', 'end', 'at']) f.declare(name, I32);
  for (const name of ['D', 'HI', 'LO', 'X']) f.declare(name, V128);
  const g = f.get;
  const body = cat(
    f.set('D', cat(g('d'), simd(0x14))),
    f.set('HI', cat(f64c(STDP_TRACE_FLOOR), simd(0x14))),
    f.set('LO', cat(f64c(-STDP_TRACE_FLOOR), simd(0x14))),
    f.set('end', ishl(g('n'), 3)),
    f.set('off', i32c(0)),
    op.block,
    op.loop,
    g('off'),
    g('end'),
    op.i32GeS,
    op.brIf(1),
    f.set('at', iadd(g('t'), g('off'))),
    // Four lane pairs (8 traces) per iteration: X = t·d; t = X & ~((X < floor) & (X > −floor)).
    ...[0, 16, 32, 48].map((o) =>
      cat(f.set('X', cat(g('at'), simd(0x00, 4, o), g('D'), simd(0xf2))), g('at'), g('X'), g('X'), g('HI'), simd(0x49), g('X'), g('LO'), simd(0x4a), simd(0x4e), simd(0x4f), simd(0x0b, 4, o)),
    ),
    f.set('off', iadd(g('off'), i32c(64))),
    op.br(0),
    op.end,
    op.end,
  );
  return f.build('stdp_decay', [body]);
}

/**
 * `y < lo ? lo : y > hi ? hi : y` on a float64 local `y`, branch-free: y is splatted into an
 * f64x2 and clipped by pmax(y, LO) = `y < lo ? lo : y` and pmin(·, HI) = `hi < · ? hi : ·` (the
 * same comparisons as JavaScript, bit for bit, NaN included), then lane 0 is read back. `LO` and
 * `HI` are v128 locals holding lo and hi splatted. (A scalar `select` compiles to a branch, which
 * mispredicts about half the time once many weights sit at the bound.)
 */
const clip = (f: Fn, y: string): Code => cat(f.get(y), simd(0x14), f.get('LO'), simd(0xf7), f.get('HI'), simd(0xf6), simd(0x21, 0));
/** Set the v128 locals LO and HI of {@link clip} from the float64 parameters lo and hi. */
const clipSetup = (f: Fn): Code => cat(f.set('LO', cat(f.get('lo'), simd(0x14))), f.set('HI', cat(f.get('hi'), simd(0x14))));

const i32at = (f: Fn, base: string, index: Code): Code => ldi32(iadd(f.get(base), ishl(index, 2)));
const f64addr = (f: Fn, base: string, index: Code): Code => iadd(f.get(base), ishl(index, 3));

function preKernel(postMajor: boolean, additive: boolean): Parameters<typeof encodeModule>[0][number] {
  const params: [string, ValTypeCode][] = [
    ['aPre', F64],
    ['lo', F64],
    ['hi', F64],
    ['spikes', I32],
    ['rowPtr', I32],
    ['postIndex', I32],
    ['pos', I32],
    ['w', I32],
    ['preTrace', I32],
    ['postTrace', I32],
    ['count', I32],
    ['dst', I32],
  ];
  const f = new Fn(params);
  for (const name of ['k', 'i', 's', 'e', 'j', 'wa', 'da', 'ta']) f.declare(name, I32);
  for (const name of ['x', 'y']) f.declare(name, F64);
  for (const name of ['LO', 'HI']) f.declare(name, V128);
  const g = f.get;
  const slot = postMajor ? i32at(f, 'pos', g('s')) : g('s');
  const update = additive
    ? cat(f.set('y', cat(g('x'), ldf64(f64addr(f, 'postTrace', g('j'))), op.f64Add)), stf64(g('wa'), clip(f, 'y')))
    : stf64(g('wa'), cat(g('x'), ldf64(f64addr(f, 'postTrace', g('j'))), g('x'), op.f64Mul, op.f64Add));
  const synapse = cat(
    f.set('j', i32at(f, 'postIndex', g('s'))),
    f.set('wa', f64addr(f, 'w', slot)),
    f.set('x', ldf64(g('wa'))),
    f.set('da', f64addr(f, 'dst', g('j'))),
    stf64(g('da'), cat(ldf64(g('da')), g('x'), op.f64Add)),
    update,
  );
  const spike = cat(
    f.set('i', i32at(f, 'spikes', g('k'))),
    f.set('ta', f64addr(f, 'preTrace', g('i'))),
    stf64(g('ta'), cat(ldf64(g('ta')), g('aPre'), op.f64Add)),
    f.set('e', i32at(f, 'rowPtr', iadd(g('i'), i32c(1)))),
    loop(f, 's', i32at(f, 'rowPtr', g('i')), g('e'), synapse),
  );
  return f.build(`stdp_pre_${postMajor ? 'post' : 'pre'}_${additive ? 'add' : 'mul'}`, [additive ? clipSetup(f) : [], loop(f, 'k', i32c(0), g('count'), spike)]);
}

function postKernel(postMajor: boolean, additive: boolean): Parameters<typeof encodeModule>[0][number] {
  const params: [string, ValTypeCode][] = [
    ['aPost', F64],
    ['lo', F64],
    ['hi', F64],
    ['wMax', F64],
    ['spikes', I32],
    ['colPtr', I32],
    ['colSyn', I32],
    ['preOf', I32],
    ['w', I32],
    ['preTrace', I32],
    ['postTrace', I32],
    ['count', I32],
  ];
  const f = new Fn(params);
  for (const name of ['k', 'j', 'c', 'e', 's', 'wa', 'ta']) f.declare(name, I32);
  for (const name of ['x', 'y', 't']) f.declare(name, F64);
  for (const name of ['LO', 'HI', 'WMAX', 'T', 'X']) f.declare(name, V128);
  const g = f.get;
  const update = additive
    ? cat(f.set('y', cat(ldf64(g('wa')), g('t'), op.f64Add)), stf64(g('wa'), clip(f, 'y')))
    : cat(f.set('x', ldf64(g('wa'))), stf64(g('wa'), cat(g('x'), g('t'), g('wMax'), g('x'), op.f64Sub, op.f64Mul, op.f64Add)));
  const synapse = cat(f.set('s', postMajor ? g('c') : i32at(f, 'colSyn', g('c'))), f.set('t', ldf64(f64addr(f, 'preTrace', i32at(f, 'preOf', g('s'))))), f.set('wa', f64addr(f, 'w', g('s'))), update);
  // Post-major: the synapses onto j are contiguous, so two run per f64x2 (the presynaptic traces
  // gathered lane by lane); each lane computes the scalar loop's operations: pmax(y, lo) is
  // `y < lo ? lo : y` and pmin(y, hi) is `hi < y ? hi : y`, bit for bit.
  const pairLoop = (): Code => {
    const gather = cat(
      ldf64(f64addr(f, 'preTrace', i32at(f, 'preOf', g('c')))),
      simd(0x14),
      f.set('T', []),
      f64addr(f, 'preTrace', i32at(f, 'preOf', iadd(g('c'), i32c(1)))),
      g('T'),
      simd(0x57, 3, 0, 1),
      f.set('T', []),
    );
    const value = additive ? cat(g('X'), g('T'), simd(0xf0), g('LO'), simd(0xf7), g('HI'), simd(0xf6)) : cat(g('X'), g('T'), g('WMAX'), g('X'), simd(0xf1), simd(0xf2), simd(0xf0));
    return cat(
      op.block,
      op.loop,
      iadd(g('c'), i32c(1)),
      g('e'),
      op.i32GeS,
      op.brIf(1),
      gather,
      f.set('wa', f64addr(f, 'w', g('c'))),
      f.set('X', cat(g('wa'), simd(0x00, 3, 0))),
      g('wa'),
      value,
      simd(0x0b, 3, 0),
      f.set('c', iadd(g('c'), i32c(2))),
      op.br(0),
      op.end,
      op.end,
    );
  };
  const spike = cat(
    f.set('j', i32at(f, 'spikes', g('k'))),
    f.set('ta', f64addr(f, 'postTrace', g('j'))),
    stf64(g('ta'), cat(ldf64(g('ta')), g('aPost'), op.f64Add)),
    f.set('e', i32at(f, 'colPtr', iadd(g('j'), i32c(1)))),
    postMajor ? cat(f.set('c', i32at(f, 'colPtr', g('j'))), pairLoop(), g('c'), g('e'), op.i32LtS, op.if, synapse, op.end) : loop(f, 'c', i32at(f, 'colPtr', g('j')), g('e'), synapse),
  );
  const setup = cat(clipSetup(f), postMajor ? f.set('WMAX', cat(g('wMax'), simd(0x14))) : []);
  return f.build(`stdp_post_${postMajor ? 'post' : 'pre'}_${additive ? 'add' : 'mul'}`, [setup, loop(f, 'k', i32c(0), g('count'), spike)]);
}

/**
 * Delivery of a projection without plasticity: for each spiking presynaptic neuron, dst[j] += w[s]
 * (or signs[s]·w[s]) over its synapses in order — `propagate` in `run-simulation.ts`.
 */
function deliverRowsKernel(signed: boolean): Parameters<typeof encodeModule>[0][number] {
  const f = new Fn([
    ['spikes', I32],
    ['rowPtr', I32],
    ['postIndex', I32],
    ['w', I32],
    ['signs', I32],
    ['count', I32],
    ['dst', I32],
  ]);
  for (const name of ['k', 'i', 's', 'e', 'da']) f.declare(name, I32);
  const g = f.get;
  const value = signed ? cat(ldf64(f64addr(f, 'signs', g('s'))), ldf64(f64addr(f, 'w', g('s'))), op.f64Mul) : ldf64(f64addr(f, 'w', g('s')));
  const synapse = cat(f.set('da', f64addr(f, 'dst', i32at(f, 'postIndex', g('s')))), stf64(g('da'), cat(ldf64(g('da')), value, op.f64Add)));
  const spike = cat(f.set('i', i32at(f, 'spikes', g('k'))), f.set('e', i32at(f, 'rowPtr', iadd(g('i'), i32c(1)))), loop(f, 's', i32at(f, 'rowPtr', g('i')), g('e'), synapse));
  return f.build(signed ? 'deliver_rows_signed' : 'deliver_rows', [loop(f, 'k', i32c(0), g('count'), spike)]);
}

/** Delivery without plasticity: `(spikes, rowPtr, postIndex, w, signs, count, dst)`. */
export type DeliverRowsKernel = (spikes: number, rowPtr: number, postIndex: number, w: number, signs: number, count: number, dst: number) => void;

// Parameters fixed for a run come first and the per-step ones (count, target row) last, so a run
// binds the fixed ones once (no float argument is boxed per call).
/** Trace decay: `(decay, nEven, tracePtr)`. */
export type StdpDecayKernel = (d: number, n: number, t: number) => void;
/** Pre events with delivery: `(aPre, lo, hi, spikes, rowPtr, postIndex, pos, w, preTrace, postTrace, count, dst)`. */
export type StdpPreKernel = (
  aPre: number,
  lo: number,
  hi: number,
  spikes: number,
  rowPtr: number,
  postIndex: number,
  pos: number,
  w: number,
  preTrace: number,
  postTrace: number,
  count: number,
  dst: number,
) => void;
/** Post events: `(aPost, lo, hi, wMax, spikes, colPtr, colSyn, preOf, w, preTrace, postTrace, count)`. */
export type StdpPostKernel = (
  aPost: number,
  lo: number,
  hi: number,
  wMax: number,
  spikes: number,
  colPtr: number,
  colSyn: number,
  preOf: number,
  w: number,
  preTrace: number,
  postTrace: number,
  count: number,
) => void;

/** The bytes of the STDP and delivery module (imports `env.memory`), for inspection and benchmarks. */
export function stdpSimdModuleBytes(): Uint8Array {
  const fns = [decayKernel()];
  for (const postMajor of [false, true]) for (const additive of [true, false]) fns.push(preKernel(postMajor, additive), postKernel(postMajor, additive));
  fns.push(deliverRowsKernel(false), deliverRowsKernel(true));
  return encodeModule(fns);
}

interface WasmGlobal {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}

let compiled: object | null | undefined;

/** @internal The compiled STDP module, or null where WebAssembly SIMD is unavailable (compiled once). */
export function stdpSimdModule(): { module: object; wasm: WasmGlobal } | null {
  const wasm = (globalThis as unknown as { WebAssembly?: WasmGlobal }).WebAssembly;
  if (!wasm) return null;
  if (compiled === undefined) {
    const bytes = stdpSimdModuleBytes();
    compiled = wasm.validate(bytes) ? new wasm.Module(bytes) : null;
  }
  return compiled === null ? null : { module: compiled, wasm };
}
