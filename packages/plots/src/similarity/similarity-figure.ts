import * as d3 from 'd3';
import { drawColorbar } from '../color/colorbar';
import { axisLabels, createRoot, drawAxis, finish, panelHeader, panelLetter, r2, type FigureBaseOptions } from '../internal/figure-frame';
import { domainOf, finiteArray, nonEmpty, positiveNumber, squareSide } from '../internal/validate';
import { categoryTicks, rotateBottomTicks } from '../internal/category-ticks';

/** One similarity panel: a square row-major `n × n` matrix (cosine similarity of odor i vs odor j). */
export interface SimilarityPanel {
  /** Panel title, e.g. `OR Similarity`. */
  readonly title: string;
  /** Row-major n × n values (n² entries); NaN draws light grey. */
  readonly values: ArrayLike<number>;
}

/** Data of {@link similarityFigure}: one panel per stage, all of the same size n. */
export interface SimilarityFigureData {
  readonly panels: readonly SimilarityPanel[];
}

/** Options of {@link similarityFigure}. Sizes in CSS px. */
export interface SimilarityFigureOptions extends FigureBaseOptions {
  /** Side of one heat map, px. Default 240. */
  readonly panelSizePx?: number;
  /** Shared colour domain. Default `[-0.2, 1.0]`. */
  readonly domain?: readonly [number, number];
  /** Tick every k-th odor (labels 1-based: 1, 6, 11, …). Default 5. */
  readonly tickEvery?: number;
  /**
   * Category names, one per odor (e.g. the 28 odor names): every odor is labelled with its name
   * (x names rotated, y names on the first panel only) instead of 1-based numbers every `tickEvery`.
   */
  readonly tickLabels?: readonly string[];
  /** Axis label of both axes. Default `Odor`. */
  readonly axisLabel?: string;
  /** Colorbar label. Default `Cosine Similarity`. */
  readonly colorbarLabel?: string;
  /** Colour interpolator over t ∈ [0, 1]. Default RdYlBu reversed (t = 1 → red). */
  readonly interpolator?: (t: number) => string;
}

/** Default Figure 2 panel titles, in order. */
export const SIMILARITY_TITLES = ['OR Similarity', 'PN Similarity', 'KC Similarity'] as const;

/**
 * Figure 2: one row of square odor × odor similarity heat maps (A, B, C, …) with a shared colour
 * range and one colorbar. Rows are odors top to bottom (like `imshow`), ticks every 5th odor
 * labelled 1-based. Colours: RdYlBu reversed, so similarity 1 is red and the domain is
 * [−0.2, 1.0] by default.
 *
 * @example
 *   const svg = similarityFigure({ panels: [
 *     { title: 'OR Similarity', values: orSim }, { title: 'PN Similarity', values: pnSim }, { title: 'KC Similarity', values: kcSim },
 *   ] });
 */
export function similarityFigure(data: SimilarityFigureData, options: SimilarityFigureOptions = {}): SVGSVGElement {
  const fn = 'similarityFigure';
  const panels = nonEmpty<SimilarityPanel>(fn, 'data.panels', data?.panels);
  const matrices = panels.map((p, i) => finiteArray(fn, `data.panels[${i}].values`, p.values, { allowNaN: true }));
  const n = squareSide(fn, 'data.panels[0].values', matrices[0]!.length);
  matrices.forEach((m, i) => {
    if (m.length !== n * n) throw new RangeError(`Argument 'data.panels[${i}].values' passed to '${fn}' has length ${m.length}; expected ${n * n} (${n} × ${n}, like panel 0).`);
  });
  const [lo, hi] = domainOf(fn, 'domain', options.domain ?? [-0.2, 1]);
  const tickEvery = Math.round(positiveNumber(fn, 'tickEvery', options.tickEvery, 5));
  const ticks = categoryTicks(fn, n, tickEvery, options.tickLabels);
  // named ticks need ~10 px per odor
  const size = positiveNumber(fn, 'panelSizePx', options.panelSizePx, ticks.named ? Math.max(240, 10 * n) : 240);
  const interp = options.interpolator ?? ((t: number) => d3.interpolateRdYlBu(1 - t));
  const color = d3.scaleSequential(interp).domain([lo, hi]).clamp(true);

  const margin = { top: options.title ? 62 : 36, left: 62 + ticks.extentPx, bottom: 48 + Math.round(0.87 * ticks.extentPx), gap: 58, right: 90 };
  const width = margin.left + panels.length * size + (panels.length - 1) * margin.gap + margin.right;
  const height = margin.top + size + margin.bottom;
  const { svg, font } = createRoot(options, width, height);
  const band = d3.scaleBand<number>().domain(d3.range(n)).range([0, size]);
  const cell = band.bandwidth();

  panels.forEach((panel, p) => {
    const x0 = margin.left + p * (size + margin.gap);
    const g = svg
      .append('g')
      .attr('class', 'panel')
      .attr('transform', `translate(${r2(x0)},${margin.top})`);
    const values = matrices[p]!;
    const cells = g.append('g').attr('class', 'cells').attr('shape-rendering', 'crispEdges');
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const v = values[i * n + j]!;
        cells
          .append('rect')
          .attr('class', 'cell')
          .attr('x', r2(band(j)!))
          .attr('y', r2(band(i)!))
          .attr('width', r2(cell + 0.05))
          .attr('height', r2(cell + 0.05))
          .attr('fill', Number.isFinite(v) ? color(v) : '#dddddd');
      }
    }
    const xAxis = drawAxis(g, d3.axisBottom(band).tickValues(ticks.values).tickFormat(ticks.format), 'x-axis', font, `translate(0,${size})`);
    const yAxis = drawAxis(
      g,
      d3
        .axisLeft(band)
        .tickValues(ticks.values)
        .tickFormat(ticks.named && p > 0 ? () => '' : ticks.format),
      'y-axis',
      font,
    );
    if (ticks.named) {
      rotateBottomTicks(xAxis);
      xAxis.attr('font-size', 8);
      yAxis.attr('font-size', 8);
    }
    panelHeader(g, { title: panel.title, letter: panelLetter(p), width: size, letterX: -44 - (p === 0 ? ticks.extentPx : 0) });
    axisLabels(g, {
      xLabel: options.axisLabel ?? 'Odor',
      yLabel: options.axisLabel ?? 'Odor',
      width: size,
      height: size,
      xOffset: 36 + Math.round(0.87 * ticks.extentPx),
      yOffset: 34 + (p === 0 ? ticks.extentPx : 0),
    });
  });
  drawColorbar(svg, {
    x: width - margin.right + 14,
    y: margin.top,
    height: size,
    color,
    position: d3.scaleLinear().domain([lo, hi]),
    label: options.colorbarLabel ?? 'Cosine Similarity',
    ticks: d3.ticks(lo, hi, 6),
    tickFormat: d3.format('.1f'),
    font,
  });
  return finish(svg);
}
