import * as d3 from 'd3';
import { axisLabels, createRoot, drawAxis, drawLegend, finish, hLine, panelHeader, panelLetter, r2, type FigureBaseOptions, type Sel } from '../internal/figure-frame';

/**
 * Figures of the lateral-line map (LL → MON → TS): what a map looks like, how the weights end
 * up, and how the honest metrics compare with the untrained network and the perfect / random
 * reference maps. Every function takes plain data (numbers and arrays) and returns an `<svg>`.
 */

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b'];

function checkArray(fn: string, name: string, a: ArrayLike<number> | undefined, length?: number): ArrayLike<number> {
  if (a == null || typeof a.length !== 'number') throw new RangeError(`Argument '${name}' passed to '${fn}' is not an array of numbers.`);
  if (length !== undefined && a.length !== length) throw new RangeError(`Argument '${name}' passed to '${fn}' has length ${a.length}; expected ${length}.`);
  return a;
}

/**
 * The frame of a row of equal panels: checks that there is at least one panel, and creates the
 * root of `70 + n·(w + gap)` × `top + h + 56` px, `top` leaving room for a title; panel k sits at
 * (`panelX(k)`, `top`).
 */
function panelRow(fn: string, panels: readonly unknown[] | null | undefined, options: FigureBaseOptions, w: number, h: number, gap: number) {
  if (panels == null || panels.length === 0) throw new RangeError(`Argument 'panels' passed to '${fn}' is empty; expected at least one panel.`);
  const top = options.title ? 62 : 36;
  return { top, panelX: (k: number) => 70 + k * (w + gap), ...createRoot(options, 70 + panels.length * (w + gap), top + h + 56) };
}

/** One raster panel of {@link spikesVsPositionFigure}. */
export interface SpikesVsPositionPanel {
  readonly title: string;
  /** Step of each spike (index into `xCm`). */
  readonly steps: ArrayLike<number>;
  readonly neurons: ArrayLike<number>;
  readonly nNeurons: number;
  /** Stimulus position at each step, cm. */
  readonly xCm: ArrayLike<number>;
  /** Label of the y axis. Default 'TS cell'. */
  readonly yLabel?: string;
}

/**
 * Spikes against stimulus position (one dot per spike at (x of its step, cell index)), one panel
 * per condition: a map is a diagonal band (index rising with x, quiet beyond the body); no map is
 * vertical stripes (whole-population bursts). Dashed lines mark the body ends when `bodyCm` is given.
 */
export function spikesVsPositionFigure(
  panels: readonly SpikesVsPositionPanel[],
  options: FigureBaseOptions & { readonly bodyCm?: readonly [number, number]; readonly panelWidthPx?: number; readonly panelHeightPx?: number } = {},
): SVGSVGElement {
  const fn = 'spikesVsPositionFigure';
  const w = options.panelWidthPx ?? 300;
  const h = options.panelHeightPx ?? 260;
  const { svg, font, top, panelX } = panelRow(fn, panels, options, w, h, 70);
  panels.forEach((p, k) => {
    const steps = checkArray(fn, `panels[${k}].steps`, p.steps);
    const neurons = checkArray(fn, `panels[${k}].neurons`, p.neurons, steps.length);
    const xs = checkArray(fn, `panels[${k}].xCm`, p.xCm);
    const lo = d3.min(Array.from(xs)) ?? 0;
    const hi = d3.max(Array.from(xs)) ?? 1;
    const x = d3.scaleLinear().domain([lo, hi]).range([0, w]);
    const y = d3.scaleLinear().domain([0, p.nNeurons]).range([h, 0]);
    const g = svg
      .append('g')
      .attr('class', `panel spikes-vs-x panel-${k}`)
      .attr('transform', `translate(${panelX(k)},${top})`);
    const dots = g.append('g').attr('class', 'spikes').attr('fill', '#1f2d3d');
    for (let s = 0; s < steps.length; s++) {
      const t = steps[s]!;
      if (t < 0 || t >= xs.length) continue;
      dots
        .append('rect')
        .attr('x', r2(x(xs[t]!)))
        .attr('y', r2(y(neurons[s]! + 1)))
        .attr('width', 1)
        .attr('height', r2(Math.max(1, h / p.nNeurons)));
    }
    if (options.bodyCm)
      for (const b of options.bodyCm)
        g.append('line')
          .attr('class', 'body-end')
          .attr('x1', r2(x(b)))
          .attr('x2', r2(x(b)))
          .attr('y1', 0)
          .attr('y2', h)
          .attr('stroke', '#999')
          .attr('stroke-dasharray', '4,3');
    drawAxis(g, d3.axisLeft(y).ticks(5), 'y-axis', font);
    drawAxis(g, d3.axisBottom(x).ticks(6), 'x-axis', font, `translate(0,${h})`);
    panelHeader(g, { title: p.title, letter: panelLetter(k), width: w, letterX: -56 });
    axisLabels(g, { xLabel: 'Sphere position x (cm)', yLabel: p.yLabel ?? 'TS cell', width: w, height: h, xOffset: 34, yOffset: 48 });
  });
  return finish(svg);
}

