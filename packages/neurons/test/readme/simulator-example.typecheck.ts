import {
  binnedRatesHz,
  compileNetwork,
  createRng,
  createSimState,
  fixedProbabilityProjection,
  rateMonitor,
  runSimulation,
  spikeMonitor,
  spikeTrainStatistics,
  stdpAdditive,
  weightMonitor,
} from '../../src/index';
import type { NetworkSpec } from '../../src/index';

// 200 Poisson inputs at 20 Hz drive 40 LIF neurons through plastic excitatory synapses.
const feedforward = fixedProbabilityProjection({
  name: 'inputToOut', pre: 'input', post: 'out', synapse: 'exc',
  preSize: 200, postSize: 40, probability: 0.25, weightMv: 3.5, rng: createRng(1),
});
const network: NetworkSpec = {
  populations: [
    { kind: 'poisson', name: 'input', size: 200, rateHz: 20 },
    {
      kind: 'lif', name: 'out', size: 40, tauMemMs: 10, vRestMv: -74, vThresholdMv: -54,
      vResetMv: -60, refractoryMs: 2, synapses: { exc: { tauMs: 5 } },
    },
  ],
  projections: [{
    ...feedforward,
    plasticity: [stdpAdditive({ tauPreMs: 20, tauPostMs: 20, aPreMv: 0.02, aPostMv: -0.021, wMaxMv: 7 })],
  }],
  monitors: [
    { kind: 'spikes', name: 'outSpikes', population: 'out', windows: [{ startMs: 0, stopMs: 2000 }], capacity: 20000 },
    { kind: 'rate', name: 'outRate', population: 'out', binMs: 500, stopMs: 2000 },
    { kind: 'weights', name: 'w', projection: 'inputToOut', atMs: [0, 2000] },
  ],
};
const net = compileNetwork(network, { dtMs: 0.1, seed: 7 });
console.log(`monitors: ${net.monitorMemory.totalBytes} bytes, fixed before the run`);

let state = createSimState(net);
state = runSimulation(net, state, 1000); // resumable: two runs of 1 s = one run of 2 s, bit for bit
state = runSimulation(net, state, 1000);

const stats = spikeTrainStatistics(spikeMonitor(state, 'outSpikes'), 40, 0.1, 0, 2000);
const rates = binnedRatesHz(rateMonitor(state, 'outRate'), 40, 500);
console.log(`rate ${stats.meanRateHz.toFixed(2)} Hz, ISI CV ${stats.meanCvIsi.toFixed(2)}; per 500 ms: ${Array.from(rates, (r) => r.toFixed(1)).join(' ')}`);
const w = weightMonitor(state, 'w');
const n = feedforward.postIndex.length;
const mean = (from: number) => w.weightsMv.subarray(from, from + n).reduce((a, b) => a + b, 0) / n;
console.log(`mean weight ${mean(0).toFixed(3)} mV → ${mean(n).toFixed(3)} mV over ${n} synapses`);
