import * as d3 from 'd3';
import { axisLabels, createRoot, drawAxis, finish, panelHeader, panelLetter, r2, type FigureBaseOptions } from '../internal/figure-frame';
import { finiteArray, positiveNumber } from '../internal/validate';

/** Data of {@link rasterRateFigure}: the spikes of one population and its binned rate. */
export interface RasterRateData {
  /** Spike times, ms (one per spike). */
  readonly spikeTimesMs: ArrayLike<number>;
  /** Neuron index of each spike, in [0, nNeurons). */
  readonly spikeNeurons: ArrayLike<number>;
  /** Population size (the raster's y range). */
  readonly nNeurons: number;
  /** Population rate per bin, Hz, bin b covering [rateStartMs + b·binMs, …). */
  readonly ratesHz: ArrayLike<number>;
  /** Rate bin width, ms (> 0). */
  readonly binMs: number;
  /** Start of the first rate bin, ms. Default 0. */
  readonly rateStartMs?: number;
  /** Time axis [start, stop), ms. Default: from 0 (or the earliest spike/bin) to the last spike or bin end. */
  readonly timeDomainMs?: readonly [number, number];
}

/** Options of {@link rasterRateFigure}. */
export interface RasterRateFigureOptions extends FigureBaseOptions {
  /** Plot width, px. Default 560. */
  readonly widthPx?: number;
  /** Raster height, px. Default 260. Rate panel: 110 px. */
  readonly rasterHeightPx?: number;
  /** Dot colour. Default `#1f2d3d`. */
  readonly color?: string;
  /** Dot radius, px. Default 0.8. */
  readonly dotRadiusPx?: number;
}

/**
 * A spike raster (A: one dot per spike, time × neuron) above the population rate (B: a step
 * line of the binned rate in Hz) on a shared time axis — the standard view of a spiking network
 * run, e.g. from the simulator's spike and rate monitors of `@olfactory/neurons`.
 *
 * @example
 *   const svg = rasterRateFigure({ spikeTimesMs, spikeNeurons, nNeurons: 4000, ratesHz, binMs: 10 });
 */
export function rasterRateFigure(data: RasterRateData, options: RasterRateFigureOptions = {}): SVGSVGElement {
  const fn = 'rasterRateFigure';
  const times = finiteArray(fn, 'data.spikeTimesMs', data?.spikeTimesMs);
  const neurons = finiteArray(fn, 'data.spikeNeurons', data.spikeNeurons, { length: times.length, lengthOf: 'one per spike', min: 0 });
  const n = data.nNeurons;
  if (!Number.isInteger(n) || n <= 0) throw new RangeError(`Argument 'data.nNeurons' passed to '${fn}' is ${n}; expected an integer > 0.`);
  neurons.forEach((i, k) => {
    if (!Number.isInteger(i) || i >= n) throw new RangeError(`Argument 'data.spikeNeurons' passed to '${fn}' has ${i} at index ${k}; expected an integer in [0, ${n}).`);
  });
  const rates = finiteArray(fn, 'data.ratesHz', data.ratesHz, { min: 0 });
  const binMs = data.binMs;
  if (typeof binMs !== 'number' || !Number.isFinite(binMs) || binMs <= 0) throw new RangeError(`Argument 'data.binMs' passed to '${fn}' is ${binMs}; expected a bin width in ms > 0.`);
  const rateStart = data.rateStartMs ?? 0;
  if (!Number.isFinite(rateStart)) throw new RangeError(`Argument 'data.rateStartMs' passed to '${fn}' is ${rateStart}; expected a finite time in ms.`);
  const domain = data.timeDomainMs ?? [Math.min(0, rateStart, ...times), Math.max(rateStart + rates.length * binMs, ...times.map((t) => t + binMs / 10))];
  if (!(domain[1] > domain[0])) throw new RangeError(`Argument 'data.timeDomainMs' passed to '${fn}' is [${domain}]; expected start < stop.`);
  const w = positiveNumber(fn, 'widthPx', options.widthPx, 560);
  const hr = positiveNumber(fn, 'rasterHeightPx', options.rasterHeightPx, 260);
  const hp = 110;
  const color = options.color ?? '#1f2d3d';
  const radius = positiveNumber(fn, 'dotRadiusPx', options.dotRadiusPx, 0.8);

  const margin = { top: options.title ? 62 : 36, left: 70, gap: 58 };
  const width = margin.left + w + 24;
  const height = margin.top + hr + margin.gap + hp + 48;
  const { svg, font } = createRoot(options, width, height);
  const x = d3.scaleLinear().domain(domain).range([0, w]);

  const gA = svg.append('g').attr('class', 'panel raster').attr('transform', `translate(${margin.left},${margin.top})`);
  const y = d3.scaleLinear().domain([0, n]).range([hr, 0]);
  const dots = gA.append('g').attr('class', 'spikes').attr('fill', color);
  for (let k = 0; k < times.length; k++) {
    const t = times[k]!;
    if (t < domain[0] || t >= domain[1]) continue;
    dots
      .append('circle')
      .attr('cx', r2(x(t)))
      .attr('cy', r2(y(neurons[k]! + 0.5)))
      .attr('r', radius);
  }
  drawAxis(gA, d3.axisLeft(y).ticks(5), 'y-axis', font);
  drawAxis(gA, d3.axisBottom(x).ticks(6), 'x-axis', font, `translate(0,${hr})`);
  panelHeader(gA, { title: 'Spikes', letter: panelLetter(0), width: w, letterX: -56 });
  axisLabels(gA, { yLabel: 'Neuron', width: w, height: hr, yOffset: 48 });

  const gB = svg
    .append('g')
    .attr('class', 'panel rate')
    .attr('transform', `translate(${margin.left},${margin.top + hr + margin.gap})`);
  const yR = d3
    .scaleLinear()
    .domain([0, Math.max(1, ...rates) * 1.1])
    .nice()
    .range([hp, 0]);
  const points: [number, number][] = [];
  rates.forEach((r, b) => {
    const t0 = Math.max(domain[0], rateStart + b * binMs);
    const t1 = Math.min(domain[1], rateStart + (b + 1) * binMs);
    if (t1 <= t0) return;
    points.push([x(t0), yR(r)], [x(t1), yR(r)]);
  });
  const line = d3
    .line()
    .x((p) => r2(p[0]))
    .y((p) => r2(p[1]));
  if (points.length) gB.append('path').attr('class', 'rate-line').attr('d', line(points)).attr('fill', 'none').attr('stroke', color).attr('stroke-width', 1.3);
  drawAxis(gB, d3.axisLeft(yR).ticks(4), 'y-axis', font);
  drawAxis(gB, d3.axisBottom(x).ticks(6), 'x-axis', font, `translate(0,${hp})`);
  panelHeader(gB, { title: `Population rate (${binMs} ms bins)`, letter: panelLetter(1), width: w, letterX: -56 });
  axisLabels(gB, { xLabel: 'Time (ms)', yLabel: 'Rate (Hz)', width: w, height: hp, xOffset: 34, yOffset: 48 });
  return finish(svg);
}
