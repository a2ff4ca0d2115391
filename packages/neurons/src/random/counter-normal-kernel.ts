/**
 * The normal variates of `createRng(seed)` (Philox4x32-10 block counter → xoshiro128** →
 * Ziggurat, see `counter-rng.ts`, `block-rng.ts`, `ziggurat-tables.ts`, `portable-math.ts`)
 * written as ONE self-contained function: {@link counterNormalKernel} refers to no import and
 * no module variable, only to its own locals and to built-ins (`Math`). Its source text
 * (`counterNormalKernel.toString()`) can therefore be evaluated in a worker thread, which is
 * how the circuit engine generates the next steps' noise on a second core.
 *
 * It is a second copy of the generator, kept for that reason only; the tests pin it to
 * `createRng(seed).openInto(...).fillNormal(...)` bit for bit (fast and slow Ziggurat paths).
 * Keep it free of imports, module constants and TypeScript constructs that emit helpers.
 */

/** What {@link counterNormalKernel} returns. */
export interface CounterNormalKernel {
  /**
   * Open block (stream, sample, step, source) of the generator keyed by `seed` (exactly as
   * `createRng(seed).openInto(g, sample, step, source, stream)`) and fill consecutive runs from
   * it: `runs` holds triples (offset, count, std); run r writes
   * `out[offset_r + i] = 0 + std_r·z_i` for i < count_r, the draws continuing from run to run
   * (as successive `fillNormal(out, offset_r, count_r, 0, std_r)` calls on one generator).
   */
  fillRuns(seed: number, stream: number, sample: number, step: number, source: number, out: Float32Array | Float64Array, runs: ArrayLike<number>): void;
  /**
   * One step of segment-major noise for a batch: `segments` holds triples (offset, size, std)
   * per sample; sample b's segment g goes to `out[offset_g·batch + b·size_g + i]`, its draws in
   * segment order from block (stream, samples[b], step, source) — the layout of the circuit
   * noise. With the WebAssembly sampler (see {@link counterNormalKernel}) four samples are drawn
   * at once; the numbers are the same either way.
   */
  fillStep(seed: number, stream: number, samples: ArrayLike<number>, step: number, source: number, out: Float32Array, segments: ArrayLike<number>): void;
}

/** The four-lane sampler a {@link counterNormalKernel} may use (from `normalSamplerModule()`). */
export interface NormalSamplerModule {
  readonly bytes: Uint8Array;
  /** Byte addresses in its memory: 2^(i − 1024) for i ≤ 2048, the four xoshiro states, the Ziggurat K, W and F tables, the run table (and its slots), the output. */
  readonly pow2: number;
  readonly xoshiro: number;
  readonly zigK: number;
  readonly zigW: number;
  readonly zigF: number;
  readonly runs: number;
  readonly runSlots: number;
  readonly out: number;
}

/**
 * Build the self-contained generator (tables included, ≈ 0.1 ms). See the module comment.
 * With `sampler` (the bytes and layout of `normalSamplerModule()`, which a worker receives as
 * data), `fillStep` draws four samples at once in WebAssembly (xoshiro as int32×4 SIMD), the
 * slow path here; without it, or if instantiation fails, everything runs in JavaScript.
 *
 * @example
 *   const k = counterNormalKernel();
 *   const out = new Float32Array(10);
 *   k.fillRuns(42, 0, 7, 0, 4, out, [0, 10, 1]); // = createRng(42).block(7, 0, 4).fillNormal(out, 0, 10)
 */
