/** mulberry32: a tiny seeded PRNG for synthetic test data (never Math.random in tests). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draws (Box–Muller) from a uniform rng. */
export function normal(rng: () => number): () => number {
  return () => {
    const u = Math.max(rng(), 1e-12);
    const v = rng();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
}

/** Rounds to `digits` decimals so synthetic data prints compactly. */
export const round = (v: number, digits = 3): number => Number(v.toFixed(digits));

/**
 * A seeded, realistic 28×28 odor-similarity matrix (row-major): random non-negative patterns of
 * `nUnits` units whose shared baseline `shared` sets how similar odors are (OR ≈ 0.8, KC ≈ 0.3),
 * cosine similarity between them; diagonal = 1.
 */
export function similarityMatrix(seed: number, nOdors: number, nUnits: number, shared: number, sparsity = 1): number[] {
  const rng = mulberry32(seed);
  const base = Array.from({ length: nUnits }, () => rng());
  const patterns = Array.from({ length: nOdors }, () =>
    base.map((b) => (rng() < sparsity ? Math.max(0, shared * b + (1 - shared) * (rng() - 0.3)) : 0)),
  );
  const norm = patterns.map((p) => Math.hypot(...p));
  const out: number[] = [];
  for (let i = 0; i < nOdors; i++) {
    for (let j = 0; j < nOdors; j++) {
      let dot = 0;
      for (let k = 0; k < nUnits; k++) dot += patterns[i]![k]! * patterns[j]![k]!;
      out.push(round(norm[i]! > 1e-8 && norm[j]! > 1e-8 ? dot / (norm[i]! * norm[j]!) : 0));
    }
  }
  return out;
}
