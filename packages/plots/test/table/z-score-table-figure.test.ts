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

  it('rejects a malformed table', () => {
    expect(() => zScoreTableFigure({ ...data, z: [[1, 2, 3]] })).toThrow(/expected 2 rows × 3 columns/);
    expect(() => zScoreTableFigure({ ...data, reference: { label: 'paper', text: ['1'] } })).toThrow(RangeError);
  });
});
