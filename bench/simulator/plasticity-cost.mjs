#!/usr/bin/env node
// The plasticity-cost part of `pnpm bench:simulator`: the extra time a learning rule adds, in ns
// per synapse-step, measured as (run with the rule − the same run without it) / (synapses × steps),
// each the best of 3 runs on one core:
//   - pair-based additive STDP on 100,000 synapses (1,000 Poisson → 1,000 LIF, p = 0.1), with the
//     WebAssembly STDP and delivery kernels (the default) and with kernels: 'javascript'
//     (`stdpJavascript`; both runs of that pair in JavaScript);
//   - the same rule on the lateral line's MON → TS fan-in (3,200 Poisson at 9 Hz → 300 LIF at
//     ≈ 20 Hz, out-degree 16, dt 1 ms, 5,000 steps), where STDP events dominate: ns per synapse
//     event (pre events: presynaptic spikes × out-degree; post events: postsynaptic spikes ×
//     in-degree), WebAssembly kernels vs kernels: 'javascript' (`stdpFanIn`);
//   - reward-modulated e-prop eligibility on 1,000,000 synapses (2,000 Poisson → 5,000 LIF, p = 0.1);
//   - the low-rank term's eligibility-trace gradients (rank 20, 20,000 → 20,000) with a learning
//     signal set, per step and per (N_pre + N_post)·r.
// Prints one JSON line. Usage: node bench/simulator/plasticity-cost.mjs [--steps 2000]
import { compileNetwork, createRng, createSimState, epropReward, fixedOutDegreeProjection, fixedProbabilityProjection, runSimulation, setLearningSignal, stdpAdditive } from '@olfactory/neurons';

const arg = (name, fallback) => {
  const k = process.argv.indexOf(name);
  return k >= 0 ? Number(process.argv[k + 1]) : fallback;
};
const steps = arg('--steps', 2000);
const dtMs = 0.1;

const lif = (size) => ({
  kind: 'lif',
  name: 'out',
  size,
  tauMemMs: 20,
  vRestMv: 0,
  vThresholdMv: 20,
  vResetMv: 0,
  refractoryMs: 2,
  synapses: { exc: { tauMs: 5 }, inh: { tauMs: 10 } },
  vInitMv: { kind: 'uniform', lowMv: 0, highMv: 20 },
});

function timeRun(spec, prepare = () => {}, kernels = 'auto', dt = dtMs) {
  const net = compileNetwork(spec, { dtMs: dt, seed: 3, kernels });
  let best = Infinity;
  let spikes = 0;
  for (let k = 0; k < 3; k++) {
    const s = createSimState(net);
    prepare(net, s);
    const t0 = performance.now();
    runSimulation(net, s, steps * dt, { inPlace: true });
    best = Math.min(best, (performance.now() - t0) / 1000);
    spikes = s.monitors.rate?.counts[0] ?? 0;
  }
  return { seconds: best, postRateHz: spikes / spec.populations[1].size / ((steps * dt) / 1000) };
}

function pair(nPre, nPost, rateHz, weightMv, rule, kernels = 'auto') {
  const conn = fixedProbabilityProjection({ name: 'ff', pre: 'in', post: 'out', synapse: 'exc', preSize: nPre, postSize: nPost, probability: 0.1, weightMv, rng: createRng(1) });
  const spec = (plasticity) => ({
    populations: [{ kind: 'poisson', name: 'in', size: nPre, rateHz }, lif(nPost)],
    projections: [{ ...conn, plasticity }],
    monitors: [{ kind: 'rate', name: 'rate', population: 'out', binMs: steps * dtMs, stopMs: steps * dtMs }],
  });
  const plain = timeRun(spec([]), undefined, kernels);
  const learning = timeRun(spec([rule]), undefined, kernels);
  const synapses = conn.postIndex.length;
  return { synapses, steps, plainS: plain.seconds, withRuleS: learning.seconds, postRateHz: learning.postRateHz, nsPerSynapseStep: ((learning.seconds - plain.seconds) / (synapses * steps)) * 1e9 };
}

