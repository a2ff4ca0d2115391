import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { MultiBar, Presets } from 'cli-progress';
import type { BackendChoice } from '../util/tf-backend';
import { prepareOutputDir } from '../util/output-dir';
import { warn } from '../util/warn';
import type { OutputLock } from '../util/output-lock';
import { lockOutputDir } from '../util/output-lock';
import type { TrainJob, TrainMessage } from './train-worker';
import { runTrainJob } from './train-worker';
import { CliUsageError } from '../util/cli-error';
import type { CircuitPreprocessing } from '@olfactory/connectome-data';
import { describePreprocessing } from '@olfactory/connectome-data';
import type { TrainingVariant } from '@olfactory/model';
import { CANONICAL_TRAINING, trainingVariantDifferences } from '@olfactory/model';

export interface TrainCommandOptions {
  readonly seeds: readonly number[];
  readonly epochs: number;
  readonly teacherEpochs: number;
  /** Test accuracy and KC sparsity every N epochs (and every 50th and the last). Default 1. */
  readonly testEvery?: number;
  readonly workers?: number;
  /** The connectome preprocessing (a data variant, with --or-mapping / --ln-quantile applied). */
  readonly preprocessing: CircuitPreprocessing;
  /** The training switches of spec §3.7 (default: the canonical training). */
  readonly training?: TrainingVariant;
  readonly out: string;
  readonly dataDir?: string;
  readonly backend: BackendChoice;
  /** Circuit noise on a core of its own per seed: `auto` = when workers × 2 ≤ cores. Default auto. */
  readonly noiseWorker?: 'auto' | 'on' | 'off';
  readonly json: boolean;
  readonly enabled: boolean;
  /** Write nothing to stdout (a step of `olfactory reproduce --json`). */
  readonly silent?: boolean;
  readonly version: string;
  /** `--teacher-cache DIR`: reuse (or store) each seed's rate teacher there (see `TrainJob.teacherCache`). */
  readonly teacherCache?: string;
}

export { parseSeeds } from '../util/parse-seeds';

/**
 * Train each seed in its own worker thread (at most `workers` at once), with one progress bar
 * per seed (teacher epochs, then student epochs with ETA) on stderr. Every seed writes
 * `<out>/seed-<S>/{checkpoint.json, train.jsonl}`; a killed run resumes from `progress.json`.
 * Each `<out>/seed-<S>/` is locked for the run (another `train` of the same seed into the same
 * folder exits 1); other seeds may train into the same `--out` at the same time.
 */
export async function runTrain(o: TrainCommandOptions): Promise<void> {
  const out = await prepareOutputDir(o.out, '--out');
  // Each seed's folder is locked, not --out itself: trainings of other seeds into the same --out
  // (the jobs of one `olfactory experiment` condition, run side by side) do not collide.
  const locks: OutputLock[] = [];
  try {
    for (const seed of o.seeds) locks.push(await lockOutputDir(await prepareOutputDir(join(out, `seed-${seed}`), '--out'), 'train'));
    await trainInto(out, o);
  } finally {
    for (const lock of locks) await lock.release();
  }
}

