import type { RecomputeMetrics, SpikingCircuit } from '../../src/index';
import { RECOMPUTE_SUMMARY_METRICS, buildSpikingCircuit, checkpointParameterSummary, createStudentParameters, initialStudentParameters, summarizeRecomputeMetrics } from '../../src/index';
import { realCircuit } from '../helpers/real-circuit';

const m = (accuracy: number, manciniRatio?: number, pnDynamicRange?: number): RecomputeMetrics => ({
  accuracy,
  kcSparsity: 0.125,
  centroidAccuracy: 0.66,
  alDecorrelation: 4,
  mbDecorrelation: 36,
  totalDecorrelation: 39,
  ...(manciniRatio === undefined ? {} : { manciniRatio, aplSuppressionPercent: (1 - 1 / manciniRatio) * 100 }),
  ornActivity: 0.6,
  lnActivity: 0.3,
  pnActivity: 0.3,
  ...(pnDynamicRange === undefined ? {} : { pnDynamicRange, kcDynamicRange: 1.1, orDynamicRange: 1.75 }),
});

describe('summarizeRecomputeMetrics', () => {
  it('summarizeRecomputeMetrics has the expected defaults: mean and population std (ddof = 0), keys in report order, nothing for no checkpoints', () => {
    expect(summarizeRecomputeMetrics([])).toEqual({});
    const s = summarizeRecomputeMetrics([m(0.7, 2), m(0.72, 1.7)]);
    expect(Object.keys(s)).toEqual(RECOMPUTE_SUMMARY_METRICS.filter((k) => !k.endsWith('DynamicRange')));
    expect(s.accuracy!.mean).toBeCloseTo(0.71, 12);
    expect(s.accuracy!.std).toBeCloseTo(0.01, 12);
    expect(s.kcSparsity).toEqual({ mean: 0.125, std: 0 });
  });

  it('summarizeRecomputeMetrics computes the APL suppression from the mean ratio (1.85 → 45.9 %)', () => {
    const s = summarizeRecomputeMetrics([m(0.7, 1.8), m(0.7, 1.9)]);
    expect(s.manciniRatio!.mean).toBeCloseTo(1.85, 12);
    expect(s.aplSuppressionPercent!.mean).toBeCloseTo((1 - 1 / 1.85) * 100, 10);
    expect(s.aplSuppressionPercent!.std).toBeGreaterThan(0);
  });

  it('summarizeRecomputeMetrics leaves out metrics some checkpoint lacks (Mancini skipped, no sweep)', () => {
    const s = summarizeRecomputeMetrics([m(0.7, undefined, 1.2), m(0.7, undefined, 1.3)]);
    expect(s.manciniRatio).toBeUndefined();
    expect(s.aplSuppressionPercent).toBeUndefined();
    expect(s.pnDynamicRange!.mean).toBeCloseTo(1.25, 12);
    expect(summarizeRecomputeMetrics([m(0.7, 2, 1.2), m(0.7)]).pnDynamicRange).toBeUndefined();
  });
});

describe('checkpointParameterSummary', () => {
  let sc: SpikingCircuit;
  beforeAll(async () => {
    sc = buildSpikingCircuit((await realCircuit()).circuit);
  }, 60_000);

  it('checkpointParameterSummary reports the learned biophysics in physical units and the threshold-boundary fractions', () => {
    const p0 = initialStudentParameters(sc, { orGains: new Array(21).fill(1), aplGainRaw: 0.9 });
    const v = Float64Array.from(p0.values);
    v[p0.offsets['kc.vTh']!] = -30e-3; // one KC at the −30 mV bound
    v[p0.offsets['ln.vTh']!] = -55e-3; // one LN at the −55 mV bound
    const s = checkpointParameterSummary(createStudentParameters(p0.layout, v));
    expect(s.gSomaNs).toBeCloseTo(10, 10);
    expect(s.tauAplMs).toBeCloseTo(15, 10);
    expect(s.aplGainRaw).toBeCloseTo(3.6, 12);
    expect(s.gapNs.lnLn).toBeCloseTo(0.1, 12);
    expect(s.vThresholdMv.kc).toHaveLength(144);
    expect(s.vThresholdMv.orn[0]).toBeCloseTo(-42.5, 10);
    expect(Object.keys(s.pathwayStrengthA)).toHaveLength(16);
    expect(s.pathwayStrengthA.pn_kc).toBeCloseTo(5e-9, 20);
    expect(s.kcAtUpperBound).toBeCloseTo(1 / 144, 12);
    expect(s.lnAtLowerBound).toBeCloseTo(1 / 108, 12);
    expect(s.pnInterior).toBe(1);
  });
});
