import { STUDENT_CORRELATION_WEIGHTS, TEACHER_CORRELATION_WEIGHTS, weightedParameterCorrelation } from '../../src/consistency/weighted-parameter-correlation';

describe('weightedParameterCorrelation', () => {
  it('has the expected defaults: student weights sum to 4,426 (ORN v_th weighted 21), teacher weights to 4,225', () => {
    expect(Object.values(STUDENT_CORRELATION_WEIGHTS).reduce((a, b) => a + b, 0)).toBe(4426);
    expect(STUDENT_CORRELATION_WEIGHTS.ornVTh).toBe(21);
    expect(Object.values(TEACHER_CORRELATION_WEIGHTS).reduce((a, b) => a + b, 0)).toBe(4225);
  });

  it('weightedParameterCorrelation(terms) reproduces the spec §4.9 worked example 0.9086', () => {
    const w = STUDENT_CORRELATION_WEIGHTS;
    const rho = weightedParameterCorrelation([
      { meanCorrelation: 0.99429, weight: w.orGains! },
      { meanCorrelation: 0.95293, weight: w.kcVTh! },
      { meanCorrelation: 0.98105, weight: w.lnVTh! },
      { meanCorrelation: 0.86381, weight: w.ornVTh! },
      { meanCorrelation: 0.96666, weight: w.pnVTh! },
      { meanCorrelation: 0.90337, weight: w.decoderWeight! },
      { meanCorrelation: 0.97599, weight: w.decoderBias! },
    ]);
    // Σ w·r = 20.88009 + 137.22192 + 105.9534 + 18.14001 + 69.59952 + 3642.38784 + 27.32772 = 4021.5105
    expect(rho).toBeCloseTo(4021.5105 / 4426, 12);
    expect(rho).toBeCloseTo(0.9086, 4);
  });

  it('rejects no terms, a negative weight and a zero total weight', () => {
    expect(() => weightedParameterCorrelation([])).toThrow(/Argument 'terms' passed to 'weightedParameterCorrelation' is empty/);
    expect(() => weightedParameterCorrelation([{ meanCorrelation: 1, weight: -1 }])).toThrow(/terms\[0\].weight = -1; expected a finite number ≥ 0/);
    expect(() => weightedParameterCorrelation([{ meanCorrelation: 1, weight: 0 }])).toThrow(/has total weight 0/);
  });
});