async function trainInto(out: string, o: TrainCommandOptions): Promise<void> {
  const workers = Math.max(1, Math.min(o.workers ?? Math.min(o.seeds.length, availableParallelism()), o.seeds.length));
  const mode = o.noiseWorker ?? 'auto';
  const noiseWorker = mode === 'on' || (mode === 'auto' && 2 * workers <= availableParallelism());
  const tty = o.enabled && process.stderr.isTTY;
  const bars = tty
    ? new MultiBar({ format: ' seed {seed} {phase} {bar} {value}/{total} | {info} | ETA {eta_formatted}', stream: process.stderr, hideCursor: true, clearOnComplete: false }, Presets.shades_classic)
    : null;
  const log = (msg: string) => {
    if (!o.enabled) return;
    if (bars) bars.log(`${msg}\n`);
    else process.stderr.write(`${msg}\n`);
  };
  const variant = trainingVariantDifferences(CANONICAL_TRAINING, o.training ?? CANONICAL_TRAINING).map((d) => d.replace(/: (.*) vs /, ' → '));
  log(
    `olfactory train: seeds ${o.seeds.join(', ')}, ${o.epochs} epochs, preprocessing ${describePreprocessing(o.preprocessing)}, training ${variant.length === 0 ? 'canonical' : variant.join(', ')}, ${workers} worker thread(s)${noiseWorker ? ', circuit noise on a second core per seed' : ''} → ${out}`,
  );
  const summaries: Record<string, unknown>[] = [];
  const queue = [...o.seeds];
  const failures: string[] = [];
  const runOne = (seed: number) =>
    new Promise<void>((resolvePromise) => {
      const seedDir = join(out, `seed-${seed}`);
      const job: TrainJob = {
        seed,
        epochs: o.epochs,
        teacherEpochs: o.teacherEpochs,
        ...(o.testEvery !== undefined && o.testEvery !== 1 ? { testEvery: o.testEvery } : {}),
        preprocessing: o.preprocessing,
        training: o.training ?? CANONICAL_TRAINING,
        dataDir: o.dataDir,
        seedDir,
        backend: o.backend,
        noiseWorker,
        producerVersion: o.version,
        ...(o.teacherCache !== undefined ? { teacherCache: resolve(o.teacherCache) } : {}),
      };
      const bar = bars?.create(o.teacherEpochs, 0, { seed, phase: 'teacher', info: '' });
      let teacherStarted = false;
      let studentStarted = false;
      const onMessage = (m: TrainMessage) => {
        switch (m.type) {
          case 'backend':
            log(`seed ${seed}: TensorFlow.js backend ${m.backend}`);
            break;
          case 'resume':
            log(`seed ${seed}: resuming after epoch ${m.completedEpochs} from ${join(seedDir, 'progress.json')}`);
            break;
          case 'warning':
            if (bars) bars.log(`olfactory: warning: ${m.message}\n`);
            else warn(m.message);
            break;
          case 'skip':
            log(`seed ${seed}: already trained (${m.completedEpochs} epochs), ${join(seedDir, 'checkpoint.json')}`);
            break;
          case 'teacher-cache':
            log(
              m.status === 'hit'
                ? `seed ${seed}: rate teacher from the cache (${m.file}), not retrained`
                : `seed ${seed}: rate teacher trained in ${(m.seconds ?? 0).toFixed(1)} s, stored in the cache (${m.file})`,
            );
            break;
          case 'teacher':
            if (!teacherStarted) teacherStarted = true;
            bar?.update(m.epoch, { phase: 'teacher', info: `rate teacher epoch ${m.epoch}/${m.epochs}` });
            break;
          case 'step':
            if (!studentStarted) {
              studentStarted = true;
              bar?.setTotal(o.epochs * m.stepsPerEpoch);
            }
            bar?.update(m.epoch * m.stepsPerEpoch + m.step, { phase: 'student', info: `epoch ${m.epoch + 1}/${o.epochs}` });
            break;
          case 'epoch': {
            const e = m.entry;
            const info = `epoch ${e.epoch}/${o.epochs} loss ${e.loss.toFixed(3)} train ${(100 * e.trainAccuracy).toFixed(1)}% ${e.testAccuracy === undefined || e.kcSparsity === undefined ? '' : `test ${(100 * e.testAccuracy).toFixed(1)}% KC ${(100 * e.kcSparsity).toFixed(1)}% `}g_soma ${e.gSomaNs.toFixed(2)} nS`;
            if (bar) bar.update({ info });
            else if (e.epoch % 10 === 0 || e.epoch === o.epochs) log(`seed ${seed}: ${info}`);
            break;
          }
          case 'done':
            summaries.push(m.summary);
            bar?.update(bar.getTotal(), { phase: 'done', info: m.checkpoint });
            log(`seed ${seed}: wrote ${m.checkpoint}`);
            break;
          case 'error':
            failures.push(`seed ${seed}: ${m.message}`);
            break;
        }
      };
      if (workers === 1 && o.seeds.length === 1) {
        runTrainJob(job, onMessage)
          .catch((e: unknown) => failures.push(`seed ${seed}: ${e instanceof Error ? e.message : String(e)}`))
          .finally(() => resolvePromise());
        return;
      }
      const worker = new Worker(new URL('./train-worker.js', import.meta.url), { workerData: { kind: 'olfactory-train', job } });
      worker.on('message', onMessage);
      worker.on('error', (e) => failures.push(`seed ${seed}: ${e.message}`));
      worker.on('exit', () => resolvePromise());
    });
  const pool = Array.from({ length: workers }, async () => {
    for (let seed = queue.shift(); seed !== undefined; seed = queue.shift()) await runOne(seed);
  });
  await Promise.all(pool);
  bars?.stop();
  if (failures.length > 0) throw new Error(`training failed — ${failures.join('; ')}`);
  summaries.sort((a, b) => (a.seed as number) - (b.seed as number));
  if (o.silent === true) return;
  if (o.json) process.stdout.write(`${JSON.stringify({ out, seeds: summaries }, null, 2)}\n`);
  else
    for (const s of summaries)
      process.stdout.write(
        `seed ${s.seed}: test accuracy ${fmt(s.testAccuracy)}, KC sparsity ${fmt(s.kcSparsity)}, g_soma ${fmt(s.gSomaNs)} nS, KC thresholds at −30 mV ${fmt(s.kcThresholdsAtUpperBound)}\n`,
      );
}

const fmt = (x: unknown) => (typeof x === 'number' ? x.toFixed(3) : String(x));
