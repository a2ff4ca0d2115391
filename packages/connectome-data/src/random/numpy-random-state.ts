import { InvalidParameterError } from '@olfactory/neurons';
import { MT19937_STATE_LENGTH, assertMt19937Seed, mt19937Clone, mt19937NextDouble, mt19937NextUint32, mt19937Seed, type Mt19937State } from './mt19937';

/**
 * A bit-exact port of the parts of NumPy's legacy `numpy.random.RandomState` that the
 * reference implementation uses (spec §1.4, §1.5 and §8 note 23): the same integer seed gives
 * the same permutations, subsets, integers, uniforms and normals as NumPy.
 *
 * Algorithms (NumPy ≥ 1.17 sources: numpy/random/mtrand.pyx, numpy/random/_bounded_integers.pyx,
 * numpy/random/src/distributions/distributions.c, numpy/random/src/legacy/legacy-distributions.c;
 * before 1.17 the same algorithms lived in numpy/random/mtrand/randomkit.c and distributions.c):
 *
 * * `RandomState(seed)`, integer seed in [0, 2^32): `init_genrand(seed)` ({@link mt19937Seed}).
 * * `randomInterval(max)` (`random_interval` / `rk_interval`): mask = smallest 2^k − 1 ≥ max;
 *   repeat `v = next32 & mask` until `v ≤ max`.
 * * `permutation(n)` = `arange(n)` then the legacy in-place `shuffle`: for i = n−1 … 1,
 *   `j = randomInterval(i)`, swap `a[i]`, `a[j]` (Fisher–Yates, from the end).
 * * `choice(n, k, replace=False)` (no `p`): `permutation(n)[:k]` — the whole permutation is
 *   drawn even when k is small.
 * * `randint(low, high)` (default int64 dtype, legacy `_masked=True`): with
 *   `rng = high − low − 1 ≤ 2^32 − 1`, masked rejection on 32-bit draws exactly as
 *   `randomInterval(rng)`, plus `low`; `rng = 0` returns `low` without drawing.
 * * `randomSample()` (`random_sample`, `rk_double`): `(a·2^26 + b) / 2^53` with
 *   `a = next32 >>> 5`, `b = next32 >>> 6`.
 * * `standardNormal()` (`legacy_gauss` / `rk_gauss`): Marsaglia polar method —
 *   draw `x1 = 2u1 − 1`, `x2 = 2u2 − 1` until `0 < r² = x1² + x2² < 1`; `f = √(−2 ln r² / r²)`;
 *   return `f·x2` and cache `f·x1` for the next call. The cache is part of the state.
 * * `normal(loc, scale)` (`legacy_normal`): `loc + scale · standardNormal()`.
 *
 * Integers, uniforms and the position in the stream are bit-exact (the polar method's
 * rejection test uses no transcendental function, so draws never go out of step). The
 * *values* of normals go through `log`, which is not correctly rounded in V8 nor in glibc
 * (NumPy's own normals depend on the platform's libm): against NumPy 2.4 on glibc, about 3 %
 * of normals differ by 1–2 ulp (largest relative difference 4.4e-16 over 10^5 draws).
 * Compare normals to ~1e-15 relative, never with `===`.
 *
 * This is a small stateful class (a generator is state by nature; compare d3-random's
 * `randomLcg`): each method advances the stream. For the house-style `rng: () => number`
 * injection use {@link NumpyRandomState.uniformSource}.
 *
 * @example
 *   const rs = new NumpyRandomState(1042);
 *   rs.permutation(20); // Int32Array [10, 11, 0, 17, 9, …] — same as NumPy
 */
export class NumpyRandomState {
  private readonly mt: Mt19937State;
  private hasGauss: boolean;
  private gauss: number;

  /** `numpy.random.RandomState(seed)`; `seed` must be an integer in [0, 2^32). */
  constructor(seed: number) {
    assertMt19937Seed(seed, 'seed', 'NumpyRandomState');
    this.mt = mt19937Seed(seed);
    this.hasGauss = false;
    this.gauss = 0;
  }

