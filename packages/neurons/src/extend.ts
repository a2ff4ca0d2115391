/**
 * `@olfactory/neurons/extend`: what a package above this one needs to define its own primitives
 * in the same style: the parameter validators (typed errors naming the parameter), the
 * count-normalisation of connectome matrices, and WebAssembly kernels that run in a
 * {@link KernelArena} beside this package's (the code builder, the module encoder and kernel
 * extensions). `@olfactory/model` builds the olfactory-only primitives (OR→ORN drive, APL) on it.
 */

// Parameter validation
export { finiteNumber, positiveNumber, nonNegativeNumber, positiveInteger, perNeuronArray } from './core/validate';
export { normalizeCountsByMax } from './core/normalize';

// WebAssembly kernels outside this package
export { defineKernelExtension, extensionArena } from './wasm/kernel-arena';
export type { KernelExtension, ExtensionArena, ArenaMatrix, KernelArena } from './wasm/kernel-arena';
export { ValType, op, encodeModule } from './wasm/wasm-encoder';
export type { ValTypeCode, WasmFunction } from './wasm/wasm-encoder';
export { Fn, cat, i32c, f64c, iadd, imul, ishl, ilt, fadd, fsub, fmul, ldf32, stf32, ldf64, stf64, ldi32, choose, chooseI32, select, when, ifElse, loop } from './wasm/wasm-builder';
export type { Code } from './wasm/wasm-builder';
