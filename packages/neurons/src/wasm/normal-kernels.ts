import type { WasmFunction } from './wasm-encoder';
import { ValType, op } from './wasm-encoder';
import type { Code } from './wasm-builder';
import { Fn, cat, f64c, fadd, fmul, fsub, i32c, iadd, ishl, ldf64, ldi32, loop, when } from './wasm-builder';
import { XOSHIRO4, ZIG_F, ZIG_K, ZIG_W } from './kernel-layout';

/**
 * Four independent streams of `BlockRng.fillNormal` at once: the xoshiro128** state update of
 * four generators as int32×4 SIMD (one generator per lane), then per lane the Ziggurat fast path
 * `0 + σ·(j·W[b])` exactly as the JavaScript loop computes it (float64, stored to float32); a
 * draw that needs the slow path (≈ 1 %) calls `slowLane` (function `slowIndex`, see
 * {@link slowLaneKernel}), which continues that lane's generator from its state in memory. Each
 * lane's draws are the same numbers, in the same order, as its `BlockRng` alone would give.
 *
 * Export `normals4(runs, nRuns, out)`: run r (32 bytes at `runs`: four int32 element offsets, the
 * count, padding, σ as float64) writes `count` draws of lane L to the float32 array at byte `out`
 * from element offset L; the four states live at XOSHIRO4 (s0, s1, s2, s3 vectors).
 */
export function normals4Kernel(slowIndex: number): WasmFunction {
  const I32 = ValType.i32;
  const V128 = ValType.v128;
  const f = new Fn([
    ['runs', I32],
    ['nRuns', I32],
    ['out', I32],
  ]);
  for (const n of ['r', 'i', 'count', 'b', 'j', 'rec']) f.declare(n, I32);
  for (const n of ['s0', 's1', 's2', 's3', 'u', 't']) f.declare(n, V128);
  f.declare('std', ValType.f64);
  const v = (n: string) => f.get(n);
  const splat = (k: number) => cat(i32c(k), op.i32x4Splat);
  const rotl = (x: Code, k: number) => cat(x, i32c(k), op.i32x4Shl, x, i32c(32 - k), op.i32x4ShrU, op.v128Or);
  const xorInto = (a: string, b: Code) => f.set(a, cat(v(a), b, op.v128Xor));
  const loadState = cat(...['s0', 's1', 's2', 's3'].map((n, k) => f.set(n, cat(i32c(XOSHIRO4 + 16 * k), op.v128Load()))));
  const storeState = cat(...['s0', 's1', 's2', 's3'].map((n, k) => cat(i32c(XOSHIRO4 + 16 * k), v(n), op.v128Store())));
  const step = cat(
    // u = rotl(s1·5, 7)·9;  t = s1 << 9
    f.set('u', cat(rotl(cat(v('s1'), splat(5), op.i32x4Mul), 7), splat(9), op.i32x4Mul)),
    f.set('t', cat(v('s1'), i32c(9), op.i32x4Shl)),
    xorInto('s2', v('s0')),
    xorInto('s3', v('s1')),
    xorInto('s1', v('s2')),
    xorInto('s0', v('s3')),
    xorInto('s2', v('t')),
    f.set('s3', rotl(v('s3'), 11)),
  );
  /** lane L: b = u_L & 255, j = u_L >>> 8; fast path or slow call; store at out + 4·(offset_L + i). */
  const lane = (L: number) =>
    cat(
      f.set('b', cat(v('u'), op.i32x4ExtractLane(L), i32c(255), op.i32And)),
      f.set('j', cat(v('u'), op.i32x4ExtractLane(L), i32c(8), op.i32ShrU)),
      // address of the output element
      iadd(f.get('out'), ishl(iadd(ldi32(iadd(f.get('rec'), i32c(4 * L))), f.get('i')), 2)),
      f.get('j'),
      ldi32(iadd(i32c(ZIG_K), ishl(f.get('b'), 2))),
      op.i32LtS,
      op.ifF64,
      fadd(f64c(0), fmul(f.get('std'), fmul(cat(f.get('j'), op.f64ConvertI32S), ldf64(iadd(i32c(ZIG_W), ishl(f.get('b'), 3)))))),
      op.else,
      storeState,
      fadd(f64c(0), fmul(f.get('std'), cat(i32c(L), f.get('b'), f.get('j'), op.call(slowIndex)))),
      loadState,
      op.end,
      op.f32DemoteF64,
      op.f32Store(),
    );
  const run = cat(
    f.set('rec', iadd(f.get('runs'), ishl(f.get('r'), 5))),
    f.set('count', ldi32(iadd(f.get('rec'), i32c(16)))),
    f.set('std', ldf64(iadd(f.get('rec'), i32c(24)))),
    loop(f, 'i', i32c(0), f.get('count'), cat(step, lane(0), lane(1), lane(2), lane(3))),
  );
  return f.build('normals4', [loadState, loop(f, 'r', i32c(0), f.get('nRuns'), run), storeState]);
}

