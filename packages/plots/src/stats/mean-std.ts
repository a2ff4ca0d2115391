import { finiteArray, nonEmpty } from '../internal/validate';

/** A summarised series: mean and (optional) spread at each x, same length. */
export interface MeanStd {
  readonly mean: ArrayLike<number>;
  /** Spread drawn as ± error bars or a band (population std over seeds, ddof = 0). Optional. */
  readonly std?: ArrayLike<number>;
}

/**
 * Mean and **population** std (ddof = 0, as every "mean ± std" in the reference) over seeds, per
 * position: `perSeed[s][i]` → `{ mean[i], std[i] }`. All rows must have the same length.
 *
 * @example
 *   meanStd([[0.70, 0.71], [0.68, 0.69]]) // { mean: [0.69, 0.70], std: [0.01, 0.01] }
 */
export function meanStd(perSeed: readonly ArrayLike<number>[]): { mean: number[]; std: number[] } {
  const rows = nonEmpty<ArrayLike<number>>('meanStd', 'perSeed', perSeed).map((r, s) =>
    finiteArray('meanStd', `perSeed[${s}]`, r, s === 0 ? {} : { length: perSeed[0]!.length, lengthOf: 'the length of perSeed[0]' }),
  );
  const n = rows[0]!.length;
  const mean: number[] = [];
  const std: number[] = [];
  for (let i = 0; i < n; i++) {
    let m = 0;
    for (const r of rows) m += r[i]!;
    m /= rows.length;
    let v = 0;
    for (const r of rows) v += (r[i]! - m) ** 2;
    mean.push(m);
    std.push(Math.sqrt(v / rows.length));
  }
  return { mean, std };
}
