import { CANONICAL_CONCENTRATIONS, hillEffectiveConcentration } from '../../src/concentration/hill';

describe('hillEffectiveConcentration', () => {
  it('hillEffectiveConcentration has the expected defaults: EC50 = 1, n = 1, so h(c) = 2c/(c + 1)', () => {
    expect(CANONICAL_CONCENTRATIONS).toEqual([0.03, 0.1, 0.3, 0.5, 1, 2, 5]);
    const h = CANONICAL_CONCENTRATIONS.map((c) => hillEffectiveConcentration(c));
    // spec §4.7: 0.0583, 0.1818, 0.4615, 0.6667, 1.0, 1.3333, 1.6667
    [0.0583, 0.1818, 0.4615, 0.6667, 1.0, 1.3333, 1.6667].forEach((v, i) => expect(h[i]).toBeCloseTo(v, 4));
    expect(h[0]).toBeCloseTo(0.06 / 1.03, 15);
    expect(h[4]).toBe(1);
  });

  it('hillEffectiveConcentration(c, { ec50, hillN }) follows [cⁿ/(cⁿ + EC50ⁿ)]·(1 + EC50ⁿ)', () => {
    // c = 2, EC50 = 2, n = 2: (4/8)·(1 + 4) = 2.5
    expect(hillEffectiveConcentration(2, { ec50: 2, hillN: 2 })).toBe(2.5);
    expect(hillEffectiveConcentration(0)).toBe(0);
  });

  it('rejects a negative concentration and non-positive EC50 or n', () => {
    expect(() => hillEffectiveConcentration(-1)).toThrow(/Argument 'concentration' passed to 'hillEffectiveConcentration' is -1; expected a finite number ≥ 0/);
    expect(() => hillEffectiveConcentration(1, { ec50: 0 })).toThrow(/Argument 'ec50' passed to 'hillEffectiveConcentration' is 0/);
    expect(() => hillEffectiveConcentration(1, { hillN: -2 })).toThrow(/Argument 'hillN' passed to 'hillEffectiveConcentration' is -2/);
  });
});