/**
 * The Ziggurat slow path of one lane (`BlockRng.normalSlow`) for a draw (b, j) that missed the
 * fast path: the wedge test and redraws run here, on that lane's xoshiro words in memory (the
 * caller stores the vectors before and reloads them after), with `portableExp` (function
 * `portableExpIndex`); the rare base-strip tail (layer 0, it needs a logarithm) calls the
 * imported `tail(lane, b, j)` (function `tailIndex`), the JavaScript `normalSlow`.
 */
export function slowLaneKernel(tailIndex: number, portableExpIndex: number): WasmFunction {
  const I32 = ValType.i32;
  const F64 = ValType.f64;
  const f = new Fn([
    ['L', I32],
    ['b', I32],
    ['j', I32],
  ]);
  for (const n of ['a0', 'a1', 'a2', 'a3', 's0', 's1', 's2', 's3', 'u', 't', 'layer']) f.declare(n, I32);
  for (const n of ['x', 'f0']) f.declare(n, F64);
  const g = (n: string) => f.get(n);
  const word = (k: number) => iadd(i32c(XOSHIRO4 + 16 * k), ishl(g('L'), 2));
  const load = cat(...[0, 1, 2, 3].map((k) => cat(f.set(`a${k}`, word(k)), f.set(`s${k}`, ldi32(g(`a${k}`))))));
  const store = cat(...[0, 1, 2, 3].map((k) => cat(g(`a${k}`), g(`s${k}`), op.i32Store())));
  const rotl = (x: Code, k: number) => cat(x, i32c(k), op.i32Rotl);
  // u = nextUint32 (BlockRng.nextUint32, as int32 bits)
  const next = cat(
    f.set('u', cat(rotl(cat(g('s1'), i32c(5), op.i32Mul), 7), i32c(9), op.i32Mul)),
    f.set('t', cat(g('s1'), i32c(9), op.i32Shl)),
    f.set('s2', cat(g('s2'), g('s0'), op.i32Xor)),
    f.set('s3', cat(g('s3'), g('s1'), op.i32Xor)),
    f.set('s1', cat(g('s1'), g('s2'), op.i32Xor)),
    f.set('s0', cat(g('s0'), g('s3'), op.i32Xor)),
    f.set('s2', cat(g('s2'), g('t'), op.i32Xor)),
    f.set('s3', rotl(g('s3'), 11)),
  );
  const Wb = ldf64(iadd(i32c(ZIG_W), ishl(g('b'), 3)));
  const F = (layer: Code) => ldf64(iadd(i32c(ZIG_F), ishl(layer, 3)));
  const body = cat(
    load,
    op.block,
    op.loop,
    f.set('layer', cat(g('b'), i32c(127), op.i32And)),
    // the base strip's tail: JavaScript (state handed over through memory)
    when(cat(g('layer'), op.i32Eqz), cat(store, g('L'), g('b'), g('j'), op.call(tailIndex), op.return)),
    f.set('x', fmul(cat(g('j'), op.f64ConvertI32S), Wb)),
    f.set('f0', F(g('layer'))),
    next,
    // f0 + openUniform·(F[layer − 1] − f0) < exp(−0.5·x·x)  →  x
    cat(
      fadd(g('f0'), fmul(fmul(fadd(cat(g('u'), op.f64ConvertI32U), f64c(0.5)), f64c(1 / 4294967296)), fsub(F(cat(g('layer'), i32c(1), op.i32Sub)), g('f0')))),
      fmul(fmul(f64c(-0.5), g('x')), g('x')),
      op.call(portableExpIndex),
      op.f64Lt,
    ),
    op.if,
    store,
    g('x'),
    op.return,
    op.end,
    next,
    f.set('b', cat(g('u'), i32c(255), op.i32And)),
    f.set('j', cat(g('u'), i32c(8), op.i32ShrU)),
    cat(g('j'), ldi32(iadd(i32c(ZIG_K), ishl(g('b'), 2))), op.i32LtS),
    op.if,
    store,
    fmul(cat(g('j'), op.f64ConvertI32S), Wb),
    op.return,
    op.end,
    op.br(0),
    op.end,
    op.end,
    op.unreachable,
  );
  return { ...f.build(null, [body]), results: [F64] };
}
