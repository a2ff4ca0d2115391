import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, rename, rm, rmdir } from 'node:fs/promises';
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
import { PAPER_PREPROCESSING, writeFileAtomic } from '@olfactory/connectome-data';
import { renderPng, serializeSvg } from '@olfactory/plots';
import { SHIPPED_CANONICAL_RESULTS_COMMAND, canonicalCheckpointFiles, canonicalCheckpointsDir, shippedCanonicalResults, shippedExperimentTableFiles } from '@olfactory/models';
import { experimentFigures } from '../experiments/experiment-figures';
import type { LoadedExperimentTable, MissingExperiment } from '../experiments/experiment-results';
import { mergeExperimentTables, missingExperiments, readExperimentFolder, readExperimentTable, seedList } from '../experiments/experiment-results';
import { EVAL_DIR, RUNS_DIR } from '../experiments/experiment-evaluation';
import { readRecomputeResults } from '../results/read-results';
import { CliUsageError } from '../util/cli-error';

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
  /**
   * The whole paper (`--all`): besides the canonical models, every experiment table (shipped with
   * `@olfactory/models`, or from `results`), Figure 4, S4 and the table figures, and the report's
   * experiments section.
   */
  readonly all?: boolean;
  /** `--all`: a folder written by `olfactory experiment all` (or one experiment); its tables replace the shipped ones. */
  readonly results?: string;
  /** `--all --retrain`: how `olfactory experiment all` runs its trainings (local worker threads or SLURM). */
  readonly sweepBackend?: 'local' | 'slurm';
  /** `--all --retrain`: SLURM array throttle and extra sbatch options. */
  readonly maxParallel?: number;
  readonly sbatchArgs?: readonly string[];
  /** `--all --retrain`: rate-teacher epochs (300 in the paper; smaller only for smoke tests). */
  readonly teacherEpochs?: number;
  /** This CLI's entry script (the sweep's jobs call it). */
  readonly cliScript?: string;
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
  const existed = existsSync(resolve(o.out));
  const out = await prepareOutputDir(o.out, '--out');
  const lock = await lockOutputDir(out, 'reproduce');
  let failed = true;
  try {
    await reproduceInto(out, o, t0);
    failed = false;
  } finally {
    await lock.release();
    // a run that fails before writing anything leaves no empty --out folder behind (rmdir removes only an empty one)
    if (failed && !existed) await rmdir(out).catch(() => undefined);
  }
}

/** The sub-folder of `out` where a run builds its results and figures before moving them into place. */
export const STAGING_DIR = '.staging';

