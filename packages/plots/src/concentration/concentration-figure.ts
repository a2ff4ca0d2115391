import * as d3 from 'd3';
import { axisLabels, createRoot, drawAxis, drawLegend, finish, hLine, panelHeader, r2, vLine, type FigureBaseOptions, type LegendItem, type Sel } from '../internal/figure-frame';
import { drawSeries, type ErrorStyle } from '../internal/series';
import { domainOf, finiteArray, positiveNumber } from '../internal/validate';
import type { MeanStd } from '../stats/mean-std';

/** OR / PN / KC series of one concentration panel, each one value per concentration. */
export interface StageSeries {
  readonly or: MeanStd;
  readonly pn: MeanStd;
  readonly kc: MeanStd;
}

/**
 * Data of {@link concentrationFigure} (spec §4.7), summarised over seeds (see `meanStd`).
 * Every series has one entry per concentration.
 */
export interface ConcentrationFigureData {
  /** Concentrations c, > 0 (log axis), e.g. `[0.03, 0.1, 0.3, 0.5, 1, 2, 5]`. */
  readonly concentrations: ArrayLike<number>;
  /** A: summed activity normalised to its own c = 1 value (dimensionless). */
  readonly gain: StageSeries;
  /** B: accuracy as a fraction in [0, 1] (drawn in %): trained decoder and decoder-free KC centroid. */
  readonly accuracy: { readonly decoder: MeanStd; readonly centroid: MeanStd };
  /** C: cosine similarity to the c = 1 pattern (OR after SFR subtraction), in [0, 1]. */
  readonly similarity: StageSeries;
}

/** Options of {@link concentrationFigure}. Sizes in CSS px. */
export interface ConcentrationFigureOptions extends FigureBaseOptions {
  /** Width and height of one panel's plot area, px. Default 250 × 210. */
  readonly panelWidthPx?: number;
  readonly panelHeightPx?: number;
  /** x tick values. Default `[0.03, 0.1, 0.3, 0.5, 1, 2, 5]`. */
  readonly xTicks?: readonly number[];
  /** Training concentration, marked by a dotted vertical line. Default 1. */
  readonly referenceConcentration?: number;
  /** EC50 of the dashed Hill reference `h(c) = [c/(c+EC50)] / [1/(1+EC50)]` in A (= 2c/(c+1) for EC50 = 1). `null` hides it. Default 1. */
  readonly hillEc50?: number | null;
  /** Chance accuracy (fraction) drawn dotted in B. Default 1/27 (27 odors in the sweep). */
  readonly chance?: number;
  /** How ± std is drawn in B. Default `band`. (A uses error bars, C bars.) */
  readonly accuracyErrors?: ErrorStyle;
  /** y range of C. Default `[0, 1.05]`. */
  readonly similarityDomain?: readonly [number, number];
  /** Colours of OR, PN, KC. Default orange, blue, green. */
  readonly stageColors?: readonly [string, string, string];
}

/** Default concentrations / x ticks of Figure 3 (spec §4.7). */
export const CONCENTRATIONS = [0.03, 0.1, 0.3, 0.5, 1, 2, 5] as const;

const STAGES = [
  { key: 'or', label: 'OR input', symbol: d3.symbolSquare },
  { key: 'pn', label: 'PN (after LN inhibition)', symbol: d3.symbolDiamond },
  { key: 'kc', label: 'KC (after APL inhibition)', symbol: d3.symbolCircle },
] as const;

/**
 * Figure 3 (concentration invariance): three panels over a log concentration axis with a dotted
 * line at the training concentration.
 *  - **A** "Gain control": normalised OR (squares), PN (diamonds), KC (circles) activity with
 *    ± std error bars and the dashed grey Hill reference h(c) = 2c/(c+1).
 *  - **B** accuracy (%): decoder (solid) and "KC centroid (0 params)" (dashed), ± std bands, dotted chance line.
 *  - **C** cosine similarity to the c = 1 pattern for OR, PN, KC, y ∈ [0, 1.05].
 *
 * @example
 *   const svg = concentrationFigure({ concentrations: [0.03, 0.1, 0.3, 0.5, 1, 2, 5], gain, accuracy, similarity });
 */
