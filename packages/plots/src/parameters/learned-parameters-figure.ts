import * as d3 from 'd3';
import { axisLabels, createRoot, drawAxis, errorBar, finish, hLine, panelHeader, r2, type FigureBaseOptions, type Sel } from '../internal/figure-frame';
import { domainOf, finiteArray, nonEmpty, positiveNumber } from '../internal/validate';

/** Spike thresholds of one population, pooled over runs if you like (mV). */
export interface ThresholdGroup {
  /** e.g. `ORN`, `LN`, `PN`, `KC`. */
  readonly population: string;
  readonly vThMv: ArrayLike<number>;
}

/** Gap-junction conductance of one junction type across runs, pS (1 nS = 1000 pS). */
export interface GapConductanceGroup {
  /** e.g. `LN–LN`. */
  readonly label: string;
  readonly valuesPs: ArrayLike<number>;
}

/** Data of {@link learnedParametersFigure}: plain records of learned parameters. */
export interface LearnedParametersData {
  readonly thresholds: readonly ThresholdGroup[];
  /** KC g_soma per run, nS. */
  readonly gSomaNs: ArrayLike<number>;
  /** Run labels for g_soma (default 1..n). */
  readonly runLabels?: readonly string[];
  readonly gapConductances: readonly GapConductanceGroup[];
}

/** Options of {@link learnedParametersFigure}. */
export interface LearnedParametersFigureOptions extends FigureBaseOptions {
  /** Threshold clamp band, mV. Default `[-55, -30]`. */
  readonly thresholdBoundsMv?: readonly [number, number];
  /** A threshold within this distance of a bound counts as "at bound", mV. Default 0.5 (spec §4.10). */
  readonly atBoundToleranceMv?: number;
  /** g_soma clamp band, nS. Default `[1, 20]`. */
  readonly gSomaBoundsNs?: readonly [number, number];
  /** Plot height, px. Default 220. */
  readonly panelHeightPx?: number;
  /** Colours of the population boxes, cycled. Default Figure 4's palette. */
  readonly colors?: readonly string[];
}

/**
 * Learned-parameter summary in three panels:
 *  - **A** spike thresholds by population as box plots (whiskers = min/max, line = median) inside
 *    the shaded clamp band [−55, −30] mV, each labelled with the % of thresholds at a bound;
 *  - **B** KC g_soma per run against its [1, 20] nS bounds;
 *  - **C** gap-junction conductances, mean ± std over runs, in pS.
 *
 * @example
 *   const svg = learnedParametersFigure({
 *     thresholds: [{ population: 'KC', vThMv: kcVth }], gSomaNs: [14.5, 14.6], gapConductances: [{ label: 'LN–LN', valuesPs: [136, 137] }],
 *   });
 */
