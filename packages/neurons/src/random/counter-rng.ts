import { InvalidParameterError } from '../errors/invalid-parameter-error';
import { BlockRng } from './block-rng';
import { philox4x32 } from './philox';

/**
 * A seeded counter-based random generator: every block of random numbers is addressed by a
 * counter, so a block's numbers do not depend on which other blocks were drawn before, on the
 * batch composition, on threads or on the platform.
 *
 *   state(block) = Philox4x32-10(counter = (stream, sample, step, source), key = seed)
 *   numbers(block) = xoshiro128** sequence started from state(block)
 *
 * Philox4x32-10 (Salmon et al. 2011, doi:10.1145/2063384.2063405) turns the 128-bit counter
 * into a 128-bit state for the fast sequential xoshiro128** generator (Blackman & Vigna 2018);
 * normals use the Ziggurat method (Marsaglia & Tsang 2000). All integer arithmetic is exact
 * 32-bit (`Math.imul`, `>>> 0`) and the few transcendental functions are evaluated with
 * IEEE basic operations only, so results are bit-identical everywhere. `Math.random` is never
 * used.
 *
 * Counter words (each a uint32, taken modulo 2³²):
 * - `stream`: an independent experiment-level stream (training epoch, evaluation trial, …);
 * - `sample`: the sample's global index in its data set (not its position in the batch);
 * - `step`: the simulation time step;
 * - `source`: which noise source and channel (see `noiseSourceId` in `@olfactory/model`).
 */
export interface CounterRng {
  /** The seed (the Philox key): a safe integer in [0, 2⁵³). */
  readonly seed: number;
  /**
   * A new generator positioned at the start of block (sample, step, source) of `stream`
   * (default 0). Allocates one small object; use {@link CounterRng.openInto} in hot loops.
   */
  block(sample: number, step: number, source: number, stream?: number): BlockRng;
  /**
   * Re-seed `target` in place at the start of block (sample, step, source) of `stream`
   * (default 0), with no allocation. Returns `target`.
   */
  openInto(target: BlockRng, sample: number, step: number, source: number, stream?: number): BlockRng;
}

/**
 * Create a counter-based generator keyed by `seed` (a non-negative safe integer; its low and
 * high 32-bit words form the Philox key).
 *
 * @throws {InvalidParameterError} when `seed` is not an integer in [0, 2⁵³).
 * @example
 *   const rng = createRng(42);
 *   const noise = new Float32Array(100);
 *   rng.block(7, 0, 3).fillNormal(noise, 0, 100); // sample 7, step 0, source 3
 */
export function createRng(seed: number): CounterRng {
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed) || seed < 0) {
    throw new InvalidParameterError({
      parameter: 'seed',
      value: seed,
      expected: 'an integer in [0, 2^53) (the Philox key)',
      fix: 'Use a non-negative whole number such as 42.',
    });
  }
  const k0 = seed >>> 0;
  const k1 = Math.floor(seed / 4294967296) >>> 0;
  const words = new Uint32Array(4);
  const openInto = (target: BlockRng, sample: number, step: number, source: number, stream = 0): BlockRng => {
    philox4x32(stream, sample, step, source, k0, k1, words);
    return target.setState(words[0]!, words[1]!, words[2]!, words[3]!);
  };
  return Object.freeze({
    seed,
    openInto,
    block: (sample: number, step: number, source: number, stream = 0) => openInto(new BlockRng(), sample, step, source, stream),
  });
}
