/**
 * Distance matrices of the spatial regulariser (spec §2.3):
 *   D* — Euclidean distances between soma positions after min-max normalising each axis to [0, 1]
 *        (positions stacked (N, 3), fixing the reference's reshape(3, −1));
 *   D  — Euclidean distances between the points of a regular grid (g_x, g_y, g_z) with
 *        g_x·g_y·g_z = N, enumerated like numpy `meshgrid(arange(gx), arange(gy), arange(gz))`
 *        raveled (y slowest, then x, then z), unnormalised integer coordinates.
 */
import { InvalidParameterError } from '@olfactory/neurons';

/** Pairwise Euclidean distances of N points (N×3 row-major). */
export function pairwiseDistances(points: Float64Array, n: number): Float64Array {
  const d = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const dx = points[3 * i] - points[3 * j];
      const dy = points[3 * i + 1] - points[3 * j + 1];
      const dz = points[3 * i + 2] - points[3 * j + 2];
      const v = Math.sqrt(dx * dx + dy * dy + dz * dz);
      d[i * n + j] = v;
      d[j * n + i] = v;
    }
  }
  return d;
}

/** D*: distances between per-axis min-max-normalised soma positions (N×3). */
export function somaDistanceMatrix(positions: Float64Array, n: number): Float64Array {
  if (positions.length !== 3 * n) throw new InvalidParameterError({ parameter: 'positions', value: `length ${positions.length}`, expected: `N×3 = ${3 * n} values` });
  const p = new Float64Array(3 * n);
  for (let k = 0; k < 3; k++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < n; i++) {
      lo = Math.min(lo, positions[3 * i + k]);
      hi = Math.max(hi, positions[3 * i + k]);
    }
    for (let i = 0; i < n; i++) p[3 * i + k] = hi > lo ? (positions[3 * i + k] - lo) / (hi - lo) : 0;
  }
  return pairwiseDistances(p, n);
}

/** The reference's scrambled coordinates: `np.array(list).reshape(3, −1)` read as x, y, z rows. */
export function referenceReshapedPositions(positions: Float64Array, n: number): Float64Array {
  const out = new Float64Array(3 * n);
  for (let i = 0; i < n; i++) for (let k = 0; k < 3; k++) out[3 * i + k] = positions[k * n + i];
  return out;
}

/** D: distances on a (gx, gy, gz) grid; throws unless gx·gy·gz = N. */
export function gridDistanceMatrix(grid: readonly [number, number, number], n: number): Float64Array {
  const [gx, gy, gz] = grid;
  if (gx * gy * gz !== n) throw new InvalidParameterError({ parameter: 'grid', value: `(${gx}, ${gy}, ${gz})`, expected: `three integers whose product is N = ${n}` });
  const pts = new Float64Array(3 * n);
  let k = 0;
  for (let y = 0; y < gy; y++) {
    for (let x = 0; x < gx; x++) {
      for (let z = 0; z < gz; z++) {
        pts[3 * k] = x;
        pts[3 * k + 1] = y;
        pts[3 * k + 2] = z;
        k++;
      }
    }
  }
  return pairwiseDistances(pts, n);
}

/** The grid shapes of INF.md for the pinned fields. */
export const FIELD_GRIDS: Readonly<Record<string, readonly [number, number, number]>> = Object.freeze({
  '6_6_2': [12, 13, 2],
  '5_3_4': [7, 5, 2],
  '5_6_8': [10, 4, 4],
});

/** Pearson correlation of the upper-triangle entries of two N×N matrices. */
export function upperTriangleCorrelation(a: Float64Array, b: Float64Array, n: number): number {
  let sa = 0;
  let sb = 0;
  let saa = 0;
  let sbb = 0;
  let sab = 0;
  let c = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const x = a[i * n + j];
      const y = b[i * n + j];
      sa += x;
      sb += y;
      saa += x * x;
      sbb += y * y;
      sab += x * y;
      c++;
    }
  }
  const cov = sab / c - (sa / c) * (sb / c);
  return cov / Math.sqrt((saa / c - (sa / c) ** 2) * (sbb / c - (sb / c) ** 2));
}
