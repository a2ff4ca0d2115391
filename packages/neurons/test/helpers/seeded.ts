import { createRng } from '@olfactory/neurons';

/**
 * Deterministic test data from the package's own counter-based generator (never Math.random):
 * `count` values uniform in [lo, hi), from block (tag, 0, 0) of seed 2024.
 */
export function seededUniform(tag: number, count: number, lo: number, hi: number): Float64Array {
  const out = new Float64Array(count);
  createRng(2024).block(tag, 0, 0).fillUniform(out, 0, count);
  for (let i = 0; i < count; i++) out[i] = lo + (hi - lo) * out[i]!;
  return out;
}

/** `count` standard-normal values times `std`, from block (tag, 0, 1) of seed 2024. */
export function seededNormal(tag: number, count: number, std = 1): Float64Array {
  const out = new Float64Array(count);
  createRng(2024).block(tag, 0, 1).fillNormal(out, 0, count, 0, std);
  return out;
}