/** One histogram panel of {@link weightHistogramFigure}. */
export interface WeightHistogramPanel {
  readonly title: string;
  /** Weights before (optional) and after, in `unit`. */
  readonly before?: ArrayLike<number>;
  readonly after: ArrayLike<number>;
  /** Upper bound of the rule (drawn as a line), in `unit`. */
  readonly wMax?: number;
  readonly unit: string;
  /** Bins. Default 40. */
  readonly bins?: number;
}

/** Weight histograms (counts, before in grey and after in colour), one panel per projection. */
export function weightHistogramFigure(panels: readonly WeightHistogramPanel[], options: FigureBaseOptions = {}): SVGSVGElement {
  const fn = 'weightHistogramFigure';
  const w = 300;
  const h = 200;
  const { svg, font, top, panelX } = panelRow(fn, panels, options, w, h, 70);
  panels.forEach((p, k) => {
    const after = Array.from(checkArray(fn, `panels[${k}].after`, p.after));
    const before = p.before ? Array.from(checkArray(fn, `panels[${k}].before`, p.before)) : [];
    const all = [...after, ...before];
    const lo = Math.min(0, d3.min(all) ?? 0);
    const hi = Math.max(p.wMax ?? 0, d3.max(all) ?? 1) * 1.02 || 1;
    const x = d3.scaleLinear().domain([lo, hi]).range([0, w]);
    const bin = d3
      .bin()
      .domain([lo, hi])
      .thresholds(x.ticks(p.bins ?? 40));
    const hA = bin(after);
    const hB = before.length ? bin(before) : [];
    const y = d3
      .scaleLinear()
      .domain([0, Math.max(1, d3.max([...hA, ...hB], (b) => b.length) ?? 1)])
      .nice()
      .range([h, 0]);
    const g = svg
      .append('g')
      .attr('class', `panel weight-histogram panel-${k}`)
      .attr('transform', `translate(${panelX(k)},${top})`);
    const bars = (hs: d3.Bin<number, number>[], cls: string, color: string, opacity: number) =>
      hs.forEach((b) =>
        g
          .append('rect')
          .attr('class', cls)
          .attr('x', r2(x(b.x0!)))
          .attr('y', r2(y(b.length)))
          .attr('width', r2(Math.max(0, x(b.x1!) - x(b.x0!) - 0.5)))
          .attr('height', r2(h - y(b.length)))
          .attr('fill', color)
          .attr('opacity', opacity),
      );
    bars(hB, 'bar before', '#9aa5b1', 0.7);
    bars(hA, 'bar after', COLORS[0]!, 0.75);
    if (p.wMax !== undefined)
      g.append('line')
        .attr('class', 'w-max')
        .attr('x1', r2(x(p.wMax)))
        .attr('x2', r2(x(p.wMax)))
        .attr('y1', 0)
        .attr('y2', h)
        .attr('stroke', '#d62728')
        .attr('stroke-dasharray', '4,3');
    drawAxis(g, d3.axisLeft(y).ticks(5), 'y-axis', font);
    drawAxis(g, d3.axisBottom(x).ticks(5), 'x-axis', font, `translate(0,${h})`);
    panelHeader(g, { title: p.title, letter: panelLetter(k), width: w, letterX: -56 });
    axisLabels(g, { xLabel: `Weight (${p.unit})`, yLabel: 'Synapses', width: w, height: h, xOffset: 34, yOffset: 48 });
    if (before.length)
      drawLegend(
        g,
        [
          { label: 'before', color: '#9aa5b1' },
          { label: 'after', color: COLORS[0]! },
        ],
        w - 90,
        8,
      );
  });
  return finish(svg);
}

