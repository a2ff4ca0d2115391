import * as d3 from 'd3';
import { createSvgDocument } from '../svg/create-svg-document';

/** A d3 selection of any SVG element (internal helpers are loosely typed on purpose). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Sel = d3.Selection<any, any, any, any>;

/** Options every figure accepts. */
export interface FigureBaseOptions {
  /** Document to create elements in (browser, jsdom, linkedom). Default: a fresh linkedom document. */
  readonly document?: Document;
  /** Font family of all text. Default `DejaVu Sans` (the font PNG rendering can rely on). */
  readonly fontFamily?: string;
  /** Figure title drawn centred at the top. Default: none. */
  readonly title?: string;
}

/** Default font family of every figure. */
export const DEFAULT_FONT_FAMILY = 'DejaVu Sans';

/** Rounds a coordinate to 1/100 px so snapshots are short and stable. */
export const r2 = (v: number): number => Math.round(v * 100) / 100;

/** The root `<svg>` of a figure, white background, with the font family set. */
export function createRoot(options: FigureBaseOptions, width: number, height: number): { svg: Sel; font: string } {
  const doc = options.document ?? createSvgDocument();
  const font = options.fontFamily ?? DEFAULT_FONT_FAMILY;
  const w = r2(width);
  const h = r2(height);
  const svg = d3
    .select(doc.body ?? doc.documentElement)
    .append('svg')
    .attr('xmlns', 'http://www.w3.org/2000/svg')
    .attr('width', w)
    .attr('height', h)
    .attr('viewBox', `0 0 ${w} ${h}`)
    .attr('font-family', font)
    .attr('font-size', 11);
  svg.append('rect').attr('class', 'background').attr('width', w).attr('height', h).attr('fill', 'white');
  if (options.title) {
    svg
      .append('text')
      .attr('class', 'figure-title')
      .attr('x', r2(w / 2))
      .attr('y', 20)
      .attr('text-anchor', 'middle')
      .attr('font-size', titleFontSize(options.title, w))
      .attr('font-weight', 'bold')
      .text(options.title);
  }
  return { svg, font };
}

/**
 * Estimated width of `text` set at `fontPx`, px: DejaVu Sans glyphs average about 0.6 em in
 * running text (computed as glyphs × fontPx × 6 / 10, exact for integer sizes).
 */
export function textWidthPx(text: string, fontPx: number): number {
  return ([...text].length * fontPx * 6) / 10;
}

/** The figure title's font size: 15 px, or smaller (not under 9 px) where a long title would run past the figure's edges. */
export function titleFontSize(title: string, width: number): number {
  const fit = (15 * width) / textWidthPx(title, 15);
  return fit >= 15 ? 15 : Math.max(9, Math.floor(fit * 2) / 2);
}

/** Detaches the root from its document and returns the `<svg>` element. */
export function finish(svg: Sel): SVGSVGElement {
  const node = svg.node() as Element;
  node.remove();
  return node as unknown as SVGSVGElement;
}

/** Draws a d3 axis into a new `<g class=cls>` and forces the figure's font onto it (d3-axis sets `sans-serif`). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function drawAxis(parent: Sel, axis: d3.Axis<any>, cls: string, font: string, transform?: string): Sel {
  const g = parent.append('g').attr('class', `axis ${cls}`);
  if (transform) g.attr('transform', transform);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  g.call(axis as any);
  g.attr('font-family', font).attr('font-size', 10);
  return g;
}

/** Panel title (centred above the plot area) and bold panel letter (top-left). */
export function panelHeader(g: Sel, opts: { title?: string; letter?: string; width: number; letterX?: number }): void {
  if (opts.title)
    g.append('text')
      .attr('class', 'panel-title')
      .attr('x', r2(opts.width / 2))
      .attr('y', -10)
      .attr('text-anchor', 'middle')
      .attr('font-size', 12)
      .text(opts.title);
  if (opts.letter)
    g.append('text')
      .attr('class', 'panel-letter')
      .attr('x', opts.letterX ?? -40)
      .attr('y', -10)
      .attr('font-size', 15)
      .attr('font-weight', 'bold')
      .text(opts.letter);
}

