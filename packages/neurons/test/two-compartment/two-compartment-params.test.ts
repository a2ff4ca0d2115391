import {
  createTwoCompartmentParamGrads,
  createTwoCompartmentState,
  createTwoCompartmentStepOutput,
  defaultTwoCompartmentParams,
  defineTwoCompartmentParams,
  InvalidParameterError,
  ShapeMismatchError,
} from '../../src/index';

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

describe('defineTwoCompartmentParams', () => {
  it('defineTwoCompartmentParams({ size }) has the expected defaults (g_soma 10 nS, τ 20 ms, R 1000 MΩ)', () => {
    const p = defineTwoCompartmentParams({ size: 2 });
    expect(Math.exp(p.logGSomaNs)).toBeCloseTo(10, 12);
    expect(p).toMatchObject({ size: 2, tauMemMs: 20, resistanceMohm: 1000, vRestMv: -60, vResetMv: -60, vMinMv: -80, refractoryPeriodMs: 2 });
    expect(Array.from(p.vThresholdMv)).toEqual([-40, -40]);
    expect(defaultTwoCompartmentParams.gSomaNs).toBe(10);
    const s = createTwoCompartmentState(p, 3);
    expect(s.vDendriteMv.length).toBe(6);
    expect(Array.from(s.vAxonMv).every((v) => v === -60)).toBe(true);
    expect(createTwoCompartmentStepOutput(p, 3).propagator.length).toBe(8);
    expect(createTwoCompartmentParamGrads(p)).toEqual({ logGSomaNs: 0, vThresholdMv: new Float64Array(2) });
  });

  it.each([
    [{ size: -1 }, /invalid size: -1; expected an integer > 0 \(number of neurons\)/],
    [{ size: 1, gSomaNs: 0 }, /invalid gSomaNs: 0; expected a finite number > 0 \(dendrite-axon coupling conductance in nS\)/],
    [{ size: 1, gSomaNs: Number.NaN }, /invalid gSomaNs: NaN/],
    [{ size: 1, logGSomaNs: Number.NaN }, /invalid logGSomaNs: NaN; expected a finite number/],
    [{ size: 1, tauMemMs: -20 }, /invalid tauMemMs: -20; expected a finite number > 0 \(membrane time constant in ms\)/],
    [{ size: 1, resistanceMohm: 0 }, /invalid resistanceMohm: 0/],
    [{ size: 1, vThresholdMv: Number.NaN }, /invalid vThresholdMv: NaN/],
    [{ size: 1, refractoryPeriodMs: -1 }, /invalid refractoryPeriodMs: -1; expected a finite number >= 0/],
    [{ size: 1, vMinMv: 0 }, /invalid vMinMv: 0; expected a voltage <= vResetMv = -60 mV/],
  ])('defineTwoCompartmentParams(%j) throws InvalidParameterError', (options, message) => {
    const e = thrown(() => defineTwoCompartmentParams(options));
    expect(InvalidParameterError.isInstance(e)).toBe(true);
    expect((e as Error).message).toMatch(message);
  });

  it('defineTwoCompartmentParams({ size: 2, vThresholdMv: [3 values] }) throws ShapeMismatchError', () => {
    const e = thrown(() => defineTwoCompartmentParams({ size: 2, vThresholdMv: [-40, -40, -40] }));
    expect(ShapeMismatchError.isInstance(e)).toBe(true);
    expect((e as Error).message).toMatch(/Argument 'vThresholdMv' passed to 'defineTwoCompartmentParams' has length 3; expected 2/);
  });
});
