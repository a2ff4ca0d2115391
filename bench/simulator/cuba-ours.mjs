#!/usr/bin/env node
// The Brette et al. 2007 CUBA network (Brian2's examples/CUBA.py parameters) with
// @olfactory/neurons' simulator. Prints one JSON line: build and run times (wall and this
// process's CPU), the mean rate and the mean ISI CV over all 4,000 neurons.
// Usage: node bench/simulator/cuba-ours.mjs [--duration-s 10] [--seed 1]
import { compileNetwork, createSimState, cubaNetwork, runSimulation, spikeTrainStatistics } from '@olfactory/neurons';

const arg = (name, fallback) => {
  const k = process.argv.indexOf(name);
  return k >= 0 ? Number(process.argv[k + 1]) : fallback;
};
const durationS = arg('--duration-s', 10);
const seed = arg('--seed', 1);
const dtMs = 0.1;
const durationMs = durationS * 1000;
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

let c0 = cpu();
let t0 = performance.now();
// capacity: 4,000 neurons at up to 50 Hz for the whole run (16 bytes per spike in all)
const window = [{ startMs: 0, stopMs: durationMs }];
const spec = cubaNetwork({
  connectivitySeed: seed,
  monitors: [
    { kind: 'spikes', name: 'e', population: 'e', windows: window, capacity: Math.ceil(3200 * 50 * durationS) },
    { kind: 'spikes', name: 'i', population: 'i', windows: window, capacity: Math.ceil(800 * 50 * durationS) },
  ],
});
const net = compileNetwork(spec, { dtMs, seed: seed + 1000 });
let state = createSimState(net);
const buildWallS = (performance.now() - t0) / 1000;
const buildCpuS = cpu() - c0;
c0 = cpu();
t0 = performance.now();
state = runSimulation(net, state, durationMs, { inPlace: true });
const runWallS = (performance.now() - t0) / 1000;
const runCpuS = cpu() - c0;

// merge the two populations into one spike list (i neurons after the 3,200 e neurons)
const e = state.monitors.e;
const i = state.monitors.i;
const count = e.count + i.count;
const merged = { kind: 'spikes', steps: new Uint32Array(count), neurons: new Int32Array(count), count, dropped: e.dropped + i.dropped };
merged.steps.set(e.steps.subarray(0, e.count));
merged.neurons.set(e.neurons.subarray(0, e.count));
merged.steps.set(i.steps.subarray(0, i.count), e.count);
merged.neurons.set(
  i.neurons.subarray(0, i.count).map((n) => n + 3200),
  e.count,
);
const stats = spikeTrainStatistics(merged, 4000, dtMs, 0, durationMs);
const synapses = net.projections.reduce((a, p) => a + p.postIndex.length, 0);
console.log(
  JSON.stringify({
    engine: '@olfactory/neurons runSimulation (JavaScript)',
    durationS,
    neurons: 4000,
    synapses,
    buildWallS,
    buildCpuS,
    runWallS,
    runCpuS,
    monitorBytes: net.monitorMemory.totalBytes,
    ...stats,
  }),
);
