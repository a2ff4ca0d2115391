import * as d3 from 'd3';
import { axisLabels, createRoot, drawAxis, errorBar, finish, panelHeader, r2, type FigureBaseOptions } from '../internal/figure-frame';
import { domainOf, finiteArray, positiveNumber } from '../internal/validate';
import type { MeanStd } from '../stats/mean-std';

/**
 * Data of {@link thresholdScalingFigure} (spec §4.10, R6): for each task size, the fraction (0–1)
 * of KC thresholds at the upper bound (v_th ≥ −30.5 mV), mean ± std over seeds.
 */
export interface ThresholdScalingData {
  /** Task sizes, e.g. `[7, 14, 28, 56]`. */
  readonly nOdors: ArrayLike<number>;
  /** Fractions in [0, 1] (drawn in %), one per task size. */
  readonly fractionAtBound: MeanStd;
}

/** Options of {@link thresholdScalingFigure}. */
export interface ThresholdScalingFigureOptions extends FigureBaseOptions {
  /** Plot area, px. Default 300 × 230. */
  readonly widthPx?: number;
  readonly heightPx?: number;
  /** y range as a fraction. Default `[0, 0.7]`, widened to fit the data. */
  readonly yDomain?: readonly [number, number];
  /** Bar colour. Default `#3d4a5c`; the task size in `highlight` is drawn `#bb4a3a`. */
  readonly color?: string;
  /** Task size to highlight (the canonical model). Default 28. `null` for none. */
  readonly highlight?: number | null;
  /** Upper threshold bound in the y label, mV. Default −30. */
  readonly boundMv?: number;
}

/**
 * Figure S4: KC threshold saturation vs task difficulty — one bar per task size (7, 14, 28, 56
 * odors) with ± std error bars and the mean (%) written above.
 *
 * @example
 *   const svg = thresholdScalingFigure({ nOdors: [7, 14, 28, 56], fractionAtBound: { mean: [0.119, 0.353, 0.467, 0.558], std: [0.02, 0.03, 0.02, 0.02] } });
 */
export function thresholdScalingFigure(data: ThresholdScalingData, options: ThresholdScalingFigureOptions = {}): SVGSVGElement {
  const fn = 'thresholdScalingFigure';
  const sizes = finiteArray(fn, 'data.nOdors', data?.nOdors, { min: 1 });
  if (sizes.length === 0) throw new RangeError(`Argument 'data.nOdors' passed to '${fn}' is empty; expected at least one task size.`);
  if (!data.fractionAtBound) throw new TypeError(`Argument 'data.fractionAtBound' passed to '${fn}' is missing; expected { mean, std? } with ${sizes.length} values.`);
  const mean = finiteArray(fn, 'data.fractionAtBound.mean', data.fractionAtBound.mean, { length: sizes.length, lengthOf: 'one per task size', min: 0 });
  const std = finiteArray(fn, 'data.fractionAtBound.std', data.fractionAtBound.std ?? mean.map(() => 0), { length: sizes.length, lengthOf: 'one per task size', min: 0 });
  const w = positiveNumber(fn, 'widthPx', options.widthPx, 300);
  const h = positiveNumber(fn, 'heightPx', options.heightPx, 230);
  const top = Math.max(...mean.map((m, i) => m + std[i]!)) * 1.12;
  const [lo, hi] = domainOf(fn, 'yDomain', options.yDomain ?? [0, Math.max(0.7, top)]);
  const highlight = options.highlight === undefined ? 28 : options.highlight;
  const margin = { top: options.title ? 58 : 30, left: 64, bottom: 50 };
  const { svg, font } = createRoot(options, margin.left + w + 24, margin.top + h + margin.bottom);
  const g = svg.append('g').attr('class', 'panel').attr('transform', `translate(${margin.left},${margin.top})`);
  const x = d3.scaleBand<number>().domain(d3.range(sizes.length)).range([0, w]).padding(0.3);
  const y = d3.scaleLinear().domain([lo, hi]).range([h, 0]).clamp(true);
  const pct = (v: number) => `${d3.format('.1f')(v * 100)}%`;
  mean.forEach((m, i) => {
    const cx = x(i)! + x.bandwidth() / 2;
    const color = sizes[i] === highlight ? '#bb4a3a' : (options.color ?? '#3d4a5c');
    g.append('rect')
      .attr('class', 'bar')
      .attr('x', r2(x(i)!))
      .attr('y', r2(y(m)))
      .attr('width', r2(x.bandwidth()))
      .attr('height', r2(y(lo) - y(m)))
      .attr('fill', color);
    if (std[i]! > 0) errorBar(g, cx, y(m - std[i]!), y(m + std[i]!), '#222222', 4);
    g.append('text')
      .attr('class', 'value-label')
      .attr('x', r2(cx))
      .attr('y', r2(y(m + std[i]!) - 5))
      .attr('text-anchor', 'middle')
      .attr('font-size', 10)
      .text(pct(m));
  });
  drawAxis(
    g,
    d3.axisBottom(x).tickFormat((i) => String(sizes[i]!)),
    'x-axis',
    font,
    `translate(0,${h})`,
  );
  drawAxis(
    g,
    d3
      .axisLeft(y)
      .ticks(6)
      .tickFormat((v) => String(Math.round(+v * 100))),
    'y-axis',
    font,
  );
  panelHeader(g, { title: 'KC threshold saturation vs task size', width: w });
  const bound = options.boundMv ?? -30;
  axisLabels(g, { xLabel: 'Number of odors', yLabel: `KC thresholds at ${d3.format('')(bound).replace('-', '−')} mV bound (%)`, width: w, height: h, xOffset: 34, yOffset: 44 });
  return finish(svg);
}
