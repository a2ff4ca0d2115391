/**
 * Trial-mean patterns of the three processing stages, one row per odor, row-major
 * `nOdors × dim` each: OR input (21), PN spike counts (72), KC spike counts (144).
 */
export interface StagePatterns {
  /** Realized (noisy) OR input, `nOdors × nOr`. */
  readonly or: ArrayLike<number>;
  /** PN spike counts, `nOdors × nPn`. */
  readonly pn: ArrayLike<number>;
  /** KC spike counts, `nOdors × nKc`. */
  readonly kc: ArrayLike<number>;
}

/** Decorrelation between stages in percent (positive = less similar downstream). */
export interface Decorrelation {
  /** Antennal lobe: OR → PN. */
  readonly alPercent: number;
  /** Mushroom body: PN → KC. */
  readonly mbPercent: number;
  /** Whole pathway: OR → KC (a separate average, not a combination of AL and MB). */
  readonly totalPercent: number;
}
