import { assertInteger, rowCount } from '../internal/validate';
import { cosineSimilarity } from '../similarity/cosine-similarity';

/**
 * Pairwise cosine-similarity matrix of `n` patterns (Figure 2: 28×28 OR / PN / KC matrices of
 * trial-mean patterns, spec §4.14),
 *
 *   S[i, j] = x_i·x_j / (‖x_i‖ ‖x_j‖),   0 when either norm < minNorm (so a silent pattern has a 0 diagonal).
 *
 * @param patterns row-major `n × dim`
 * @param n number of patterns (rows)
 * @param dim pattern length
 * @param minNorm silence threshold, default 1e−8
 * @returns Float64Array `n × n`, symmetric, row-major
 * @example similarityMatrix([1, 0, 1, 1], 2, 2); // [1, 0.7071…, 0.7071…, 1]
 */
export function similarityMatrix(patterns: ArrayLike<number>, n: number, dim: number, minNorm = 1e-8): Float64Array {
  const fn = 'similarityMatrix';
  assertInteger(n, 'n', fn, 0);
  assertInteger(dim, 'dim', fn);
  if (patterns.length !== n * dim) {
    throw new RangeError(`Argument 'patterns' passed to '${fn}' has length ${patterns.length}; expected n × dim = ${n * dim}.`);
  }
  rowCount(patterns, dim, 'patterns', fn, 'dim');
  const rows = Array.from({ length: n }, (_, i) => Array.prototype.slice.call(patterns, i * dim, (i + 1) * dim) as number[]);
  const s = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const c = cosineSimilarity(rows[i]!, rows[j]!, minNorm);
      s[i * n + j] = c;
      s[j * n + i] = c;
    }
  }
  return s;
}