  /** Rebuild a generator from {@link NumpyRandomState.getState} output (or NumPy's `get_state()`). */
  static fromState(state: NumpyRandomStateSnapshot): NumpyRandomState {
    const { key, pos, hasGauss, cachedGaussian } = state;
    if (key.length !== MT19937_STATE_LENGTH) {
      throw new InvalidParameterError({ parameter: 'state.key', value: `length ${key.length}`, expected: `${MT19937_STATE_LENGTH} unsigned 32-bit words (argument of 'NumpyRandomState.fromState')` });
    }
    for (let i = 0; i < key.length; i++) {
      const w = key[i]!;
      if (!Number.isInteger(w) || w < 0 || w >= 2 ** 32) {
        throw new InvalidParameterError({ parameter: `state.key[${i}]`, value: w, expected: 'an integer in [0, 2^32)' });
      }
    }
    if (!Number.isInteger(pos) || pos < 0 || pos > MT19937_STATE_LENGTH) {
      throw new InvalidParameterError({ parameter: 'state.pos', value: pos, expected: `an integer in [0, ${MT19937_STATE_LENGTH}]` });
    }
    if (!Number.isFinite(cachedGaussian)) {
      throw new InvalidParameterError({ parameter: 'state.cachedGaussian', value: cachedGaussian, expected: 'a finite number' });
    }
    const rs = new NumpyRandomState(0);
    rs.mt.key.set(key);
    rs.mt.pos = pos;
    rs.hasGauss = hasGauss;
    rs.gauss = hasGauss ? cachedGaussian : 0;
    return rs;
  }

  /**
   * A JSON-serialisable copy of the full state, in NumPy's `get_state()` layout:
   * `('MT19937', key, pos, has_gauss, cached_gaussian)`.
   */
  getState(): NumpyRandomStateSnapshot {
    return { key: Array.from(this.mt.key), pos: this.mt.pos, hasGauss: this.hasGauss, cachedGaussian: this.gauss };
  }

  /** An independent generator with the same future stream. */
  clone(): NumpyRandomState {
    const rs = new NumpyRandomState(0);
    const copy = mt19937Clone(this.mt);
    rs.mt.key.set(copy.key);
    rs.mt.pos = copy.pos;
    rs.hasGauss = this.hasGauss;
    rs.gauss = this.gauss;
    return rs;
  }

  /** Next raw 32-bit output in [0, 2^32) (what `randint(0, 2**32, dtype=np.uint32)` returns). */
  randomUint32(): number {
    return mt19937NextUint32(this.mt);
  }

  /**
   * Uniform integer in [0, max] by masked rejection (`random_interval`); `max` in [0, 2^32).
   * `max = 0` returns 0 without drawing.
   */
  randomInterval(max: number): number {
    if (!Number.isInteger(max) || max < 0 || max >= 2 ** 32) {
      throw new InvalidParameterError({ parameter: 'max', value: max, expected: "an integer in [0, 2^32) (argument of 'randomInterval'; the 64-bit branch is not ported)" });
    }
    return this.maskedInterval(max);
  }

  /** `random_interval` for a trusted `max` in [0, 2^32). */
  private maskedInterval(max: number): number {
    if (max === 0) return 0;
    let mask = max;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    mask >>>= 0;
    let value: number;
    do {
      value = (mt19937NextUint32(this.mt) & mask) >>> 0;
    } while (value > max);
    return value;
  }

  /**
   * `RandomState.permutation(n)`: a random ordering of 0…n−1 (`arange(n)` + legacy shuffle).
   * Consumes one `randomInterval(i)` per i = n−1 … 1.
   */
  permutation(n: number): Int32Array {
    assertCount(n, 'n', 'permutation');
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = i;
    for (let i = n - 1; i >= 1; i--) {
      const j = this.maskedInterval(i);
      const t = out[i]!;
      out[i] = out[j]!;
      out[j] = t;
    }
    return out;
  }

