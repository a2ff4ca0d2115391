import { fixed } from '../../src/util/fixed';

describe('fixed', () => {
  it('prints a value that rounds to zero without a sign, and everything else as toFixed does', () => {
    expect((-0.0004).toFixed(3)).toBe('-0.000'); // what it replaces
    expect(fixed(-0.0004, 3)).toBe('0.000');
    expect(fixed(-0, 2)).toBe('0.00');
    expect(fixed(-0.0006, 3)).toBe('-0.001');
    expect(fixed(0.0004, 3)).toBe('0.000');
    expect(fixed(-1.25, 1)).toBe((-1.25).toFixed(1));
    expect(fixed(Number.NaN, 2)).toBe('NaN');
  });
});
