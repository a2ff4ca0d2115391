#!/usr/bin/env node
// The scale benchmark, this simulator alone: 130,000 LIF neurons (80/20 E/I, the CUBA
// equations and parameters), each with exactly 38 uniform random targets (≈ 4.94 M synapses,
// weights scaled by 80/38 to keep CUBA's mean input), every synapse delayed 1.8 ms (9 steps of
// dt 0.2 ms), 1 s simulated. Prints one JSON line: build and run times, steps/s, synaptic
// events/s, peak RSS, mean rate, and an estimate of the memory bandwidth used as a share of a
// measured copy bandwidth (bytes touched per step counted from the data layout; an estimate,
// not a hardware counter). The rank-20 low-rank term of the issue runs e → e beside the sparse
// matrix (A·B with A ~ N(0, 1)·0.0001 mV, B ~ U(0, 1), the 1.8 ms delay; small enough to leave the
// dynamics as they are); `--rank 0` leaves it out.
// Usage: node bench/simulator/scale-ours.mjs [--neurons 130000] [--duration-s 1] [--rank 20]
import { compileNetwork, createRng, createSimState, fixedOutDegreeProjection, runSimulation } from '@olfactory/neurons';

const arg = (name, fallback) => {
  const k = process.argv.indexOf(name);
  return k >= 0 ? Number(process.argv[k + 1]) : fallback;
};
const n = arg('--neurons', 130000);
const durationS = arg('--duration-s', 1);
const rank = arg('--rank', 20);
const dtMs = 0.2;
const delaySteps = 9;
const outDegree = 38;
const nE = Math.round(n * 0.8);
const nI = n - nE;
const scale = 80 / outDegree;
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

let t0 = performance.now();
const rng = createRng(1);
const lif = (name, size) => ({
  kind: 'lif',
  name,
  size,
  tauMemMs: 20,
  vRestMv: -49,
  vThresholdMv: -50,
  vResetMv: -60,
  refractoryMs: 5,
  synapses: { exc: { tauMs: 5 }, inh: { tauMs: 10 } },
  vInitMv: { kind: 'uniform', lowMv: -60, highMv: -50 },
});
const sizes = { e: nE, i: nI };
// Each neuron's 38 targets are split between e and i in proportion to their sizes (30 + 8).
const kTo = { e: Math.round(outDegree * 0.8), i: outDegree - Math.round(outDegree * 0.8) };
const proj = (pre, post, stream) =>
  fixedOutDegreeProjection({
    name: `${pre}${post}`,
    pre,
    post,
    synapse: pre === 'e' ? 'exc' : 'inh',
    preSize: sizes[pre],
    postSize: sizes[post],
    outDegree: kTo[post],
    weightMv: (pre === 'e' ? (60 * 0.27) / 10 : (-20 * 4.5) / 10) * scale,
    rng,
    stream,
    delaySteps,
  });
const spec = {
  populations: [lif('e', nE), lif('i', nI)],
  projections: [proj('e', 'e', 0), proj('e', 'i', 1), proj('i', 'e', 2), proj('i', 'i', 3)],
  monitors: [
    { kind: 'rate', name: 'e', population: 'e', binMs: 1000 * durationS, stopMs: 1000 * durationS },
    { kind: 'rate', name: 'i', population: 'i', binMs: 1000 * durationS, stopMs: 1000 * durationS },
  ],
};
if (rank > 0) {
  const a = new Float64Array(nE * rank);
  const b = new Float64Array(rank * nE);
  rng.block(0, 0, 1).fillNormal(a, 0, a.length);
  rng.block(0, 0, 2).fillUniform(b, 0, b.length);
  for (let k = 0; k < a.length; k++) a[k] *= 0.0001;
  spec.lowRankProjections = [{ name: 'lora', pre: 'e', post: 'e', synapse: 'exc', rank, aMv: a, b, delaySteps }];
}
const net = compileNetwork(spec, { dtMs, seed: 2 });
let state = createSimState(net);
const buildWallS = (performance.now() - t0) / 1000;
const synapses = net.projections.reduce((a, p) => a + p.postIndex.length, 0);

const c0 = cpu();
t0 = performance.now();
state = runSimulation(net, state, durationS * 1000, { inPlace: true });
const runWallS = (performance.now() - t0) / 1000;
const runCpuS = cpu() - c0;
const steps = Math.round((durationS * 1000) / dtMs);
const spikes = state.monitors.e.counts[0] + state.monitors.i.counts[0];
const events = spikes * outDegree;
const peakRssMb = process.resourceUsage().maxRSS / 1024; // before the bandwidth reference allocates 512 MiB

// Reference bandwidth: copying a 256 MiB Float64Array (bytes read + bytes written per second), best of 3.
const a = new Float64Array(1 << 25);
const b = new Float64Array(1 << 25);
a.fill(1);
let copyBytesPerS = 0;
for (let k = 0; k < 3; k++) {
  const s = performance.now();
  b.set(a);
  copyBytesPerS = Math.max(copyBytesPerS, (2 * a.byteLength) / ((performance.now() - s) / 1000));
}
// Bytes per step: the LIF kernel reads v, r, s_e, s_i and writes v, r, s_e, s_i (8 B each per
// neuron); delivery reads and writes s and its ring slot for both channels (32 B per neuron per
// channel); each synaptic event reads a target index and a weight (12 B) and updates a ring entry
// (16 B).
// The low-rank term reads A (8·r B per e neuron) every step with spikes and B's columns of the
// spiking neurons.
const bytesPerStep = n * 64 + n * 2 * 32 + (rank > 0 ? nE * rank * 8 : 0);
const bytes = bytesPerStep * steps + events * 28;
console.log(
  JSON.stringify({
    engine: '@olfactory/neurons runSimulation',
    neurons: n,
    synapses,
    dtMs,
    delayMs: delaySteps * dtMs,
    durationS,
    lowRankRank: rank,
    kernels: net.kernels.map((k) => k.kernel),
    buildWallS,
    runWallS,
    runCpuS,
    stepsPerSecond: steps / runWallS,
    stepsPerCpuSecond: steps / runCpuS,
    synapticEventsPerSecond: events / runWallS,
    meanRateHz: spikes / n / durationS,
    peakRssMb,
    copyBandwidthGBs: copyBytesPerS / 1e9,
    estimatedBandwidthGBs: bytes / runWallS / 1e9,
    estimatedBandwidthShare: bytes / runWallS / copyBytesPerS,
  }),
);
