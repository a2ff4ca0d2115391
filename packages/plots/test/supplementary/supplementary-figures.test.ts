import { thresholdScalingFigure } from '../../src/supplementary/threshold-scaling-figure';
import { withinOdorConsistencyFigure } from '../../src/supplementary/within-odor-consistency-figure';
import { meanStd } from '../../src/stats/mean-std';
import { mulberry32, perSeed } from '../helpers/seeded';
import { expectSvgSnapshot } from '../helpers/snapshot';

const rng = mulberry32(33);
const within = meanStd(
  perSeed(
    rng,
    Array.from({ length: 28 }, () => 0.6 + 0.3 * rng()),
    0.05,
  ),
);
const s3 = { withinOdor: within, betweenOdor: { mean: 0.22, std: 0.06 } };
// Spec §6: 11.9 %, 35.3 %, 46.7 %, 55.8 %.
const s4 = { nOdors: [7, 14, 28, 56], fractionAtBound: meanStd(perSeed(mulberry32(44), [0.119, 0.353, 0.467, 0.558], 0.05)) };

describe('withinOdorConsistencyFigure', () => {
  it('withinOdorConsistencyFigure(data) has the expected defaults: one bar per odor with error bars, a dashed between-odor line, y ∈ [0, 1.05]', () => {
    const svg = withinOdorConsistencyFigure(s3);
    expect(svg.querySelectorAll('rect.bar')).toHaveLength(28);
    expect(svg.querySelectorAll('g.error-bar')).toHaveLength(28);
    expect(svg.querySelector('line.between-odor')!.getAttribute('stroke-dasharray')).toBe('6,3');
    expect(svg.querySelectorAll('rect.between-band')).toHaveLength(1);
    expect(svg.querySelectorAll('g.x-axis g.tick')).toHaveLength(28);
    expect(Array.from(svg.querySelectorAll('.legend text'), (t) => t.textContent)).toEqual(['Within odor (trial to trial)', 'Between odors (mean 0.22)']);
  });

  it('draws points instead of bars with style "points"', () => {
    const svg = withinOdorConsistencyFigure(s3, { style: 'points' });
    expect(svg.querySelectorAll('circle.point')).toHaveLength(28);
    expect(svg.querySelectorAll('rect.bar')).toHaveLength(0);
  });

  it('matches the committed SVG snapshot (seeded data)', () => {
    expectSvgSnapshot(withinOdorConsistencyFigure(s3, { title: 'Within-odor consistency' }), 'figure-s3-within-odor-consistency');
  });

  it('rejects std of the wrong length and a NaN between-odor mean', () => {
    expect(() => withinOdorConsistencyFigure({ withinOdor: { mean: [0.5, 0.6], std: [0.1] }, betweenOdor: { mean: 0.2 } })).toThrow(
      /'data.withinOdor.std' passed to 'withinOdorConsistencyFigure' has length 1; expected 2 \(one per odor, like withinOdor.mean\)/,
    );
    expect(() => withinOdorConsistencyFigure({ withinOdor: { mean: [0.5] }, betweenOdor: { mean: NaN } })).toThrow(/'data.betweenOdor' .* has NaN at index 0/);
  });
});

describe('thresholdScalingFigure', () => {
  it('thresholdScalingFigure(data) has the expected defaults: one bar per task size, % labels, canonical 28 highlighted', () => {
    const svg = thresholdScalingFigure({ nOdors: [7, 14, 28, 56], fractionAtBound: { mean: [0.119, 0.353, 0.467, 0.558], std: [0.02, 0.03, 0.02, 0.02] } });
    expect(svg.querySelectorAll('rect.bar')).toHaveLength(4);
    expect(svg.querySelectorAll('g.error-bar')).toHaveLength(4);
    expect(Array.from(svg.querySelectorAll('g.x-axis g.tick text'), (t) => t.textContent)).toEqual(['7', '14', '28', '56']);
    expect(Array.from(svg.querySelectorAll('text.value-label'), (t) => t.textContent)).toEqual(['11.9%', '35.3%', '46.7%', '55.8%']);
    expect(svg.querySelectorAll('rect.bar')[2]!.getAttribute('fill')).toBe('#bb4a3a');
    expect(svg.querySelector('text.y-label')!.textContent).toBe('KC thresholds at −30 mV bound (%)');
  });

  it('matches the committed SVG snapshot (seeded data)', () => {
    expectSvgSnapshot(thresholdScalingFigure(s4, { title: 'Threshold scaling' }), 'figure-s4-threshold-scaling');
  });

  it('a title too long for the figure is set smaller so that it stays inside it; a short one keeps 15 px', () => {
    const data = { nOdors: [7, 14, 28, 56], fractionAtBound: { mean: [0.119, 0.353, 0.467, 0.558] } };
    const long = 'Figure S4 — KC threshold saturation, 7/14/28/56 odors';
    const svg = thresholdScalingFigure(data, { title: long });
    const width = Number(svg.getAttribute('width'));
    const size = Number(svg.querySelector('text.figure-title')!.getAttribute('font-size'));
    expect(width).toBe(388);
    // 53 glyphs at about 0.6 em each fit in the width
    expect(size).toBe(12);
    expect(0.6 * size * [...long].length).toBeLessThanOrEqual(width);
    expect(thresholdScalingFigure(data, { title: long, widthPx: 480 }).querySelector('text.figure-title')!.getAttribute('font-size')).toBe('15');
    expect(thresholdScalingFigure(data, { title: 'S4' }).querySelector('text.figure-title')!.getAttribute('font-size')).toBe('15');
  });

  it('rejects a fraction series of the wrong length', () => {
    expect(() => thresholdScalingFigure({ nOdors: [7, 14], fractionAtBound: { mean: [0.1] } })).toThrow(
      /'data.fractionAtBound.mean' passed to 'thresholdScalingFigure' has length 1; expected 2 \(one per task size\)/,
    );
  });
});