  /**
   * `RandomState.choice(n, k, replace=False)` with uniform probabilities: the first `k`
   * entries of `permutation(n)` (unsorted, in draw order). Needs `0 ≤ k ≤ n`.
   */
  choice(n: number, k: number): Int32Array {
    assertCount(n, 'n', 'choice');
    assertCount(k, 'k', 'choice');
    if (k > n) {
      throw new InvalidParameterError({ parameter: 'k', value: k, expected: `at most n = ${n} (argument of 'choice' without replacement)`, fix: 'Take a smaller sample, or sample with replacement.' });
    }
    return this.permutation(n).slice(0, k);
  }

  /**
   * `RandomState.randint(low, high)`: a uniform integer in [low, high) for the default
   * (int64) dtype. Supports `high − low ≤ 2^32` (the 32-bit masked-rejection branch).
   */
  randint(low: number, high: number): number {
    if (!Number.isSafeInteger(low)) {
      throw new InvalidParameterError({ parameter: 'low', value: low, expected: "a safe integer (argument of 'randint')" });
    }
    if (!Number.isSafeInteger(high) || high <= low) {
      throw new InvalidParameterError({ parameter: 'high', value: high, expected: `a safe integer > low = ${low} (argument of 'randint'; the range is [low, high))` });
    }
    const rng = high - low - 1;
    if (rng > 0xffffffff) {
      throw new InvalidParameterError({ parameter: 'high', value: high, expected: `high − low ≤ 2^32 (argument of 'randint'; NumPy's 64-bit branch is not ported)` });
    }
    return low + this.maskedInterval(rng);
  }

  /** `RandomState.random_sample()`: a double in [0, 1) with 53 random bits. */
  randomSample(): number {
    return mt19937NextDouble(this.mt);
  }

  /** `RandomState.standard_normal()`: legacy polar Box–Muller with a cached second value. */
  standardNormal(): number {
    if (this.hasGauss) {
      const cached = this.gauss;
      this.hasGauss = false;
      this.gauss = 0;
      return cached;
    }
    let x1: number;
    let x2: number;
    let r2: number;
    do {
      x1 = 2.0 * mt19937NextDouble(this.mt) - 1.0;
      x2 = 2.0 * mt19937NextDouble(this.mt) - 1.0;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1.0 || r2 === 0.0);
    const f = Math.sqrt((-2.0 * Math.log(r2)) / r2);
    this.gauss = f * x1;
    this.hasGauss = true;
    return f * x2;
  }

  /** `RandomState.normal(loc, scale)` (scalar): `loc + scale · standardNormal()`; `scale ≥ 0`. */
  normal(loc: number, scale: number): number {
    if (!Number.isFinite(loc)) {
      throw new InvalidParameterError({ parameter: 'loc', value: loc, expected: "a finite number (argument of 'normal')" });
    }
    if (!Number.isFinite(scale) || scale < 0) {
      throw new InvalidParameterError({ parameter: 'scale', value: scale, expected: "a finite number ≥ 0 (argument of 'normal')" });
    }
    return loc + scale * this.standardNormal();
  }

  /**
   * This stream as a house-style `rng: () => number` (uniform in [0, 1), one
   * `randomSample()` per call). The returned function shares — and advances — this state.
   */
  uniformSource(): () => number {
    return () => mt19937NextDouble(this.mt);
  }
}

/** Full generator state, JSON-serialisable; mirrors NumPy's `RandomState.get_state()`. */
export interface NumpyRandomStateSnapshot {
  /** The 624 MT19937 words. */
  readonly key: ArrayLike<number>;
  /** Read position in [0, 624]. */
  readonly pos: number;
  /** Whether a second polar-method normal is cached. */
  readonly hasGauss: boolean;
  /** The cached normal (0 when none). */
  readonly cachedGaussian: number;
}

function assertCount(n: number, parameter: string, functionName: string): void {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 0x7fffffff) {
    throw new InvalidParameterError({ parameter, value: n, expected: `an integer in [0, 2^31) (argument of '${functionName}')` });
  }
}
