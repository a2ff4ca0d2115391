import { createLifPopulation, createLifState, createLifStepOutput, defineLifParams, hardSpike, InvalidParameterError, lifForward, NO_LIF_NOISE } from '../../src/index';

describe('createLifPopulation', () => {
  it('createLifPopulation(params) has the expected defaults (batch 1, dt 1 ms, fresh state at V_rest)', () => {
    const pop = createLifPopulation(defineLifParams({ size: 3 }));
    expect(pop.batch).toBe(1);
    expect(Array.from(pop.state.v)).toEqual([-60, -60, -60]);
  });

  it('pop.step(input) gives exactly the lifForward trajectory (it adds no maths) and reset() restarts it', () => {
    const params = defineLifParams({ size: 2, dtype: Float64Array });
    const pop = createLifPopulation(params, { spike: hardSpike(), dtype: Float64Array });
    let state = createLifState(params, 1, Float64Array);
    const input = Float64Array.of(0.03, 0.05);
    const run = () => {
      for (let t = 0; t < 40; t++) {
        const out = createLifStepOutput(params, 1, Float64Array);
        lifForward(params, state, input, NO_LIF_NOISE, hardSpike(), 1, out);
        const got = pop.step(input);
        expect(Array.from(got.v)).toEqual(Array.from(out.v));
        expect(Array.from(got.spikes)).toEqual(Array.from(out.spikes));
        state = out;
      }
    };
    run();
    pop.reset();
    state = createLifState(params, 1, Float64Array);
    run();
  });

  it.each([
    [{ batch: 0 }, /invalid batch: 0; expected an integer > 0/],
    [{ dtMs: -1 }, /invalid dtMs: -1; expected a finite number > 0 \(time step in ms\)/],
    [{ dtMs: Number.NaN }, /invalid dtMs: NaN/],
  ])('createLifPopulation(params, %j) throws InvalidParameterError', (options, message) => {
    let caught: unknown;
    try {
      createLifPopulation(defineLifParams({ size: 1 }), options);
    } catch (e) {
      caught = e;
    }
    expect(InvalidParameterError.isInstance(caught)).toBe(true);
    expect((caught as Error).message).toMatch(message);
  });
});
