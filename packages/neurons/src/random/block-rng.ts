import { portableExp, portableLog } from './portable-math';
import { ZIGGURAT_F, ZIGGURAT_K, ZIGGURAT_R, ZIGGURAT_W } from './ziggurat-tables';
import type { Vec } from '../core/vec';

const INV_R = 1 / ZIGGURAT_R;
const TWO_POW_M24 = 1 / 16777216;
const TWO_POW_M32 = 1 / 4294967296;
const TWO_POW_M53 = 1 / 9007199254740992;

/**
 * A fast sequential generator: xoshiro128** 1.1 (Blackman & Vigna 2018, "Scrambled linear
 * pseudorandom number generators", https://prng.di.unimi.it/), 128-bit state, period 2¹²⁸ − 1,
 *
 *   out = rotl(s1 · 5, 7) · 9;   t = s1 << 9;
 *   s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl(s3, 11)
 *
 * in exact 32-bit integer arithmetic (`Math.imul`), so it produces the same bits everywhere.
 * Normals come from the Ziggurat method (see `ziggurat-tables.ts`), one 32-bit word per draw on
 * the fast path (≈ 98.8 % of draws).
 *
 * Usually obtained from a counter-based generator (`createRng(seed).block(...)`), which seeds it
 * with Philox4x32-10 of the block counter. Mutable by design: it is the one stateful object of
 * the random module and is reused (re-seeded in place) to keep the noise kernels allocation-free.
 */
export class BlockRng {
  /** @internal state word 0 (int32) */
  s0 = 0;
  /** @internal state word 1 (int32) */
  s1 = 0;
  /** @internal state word 2 (int32) */
  s2 = 0;
  /** @internal state word 3 (int32) */
  s3 = 0;

  /**
   * A generator with the given 128-bit state (four uint32 words). An all-zero state, the one
   * fixed point of xoshiro, is replaced by (1, 0, 0, 0).
   */
  constructor(s0 = 1, s1 = 0, s2 = 0, s3 = 0) {
    this.setState(s0, s1, s2, s3);
  }

  /** Overwrite the 128-bit state (four uint32 words; all-zero becomes (1, 0, 0, 0)). */
  setState(s0: number, s1: number, s2: number, s3: number): this {
    this.s0 = s0 | 0;
    this.s1 = s1 | 0;
    this.s2 = s2 | 0;
    this.s3 = s3 | 0;
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
    return this;
  }

  /** The current state as four uint32 words (for checkpoints and tests). */
  getState(): [number, number, number, number] {
    return [this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0];
  }

  /** Next 32-bit output as an unsigned integer in [0, 2³²). */
  nextUint32(): number {
    const s1 = this.s1;
    const r = Math.imul(rotl7(Math.imul(s1, 5)), 9);
    const t = s1 << 9;
    let s2 = this.s2 ^ this.s0;
    let s3 = this.s3 ^ s1;
    this.s1 = s1 ^ s2;
    this.s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    this.s2 = s2;
    this.s3 = s3;
    return r >>> 0;
  }

  /** Uniform double in [0, 1) with 53 random bits (two 32-bit draws). */
  nextUniform(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) * TWO_POW_M53;
  }

  /** Standard normal N(0, 1) (Ziggurat). */
  nextNormal(): number {
    const u = this.nextUint32() | 0;
    const b = u & 255;
    const j = u >>> 8;
    if (j < ZIGGURAT_K[b]!) return j * ZIGGURAT_W[b]!;
    return this.normalSlow(b, j);
  }

  /**
   * Fill `out[offset .. offset + count)` with uniforms k·2⁻²⁴, k an integer in [0, 2²⁴): one
   * 32-bit draw each, values in [0, 1) exactly representable in float32 and float64.
   */
  fillUniform(out: Vec, offset: number, count: number): void {
    let s0 = this.s0;
    let s1 = this.s1;
    let s2 = this.s2;
    let s3 = this.s3;
    const end = offset + count;
    for (let p = offset; p < end; p++) {
      const r = Math.imul(rotl7(Math.imul(s1, 5)), 9);
      const t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);
      out[p] = (r >>> 8) * TWO_POW_M24;
    }
    this.s0 = s0;
    this.s1 = s1;
    this.s2 = s2;
    this.s3 = s3;
  }

  /**
   * Fill `out[offset .. offset + count)` with `mean + std·z`, z ~ N(0, 1) by the Ziggurat
   * method; the same values, in the same order, as `count` calls of {@link nextNormal}.
   * Allocation-free; the generator state lives in registers in the fast path.
   */
  fillNormal(out: Vec, offset: number, count: number, mean = 0, std = 1): void {
    let s0 = this.s0;
    let s1 = this.s1;
    let s2 = this.s2;
    let s3 = this.s3;
    const K = ZIGGURAT_K;
    const W = ZIGGURAT_W;
    const end = offset + count;
    for (let p = offset; p < end; p++) {
      const u = Math.imul(rotl7(Math.imul(s1, 5)), 9);
      const t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);
      const b = u & 255;
      const j = u >>> 8;
      if (j < K[b]!) {
        out[p] = mean + std * (j * W[b]!);
      } else {
        this.s0 = s0;
        this.s1 = s1;
        this.s2 = s2;
        this.s3 = s3;
        out[p] = mean + std * this.normalSlow(b, j);
        s0 = this.s0;
        s1 = this.s1;
        s2 = this.s2;
        s3 = this.s3;
      }
    }
    this.s0 = s0;
    this.s1 = s1;
    this.s2 = s2;
    this.s3 = s3;
  }

  /** Uniform in (0, 1), never 0 (for logarithms): (u + ½)·2⁻³². */
  private openUniform(): number {
    return (this.nextUint32() + 0.5) * TWO_POW_M32;
  }

  /**
   * Ziggurat slow path (Marsaglia & Tsang's `nfix`): the tail beyond r for the base layer,
   * the wedge test otherwise; on rejection start over with a fresh draw.
   */
  /**
   * Finish a Ziggurat draw whose first uniform (layer `b`, mantissa `j`) missed the fast path
   * (`j ≥ K[b]`), continuing this generator: what `nextNormal` does after that draw. For
   * vectorised samplers that run the fast path elsewhere and must stay bit-identical.
   */
  zigguratSlowPath(b: number, j: number): number {
    return this.normalSlow(b, j);
  }

  private normalSlow(b: number, j: number): number {
    for (;;) {
      const layer = b & 127;
      const negative = b >= 128;
      if (layer === 0) {
        let x: number;
        let y: number;
        do {
          x = -portableLog(this.openUniform()) * INV_R;
          y = -portableLog(this.openUniform());
        } while (y + y < x * x);
        return negative ? -(ZIGGURAT_R + x) : ZIGGURAT_R + x;
      }
      const x = j * ZIGGURAT_W[b]!;
      const f0 = ZIGGURAT_F[layer]!;
      if (f0 + this.openUniform() * (ZIGGURAT_F[layer - 1]! - f0) < portableExp(-0.5 * x * x)) return x;
      const u = this.nextUint32() | 0;
      b = u & 255;
      j = u >>> 8;
      if (j < ZIGGURAT_K[b]!) return j * ZIGGURAT_W[b]!;
    }
  }
}

function rotl7(x: number): number {
  return (x << 7) | (x >>> 25);
}
