import { similarityFigure, SIMILARITY_TITLES } from '../../src/similarity/similarity-figure';
import { similarityMatrix } from '../helpers/seeded';
import { expectSvgSnapshot } from '../helpers/snapshot';

const data = {
  panels: [
    { title: SIMILARITY_TITLES[0], values: similarityMatrix(1, 28, 21, 0.55) },
    { title: SIMILARITY_TITLES[1], values: similarityMatrix(2, 28, 72, 0.5) },
    { title: SIMILARITY_TITLES[2], values: similarityMatrix(3, 28, 144, 0.3, 0.2) },
  ],
};

describe('similarityFigure', () => {
  it('similarityFigure(data) has the expected defaults: three 28 × 28 panels A/B/C, titles, "Odor" axes, one colorbar', () => {
    const svg = similarityFigure(data);
    expect(svg.querySelectorAll('g.panel')).toHaveLength(3);
    expect(svg.querySelectorAll('rect.cell')).toHaveLength(3 * 28 * 28);
    expect(Array.from(svg.querySelectorAll('text.panel-title'), (t) => t.textContent)).toEqual(['OR Similarity', 'PN Similarity', 'KC Similarity']);
    expect(Array.from(svg.querySelectorAll('text.panel-letter'), (t) => t.textContent)).toEqual(['A', 'B', 'C']);
    expect(Array.from(svg.querySelectorAll('text.x-label'), (t) => t.textContent)).toEqual(['Odor', 'Odor', 'Odor']);
    expect(svg.querySelectorAll('g.colorbar')).toHaveLength(1);
    expect(svg.querySelector('text.colorbar-label')!.textContent).toBe('Cosine Similarity');
    expect(svg.getAttribute('font-family')).toBe('DejaVu Sans');
  });

  it('ticks every 5th odor, labelled 1-based (1, 6, …, 26)', () => {
    const svg = similarityFigure(data);
    const labels = Array.from(svg.querySelectorAll('g.panel')[0]!.querySelectorAll('g.x-axis g.tick text'), (t) => t.textContent);
    expect(labels).toEqual(['1', '6', '11', '16', '21', '26']);
    expect(svg.querySelector('g.x-axis')!.getAttribute('font-family')).toBe('DejaVu Sans');
  });

  it('colours with RdYlBu reversed over the shared domain [-0.2, 1] (red = 1, blue = -0.2)', () => {
    const svg = similarityFigure({ panels: [{ title: 'T', values: [1, -0.2, -0.5, 0.4] }] });
    const fills = Array.from(svg.querySelectorAll('rect.cell'), (c) => c.getAttribute('fill'));
    expect(fills[0]).toBe('rgb(165, 0, 38)');
    expect(fills[1]).toBe('rgb(49, 54, 149)');
    expect(fills[2]).toBe('rgb(49, 54, 149)'); // clamped
    const ticks = Array.from(svg.querySelectorAll('g.colorbar-axis g.tick text'), (t) => t.textContent);
    expect(ticks).toContain('1.0');
    expect(ticks).toContain('−0.2'); // d3.format writes a true minus sign
  });

  it('matches the committed SVG snapshot (seeded data)', () => {
    expectSvgSnapshot(similarityFigure(data, { title: 'Decorrelation along the olfactory pathway' }), 'figure-2-similarity');
  });

  it('rejects a non-square matrix', () => {
    expect(() => similarityFigure({ panels: [{ title: 'A', values: [1, 2, 3] }] })).toThrow(RangeError);
    expect(() => similarityFigure({ panels: [{ title: 'A', values: [1, 2, 3] }] })).toThrow(/has 3 values; expected a square n × n matrix/);
  });

  it('rejects panels of different sizes', () => {
    expect(() =>
      similarityFigure({
        panels: [
          { title: 'A', values: [1, 0, 0, 1] },
          { title: 'B', values: [1] },
        ],
      }),
    ).toThrow(/'data.panels\[1\].values' passed to 'similarityFigure' has length 1; expected 4/);
  });

  it('rejects a NaN or inverted domain', () => {
    expect(() => similarityFigure(data, { domain: [NaN, 1] })).toThrow(/Option 'domain' passed to 'similarityFigure' is \[NaN, 1\]; expected finite numbers with min < max/);
    expect(() => similarityFigure(data, { domain: [1, 0] })).toThrow(RangeError);
  });

  it('rejects missing panels', () => {
    expect(() => similarityFigure({ panels: [] })).toThrow(/'data.panels' passed to 'similarityFigure' is empty/);
    // @ts-expect-error: wrong shape on purpose
    expect(() => similarityFigure({})).toThrow(TypeError);
  });
});
