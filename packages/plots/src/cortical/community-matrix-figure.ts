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
  const values = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) values[i * n + j] = Math.abs(weights[order[i] * n + order[j]]);
  const cell = options.cellSizePx ?? 2;
  const svg = heatmap({ values, nRows: n, nCols: n }, { colorScheme: 'interpolateMagma', ...options, cellSizePx: cell, xLabel: 'to unit (by community)', yLabel: 'from unit (by community)' });
  const g = svg.querySelector('g');
  if (g) {
    const doc = svg.ownerDocument;
    let start = 0;
    for (const c of communities) {
      const rect = doc.createElementNS('http://www.w3.org/2000/svg', 'rect');
      rect.setAttribute('class', 'community');
      rect.setAttribute('x', String(start * cell));
      rect.setAttribute('y', String(start * cell));
      rect.setAttribute('width', String(c.length * cell));
      rect.setAttribute('height', String(c.length * cell));
      rect.setAttribute('fill', 'none');
      rect.setAttribute('stroke', options.outlineColor ?? '#e4572e');
      rect.setAttribute('stroke-width', '1');
      g.appendChild(rect);
      start += c.length;
    }
  }
  return svg;
}
