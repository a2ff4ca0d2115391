import * as d3 from 'd3';
import { drawColorbar } from '../color/colorbar';
import { axisLabels, createRoot, drawAxis, finish, panelHeader } from '../internal/figure-frame';
import { categoryTicks } from '../internal/category-ticks';
import { drawMatrixCells } from '../internal/matrix-cells';
import { finiteArray, positiveNumber, type } from '../internal/validate';
import type { FigureBaseOptions } from '../internal/figure-frame';

/** Data of {@link kcHeatmapFigure}: mean KC spike counts, row-major `nOdors × nKcs` (≥ 0). */
export interface KcHeatmapData {
  readonly values: ArrayLike<number>;
  readonly nOdors: number;
  /** Number of KC columns (144 in the larval model). */
  readonly nKcs: number;
}

/** Options of {@link kcHeatmapFigure}. Sizes in CSS px. */
export interface KcHeatmapFigureOptions extends FigureBaseOptions {
  /** Exponent γ of the power-law colour norm t = (v / vmax)^γ (matplotlib `PowerNorm`). Default 0.5. */
  readonly gamma?: number;
  /** Upper end of the colour range (spikes). Default: the data maximum (1 if all zero). */
  readonly vmax?: number;
  /** Cell size, px. Default 4 wide × 10 high. */
  readonly cellWidthPx?: number;
  readonly cellHeightPx?: number;
  /** Colorbar ticks (those ≤ vmax are drawn). Default `[0, 0.5, 1, 2, 5, 10]`. */
  readonly colorbarTicks?: readonly number[];
  /** Odor tick every k rows (1-based labels). Default 5. */
  readonly odorTickEvery?: number;
  /** Odor names, one per row: every row is labelled with its name. */
  readonly tickLabels?: readonly string[];
  /** KC tick every k columns (0-based KC index). Default 20. */
  readonly kcTickEvery?: number;
  /** Colorbar label. Default `Mean Spike Count`. */
  readonly colorbarLabel?: string;
}

/**
 * Figure S1: odor (rows, 1..n, ticks every 5) × KC index heat map of mean spike counts, viridis
 * with a power-law colour norm (γ = 0.5, vmin 0, vmax = data max) so sparse weak responses stay
 * visible; colorbar ticks 0, 0.5, 1, 2, 5, 10 labelled "Mean Spike Count".
 *
 * @example
 *   const svg = kcHeatmapFigure({ values: kcCounts, nOdors: 28, nKcs: 144 });
 */
export function kcHeatmapFigure(data: KcHeatmapData, options: KcHeatmapFigureOptions = {}): SVGSVGElement {
  const fn = 'kcHeatmapFigure';
  const nOdors = type.positiveInteger(fn, 'data.nOdors', data?.nOdors);
  const nKcs = type.positiveInteger(fn, 'data.nKcs', data.nKcs);
  const values = finiteArray(fn, 'data.values', data.values, { length: nOdors * nKcs, lengthOf: `nOdors × nKcs = ${nOdors} × ${nKcs}`, min: 0 });
  const gamma = positiveNumber(fn, 'gamma', options.gamma, 0.5);
  const vmax = positiveNumber(fn, 'vmax', options.vmax, Math.max(...values) || 1);
  const cw = positiveNumber(fn, 'cellWidthPx', options.cellWidthPx, 4);
  const ch = positiveNumber(fn, 'cellHeightPx', options.cellHeightPx, 10);
  const w = nKcs * cw;
  const h = nOdors * ch;
  const odorTicks = categoryTicks(fn, nOdors, Math.round(positiveNumber(fn, 'odorTickEvery', options.odorTickEvery, 5)), options.tickLabels);
  const margin = { top: options.title ? 58 : 30, left: 58 + odorTicks.extentPx, bottom: 50, right: 100 };
  const { svg, font } = createRoot(options, margin.left + w + margin.right, margin.top + h + margin.bottom);
  const norm = d3.scalePow().exponent(gamma).domain([0, vmax]).range([0, 1]).clamp(true);
  const color = (v: number) => d3.interpolateViridis(norm(v));
  const g = svg.append('g').attr('class', 'panel').attr('transform', `translate(${margin.left},${margin.top})`);
  drawMatrixCells(g, values, nOdors, nKcs, cw, ch, color);
  const xBand = d3.scaleBand<number>().domain(d3.range(nKcs)).range([0, w]);
  const yBand = d3.scaleBand<number>().domain(d3.range(nOdors)).range([0, h]);
  const kcEvery = Math.round(positiveNumber(fn, 'kcTickEvery', options.kcTickEvery, 20));
  drawAxis(
    g,
    d3
      .axisBottom(xBand)
      .tickValues(d3.range(0, nKcs, kcEvery))
      .tickFormat(String),
    'x-axis',
    font,
    `translate(0,${h})`,
  );
  const yAxis = drawAxis(g, d3.axisLeft(yBand).tickValues(odorTicks.values).tickFormat(odorTicks.format), 'y-axis', font);
  if (odorTicks.named) yAxis.attr('font-size', 8);
  panelHeader(g, { title: 'KC responses', width: w });
  axisLabels(g, { xLabel: 'KC index', yLabel: 'Odor', width: w, height: h, xOffset: 36, yOffset: 34 + odorTicks.extentPx });
  const ticks = (options.colorbarTicks ?? [0, 0.5, 1, 2, 5, 10]).filter((t) => t <= vmax + 1e-9);
  drawColorbar(svg, {
    x: margin.left + w + 16,
    y: margin.top,
    height: h,
    color,
    position: d3.scalePow().exponent(gamma).domain([0, vmax]),
    ticks,
    tickFormat: (v) => String(v),
    label: options.colorbarLabel ?? 'Mean Spike Count',
    font,
  });
  return finish(svg);
}
