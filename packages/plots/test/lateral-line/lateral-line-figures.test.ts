import { lineChartFigure, mapSummaryFigure, matrixPanelsFigure, renderPng, serializeSvg, spikesVsPositionFigure, weightHistogramFigure } from '../../src/index';

const xCm = Array.from({ length: 100 }, (_, k) => -0.5 + 0.05 * k);

describe('lateral-line figures', () => {
  it('spikesVsPositionFigure has the expected defaults: one panel per condition, one mark per spike at (x of its step, cell)', () => {
    const svg = spikesVsPositionFigure(
      [
        { title: 'untrained', steps: [10, 10, 50], neurons: [0, 5, 9], nNeurons: 10, xCm },
        { title: 'trained', steps: [20], neurons: [3], nNeurons: 10, xCm },
      ],
      { bodyCm: [0, 4] },
    );
    expect(Array.from(svg.querySelectorAll('text.panel-title'), (t) => t.textContent)).toEqual(['untrained', 'trained']);
    expect(svg.querySelectorAll('g.panel-0 g.spikes rect')).toHaveLength(3);
    expect(svg.querySelectorAll('g.panel-1 g.spikes rect')).toHaveLength(1);
    expect(svg.querySelectorAll('line.body-end')).toHaveLength(4);
    // step 20 → x = 0.5 cm on [−0.5, 4.45] over 300 px; cell 3 of 10 → top at y(4) = 260 − 4·26
    const r = svg.querySelector('g.panel-1 g.spikes rect')!;
    expect(Number(r.getAttribute('x'))).toBeCloseTo((1 / 4.95) * 300, 1);
    expect(r.getAttribute('y')).toBe('156');
    expect(() => spikesVsPositionFigure([])).toThrow(/Argument 'panels' passed to 'spikesVsPositionFigure' is empty/);
    expect(() => spikesVsPositionFigure([{ title: 'x', steps: [1, 2], neurons: [1], nNeurons: 3, xCm }])).toThrow(/panels\[0\].neurons' .* has length 1; expected 2/);
  });

  it('weightHistogramFigure counts every weight once, before and after, and marks w_max', () => {
    const after = [0, 0.01, 0.028, 0.028, 0.028];
    const svg = weightHistogramFigure([{ title: 'MON→TS', before: [0.02, 0.021, 0.022], after, wMax: 0.028, unit: 'dimensionless' }]);
    const count = (sel: string) => Array.from(svg.querySelectorAll(sel)).filter((r) => Number(r.getAttribute('height')) > 0).length;
    expect(count('rect.bar.after')).toBe(3); // three occupied bins
    expect(svg.querySelectorAll('line.w-max')).toHaveLength(1);
    expect(count('rect.bar.before')).toBeGreaterThan(0);
  });

  it('lineChartFigure draws each series, its error bars and the labelled reference lines; matrix and summary panels render to PNG with text', () => {
    const svg = lineChartFigure([
      {
        title: 'σθ over training',
        xLabel: 'trials',
        yLabel: 'σθ (rad)',
        series: [{ label: 'trained', x: [0, 100, 1000], y: [0.42, 0.5, 0.4], error: [0, 0.05, 0.05] }],
        references: [
          { label: 'perfect map', y: 0.34 },
          { label: 'random map', y: 1.7 },
        ],
      },
    ]);
    expect(svg.querySelectorAll('circle.point')).toHaveLength(3);
    expect(svg.querySelectorAll('line.error-bar')).toHaveLength(3);
    expect(Array.from(svg.querySelectorAll('text.reference-label'), (t) => t.textContent)).toEqual(['perfect map', 'random map']);
    const dense = Array.from({ length: 2000 }, (_, i) => i);
    const d = lineChartFigure([{ title: 'per checkpoint', xLabel: 'trials', yLabel: 'w', series: [{ label: 'w', x: dense, y: dense.map((i) => i % 7) }] }]);
    expect(d.querySelectorAll('circle.point')).toHaveLength(0); // a dense series is a plain line
    expect(d.querySelectorAll('path.series')).toHaveLength(1);
    const m = matrixPanelsFigure([{ title: 'receptive fields', values: [0, 1, 2, 3, 4, 5], nRows: 2, nCols: 3, xLabel: 'afferent', yLabel: 'TS cell' }]);
    expect(m.querySelectorAll('g.cells rect')).toHaveLength(6);
    const s = mapSummaryFigure([
      { label: 'trained', sigmaTheta: 0.5, pvLength: 0.4, rankCorrelation: 0.2, validFraction: 0.7 },
      { label: 'perfect map', sigmaTheta: 0.34, pvLength: 0.95, rankCorrelation: 1, validFraction: 0.8 },
    ]);
    expect(s.querySelectorAll('circle.value')).toHaveLength(8);
    const png = renderPng(serializeSvg(s));
    expect(png.length).toBeGreaterThan(1000);
  });
});
