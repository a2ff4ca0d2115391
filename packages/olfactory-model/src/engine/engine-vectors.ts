// Element-wise helpers of the circuit engine: small module functions (not loops inside the big
// step functions), so V8 optimises them on their own and they never run in unoptimised code.
// On arrays of a kernel arena they run as WebAssembly SIMD kernels (`arenaAdd`, … of
// @olfactory/neurons), bit for bit the loops below.
import { arenaAdd, arenaAddMulOnePlus, arenaAddTo, arenaDivideOnePlus, arenaDivideOnePlusBackward, arenaMulOnePlus } from '@olfactory/neurons';

/** A batch-major state or gradient array: float32 (training, evaluation) or float64 (gradient checks). */
export type Vec = Float32Array | Float64Array;
export type VecCtor = Float32ArrayConstructor | Float64ArrayConstructor;

/** x = 0. */
export function zero(x: Vec): void {
  x.fill(0);
}
/** out = a + b. */
export function add2(out: Vec, a: Vec, b: Vec): void {
  if (arenaAdd(out, a, b)) return;
  for (let i = 0; i < out.length; i++) out[i] = a[i]! + b[i]!;
}
/** out += a. */
export function addTo(out: Vec, a: Vec): void {
  if (arenaAddTo(out, a)) return;
  for (let i = 0; i < out.length; i++) out[i]! += a[i]!;
}
/** out = a·(1 + ξ). */
export function mulOnePlus(out: Vec, a: Vec, xi: Vec): void {
  if (arenaMulOnePlus(out, a, xi)) return;
  for (let i = 0; i < out.length; i++) out[i] = a[i]! * (1 + xi[i]!);
}
/** out += a·(1 + ξ). */
export function addMulOnePlus(out: Vec, a: Vec, xi: Vec): void {
  if (arenaAddMulOnePlus(out, a, xi)) return;
  for (let i = 0; i < out.length; i++) out[i]! += a[i]! * (1 + xi[i]!);
}
/** out = a / (1 + D) (the divisive APL inhibition). */
export function divideOnePlus(out: Vec, a: Vec, D: Vec): void {
  if (arenaDivideOnePlus(out, a, D)) return;
  for (let i = 0; i < out.length; i++) out[i] = a[i]! / (1 + D[i]!);
}
/** VJP of {@link divideOnePlus}: gA = g/(1 + D), gD = −g·a/(1 + D)². */
export function divideOnePlusBackward(gA: Vec, gD: Vec, g: Vec, a: Vec, D: Vec): void {
  if (arenaDivideOnePlusBackward(gA, gD, g, a, D)) return;
  for (let i = 0; i < g.length; i++) {
    const inv = 1 / (1 + D[i]!);
    gA[i] = g[i]! * inv;
    gD[i] = -g[i]! * a[i]! * inv * inv;
  }
}
