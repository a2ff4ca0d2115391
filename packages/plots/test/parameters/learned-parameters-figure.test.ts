import { learnedParametersFigure } from '../../src/parameters/learned-parameters-figure';
import { learnedParameters } from '../helpers/seeded';
import { expectSvgSnapshot } from '../helpers/snapshot';

const data = learnedParameters(449);

describe('learnedParametersFigure', () => {
  it('learnedParametersFigure(data) has the expected defaults: boxes per population in the [−55, −30] mV band, g_soma points vs [1, 20] nS, gap bars in pS', () => {
    const svg = learnedParametersFigure(data);
    const [a, b, c] = Array.from(svg.querySelectorAll('g.panel'));
    expect(a!.querySelectorAll('g.box')).toHaveLength(4);
    expect(Array.from(a!.querySelectorAll('g.x-axis g.tick text'), (t) => t.textContent)).toEqual(['ORN', 'LN', 'PN', 'KC']);
    expect(a!.querySelector('text.panel-title')!.textContent).toBe('Thresholds vs [−55, −30] mV');
    expect(a!.querySelectorAll('line.bound')).toHaveLength(2);
    expect(b!.querySelectorAll('circle.point')).toHaveLength(5);
    expect(b!.querySelector('text.panel-title')!.textContent).toBe('KC g_soma vs [1, 20] nS');
    expect(c!.querySelectorAll('rect.bar')).toHaveLength(3);
    expect(Array.from(c!.querySelectorAll('text.value-label'), (t) => t.textContent)).toEqual(['136', '96', '82']);
    expect(c!.querySelector('text.y-label')!.textContent).toBe('Conductance (pS)');
  });

  it('labels the share of thresholds within 0.5 mV of a bound', () => {
    const svg = learnedParametersFigure({ thresholds: [{ population: 'KC', vThMv: [-30, -30.4, -40, -54.8] }], gSomaNs: [14], gapConductances: [{ label: 'g', valuesPs: [1] }] });
    expect(svg.querySelector('text.at-bound')!.textContent).toBe('75%');
  });

  it('matches the committed SVG snapshot (seeded data)', () => {
    expectSvgSnapshot(learnedParametersFigure(data, { title: 'Learned parameters' }), 'learned-parameters');
  });

  it('rejects NaN thresholds, negative conductances and mismatched run labels', () => {
    expect(() => learnedParametersFigure({ ...data, thresholds: [{ population: 'KC', vThMv: [NaN] }] })).toThrow(/'data.thresholds\[0\].vThMv' passed to 'learnedParametersFigure' has NaN at index 0/);
    expect(() => learnedParametersFigure({ ...data, gapConductances: [{ label: 'x', valuesPs: [-1] }] })).toThrow(/expected values >= 0/);
    expect(() => learnedParametersFigure({ ...data, runLabels: ['42'] })).toThrow(/'data.runLabels' .* has length 1; expected 5 \(one per g_soma value\)/);
  });
});
