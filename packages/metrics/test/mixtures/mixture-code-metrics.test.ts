import { mixtureCodeMetrics } from '../../src/mixtures/mixture-code-metrics';

describe('mixtureCodeMetrics', () => {
  it('mixtureCodeMetrics(mixCode, componentCodes) gives cosines to components and to their mean, and the active-fraction ratio', () => {
    const r = mixtureCodeMetrics(
      [1, 1, 1, 0],
      [
        [1, 0, 0, 0],
        [0, 1, 0, 0],
      ],
    );
    expect(r.simToComponents[0]).toBeCloseTo(1 / Math.sqrt(3), 15);
    expect(r.simToComponents[1]).toBeCloseTo(1 / Math.sqrt(3), 15);
    expect(r.meanSimToComponents).toBeCloseTo(1 / Math.sqrt(3), 15);
    expect(r.simToLinear).toBeCloseTo(Math.sqrt(2 / 3), 15); // [1,1,1,0]·[.5,.5,0,0] / (√3·√.5)
    expect(r.mixSparsity).toBe(0.75);
    expect(r.suppression).toBe(3); // 0.75 / mean(0.25, 0.25)
  });

  it('has the expected defaults: suppression is 1.0 when every component is silent', () => {
    const r = mixtureCodeMetrics(
      [0, 1],
      [
        [0, 0],
        [0, 0],
        [0, 0],
      ],
    );
    expect(r.suppression).toBe(1);
    expect(Array.from(r.simToComponents)).toEqual([0, 0, 0]);
  });

  it('rejects no components and a component of a different length', () => {
    expect(() => mixtureCodeMetrics([1], [])).toThrow(/Argument 'componentCodes' passed to 'mixtureCodeMetrics' is empty/);
    expect(() => mixtureCodeMetrics([1, 0], [[1]])).toThrow(/Argument 'componentCodes\[0\]' passed to 'mixtureCodeMetrics' has length 1; expected 2/);
  });
});