async function reproduceInto(out: string, o: ReproduceOptions, t0: number): Promise<void> {
  const steps = (o.retrain ? 4 : 3) + (o.all ? 1 : 0);
  let step = 0;
  const next = (what: string) => status(`reproduce ${++step}/${steps}: ${what}`, o);
  let checkpoints: string[];
  let resultsDir = o.results === undefined ? undefined : resolve(o.results);
  if (o.all && o.retrain) {
    // the whole paper from scratch: every experiment's trainings through the sweep runner, then its evaluation
    resultsDir = join(out, 'experiment-runs');
    next(`olfactory experiment all (seeds ${o.seeds.join(', ')}, ${o.epochs} epochs, ${o.sweepBackend ?? 'local'}) → ${resultsDir}`);
    const { runExperiment } = await import('./experiment');
    const tables = await runExperiment({
      name: 'all',
      seeds: o.seeds,
      out: resultsDir,
      extended: false,
      epochs: o.epochs,
      teacherEpochs: o.teacherEpochs ?? 300,
      dataDir: o.dataDir,
      engine: 'onnx',
      collectOnly: false,
      cliScript: o.cliScript ?? process.argv[1]!,
      backend: o.sweepBackend ?? 'local',
      workers: o.workers,
      maxParallel: o.maxParallel,
      sbatchArgs: o.sbatchArgs ?? [],
      collect: true,
      json: false,
      enabled: o.enabled !== false && o.json !== true,
      silent: true,
    });
    if (tables === undefined) {
      // SLURM: the trainings and the evaluation are queued; drawing waits for them
      process.stdout.write(
        `Submitted to SLURM. When the collect step has written ${join(resultsDir, 'r6-task-complexity.json')}, draw the paper with:\n  olfactory reproduce --all --results ${resultsDir} --out ${out}\n`,
      );
      return;
    }
  }
  if (o.all && resultsDir !== undefined && !o.retrain && !existsSync(resultsDir))
    throw new CliUsageError(`--results ${o.results}: no such folder; pass the --out folder of 'olfactory experiment all'.`);
  const experimentCanonical = resultsDir === undefined ? undefined : join(resultsDir, RUNS_DIR, 'canonical');
  if (o.all && experimentCanonical !== undefined && existsSync(experimentCanonical)) {
    // the experiments' own canonical runs are the main models of the report
    checkpoints = [experimentCanonical];
  } else if (o.retrain && !o.all) {
    const models = join(out, 'models');
    checkpoints = [models];
    next(`training seeds ${o.seeds.join(', ')} for ${o.epochs} epochs → ${models}`);
    await runTrain({
      seeds: o.seeds,
      epochs: o.epochs,
      teacherEpochs: 300,
      workers: o.workers,
      preprocessing: PAPER_PREPROCESSING,
      out: models,
      dataDir: o.dataDir,
      backend: o.backend,
      json: false,
      enabled: o.enabled,
      silent: o.json === true,
      version: o.version,
    });
  } else {
    checkpoints = (o.checkpoints ?? [await shippedCanonicalModels()]).map((c) => resolve(c));
  }
  const experiments = o.all ? await experimentTables(resultsDir, o.seeds) : undefined;
  // --all draws from results already computed where they exist: the experiments' own recompute of
  // their canonical runs (with the concentration sweep, from the STD experiment), else the shipped one
  let precomputed: { dir: string; what: string } | undefined;
  if (o.all) {
    const own = resultsDir === undefined ? undefined : join(resultsDir, EVAL_DIR, 'canonical');
    if (own !== undefined && existsSync(join(own, 'recompute.json'))) precomputed = { dir: own, what: `the recompute of ${experimentCanonical}` };
    else if (resultsDir === undefined || !existsSync(experimentCanonical!))
      precomputed = { dir: await shippedCanonicalResults(), what: `the shipped recompute of the canonical models (${SHIPPED_CANONICAL_RESULTS_COMMAND})` };
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
  if (precomputed) {
    next(`reading ${precomputed.what}`);
    await readRecomputeResults(precomputed.dir); // validated before use
    await mkdir(join(staging, 'results'));
    for (const f of ['recompute.json', 'run-metadata.json']) if (existsSync(join(precomputed.dir, f))) await copyFile(join(precomputed.dir, f), join(staging, 'results', f));
  } else {
    next(`recomputing the metrics of ${checkpoints.join(', ')}`);
    await runRecompute({
      checkpoints,
      withConcentration: o.withConcentration,
      device: o.device,
      engine: 'onnx',
      out: join(staging, 'results'),
      dataDir: o.dataDir,
      json: false,
      enabled: o.enabled,
      silent: o.json === true,
      finalOut: results,
    });
  }
  next(`drawing the figures → ${figures}`);
  // drawn in the staging folder, quietly (its paths are not the ones the user gets); the summary below names the figures folder
  const drawn = await runFigures({ results: [join(staging, 'results')], out: join(staging, 'figures'), formats: ['svg', 'png'], scale: 2, json: false, enabled: false, silent: true });
  // a reason names the results file: the one the user gets, not its staging copy
  for (const s of drawn.skipped) status(`Skipped ${s.name}: ${s.reason.split(join(staging, 'results')).join(results)}`, o);
  status(`Drew ${new Set(drawn.written.map((w) => w.figure)).size} figures (svg, png)`, o);
  if (experiments) {
    next(`drawing Figure 4, S4 and the experiment tables from ${experiments.tables.length} table(s)`);
    await writeExperimentsInto(join(staging, 'experiments'), join(staging, 'figures'), experiments.tables);
  }
  // swap: the old set goes first (report, figures, results), then the new results and figures move in
  await rm(report, { force: true });
  await rm(figures, { recursive: true, force: true });
  await rm(results, { recursive: true, force: true });
  await rm(join(out, 'experiments'), { recursive: true, force: true });
  await rename(join(staging, 'results'), results);
  await rename(join(staging, 'figures'), figures);
  if (experiments) await rename(join(staging, 'experiments'), join(out, 'experiments'));
  await rm(staging, { recursive: true, force: true });
  next('writing the report');
  await runReport({ results: [results], out: report, figures, json: false, enabled: o.enabled, silent: true, ...(experiments ? { experiments } : {}) });
  const seconds = (Date.now() - t0) / 1000;
  if (o.json) {
    const written = JSON.parse(await readFile(join(results, 'recompute.json'), 'utf8')) as { checkpoints: { file: string; seed: number }[]; summary: unknown };
    const info = {
      out,
      report,
      results: join(results, 'recompute.json'),
      metadata: join(results, 'run-metadata.json'),
      figures,
      checkpoints: written.checkpoints.map((c) => ({ file: c.file, seed: c.seed })),
      summary: written.summary,
      ...(experiments
        ? {
            experiments: experiments.tables.map((t) => ({ experiment: t.table.experiment, source: t.source, rows: t.table.rows.map((r) => r.id), wallSeconds: t.table.wallSeconds })),
            missing: experiments.missing,
          }
        : {}),
      seconds,
    };
    process.stdout.write(`${JSON.stringify(info, null, 2)}\n`);
  } else {
    process.stdout.write(`report: ${report}\nresults: ${join(results, 'recompute.json')}\nfigures: ${figures}\n`);
    if (experiments) {
      process.stdout.write(`experiments: ${join(out, 'experiments')} (${experiments.tables.map((t) => `${t.table.experiment}: ${t.source}`).join('; ')})\n`);
      process.stdout.write(formatMissing(experiments.missing));
    }
  }
  status(`reproduce: done in ${((Date.now() - t0) / 1000).toFixed(1)} s`, o);
}

/** The experiment tables of `reproduce --all`: those of `--results` where it has them, else the shipped ones; and what is missing. */
async function experimentTables(resultsDir: string | undefined, seeds: readonly number[]): Promise<{ tables: LoadedExperimentTable[]; missing: MissingExperiment[] }> {
  const shippedFiles = await shippedExperimentTableFiles();
  const shipped: LoadedExperimentTable[] = [];
  for (const file of shippedFiles) shipped.push({ table: await readExperimentTable(file), file, source: 'shipped with @olfactory/models' });
  const given = resultsDir === undefined ? [] : await readExperimentFolder(resultsDir, `from ${resultsDir}`);
  if (resultsDir !== undefined && given.length === 0)
    throw new CliUsageError(`--results ${resultsDir}: no experiment tables (<name>.json) there; pass the --out folder of 'olfactory experiment all' (or of one experiment).`);
  const tables = mergeExperimentTables(given, shipped);
  return { tables, missing: missingExperiments(tables, given[0]?.table.seeds ?? seeds) };
}

/** Copy the tables into `dir` and draw Figure 4, S4 and the table figures into `figures` (SVG and PNG), atomically. */
async function writeExperimentsInto(dir: string, figures: string, tables: readonly LoadedExperimentTable[]): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const t of tables) await writeFileAtomic(join(dir, `${t.table.experiment}.json`), `${JSON.stringify(t.table, null, 1)}\n`);
  const figs = experimentFigures(new Map(tables.map((t) => [t.table.experiment, t.table])));
  await mkdir(figures, { recursive: true });
  for (const f of figs) {
    const svg = serializeSvg(f.svg);
    await writeFileAtomic(join(figures, `${f.name}.svg`), svg);
    await writeFileAtomic(join(figures, `${f.name}.png`), renderPng(svg, { scale: 2 }));
  }
  await writeFileAtomic(join(dir, 'captions.json'), `${JSON.stringify(Object.fromEntries(figs.map((f) => [f.name, { title: f.title, caption: f.caption }])), null, 1)}\n`);
}

/** The missing experiments as text: what is not shipped yet and the exact commands that generate it. */
export function formatMissing(missing: readonly MissingExperiment[]): string {
  if (missing.length === 0) return 'every experiment table is complete.\n';
  const lines = missing.map((m) => `  ${m.experiment}: not shipped yet (${m.whole ? 'no table' : m.rows.join(', ')}); generate with:\n    ${m.commands.join(' && \\\n    ')}`);
  return `not shipped yet (these rows need trainings; no value is shown for them):\n${lines.join('\n')}\n  or everything at once: olfactory reproduce --all --retrain --seeds ${seedList([42, 43, 44, 45, 46])}\n`;
}
