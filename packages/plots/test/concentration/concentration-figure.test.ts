import { concentrationFigure } from '../../src/concentration/concentration-figure';
import { meanStd } from '../../src/stats/mean-std';
import { concentrationSweeps } from '../helpers/seeded';
import { expectSvgSnapshot } from '../helpers/snapshot';

const sweeps = concentrationSweeps(42);
const stage = (s: { or: number[][]; pn: number[][]; kc: number[][] }) => ({ or: meanStd(s.or), pn: meanStd(s.pn), kc: meanStd(s.kc) });
const data = {
  concentrations: sweeps.concentrations,
  gain: stage(sweeps.gain),
  accuracy: { decoder: meanStd(sweeps.accuracy.decoder), centroid: meanStd(sweeps.accuracy.centroid) },
  similarity: stage(sweeps.similarity),
};

describe('concentrationFigure', () => {
  it('concentrationFigure(data) has the expected defaults: three panels, log-x ticks 0.03…5, dotted c = 1 line', () => {
    const svg = concentrationFigure(data);
    expect(svg.querySelectorAll('g.panel')).toHaveLength(3);
    for (const panel of Array.from(svg.querySelectorAll('g.panel'))) {
      expect(Array.from(panel.querySelectorAll('g.x-axis g.tick text'), (t) => t.textContent)).toEqual(['0.03', '0.1', '0.3', '0.5', '1', '2', '5']);
      expect(panel.querySelector('line.reference-concentration')!.getAttribute('stroke-dasharray')).toBe('2,3');
    }
    expect(Array.from(svg.querySelectorAll('text.panel-letter'), (t) => t.textContent)).toEqual(['A', 'B', 'C']);
    expect(svg.querySelector('text.panel-title')!.textContent).toBe('Gain control');
  });

  it('draws A with squares, diamonds and circles, one per concentration, error bars and the dashed grey Hill reference', () => {
    const a = concentrationFigure(data).querySelectorAll('g.panel')[0]!;
    for (const s of ['or', 'pn', 'kc']) expect(a.querySelectorAll(`g.stage-${s} path.point`)).toHaveLength(7);
    expect(a.querySelectorAll('g.error-bar')).toHaveLength(21);
    const hill = a.querySelector('path.hill-reference')!;
    expect(hill.getAttribute('stroke')).toBe('#999999');
    expect(hill.getAttribute('stroke-dasharray')).toBe('5,3');
    expect(a.querySelector('text.y-label')!.textContent).toBe('Activity (normalized to c=1.0)');
  });

  it('draws B in percent: solid decoder, dashed "KC centroid (0 params)", std bands, dotted chance line at 100/27 %', () => {
    const b = concentrationFigure(data).querySelectorAll('g.panel')[1]!;
    expect(b.querySelector('g.decoder path.line')!.getAttribute('stroke-dasharray')).toBeNull();
    expect(b.querySelector('g.centroid path.line')!.getAttribute('stroke-dasharray')).toBe('6,3');
    expect(b.querySelectorAll('path.band')).toHaveLength(2);
    expect(Array.from(b.querySelectorAll('.legend text'), (t) => t.textContent)).toEqual(['Trained decoder', 'KC centroid (0 params)', 'Chance (3.7%)']);
    expect(Array.from(b.querySelectorAll('g.y-axis g.tick text'), (t) => t.textContent)).toEqual(['0', '20', '40', '60', '80', '100']);
    expect(b.querySelector('line.chance')!.getAttribute('stroke-dasharray')).toBe('1,3');
  });

  it('uses y ∈ [0, 1.05] in C', () => {
    const c = concentrationFigure(data).querySelectorAll('g.panel')[2]!;
    const ticks = Array.from(c.querySelectorAll('g.y-axis g.tick text'), (t) => t.textContent);
    expect(ticks[0]).toBe('0.0');
    expect(ticks.at(-1)).toBe('1.0');
  });

  it('matches the committed SVG snapshot (seeded data)', () => {
    expectSvgSnapshot(concentrationFigure(data, { title: 'Concentration invariance' }), 'figure-3-concentration');
  });

  it('rejects a series whose length differs from the concentrations', () => {
    expect(() => concentrationFigure({ ...data, gain: { ...data.gain, pn: { mean: [1, 2] } } })).toThrow(
      /Argument 'data.gain.pn.mean' passed to 'concentrationFigure' has length 2; expected 7 \(one per concentration\)/,
    );
  });

  it('rejects non-positive concentrations (log axis) and a NaN similarity domain', () => {
    expect(() => concentrationFigure({ ...data, concentrations: [0, 0.1, 0.3, 0.5, 1, 2, 5] })).toThrow(/has 0 at index 0; expected concentrations > 0/);
    expect(() => concentrationFigure(data, { similarityDomain: [0, NaN] })).toThrow(/Option 'similarityDomain' .* expected finite numbers with min < max/);
  });

  it('rejects a missing series', () => {
    // @ts-expect-error: missing on purpose
    expect(() => concentrationFigure({ ...data, accuracy: { decoder: data.accuracy.decoder } })).toThrow(TypeError);
  });
});

describe('meanStd', () => {
  it('meanStd(perSeed) returns the mean and the population std (ddof = 0)', () => {
    expect(
      meanStd([
        [1, 2],
        [3, 2],
      ]),
    ).toEqual({ mean: [2, 2], std: [1, 0] });
  });
  it('rejects rows of different lengths', () => {
    expect(() => meanStd([[1, 2], [3]])).toThrow(/'perSeed\[1\]' passed to 'meanStd' has length 1; expected 2/);
  });
});
