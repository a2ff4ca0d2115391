import * as d3 from 'd3';
import { axisLabels, createRoot, drawAxis, drawLegend, errorBar, finish, hLine, panelHeader, panelLetter, r2, type FigureBaseOptions } from '../internal/figure-frame';
import { domainOf, finiteArray, nonEmpty, positiveNumber } from '../internal/validate';

/** One condition (one bar per panel): a label for the legend and an optional colour. */
export interface BarCondition {
  readonly label: string;
  /** CSS colour. Default: the Figure 4 palette, then d3's Tableau10. */
  readonly color?: string;
}

/** One bar: mean and optional ± std (same unit as the panel's axis). */
export interface BarValue {
  readonly mean: number;
  readonly std?: number;
}

/** One bar panel: a value per condition, in the order of `conditions`. */
export interface BarPanel {
  readonly title: string;
  /** y-axis label. Default: none. */
  readonly yLabel?: string;
  /** y range. Default: the data (with error bars) and 0, padded 15 %. */
  readonly yDomain?: readonly [number, number];
  readonly values: readonly BarValue[];
}

/** Data of {@link barPanelsFigure}: any number of conditions and panels. */
export interface BarPanelsData {
  readonly conditions: readonly BarCondition[];
  readonly panels: readonly BarPanel[];
}

/** Options of {@link barPanelsFigure}. Sizes in CSS px. */
export interface BarPanelsFigureOptions extends FigureBaseOptions {
  /** Panels per row. Default 2 (Figure 4 is 2 × 2). */
  readonly columns?: number;
  /** Plot area of one panel, px. Default 260 × 200. */
  readonly panelWidthPx?: number;
  readonly panelHeightPx?: number;
  /** Number format of the value labels. Default `.1f`. */
  readonly valueFormat?: (v: number) => string;
  /** Draw the mean above (≥ 0) or below (< 0) each bar. Default true. */
  readonly valueLabels?: boolean;
}

/** Figure 4's conditions and colours (spec §6), in bar order. */
export const ABLATION_CONDITIONS: readonly BarCondition[] = [
  { label: 'Canonical (baseline)', color: '#3d4a5c' },
  { label: 'Connectome shuffled (retrained)', color: '#2e6da4' },
  { label: 'APL disabled (retrained)', color: '#4a9583' },
  { label: 'No sparsity loss (retrained)', color: '#bb4a3a' },
];

/** Figure 4's panel titles and y ranges (spec §6); add `values` to use them. */
export const ABLATION_PANELS: readonly Omit<BarPanel, 'values'>[] = [
  { title: 'AL decorrelation', yLabel: 'AL decorrelation (%)', yDomain: [-30, 30] },
  { title: 'MB decorrelation', yLabel: 'MB decorrelation (%)', yDomain: [-5, 47] },
  { title: 'APL-mediated KC suppression', yLabel: 'KC suppression (%)', yDomain: [0, 74] },
  { title: 'Sub-additive mixture coding', yLabel: 'Sub-additive KCs (%)', yDomain: [0, 102] },
];

/** Width of one value-label character at font size 10, px (DejaVu Sans digits are 6.4 px). */
const LABEL_CHAR_PX = 6.4;

const PALETTE = ['#3d4a5c', '#2e6da4', '#4a9583', '#bb4a3a', ...d3.schemeTableau10];

/**
 * Figure 4 and any other "conditions × metrics" comparison: a grid of bar panels (A, B, …), one
 * bar per condition with ± std error bars, the value written above (below for negative means),
 * a zero line when the y range spans 0, and one shared legend of the conditions.
 *
 * @example
 *   const svg = barPanelsFigure({
 *     conditions: ABLATION_CONDITIONS,
 *     panels: ABLATION_PANELS.map((p, i) => ({ ...p, values: results[i] })), // results[i][c] = { mean, std }
 *   });
 */
