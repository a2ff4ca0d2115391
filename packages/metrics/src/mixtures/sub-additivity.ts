import { assertLength } from '../internal/validate';

/** One mixture for {@link subAdditivity}: its KC response and its components' responses. */
export interface MixtureResponse {
  /** Mean KC spike-count vector for the mixture. */
  readonly mixture: ArrayLike<number>;
  /** Mean KC spike-count vectors of the components (2 or 3). */
  readonly components: readonly ArrayLike<number>[];
}

/** Options of {@link subAdditivity}. */
export interface SubAdditivityOptions {
  /** A KC is responsive if its predicted or mixture response exceeds this (spikes). Default 0.01. */
  readonly threshold?: number;
}

/** Result of {@link subAdditivity}. */
export interface SubAdditivity {
  /** Σ sub-additive / Σ responsive over all mixtures (pooled; canonical 69.4%, Honegger 2011: 73%). */
  readonly fraction: number;
  /** Total responsive (mixture, KC) entries. */
  readonly responsive: number;
  /** Total sub-additive (mixture, KC) entries. */
  readonly subAdditive: number;
  /** Per mixture: sub-additive / responsive (NaN when none responsive). */
  readonly perMixture: Float64Array;
}

/**
 * Honegger et al. 2011 per-KC sub-additivity (spec §4.12). Per mixture, with the linear
 * prediction p = Σ_k r_k (sum of component responses) and mixture response m:
 *
 *   responsive_i ⇔ p_i > 0.01 ∨ m_i > 0.01,   sub-additive_i ⇔ responsive_i ∧ m_i < p_i,
 *   fraction = Σ_mixtures #sub-additive / Σ_mixtures #responsive   (pooled, not a mean of ratios).
 *
 * @param mixtures the mixtures (351 pairs, or 50 triplets)
 * @example subAdditivity([{ mixture: [0, 0.5], components: [[0, 1], [0, 1]] }]).fraction; // 1
 */
export function subAdditivity(mixtures: readonly MixtureResponse[], options: SubAdditivityOptions = {}): SubAdditivity {
  const fn = 'subAdditivity';
  const threshold = options.threshold ?? 0.01;
  let responsive = 0;
  let subAdditive = 0;
  const perMixture = new Float64Array(mixtures.length);
  mixtures.forEach((mix, s) => {
    const n = mix.mixture.length;
    if (mix.components.length === 0) {
      throw new RangeError(`Argument 'mixtures' passed to '${fn}' has mixtures[${s}].components empty; expected at least one component response.`);
    }
    mix.components.forEach((c, k) => assertLength(c, n, `mixtures[${s}].components[${k}]`, fn, 'length of the mixture response'));
    let r = 0;
    let sub = 0;
    for (let i = 0; i < n; i++) {
      let pred = 0;
      for (const c of mix.components) pred += c[i]!;
      const m = mix.mixture[i]!;
      if (pred > threshold || m > threshold) {
        r++;
        if (m < pred) sub++;
      }
    }
    responsive += r;
    subAdditive += sub;
    perMixture[s] = r === 0 ? Number.NaN : sub / r;
  });
  return { fraction: responsive === 0 ? Number.NaN : subAdditive / responsive, responsive, subAdditive, perMixture };
}
