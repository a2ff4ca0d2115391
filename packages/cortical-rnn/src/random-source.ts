/**
 * Seeded uniform / normal sources for the RNN study, drawn from the toolkit's counter-based
 * Philox generator (`createRng` in @olfactory/neurons). One `stream` per purpose (task data,
 * initialisation, null graphs, input noise) keeps them independent.
 */
import { createRng } from '@olfactory/neurons';

/** A seeded source of uniform [0, 1) and standard normal numbers. */
export interface RandomSource {
  readonly uniform: () => number;
  readonly normal: () => number;
}

/** Streams of {@link randomSource}. */
export const RNG_STREAMS = Object.freeze({ train: 1, test: 2, val: 3, init: 4, nulls: 5, noise: 6, permutation: 7 } as const);

/**
 * @param seed base seed (a non-negative safe integer)
 * @param stream purpose, one of {@link RNG_STREAMS}
 * @param sample simulation index (default 0)
 * @param step task/variant cell index (default 0)
 * @example
 *   const { uniform, normal } = randomSource(42, RNG_STREAMS.init, 3);
 */
export function randomSource(seed: number, stream: number, sample = 0, step = 0): RandomSource {
  const block = createRng(seed).block(sample, step, 0, stream);
  return { uniform: () => block.nextUniform(), normal: () => block.nextNormal() };
}
