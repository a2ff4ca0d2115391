import { kcHeatmapFigure } from '../../src/matrix/kc-heatmap-figure';
import { kcCounts } from '../helpers/seeded';
import { expectSvgSnapshot } from '../helpers/snapshot';

describe('kcHeatmapFigure', () => {
  it('kcHeatmapFigure(data) has the expected defaults: odors × 144 cells, viridis with γ = 0.5, colorbar "Mean Spike Count" with ticks 0, 0.5, 1, 2, 5, 10', () => {
    const values = kcCounts(7, 28);
    values[0] = 12; // vmax = 12 so every default tick is shown
    const svg = kcHeatmapFigure({ values, nOdors: 28, nKcs: 144 });
    expect(svg.querySelectorAll('rect.cell')).toHaveLength(28 * 144);
    expect(svg.querySelector('text.colorbar-label')!.textContent).toBe('Mean Spike Count');
    expect(Array.from(svg.querySelectorAll('g.colorbar-axis g.tick text'), (t) => t.textContent)).toEqual(['0', '0.5', '1', '2', '5', '10']);
    expect(Array.from(svg.querySelectorAll('g.y-axis g.tick text'), (t) => t.textContent)).toEqual(['1', '6', '11', '16', '21', '26']);
    expect(svg.querySelector('text.x-label')!.textContent).toBe('KC index');
  });

  it('maps values through the power norm: vmax·0.25 sits at viridis(0.5), 0 at viridis(0), vmax at viridis(1)', () => {
    const svg = kcHeatmapFigure({ values: [0, 1, 4], nOdors: 1, nKcs: 3 });
    expect(Array.from(svg.querySelectorAll('rect.cell'), (c) => c.getAttribute('fill'))).toEqual(['#440154', '#21918c', '#fde725']);
    expect(Array.from(svg.querySelectorAll('g.colorbar-axis g.tick text'), (t) => t.textContent)).toEqual(['0', '0.5', '1', '2']);
  });

  it('matches the committed SVG snapshot (seeded data, 8 odors)', () => {
    expectSvgSnapshot(kcHeatmapFigure({ values: kcCounts(7, 8), nOdors: 8, nKcs: 144 }, { title: 'Sparse KC coding' }), 'figure-s1-kc-heatmap');
  });

  it('rejects values whose length is not nOdors × nKcs', () => {
    expect(() => kcHeatmapFigure({ values: [1, 2], nOdors: 2, nKcs: 144 })).toThrow(/'data.values' passed to 'kcHeatmapFigure' has length 2; expected 288 \(nOdors × nKcs = 2 × 144\)/);
  });

  it('rejects negative or NaN counts and a non-integer size', () => {
    expect(() => kcHeatmapFigure({ values: [-1], nOdors: 1, nKcs: 1 })).toThrow(/has -1 at index 0; expected values >= 0/);
    expect(() => kcHeatmapFigure({ values: [NaN], nOdors: 1, nKcs: 1 })).toThrow(/has NaN at index 0; expected finite numbers/);
    expect(() => kcHeatmapFigure({ values: [1], nOdors: 1.5, nKcs: 1 })).toThrow(/'data.nOdors' passed to 'kcHeatmapFigure' is 1.5; expected a positive integer/);
  });
});
