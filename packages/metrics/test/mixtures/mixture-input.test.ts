import { mixtureInput } from '../../src/mixtures/mixture-input';

describe('mixtureInput', () => {
  it('mixtureInput(components) clips the element-wise sum to [0, 1]', () => {
    const m = mixtureInput([
      [0.5, 0.7, 0, 0.25],
      [0.2, 0.6, -0.1, 0.25],
      [0, 0, 0, 0.25],
    ]);
    expect(m[0]).toBeCloseTo(0.7, 15);
    expect(Array.from(m.subarray(1))).toEqual([1, 0, 0.75]);
  });

  it('rejects no components and components of different lengths', () => {
    expect(() => mixtureInput([])).toThrow(/Argument 'components' passed to 'mixtureInput' is empty/);
    expect(() => mixtureInput([[1, 2], [1]])).toThrow(/Argument 'components\[1\]' passed to 'mixtureInput' has length 1; expected 2/);
  });
});
