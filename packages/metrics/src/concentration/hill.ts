/** The seven concentrations of the gain-control sweep (spec §4.7), relative to training (c = 1). */
export const CANONICAL_CONCENTRATIONS: readonly number[] = Object.freeze([0.03, 0.1, 0.3, 0.5, 1.0, 2.0, 5.0]);

/** Options of {@link hillEffectiveConcentration}. */
export interface HillOptions {
  /** Half-maximal concentration (same units as c). Default 1. */
  readonly ec50?: number;
  /** Hill coefficient. Default 1. */
  readonly hillN?: number;
}

/**
 * Effective concentration of a Hill receptor, normalised to 1 at c = 1 (spec §4.7):
 *
 *   h(c) = [cⁿ / (cⁿ + EC50ⁿ)] / [1 / (1 + EC50ⁿ)]      (= 2c/(c + 1) for EC50 = n = 1).
 *
 * For the canonical concentrations: 0.0583, 0.1818, 0.4615, 0.6667, 1, 1.3333, 1.6667.
 * The sweep's input is then `R_c = max(0, sfr + (r_k − sfr)·h(c))`.
 *
 * @param concentration c ≥ 0
 * @example hillEffectiveConcentration(5); // 1.6667
 */
export function hillEffectiveConcentration(concentration: number, options: HillOptions = {}): number {
  const fn = 'hillEffectiveConcentration';
  const ec50 = options.ec50 ?? 1;
  const n = options.hillN ?? 1;
  if (!(concentration >= 0) || !Number.isFinite(concentration)) {
    throw new RangeError(`Argument 'concentration' passed to '${fn}' is ${concentration}; expected a finite number ≥ 0.`);
  }
  if (!(ec50 > 0) || !Number.isFinite(ec50)) throw new RangeError(`Argument 'ec50' passed to '${fn}' is ${ec50}; expected a finite number > 0.`);
  if (!(n > 0) || !Number.isFinite(n)) throw new RangeError(`Argument 'hillN' passed to '${fn}' is ${n}; expected a finite number > 0.`);
  const cn = concentration ** n;
  const en = ec50 ** n;
  return cn / (cn + en) / (1 / (1 + en));
}