/** One line of a {@link lineChartFigure} panel. */
export interface LineSeries {
  readonly label: string;
  readonly x: ArrayLike<number>;
  readonly y: ArrayLike<number>;
  /** Optional ± error per point (drawn as bars). */
  readonly error?: ArrayLike<number>;
  readonly dashed?: boolean;
}

/** One panel of {@link lineChartFigure}: lines plus labelled horizontal reference lines. */
export interface LinePanel {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly LineSeries[];
  readonly references?: readonly { readonly label: string; readonly y: number }[];
  readonly yDomain?: readonly [number, number];
  /** Log-scaled x axis (e.g. trials). Default false. */
  readonly xLog?: boolean;
}

/**
 * Line panels with reference lines: the learning curves (σθ, PV length, rank order vs trials,
 * beside the untrained / perfect / random values) and the topography gradient (σθ vs
 * topography, mean ± SD over seeds, beside the reference's published values).
 */
export function lineChartFigure(panels: readonly LinePanel[], options: FigureBaseOptions = {}): SVGSVGElement {
  const fn = 'lineChartFigure';
  const w = 300;
  const h = 220;
  const { svg, font, top, panelX } = panelRow(fn, panels, options, w, h, 80);
  panels.forEach((p, k) => {
    const xsAll: number[] = [];
    const ysAll: number[] = [];
    p.series.forEach((s, i) => {
      const x = checkArray(fn, `panels[${k}].series[${i}].x`, s.x);
      const y = checkArray(fn, `panels[${k}].series[${i}].y`, s.y, x.length);
      for (let j = 0; j < x.length; j++) if (Number.isFinite(x[j]!) && Number.isFinite(y[j]!)) (xsAll.push(x[j]!), ysAll.push(y[j]! + (s.error?.[j] ?? 0), y[j]! - (s.error?.[j] ?? 0)));
    });
    for (const r of p.references ?? []) ysAll.push(r.y);
    const xDom: [number, number] = [d3.min(xsAll) ?? 0, d3.max(xsAll) ?? 1];
    if (p.xLog) xDom[0] = Math.max(xDom[0], 1);
    if (xDom[1] <= xDom[0]) xDom[1] = xDom[0] + 1;
    const x = (p.xLog ? d3.scaleLog() : d3.scaleLinear()).domain(xDom).range([0, w]);
    const y = d3
      .scaleLinear()
      .domain(p.yDomain ? [...p.yDomain] : [Math.min(0, d3.min(ysAll) ?? 0), (d3.max(ysAll) ?? 1) * 1.08 || 1])
      .nice()
      .range([h, 0]);
    const g = svg
      .append('g')
      .attr('class', `panel line-chart panel-${k}`)
      .attr('transform', `translate(${panelX(k)},${top})`);
    (p.references ?? []).forEach((r) => {
      hLine(g, r2(y(r.y)), w, { color: '#888', dash: '4,3', cls: 'reference-line' });
      g.append('text')
        .attr('class', 'reference-label')
        .attr('x', w - 2)
        .attr('y', r2(y(r.y) - 3))
        .attr('text-anchor', 'end')
        .attr('font-size', 9)
        .attr('fill', '#555')
        .text(r.label);
    });
    p.series.forEach((s, i) => {
      const pts: [number, number][] = [];
      for (let j = 0; j < s.x.length; j++) {
        const xv = s.x[j]!;
        const yv = s.y[j]!;
        if (!Number.isFinite(yv) || !Number.isFinite(xv) || (p.xLog && xv <= 0)) continue;
        pts.push([x(xv), y(yv)]);
        const e = s.error?.[j];
        if (e !== undefined && Number.isFinite(e))
          g.append('line')
            .attr('class', 'error-bar')
            .attr('x1', r2(x(xv)))
            .attr('x2', r2(x(xv)))
            .attr('y1', r2(y(yv - e)))
            .attr('y2', r2(y(yv + e)))
            .attr('stroke', COLORS[i % COLORS.length]!);
        // dots mark sparse points (learning curves); a dense series (per checkpoint) is a plain line
        if (s.x.length <= 200)
          g.append('circle')
            .attr('class', `point series-${i}`)
            .attr('cx', r2(x(xv)))
            .attr('cy', r2(y(yv)))
            .attr('r', 2.5)
            .attr('fill', COLORS[i % COLORS.length]!);
      }
      const line = d3
        .line()
        .x((q) => r2(q[0]))
        .y((q) => r2(q[1]));
      if (pts.length > 1)
        g.append('path')
          .attr('class', `series series-${i}`)
          .attr('d', line(pts))
          .attr('fill', 'none')
          .attr('stroke', COLORS[i % COLORS.length]!)
          .attr('stroke-width', 1.5)
          .attr('stroke-dasharray', s.dashed ? '5,3' : null);
    });
    drawAxis(g, p.xLog ? d3.axisBottom(x).ticks(4, '~s') : d3.axisBottom(x).ticks(6), 'x-axis', font, `translate(0,${h})`);
    drawAxis(g, d3.axisLeft(y).ticks(5), 'y-axis', font);
    panelHeader(g, { title: p.title, letter: panelLetter(k), width: w, letterX: -56 });
    axisLabels(g, { xLabel: p.xLabel, yLabel: p.yLabel, width: w, height: h, xOffset: 34, yOffset: 48 });
    if (p.series.length > 1)
      drawLegend(
        g,
        p.series.map((s, i) => ({ label: s.label, color: COLORS[i % COLORS.length]! })),
        8,
        8,
      );
  });
  return finish(svg);
}