const stdpRule = stdpAdditive({ tauPreMs: 20, tauPostMs: 20, aPreMv: 0.01, aPostMv: -0.0105, wMaxMv: 1 });
const stdp = pair(1000, 1000, 20, 2.5, stdpRule);
const stdpJavascript = pair(1000, 1000, 20, 2.5, stdpRule, 'javascript');
// The lateral line's MON → TS fan-in (pre-major in JavaScript would walk columns; 'auto' picks post-major).
function fanIn(kernels) {
  const dt = 1;
  const n = steps;
  const conn = fixedOutDegreeProjection({ name: 'ff', pre: 'in', post: 'out', synapse: 'exc', preSize: 3200, postSize: 300, outDegree: 16, weightMv: 0, rng: createRng(2) });
  const w = Float64Array.from(conn.postIndex, (_, s) => 4 + ((s * 7919) % 101) / 50);
  const spec = (plasticity) => ({
    populations: [
      { kind: 'poisson', name: 'in', size: 3200, rateHz: 9 },
      { ...lif(300), tauMemMs: 10, synapses: { exc: { tauMs: 2 }, inh: { tauMs: 2 } } },
    ],
    projections: [{ ...conn, weightsMv: w, plasticity }],
    monitors: [{ kind: 'rate', name: 'rate', population: 'out', binMs: n * dt, stopMs: n * dt }],
  });
  const rule = stdpAdditive({ tauPreMs: 20, tauPostMs: 20, aPreMv: 0.05, aPostMv: -0.06, wMaxMv: 6 });
  const plain = timeRun(spec([]), undefined, kernels, dt);
  const learning = timeRun(spec([rule]), undefined, kernels, dt);
  const synapses = conn.postIndex.length;
  const preEvents = 3200 * 9 * ((n * dt) / 1000) * 16;
  const postEvents = learning.postRateHz * 300 * ((n * dt) / 1000) * (synapses / 300);
  return {
    kernels,
    synapses,
    steps: n,
    plainS: plain.seconds,
    withRuleS: learning.seconds,
    postRateHz: learning.postRateHz,
    synapseEvents: Math.round(preEvents + postEvents),
    nsPerSynapseEvent: ((learning.seconds - plain.seconds) / (preEvents + postEvents)) * 1e9,
  };
}
const stdpFanIn = { wasm: fanIn('auto'), javascript: fanIn('javascript') };

const eprop = pair(2000, 5000, 10, 2.5, epropReward({ tauPreMs: 20, tauEligibilityMs: 50, pseudoDerivative: { gamma: 0.5 }, learningRate: 0.1, baselineDecay: 0.99, wMinMv: -15, wMaxMv: 15 }));

// low-rank eligibility-trace gradients: the same network with and without etrace (ℓ ≠ 0 throughout)
const nLr = 20000;
const rank = 20;
const rng = createRng(9);
const u = new Float64Array(nLr * rank);
rng.block(0, 0, 0).fillUniform(u, 0, u.length);
const aMv = Float64Array.from(u, (x) => (x - 0.5) * 0.02);
const b = Float64Array.from(u, (x) => x * 0.05);
const lrSpec = (etrace) => ({
  populations: [{ kind: 'poisson', name: 'in', size: nLr, rateHz: 5 }, lif(nLr)],
  lowRankProjections: [{ name: 'lora', pre: 'in', post: 'out', synapse: 'exc', rank, aMv, b, delaySteps: 9, ...(etrace ? { etrace: { decay: 0.99, pseudoDerivative: { gamma: 0.5 } } } : {}) }],
  monitors: [{ kind: 'rate', name: 'rate', population: 'out', binMs: steps * dtMs, stopMs: steps * dtMs }],
});
const lrPlain = timeRun(lrSpec(false));
const lrTrace = timeRun(lrSpec(true), (net, s) => setLearningSignal(net, s, 'lora', new Float64Array(nLr).fill(1)));
const lowRank = {
  neurons: nLr,
  rank,
  steps,
  plainS: lrPlain.seconds,
  withEtraceS: lrTrace.seconds,
  usPerStep: ((lrTrace.seconds - lrPlain.seconds) / steps) * 1e6,
  nsPerFactorEntryStep: ((lrTrace.seconds - lrPlain.seconds) / steps / (2 * nLr * rank)) * 1e9,
  propagationUsPerStep: (lrPlain.seconds / steps) * 1e6,
};
console.log(JSON.stringify({ engine: '@olfactory/neurons runSimulation', dtMs, stdp, stdpJavascript, stdpFanIn, eprop, lowRank }));