export function concentrationFigure(data: ConcentrationFigureData, options: ConcentrationFigureOptions = {}): SVGSVGElement {
  const fn = 'concentrationFigure';
  const cs = finiteArray(fn, 'data.concentrations', data?.concentrations);
  if (cs.length === 0) throw new RangeError(`Argument 'data.concentrations' passed to '${fn}' is empty; expected at least one concentration.`);
  cs.forEach((c, i) => {
    if (c <= 0) throw new RangeError(`Argument 'data.concentrations' passed to '${fn}' has ${c} at index ${i}; expected concentrations > 0 (log axis).`);
  });
  const n = cs.length;
  const series = (name: string, s: MeanStd | undefined) => {
    if (!s) throw new TypeError(`Argument '${name}' passed to '${fn}' is missing; expected { mean, std? } with ${n} values.`);
    const mean = finiteArray(fn, `${name}.mean`, s.mean, { length: n, lengthOf: 'one per concentration', allowNaN: true });
    const std = s.std === undefined ? undefined : finiteArray(fn, `${name}.std`, s.std, { length: n, lengthOf: 'one per concentration', allowNaN: true });
    return { mean, std };
  };
  const gain = STAGES.map((st) => series(`data.gain.${st.key}`, data.gain?.[st.key]));
  const sim = STAGES.map((st) => series(`data.similarity.${st.key}`, data.similarity?.[st.key]));
  const dec = series('data.accuracy.decoder', data.accuracy?.decoder);
  const cen = series('data.accuracy.centroid', data.accuracy?.centroid);
  const pw = positiveNumber(fn, 'panelWidthPx', options.panelWidthPx, 250);
  const ph = positiveNumber(fn, 'panelHeightPx', options.panelHeightPx, 210);
  const cRef = positiveNumber(fn, 'referenceConcentration', options.referenceConcentration, 1);
  const ec50 = options.hillEc50 === null ? null : positiveNumber(fn, 'hillEc50', options.hillEc50, 1);
  const chance = options.chance ?? 1 / 27;
  const simDomain = domainOf(fn, 'similarityDomain', options.similarityDomain ?? [0, 1.05]);
  const colors = options.stageColors ?? ['#e08a2c', '#2e6da4', '#3a9a5b'];
  const xTicks = options.xTicks ?? CONCENTRATIONS;

  const margin = { top: options.title ? 62 : 36, left: 68, gap: 80, bottom: 130 };
  const width = margin.left + 3 * pw + 2 * margin.gap + 20;
  const height = margin.top + ph + margin.bottom;
  const { svg, font } = createRoot(options, width, height);
  const lo = Math.min(...cs, ...xTicks);
  const hi = Math.max(...cs, ...xTicks);
  const x = d3
    .scaleLog()
    .domain([lo / 1.4, hi * 1.4])
    .range([0, pw]);
  const panels: Sel[] = [0, 1, 2].map((p) =>
    svg
      .append('g')
      .attr('class', 'panel')
      .attr('transform', `translate(${margin.left + p * (pw + margin.gap)},${margin.top})`),
  );

  const hill = (c: number) => c / (c + ec50!) / (1 / (1 + ec50!));
  const spread = (s: { mean: number[]; std?: number[] }) => s.mean.map((m, i) => m + (s.std?.[i] ?? 0)).filter(Number.isFinite);
  const gainMax = Math.max(1.2, ...gain.flatMap(spread), ...(ec50 === null ? [] : cs.map(hill)));
  const yA = d3
    .scaleLinear()
    .domain([0, gainMax * 1.08])
    .nice()
    .range([ph, 0]);
  const yB = d3.scaleLinear().domain([0, 1]).range([ph, 0]);
  const yC = d3.scaleLinear().domain(simDomain).range([ph, 0]);
  const ys = [yA, yB, yC];
  const titles = ['Gain control', 'Classification accuracy', 'Pattern similarity to c = 1.0'];
  const yLabels = ['Activity (normalized to c=1.0)', 'Accuracy (%)', 'Cosine similarity to c = 1.0'];
  panels.forEach((g, p) => {
    const xAxis = d3
      .axisBottom(x)
      .tickValues(xTicks as number[])
      .tickFormat((d) => String(+d));
    drawAxis(g, xAxis, 'x-axis', font, `translate(0,${ph})`);
    const yAxis =
      p === 1
        ? d3
            .axisLeft(yB)
            .ticks(5)
            .tickFormat((d) => String(Math.round(+d * 100)))
        : d3.axisLeft(ys[p]!).ticks(6);
    drawAxis(g, yAxis, 'y-axis', font);
    vLine(g, x(cRef), ph, { cls: 'reference-concentration', dash: '2,3', color: '#555555' });
    panelHeader(g, { title: titles[p], letter: String.fromCharCode(65 + p), width: pw, letterX: -54 });
    axisLabels(g, { xLabel: 'Concentration (relative to training)', yLabel: yLabels[p], width: pw, height: ph, xOffset: 34, yOffset: 46 });
  });

  // A: gain control.
  const [gA, gB, gC] = panels as [Sel, Sel, Sel];
  if (ec50 !== null) {
    const grid = d3.range(61).map((i) => Math.exp(Math.log(x.domain()[0]!) + (i / 60) * (Math.log(x.domain()[1]!) - Math.log(x.domain()[0]!))));
    gA.append('path')
      .attr('class', 'hill-reference')
      .attr(
        'd',
        d3
          .line<number>()
          .x((c) => r2(x(c)))
          .y((c) => r2(yA(hill(c))))(grid)!,
      )
      .attr('fill', 'none')
      .attr('stroke', '#999999')
      .attr('stroke-dasharray', '5,3');
  }
  STAGES.forEach((st, i) => drawSeries(gA, x, yA, cs, gain[i]!.mean, gain[i]!.std, { color: colors[i]!, cls: `stage-${st.key}`, symbol: st.symbol, errors: 'bars' }));
  const legendA: LegendItem[] = STAGES.map((st, i) => ({ label: st.label, color: colors[i]!, kind: 'marker' as const, symbol: st.symbol }));
  if (ec50 !== null) legendA.push({ label: ec50 === 1 ? 'Hill h(c) = 2c/(c+1)' : `Hill h(c), EC50 = ${ec50}`, color: '#999999', kind: 'line', dash: '5,3' });
  drawLegend(gA, legendA, 0, ph + 56);

  // B: accuracy.
  hLine(gB, yB(chance), pw, { cls: 'chance', dash: '1,3', color: '#555555' });
  const errB = options.accuracyErrors ?? 'band';
  drawSeries(gB, x, yB, cs, dec.mean, dec.std, { color: '#3d4a5c', cls: 'decoder', symbol: d3.symbolCircle, errors: errB });
  drawSeries(gB, x, yB, cs, cen.mean, cen.std, { color: '#bb4a3a', cls: 'centroid', dash: '6,3', symbol: d3.symbolCircle, errors: errB });
  drawLegend(
    gB,
    [
      { label: 'Trained decoder', color: '#3d4a5c', kind: 'line' },
      { label: 'KC centroid (0 params)', color: '#bb4a3a', kind: 'line', dash: '6,3' },
      { label: `Chance (${d3.format('.1f')(chance * 100)}%)`, color: '#555555', kind: 'line', dash: '1,3' },
    ],
    0,
    ph + 56,
  );

  // C: similarity to baseline.
  STAGES.forEach((st, i) => drawSeries(gC, x, yC, cs, sim[i]!.mean, sim[i]!.std, { color: colors[i]!, cls: `stage-${st.key}`, symbol: st.symbol, errors: 'bars' }));
  drawLegend(
    gC,
    STAGES.map((st, i) => ({ label: st.key.toUpperCase(), color: colors[i]!, kind: 'marker' as const, symbol: st.symbol })),
    0,
    ph + 56,
  );
  return finish(svg);
}