// eslint-disable-next-line max-lines-per-function -- a WebAssembly code generator whose body is the emitted instruction list, kept in one piece so the bytes read top to bottom
export function counterNormalKernel(sampler: NormalSamplerModule | null = null): CounterNormalKernel {
  // ---- portable exp / log (fdlibm 5.3, IEEE basic operations only; copy of portable-math.ts)
  const LN2_HI = 6.9314718036912381649e-1;
  const LN2_LO = 1.90821492927058770002e-10;
  const INV_LN2 = 1.442695040888963387;
  const P1 = 1.66666666666666019037e-1;
  const P2 = -2.77777777770155933842e-3;
  const P3 = 6.61375632143793436117e-5;
  const P4 = -1.6533902205465251539e-6;
  const P5 = 4.13813679705723846039e-8;
  const LG1 = 6.66666666666673513e-1;
  const LG2 = 3.999999999940941908e-1;
  const LG3 = 2.857142874366239149e-1;
  const LG4 = 2.222219843214978396e-1;
  const LG5 = 1.818357216161805012e-1;
  const LG6 = 1.531383769920937332e-1;
  const LG7 = 1.479819860511658591e-1;
  const SQRT_HALF = 0.7071067811865475244;
  const pow2 = (k: number): number => {
    let base = k < 0 ? 0.5 : 2;
    let e = k < 0 ? -k : k;
    let result = 1;
    while (e > 0) {
      if (e & 1) result *= base;
      base *= base;
      e >>= 1;
    }
    return result;
  };
  const pexp = (x: number): number => {
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
  };
  const plog = (x: number): number => {
    if (!(x > 0)) return x === 0 ? -Infinity : NaN;
    if (x === Infinity) return x;
    let k = 0;
    let m = x;
    while (m >= 2 ** 32) {
      m *= 2 ** -32;
      k += 32;
    }
    while (m < 2 ** -32) {
      m *= 2 ** 32;
      k -= 32;
    }
    while (m >= 2) {
      m *= 0.5;
      k++;
    }
    while (m < 1) {
      m *= 2;
      k--;
    }
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
  };

  // ---- Ziggurat tables (copy of ziggurat-tables.ts)
  const ZR = 3.442619855899;
  const ZV = 9.91256303526217e-3;
  const SCALE = 16777216;
  const K = new Int32Array(256);
  const W = new Float64Array(256);
  const F = new Float64Array(128);
  {
    const k = new Float64Array(128);
    const w = new Float64Array(128);
    let dn = ZR;
    let tn = dn;
    const q = ZV / pexp(-0.5 * dn * dn);
    k[0] = Math.floor((dn / q) * SCALE);
    k[1] = 0;
    w[0] = q / SCALE;
    w[127] = dn / SCALE;
    F[0] = 1;
    F[127] = pexp(-0.5 * dn * dn);
    for (let i = 126; i >= 1; i--) {
      dn = Math.sqrt(-2 * plog(ZV / dn + pexp(-0.5 * dn * dn)));
      k[i + 1] = Math.floor((dn / tn) * SCALE);
      tn = dn;
      F[i] = pexp(-0.5 * dn * dn);
      w[i] = dn / SCALE;
    }
    for (let i = 0; i < 128; i++) {
      K[i] = k[i]!;
      K[i + 128] = k[i]!;
      W[i] = w[i]!;
      W[i + 128] = -w[i]!;
    }
  }
  const INV_R = 1 / ZR;
  const TWO_POW_M32 = 1 / 4294967296;

  // ---- Philox4x32-10 (copy of philox.ts)
  const mulhi32 = (a: number, b: number): number => {
    const aLo = a & 0xffff;
    const aHi = a >>> 16;
    const bLo = b & 0xffff;
    const bHi = b >>> 16;
    const lolo = aLo * bLo;
    const hilo = aHi * bLo;
    const lohi = aLo * bHi;
    const mid = (lolo >>> 16) + (hilo & 0xffff) + (lohi & 0xffff);
    return (aHi * bHi + (hilo >>> 16) + (lohi >>> 16) + (mid >>> 16)) >>> 0;
  };
  // xoshiro128** state (int32 words), set by open()
  const st = new Int32Array(4);
  const open = (c0: number, c1: number, c2: number, c3: number, k0: number, k1: number): void => {
    c0 >>>= 0;
    c1 >>>= 0;
    c2 >>>= 0;
    c3 >>>= 0;
    k0 >>>= 0;
    k1 >>>= 0;
    for (let round = 0; round < 10; round++) {
      if (round > 0) {
        k0 = (k0 + 0x9e3779b9) >>> 0;
        k1 = (k1 + 0xbb67ae85) >>> 0;
      }
      const lo0 = Math.imul(0xd2511f53, c0) >>> 0;
      const hi0 = mulhi32(0xd2511f53, c0);
      const lo1 = Math.imul(0xcd9e8d57, c2) >>> 0;
      const hi1 = mulhi32(0xcd9e8d57, c2);
      c0 = (hi1 ^ c1 ^ k0) >>> 0;
      c1 = lo1;
      c2 = (hi0 ^ c3 ^ k1) >>> 0;
      c3 = lo0;
    }
    st[0] = c0 | 0;
    st[1] = c1 | 0;
    st[2] = c2 | 0;
    st[3] = c3 | 0;
    if ((st[0]! | st[1]! | st[2]! | st[3]!) === 0) st[0] = 1;
  };

  // ---- xoshiro128** (copy of BlockRng.nextUint32 / fillNormal / normalSlow)
  const nextUint32 = (): number => {
    const s1 = st[1]!;
    const m = Math.imul(s1, 5);
    const r = Math.imul((m << 7) | (m >>> 25), 9);
    const t = s1 << 9;
    let s2 = st[2]! ^ st[0]!;
    let s3 = st[3]! ^ s1;
    st[1] = s1 ^ s2;
    st[0] = st[0]! ^ s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    st[2] = s2;
    st[3] = s3;
    return r >>> 0;
  };
  const openUniform = (): number => (nextUint32() + 0.5) * TWO_POW_M32;
  const normalSlow = (b: number, j: number): number => {
    for (;;) {
      const layer = b & 127;
      const negative = b >= 128;
      if (layer === 0) {
        let x: number;
        let y: number;
        do {
          x = -plog(openUniform()) * INV_R;
          y = -plog(openUniform());
        } while (y + y < x * x);
        return negative ? -(ZR + x) : ZR + x;
      }
      const x = j * W[b]!;
      const f0 = F[layer]!;
      if (f0 + openUniform() * (F[layer - 1]! - f0) < pexp(-0.5 * x * x)) return x;
      const u = nextUint32() | 0;
      b = u & 255;
      j = u >>> 8;
      if (j < K[b]!) return j * W[b]!;
    }
  };
  const fillNormal = (out: Float32Array | Float64Array, offset: number, count: number, std: number): void => {
    const KK = K;
    const WW = W;
    let s0 = st[0]!;
    let s1 = st[1]!;
    let s2 = st[2]!;
    let s3 = st[3]!;
    const end = offset + count;
    for (let p = offset; p < end; p++) {
      const m = Math.imul(s1, 5);
      const u = Math.imul((m << 7) | (m >>> 25), 9);
      const t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);
      const b = u & 255;
      const j = u >>> 8;
      if (j < KK[b]!) {
        out[p] = 0 + std * (j * WW[b]!);
      } else {
        st[0] = s0;
        st[1] = s1;
        st[2] = s2;
        st[3] = s3;
        out[p] = 0 + std * normalSlow(b, j);
        s0 = st[0]!;
        s1 = st[1]!;
        s2 = st[2]!;
        s3 = st[3]!;
      }
    }
    st[0] = s0;
    st[1] = s1;
    st[2] = s2;
    st[3] = s3;
  };

  // ---- the four-lane WebAssembly sampler (optional)
  let wasm: { memory: { buffer: ArrayBuffer; grow(pages: number): number }; normals4: (runs: number, nRuns: number, out: number) => void } | null = null;
  let mem32 = new Int32Array(0);
  if (sampler !== null) {
    try {
      const WA = (
        globalThis as unknown as {
          WebAssembly: {
            Memory: new (d: { initial: number }) => { buffer: ArrayBuffer; grow(pages: number): number };
            Module: new (b: Uint8Array) => object;
            Instance: new (m: object, i: object) => { exports: Record<string, unknown> };
          };
        }
      ).WebAssembly;
      const memory = new WA.Memory({ initial: Math.ceil((sampler.out + 1) / 65536) });
      const x = sampler.xoshiro >> 2;
      // the base-strip tail of lane L (the wedges run in WebAssembly): its state from memory into st, the JS continuation, back
      const slow = (L: number, b: number, j: number): number => {
        const m = new Int32Array(memory.buffer);
        st[0] = m[x + L]!;
        st[1] = m[x + 4 + L]!;
        st[2] = m[x + 8 + L]!;
        st[3] = m[x + 12 + L]!;
        const v = normalSlow(b, j);
        m[x + L] = st[0]!;
        m[x + 4 + L] = st[1]!;
        m[x + 8 + L] = st[2]!;
        m[x + 12 + L] = st[3]!;
        return v;
      };
      const instance = new WA.Instance(new WA.Module(sampler.bytes), { env: { memory, slow } });
      new Int32Array(memory.buffer, sampler.zigK, 256).set(K);
      new Float64Array(memory.buffer, sampler.zigW, 256).set(W);
      new Float64Array(memory.buffer, sampler.zigF, 128).set(F);
      const p2 = new Float64Array(memory.buffer, sampler.pow2, 2049);
      for (let i = 0; i <= 2048; i++) p2[i] = pow2(i - 1024);
      wasm = { memory, normals4: instance.exports.normals4 as (runs: number, nRuns: number, out: number) => void };
    } catch {
      wasm = null;
    }
  }
  const fillRuns = (seed: number, stream: number, sample: number, step: number, source: number, out: Float32Array | Float64Array, runs: ArrayLike<number>): void => {
    open(stream, sample, step, source, seed >>> 0, Math.floor(seed / 4294967296) >>> 0);
    for (let r = 0; r + 2 < runs.length; r += 3) fillNormal(out, runs[r]!, runs[r + 1]!, runs[r + 2]!);
  };
  const single: number[] = [];

  return {
    fillRuns,
    fillStep(seed, stream, samples, step, source, out, segments) {
      const B = samples.length;
      const nSeg = Math.floor(segments.length / 3);
      let b = 0;
      if (wasm !== null && sampler !== null && B >= 4 && nSeg <= sampler.runSlots) {
        const need = sampler.out + 4 * out.length;
        if (need > wasm.memory.buffer.byteLength) wasm.memory.grow(Math.ceil((need - wasm.memory.buffer.byteLength) / 65536));
        mem32 = new Int32Array(wasm.memory.buffer);
        const f64 = new Float64Array(wasm.memory.buffer);
        const x = sampler.xoshiro >> 2;
        for (; b + 4 <= B; b += 4) {
          for (let L = 0; L < 4; L++) {
            open(stream, samples[b + L]!, step, source, seed >>> 0, Math.floor(seed / 4294967296) >>> 0);
            mem32[x + L] = st[0]!;
            mem32[x + 4 + L] = st[1]!;
            mem32[x + 8 + L] = st[2]!;
            mem32[x + 12 + L] = st[3]!;
          }
          for (let r = 0; r < nSeg; r++) {
            const rec = (sampler.runs >> 2) + 8 * r;
            const offset = segments[3 * r]!;
            const size = segments[3 * r + 1]!;
            for (let L = 0; L < 4; L++) mem32[rec + L] = offset * B + (b + L) * size;
            mem32[rec + 4] = size;
            f64[(rec >> 1) + 3] = segments[3 * r + 2]!;
          }
          wasm.normals4(sampler.runs, nSeg, sampler.out);
        }
        out.set(new Float32Array(wasm.memory.buffer, sampler.out, out.length));
      }
      for (; b < B; b++) {
        single.length = 0;
        for (let r = 0; r < nSeg; r++) single.push(segments[3 * r]! * B + b * segments[3 * r + 1]!, segments[3 * r + 1]!, segments[3 * r + 2]!);
        fillRuns(seed, stream, samples[b]!, step, source, out, single);
      }
    },
  };
}
