/**
 * `exp` and `log` written with IEEE-754 basic operations only (+, −, ×, ÷, which every
 * JavaScript engine rounds correctly), so their results are bit-identical on every platform.
 * `Math.exp` / `Math.log` are "implementation-approximated" in ECMA-262 and may differ in the
 * last bit between engines; the Ziggurat tables and the rare slow path of the normal sampler use
 * these instead so that the random streams are identical everywhere.
 *
 * The algorithms and coefficients are those of fdlibm 5.3 (`e_exp.c`, `e_log.c`, Sun
 * Microsystems 1993); `portableExp` scales by 2^k by exact repeated squaring, `portableLog` reads
 * the exponent from the bits (through a DataView, so byte order does not matter). Accuracy < 1 ulp.
 * Domain: `portableExp` for x in [−700, 700], `portableLog` for x > 0 (subnormals included). The
 * geometric Poisson draws of the simulator call `portableLog` once per spike.
 */

const LN2_HI = 6.9314718036912381649e-1;
const LN2_LO = 1.90821492927058770002e-10;
const INV_LN2 = 1.442695040888963387;
const P1 = 1.66666666666666019037e-1;
const P2 = -2.77777777770155933842e-3;
const P3 = 6.61375632143793436117e-5;
const P4 = -1.6533902205465251539e-6;
const P5 = 4.13813679705723846039e-8;

/** fdlibm `log`'s constants (ln 2 split in two, the Lg1–Lg7 polynomial, √½), shared with the WebAssembly Poisson kernel. */
export const FDLIBM_LOG = Object.freeze({
  LN2_HI,
  LN2_LO,
  LG1: 6.66666666666673513e-1,
  LG2: 3.999999999940941908e-1,
  LG3: 2.857142874366239149e-1,
  LG4: 2.222219843214978396e-1,
  LG5: 1.818357216161805012e-1,
  LG6: 1.531383769920937332e-1,
  LG7: 1.479819860511658591e-1,
  SQRT_HALF: 0.7071067811865475244,
});
const { LG1, LG2, LG3, LG4, LG5, LG6, LG7, SQRT_HALF } = FDLIBM_LOG;
/** Smallest positive normal float64, 2^−1022. */
const MIN_NORMAL = 2 ** -1022;
const TWO_54 = 2 ** 54;
/** Scratch for reading and writing a float64's bits (module-private; portableLog never re-enters). */
const BITS = new DataView(new ArrayBuffer(8));

/** 2^k for an integer k in [−1022, 1023], by exact repeated squaring. */
function pow2(k: number): number {
  let base = k < 0 ? 0.5 : 2;
  let e = k < 0 ? -k : k;
  let result = 1;
  while (e > 0) {
    if (e & 1) result *= base;
    base *= base;
    e >>= 1;
  }
  return result;
}

/**
 * e^x, bit-identical on every platform (fdlibm algorithm: reduce x = k·ln2 + r with |r| ≤ ln2/2,
 * rational approximation of e^r, scale by 2^k).
 *
 * @example
 *   portableExp(1); // 2.718281828459045
 */
export function portableExp(x: number): number {
  if (x !== x) return x;
  if (x === 0) return 1;
  const k = Math.round(x * INV_LN2);
  const hi = x - k * LN2_HI;
  const lo = k * LN2_LO;
  const r = hi - lo;
  const t = r * r;
  const c = r - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  const y = 1 - (lo - (r * c) / (2 - c) - hi);
  return k === 0 ? y : y * pow2(k);
}

/**
 * Natural logarithm of a finite x > 0, bit-identical on every platform (fdlibm algorithm:
 * x = 2^k·m with m in [√½, √2), series in s = (m − 1)/(m + 1)).
 *
 * @example
 *   portableLog(Math.E); // 1
 */
export function portableLog(x: number): number {
  if (!(x > 0)) return x === 0 ? -Infinity : NaN;
  if (x === Infinity) return x;
  // Exact binary normalisation x = 2^k·m, m in [1, 2): subnormals are first scaled by 2^54
  // (exact), then k is read from the exponent field and m is x with its exponent set to 0. The
  // same m and k as halving/doubling until m is in [1, 2) (each step exact), in a few integer
  // operations; DataView reads and writes big-endian whatever the platform's byte order.
  let k = 0;
  let m = x;
  if (m < MIN_NORMAL) {
    m *= TWO_54;
    k = -54;
  }
  BITS.setFloat64(0, m);
  const hi = BITS.getUint32(0);
  k += (hi >>> 20) - 1023;
  BITS.setUint32(0, (hi & 0x000fffff) | 0x3ff00000);
  m = BITS.getFloat64(0);
  if (m > 2 * SQRT_HALF) {
    m *= 0.5;
    k++;
  }
  const f = m - 1;
  const s = f / (2 + f);
  const z = s * s;
  const w = z * z;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  const R = t2 + t1;
  const hfsq = 0.5 * f * f;
  return k * LN2_HI - (hfsq - (s * (hfsq + R) + k * LN2_LO) - f);
}
