/**
 * Worker thread of `olfactory train`: trains one seed and reports progress to the main thread.
 * All files of the seed are written here (atomically): progress.json (with Adam state, for
 * resuming), train.jsonl (one line per epoch) and, at the end, checkpoint.json.
 */
import { appendFile, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import type { CircuitPreprocessing } from '@olfactory/connectome-data';
import { buildOlfactoryCircuit, describePreprocessing, loadOlfactoryData, samePreprocessing, writeFileAtomic } from '@olfactory/connectome-data';
import type { Checkpoint, LoadedCheckpoint } from '@olfactory/model';
import { buildSpikingCircuit, checkpointPreprocessing, layoutForCircuit, readCheckpoint, trainStudentRun, writeCheckpoint } from '@olfactory/model';
import type { BackendChoice } from '../util/tf-backend';
import { loadTensorflow } from '../util/tf-backend';
import { existsSync } from 'node:fs';

export interface TrainJob {
  readonly seed: number;
  readonly epochs: number;
  readonly teacherEpochs: number;
  /** Every connectome preprocessing choice (recorded in the checkpoint). */
  readonly preprocessing: CircuitPreprocessing;
  readonly dataDir?: string;
  readonly seedDir: string;
  readonly backend: BackendChoice;
  /** Generate the circuit noise on a second core (`trainStudentRun`'s `noiseWorker`). */
  readonly noiseWorker?: boolean;
  readonly producerVersion: string;
}

export type TrainMessage =
  | { type: 'backend'; seed: number; backend: string }
  | { type: 'resume'; seed: number; completedEpochs: number }
  | { type: 'skip'; seed: number; completedEpochs: number }
  | { type: 'teacher'; seed: number; epoch: number; epochs: number }
  | { type: 'step'; seed: number; epoch: number; step: number; stepsPerEpoch: number }
  | { type: 'epoch'; seed: number; entry: Checkpoint['history'][number] }
  | { type: 'done'; seed: number; checkpoint: string; summary: Record<string, unknown> }
  | { type: 'error'; seed: number; message: string; stack?: string };

export async function runTrainJob(job: TrainJob, post: (m: TrainMessage) => void): Promise<void> {
  const { seed } = job;
  const final = join(job.seedDir, 'checkpoint.json');
  const progress = join(job.seedDir, 'progress.json');
  const log = join(job.seedDir, 'train.jsonl');
  await mkdir(job.seedDir, { recursive: true });
  const data = await loadOlfactoryData({ dataDir: job.dataDir });
  const circuit = buildOlfactoryCircuit(data.connectome, { preprocessing: job.preprocessing });
  const spiking = buildSpikingCircuit(circuit);
  const layout = layoutForCircuit(spiking);
  const sameConfig = (c: LoadedCheckpoint, what: string) => {
    const k = c.checkpoint.config;
    const theirs = checkpointPreprocessing(k, what);
    if (k.seed !== seed || !samePreprocessing(theirs, job.preprocessing) || k.epochs !== job.epochs) {
      throw new Error(
        `${what} holds a run with seed ${k.seed}, preprocessing ${describePreprocessing(theirs)}, --epochs ${k.epochs}; this run asks for seed ${seed}, preprocessing ${describePreprocessing(job.preprocessing)}, ${job.epochs} epochs. Use another --out or delete that folder.`,
      );
    }
  };
  if (existsSync(final)) {
    const done = await readCheckpoint(final, layout);
    sameConfig(done, final);
    post({ type: 'skip', seed, completedEpochs: done.checkpoint.completedEpochs });
    post({ type: 'done', seed, checkpoint: final, summary: summaryOf(done.checkpoint) });
    return;
  }
  let resume: LoadedCheckpoint | undefined;
  if (existsSync(progress)) {
    resume = await readCheckpoint(progress, layout);
    sameConfig(resume, progress);
    post({ type: 'resume', seed, completedEpochs: resume.checkpoint.completedEpochs });
    // the log is rewritten from the checkpoint's history: lines of an epoch that did not finish are dropped
    await writeFileAtomic(log, resume.checkpoint.history.map((e) => `${JSON.stringify({ seed, ...e })}\n`).join(''));
  } else {
    await writeFileAtomic(log, '');
  }
  const { tf, backend } = await loadTensorflow(job.backend);
  post({ type: 'backend', seed, backend });
  const dataFiles = data.files.map((f) => [f.path, f.sha256] as const);
  const checkpoint = await trainStudentRun({
    tf,
    circuit,
    spiking,
    odors: data.odors.normalized,
    seed,
    epochs: job.epochs,
    teacherEpochs: job.teacherEpochs,
    data: { connectomeSha256: circuit.sourceSha256, door: Object.fromEntries(dataFiles.filter(([p]) => p.startsWith('door2/'))) },
    producer: { name: '@olfactory/cli', version: job.producerVersion },
    resume,
    noiseWorker: job.noiseWorker === true,
    onTeacherEpoch: (e) => post({ type: 'teacher', seed, epoch: e.epoch + 1, epochs: e.epochs }),
    onStep: (e) => post({ type: 'step', seed, epoch: e.epoch, step: e.step + 1, stepsPerEpoch: e.stepsPerEpoch }),
    onEpoch: (entry) => post({ type: 'epoch', seed, entry }),
    saveProgress: async (c) => {
      await writeCheckpoint(progress, c);
      await appendFile(log, `${JSON.stringify({ seed, ...c.history[c.history.length - 1] })}\n`);
    },
  });
  await writeCheckpoint(final, checkpoint);
  await rm(progress, { force: true });
  post({ type: 'done', seed, checkpoint: final, summary: summaryOf(checkpoint) });
}

function summaryOf(c: Checkpoint): Record<string, unknown> {
  const last = c.history[c.history.length - 1];
  const kc = c.parameters['kc.vTh'] as readonly number[];
  return {
    seed: c.config.seed,
    orMapping: c.config.orMapping,
    epochs: c.completedEpochs,
    teacherTestAccuracy: c.teacher.testAccuracy,
    testAccuracy: last?.testAccuracy,
    kcSparsity: last?.kcSparsity,
    gSomaNs: last?.gSomaNs,
    kcThresholdsAtUpperBound: kc.filter((v) => v >= -30.5e-3).length / kc.length,
  };
}

if (parentPort && workerData && (workerData as { kind?: string }).kind === 'olfactory-train') {
  const job = (workerData as { job: TrainJob }).job;
  const port = parentPort;
  runTrainJob(job, (m) => port.postMessage(m)).catch((e: unknown) => {
    port.postMessage({ type: 'error', seed: job.seed, message: e instanceof Error ? e.message : String(e), stack: e instanceof Error ? e.stack : undefined } satisfies TrainMessage);
  });
}
