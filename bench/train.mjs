#!/usr/bin/env node
// `pnpm bench:train`: training throughput of the student, batch 16, 30 steps, soft spikes, full
// circuit noise, measured side by side in one run:
//   - fused: the real optimizer step, `createStudentTrainer(...).step(batch)` (fused engine
//     forward + BPTT as one op, TF.js decoder, loss, clip and Adam) on one core, with the circuit
//     noise generated on the second core (`noiseWorker`, next batch prefetched) — how
//     `olfactory train` runs a seed when a core is free;
//   - fused, one core: the same step with the noise generated in the same thread;
//   - tfjs:  the same circuit written in TF.js ops (`tfjsCircuitForward`) differentiated by
//     autodiff (`tf.variableGrads`), with the same decoder, loss and Adam, on one core (the TF.js
//     wasm backend is single-threaded).
// Prints ONE JSON object { fusedStepsPerSecond, fusedStepsPerSecondOneCore,
// fusedStepsPerCpuSecondOneCore (the one-core steps per second of process CPU time: steadier on a
// shared machine), tfjsStepsPerSecond, ratio, peakRssMb, projectedSecondsPerSeed } on stdout (ratio = one core against one core); the
// measurements behind it go to stderr as JSON (engineInThread.forwardNoiselessMs: the same forward
// without circuit noise, so forwardMs − forwardNoiselessMs is the in-thread noise generation).
// projectedSecondsPerSeed = 300 epochs × 18 fused steps + the per-epoch monitoring of
// `trainStudentRun` (140 test samples every epoch; decorrelation and Mancini passes every 50th
// epoch), each measured here. Needs the built packages (pnpm build) and the data
// (OLFACTORY_DATA_DIR or ../shared/data). BENCH_STEPS / BENCH_TFJS_STEPS set the repetitions.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { buildOlfactoryCircuit, loadOlfactoryData } from '@olfactory/connectome-data';
import { createRng } from '@olfactory/neurons';
import {
  NOISE_STREAM,
  STEPS,
  buildSpikingCircuit,
  createCircuitEngine,
  createStudentTrainer,
  fillCircuitNoise,
  fillNoisyOdorSamples,
  initialStudentParameters,
  monitorStudent,
} from '@olfactory/model';
import { createTfjsCircuit, tfjsCircuitForward } from '@olfactory/model/test';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = process.env.OLFACTORY_DATA_DIR ?? resolve(root, '../shared/data');
const fusedSteps = Number(process.env.BENCH_STEPS ?? 60);
const tfjsSteps = Number(process.env.BENCH_TFJS_STEPS ?? 3);
const EPOCHS = 300;
const STEPS_PER_EPOCH = 18; // ⌈28 odors × 10 repeats / 16⌉

await tf.setBackend('wasm');
const cacheDir = mkdtempSync(join(tmpdir(), 'olf-bench-train-'));
const data = await loadOlfactoryData({ dataDir, cacheDir });
rmSync(cacheDir, { recursive: true, force: true });
const circuit = buildSpikingCircuit(buildOlfactoryCircuit(data.connectome));
const nR = circuit.sizes.receptors;
const nKc = circuit.sizes.kc;
const nClasses = data.odors.normalized.length / nR;
const B = 16;
const rng = createRng(42);
const params = initialStudentParameters(circuit, { orGains: new Array(nR).fill(1), aplGainRaw: 0.9 });
const decoderWeight = new Float32Array(nClasses * nKc);
const decoderBias = new Float32Array(nClasses);
{
  const g = createRng(7).block(0, 0, 0);
  g.fillUniform(decoderWeight, 0, decoderWeight.length);
  for (let i = 0; i < decoderWeight.length; i++) decoderWeight[i] = (decoderWeight[i] - 0.5) / 6;
}
const odors = Float32Array.from(data.odors.normalized);
/** Batch k of an endless training stream: noisy odor samples, their labels and circuit-noise keys. */
const batchAt = (k) => {
  const ids = Int32Array.from({ length: B }, (_, i) => (k * B + i) % (nClasses * 10));
  const receptors = new Float32Array(B * nR);
  const labels = new Int32Array(B);
  const stream = NOISE_STREAM.STUDENT_TRAIN_BASE + Math.floor((k * B) / (nClasses * 10));
  fillNoisyOdorSamples(odors, nR, 10, ids, rng, stream, receptors, labels);
  return { receptors, labels, sampleIds: Array.from(ids), rng, stream, epoch: 0 };
};
const seconds = (f) => {
  const t0 = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - t0) / 1e9;
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// ---- fused: the trainer's step
const trainer = createStudentTrainer(tf, circuit, { params, decoderWeight, decoderBias });
for (let k = 0; k < 5; k++) trainer.step(batchAt(k));
const fusedTimes = [];
// CPU time of the process over the same steps (one thread here): steadier than wall time on a shared machine
const cpu0 = process.cpuUsage();
for (let k = 0; k < fusedSteps; k++) {
  const batch = batchAt(5 + k);
  fusedTimes.push(seconds(() => trainer.step(batch)));
}
const cpu = process.cpuUsage(cpu0);
const fusedTotal = fusedTimes.reduce((a, b) => a + b, 0);
const fusedStepsPerSecondOneCore = fusedSteps / fusedTotal;
const fusedStepsPerCpuSecondOneCore = fusedSteps / ((cpu.user + cpu.system) / 1e6);
trainer.dispose();

