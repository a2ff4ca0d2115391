import { InvalidParameterError, csrFromTriplets, csrNnz, type CsrMatrix } from '@olfactory/neurons';
import { assertMt19937Seed } from '../random/mt19937';
import { NumpyRandomState } from '../random/numpy-random-state';

/**
 * Degree-preserving directed rewiring by double-edge swaps (Maslov & Sneppen 2002,
 * doi:10.1126/science.1065103): a null model that keeps every neuron's out-degree and
 * in-degree but randomises who connects to whom.
 *
 * One attempt:
 *
 *   pick edges e1 = (a→b, w1), e2 = (c→d, w2) uniformly and independently
 *   propose     (a→d, w1), (c→b, w2)
 *   accept iff  a→d and c→b are not already edges (this also rejects e1 = e2, a = c, b = d)
 *               and, for a square matrix without allowSelfLoops, a ≠ d and c ≠ b
 *
 * Weights travel with their edges' presynaptic end: e1's weight moves to a→d. So each row keeps
 * its degree *and* its weight multiset (out-strength is preserved exactly); each column keeps
 * its degree, but its in-strength changes. The matrix-wide weight multiset, total and nnz are
 * preserved.
 *
 * Rectangular matrices are bipartite (rows and columns are different neurons) and have no
 * self-loop rule; for a square matrix rows and columns are taken to be the same neurons.
 * Existing self-loops are kept or moved away, never created (unless `allowSelfLoops`).
 *
 * This is this project's own null model: the reference has no rewiring control, so no NumPy
 * stream is matched (a `seed` uses {@link NumpyRandomState}'s `randomSample()` only for
 * reproducibility).
 */

/** Options of {@link rewireDegreePreserving}. Give exactly one of `seed` and `rng`. */
export interface RewireDegreePreservingOptions {
  /** Number of swap attempts, a non-negative integer. Default `10 × nnz`. */
  readonly swaps?: number;
  /** Seed of a {@link NumpyRandomState}, an integer in [0, 2^32). */
  readonly seed?: number;
  /** Uniform source on [0, 1) (two calls per attempt), e.g. `rs.uniformSource()`. */
  readonly rng?: () => number;
  /** Square matrices only: allow swaps that create `i → i` edges. Default false. */
  readonly allowSelfLoops?: boolean;
}

/** Swap counts of one rewiring run. */
export interface RewireStats {
  /** Proposals drawn (equals `swaps`, or 0 when the matrix has fewer than two edges). */
  readonly attempted: number;
  /** Proposals that passed the checks and were applied. */
  readonly accepted: number;
}

/** Result of {@link rewireDegreePreserving}. */
export interface RewireResult {
  readonly matrix: CsrMatrix;
  readonly stats: RewireStats;
}

/**
 * Rewire `m` by double-edge swaps, preserving every row's out-degree and every column's
 * in-degree. Pure: `m` is not modified; the same seed gives the same result.
 *
 * @example
 *   const { matrix, stats } = rewireDegreePreserving(lnToLn, { seed: 7 });
 *   stats.accepted / stats.attempted; // acceptance rate
 */
export function rewireDegreePreserving(m: CsrMatrix, options: RewireDegreePreservingOptions): RewireResult {
  const fn = 'rewireDegreePreserving';
  const { seed, rng: givenRng, allowSelfLoops = false, swaps: givenSwaps } = options ?? {};
  if (seed !== undefined && givenRng !== undefined) {
    throw new InvalidParameterError({ parameter: 'seed', value: seed, expected: `either seed or rng, not both (argument of '${fn}')`, fix: 'Drop one of them.' });
  }
  if (givenRng !== undefined && typeof givenRng !== 'function') {
    throw new InvalidParameterError({ parameter: 'rng', value: typeof givenRng, expected: `a function returning uniform numbers in [0, 1) (argument of '${fn}')` });
  }
  let rng: () => number;
  if (givenRng !== undefined) rng = givenRng;
  else if (seed !== undefined) {
    assertMt19937Seed(seed, 'seed', fn);
    rng = new NumpyRandomState(seed).uniformSource();
  } else {
    throw new InvalidParameterError({
      parameter: 'seed',
      value: undefined,
      expected: `an integer in [0, 2^32), or an rng function (argument of '${fn}')`,
      fix: 'Pass { seed } or { rng }: randomness is always injected.',
    });
  }

  const nnz = csrNnz(m);
  const swaps = givenSwaps ?? 10 * nnz;
  if (typeof swaps !== 'number' || !Number.isSafeInteger(swaps) || swaps < 0) {
    throw new InvalidParameterError({ parameter: 'swaps', value: swaps, expected: `a non-negative integer (argument of '${fn}'; the number of swap attempts)` });
  }
  if (typeof allowSelfLoops !== 'boolean') {
    throw new InvalidParameterError({ parameter: 'allowSelfLoops', value: allowSelfLoops, expected: `a boolean (argument of '${fn}')` });
  }

  const { nRows, nCols } = m;
  const src = new Int32Array(nnz);
  const dst = new Int32Array(nnz);
  const weight = new Float32Array(nnz);
  const present = new Set<number>();
  for (let r = 0; r < nRows; r++) {
    for (let k = m.rowPtr[r]!; k < m.rowPtr[r + 1]!; k++) {
      src[k] = r;
      dst[k] = m.colIdx[k]!;
      weight[k] = m.values[k]!;
      present.add(r * nCols + m.colIdx[k]!);
    }
  }

  const forbidSelfLoops = nRows === nCols && !allowSelfLoops;
  let attempted = 0;
  let accepted = 0;
  if (nnz >= 2) {
    const pick = (): number => {
      const u = rng();
      const e = Math.floor(u * nnz);
      if (!(e >= 0 && e < nnz)) {
        throw new InvalidParameterError({ parameter: 'rng()', value: u, expected: `a number in [0, 1) (argument of '${fn}')` });
      }
      return e;
    };
    for (; attempted < swaps; attempted++) {
      const e1 = pick();
      const e2 = pick();
      const a = src[e1]!;
      const b = dst[e1]!;
      const c = src[e2]!;
      const d = dst[e2]!;
      if (forbidSelfLoops && (a === d || c === b)) continue;
      const ad = a * nCols + d;
      const cb = c * nCols + b;
      if (present.has(ad) || present.has(cb)) continue;
      present.delete(a * nCols + b);
      present.delete(c * nCols + d);
      present.add(ad);
      present.add(cb);
      dst[e1] = d;
      dst[e2] = b;
      accepted++;
    }
  }

  return { matrix: csrFromTriplets(nRows, nCols, src, dst, weight), stats: { attempted, accepted } };
}
