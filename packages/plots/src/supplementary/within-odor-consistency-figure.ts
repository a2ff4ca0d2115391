import * as d3 from 'd3';
import { axisLabels, createRoot, drawAxis, drawLegend, errorBar, finish, hLine, panelHeader, r2, type FigureBaseOptions } from '../internal/figure-frame';
import { categoryTicks, rotateBottomTicks } from '../internal/category-ticks';
import { domainOf, finiteArray, positiveNumber } from '../internal/validate';
import type { MeanStd } from '../stats/mean-std';

/**
 * Data of {@link withinOdorConsistencyFigure} (spec §4.14, our definition): per odor, the mean
 * pairwise cosine similarity between KC count vectors of repeated noisy trials of that odor
 * (± std over seeds or trial pairs), and the between-odor similarity it is compared with.
 */
export interface WithinOdorConsistencyData {
  /** One value per odor, in odor order (labels 1..n). */
  readonly withinOdor: MeanStd;
  /** Mean (± std) cosine similarity between trials of different odors. */
  readonly betweenOdor: { readonly mean: number; readonly std?: number };
}

/** Options of {@link withinOdorConsistencyFigure}. */
export interface WithinOdorConsistencyFigureOptions extends FigureBaseOptions {
  /** Per-odor marks. Default `bars`. */
  readonly style?: 'bars' | 'points';
  /** Plot area, px. Default 560 × 220. */
  readonly widthPx?: number;
  readonly heightPx?: number;
  /** y range. Default `[0, 1.05]`. */
  readonly yDomain?: readonly [number, number];
  /** Label every k-th odor. Default 1 (≤ 30 odors) else 5. */
  readonly tickEvery?: number;
  /** Odor names, one per odor: every odor is labelled with its name (rotated). */
  readonly tickLabels?: readonly string[];
  /** Colours: per-odor marks and the between-odor line. Default `#2e6da4`, `#bb4a3a`. */
  readonly colors?: readonly [string, string];
}

/**
 * Figure S3: within-odor KC-pattern consistency. One bar (or point) per odor with ± std, and a
 * dashed horizontal line (± std band) at the between-odor similarity: bars well above the line
 * mean that KC codes are reliable across trials relative to how much odors differ.
 *
 * @example
 *   const svg = withinOdorConsistencyFigure({ withinOdor: { mean: perOdor }, betweenOdor: { mean: 0.21, std: 0.05 } });
 */
export function withinOdorConsistencyFigure(data: WithinOdorConsistencyData, options: WithinOdorConsistencyFigureOptions = {}): SVGSVGElement {
  const fn = 'withinOdorConsistencyFigure';
  if (!data?.withinOdor) throw new TypeError(`Argument 'data.withinOdor' passed to '${fn}' is missing; expected { mean, std? } with one value per odor.`);
  const mean = finiteArray(fn, 'data.withinOdor.mean', data.withinOdor.mean);
  if (mean.length === 0) throw new RangeError(`Argument 'data.withinOdor.mean' passed to '${fn}' is empty; expected one value per odor.`);
  const n = mean.length;
  const std = data.withinOdor.std === undefined ? undefined : finiteArray(fn, 'data.withinOdor.std', data.withinOdor.std, { length: n, lengthOf: 'one per odor, like withinOdor.mean', min: 0 });
  const [between, betweenStd] = finiteArray(fn, 'data.betweenOdor', [data.betweenOdor?.mean, data.betweenOdor?.std ?? 0]) as [number, number];
  const w = positiveNumber(fn, 'widthPx', options.widthPx, 560);
  const h = positiveNumber(fn, 'heightPx', options.heightPx, 220);
  const domain = domainOf(fn, 'yDomain', options.yDomain ?? [0, 1.05]);
  const every = Math.round(positiveNumber(fn, 'tickEvery', options.tickEvery, n <= 30 ? 1 : 5));
  const [markColor, lineColor] = options.colors ?? ['#2e6da4', '#bb4a3a'];
  const ticks = categoryTicks(fn, n, every, options.tickLabels);
  const margin = { top: options.title ? 58 : 30, left: 64, bottom: 96 + Math.round(0.87 * ticks.extentPx) };
  const { svg, font } = createRoot(options, margin.left + w + 24, margin.top + h + margin.bottom);
  const g = svg.append('g').attr('class', 'panel').attr('transform', `translate(${margin.left},${margin.top})`);
  const x = d3.scaleBand<number>().domain(d3.range(n)).range([0, w]).padding(0.2);
  const y = d3.scaleLinear().domain(domain).range([h, 0]).clamp(true);
  if (betweenStd > 0) {
    g.append('rect')
      .attr('class', 'between-band')
      .attr('x', 0)
      .attr('width', w)
      .attr('y', r2(y(between + betweenStd)))
      .attr('height', r2(y(between - betweenStd) - y(between + betweenStd)))
      .attr('fill', lineColor)
      .attr('fill-opacity', 0.15);
  }
  const style = options.style ?? 'bars';
  mean.forEach((m, i) => {
    const cx = x(i)! + x.bandwidth() / 2;
    if (style === 'bars') {
      g.append('rect')
        .attr('class', 'bar')
        .attr('x', r2(x(i)!))
        .attr('y', r2(y(m)))
        .attr('width', r2(x.bandwidth()))
        .attr('height', r2(y(Math.max(domain[0], 0)) - y(m)))
        .attr('fill', markColor);
    } else {
      g.append('circle')
        .attr('class', 'point')
        .attr('cx', r2(cx))
        .attr('cy', r2(y(m)))
        .attr('r', 3.5)
        .attr('fill', markColor);
    }
    if (std && std[i]! > 0) errorBar(g, cx, y(m - std[i]!), y(m + std[i]!), '#222222', 2);
  });
  hLine(g, y(between), w, { cls: 'between-odor', color: lineColor, dash: '6,3', width: 1.5 });
  const xAxis = drawAxis(g, d3.axisBottom(x).tickValues(ticks.values).tickFormat(ticks.format), 'x-axis', font, `translate(0,${h})`);
  if (ticks.named) {
    rotateBottomTicks(xAxis);
    xAxis.attr('font-size', 8);
  }
  drawAxis(g, d3.axisLeft(y).ticks(6), 'y-axis', font);
  panelHeader(g, { title: 'Within-odor KC pattern consistency', width: w });
  axisLabels(g, { xLabel: 'Odor', yLabel: 'Cosine similarity', width: w, height: h, xOffset: 34 + Math.round(0.87 * ticks.extentPx), yOffset: 44 });
  drawLegend(
    g,
    [
      { label: 'Within odor (trial to trial)', color: markColor, kind: style === 'bars' ? 'rect' : 'marker' },
      { label: `Between odors (mean ${d3.format('.2f')(between)})`, color: lineColor, kind: 'line', dash: '6,3' },
    ],
    0,
    h + 58,
  );
  return finish(svg);
}