// ---- fused with the circuit noise on the second core (noise worker, next batch prefetched)
const trainerW = createStudentTrainer(tf, circuit, { params, decoderWeight, decoderBias }, { noiseWorker: true });
const withNext = (k) => {
  const b = batchAt(k);
  const n = batchAt(k + 1);
  return { ...b, next: { sampleIds: n.sampleIds, stream: n.stream } };
};
for (let k = 0; k < 5; k++) trainerW.step(withNext(k));
const workerTimes = [];
for (let k = 0; k < fusedSteps; k++) {
  const batch = withNext(5 + k);
  workerTimes.push(seconds(() => trainerW.step(batch)));
}
const fusedStepsPerSecond = fusedSteps / workerTimes.reduce((a, b) => a + b, 0);
trainerW.dispose();

// ---- the engine alone (forward + backward), without and with the noise worker
const engineTimes = (engine, prefetch) => {
  const w = Float32Array.from({ length: B * nKc }, (_, i) => Math.sin(i));
  const fwd = [];
  const bwd = [];
  for (let k = 0; k < 5 + fusedSteps; k++) {
    const b = batchAt(k);
    const src = { rng, sampleIds: b.sampleIds, stream: b.stream };
    if (prefetch && k === 0) engine.prefetchNoise(src);
    const f = seconds(() => engine.forward(params, b.receptors, { mode: 'soft', noise: src, record: true }));
    if (prefetch) {
      const n = batchAt(k + 1);
      engine.prefetchNoise({ rng, sampleIds: n.sampleIds, stream: n.stream });
    }
    const g = seconds(() => engine.backward(w));
    if (k >= 5) (fwd.push(f), bwd.push(g));
  }
  // the same forwards without circuit noise: the difference is the in-thread noise generation
  const quiet = [];
  if (!prefetch) {
    for (let k = 0; k < 5 + fusedSteps; k++) {
      const b = batchAt(k);
      const f = seconds(() => engine.forward(params, b.receptors, { mode: 'soft', noise: null, record: true }));
      if (k >= 5) quiet.push(f);
    }
  }
  engine.dispose();
  const total = fwd.reduce((a, b) => a + b, 0) + bwd.reduce((a, b) => a + b, 0);
  const noiseless = quiet.length > 0 ? { forwardNoiselessMs: +(1e3 * median(quiet)).toFixed(2) } : {};
  return { forwardMs: +(1e3 * median(fwd)).toFixed(2), backwardMs: +(1e3 * median(bwd)).toFixed(2), stepsPerSecond: +(fwd.length / total).toFixed(2), ...noiseless };
};
const engineInThread = engineTimes(createCircuitEngine(circuit, B), false);
const engineWithWorker = engineTimes(createCircuitEngine(circuit, B, { noiseWorker: true }), true);

