/**
 * `v.toFixed(digits)`, except that a value which rounds to zero prints without a sign:
 * `fixed(-0.0004, 3)` is `0.000`, not `-0.000` (a table of means should not show a negative zero).
 */
export function fixed(v: number, digits: number): string {
  const t = v.toFixed(digits);
  return Number(t) === 0 ? t.replace('-', '') : t;
}
