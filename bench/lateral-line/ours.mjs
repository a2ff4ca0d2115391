#!/usr/bin/env node
// One process, one engine: @olfactory/lateral-line at full size (baseline recipe: 100 LL, 3,200 MON,
// 300 TS, 1.2-s trials at dt 1 ms), sized for a 10,000-trial run. Warms up, then times
// `--trials` training trials (CPU time of this process), runs one test sweep, and prints one
// JSON line: CPU and wall seconds per trial, peak resident memory, the state's size, rates.
import { advanceTraining, createTrainingRun, defineLateralLineParams, evaluateMap, trainedWeights } from '@olfactory/lateral-line';
import { encodeSimState } from '@olfactory/neurons';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const trials = Number(arg('trials', 20));
const warmup = Number(arg('warmup', 3));
const seed = Number(arg('seed', 123));
const p = defineLateralLineParams('baseline', { trials: 10000 });
const t0 = performance.now();
const run = createTrainingRun(p, seed);
const buildS = (performance.now() - t0) / 1000;
advanceTraining(run, warmup);
const c0 = process.cpuUsage();
const w0 = performance.now();
advanceTraining(run, trials);
const c = process.cpuUsage(c0);
const wallS = (performance.now() - w0) / 1000;
const cpuS = (c.user + c.system) / 1e6;
const e0 = performance.now();
const test = evaluateMap(p, { seed, weightsMv: trainedWeights(run) });
const evalWallS = (performance.now() - e0) / 1000;
const last = run.curve.at(-1);
console.log(
  JSON.stringify({
    engine: '@olfactory/lateral-line (runSimulation, wasm SIMD LIF, wasm STDP and delivery, wasm Poisson draws)',
    trialsTimed: trials,
    warmupTrials: warmup,
    cpuSPerTrial: cpuS / trials,
    wallSPerTrial: wallS / trials,
    buildWallS: buildS,
    testSweepWallS: evalWallS,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    simStateBytes: encodeSimState(run.state).length,
    monitorBytes: run.net.monitorMemory.totalBytes,
    kernels: run.net.kernels.map((k) => `${k.population}:${k.kernel}`),
    layouts: run.net.projections.filter((pr) => pr.stdp).map((pr) => `${pr.name}:${pr.layout}`),
    projectionKernels: run.net.projectionKernels.map((k) => `${k.projection}:${k.kernel}${k.reason ? ` (${k.reason})` : ''}`),
    poissonKernels: run.net.poissonKernels.map((k) => `${k.population}:${k.kernel}${k.reason ? ` (${k.reason})` : ''}`),
    rates: last ? { monHz: last.monRateHz, tsHz: last.tsRateHz } : null,
    testTs: { sigmaTheta: test.ts.sigmaTheta, validFraction: test.ts.validFraction },
  }),
);
