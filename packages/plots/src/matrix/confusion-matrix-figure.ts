import * as d3 from 'd3';
import { drawColorbar } from '../color/colorbar';
import { axisLabels, createRoot, drawAxis, finish, panelHeader, type FigureBaseOptions } from '../internal/figure-frame';
import { categoryTicks, rotateBottomTicks } from '../internal/category-ticks';
import { drawMatrixCells } from '../internal/matrix-cells';
import { finiteArray, positiveNumber, type } from '../internal/validate';

/** Data of {@link confusionMatrixFigure}: counts, row-major `nClasses × nClasses`, rows = true class, columns = predicted. */
export interface ConfusionMatrixData {
  readonly counts: ArrayLike<number>;
  readonly nClasses: number;
}

/** Options of {@link confusionMatrixFigure}. Sizes in CSS px. */
export interface ConfusionMatrixFigureOptions extends FigureBaseOptions {
  /** Divide each row by its sum (rows with no trials stay 0). Default true. */
  readonly normalize?: boolean;
  /** Cell size, px. Default 10. */
  readonly cellSizePx?: number;
  /** Tick every k classes (labels 1-based). Default 5. */
  readonly tickEvery?: number;
  /** Class names (e.g. the odor names), one per class: every class is labelled with its name. */
  readonly tickLabels?: readonly string[];
  readonly xLabel?: string;
  readonly yLabel?: string;
  readonly colorbarLabel?: string;
}

/**
 * Figure S2: classification confusion matrix (true odor rows × predicted odor columns),
 * row-normalised so each row is the distribution of predictions for one true odor (the spec's
 * §4.14 choice: pooled over canonical seeds). Blues, domain [0, 1] when normalised.
 *
 * @example
 *   const svg = confusionMatrixFigure({ counts, nClasses: 28 });
 */
export function confusionMatrixFigure(data: ConfusionMatrixData, options: ConfusionMatrixFigureOptions = {}): SVGSVGElement {
  const fn = 'confusionMatrixFigure';
  const n = type.positiveInteger(fn, 'data.nClasses', data?.nClasses);
  const counts = finiteArray(fn, 'data.counts', data.counts, { length: n * n, lengthOf: `nClasses² = ${n}²`, min: 0 });
  const normalize = options.normalize ?? true;
  const values = counts.slice();
  if (normalize) {
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += counts[i * n + j]!;
      for (let j = 0; j < n; j++) values[i * n + j] = s > 0 ? counts[i * n + j]! / s : 0;
    }
  }
  const vmax = normalize ? 1 : Math.max(...values) || 1;
  const cell = positiveNumber(fn, 'cellSizePx', options.cellSizePx, 10);
  const every = Math.round(positiveNumber(fn, 'tickEvery', options.tickEvery, 5));
  const ticks = categoryTicks(fn, n, every, options.tickLabels);
  const size = n * cell;
  const margin = { top: options.title ? 58 : 30, left: 62 + ticks.extentPx, bottom: 50 + Math.round(0.87 * ticks.extentPx), right: 100 };
  const { svg, font } = createRoot(options, margin.left + size + margin.right, margin.top + size + margin.bottom);
  const color = d3.scaleSequential(d3.interpolateBlues).domain([0, vmax]);
  const g = svg.append('g').attr('class', 'panel').attr('transform', `translate(${margin.left},${margin.top})`);
  drawMatrixCells(g, values, n, n, cell, cell, color);
  const band = d3.scaleBand<number>().domain(d3.range(n)).range([0, size]);
  const xAxis = drawAxis(g, d3.axisBottom(band).tickValues(ticks.values).tickFormat(ticks.format), 'x-axis', font, `translate(0,${size})`);
  const yAxis = drawAxis(g, d3.axisLeft(band).tickValues(ticks.values).tickFormat(ticks.format), 'y-axis', font);
  if (ticks.named) {
    rotateBottomTicks(xAxis);
    xAxis.attr('font-size', 8);
    yAxis.attr('font-size', 8);
  }
  panelHeader(g, { title: 'Confusion matrix', width: size });
  axisLabels(g, {
    xLabel: options.xLabel ?? 'Predicted odor',
    yLabel: options.yLabel ?? 'True odor',
    width: size,
    height: size,
    xOffset: 36 + Math.round(0.87 * ticks.extentPx),
    yOffset: 36 + ticks.extentPx,
  });
  drawColorbar(svg, {
    x: margin.left + size + 16,
    y: margin.top,
    height: size,
    color,
    position: d3.scaleLinear().domain([0, vmax]),
    ticks: d3.ticks(0, vmax, 5),
    label: options.colorbarLabel ?? (normalize ? 'Fraction of trials' : 'Trials'),
    font,
  });
  return finish(svg);
}