/** One matrix panel of {@link matrixPanelsFigure}. */
export interface MatrixPanel {
  readonly title: string;
  /** nRows × nCols values, row-major. */
  readonly values: ArrayLike<number>;
  readonly nRows: number;
  readonly nCols: number;
  readonly xLabel: string;
  readonly yLabel: string;
  /** [left, right] of the x axis in data units (e.g. cm); default [0, nCols]. */
  readonly xExtent?: readonly [number, number];
}

/**
 * Matrices as colour images (viridis, each panel scaled to its own range): receptive fields
 * (TS cell × afferent effective weight, or TS rate × position) and weight profiles.
 */
export function matrixPanelsFigure(panels: readonly MatrixPanel[], options: FigureBaseOptions = {}): SVGSVGElement {
  const fn = 'matrixPanelsFigure';
  const w = 300;
  const h = 260;
  const { svg, font, top, panelX } = panelRow(fn, panels, options, w, h, 70);
  panels.forEach((p, k) => {
    const v = checkArray(fn, `panels[${k}].values`, p.values, p.nRows * p.nCols);
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < v.length; i++) if (Number.isFinite(v[i]!)) ((lo = Math.min(lo, v[i]!)), (hi = Math.max(hi, v[i]!)));
    if (!(hi > lo)) hi = lo + 1;
    const color = d3.scaleSequential(d3.interpolateViridis).domain([lo, hi]);
    const g = svg
      .append('g')
      .attr('class', `panel matrix panel-${k}`)
      .attr('transform', `translate(${panelX(k)},${top})`);
    const cw = w / p.nCols;
    const ch = h / p.nRows;
    const cells = g.append('g').attr('class', 'cells');
    for (let r = 0; r < p.nRows; r++) {
      for (let c = 0; c < p.nCols; c++) {
        const val = v[r * p.nCols + c]!;
        cells
          .append('rect')
          .attr('x', r2(c * cw))
          .attr('y', r2(h - (r + 1) * ch))
          .attr('width', r2(cw + 0.3))
          .attr('height', r2(ch + 0.3))
          .attr('fill', Number.isFinite(val) ? color(val) : '#eee');
      }
    }
    const ext = p.xExtent ?? [0, p.nCols];
    drawAxis(g, d3.axisBottom(d3.scaleLinear().domain([ext[0], ext[1]]).range([0, w])).ticks(5), 'x-axis', font, `translate(0,${h})`);
    drawAxis(g, d3.axisLeft(d3.scaleLinear().domain([0, p.nRows]).range([h, 0])).ticks(5), 'y-axis', font);
    panelHeader(g, { title: p.title, letter: panelLetter(k), width: w, letterX: -56 });
    axisLabels(g, { xLabel: p.xLabel, yLabel: p.yLabel, width: w, height: h, xOffset: 34, yOffset: 48 });
  });
  return finish(svg);
}