/** Axis labels: x centred below, y rotated at the left. */
export function axisLabels(g: Sel, opts: { xLabel?: string; yLabel?: string; width: number; height: number; xOffset?: number; yOffset?: number }): void {
  if (opts.xLabel)
    g.append('text')
      .attr('class', 'x-label')
      .attr('x', r2(opts.width / 2))
      .attr('y', r2(opts.height + (opts.xOffset ?? 32)))
      .attr('text-anchor', 'middle')
      .text(opts.xLabel);
  if (opts.yLabel) {
    g.append('text')
      .attr('class', 'y-label')
      .attr('transform', `translate(${-(opts.yOffset ?? 40)},${r2(opts.height / 2)}) rotate(-90)`)
      .attr('text-anchor', 'middle')
      .text(opts.yLabel);
  }
}

/** Panel letters A, B, C, … */
export const panelLetter = (i: number): string => String.fromCharCode(65 + i);

/** One legend entry. */
export interface LegendItem {
  readonly label: string;
  readonly color: string;
  /** How the swatch is drawn. Default `rect`. */
  readonly kind?: 'rect' | 'line' | 'marker';
  readonly dash?: string;
  readonly symbol?: d3.SymbolType;
}

/** A vertical legend at (x, y) of `parent`; returns its height in px. */
export function drawLegend(parent: Sel, items: readonly LegendItem[], x: number, y: number): number {
  const g = parent
    .append('g')
    .attr('class', 'legend')
    .attr('transform', `translate(${r2(x)},${r2(y)})`);
  items.forEach((item, i) => {
    const row = g
      .append('g')
      .attr('class', 'legend-item')
      .attr('transform', `translate(0,${i * 16})`);
    const kind = item.kind ?? 'rect';
    if (kind === 'rect') row.append('rect').attr('x', 0).attr('y', -5).attr('width', 12).attr('height', 10).attr('fill', item.color);
    if (kind === 'line' || kind === 'marker') {
      const line = row.append('line').attr('x1', 0).attr('x2', 18).attr('y1', 0).attr('y2', 0).attr('stroke', item.color).attr('stroke-width', 1.5);
      if (item.dash) line.attr('stroke-dasharray', item.dash);
    }
    if (kind === 'marker')
      row
        .append('path')
        .attr('transform', 'translate(9,0)')
        .attr('d', d3.symbol(item.symbol ?? d3.symbolCircle, 30)()!)
        .attr('fill', item.color);
    row
      .append('text')
      .attr('x', kind === 'rect' ? 17 : 23)
      .attr('y', 4)
      .text(item.label);
  });
  return items.length * 16;
}

/** Horizontal reference line across a panel at y (px). */
export function hLine(g: Sel, y: number, width: number, opts: { color?: string; dash?: string; cls: string; width?: number }): Sel {
  return g
    .append('line')
    .attr('class', opts.cls)
    .attr('x1', 0)
    .attr('x2', r2(width))
    .attr('y1', r2(y))
    .attr('y2', r2(y))
    .attr('stroke', opts.color ?? '#888888')
    .attr('stroke-width', opts.width ?? 1)
    .attr('stroke-dasharray', opts.dash ?? null);
}

/** Vertical reference line down a panel at x (px). */
export function vLine(g: Sel, x: number, height: number, opts: { color?: string; dash?: string; cls: string }): Sel {
  return g
    .append('line')
    .attr('class', opts.cls)
    .attr('x1', r2(x))
    .attr('x2', r2(x))
    .attr('y1', 0)
    .attr('y2', r2(height))
    .attr('stroke', opts.color ?? '#888888')
    .attr('stroke-dasharray', opts.dash ?? null);
}

/**
 * Vertical error bar with caps, centred at x from y1 to y2 (px). With `clip` = [top, bottom] (px),
 * an end past the plot area stops at its edge without a cap (the bar goes on beyond the axis).
 */
export function errorBar(g: Sel, x: number, y1: number, y2: number, color: string, cap = 3, clip?: readonly [number, number]): void {
  const within = (y: number) => (clip ? Math.min(Math.max(y, clip[0]), clip[1]) : y);
  const e = g.append('g').attr('class', 'error-bar').attr('stroke', color).attr('stroke-width', 1);
  e.append('line')
    .attr('x1', r2(x))
    .attr('x2', r2(x))
    .attr('y1', r2(within(y1)))
    .attr('y2', r2(within(y2)));
  for (const y of [y1, y2])
    if (within(y) === y)
      e.append('line')
        .attr('x1', r2(x - cap))
        .attr('x2', r2(x + cap))
        .attr('y1', r2(y))
        .attr('y2', r2(y));
}
