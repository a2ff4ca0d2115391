/** Wrap an angle to [−π, π). */
export function wrapToPi(x: number): number {
  const t = (x + Math.PI) % (2 * Math.PI);
  return (t < 0 ? t + 2 * Math.PI : t) - Math.PI;
}

/** Circular mean atan2(mean sin, mean cos) of `x[0..n)`; NaN when n = 0. */
export function circularMean(x: ArrayLike<number>): number {
  if (x.length === 0) return NaN;
  let s = 0;
  let c = 0;
  for (let i = 0; i < x.length; i++) {
    s += Math.sin(x[i]!);
    c += Math.cos(x[i]!);
  }
  return Math.atan2(s / x.length, c / x.length);
}

/**
 * Mardia's circular standard deviation √(−2 ln R̄), R̄ the mean resultant length (clipped to
 * [1e-12, 1], so at most ≈ 7.4 rad); NaN when n = 0. Uniform angles give large values (R̄ → 0);
 * identical angles give 0.
 */
export function circularStd(x: ArrayLike<number>): number {
  if (x.length === 0) return NaN;
  let s = 0;
  let c = 0;
  for (let i = 0; i < x.length; i++) {
    s += Math.sin(x[i]!);
    c += Math.cos(x[i]!);
  }
  const r = Math.min(1, Math.max(1e-12, Math.hypot(s / x.length, c / x.length)));
  return Math.sqrt(-2 * Math.log(r));
}
