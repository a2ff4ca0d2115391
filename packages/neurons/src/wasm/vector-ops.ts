import { arenaVectorKernel } from './kernel-arena';

/**
 * Element-wise operations on the float32 arrays of a {@link KernelArena}, as WebAssembly SIMD
 * kernels (see `vector-kernels.ts`): the glue a circuit engine runs between its neuron and
 * synapse steps. Each returns true when it ran, with the result bit for bit that of the
 * JavaScript loop in the comment (on `Float32Array`s); false, with nothing done, unless every
 * array is a `Float32Array` of one arena and all have the same length (the caller then runs its
 * loop). The kernels follow `setWasmKernelsEnabled`.
 *
 * @example
 *   if (!arenaAddTo(counts, spikes)) for (let i = 0; i < counts.length; i++) counts[i] += spikes[i];
 */

type F = Float32Array | Float64Array;

/** out[i] = a[i] + b[i]. */
export const arenaAdd = (out: F, a: F, b: F): boolean => arenaVectorKernel('vecAdd', [out, a, b]);
/** out[i] += a[i]. */
export const arenaAddTo = (out: F, a: F): boolean => arenaVectorKernel('vecAddTo', [out, a]);
/** out[i] = a[i]·(1 + xi[i]). */
export const arenaMulOnePlus = (out: F, a: F, xi: F): boolean => arenaVectorKernel('vecMulOnePlus', [out, a, xi]);
/** out[i] += a[i]·(1 + xi[i]). */
export const arenaAddMulOnePlus = (out: F, a: F, xi: F): boolean => arenaVectorKernel('vecAddMulOnePlus', [out, a, xi]);
/** out[i] = a[i] / (1 + D[i]). */
export const arenaDivideOnePlus = (out: F, a: F, D: F): boolean => arenaVectorKernel('vecDivideOnePlus', [out, a, D]);
/** inv = 1 / (1 + D[i]); gA[i] = g[i]·inv; gD[i] = −g[i]·a[i]·inv·inv. */
export const arenaDivideOnePlusBackward = (gA: F, gD: F, g: F, a: F, D: F): boolean => arenaVectorKernel('vecDivideOnePlusBackward', [gA, gD, g, a, D]);
