// AssemblyScript port of the simulator's population-wide two-channel LIF update (the generated
// kernel `lif_c2_u` of src/simulator/lif-simd-kernel.ts), for the issue-11 measurement of
// AssemblyScript against the hand-written WebAssembly generator. Same float64 operations in the
// same order, so the same bits. Memory is imported (the JavaScript side owns the arrays).

/** Scalar loop: one neuron per iteration. */
export function lifScalar(n: i32, v: usize, r: usize, g0: usize, g1: usize, spikes: usize, rest: f64, am: f64, th: f64, reset: f64, k0: f64, k1: f64, a0: f64, a1: f64, rs: f64): i32 {
  let count: i32 = 0;
  for (let i: i32 = 0; i < n; i++) {
    const o = (<usize>i) << 3;
    const s0 = load<f64>(g0 + o);
    const s1 = load<f64>(g1 + o);
    store<f64>(g0 + o, s0 * a0);
    store<f64>(g1 + o, s1 * a1);
    const x = rest + (load<f64>(v + o) - rest) * am + s0 * k0 + s1 * k1;
    const ri = load<f64>(r + o);
    if (ri > 0) {
      store<f64>(r + o, ri - 1);
    } else if (x > th) {
      store<f64>(v + o, reset);
      store<f64>(r + o, rs);
      store<i32>(spikes + ((<usize>count) << 2), i);
      count++;
    } else {
      store<f64>(v + o, x);
    }
  }
  return count;
}

/** SIMD loop: two neurons per f64x2, four per iteration (n a multiple of 4, as in the generator). */
export function lifSimd(n: i32, v: usize, r: usize, g0: usize, g1: usize, spikes: usize, rest: f64, am: f64, th: f64, reset: f64, k0: f64, k1: f64, a0: f64, a1: f64, rs: f64): i32 {
  const REST = f64x2.splat(rest);
  const AM = f64x2.splat(am);
  const TH = f64x2.splat(th);
  const RESET = f64x2.splat(reset);
  const K0 = f64x2.splat(k0);
  const K1 = f64x2.splat(k1);
  const A0 = f64x2.splat(a0);
  const A1 = f64x2.splat(a1);
  const RS = f64x2.splat(rs);
  const ONE = f64x2.splat(1.0);
  const ZERO = f64x2.splat(0.0);
  let count: i32 = 0;
  const end = (<usize>n) << 3;
  for (let o: usize = 0; o < end; o += 16) {
    const V = v128.load(v + o);
    const S0 = v128.load(g0 + o);
    const S1 = v128.load(g1 + o);
    const R = v128.load(r + o);
    v128.store(g0 + o, f64x2.mul(S0, A0));
    v128.store(g1 + o, f64x2.mul(S1, A1));
    const X = f64x2.add(f64x2.add(f64x2.add(REST, f64x2.mul(f64x2.sub(V, REST), AM)), f64x2.mul(S0, K0)), f64x2.mul(S1, K1));
    const RM = f64x2.gt(R, ZERO);
    const SP = v128.andnot(f64x2.gt(X, TH), RM);
    v128.store(v + o, v128.bitselect(RESET, v128.bitselect(V, X, RM), SP));
    v128.store(r + o, v128.bitselect(f64x2.sub(R, ONE), v128.bitselect(RS, R, SP), RM));
    if (v128.any_true(SP)) {
      const idx = <i32>(o >> 3);
      if (i64x2.extract_lane(SP, 0) != 0) {
        store<i32>(spikes + ((<usize>count) << 2), idx);
        count++;
      }
      if (i64x2.extract_lane(SP, 1) != 0) {
        store<i32>(spikes + ((<usize>count) << 2), idx + 1);
        count++;
      }
    }
  }
  return count;
}
