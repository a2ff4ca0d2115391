import {
  compileNetwork,
  createRng,
  createSimState,
  fixedOutDegreeProjection,
  homeostasisMultiplicative,
  InvalidParameterError,
  runSimulation,
  stdpAdditive,
  stdpMultiplicative,
} from '../../src/index';
import type { NetworkSpec, PlasticityRule, WeightMonitorData } from '../../src/index';

/** 300 Poisson inputs → 30 LIF cells through a plastic fan-in projection (in-degree > out-degree). */
function spec(rules: PlasticityRule[]): NetworkSpec {
  const ff = fixedOutDegreeProjection({ name: 'ff', pre: 'in', post: 'out', synapse: 'exc', preSize: 300, postSize: 30, outDegree: 8, weightMv: 0, rng: createRng(3), delaySteps: 2 });
  return {
    populations: [
      { kind: 'poisson', name: 'in', size: 300, rateHz: 50 },
      { kind: 'lif', name: 'out', size: 30, tauMemMs: 10, vRestMv: -74, vThresholdMv: -54, vResetMv: -60, refractoryMs: 2, synapses: { exc: { tauMs: 2 }, inh: { tauMs: 2 } }, integration: 'euler' },
    ],
    projections: [{ ...ff, weightsMv: Float64Array.from(ff.postIndex, (_, s) => 2 + ((s * 7919) % 13) / 6), plasticity: rules }],
    monitors: [{ kind: 'weights', name: 'w', projection: 'ff', atMs: [100, 250] }],
  };
}

describe('SimulationOptions.stdpLayout', () => {
  it("'post-major' and 'pre-major' give the same weights, spikes and weight snapshots bit for bit ('auto' picks post-major for a fan-in)", () => {
    for (const rules of [
      [stdpAdditive({ tauPreMs: 20, tauPostMs: 20, aPreMv: 0.3, aPostMv: -0.2, wMaxMv: 5 }), homeostasisMultiplicative({ eta: 0.2, target: 'population-mean', intervalMs: 50, wMaxMv: 5 })],
      [stdpMultiplicative({ tauPreMs: 20, tauPostMs: 20, aPre: 0.05, aPost: -0.05, wMaxMv: 6 })],
    ] as PlasticityRule[][]) {
      const run = (layout: 'pre-major' | 'post-major' | 'auto') => {
        const net = compileNetwork(spec(rules), { dtMs: 1, seed: 4, stdpLayout: layout });
        let s = createSimState(net);
        for (const d of [37, 163, 100]) s = runSimulation(net, s, d);
        return { net, s };
      };
      const a = run('pre-major');
      const b = run('post-major');
      expect(a.net.projections[0]!.layout).toBe('pre-major');
      expect(run('auto').net.projections[0]!.layout).toBe('post-major');
      expect(Array.from(b.s.projections.ff!.weightsMv)).toEqual(Array.from(a.s.projections.ff!.weightsMv));
      expect(Array.from((b.s.monitors.w as WeightMonitorData).weightsMv)).toEqual(Array.from((a.s.monitors.w as WeightMonitorData).weightsMv));
      expect(Array.from(b.s.populations.out!.v)).toEqual(Array.from(a.s.populations.out!.v));
      const init = spec(rules).projections![0]!.weightsMv;
      expect(Array.from(a.s.projections.ff!.weightsMv)).not.toEqual(Array.from(init));
    }
  });

  it('compileNetwork rejects an unknown stdpLayout', () => {
    let error: unknown;
    try {
      compileNetwork(spec([]), { dtMs: 1, seed: 1, stdpLayout: 'column' as 'auto' });
    } catch (e) {
      error = e;
    }
    expect(InvalidParameterError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/invalid stdpLayout: "column"; expected 'auto', 'pre-major' or 'post-major'/);
  });
});