export function learnedParametersFigure(data: LearnedParametersData, options: LearnedParametersFigureOptions = {}): SVGSVGElement {
  const fn = 'learnedParametersFigure';
  const groups = nonEmpty<ThresholdGroup>(fn, 'data.thresholds', data?.thresholds).map((g, i) => {
    const v = finiteArray(fn, `data.thresholds[${i}].vThMv`, g.vThMv);
    if (v.length === 0) throw new RangeError(`Argument 'data.thresholds[${i}].vThMv' passed to '${fn}' is empty; expected at least one threshold (mV).`);
    return { population: g.population, v: v.sort(d3.ascending) };
  });
  const gSoma = finiteArray(fn, 'data.gSomaNs', data.gSomaNs, { min: 0 });
  if (data.runLabels && data.runLabels.length !== gSoma.length) {
    throw new RangeError(`Argument 'data.runLabels' passed to '${fn}' has length ${data.runLabels.length}; expected ${gSoma.length} (one per g_soma value).`);
  }
  const gaps = nonEmpty<GapConductanceGroup>(fn, 'data.gapConductances', data.gapConductances).map((g, i) => {
    const v = finiteArray(fn, `data.gapConductances[${i}].valuesPs`, g.valuesPs, { min: 0 });
    if (v.length === 0) throw new RangeError(`Argument 'data.gapConductances[${i}].valuesPs' passed to '${fn}' is empty; expected one value (pS) per run.`);
    const mean = d3.mean(v)!;
    return { label: g.label, mean, std: Math.sqrt(d3.mean(v, (x) => (x - mean) ** 2)!) };
  });
  const [vLo, vHi] = domainOf(fn, 'thresholdBoundsMv', options.thresholdBoundsMv ?? [-55, -30]);
  const [gLo, gHi] = domainOf(fn, 'gSomaBoundsNs', options.gSomaBoundsNs ?? [1, 20]);
  const tol = options.atBoundToleranceMv ?? 0.5;
  const ph = positiveNumber(fn, 'panelHeightPx', options.panelHeightPx, 220);
  const colors = options.colors ?? ['#3d4a5c', '#2e6da4', '#4a9583', '#bb4a3a', ...d3.schemeTableau10];
  const wA = Math.max(200, groups.length * 70);
  const wB = Math.max(140, gSoma.length * 32);
  const wC = Math.max(160, gaps.length * 64);
  const margin = { top: options.title ? 76 : 50, left: 64, gap: 86, bottom: 52 };
  const width = margin.left + wA + wB + wC + 2 * margin.gap + 20;
  const { svg, font } = createRoot(options, width, margin.top + ph + margin.bottom);
  const panel = (x0: number) =>
    svg
      .append('g')
      .attr('class', 'panel')
      .attr('transform', `translate(${r2(x0)},${margin.top})`);

  // A: thresholds vs the clamp band.
  const gA = panel(margin.left);
  const all = groups.flatMap((g) => g.v);
  const yA = d3
    .scaleLinear()
    .domain([Math.min(vLo - 3, ...all), Math.max(vHi + 3, ...all)])
    .nice()
    .range([ph, 0]);
  gA.append('rect')
    .attr('class', 'bound-band')
    .attr('x', 0)
    .attr('width', wA)
    .attr('y', r2(yA(vHi)))
    .attr('height', r2(yA(vLo) - yA(vHi)))
    .attr('fill', '#4a9583')
    .attr('fill-opacity', 0.1);
  hLine(gA, yA(vLo), wA, { cls: 'bound', dash: '5,3', color: '#4a9583' });
  hLine(gA, yA(vHi), wA, { cls: 'bound', dash: '5,3', color: '#4a9583' });
  const xA = d3.scaleBand<number>().domain(d3.range(groups.length)).range([0, wA]).padding(0.35);
  groups.forEach((g, i) => thresholdBox(gA, g.v, xA(i)!, xA.bandwidth(), yA, colors[i % colors.length]!, [vLo, vHi], tol));
  gA.append('text').attr('class', 'at-bound-label').attr('x', -6).attr('y', -4).attr('text-anchor', 'end').attr('font-size', 9).text('at bound:');
  drawAxis(gA, d3.axisLeft(yA).ticks(6), 'y-axis', font);
  drawAxis(
    gA,
    d3.axisBottom(xA).tickFormat((i) => groups[i]!.population),
    'x-axis',
    font,
    `translate(0,${ph})`,
  );
  panelHeader(gA, { title: `Thresholds vs [${fmtMv(vLo)}, ${fmtMv(vHi)}] mV`, letter: 'A', width: wA, letterX: -52 });
  gA.select('text.panel-title').attr('y', -22);
  gA.select('text.panel-letter').attr('y', -22);
  axisLabels(gA, { xLabel: 'Population', yLabel: 'V_th (mV)', width: wA, height: ph, xOffset: 36, yOffset: 44 });

  // B: g_soma per run.
  const gB = panel(margin.left + wA + margin.gap);
  const yB = d3
    .scaleLinear()
    .domain([0, Math.max(gHi, ...gSoma) * 1.1])
    .nice()
    .range([ph, 0]);
  hLine(gB, yB(gLo), wB, { cls: 'bound', dash: '5,3', color: '#4a9583' });
  hLine(gB, yB(gHi), wB, { cls: 'bound', dash: '5,3', color: '#4a9583' });
  const xB = d3.scalePoint<number>().domain(d3.range(gSoma.length)).range([0, wB]).padding(0.6);
  gSoma.forEach((v, i) =>
    gB
      .append('circle')
      .attr('class', 'point')
      .attr('cx', r2(xB(i)!))
      .attr('cy', r2(yB(v)))
      .attr('r', 4)
      .attr('fill', '#bb4a3a'),
  );
  drawAxis(gB, d3.axisLeft(yB).ticks(6), 'y-axis', font);
  drawAxis(
    gB,
    d3.axisBottom(xB).tickFormat((i) => data.runLabels?.[i] ?? String(i + 1)),
    'x-axis',
    font,
    `translate(0,${ph})`,
  );
  panelHeader(gB, { title: `KC g_soma vs [${gLo}, ${gHi}] nS`, letter: 'B', width: wB, letterX: -52 });
  axisLabels(gB, { xLabel: 'Run', yLabel: 'g_soma (nS)', width: wB, height: ph, xOffset: 36, yOffset: 44 });

  // C: gap conductances, pS.
  const gC = panel(margin.left + wA + wB + 2 * margin.gap);
  const yC = d3
    .scaleLinear()
    .domain([0, Math.max(...gaps.map((g) => g.mean + g.std)) * 1.18 || 1])
    .nice()
    .range([ph, 0]);
  const xC = d3.scaleBand<number>().domain(d3.range(gaps.length)).range([0, wC]).padding(0.3);
  gaps.forEach((g, i) => {
    const cx = xC(i)! + xC.bandwidth() / 2;
    gC.append('rect')
      .attr('class', 'bar')
      .attr('x', r2(xC(i)!))
      .attr('y', r2(yC(g.mean)))
      .attr('width', r2(xC.bandwidth()))
      .attr('height', r2(ph - yC(g.mean)))
      .attr('fill', colors[(i + 1) % colors.length]!);
    if (g.std > 0) errorBar(gC, cx, yC(g.mean - g.std), yC(g.mean + g.std), '#222222', 4);
    gC.append('text')
      .attr('class', 'value-label')
      .attr('x', r2(cx))
      .attr('y', r2(yC(g.mean + g.std) - 5))
      .attr('text-anchor', 'middle')
      .attr('font-size', 10)
      .text(d3.format('.0f')(g.mean));
  });
  drawAxis(gC, d3.axisLeft(yC).ticks(6), 'y-axis', font);
  drawAxis(
    gC,
    d3.axisBottom(xC).tickFormat((i) => gaps[i]!.label),
    'x-axis',
    font,
    `translate(0,${ph})`,
  );
  panelHeader(gC, { title: 'Gap-junction conductances', letter: 'C', width: wC, letterX: -52 });
  axisLabels(gC, { xLabel: 'Junction type', yLabel: 'Conductance (pS)', width: wC, height: ph, xOffset: 36, yOffset: 44 });
  return finish(svg);
}