export function barPanelsFigure(data: BarPanelsData, options: BarPanelsFigureOptions = {}): SVGSVGElement {
  const fn = 'barPanelsFigure';
  const conditions = nonEmpty<BarCondition>(fn, 'data.conditions', data?.conditions);
  const panels = nonEmpty<BarPanel>(fn, 'data.panels', data?.panels);
  const nc = conditions.length;
  const checked = panels.map((p, i) => {
    const vals = nonEmpty<BarValue>(fn, `data.panels[${i}].values`, p.values);
    if (vals.length !== nc) throw new RangeError(`Argument 'data.panels[${i}].values' passed to '${fn}' has length ${vals.length}; expected ${nc} (one per condition).`);
    const mean = finiteArray(
      fn,
      `data.panels[${i}].values[].mean`,
      vals.map((v) => v.mean),
    );
    const std = finiteArray(
      fn,
      `data.panels[${i}].values[].std`,
      vals.map((v) => v.std ?? 0),
      { min: 0 },
    );
    const domain = p.yDomain ? domainOf(fn, `data.panels[${i}].yDomain`, p.yDomain) : autoDomain(mean, std);
    return { mean, std, domain, hasStd: vals.map((v) => v.std !== undefined) };
  });
  const cols = Math.min(panels.length, Math.round(positiveNumber(fn, 'columns', options.columns, 2)));
  const rows = Math.ceil(panels.length / cols);
  const pw = positiveNumber(fn, 'panelWidthPx', options.panelWidthPx, 260);
  const ph = positiveNumber(fn, 'panelHeightPx', options.panelHeightPx, 200);
  const fmt = options.valueFormat ?? d3.format('.1f');
  const colors = conditions.map((c, i) => c.color ?? PALETTE[i % PALETTE.length]!);

  const margin = { top: options.title ? 64 : 38, left: 70, gapX: 80, gapY: 64, bottom: 24 + nc * 16 };
  const width = margin.left + cols * pw + (cols - 1) * margin.gapX + 24;
  const height = margin.top + rows * ph + (rows - 1) * margin.gapY + 20 + margin.bottom;
  const { svg, font } = createRoot(options, width, height);
  const x = d3.scaleBand<number>().domain(d3.range(nc)).range([0, pw]).paddingInner(0.25).paddingOuter(0.2);

  panels.forEach((panel, p) => {
    const { mean, std, domain, hasStd } = checked[p]!;
    const col = p % cols;
    const row = Math.floor(p / cols);
    const g = svg
      .append('g')
      .attr('class', 'panel')
      .attr('transform', `translate(${margin.left + col * (pw + margin.gapX)},${margin.top + row * (ph + margin.gapY)})`);
    const y = d3.scaleLinear().domain(domain).range([ph, 0]);
    const base = y(Math.min(Math.max(0, domain[0]), domain[1]));
    mean.forEach((m, c) => {
      const ym = y(Math.min(Math.max(m, domain[0]), domain[1]));
      g.append('rect')
        .attr('class', 'bar')
        .attr('x', r2(x(c)!))
        .attr('y', r2(Math.min(ym, base)))
        .attr('width', r2(x.bandwidth()))
        .attr('height', r2(Math.abs(base - ym)))
        .attr('fill', colors[c]!);
      const cx = x(c)! + x.bandwidth() / 2;
      // an error bar past the y range stops at the plot's edge, capless, clear of the panel title
      if (hasStd[c] && std[c]! > 0) errorBar(g, cx, y(m - std[c]!), y(m + std[c]!), '#222222', 4, [0, ph]);
      if (options.valueLabels ?? true) {
        const text = fmt(m);
        if (text.length * LABEL_CHAR_PX > x.step()) {
          // too many bars for level labels: written upright along the bar, inside it from the base
          // when it is long enough (white), else just past its error bar (dark)
          const inside = Math.abs(base - ym) > text.length * LABEL_CHAR_PX + 8;
          const up = m >= 0;
          const y0 = inside ? base + (up ? -4 : 4) : up ? y(m + std[c]!) - 3 : y(m - std[c]!) + 3;
          const anchor = up ? 'start' : 'end';
          g.append('text')
            .attr('class', 'value-label')
            .attr('transform', `translate(${r2(cx + 3)},${r2(Math.min(Math.max(y0, 0), ph))}) rotate(-90)`)
            .attr('text-anchor', anchor)
            .attr('font-size', 9)
            .attr('fill', inside ? '#ffffff' : '#222222')
            .text(text);
        } else {
          const above = m >= 0;
          const yLabel = above ? Math.max(0, y(m + std[c]!) - 5) : Math.min(ph + 12, y(m - std[c]!) + 12);
          g.append('text').attr('class', 'value-label').attr('x', r2(cx)).attr('y', r2(yLabel)).attr('text-anchor', 'middle').attr('font-size', 10).text(text);
        }
      }
    });
    if (domain[0] < 0 && domain[1] > 0) hLine(g, y(0), pw, { cls: 'zero-line', color: '#333333' });
    drawAxis(g, d3.axisLeft(y).ticks(6), 'y-axis', font);
    drawAxis(g, d3.axisBottom(x).tickValues([]).tickSizeOuter(0), 'x-axis', font, `translate(0,${ph})`);
    panelHeader(g, { title: panel.title, letter: panelLetter(p), width: pw, letterX: -56 });
    axisLabels(g, { yLabel: panel.yLabel, width: pw, height: ph, yOffset: 44 });
  });
  drawLegend(
    svg,
    conditions.map((c, i) => ({ label: c.label, color: colors[i]! })),
    margin.left,
    margin.top + rows * ph + (rows - 1) * margin.gapY + 26,
  );
  return finish(svg);
}

function autoDomain(mean: number[], std: number[]): [number, number] {
  const lo = Math.min(0, ...mean.map((m, i) => m - std[i]!));
  const hi = Math.max(0, ...mean.map((m, i) => m + std[i]!));
  const pad = (hi - lo || 1) * 0.15;
  return d3
    .scaleLinear()
    .domain([lo < 0 ? lo - pad : 0, hi > 0 ? hi + pad : 0 + (lo === 0 ? 1 : 0)])
    .nice()
    .domain() as [number, number];
}
