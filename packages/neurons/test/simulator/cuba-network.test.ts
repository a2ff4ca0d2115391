import { compileNetwork, createSimState, cubaNetwork, runSimulation, spikeMonitor, spikeTrainStatistics } from '../../src/index';
import type { SpikeMonitorData } from '../../src/index';

/*
 * Oracle: Brian2 2.5.1 (Debian python3-brian), its examples/CUBA.py network, cython target,
 * 1 s at dt 0.1 ms, seeds 1–12, statistics over all 4,000 neurons (mean rate; mean over
 * neurons with >= 3 spikes of std(ISI)/mean(ISI), population std), computed once with
 *   for s in $(seq 1 12); do /usr/bin/python3 bench/simulator/cuba_brian2.py --target cython --duration-s 1 --seed $s; done
 * rates (Hz): 5.61575 5.5295 5.62125 5.81575 5.71725 5.33225 5.984 5.488 6.08025 5.3025 5.58275 5.49725
 * CVs: 0.5152 0.5284 0.5231 0.5238 0.5299 0.5422 0.5189 0.5074 0.5264 0.5199 0.5064 0.5239
 */
const BRIAN2_RATE_HZ = { mean: 5.6305, sd: 0.2367 };
const BRIAN2_CV_ISI = { mean: 0.5221, sd: 0.0098 };

const window = [{ startMs: 0, stopMs: 1000 }];
/** Built once: the connectivity draw (16 M pairs) is the slow part. */
const spec = cubaNetwork({
  connectivitySeed: 1,
  monitors: [
    { kind: 'spikes', name: 'e', population: 'e', windows: window, capacity: 200000 },
    { kind: 'spikes', name: 'i', population: 'i', windows: window, capacity: 50000 },
  ],
});

describe('cubaNetwork', () => {
  it('cubaNetwork(options) has the expected defaults: 3,200 e + 800 i LIF, p = 0.02 with self-pairs, we = 1.62 mV, wi = −9 mV', () => {
    expect(spec.populations.map((p) => [p.name, p.size])).toEqual([
      ['e', 3200],
      ['i', 800],
    ]);
    const e = spec.populations[0]!;
    if (e.kind !== 'lif') throw new Error('expected lif');
    expect([e.tauMemMs, e.vRestMv, e.vThresholdMv, e.vResetMv, e.refractoryMs]).toEqual([20, -49, -50, -60, 5]);
    expect(e.synapses).toEqual({ exc: { tauMs: 5 }, inh: { tauMs: 10 } });
    const nSyn = spec.projections!.reduce((a, p) => a + p.postIndex.length, 0);
    expect(Math.abs(nSyn - 320000)).toBeLessThan(4 * Math.sqrt(320000 * 0.98)); // binomial, ±4 sd
    expect(spec.projections!.map((p) => [p.name, p.synapse, p.weightsMv[0]])).toEqual([
      ['ee', 'exc', (60 * 0.27) / 10],
      ['ei', 'exc', (60 * 0.27) / 10],
      ['ie', 'inh', (-20 * 4.5) / 10],
      ['ii', 'inh', (-20 * 4.5) / 10],
    ]);
  });

  it('1 s of CUBA fires at the mean rate and ISI CV that Brian2 gives (within 3 sd of 12 Brian2 realizations)', () => {
    const net = compileNetwork(spec, { dtMs: 0.1, seed: 1001 });
    const state = runSimulation(net, createSimState(net), 1000);
    const e = spikeMonitor(state, 'e');
    const i = spikeMonitor(state, 'i');
    const count = e.count + i.count;
    const all: SpikeMonitorData = { kind: 'spikes', steps: new Uint32Array(count), neurons: new Int32Array(count), count, dropped: 0 };
    all.steps.set(e.steps.subarray(0, e.count));
    all.neurons.set(e.neurons.subarray(0, e.count));
    all.steps.set(i.steps.subarray(0, i.count), e.count);
    all.neurons.set(
      i.neurons.subarray(0, i.count).map((n) => n + 3200),
      e.count,
    );
    const stats = spikeTrainStatistics(all, 4000, 0.1, 0, 1000);
    expect(Math.abs(stats.meanRateHz - BRIAN2_RATE_HZ.mean)).toBeLessThan(3 * BRIAN2_RATE_HZ.sd);
    expect(Math.abs(stats.meanCvIsi - BRIAN2_CV_ISI.mean)).toBeLessThan(3 * BRIAN2_CV_ISI.sd);
    expect(stats.neuronsInCv).toBeGreaterThan(2000); // Brian2: 2,421–2,569 neurons with >= 3 spikes
    expect(stats.neuronsInCv).toBeLessThan(3000);
  });
});
