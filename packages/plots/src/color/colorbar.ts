import * as d3 from 'd3';
import { drawAxis, r2, type Sel } from '../internal/figure-frame';

/** A continuous position scale of a colorbar (linear, or `scalePow` for a power-law norm). */
export type ColorbarScale = d3.ScaleLinear<number, number> | d3.ScalePower<number, number>;

/**
 * Draws a vertical colorbar into `parent` at (x, y): `steps` stacked stripes (no gradient ids, so
 * several figures can share one HTML page), a right-hand d3 axis and a rotated label.
 *
 * The stripe at height y has the colour of `position.invert(y)`, so a power-law `position` scale
 * (γ = 0.5) stretches the low end exactly like matplotlib's `PowerNorm`.
 */
export function drawColorbar(
  parent: Sel,
  opts: {
    x: number;
    y: number;
    width?: number;
    height: number;
    color: (v: number) => string;
    position: ColorbarScale;
    ticks?: readonly number[];
    tickFormat?: (v: number) => string;
    label?: string;
    font: string;
    steps?: number;
  },
): Sel {
  const width = opts.width ?? 12;
  const steps = opts.steps ?? 64;
  const pos = opts.position.copy().range([opts.height, 0]);
  const g = parent
    .append('g')
    .attr('class', 'colorbar')
    .attr('transform', `translate(${r2(opts.x)},${r2(opts.y)})`);
  const stripe = opts.height / steps;
  for (let i = 0; i < steps; i++) {
    const yTop = i * stripe;
    const v = pos.invert(yTop + stripe / 2);
    g.append('rect')
      .attr('class', 'colorbar-stripe')
      .attr('x', 0)
      .attr('y', r2(yTop))
      .attr('width', width)
      .attr('height', r2(stripe + 0.5))
      .attr('fill', opts.color(v));
  }
  g.append('rect').attr('x', 0).attr('y', 0).attr('width', width).attr('height', r2(opts.height)).attr('fill', 'none').attr('stroke', '#333333').attr('stroke-width', 0.5);
  let axis = d3.axisRight(pos).tickSizeOuter(0);
  if (opts.ticks) axis = axis.tickValues(opts.ticks as number[]);
  if (opts.tickFormat) axis = axis.tickFormat((d) => opts.tickFormat!(Number(d)));
  drawAxis(g, axis, 'colorbar-axis', opts.font, `translate(${width},0)`);
  if (opts.label) {
    g.append('text')
      .attr('class', 'colorbar-label')
      .attr('transform', `translate(${width + 42},${r2(opts.height / 2)}) rotate(-90)`)
      .attr('text-anchor', 'middle')
      .text(opts.label);
  }
  return g;
}