// ---- TF.js autodiff formulation: same decoder, loss and Adam
const model = createTfjsCircuit(tf, circuit);
const theta = tf.variable(tf.tensor1d(Float32Array.from(params.values)), true, 'bench.theta');
const W = tf.variable(tf.tensor2d(decoderWeight, [nClasses, nKc]).transpose(), true, 'bench.W');
const bias = tf.variable(tf.tensor1d(decoderBias), true, 'bench.b');
const adam = tf.train.adam(1e-3);
const tfjsStep = (batch) => {
  const noise = Array.from({ length: STEPS }, (_, t) => {
    const buf = new Float32Array(circuit.noise.perSampleStep * B);
    fillCircuitNoise(circuit.noise, { rng, sampleIds: batch.sampleIds, stream: batch.stream }, t, buf);
    return buf;
  });
  tf.tidy(() => {
    const x = tf.tensor2d(batch.receptors, [B, nR]);
    const y = tf.oneHot(tf.tensor1d(batch.labels, 'int32'), nClasses);
    const { grads } = tf.variableGrads(() => {
      const rates = tf.div(tfjsCircuitForward(model, params, theta, x, noise).kc, STEPS);
      return tf.losses.softmaxCrossEntropy(y, tf.add(tf.matMul(rates, W), bias));
    }, [theta, W, bias]);
    const norm = Math.sqrt(Object.values(grads).reduce((a, g) => a + tf.sum(tf.square(g)).dataSync()[0], 0));
    const coef = Math.min(1, 5 / (norm + 1e-6));
    adam.applyGradients(Object.fromEntries(Object.entries(grads).map(([k, g]) => [k, tf.mul(g, coef)])));
  });
};
tfjsStep(batchAt(0));
const tfjsTimes = [];
for (let k = 0; k < tfjsSteps; k++) {
  const batch = batchAt(1 + k);
  tfjsTimes.push(seconds(() => tfjsStep(batch)));
}
const tfjsStepsPerSecond = tfjsSteps / tfjsTimes.reduce((a, b) => a + b, 0);
model.dispose();

// ---- monitoring overhead of a training run (trainStudentRun's per-epoch evaluation)
const student = { circuit, params, decoderWeight, decoderBias };
monitorStudent(student, odors, rng, 0, 5, false);
const monitorSeconds = median([0, 1, 2].map((e) => seconds(() => monitorStudent(student, odors, rng, e, 5, false))));
const fullMonitorSeconds = median([0, 1, 2].map((e) => seconds(() => monitorStudent(student, odors, rng, e, 5, true))));
const fullMonitors = EPOCHS / 50;
const evaluationSeconds = (EPOCHS - fullMonitors) * monitorSeconds + fullMonitors * fullMonitorSeconds;
const trainingSeconds = (EPOCHS * STEPS_PER_EPOCH) / fusedStepsPerSecond;

const result = {
  fusedStepsPerSecond: +fusedStepsPerSecond.toFixed(2),
  fusedStepsPerSecondOneCore: +fusedStepsPerSecondOneCore.toFixed(2),
  fusedStepsPerCpuSecondOneCore: +fusedStepsPerCpuSecondOneCore.toFixed(2),
  tfjsStepsPerSecond: +tfjsStepsPerSecond.toFixed(3),
  ratio: +(fusedStepsPerSecondOneCore / tfjsStepsPerSecond).toFixed(1),
  peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  projectedSecondsPerSeed: Math.round(trainingSeconds + evaluationSeconds),
};
console.error(
  JSON.stringify({
    benchmark: 'train',
    batch: B,
    steps: STEPS,
    fusedStepMs: { median: +(1e3 * median(workerTimes)).toFixed(2), min: +(1e3 * Math.min(...workerTimes)).toFixed(2) },
    fusedOneCoreStepMs: { median: +(1e3 * median(fusedTimes)).toFixed(2), min: +(1e3 * Math.min(...fusedTimes)).toFixed(2) },
    engineInThread,
    engineWithNoiseWorker: engineWithWorker,
    tfjsStepMs: tfjsTimes.map((t) => +(1e3 * t).toFixed(0)),
    monitorSeconds: { perEpoch: +monitorSeconds.toFixed(3), full: +fullMonitorSeconds.toFixed(3) },
    projection: { trainingSeconds: Math.round(trainingSeconds), evaluationSeconds: Math.round(evaluationSeconds) },
  }),
);
console.log(JSON.stringify(result, null, 2));
trainer.dispose();
