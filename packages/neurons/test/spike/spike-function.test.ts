import { hardSpike, InvalidParameterError, softSpike, spikeDerivative, spikeFunctionFromConfig, spikeValue } from '../../src/index';

describe('softSpike / hardSpike', () => {
  it('softSpike() has the expected defaults (temperatureMv 1)', () => {
    expect(softSpike()).toEqual({ kind: 'soft', temperatureMv: 1 });
    expect(hardSpike()).toEqual({ kind: 'hard' });
  });

  it('spikeValue(softSpike(), u) is σ(u / 1 mV) and spikeDerivative is its derivative (peak 0.25 /mV)', () => {
    const soft = softSpike();
    expect(spikeValue(soft, 0)).toBe(0.5);
    expect(spikeValue(soft, 2)).toBeCloseTo(1 / (1 + Math.exp(-2)), 15);
    expect(spikeDerivative(soft, 0)).toBe(0.25);
    for (let u = -2; u < 2; u += 0.125) {
      const fd = (spikeValue(soft, u + 1e-6) - spikeValue(soft, u - 1e-6)) / 2e-6;
      expect(spikeDerivative(soft, u)).toBeCloseTo(fd, 8);
      expect(spikeDerivative(soft, u)).toBeGreaterThan(0); // guards against a silent Heaviside fallback
    }
    const warm = softSpike({ temperatureMv: 2 });
    expect(spikeValue(warm, 2)).toBeCloseTo(1 / (1 + Math.exp(-1)), 15);
    expect(spikeDerivative(warm, 0)).toBe(0.125);
  });

  it('spikeValue(hardSpike(), u) is the Heaviside 1[u > 0]: 0 at u = 0 and for NaN, 1 above', () => {
    const hard = hardSpike();
    expect(spikeValue(hard, 0)).toBe(0);
    expect(spikeValue(hard, -0)).toBe(0);
    expect(spikeValue(hard, Number.NaN)).toBe(0);
    expect(spikeValue(hard, 1e-12)).toBe(1);
    expect(spikeValue(hard, -1e-12)).toBe(0);
    expect(spikeDerivative(hard, 0)).toBe(0);
  });

  it('the soft spike rounds to the hard spike through the reset trigger s > 0.5, also at 0 and NaN', () => {
    const soft = softSpike();
    const hard = hardSpike();
    for (const u of [-30, -1, -1e-3, 0, 1e-3, 1, 30, Number.NaN]) {
      expect(spikeValue(soft, u) > 0.5 ? 1 : 0).toBe(spikeValue(hard, u));
    }
    expect(Number.isNaN(spikeValue(soft, Number.NaN))).toBe(true); // like torch.sigmoid(NaN)
    expect(spikeValue(soft, 800)).toBe(1);
    expect(spikeValue(soft, -800)).toBe(0);
  });

  it('spikeFunctionFromConfig(config) round-trips through JSON', () => {
    for (const fn of [softSpike({ temperatureMv: 0.5 }), hardSpike()]) {
      expect(spikeFunctionFromConfig(JSON.parse(JSON.stringify(fn)))).toEqual(fn);
    }
  });

  it('spikeFunctionFromConfig({ kind: "superspike" }) throws InvalidParameterError listing the valid kinds', () => {
    expect(() => spikeFunctionFromConfig({ kind: 'superspike' })).toThrow(/invalid spike function kind: "superspike"; expected one of 'soft', 'hard'/);
    expect(() => spikeFunctionFromConfig(null)).toThrow(InvalidParameterError);
  });

  it.each([[0], [-1], [Number.NaN], [Infinity]])('softSpike({ temperatureMv: %p }) throws InvalidParameterError', (t) => {
    expect(() => softSpike({ temperatureMv: t })).toThrow(/invalid temperatureMv: .*; expected a finite number > 0 \(sigmoid temperature in mV\)/);
    let caught: unknown;
    try {
      softSpike({ temperatureMv: t });
    } catch (e) {
      caught = e;
    }
    expect(InvalidParameterError.isInstance(caught)).toBe(true);
  });
});
