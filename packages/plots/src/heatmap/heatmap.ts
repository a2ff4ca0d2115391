import * as d3 from 'd3';
import { createSvgDocument } from '../svg/create-svg-document';

/** Data of a heat map: a row-major `nRows × nCols` matrix. */
export interface HeatmapData {
  readonly values: ArrayLike<number>;
  readonly nRows: number;
  readonly nCols: number;
}

/** Options of {@link heatmap}. Sizes in CSS pixels. */
export interface HeatmapOptions {
  /** Document to create elements in. Default: a fresh linkedom document. */
  readonly document?: Document;
  /** Cell size, px. Default 12. */
  readonly cellSizePx?: number;
  /** Colour domain `[min, max]`. Default: the data's extent. */
  readonly domain?: readonly [number, number];
  /** A d3 interpolator name from d3-scale-chromatic, e.g. `interpolateRdYlBu`. Default `interpolateViridis`. */
  readonly colorScheme?: 'interpolateViridis' | 'interpolateRdYlBu' | 'interpolateMagma' | 'interpolateBlues';
  /** Reverse the colour scheme (RdYlBu_r, red = high). Default false. */
  readonly reverse?: boolean;
  /** Panel title. */
  readonly title?: string;
  readonly xLabel?: string;
  readonly yLabel?: string;
  /** Font family of all text. Default `DejaVu Sans` (the font PNG rendering can rely on). */
  readonly fontFamily?: string;
}

/**
 * A heat map of a matrix as an `<svg>` element: one `<rect class="cell">` per entry, optional
 * title and axis labels. NaN cells are drawn light grey.
 *
 * @example
 *   const svg = heatmap({ values: sim, nRows: 28, nCols: 28 }, { domain: [-0.2, 1], colorScheme: 'interpolateRdYlBu', reverse: true });
 */
export function heatmap(data: HeatmapData, options: HeatmapOptions = {}): SVGSVGElement {
  const { values, nRows, nCols } = data;
  if (!(Number.isInteger(nRows) && nRows > 0 && Number.isInteger(nCols) && nCols > 0) || values.length !== nRows * nCols) {
    throw new RangeError(`invalid heatmap data: ${values.length} values for ${nRows} × ${nCols}; expected nRows × nCols values with positive integer sizes.`);
  }
  const doc = options.document ?? createSvgDocument();
  const cell = options.cellSizePx ?? 12;
  const font = options.fontFamily ?? 'DejaVu Sans';
  const margin = { top: options.title ? 28 : 8, right: 8, bottom: options.xLabel ? 36 : 8, left: options.yLabel ? 36 : 8 };
  const width = margin.left + nCols * cell + margin.right;
  const height = margin.top + nRows * cell + margin.bottom;
  const finite = Array.from(values).filter(Number.isFinite);
  const [lo, hi] = options.domain ?? [d3.min(finite) ?? 0, d3.max(finite) ?? 1];
  const interp = d3[options.colorScheme ?? 'interpolateViridis'];
  const color = d3.scaleSequential((t: number) => interp(options.reverse ? 1 - t : t)).domain([lo, hi === lo ? lo + 1 : hi]);

  const svg = d3
    .select(doc.body)
    .append('svg')
    .attr('xmlns', 'http://www.w3.org/2000/svg')
    .attr('width', width)
    .attr('height', height)
    .attr('viewBox', `0 0 ${width} ${height}`)
    .attr('font-family', font);
  const g = svg.append('g').attr('transform', `translate(${margin.left},${margin.top})`);
  const cells = d3.range(nRows * nCols);
  g.selectAll('rect.cell')
    .data(cells)
    .join('rect')
    .attr('class', 'cell')
    .attr('x', (i: number) => (i % nCols) * cell)
    .attr('y', (i: number) => Math.floor(i / nCols) * cell)
    .attr('width', cell)
    .attr('height', cell)
    .attr('fill', (i: number) => (Number.isFinite(values[i]!) ? color(values[i]!) : '#dddddd'));
  if (options.title)
    svg
      .append('text')
      .attr('class', 'title')
      .attr('x', width / 2)
      .attr('y', 18)
      .attr('text-anchor', 'middle')
      .attr('font-size', 14)
      .text(options.title);
  if (options.xLabel)
    svg
      .append('text')
      .attr('class', 'x-label')
      .attr('x', margin.left + (nCols * cell) / 2)
      .attr('y', height - 10)
      .attr('text-anchor', 'middle')
      .attr('font-size', 12)
      .text(options.xLabel);
  if (options.yLabel) {
    svg
      .append('text')
      .attr('class', 'y-label')
      .attr('transform', `translate(14,${margin.top + (nRows * cell) / 2}) rotate(-90)`)
      .attr('text-anchor', 'middle')
      .attr('font-size', 12)
      .text(options.yLabel);
  }
  const node = svg.node()!;
  node.remove();
  return node as unknown as SVGSVGElement;
}
