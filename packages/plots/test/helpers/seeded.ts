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
  const patterns = Array.from({ length: nOdors }, () => base.map((b) => (rng() < sparsity ? Math.max(0, shared * b + (1 - shared) * (rng() - 0.3)) : 0)));
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

/** Per-seed series: `base[i] · (1 + sd·N(0,1))` for `nSeeds` seeds. */
export function perSeed(rng: () => number, base: readonly number[], sd: number, nSeeds = 5): number[][] {
  const z = normal(rng);
  return Array.from({ length: nSeeds }, () => base.map((b) => round(b * (1 + sd * z()), 4)));
}

/**
 * Seeded Figure 3 sweeps with the spec's §5.3 shape: OR range 1.75×, PN 1.23×, KC ~1.15×,
 * decoder 46 % at c = 0.3 and 78 % at c = 5.
 */
export function concentrationSweeps(seed: number) {
  const rng = mulberry32(seed);
  const concentrations = [0.03, 0.1, 0.3, 0.5, 1, 2, 5];
  const h = concentrations.map((c) => (2 * c) / (c + 1));
  const normalised = (range: number) => h.map((v) => 1 + ((v - 1) * (range - 1)) / (h[6]! - h[0]!));
  return {
    concentrations,
    gain: {
      or: perSeed(rng, normalised(1.75), 0.01),
      pn: perSeed(rng, normalised(1.23), 0.02),
      kc: perSeed(rng, normalised(1.15), 0.03),
    },
    accuracy: {
      decoder: perSeed(rng, [0.09, 0.22, 0.46, 0.6, 0.7, 0.76, 0.78], 0.05),
      centroid: perSeed(rng, [0.07, 0.16, 0.38, 0.55, 0.66, 0.6, 0.5], 0.05),
    },
    similarity: {
      or: perSeed(rng, [0.9, 0.94, 0.97, 0.99, 1, 0.99, 0.98], 0.005).map((r) => r.map((v) => Math.min(1, v))),
      pn: perSeed(rng, [0.55, 0.7, 0.86, 0.93, 0.97, 0.93, 0.88], 0.02),
      kc: perSeed(rng, [0.25, 0.4, 0.62, 0.75, 0.82, 0.72, 0.6], 0.04),
    },
  };
}

/** Seeded sparse KC mean spike counts, row-major nOdors × nKcs: ~12.5 % active, heavy-tailed counts. */
export function kcCounts(seed: number, nOdors: number, nKcs = 144): number[] {
  const rng = mulberry32(seed);
  return Array.from({ length: nOdors * nKcs }, () => (rng() < 0.125 ? round(-2 * Math.log(Math.max(rng(), 1e-9)), 2) : rng() < 0.05 ? 0.02 : 0));
}

/** Seeded confusion counts: `trials` per true class, correct with probability `accuracy`, else a random class. */
export function confusionCounts(seed: number, n: number, trials: number, accuracy: number): number[] {
  const rng = mulberry32(seed);
  const counts = new Array<number>(n * n).fill(0);
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < trials; t++) {
      const j = rng() < accuracy ? i : Math.floor(rng() * n);
      counts[i * n + j]! += 1;
    }
  }
  return counts;
}

/** Seeded training histories shaped like spec §5.4 (every 50 epochs, seeds 42–46). */
export function trainingRuns(seed: number, nRuns = 5) {
  const rng = mulberry32(seed);
  const z = normal(rng);
  const epochs = [0, 50, 100, 150, 200, 250, 300];
  const base = {
    testAccuracy: [0.05, 0.329, 0.486, 0.564, 0.664, 0.679, 0.707],
    kcSparsity: [0.2, 0.136, 0.116, 0.124, 0.125, 0.127, 0.128],
    alDecorrelationPercent: [-30, -25.55, -21.51, -12.25, -3.82, 0.92, 5.03],
    mbDecorrelationPercent: [0, 6.78, 22.39, 34.58, 35.37, 33.01, 34.04],
    mancini: [2.4, 2.117, 1.676, 1.67, 1.702, 1.761, 1.84],
    gSomaNs: [10, 10.35, 10.79, 11.58, 12.52, 13.5, 14.48],
  };
  return Array.from({ length: nRuns }, (_, r) => {
    const jitter = (vs: number[], sd: number) => vs.map((v) => round(v + sd * z(), 3));
    return {
      label: `seed ${42 + r}`,
      epochs,
      testAccuracy: jitter(base.testAccuracy, 0.02),
      kcSparsity: jitter(base.kcSparsity, 0.003),
      alDecorrelationPercent: jitter(base.alDecorrelationPercent, 1),
      mbDecorrelationPercent: jitter(base.mbDecorrelationPercent, 1),
      mancini: jitter(base.mancini, 0.04),
      gSomaNs: jitter(base.gSomaNs, 0.08),
    };
  });
}

/**
 * Seeded learned parameters shaped like spec §5.3 (5 runs): KC thresholds with ~41 % at −30 mV,
 * LN with ~29 % at −55 mV, g_soma 14.6 ± 0.1 nS, gaps LN–LN 136, PN–PN 96, eLN–PN 82 pS.
 */
export function learnedParameters(seed: number) {
  const rng = mulberry32(seed);
  const z = normal(rng);
  const clamp = (v: number) => Math.min(-30, Math.max(-55, v));
  const pop = (n: number, mean: number, sd: number) => Array.from({ length: n }, () => round(clamp(mean + sd * z()), 2));
  return {
    thresholds: [
      { population: 'ORN', vThMv: pop(42, -42.5, 3) },
      { population: 'LN', vThMv: pop(108, -50, 6) },
      { population: 'PN', vThMv: pop(72, -42.5, 4) },
      { population: 'KC', vThMv: pop(144, -32, 5) },
    ],
    gSomaNs: Array.from({ length: 5 }, () => round(14.57 + 0.08 * z(), 3)),
    runLabels: ['42', '43', '44', '45', '46'],
    gapConductances: [
      { label: 'LN–LN', valuesPs: [136.3, 137.3, 142.0, 132.3, 133.7] },
      { label: 'PN–PN', valuesPs: [95.1, 96.6, 97.7, 93.9, 95.3] },
      { label: 'eLN–PN', valuesPs: [81.5, 83.3, 84.2, 84.2, 77.8] },
    ],
  };
}
