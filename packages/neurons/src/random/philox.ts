/**
 * Philox4x32-10, the counter-based block cipher-like generator of Salmon, Moraes, Dror & Shaw
 * (2011), "Parallel random numbers: as easy as 1, 2, 3", SC '11, doi:10.1145/2063384.2063405.
 *
 * A bijection of a 128-bit counter under a 64-bit key: ten rounds of
 *
 *   (hi0, lo0) = M0 × c0,   (hi1, lo1) = M1 × c2            (32 × 32 → 64-bit products)
 *   c ← (hi1 ⊕ c1 ⊕ k0,  lo1,  hi0 ⊕ c3 ⊕ k1,  lo0)
 *   k ← (k0 + W0, k1 + W1)  (mod 2³², between rounds)
 *
 * with M0 = 0xD2511F53, M1 = 0xCD9E8D57, W0 = 0x9E3779B9, W1 = 0xBB67AE85. Written with exact
 * 32-bit integer arithmetic (`Math.imul`, 16-bit partial products for the high word, `>>> 0`), so
 * every platform produces the same bits. Matches the Random123 known-answer vectors.
 */

/** Philox4x32-10's multipliers and Weyl key increments (shared with the WebAssembly kernels). */
export const PHILOX_CONSTANTS = Object.freeze({ M0: 0xd2511f53, M1: 0xcd9e8d57, W0: 0x9e3779b9, W1: 0xbb67ae85 });
const { M0, M1, W0, W1 } = PHILOX_CONSTANTS;

/** High 32 bits of the 64-bit product of two uint32 values (exact). */
function mulhi32(a: number, b: number): number {
  const aLo = a & 0xffff;
  const aHi = a >>> 16;
  const bLo = b & 0xffff;
  const bHi = b >>> 16;
  const lolo = aLo * bLo;
  const hilo = aHi * bLo;
  const lohi = aLo * bHi;
  const mid = (lolo >>> 16) + (hilo & 0xffff) + (lohi & 0xffff);
  return (aHi * bHi + (hilo >>> 16) + (lohi >>> 16) + (mid >>> 16)) >>> 0;
}

/**
 * Philox4x32-10 of `counter` (4 uint32 words) under `key` (2 uint32 words), written into `out`
 * (4 uint32 words). Allocation-free.
 *
 * @example
 *   const out = new Uint32Array(4);
 *   philox4x32(0, 0, 0, 0, 0, 0, out); // 6627e8d5 e169c58d bc57ac4c 9b00dbd8 (Random123 KAT)
 */
export function philox4x32(c0: number, c1: number, c2: number, c3: number, k0: number, k1: number, out: Uint32Array): void {
  c0 >>>= 0;
  c1 >>>= 0;
  c2 >>>= 0;
  c3 >>>= 0;
  k0 >>>= 0;
  k1 >>>= 0;
  for (let round = 0; round < 10; round++) {
    if (round > 0) {
      k0 = (k0 + W0) >>> 0;
      k1 = (k1 + W1) >>> 0;
    }
    const lo0 = Math.imul(M0, c0) >>> 0;
    const hi0 = mulhi32(M0, c0);
    const lo1 = Math.imul(M1, c2) >>> 0;
    const hi1 = mulhi32(M1, c2);
    c0 = (hi1 ^ c1 ^ k0) >>> 0;
    c1 = lo1;
    c2 = (hi0 ^ c3 ^ k1) >>> 0;
    c3 = lo0;
  }
  out[0] = c0;
  out[1] = c1;
  out[2] = c2;
  out[3] = c3;
}
