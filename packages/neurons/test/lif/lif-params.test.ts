import { createLifParamGrads, createLifState, createLifStepOutput, defaultLifParams, defineLifParams, InvalidParameterError, ShapeMismatchError } from '../../src/index';

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

describe('defineLifParams', () => {
  it('defineLifParams({ size }) has the expected defaults (spec §2.1)', () => {
    const p = defineLifParams({ size: 3 });
    expect(p.size).toBe(3);
    expect(p.logTauMemMs).toBeCloseTo(Math.log(20), 15);
    expect(Array.from(p.vThresholdMv)).toEqual([-40, -40, -40]);
    expect(p.vThresholdMv).toBeInstanceOf(Float32Array);
    expect(p).toMatchObject({ vRestMv: -60, vResetMv: -60, vMinMv: -80, resistanceMohm: 1000, refractoryPeriodMs: 2 });
    expect(defaultLifParams.tauMemMs).toBe(20);
    expect(Object.isFrozen(defaultLifParams)).toBe(true);
  });

  it('defineLifParams({ logTauMemMs, vThresholdMv: array, dtype }) keeps the learnable form and copies the thresholds', () => {
    const th = [-42, -43];
    const p = defineLifParams({ size: 2, logTauMemMs: Math.log(15), vThresholdMv: th, dtype: Float64Array });
    expect(Math.exp(p.logTauMemMs)).toBeCloseTo(15, 12);
    expect(p.vThresholdMv).toBeInstanceOf(Float64Array);
    th[0] = 0;
    expect(p.vThresholdMv[0]).toBe(-42);
  });

  it('createLifState / createLifStepOutput / createLifParamGrads allocate batch-major buffers at rest', () => {
    const p = defineLifParams({ size: 4 });
    const s = createLifState(p, 2);
    expect(s.v.length).toBe(8);
    expect(Array.from(s.v).every((v) => v === -60)).toBe(true);
    expect(Array.from(s.refractoryMs).every((r) => r === 0)).toBe(true);
    expect(createLifStepOutput(p, 2, Float64Array).spikes).toBeInstanceOf(Float64Array);
    expect(createLifParamGrads(p)).toEqual({ logTauMemMs: 0, vThresholdMv: new Float64Array(4) });
  });

  it.each([
    [{ size: 0 }, /invalid size: 0; expected an integer > 0 \(number of neurons\)/],
    [{ size: 2.5 }, /invalid size: 2.5; expected an integer > 0/],
    [{ size: 2, tauMemMs: -5 }, /invalid tauMemMs: -5; expected a finite number > 0 \(membrane time constant in ms\)/],
    [{ size: 2, tauMemMs: 0 }, /invalid tauMemMs: 0; expected a finite number > 0/],
    [{ size: 2, tauMemMs: Number.NaN }, /invalid tauMemMs: NaN; expected a finite number > 0/],
    [{ size: 2, logTauMemMs: Number.NaN }, /invalid logTauMemMs: NaN; expected a finite number/],
    [{ size: 2, vThresholdMv: Number.NaN }, /invalid vThresholdMv: NaN; expected a finite number \(threshold in mV\)/],
    [{ size: 2, vThresholdMv: [-40, Number.NaN] }, /invalid vThresholdMv\[1\]: NaN; expected a finite number/],
    [{ size: 2, vRestMv: Infinity }, /invalid vRestMv: Infinity; expected a finite number/],
    [{ size: 2, resistanceMohm: -1 }, /invalid resistanceMohm: -1; expected a finite number > 0 \(membrane resistance in MΩ\)/],
    [{ size: 2, refractoryPeriodMs: -2 }, /invalid refractoryPeriodMs: -2; expected a finite number >= 0/],
    [{ size: 2, vMinMv: -50 }, /invalid vMinMv: -50; expected a voltage <= vResetMv = -60 mV/],
  ])('defineLifParams(%j) throws InvalidParameterError', (options, message) => {
    const e = thrown(() => defineLifParams(options));
    expect(InvalidParameterError.isInstance(e)).toBe(true);
    expect((e as Error).message).toMatch(message);
  });

  it('defineLifParams({ size: 3, vThresholdMv: [2 values] }) throws ShapeMismatchError', () => {
    const e = thrown(() => defineLifParams({ size: 3, vThresholdMv: [-40, -41] }));
    expect(ShapeMismatchError.isInstance(e)).toBe(true);
    expect((e as Error).message).toMatch(/Argument 'vThresholdMv' passed to 'defineLifParams' has length 2; expected 3 \(one entry per neuron\)/);
  });

  it('createLifState(params, 0) throws InvalidParameterError', () => {
    expect(() => createLifState(defineLifParams({ size: 1 }), 0)).toThrow(/invalid batch: 0; expected an integer > 0/);
  });
});
