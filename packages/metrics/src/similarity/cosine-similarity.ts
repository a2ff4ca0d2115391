/**
 * Cosine similarity of two vectors, `a·b / (‖a‖ ‖b‖)`, defined as **0 when either norm is below
 * `minNorm`** (default 1e−8), as in the reference's metrics (spec §4): a silent response has no
 * direction and is similar to nothing.
 *
 * Accumulates in float64 whatever the input type.
 *
 * @example
 *   cosineSimilarity([1, 0], [1, 1]); // 0.7071…
 *   cosineSimilarity([0, 0], [1, 1]); // 0
 */
export function cosineSimilarity(a: ArrayLike<number>, b: ArrayLike<number>, minNorm = 1e-8): number {
  if (a.length !== b.length) {
    throw new RangeError(`Argument 'b' passed to 'cosineSimilarity' has length ${b.length}; expected ${a.length} (length of a).`);
  }
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  const normA = Math.sqrt(na);
  const normB = Math.sqrt(nb);
  if (normA < minNorm || normB < minNorm) return 0;
  return dot / (normA * normB);
}
