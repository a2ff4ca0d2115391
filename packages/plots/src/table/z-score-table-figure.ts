import * as d3 from 'd3';
import type { FigureBaseOptions } from '../internal/figure-frame';
import { createRoot, finish, r2, textWidthPx } from '../internal/figure-frame';

/**
 * A table of measured values against a reference, as a figure: one row per condition (e.g. a
 * data variant), one column per quantity; each cell prints its text and is coloured by its
 * difference from the reference in units of the reference's σ (white within 2σ, then warmer
 * with the distance, grey where no σ is known).
 */
export interface ZScoreTableData {
  readonly rows: readonly string[];
  readonly columns: readonly string[];
  /** rows × columns cell texts, e.g. `2.00 (+38.5σ)`. */
  readonly text: readonly (readonly string[])[];
  /** rows × columns differences in σ; NaN where there is no σ (the cell is drawn grey). */
  readonly z: readonly (readonly number[])[];
  /** An optional last row with the reference's own values, drawn in bold and uncoloured. */
  readonly reference?: { readonly label: string; readonly text: readonly string[] };
}

export interface ZScoreTableFigureOptions extends FigureBaseOptions {
  /** |z| at which the colour saturates. Default 10. */
  readonly saturateAt?: number;
  /** Width of every value column, px. Default: each column 112 px, or wider where its label or a cell text needs it. */
  readonly columnWidthPx?: number;
}

/**
 * Draw {@link ZScoreTableData} as an `<svg>`: row labels on the left, column labels on top, one
 * `<rect class="cell">` with a `data-z` attribute and a `<text>` per cell.
 *
 * @throws {RangeError} when the text or z matrix does not have rows × columns entries.
 */
export function zScoreTableFigure(data: ZScoreTableData, options: ZScoreTableFigureOptions = {}): SVGSVGElement {
  const nR = data.rows.length;
  const nC = data.columns.length;
  const shapeOk = (m: readonly (readonly unknown[])[]) => m.length === nR && m.every((row) => row.length === nC);
  if (nR === 0 || nC === 0 || !shapeOk(data.text) || !shapeOk(data.z) || (data.reference && data.reference.text.length !== nC)) {
    throw new RangeError(`invalid z-score table: expected ${nR} rows × ${nC} columns of text and z (and ${nC} reference values), with at least one row and column.`);
  }
  // column labels are bold 11 px, cell texts 10 px
  const cellTexts = (j: number) => [...data.text.map((row) => row[j]!), ...(data.reference ? [data.reference.text[j]!] : [])];
  const colWs = data.columns.map((c, j) => options.columnWidthPx ?? Math.max(112, Math.ceil(textWidthPx(c, 11) + 14), ...cellTexts(j).map((t) => Math.ceil(textWidthPx(t, 10) + 12))));
  const colX = colWs.map((_, j) => d3.sum(colWs.slice(0, j)));
  const rowH = 22;
  const labelW = Math.max(90, 7 * Math.max(...data.rows.map((r) => r.length), data.reference?.label.length ?? 0) + 12);
  const top = (options.title ? 34 : 8) + 24;
  const nRows = nR + (data.reference ? 1 : 0);
  const width = labelW + d3.sum(colWs) + 8;
  const height = top + nRows * rowH + 30;
  const { svg } = createRoot(options, width, height);
  const sat = options.saturateAt ?? 10;
  const color = (z: number) => {
    if (!Number.isFinite(z)) return '#e6e6e6';
    const a = Math.abs(z);
    if (a <= 2) return '#ffffff';
    return d3.interpolateOrRd(Math.min(1, 0.15 + (0.75 * (a - 2)) / (sat - 2)));
  };
  const g = svg.append('g').attr('class', 'z-table');
  data.columns.forEach((c, j) =>
    g
      .append('text')
      .attr('class', 'column-label')
      .attr('x', r2(labelW + colX[j]! + colWs[j]! / 2))
      .attr('y', top - 8)
      .attr('text-anchor', 'middle')
      .attr('font-weight', 'bold')
      .text(c),
  );
  const drawRow = (label: string, texts: readonly string[], zs: readonly number[] | undefined, i: number) => {
    const y = top + i * rowH;
    g.append('text')
      .attr('class', 'row-label')
      .attr('x', 6)
      .attr('y', r2(y + rowH * 0.68))
      .attr('font-weight', zs ? 'normal' : 'bold')
      .text(label);
    texts.forEach((t, j) => {
      const x = labelW + colX[j]!;
      const colW = colWs[j]!;
      const z = zs ? zs[j]! : Number.NaN;
      g.append('rect')
        .attr('class', zs ? 'cell' : 'reference-cell')
        .attr('data-z', zs && Number.isFinite(z) ? z.toFixed(2) : 'none')
        .attr('x', r2(x + 1))
        .attr('y', r2(y + 1))
        .attr('width', colW - 2)
        .attr('height', rowH - 2)
        .attr('fill', zs ? color(z) : '#f4f4f4')
        .attr('stroke', '#cccccc');
      // white text on the darker half of the colour ramp, black elsewhere
      const dark = zs !== undefined && Number.isFinite(z) && Math.abs(z) > 2 + 0.5 * (sat - 2);
      g.append('text')
        .attr('class', 'cell-text')
        .attr('x', r2(x + colW / 2))
        .attr('y', r2(y + rowH * 0.68))
        .attr('text-anchor', 'middle')
        .attr('font-size', 10)
        .attr('font-weight', zs ? 'normal' : 'bold')
        .attr('fill', dark ? '#ffffff' : '#000000')
        .text(t);
    });
  };
  data.rows.forEach((label, i) => drawRow(label, data.text[i]!, data.z[i]!, i));
  if (data.reference) drawRow(data.reference.label, data.reference.text, undefined, nR);
  svg
    .append('text')
    .attr('class', 'note')
    .attr('x', 6)
    .attr('y', r2(height - 10))
    .attr('font-size', 10)
    .text(`white: within 2σ of the reference; warmer: further (saturates at ${sat}σ); grey: the reference gives no σ`);
  return finish(svg);
}
