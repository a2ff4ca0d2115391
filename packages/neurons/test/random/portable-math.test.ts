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

  it('portableLog reads the exponent from the bits: the same results as exact halving/doubling (its former normalisation), subnormals included', () => {
    // The former normalisation, kept here as the oracle (fdlibm polynomial unchanged).
    const loopLog = (x: number): number => {
      let k = 0;
      let m = x;
      while (m >= 2 ** 32) ((m *= 2 ** -32), (k += 32));
      while (m < 2 ** -32) ((m *= 2 ** 32), (k -= 32));
      while (m >= 2) ((m *= 0.5), k++);
      while (m < 1) ((m *= 2), k--);
      if (m > 2 * 0.7071067811865475244) ((m *= 0.5), k++);
      const f = m - 1;
      const s = f / (2 + f);
      const z = s * s;
      const w = z * z;
      const t1 = w * (3.999999999940941908e-1 + w * (2.222219843214978396e-1 + w * 1.531383769920937332e-1));
      const t2 = z * (6.66666666666673513e-1 + w * (2.857142874366239149e-1 + w * (1.818357216161805012e-1 + w * 1.479819860511658591e-1)));
      const hfsq = 0.5 * f * f;
      return k * 6.9314718036912381649e-1 - (hfsq - (s * (hfsq + (t2 + t1)) + k * 1.90821492927058770002e-10) - f);
    };
    const xs = [Number.MIN_VALUE, 3e-320, 2 ** -1022, 2 ** -1022 * (1 - 2 ** -52), 1e-300, 0.5, 1 - 2 ** -53, 1, 1 + 2 ** -52, Math.SQRT2, Math.SQRT2 * (1 + 2 ** -52), 2, 3, 1e300, Number.MAX_VALUE];
    let state = 12345;
    for (let i = 0; i < 20000; i++) {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      const u = (state >>> 5) / 2 ** 27 + (i % 97) * 2 ** -60;
      xs.push(1 - u, u || 2 ** -60, (1 - u) * 2 ** ((i % 2098) - 1075));
    }
    for (const x of xs) {
      if (!(x > 0 && x < Infinity)) continue;
      expect(Object.is(portableLog(x), loopLog(x))).toBe(true);
    }
    expect(portableLog(2 ** -1074)).toBe(-744.4400719213812);
    expect(portableLog(Infinity)).toBe(Infinity);
  });
});
