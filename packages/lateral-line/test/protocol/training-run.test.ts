import { rateMonitor } from '@olfactory/neurons';
import { advanceTraining, createTrainingRun, evaluateMap, restoreTrainingRun, saveTrainingRun, trainedWeights } from '../../src/index';
import { smallParams } from '../small-params';

describe('training', () => {
  it('a short training run really changes both plastic layers and records a checkpoint every checkpointTrials trials', () => {
    const p = smallParams();
    const run = createTrainingRun(p, 11);
    const before = trainedWeights(run);
    advanceTraining(run, 6);
    const after = trainedWeights(run);
    expect(run.trialsDone).toBe(6);
    expect(run.curve.map((c) => c.trial)).toEqual([2, 4, 6]);
    const changed = (a: Float64Array, b: Float64Array) => a.reduce((n, x, i) => n + (x !== b[i] ? 1 : 0), 0) / a.length;
    expect(changed(before.llMon, after.llMon)).toBeGreaterThan(0.5);
    expect(changed(before.monTs, after.monTs)).toBeGreaterThan(0.5);
    const last = run.curve.at(-1)!;
    expect(last.monRateHz).toBeGreaterThan(0);
    expect(last.tsRateHz).toBeGreaterThan(0);
    expect(last.monTs.meanAbsChange).toBeGreaterThan(0);
    // MON→TS stays in [0, w_max]; LL→MON (multiplicative, soft-bounded) stays in [0, 20 mV]
    expect(Math.max(...Array.from(after.monTs))).toBeLessThanOrEqual(p.monTsGainMv * p.monTsWMax + 1e-9);
    expect(Math.min(...Array.from(after.llMon))).toBeGreaterThan(0);
    expect(Math.max(...Array.from(after.llMon))).toBeLessThan(20);
    // the rate monitors hold one count per checkpoint, and nothing grows with the trials
    expect(rateMonitor(run.state, 'tsCounts').counts.length).toBe(3);
  });

  it('training is the same bit for bit however the trials are split (1 + 5, 3 + 3, 6), and a saved run resumes to the same weights', () => {
    const p = smallParams();
    const whole = advanceTraining(createTrainingRun(p, 5), 6);
    const a = createTrainingRun(p, 5);
    advanceTraining(a, 1);
    advanceTraining(a, 5);
    const b = createTrainingRun(p, 5);
    advanceTraining(b, 3);
    const saved = saveTrainingRun(b);
    const resumed = restoreTrainingRun({ header: JSON.parse(JSON.stringify(saved.header)), state: saved.state });
    advanceTraining(resumed, 3);
    for (const r of [a, resumed]) {
      expect(Array.from(r.state.projections.llMon!.weightsMv)).toEqual(Array.from(whole.state.projections.llMon!.weightsMv));
      expect(Array.from(r.state.projections.monTs!.weightsMv)).toEqual(Array.from(whole.state.projections.monTs!.weightsMv));
      expect(r.curve).toEqual(whole.curve);
    }
  });

  it('LL→MON homeostasis keeps every MON cell’s incoming sum at the target (STDP off, weights perturbed)', () => {
    const p = smallParams({ llMonAPre: 0, llMonAPost: 0, llMonHomeostasisEta: 1, llMonHomeostasisEveryTrials: 1, trials: 30, checkpointTrials: 30 });
    const run = createTrainingRun(p, 2);
    const llMon = run.net.projections.find((x) => x.name === 'llMon')!;
    const target = llMon.homeostasis[0]!.rule.target as number;
    const w = run.state.projections.llMon!.weightsMv;
    for (let s = 0; s < w.length; s++) w[s] = w[s]! * (0.6 + (0.8 * ((s * 7919) % 101)) / 100);
    const sums = () => {
      const out = new Float64Array(p.nMon);
      for (let s = 0; s < w.length; s++) out[llMon.postIndex[s]!] += w[s]!;
      return Array.from(out);
    };
    const worst = () => Math.max(...sums().map((x) => Math.abs(x / target - 1)));
    const start = worst();
    expect(start).toBeGreaterThan(0.15);
    advanceTraining(run, 30); // each update moves a sum by at most ±10 %
    expect(worst()).toBeLessThan(1e-9);
  });
});

describe('evaluateMap', () => {
  it('extract mode re-tests with the trained weights of BOTH layers; training mode continues the training state; each says which it is', () => {
    const p = smallParams();
    const run = advanceTraining(createTrainingRun(p, 7), 6);
    const w = trainedWeights(run);
    const trained = evaluateMap(p, { seed: 7, weightsMv: w });
    const again = evaluateMap(p, { seed: 7, weightsMv: w });
    expect(trained.mode).toBe('extract');
    expect(Array.from(again.spikes.mon.neurons)).toEqual(Array.from(trained.spikes.mon.neurons));
    // the reference's extract mode (trained MON→TS, initial LL→MON) gives different MON activity
    const reference = evaluateMap(p, { seed: 7, weightsMv: { monTs: w.monTs } });
    expect(Array.from(reference.spikes.mon.neurons)).not.toEqual(Array.from(trained.spikes.mon.neurons));
    const untrained = evaluateMap(p, { seed: 7 });
    expect(Array.from(untrained.spikes.ts.neurons)).not.toEqual(Array.from(trained.spikes.ts.neurons));
    // the afferents do not depend on the weights
    expect(Array.from(untrained.spikes.ll.neurons)).toEqual(Array.from(trained.spikes.ll.neurons));
    const continued = evaluateMap(p, { seed: 7, continueFrom: run.state });
    expect(continued.mode).toBe('training');
    expect(continued.xCm.length).toBe(1000);
    for (const m of [trained.ts, continued.ts, trained.ll]) {
      expect(m.sigmaTheta).toBeGreaterThanOrEqual(0);
      expect(m.validFraction).toBeGreaterThan(0);
    }
    // the afferent layer is a clean map: rank order near 1
    expect(trained.ll.rankCorrelation).toBeGreaterThan(0.9);
  });
});

describe('mapVerdict', () => {
  it('mapVerdict needs rank order, a gain over the untrained network, σθ nearer the floor than chance and a longer PV — not σθ alone', async () => {
    const { mapVerdict } = await import('../../src/index');
    const m = (sigmaTheta: number, rankCorrelation: number, pvLength: number) => ({
      sigmaTheta,
      rankCorrelation,
      pvLength,
      deltaTrial: 0,
      validFraction: 1,
      activeCells: 300,
      fwhmMeanCm: 1,
      fwhmSdCm: 0,
      meanRateHz: 1,
    });
    const refs = { perfect: m(0.34, 1, 0.95), random: m(1.7, 0, 0.1) };
    const untrained = m(0.42, 0.1, 0.1);
    expect(mapVerdict(m(0.36, 0.9, 0.5), untrained, refs).mapFormed).toBe(true);
    // a low σθ without order (the untrained network's situation) is not a map
    const v = mapVerdict(m(0.36, 0.1, 0.5), untrained, refs);
    expect(v.mapFormed).toBe(false);
    expect(v.criteria.filter((c) => !c.holds).map((c) => c.name)).toEqual(['rank order']);
    expect(mapVerdict(m(0.41, 0.9, 0.5), untrained, refs).criteria.find((c) => c.name === 'beats untrained')!.holds).toBe(false);
  });
});
