import { homeostasisMultiplicative, incomingSumHomeostasis, InvalidParameterError } from '../../src/index';

describe('homeostasisMultiplicative with wMaxMv', () => {
  it('incomingSumHomeostasis clips the scaled weights to [0, wMaxMv] (direct computation)', () => {
    // post 0 gets synapses 0, 1 (sum 30, target 40 → factor 1 + 0.5·(40/30 − 1) = 1.1666… clipped to 1.1)
    // post 1 gets synapse 2 (sum 50 → factor 1 + 0.5·(40/50 − 1) = 0.9)
    const rule = homeostasisMultiplicative({ eta: 0.5, target: 40, intervalMs: 10, wMaxMv: 19 });
    const w = incomingSumHomeostasis(rule, [18, 12, 50], Int32Array.from([0, 0, 1]), 2);
    expect(Array.from(w)).toEqual([19, 12 * 1.1, 19]); // 19.8 → 19, 13.2, 45 → 19
    const free = incomingSumHomeostasis({ ...rule, wMaxMv: undefined }, [18, 12, 50], Int32Array.from([0, 0, 1]), 2);
    expect(free[0]).toBeCloseTo(19.8, 12);
    expect(free[2]).toBeCloseTo(45, 12);
  });

  it('homeostasisMultiplicative rejects wMaxMv <= 0', () => {
    let error: unknown;
    try {
      homeostasisMultiplicative({ eta: 0.5, target: 40, intervalMs: 10, wMaxMv: 0 });
    } catch (e) {
      error = e;
    }
    expect(InvalidParameterError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/invalid homeostasisMultiplicative.wMaxMv: 0; expected a finite number > 0/);
  });
});
