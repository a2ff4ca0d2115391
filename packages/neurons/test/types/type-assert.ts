/**
 * Compile-time assertions for the `*.test-d.ts` type tests: `expectType<Equal<A, B>>()` fails
 * type-checking unless A and B are the same type (not merely assignable).
 */
export type Equal<X, Y> = (<T>() => T extends X ? 1 : 2) extends <T>() => T extends Y ? 1 : 2 ? true : false;
export function expectType<T extends true>(): T | void {}
