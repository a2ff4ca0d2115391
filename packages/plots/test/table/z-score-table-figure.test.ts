import { renderRgba } from '../../src/png/render-png';
import { serializeSvg } from '../../src/svg/create-svg-document';
import { zScoreTableFigure } from '../../src/table/z-score-table-figure';

const data = {
  rows: ['canonical', 'reference-masks'],
  columns: ['PN range', 'AL %', 'KC range'],
  text: [
    ['2.00 (+38.5σ)', '15.1 (+8.1σ)', '1.59'],
    ['1.24 (+0.5σ)', '5.0 (+0.4σ)', '1.16'],
  ],
  z: [
    [38.5, 8.1, Number.NaN],
    [0.5, 0.4, Number.NaN],
  ],
  reference: { label: 'paper', text: ['1.23 ± 0.02', '4.41 ± 1.32', '~1.15'] },
};

describe('zScoreTableFigure', () => {
  it('draws one labelled, coloured cell per value: white within 2σ, warm beyond, grey without a σ', () => {
    const svg = zScoreTableFigure(data, { title: 'Data variants' });
    const cells = Array.from(svg.querySelectorAll('rect.cell'));
    expect(cells.map((c) => c.getAttribute('data-z'))).toEqual(['38.50', '8.10', 'none', '0.50', '0.40', 'none']);
    const fill = cells.map((c) => c.getAttribute('fill'));
    expect(fill[3]).toBe('#ffffff');
    expect(fill[4]).toBe('#ffffff');
    expect(fill[2]).toBe('#e6e6e6');
    expect(fill[0]).not.toBe('#ffffff');
    expect(fill[0]).not.toBe(fill[1]); // saturated vs partly warm
    expect(svg.querySelectorAll('rect.reference-cell')).toHaveLength(3);
    // readable text: white on the dark (saturated) cells, black elsewhere
    const textFill = Array.from(svg.querySelectorAll('text.cell-text')).map((t) => t.getAttribute('fill'));
    expect(textFill.slice(0, 6)).toEqual(['#ffffff', '#ffffff', '#000000', '#000000', '#000000', '#000000']);
    const texts = Array.from(svg.querySelectorAll('text')).map((t) => t.textContent);
    expect(texts).toEqual(expect.arrayContaining(['Data variants', 'canonical', 'reference-masks', 'paper', 'PN range', '2.00 (+38.5σ)', '~1.15']));
  });

  it('renders to pixels with its text', () => {
    const svg = serializeSvg(zScoreTableFigure(data));
    const { pixels, width } = renderRgba(svg);
    expect(width).toBeGreaterThan(300);
    let dark = 0;
    for (let i = 0; i < pixels.length; i += 4) if (pixels[i]! < 80 && pixels[i + 1]! < 80 && pixels[i + 2]! < 80) dark++;
    expect(dark).toBeGreaterThan(500);
  });

  it('each column is 112 px, or as wide as its label or longest cell text needs, so that neighbours never overlap', () => {
    const widths = (svg: SVGSVGElement) => Array.from(svg.querySelectorAll('rect.cell'), (c) => Number(c.getAttribute('width')) + 2).slice(0, 3);
    const xs = (svg: SVGSVGElement) => Array.from(svg.querySelectorAll('rect.cell'), (c) => Number(c.getAttribute('x')) - 1).slice(0, 3);
    expect(widths(zScoreTableFigure(data))).toEqual([112, 112, 112]);
    // 'sub-additive triplets (%)': 25 bold 11 px glyphs at about 0.6 em
    const wide = zScoreTableFigure({ ...data, columns: ['PN range', 'sub-additive triplets (%)', 'KC range'] });
    expect(widths(wide)).toEqual([112, Math.ceil(6.6 * 25 + 14), 112]);
    expect(xs(wide)[2]! - xs(wide)[1]!).toBe(Math.ceil(6.6 * 25 + 14));
    const long = '0.760 ± 0.037 [0.805, -11.3σ] (5 seeds)';
    expect(widths(zScoreTableFigure({ ...data, text: [data.text[0]!, [long, '5.0', '1.16']] }))).toEqual([6 * [...long].length + 12, 112, 112]);
    expect(widths(zScoreTableFigure({ ...data, columns: ['PN range', 'sub-additive triplets (%)', 'KC range'] }, { columnWidthPx: 90 }))).toEqual([90, 90, 90]);
  });

  it('rejects a malformed table', () => {
    expect(() => zScoreTableFigure({ ...data, z: [[1, 2, 3]] })).toThrow(/expected 2 rows × 3 columns/);
    expect(() => zScoreTableFigure({ ...data, reference: { label: 'paper', text: ['1'] } })).toThrow(RangeError);
  });
});
