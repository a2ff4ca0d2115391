import { portableExp, portableLog } from '../../src/index';

describe('portableExp / portableLog', () => {
  it('portableExp(x) agrees with Math.exp to 2 ulp over [−40, 40]', () => {
    for (let i = 0; i <= 4000; i++) {
      const x = -40 + i * 0.02 + 1e-7 * Math.sin(i);
      const e = Math.exp(x);
      expect(Math.abs(portableExp(x) - e)).toBeLessThanOrEqual(4.5e-16 * e);
    }
    expect(portableExp(0)).toBe(1);
    expect(Number.isNaN(portableExp(NaN))).toBe(true);
  });

  it('portableLog(x) agrees with Math.log to 2 ulp over (2^-40, 2^40)', () => {
    for (let i = 1; i <= 4000; i++) {
      const x = 2 ** (-40 + i * 0.02) * (1 + 1e-3 * Math.cos(i));
      const l = Math.log(x);
      expect(Math.abs(portableLog(x) - l)).toBeLessThanOrEqual(4.5e-16 * Math.max(1, Math.abs(l)));
    }
    expect(portableLog(1)).toBe(0);
    expect(portableLog(0)).toBe(-Infinity);
    expect(Number.isNaN(portableLog(-1))).toBe(true);
  });
});
