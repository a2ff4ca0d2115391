/**
 * Worker thread of `olfactory train`: trains one seed and reports progress to the main thread.
 * All files of the seed are written here (atomically): progress.json (with Adam state, for
 * resuming), train.jsonl (one line per epoch) and, at the end, checkpoint.json.
 */
import { appendFile, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import type { CircuitPreprocessing } from '@olfactory/connectome-data';
import { buildOlfactoryCircuit, describePreprocessing, loadOlfactoryData, samePreprocessing, shuffleOlfactoryCircuit, writeFileAtomic } from '@olfactory/connectome-data';
import type { Checkpoint, LoadedCheckpoint, TrainedTeacher, TrainingVariant } from '@olfactory/model';
import {
  CANONICAL_TRAINING,
  buildSpikingCircuit,
  checkpointPreprocessing,
  checkpointTrainingVariant,
  layoutForCircuit,
  odorSet,
  readCachedTeacher,
  readCheckpoint,
  teacherCacheKey,
  trainStudentRun,
  trainingVariantDifferences,
  writeCachedTeacher,
  writeCheckpoint,
} from '@olfactory/model';
import type { BackendChoice } from '../util/tf-backend';
import { loadTensorflow } from '../util/tf-backend';
import { existsSync } from 'node:fs';
import { warnParsedCache } from '../util/warn';

export interface TrainJob {
  readonly seed: number;
  readonly epochs: number;
  readonly teacherEpochs: number;
  /** Test accuracy and KC sparsity every N epochs (`trainStudentRun`'s `testEvery`; default 1). */
  readonly testEvery?: number;
  /** Every connectome preprocessing choice (recorded in the checkpoint). */
  readonly preprocessing: CircuitPreprocessing;
  /** The training switches of spec §3.7 (absent: the canonical training). */
  readonly training?: TrainingVariant;
  readonly dataDir?: string;
  readonly seedDir: string;
  readonly backend: BackendChoice;
  /** Generate the circuit noise on a second core (`trainStudentRun`'s `noiseWorker`). */
  readonly noiseWorker?: boolean;
  readonly producerVersion: string;
  /**
   * A teacher-cache folder (`--teacher-cache`): the rate teacher is read from there when a
   * verified entry for exactly its inputs exists, else trained and stored there.
   */
  readonly teacherCache?: string;
}

export type TrainMessage =
  | { type: 'backend'; seed: number; backend: string }
  | { type: 'resume'; seed: number; completedEpochs: number }
  | { type: 'skip'; seed: number; completedEpochs: number }
  | { type: 'warning'; seed: number; message: string }
  | { type: 'teacher'; seed: number; epoch: number; epochs: number }
  | { type: 'teacher-cache'; seed: number; status: 'hit' | 'stored'; file: string; seconds?: number }
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
  warnParsedCache(data.cache);
  const training = job.training ?? CANONICAL_TRAINING;
  const built = buildOlfactoryCircuit(data.connectome, { preprocessing: job.preprocessing });
  const circuit = training.shuffledConnectome ? shuffleOlfactoryCircuit(built, seed) : built;
  const odors = odorSet(data.odors.normalized, data.odors.normalized.length / data.odors.conditions.length, training.odorCount, seed).odors;
  const spiking = buildSpikingCircuit(circuit);
  const layout = layoutForCircuit(spiking);
  const dataFiles = data.files.map((f) => [f.path, f.sha256] as const);
  const door = Object.fromEntries(dataFiles.filter(([p]) => p.startsWith('door2/')));
  const sameConfig = (c: LoadedCheckpoint, what: string) => {
    const differences = runDifferences(c.checkpoint, job, { connectomeSha256: circuit.sourceSha256, door });
    if (differences.length > 0) {
      throw new Error(`${what} holds a different run: ${differences.join('; ')}. Use another --out or delete that folder.`);
    }
  };
  if (existsSync(final)) {
    const done = await readCheckpoint(final, layout);
    sameConfig(done, final);
    if (existsSync(progress)) {
      // a run killed after writing checkpoint.json but before removing progress.json
      post({ type: 'warning', seed, message: `removed the stale ${progress}: the seed is finished (${final}).` });
      await rm(progress, { force: true });
    }
    post({ type: 'skip', seed, completedEpochs: done.checkpoint.completedEpochs });
    post({ type: 'done', seed, checkpoint: final, summary: summaryOf(done.checkpoint) });
    return;
  }
  let resume: LoadedCheckpoint | undefined;
  if (existsSync(progress)) {
    try {
      resume = await readCheckpoint(progress, layout);
    } catch (error) {
      // a progress file that does not validate is not trusted: the seed starts again from scratch
      post({ type: 'warning', seed, message: `ignored ${progress}, which does not validate (${error instanceof Error ? error.message : String(error)}); training seed ${seed} from the start.` });
      await rm(progress, { force: true });
    }
  }
  if (resume) {
    sameConfig(resume, progress);
    post({ type: 'resume', seed, completedEpochs: resume.checkpoint.completedEpochs });
    // the log is rewritten from the checkpoint's history: lines of an epoch that did not finish are dropped
    await writeFileAtomic(log, resume.checkpoint.history.map((e) => `${JSON.stringify({ seed, ...e })}\n`).join(''));
  } else {
    await writeFileAtomic(log, '');
  }
  const { tf, backend } = await loadTensorflow(job.backend);
  post({ type: 'backend', seed, backend });
  // the teacher cache: only for a run that trains its teacher (not on resume)
  let cachedTeacher: TrainedTeacher | undefined;
  let onTeacherTrained: ((t: TrainedTeacher) => Promise<void>) | undefined;
  if (job.teacherCache !== undefined && !resume) {
    const cacheDir = job.teacherCache;
    const key = teacherCacheKey({ circuit, odors, seed, teacherEpochs: job.teacherEpochs, nReceptors: spiking.sizes.receptors, backend });
    const found = await readCachedTeacher(cacheDir, key, { seed, teacherEpochs: job.teacherEpochs, classes: odors.length / spiking.sizes.receptors, kc: spiking.sizes.kc });
    if (found.status === 'hit') {
      cachedTeacher = found.teacher;
      post({ type: 'teacher-cache', seed, status: 'hit', file: found.file });
    } else {
      if (found.status === 'invalid') post({ type: 'warning', seed, message: `teacher cache ${found.file}: ${found.problem}; retraining the teacher and replacing it.` });
      const t0 = performance.now();
      onTeacherTrained = async (t) => {
        const file = await writeCachedTeacher(cacheDir, key, { seed, teacherEpochs: job.teacherEpochs }, t);
        post({ type: 'teacher-cache', seed, status: 'stored', file, seconds: (performance.now() - t0) / 1000 });
      };
    }
  }
  const checkpoint = await trainStudentRun({
    tf,
    circuit,
    spiking,
    odors,
    seed,
    switches: training.switches,
    energy: training.energy,
    aplBoost: training.aplBoost,
    aplLrMultiplier: training.aplLrMultiplier,
    epochs: job.epochs,
    teacherEpochs: job.teacherEpochs,
    ...(job.testEvery !== undefined ? { testEvery: job.testEvery } : {}),
    data: { connectomeSha256: circuit.sourceSha256, door },
    producer: { name: '@olfactory/cli', version: job.producerVersion },
    resume,
    ...(cachedTeacher ? { teacher: cachedTeacher } : {}),
    ...(onTeacherTrained ? { onTeacherTrained } : {}),
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

/** The rate-teacher epochs of checkpoints written before they were recorded (the default then). */
const DEFAULT_TEACHER_EPOCHS = 300;

/**
 * Every setting that changes a training result, compared between a checkpoint (finished or in
 * progress) and this job: `setting: on disk X, this run asks for Y` for each that differs. An
 * empty list means the checkpoint belongs to the same run (so it may be skipped or resumed).
 */
export function runDifferences(c: Checkpoint, job: Pick<TrainJob, 'seed' | 'epochs' | 'teacherEpochs' | 'preprocessing' | 'training'>, data: Checkpoint['data']): string[] {
  const k = c.config;
  const out: string[] = [];
  const cmp = (setting: string, disk: unknown, asked: unknown) => {
    if (disk !== asked) out.push(`${setting}: on disk ${String(disk)}, this run asks for ${String(asked)}`);
  };
  cmp('seed', k.seed, job.seed);
  cmp('--epochs', k.epochs, job.epochs);
  cmp('--teacher-epochs', k.teacherEpochs ?? DEFAULT_TEACHER_EPOCHS, job.teacherEpochs);
  // the connectome preprocessing (--variant, --or-mapping, --ln-quantile)
  let disk: string;
  try {
    const theirs = checkpointPreprocessing(k);
    disk = samePreprocessing(theirs, job.preprocessing) ? describePreprocessing(job.preprocessing) : describePreprocessing(theirs);
  } catch (e) {
    disk = `unreadable (${(e as Error).message})`;
  }
  cmp('preprocessing', disk, describePreprocessing(job.preprocessing));
  // not flags of `olfactory train`, but recorded: a checkpoint made with other values is another run
  cmp('batch size', k.batchSize, 16);
  cmp('training repeats', k.trainRepeats, 10);
  cmp('test repeats', k.testRepeats, 5);
  // the training switches of §3.7 (recorded; absent fields are canonical)
  for (const d of trainingVariantDifferences(checkpointTrainingVariant(k), job.training ?? CANONICAL_TRAINING)) out.push(d.replace(/: (.*) vs (.*)$/, ': on disk $1, this run asks for $2'));
  cmp('connectome sha256', c.data?.connectomeSha256, data.connectomeSha256);
  const doorDisk = c.data?.door ?? {};
  const changed = Object.keys({ ...doorDisk, ...data.door }).filter((f) => doorDisk[f] !== data.door[f]);
  if (changed.length > 0) out.push(`DoOR data: ${changed.length} file(s) differ (${changed.slice(0, 3).join(', ')}${changed.length > 3 ? ', …' : ''})`);
  return out;
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
