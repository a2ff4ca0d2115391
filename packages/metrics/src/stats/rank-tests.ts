/**
 * Rank-based tests matching SciPy 1.10 (`scipy.stats.kruskal`, `scipy.stats.mannwhitneyu` with
 * its defaults) and Holm's step-down correction.
 *
 *   Kruskal–Wallis: H = [12/(N(N+1)) Σ R_j²/n_j − 3(N+1)] / (1 − Σ(t³ − t)/(N³ − N)), p = χ²_{k−1} sf.
 *   Mann–Whitney U: U₁ = R₁ − n₁(n₁+1)/2; two-sided; exact null distribution when n₁, n₂ < 8 and
 *   there are no ties, otherwise the normal approximation with tie correction and continuity
 *   correction, z = (max(U₁, U₂) − n₁n₂/2 − 0.5)/s, p = 2·sf(z), clipped to [0, 1].
 *   Holm: p̃_(i) = max_{j ≤ i} min(1, (m − j + 1) p_(j)) over ascending p.
 */
import { chiSquareSf, normalSf } from './special-functions';

/** Average ranks (1-based, ties get their mean rank) and the tie-group sizes. */
export function rankData(values: readonly number[]): { ranks: Float64Array; ties: number[] } {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a] - values[b]);
  const ranks = new Float64Array(n);
  const ties: number[] = [];
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && values[order[j + 1]] === values[order[i]]) j++;
    const r = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k]] = r;
    ties.push(j - i + 1);
    i = j + 1;
  }
  return { ranks, ties };
}

function checkSample(x: readonly number[], name: string, fn: string): void {
  if (!Array.isArray(x) || x.length === 0) throw new RangeError(`Argument '${name}' passed to '${fn}' is empty; expected at least one value.`);
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i])) throw new RangeError(`Argument '${name}' passed to '${fn}' has ${name}[${i}] = ${x[i]}; expected finite numbers.`);
  }
}

/** Result of a test: statistic and p-value. */
export interface TestResult {
  readonly statistic: number;
  readonly pValue: number;
}

/**
 * Kruskal–Wallis H test over k ≥ 2 groups.
 *
 * @example
 *   kruskalWallis([[1, 2, 3], [4, 5, 6]]);  // { statistic: 3.857…, pValue: 0.0495… }
 */
export function kruskalWallis(groups: readonly (readonly number[])[]): TestResult {
  if (groups.length < 2) throw new RangeError(`Argument 'groups' passed to 'kruskalWallis' has ${groups.length} groups; expected at least 2.`);
  groups.forEach((g, k) => checkSample(g as number[], `groups[${k}]`, 'kruskalWallis'));
  const all = groups.flat();
  const N = all.length;
  const { ranks, ties } = rankData(all);
  let h = 0;
  let off = 0;
  for (const g of groups) {
    let r = 0;
    for (let i = 0; i < g.length; i++) r += ranks[off + i];
    h += (r * r) / g.length;
    off += g.length;
  }
  h = (12 / (N * (N + 1))) * h - 3 * (N + 1);
  let t = 0;
  for (const c of ties) t += c * c * c - c;
  const correction = 1 - t / (N * N * N - N);
  if (correction === 0) return { statistic: Number.NaN, pValue: Number.NaN };
  h /= correction;
  return { statistic: h, pValue: chiSquareSf(h, groups.length - 1) };
}

/** P(U ≥ u) under H0 for sample sizes n1, n2 without ties (exact, by counting). */
function mwuExactSf(u: number, n1: number, n2: number): number {
  // counts[k] = number of rank arrangements with U = k; recurrence on (n1, n2)
  const max = n1 * n2;
  let table: Float64Array[] = [];
  // f(i, j)[k]: arrangements of i x's and j y's with U = k
  const f = (i: number, j: number): Float64Array => table[i * (n2 + 1) + j];
  table = new Array((n1 + 1) * (n2 + 1));
  for (let i = 0; i <= n1; i++) {
    for (let j = 0; j <= n2; j++) {
      const out = new Float64Array(max + 1);
      if (i === 0 || j === 0) out[0] = 1;
      else {
        // the largest element is an x (contributes j to U) or a y
        const a = f(i - 1, j);
        const b = f(i, j - 1);
        for (let k = 0; k <= max; k++) out[k] = (k >= j ? a[k - j] : 0) + b[k];
      }
      table[i * (n2 + 1) + j] = out;
    }
  }
  const counts = f(n1, n2);
  let total = 0;
  let tail = 0;
  for (let k = 0; k <= max; k++) {
    total += counts[k];
    if (k >= u) tail += counts[k];
  }
  return tail / total;
}

/**
 * Two-sided Mann–Whitney U test (SciPy defaults); `statistic` is U₁ of `x`.
 *
 * @example
 *   mannWhitneyU([1, 2, 3], [4, 5, 6]);  // { statistic: 0, pValue: 0.1 } (exact)
 */
export function mannWhitneyU(x: readonly number[], y: readonly number[]): TestResult {
  checkSample(x, 'x', 'mannWhitneyU');
  checkSample(y, 'y', 'mannWhitneyU');
  const n1 = x.length;
  const n2 = y.length;
  const { ranks, ties } = rankData([...x, ...y]);
  let r1 = 0;
  for (let i = 0; i < n1; i++) r1 += ranks[i];
  const u1 = r1 - (n1 * (n1 + 1)) / 2;
  const u2 = n1 * n2 - u1;
  const u = Math.max(u1, u2);
  const hasTies = ties.some((t) => t > 1);
  let p: number;
  if (n1 < 8 && n2 < 8 && !hasTies) {
    p = 2 * mwuExactSf(u, n1, n2);
  } else {
    const n = n1 + n2;
    let tieTerm = 0;
    for (const t of ties) tieTerm += t * t * t - t;
    const s = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
    const z = (u - (n1 * n2) / 2 - 0.5) / s;
    p = 2 * normalSf(z);
  }
  return { statistic: u1, pValue: Math.min(1, Math.max(0, p)) };
}

/**
 * Holm–Bonferroni adjusted p-values, in the input order.
 *
 * @example
 *   holm([0.01, 0.04, 0.03]);  // [0.03, 0.06, 0.06]
 */
export function holm(pValues: readonly number[]): number[] {
  pValues.forEach((p, i) => {
    if (!(p >= 0 && p <= 1)) throw new RangeError(`Argument 'pValues' passed to 'holm' has pValues[${i}] = ${p}; expected a probability in [0, 1].`);
  });
  const m = pValues.length;
  const order = Array.from({ length: m }, (_, i) => i).sort((a, b) => pValues[a] - pValues[b]);
  const out = new Array<number>(m);
  let running = 0;
  order.forEach((idx, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * pValues[idx]));
    out[idx] = running;
  });
  return out;
}
