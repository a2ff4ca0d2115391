import { InvalidParameterError } from '@olfactory/neurons';

/**
 * The 32-bit Mersenne Twister MT19937 (Matsumoto & Nishimura 1998,
 * doi:10.1145/272991.272995), exactly as NumPy's legacy `RandomState` runs it.
 *
 * Recurrence (N = 624, M = 397, w = 32, r = 31):
 *
 *   y       = (mt[k] & 0x80000000) | (mt[k+1 mod N] & 0x7fffffff)
 *   mt[k]  ← mt[k+M mod N] ⊕ (y >>> 1) ⊕ (y odd ? 0x9908b0df : 0)
 *
 * Tempering of each output word `y = mt[pos++]`:
 *
 *   y ^= y >>> 11;  y ^= (y << 7) & 0x9d2c5680;  y ^= (y << 15) & 0xefc60000;  y ^= y >>> 18
 *
 * Seeding with one 32-bit integer is Matsumoto–Nishimura `init_genrand`:
 *
 *   mt[0] = s;   mt[i] = (1812433253 · (mt[i−1] ⊕ (mt[i−1] >>> 30)) + i) mod 2^32
 *
 * then `pos = N`, so the first draw regenerates the whole block. This is what
 * `numpy.random.RandomState(seed)` does for an integer seed (`_legacy_seeding` →
 * `mt19937_seed`, numpy/random/src/mt19937/mt19937.c; formerly `rk_seed` in
 * numpy/random/mtrand/randomkit.c). Array seeds (`init_by_array`) are not ported.
 *
 * The state is a plain record (JSON-friendly once `key` is copied to an array); the draw
 * functions advance it **in place** — the one deliberate exception to "never mutate
 * arguments", because copying 624 words per draw would make a generator useless. Use
 * {@link mt19937Clone} to fork a stream.
 */

/** Number of 32-bit words in the MT19937 state (`RK_STATE_LEN`). */
export const MT19937_STATE_LENGTH = 624;

const N = MT19937_STATE_LENGTH;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;

/** MT19937 state: the 624-word key and the read position (`pos === 624` → regenerate next). */
export interface Mt19937State {
  /** The 624 state words (NumPy's `get_state()[1]`). Mutated by the draw functions. */
  readonly key: Uint32Array;
  /** Index of the next word to temper and return, in [0, 624]. Mutated by the draw functions. */
  pos: number;
}

/** Largest integer seed accepted by `RandomState(seed)`, plus one: seeds live in [0, 2^32). */
export const MT19937_SEED_LIMIT = 2 ** 32;

/**
 * Throw {@link InvalidParameterError} unless `seed` is an integer in [0, 2^32), the range
 * `numpy.random.RandomState(seed)` accepts for integer seeds.
 */
export function assertMt19937Seed(seed: number, parameter = 'seed', functionName = 'mt19937Seed'): void {
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed >= MT19937_SEED_LIMIT) {
    throw new InvalidParameterError({
      parameter,
      value: seed,
      expected: `an integer in [0, 2^32) (argument of '${functionName}', as numpy.random.RandomState accepts)`,
    });
  }
}

/**
 * Seed a fresh state with `init_genrand(seed)` (NumPy `mt19937_seed`).
 *
 * @example
 *   const s = mt19937Seed(5489);
 *   mt19937NextUint32(s); // 3499211612, the reference implementation's first output
 */
export function mt19937Seed(seed: number): Mt19937State {
  assertMt19937Seed(seed);
  const key = new Uint32Array(N);
  let s = seed >>> 0;
  for (let i = 0; i < N; i++) {
    key[i] = s;
    // (1812433253 · (s ⊕ (s >>> 30)) + i + 1) mod 2^32, with an exact 32-bit multiply.
    s = (Math.imul(1812433253, (s ^ (s >>> 30)) >>> 0) + i + 1) >>> 0;
  }
  return { key, pos: N };
}

/** An independent copy of `state` (same future stream). */
export function mt19937Clone(state: Mt19937State): Mt19937State {
  return { key: state.key.slice(), pos: state.pos };
}

/** Regenerate all 624 words (NumPy `mt19937_gen`). */
function mt19937Generate(key: Uint32Array): void {
  let kk = 0;
  let y: number;
  for (; kk < N - M; kk++) {
    y = (key[kk]! & UPPER_MASK) | (key[kk + 1]! & LOWER_MASK);
    key[kk] = key[kk + M]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
  }
  for (; kk < N - 1; kk++) {
    y = (key[kk]! & UPPER_MASK) | (key[kk + 1]! & LOWER_MASK);
    key[kk] = key[kk + (M - N)]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
  }
  y = (key[N - 1]! & UPPER_MASK) | (key[0]! & LOWER_MASK);
  key[N - 1] = key[M - 1]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
}

/**
 * Next tempered 32-bit output as a number in [0, 2^32) (NumPy `mt19937_next32` /
 * `rk_random`). Advances `state` in place.
 */
export function mt19937NextUint32(state: Mt19937State): number {
  if (state.pos >= N) {
    mt19937Generate(state.key);
    state.pos = 0;
  }
  let y = state.key[state.pos++]!;
  y ^= y >>> 11;
  y ^= (y << 7) & 0x9d2c5680;
  y ^= (y << 15) & 0xefc60000;
  y ^= y >>> 18;
  return y >>> 0;
}

/**
 * Next double in [0, 1) with 53 random bits (NumPy `mt19937_next_double` / `rk_double`):
 * `a = next >>> 5` (27 bits), `b = next >>> 6` (26 bits), `(a · 2^26 + b) / 2^53`.
 * Advances `state` in place by two words. Exact in float64.
 */
export function mt19937NextDouble(state: Mt19937State): number {
  const a = mt19937NextUint32(state) >>> 5;
  const b = mt19937NextUint32(state) >>> 6;
  return (a * 67108864.0 + b) / 9007199254740992.0;
}
