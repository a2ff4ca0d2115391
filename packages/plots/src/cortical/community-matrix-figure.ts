/**
 * A recurrent weight matrix with its communities: rows and columns reordered community by
 * community (largest first, as `greedyModularityCommunities` returns them), |W| drawn as a heat
 * map, and each community's diagonal block outlined.
 */
import { heatmap } from '../heatmap/heatmap';
import type { HeatmapOptions } from '../heatmap/heatmap';

/** Data of {@link communityMatrixFigure}. */
export interface CommunityMatrixData {
  /** N×N row-major weights. */
  readonly weights: ArrayLike<number>;
  readonly n: number;
  /** A partition of 0..N−1. */
  readonly communities: readonly (readonly number[])[];
}

/** Options of {@link communityMatrixFigure}. */
export interface CommunityMatrixFigureOptions extends Omit<HeatmapOptions, 'xLabel' | 'yLabel'> {
  /** Outline colour of the community blocks. Default `#e4572e`. */
  readonly outlineColor?: string;
  /**
   * Most cells per side: a larger matrix is drawn as the mean |W| of k×k blocks of the reordered
   * matrix, k = ⌈N / maxCellsPerSide⌉ (one SVG rect per cell; 312² rects would take minutes to
   * render). Default 120.
   */
  readonly maxCellsPerSide?: number;
}

/**
 * @example
 *   const svg = communityMatrixFigure({ weights: w, n: 312, communities }, { cellSizePx: 2, title: 'W*D*C, task 1' });
 */
export function communityMatrixFigure(data: CommunityMatrixData, options: CommunityMatrixFigureOptions = {}): SVGSVGElement {
  const { weights, n, communities } = data;
  const order = communities.flat();
  if (weights.length !== n * n || order.length !== n || new Set(order).size !== n || order.some((i) => !Number.isInteger(i) || i < 0 || i >= n)) {
    throw new RangeError(`invalid community matrix data: ${weights.length} weights and communities covering ${order.length} nodes; expected N×N = ${n * n} weights and a partition of 0..${n - 1}.`);
  }
  const k = Math.max(1, Math.ceil(n / (options.maxCellsPerSide ?? 120)));
  const m = Math.ceil(n / k);
  const values = new Float64Array(m * m);
  const counts = new Float64Array(m * m);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const cellIndex = Math.floor(i / k) * m + Math.floor(j / k);
      values[cellIndex] += Math.abs(weights[order[i] * n + order[j]]);
      counts[cellIndex] += 1;
    }
  }
  for (let c = 0; c < values.length; c++) values[c] /= counts[c];
  const cell = options.cellSizePx ?? 2;
  const { maxCellsPerSide: _max, outlineColor: _outline, ...heatmapOptions } = options;
  const svg = heatmap(
    { values, nRows: m, nCols: m },
    {
      colorScheme: 'interpolateMagma',
      ...heatmapOptions,
      cellSizePx: cell,
      xLabel: k > 1 ? `to unit (by community; ${k}×${k} blocks averaged)` : 'to unit (by community)',
      yLabel: 'from unit (by community)',
    },
  );
  const g = svg.querySelector('g');
  if (g) {
    const doc = svg.ownerDocument;
    let start = 0;
    for (const c of communities) {
      const rect = doc.createElementNS('http://www.w3.org/2000/svg', 'rect');
      rect.setAttribute('class', 'community');
      rect.setAttribute('x', String((start / k) * cell));
      rect.setAttribute('y', String((start / k) * cell));
      rect.setAttribute('width', String((c.length / k) * cell));
      rect.setAttribute('height', String((c.length / k) * cell));
      rect.setAttribute('fill', 'none');
      rect.setAttribute('stroke', options.outlineColor ?? '#e4572e');
      rect.setAttribute('stroke-width', '1');
      g.appendChild(rect);
      start += c.length;
    }
  }
  return svg;
}
