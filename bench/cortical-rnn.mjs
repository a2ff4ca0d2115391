#!/usr/bin/env node
// `pnpm bench:cortical-rnn`: cost of the MICrONS RNN study on this machine, one core: the
// trainer's default engine (onnxruntime on MLAS, one intra-op thread; BENCH_ENGINE=tfjs times the
// TF.js wasm engine instead).
//   - seconds per training of a plain variant (W) and a communicability variant (W*D*C) on field
//     6_6_2 (N = 312), task 1 (50-step sequences), batches of 128: BENCH_EPOCHS epochs (default 1)
//     of the 40 batches are timed and scaled to the reference's 10 epochs (each epoch is the same
//     40 batches, so an epoch's cost is constant); BENCH_EPOCHS=10 times the full training;
//   - seconds per 1,000-null small-world evaluation (matched-density G(n, m) nulls) of a trained
//     312-unit W_rec, and the rest of the graph metrics;
//   - the projected wall time of the 11 × 3 × 20 = 660-training table on one core: the 660
//     trainings split into their plain / WD / WDC / EMD shares (each timed class: plain = W, WD,
//     WD*; communicability = WDC, WD*C, W*D*C, W!D*C; EMD = the C* variants, timed separately
//     when BENCH_EMD=1, else counted as communicability), plus 660 metric evaluations.
// Prints ONE JSON object on stdout; progress on stderr. Needs the built packages (pnpm build)
// and the data (OLFACTORY_DATA_DIR or ../shared/data).
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { availableParallelism, loadavg } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { RNG_STREAMS, loadCorticalField, randomSource, trainRnn, variantByName, weightGraphMetrics } from '@olfactory/cortical-rnn';

const here = dirname(fileURLToPath(import.meta.url));
const dataDir = process.env.OLFACTORY_DATA_DIR ?? resolve(here, '../../shared/data');
if (!existsSync(join(dataDir, 'microns-corticalblueprint'))) {
  process.stderr.write(`bench:cortical-rnn: no microns-corticalblueprint/ in ${dataDir}; set OLFACTORY_DATA_DIR.\n`);
  process.exit(1);
}
const epochs = Number(process.env.BENCH_EPOCHS ?? 1);
const timeEmd = process.env.BENCH_EMD === '1';
const engine = process.env.BENCH_ENGINE ?? 'auto';
await tf.setBackend('wasm');
await tf.ready();
const field = await loadCorticalField({ field: '6_6_2', dataDir });

const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

async function timeTraining(variant) {
  const batchMs = [];
  let last = performance.now();
  const cpu0 = cpuSeconds();
  const r = await trainRnn({
    field,
    variant: variantByName(variant),
    task: 'maze',
    simulation: 0,
    epochs,
    engine,
    threads: 1,
    onBatch: (b) => {
      const now = performance.now();
      batchMs.push(now - last);
      last = now;
      if (b.batch % 10 === 9) process.stderr.write(`${variant}: epoch ${b.epoch + 1}/${epochs} batch ${b.batch + 1}/40 (${(batchMs.at(-1) / 1000).toFixed(2)} s/batch)\n`);
    },
  });
  const trainSeconds = batchMs.reduce((a, b) => a + b, 0) / 1000;
  const evalSeconds = r.seconds - trainSeconds;
  // CPU time of the whole training (one thread), scaled like the wall time: robust to other load
  const cpuTotal = cpuSeconds() - cpu0;
  const cpuPer10Epochs = ((cpuTotal * trainSeconds) / r.seconds / epochs) * 10 + (cpuTotal * evalSeconds) / r.seconds;
  return {
    variant,
    epochsTimed: epochs,
    batches: batchMs.length,
    secondsPerBatch: trainSeconds / batchMs.length,
    evalSeconds,
    secondsPer10Epochs: (trainSeconds / epochs) * 10 + evalSeconds,
    cpuPer10Epochs,
    result: r,
  };
}

const plain = await timeTraining('W');
const comm = await timeTraining('W*D*C');
const emd = timeEmd ? await timeTraining('W*D*C*') : null;
const t0 = performance.now();
const m = weightGraphMetrics(comm.result.recurrent, 312, { rng: randomSource(0, RNG_STREAMS.nulls).uniform, nulls: 1000 });
const metricsSeconds = (performance.now() - t0) / 1000;
const t1 = performance.now();
weightGraphMetrics(comm.result.recurrent, 312, { rng: randomSource(0, RNG_STREAMS.nulls).uniform, nulls: 1 });
const metricsWithoutNullsSeconds = (performance.now() - t1) / 1000;
const nullSeconds = metricsSeconds - metricsWithoutNullsSeconds;

// per simulation and task: 3 plain-cost variants (W, WD, WD*), 4 direct-communicability, 4 EMD
const perCell = (3 * plain.secondsPer10Epochs + 4 * comm.secondsPer10Epochs + 4 * (emd ?? comm).secondsPer10Epochs) / 11;
const perCellCpu = (3 * plain.cpuPer10Epochs + 4 * comm.cpuPer10Epochs + 4 * (emd ?? comm).cpuPer10Epochs) / 11;
const projectedTableSeconds = 660 * (perCell + metricsSeconds);
const out = {
  machine: `this machine, ${plain.result.engine === 'onnxruntime' ? 'onnxruntime-node (MLAS), one intra-op thread' : 'TF.js wasm backend, one thread'}`,
  engine: plain.result.engine,
  loadAverage1mAtEnd: loadavg()[0],
  cores: availableParallelism(),
  field: '6_6_2',
  n: 312,
  epochsTimed: epochs,
  secondsPerTrainingPlain: plain.secondsPer10Epochs,
  secondsPerTrainingCommunicability: comm.secondsPer10Epochs,
  ...(emd ? { secondsPerTrainingEmd: emd.secondsPer10Epochs } : {}),
  secondsPerBatchPlain: plain.secondsPerBatch,
  secondsPerBatchCommunicability: comm.secondsPerBatch,
  secondsPer1000NullSmallWorld: nullSeconds,
  secondsPerMetricsEvaluation: metricsSeconds,
  projectedSecondsFullTable660: projectedTableSeconds,
  projectedHoursFullTable660: projectedTableSeconds / 3600,
  projectedSecondsOneSimulation33Cells: 33 * (perCell + metricsSeconds),
  // from CPU time, i.e. what an otherwise idle core gives; one simulation on all cores at once
  cpuSecondsPerTrainingPlain: plain.cpuPer10Epochs,
  cpuSecondsPerTrainingCommunicability: comm.cpuPer10Epochs,
  projectedCpuSecondsOneSimulation33Cells: 33 * (perCellCpu + metricsSeconds),
  projectedWallMinutesOneSimulationAllCores: (33 * (perCellCpu + metricsSeconds)) / availableParallelism() / 60,
  targetWallMinutesOneSimulation2Cores: 15,
  sampleMetrics: { modularity: m.modularity, smallWorldness: m.smallWorldness, assortativity: m.assortativity, entropyBits: m.entropyBits, density: m.density, nullDensity: m.nullDensity },
};
process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
