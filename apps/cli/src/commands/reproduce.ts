import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { BackendChoice } from '../util/tf-backend';
import type { ProgressOptions } from '../util/progress';
import { status } from '../util/progress';
import { prepareOutputDir } from '../util/output-dir';
import { lockOutputDir } from '../util/output-lock';
import { warn } from '../util/warn';
import { runFigures } from './figures';
import { runRecompute } from './recompute';
import { runReport } from './report';
import { runTrain } from './train';
import { PAPER_PREPROCESSING } from '@olfactory/connectome-data';
import { canonicalCheckpointFiles, canonicalCheckpointsDir } from '@olfactory/models';

export interface ReproduceOptions extends ProgressOptions {
  readonly out: string;
  /** Trained checkpoints: folders or files (default: the canonical models of `@olfactory/models`). */
  readonly checkpoints?: readonly string[];
  readonly retrain: boolean;
  readonly seeds: readonly number[];
  readonly epochs: number;
  readonly workers?: number;
  readonly backend: BackendChoice;
  readonly device: 'auto' | 'cpu' | 'cuda';
  readonly withConcentration: boolean;
  readonly dataDir?: string;
  /** Print `{ out, report, results, figures, checkpoints, summary, seconds }` as JSON on stdout. */
  readonly json?: boolean;
  readonly version: string;
}

/**
 * The canonical checkpoints, from the `@olfactory/models` package (a dependency of the CLI, so
 * `npx @olfactory/cli reproduce` finds them in an empty folder; in the repository the package's
 * build copies them from `models/canonical`). Every file is checked against the package's pinned
 * sha256 before use.
 *
 * @throws {ModelFileIntegrityError} naming a missing or altered file.
 */
export async function shippedCanonicalModels(): Promise<string> {
  await canonicalCheckpointFiles();
  return canonicalCheckpointsDir();
}

/**
 * `olfactory reproduce`: (optionally retrain the canonical seeds, then) recompute every metric of
 * the paper through onnxruntime, draw every figure and write the HTML report into `out`:
 *
 *   out/models/ (with --retrain) · out/results/{recompute.json, run-metadata.json}
 *   out/figures/*.svg|png · out/report.html
 *
 * The folder is locked for the run. Results and figures are made in `out/.staging/` and moved
 * into place only when both are complete, after the previous set is removed; the report is
 * written last, so a run killed at any point never leaves new results beside old figures or an
 * old report (at worst a set without its report.html, which the next run replaces).
 */
export async function runReproduce(o: ReproduceOptions): Promise<void> {
  const t0 = Date.now();
  const out = await prepareOutputDir(o.out, '--out');
  const lock = await lockOutputDir(out, 'reproduce');
  try {
    await reproduceInto(out, o, t0);
  } finally {
    await lock.release();
  }
}

/** The sub-folder of `out` where a run builds its results and figures before moving them into place. */
export const STAGING_DIR = '.staging';

async function reproduceInto(out: string, o: ReproduceOptions, t0: number): Promise<void> {
  const steps = o.retrain ? 4 : 3;
  let step = 0;
  const next = (what: string) => status(`reproduce ${++step}/${steps}: ${what}`, o);
  let checkpoints: string[];
  if (o.retrain) {
    const models = join(out, 'models');
    checkpoints = [models];
    next(`training seeds ${o.seeds.join(', ')} for ${o.epochs} epochs → ${models}`);
    await runTrain({ seeds: o.seeds, epochs: o.epochs, teacherEpochs: 300, workers: o.workers, preprocessing: PAPER_PREPROCESSING, out: models, dataDir: o.dataDir, backend: o.backend, json: false, enabled: o.enabled, silent: o.json === true, version: o.version });
  } else {
    checkpoints = (o.checkpoints ?? [await shippedCanonicalModels()]).map((c) => resolve(c));
  }
  const staging = join(out, STAGING_DIR);
  if (existsSync(staging)) {
    warn(`removed ${staging}, left by an interrupted run.`);
    await rm(staging, { recursive: true, force: true });
  }
  await mkdir(staging);
  const results = join(out, 'results');
  const figures = join(out, 'figures');
  const report = join(out, 'report.html');
  next(`recomputing the metrics of ${checkpoints.join(', ')}`);
  await runRecompute({ checkpoints, withConcentration: o.withConcentration, device: o.device, engine: 'onnx', out: join(staging, 'results'), dataDir: o.dataDir, json: false, enabled: o.enabled, silent: o.json === true });
  next('drawing the figures');
  await runFigures({ results: [join(staging, 'results')], out: join(staging, 'figures'), formats: ['svg', 'png'], scale: 2, json: false, enabled: o.enabled, silent: o.json === true });
  // swap: the old set goes first (report, figures, results), then the new results and figures move in
  await rm(report, { force: true });
  await rm(figures, { recursive: true, force: true });
  await rm(results, { recursive: true, force: true });
  await rename(join(staging, 'results'), results);
  await rename(join(staging, 'figures'), figures);
  await rm(staging, { recursive: true, force: true });
  next('writing the report');
  await runReport({ results: [results], out: report, figures, json: false, enabled: o.enabled, silent: o.json === true });
  const seconds = (Date.now() - t0) / 1000;
  if (o.json) {
    const written = JSON.parse(await readFile(join(results, 'recompute.json'), 'utf8')) as { checkpoints: { file: string; seed: number }[]; summary: unknown };
    const info = { out, report, results: join(results, 'recompute.json'), metadata: join(results, 'run-metadata.json'), figures, checkpoints: written.checkpoints.map((c) => ({ file: c.file, seed: c.seed })), summary: written.summary, seconds };
    process.stdout.write(`${JSON.stringify(info, null, 2)}\n`);
  } else {
    process.stdout.write(`report: ${report}\nresults: ${join(results, 'recompute.json')}\nfigures: ${figures}\n`);
  }
  status(`reproduce: done in ${((Date.now() - t0) / 1000).toFixed(1)} s`, o);
}