/** One row of {@link mapSummaryFigure}: a condition and its honest metrics. */
export interface MapSummaryRow {
  readonly label: string;
  readonly sigmaTheta: number;
  readonly pvLength: number;
  readonly rankCorrelation: number;
  readonly validFraction: number;
}

/**
 * The summary: σθ, PV length, rank order and valid fraction of each condition (trained,
 * untrained, perfect map, random map, …) side by side, one dot chart per metric, so that σθ is
 * never read alone.
 */
export function mapSummaryFigure(rows: readonly MapSummaryRow[], options: FigureBaseOptions = {}): SVGSVGElement {
  const fn = 'mapSummaryFigure';
  if (rows == null || rows.length === 0) throw new RangeError(`Argument 'rows' passed to '${fn}' is empty; expected at least one condition.`);
  const metrics: { key: keyof MapSummaryRow; title: string; domain: [number, number] }[] = [
    { key: 'sigmaTheta', title: 'σθ (rad, lower is better)', domain: [0, Math.max(2, ...rows.map((r) => r.sigmaTheta).filter(Number.isFinite))] },
    { key: 'pvLength', title: 'PV length', domain: [0, 1] },
    { key: 'rankCorrelation', title: 'ρ(TS index, preferred x)', domain: [-1, 1] },
    { key: 'validFraction', title: 'valid fraction', domain: [0, 1] },
  ];
  const w = 200;
  const rowH = 26;
  const h = rows.length * rowH;
  const left = 190;
  const top = options.title ? 62 : 40;
  const { svg, font } = createRoot(options, left + metrics.length * (w + 30), top + h + 50);
  const labels = svg
    .append('g')
    .attr('class', 'row-labels')
    .attr('transform', `translate(${left - 12},${top})`);
  rows.forEach((r, i) =>
    labels
      .append('text')
      .attr('class', 'row-label')
      .attr('x', 0)
      .attr('y', r2(i * rowH + rowH / 2 + 4))
      .attr('text-anchor', 'end')
      .text(r.label),
  );
  metrics.forEach((m, k) => {
    const g: Sel = svg
      .append('g')
      .attr('class', `panel summary-${String(m.key)}`)
      .attr('transform', `translate(${left + k * (w + 30)},${top})`);
    const x = d3.scaleLinear().domain(m.domain).nice().range([0, w]);
    rows.forEach((r, i) => {
      const v = r[m.key] as number;
      g.append('line')
        .attr('x1', 0)
        .attr('x2', w)
        .attr('y1', r2(i * rowH + rowH / 2))
        .attr('y2', r2(i * rowH + rowH / 2))
        .attr('stroke', '#eee');
      if (Number.isFinite(v)) {
        g.append('circle')
          .attr('class', 'value')
          .attr('cx', r2(x(v)))
          .attr('cy', r2(i * rowH + rowH / 2))
          .attr('r', 5)
          .attr('fill', COLORS[i % COLORS.length]!);
        g.append('text')
          .attr('class', 'value-label')
          .attr('x', r2(x(v)))
          .attr('y', r2(i * rowH + rowH / 2 - 7))
          .attr('text-anchor', 'middle')
          .attr('font-size', 9)
          .text(v.toFixed(2));
      }
    });
    drawAxis(g, d3.axisBottom(x).ticks(4), 'x-axis', font, `translate(0,${h})`);
    panelHeader(g, { title: m.title, letter: panelLetter(k), width: w, letterX: -10 });
  });
  return finish(svg);
}
