import { InvalidParameterError } from '@olfactory/neurons';
import { BASELINE_PRESET, defineLateralLineParams, LATERAL_LINE_PARAM_NAMES, LL_THESIS_PRESET } from '../../src/index';

function thrown(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a throw');
}

describe('defineLateralLineParams', () => {
  it('defineLateralLineParams has the expected defaults: the baseline recipe of the reference (spec §1.7)', () => {
    const p = defineLateralLineParams();
    expect(p).toEqual(BASELINE_PRESET);
    expect([p.nLl, p.nMon, p.nTs, p.trials, p.trialMs, p.dtMs]).toEqual([100, 3200, 300, 10000, 1200, 1]);
    expect([p.llMonPlastic, p.llMonTopography, p.monTsTopography, p.llMonWInitMv, p.llMonWJitterMv]).toEqual([true, 0.2, 0.2, 10, 8]);
    expect([p.monTsGainMv, p.tsLateralPeakMv, p.tsLateralRadius, p.bgMonRateHz, p.inhToMonMv]).toEqual([220, 1.5, 18, 18, 1.8]);
    expect([p.llMonHomeostasisEta, p.monTsHomeostasisEta, p.llMonAPre, p.llMonAPost, p.llMonWMaxMv]).toEqual([0.005, 0.001, 0.01, -0.0105, 20]);
    expect([LL_THESIS_PRESET.monTsGainMv, LL_THESIS_PRESET.llMonPlastic, LL_THESIS_PRESET.trials, LL_THESIS_PRESET.tsLateralPeakMv]).toEqual([72, false, 1000, 0.9]);
  });

  it('defineLateralLineParams(preset, overrides) applies overrides and round-trips through JSON', () => {
    const p = defineLateralLineParams('ll_thesis', { trials: 20, llMonTopography: 0.4 });
    expect([p.preset, p.trials, p.llMonTopography, p.monTsGainMv]).toEqual(['ll_thesis', 20, 0.4, 72]);
    expect(defineLateralLineParams(JSON.parse(JSON.stringify(p)))).toEqual(p);
    expect(LATERAL_LINE_PARAM_NAMES).toContain('monTsTopography');
  });

  it('rejects a negative distance, a topography outside [0, 1] and trials < 0 with typed errors naming the field', () => {
    const d = thrown(() => defineLateralLineParams('baseline', { testDistanceCm: -0.5 }));
    expect(InvalidParameterError.isInstance(d)).toBe(true);
    expect(d.message).toMatch(/^invalid testDistanceCm: -0.5; expected a finite number > 0 \(cm\)/);
    expect(thrown(() => defineLateralLineParams('baseline', { trainingDistanceCm: -1 })).message).toMatch(/invalid trainingDistanceCm: -1/);
    const t = thrown(() => defineLateralLineParams('baseline', { llMonTopography: 1.5 }));
    expect(InvalidParameterError.isInstance(t)).toBe(true);
    expect(t.message).toMatch(/invalid llMonTopography: 1.5; expected a number in \[0, 1\] \(fraction of topographic connections\)/);
    expect(thrown(() => defineLateralLineParams('baseline', { monTsTopography: -0.1 })).message).toMatch(/invalid monTsTopography: -0.1/);
    const n = thrown(() => defineLateralLineParams('baseline', { trials: -1 }));
    expect(InvalidParameterError.isInstance(n)).toBe(true);
    expect(n.message).toMatch(/invalid trials: -1; expected an integer >= 0 \(number of training trials\)/);
  });

  it('rejects an unknown preset, an unknown parameter, a trial that is not whole steps and training noise', () => {
    expect(thrown(() => defineLateralLineParams('fast')).message).toMatch(/invalid preset: "fast"; expected one of ll_thesis, baseline/);
    expect(thrown(() => defineLateralLineParams('baseline', { topo: 1 } as never)).message).toMatch(/invalid topo: 1; expected a lateral-line parameter name/);
    expect(thrown(() => defineLateralLineParams('baseline', { dtMs: 0.7 })).message).toMatch(/invalid trialMs: 1200; expected a whole number of steps/);
    expect(thrown(() => defineLateralLineParams('baseline', { trainingNoiseScale: 0.5 })).message).toMatch(/training-phase afferent noise is not implemented/);
    expect(thrown(() => defineLateralLineParams('baseline', { llMonPlastic: 'yes' as never })).message).toMatch(/expected true or false/);
  });
});
