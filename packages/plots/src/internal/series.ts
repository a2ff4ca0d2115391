import * as d3 from 'd3';
import { errorBar, r2, type Sel } from './figure-frame';

/** How a series' spread is drawn. */
export type ErrorStyle = 'bars' | 'band' | 'none';

/** Draws one line series with optional markers and ± spread into g. NaN points are skipped (gaps). */
export function drawSeries(
  g: Sel,
  x: (v: number) => number,
  y: (v: number) => number,
  xs: readonly number[],
  mean: readonly number[],
  std: readonly number[] | undefined,
  opts: { color: string; cls: string; dash?: string; symbol?: d3.SymbolType; errors?: ErrorStyle; strokeWidth?: number },
): Sel {
  const s = g.append('g').attr('class', `series ${opts.cls}`);
  const idx = d3.range(xs.length).filter((i) => Number.isFinite(mean[i]!));
  const errors = std ? (opts.errors ?? 'bars') : 'none';
  if (errors === 'band') {
    const area = d3
      .area<number>()
      .x((i) => r2(x(xs[i]!)))
      .y0((i) => r2(y(mean[i]! - std![i]!)))
      .y1((i) => r2(y(mean[i]! + std![i]!)));
    s.append('path').attr('class', 'band').attr('d', area(idx)!).attr('fill', opts.color).attr('fill-opacity', 0.2).attr('stroke', 'none');
  }
  const line = d3
    .line<number>()
    .defined((i) => Number.isFinite(mean[i]!))
    .x((i) => r2(x(xs[i]!)))
    .y((i) => r2(y(mean[i]!)));
  const path = s
    .append('path')
    .attr('class', 'line')
    .attr('d', line(d3.range(xs.length))!)
    .attr('fill', 'none')
    .attr('stroke', opts.color)
    .attr('stroke-width', opts.strokeWidth ?? 1.5);
  if (opts.dash) path.attr('stroke-dasharray', opts.dash);
  if (errors === 'bars') for (const i of idx) errorBar(s, x(xs[i]!), y(mean[i]! - std![i]!), y(mean[i]! + std![i]!), opts.color);
  if (opts.symbol) {
    const sym = d3.symbol(opts.symbol, 36)()!;
    for (const i of idx)
      s.append('path')
        .attr('class', 'point')
        .attr('transform', `translate(${r2(x(xs[i]!))},${r2(y(mean[i]!))})`)
        .attr('d', sym)
        .attr('fill', opts.color);
  }
  return s;
}
