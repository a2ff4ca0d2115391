import type { ValTypeCode, WasmFunction } from './wasm-encoder';
import { op } from './wasm-encoder';

/** A small expression builder over the encoder: named locals, typed loads and stores, loops. */

export type Code = readonly number[];
export const cat = (...parts: Code[]): number[] => parts.flat();

/** Named parameters and locals of one function. */
export class Fn {
  private readonly types: ValTypeCode[] = [];
  private readonly index = new Map<string, number>();
  private readonly nParams: number;
  constructor(params: readonly (readonly [string, ValTypeCode])[]) {
    for (const [n, t] of params) this.declare(n, t);
    this.nParams = params.length;
  }
  declare(name: string, type: ValTypeCode): void {
    this.index.set(name, this.types.length);
    this.types.push(type);
  }
  private at(name: string): number {
    const i = this.index.get(name);
    if (i === undefined) throw new Error(`wasm codegen: unknown local ${name}`);
    return i;
  }
  get = (name: string): Code => op.localGet(this.at(name));
  set = (name: string, value: Code): Code => cat(value, op.localSet(this.at(name)));
  build(name: string | null, body: Code[]): WasmFunction {
    return { name, params: this.types.slice(0, this.nParams), locals: this.types.slice(this.nParams), body: cat(...body) };
  }
}

export const i32c = (n: number): Code => op.i32Const(n);
export const f64c = (x: number): Code => op.f64Const(x);
export const iadd = (a: Code, b: Code) => cat(a, b, op.i32Add);
export const imul = (a: Code, b: Code) => cat(a, b, op.i32Mul);
export const ishl = (a: Code, n: number) => cat(a, i32c(n), op.i32Shl);
export const ilt = (a: Code, b: Code) => cat(a, b, op.i32LtS);
export const fadd = (a: Code, b: Code) => cat(a, b, op.f64Add);
export const fsub = (a: Code, b: Code) => cat(a, b, op.f64Sub);
export const fmul = (a: Code, b: Code) => cat(a, b, op.f64Mul);
/** A float32 element widened to float64. */
export const ldf32 = (addr: Code) => cat(addr, op.f32Load(), op.f64PromoteF32);
/** Store a float64 value rounded to float32. */
export const stf32 = (addr: Code, value: Code) => cat(addr, value, op.f32DemoteF64, op.f32Store());
export const ldf64 = (addr: Code) => cat(addr, op.f64Load());
export const stf64 = (addr: Code, value: Code) => cat(addr, value, op.f64Store());
export const ldi32 = (addr: Code) => cat(addr, op.i32Load());
/** `cond ? a : b`, evaluating only the chosen float64 arm (for optional inputs). */
export const choose = (cond: Code, a: Code, b: Code) => cat(cond, op.ifF64, a, op.else, b, op.end);
/** `cond ? a : b` for i32 values, evaluating only the chosen arm. */
export const chooseI32 = (cond: Code, a: Code, b: Code) => cat(cond, op.ifI32, a, op.else, b, op.end);
/** `cond ? a : b` (both evaluated). */
export const select = (a: Code, b: Code, cond: Code) => cat(a, b, cond, op.select);
export const when = (cond: Code, then: Code) => cat(cond, op.if, then, op.end);
export const ifElse = (cond: Code, then: Code, otherwise: Code) => cat(cond, op.if, then, op.else, otherwise, op.end);
/**
 * For lane in [0, 16): `inBatch` for lanes < `lanes`, `padding` for the rest (the locals
 * `lane` and `lanes` must exist).
 */
export const laneLoop = (f: Fn, tile: number, inBatch: Code, padding: Code) => loop(f, 'lane', i32c(0), i32c(tile), ifElse(ilt(f.get('lane'), f.get('lanes')), inBatch, padding));
/** `for (counter = from; counter < to; counter++) body` (`to` re-evaluated each iteration). */
export const loop = (f: Fn, counter: string, from: Code, to: Code, body: Code) =>
  cat(f.set(counter, from), op.block, op.loop, f.get(counter), to, op.i32GeS, op.brIf(1), body, f.set(counter, iadd(f.get(counter), i32c(1))), op.br(0), op.end, op.end);