const fmtMv = (v: number) => String(v).replace('-', '−');

/** One box of panel A: whiskers from min to max, the IQR box, the median, and the share at a bound above it. */
function thresholdBox(gA: Sel, v: number[], x0: number, bw: number, yA: d3.ScaleLinear<number, number>, c: string, [vLo, vHi]: readonly [number, number], tol: number): void {
  const [q1, med, q3] = [0.25, 0.5, 0.75].map((p) => d3.quantileSorted(v, p)!) as [number, number, number];
  const cx = x0 + bw / 2;
  const box = gA.append('g').attr('class', 'box').attr('stroke', c);
  box
    .append('line')
    .attr('class', 'whisker')
    .attr('x1', r2(cx))
    .attr('x2', r2(cx))
    .attr('y1', r2(yA(v[0]!)))
    .attr('y2', r2(yA(v[v.length - 1]!)));
  box
    .append('rect')
    .attr('x', r2(x0))
    .attr('y', r2(yA(q3)))
    .attr('width', r2(bw))
    .attr('height', r2(Math.max(1, yA(q1) - yA(q3))))
    .attr('fill', c)
    .attr('fill-opacity', 0.35);
  box
    .append('line')
    .attr('class', 'median')
    .attr('x1', r2(x0))
    .attr('x2', r2(x0 + bw))
    .attr('y1', r2(yA(med)))
    .attr('y2', r2(yA(med)))
    .attr('stroke-width', 2);
  const atBound = v.filter((v) => v >= vHi - tol || v <= vLo + tol).length / v.length;
  gA.append('text')
    .attr('class', 'at-bound')
    .attr('x', r2(cx))
    .attr('y', -4)
    .attr('text-anchor', 'middle')
    .attr('font-size', 9)
    .text(`${d3.format('.0f')(atBound * 100)}%`);
}
