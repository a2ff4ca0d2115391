import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { renderPng, serializeSvg } from '@olfactory/plots';
import { experimentFigures } from '../experiments/experiment-figures';
import { join, resolve } from 'node:path';
import { PAPER_VARIANT, writeFileAtomic } from '@olfactory/connectome-data';
import type { OlfactoryData } from '@olfactory/connectome-data';
import { readSweepStatus } from '@olfactory/sweep';
import type { SweepSpec } from '@olfactory/sweep';
import { CliUsageError } from '../util/cli-error';
import type { ExperimentName, ExperimentPlan } from '../experiments/experiment-plan';
import { EXPERIMENT_NAMES, distinctConditions, experimentPlans } from '../experiments/experiment-plan';
import type { ExperimentRow, ExperimentTable } from '../experiments/experiment-table';
import { formatExperimentTable } from '../experiments/experiment-table';
import { RECOMPUTE_COLUMNS, RUNS_DIR, consistencyRow, loadData, mixturesRow, recomputeRow, thresholdRow } from '../experiments/experiment-evaluation';
import type { ParallelRecomputeOptions } from '../experiments/parallel-recompute';
import { evaluateAhead } from '../experiments/parallel-recompute';
import type { SweepRunOptions } from './sweep';
import { resolveOlfactoryArgv, runSweepSpec, trainJobArgv } from './sweep';
import { trainingVariantArgs } from './training-variant-flags';

/** The sweep's teacher cache (`olfactory train --teacher-cache`): each distinct rate teacher is trained once per sweep. */
export const TEACHERS_DIR = 'teachers';

export interface ExperimentOptions extends SweepRunOptions {
  readonly name: ExperimentName;
  readonly seeds: readonly number[];
  readonly out: string;
  readonly extended: boolean;
  /** Student and teacher epochs (300 in the paper; smaller only for smoke tests). */
  readonly epochs: number;
  readonly teacherEpochs: number;
  readonly dataDir?: string;
  readonly engine: 'onnx' | 'typescript';
  /** Only evaluate (the sweep's collect step). */
  readonly collectOnly: boolean;
  readonly cliScript: string;
}

/**
 * The experiments read only the final models, so their trainings evaluate the test set on the
 * reference's schedule (every 50th epoch and the last, spec §3.4) rather than every epoch: the
 * same models bit for bit, ≈ 20 % less time per training (one canonical training: 278 s → 211 s).
 */
export const EXPERIMENT_TEST_EVERY = 50;

/**
 * The experiment as a sweep: one `olfactory train` job per (condition, seed), atomic and
 * resumable, writing `runs/<condition>/seed-<S>/checkpoint.json`; the collect step evaluates
 * (`olfactory experiment <name> --collect-only`). Jobs are listed longest first — a job's time
 * grows with its odor count (a 56-odor training takes about twice a 28-odor one, a 7-odor one a
 * quarter) — so that short jobs fill the end of the run instead of one long job running alone
 * while the other workers idle; within a size, in the plan's order.
 */
export function experimentSweepSpec(o: Pick<ExperimentOptions, 'name' | 'seeds' | 'extended' | 'epochs' | 'teacherEpochs' | 'dataDir' | 'cliScript' | 'workers' | 'engine'>): SweepSpec {
  const plans = experimentPlans(o.name, { extended: o.extended });
  const data = o.dataDir ? ['--data-dir', resolve(o.dataDir)] : [];
  const longestFirst = [...distinctConditions(plans)].sort((a, b) => b.training.odorCount - a.training.odorCount);
  const jobs = longestFirst.flatMap((c) =>
    o.seeds.map((seed) => ({
      id: `${c.id}-seed-${seed}`,
      argv: trainJobArgv({
        seed,
        variant: PAPER_VARIANT,
        condition: [...(c.lnQuantile !== undefined ? ['--ln-quantile', String(c.lnQuantile)] : []), ...trainingVariantArgs(c.training)],
        epochs: o.epochs,
        teacherEpochs: o.teacherEpochs,
        workers: o.workers,
        out: `{sweep}/${RUNS_DIR}/${c.id}`,
        extra: ['--teacher-cache', `{sweep}/${TEACHERS_DIR}`, '--test-every', String(EXPERIMENT_TEST_EVERY)],
        dataDir: o.dataDir,
        cliScript: o.cliScript,
      }),
      output: `${RUNS_DIR}/${c.id}/seed-${seed}/checkpoint.json`,
    })),
  );
  const collect = [
    'olfactory',
    'experiment',
    o.name,
    '--collect-only',
    '--out',
    '{sweep}',
    '--seeds',
    o.seeds.join(','),
    '--epochs',
    String(o.epochs),
    '--teacher-epochs',
    String(o.teacherEpochs),
    '--engine',
    o.engine,
    ...(o.extended ? ['--extended'] : []),
    ...data,
  ];
  return { jobs, collect: { argv: resolveOlfactoryArgv(collect, o.cliScript) } };
}

/** `olfactory experiment <name>`: train (or skip finished jobs), then evaluate and write the tables. */
export async function runExperiment(o: ExperimentOptions): Promise<ExperimentTable[] | undefined> {
  if (o.seeds.length === 0) throw new CliUsageError('--seeds: give at least one seed (e.g. 42-46).');
  const out = resolve(o.out);
  if (!o.collectOnly) {
    const spec = experimentSweepSpec(o);
    // local: the evaluation runs here after the jobs; slurm: it is the collect step (afterok)
    await runSweepSpec(spec, { ...o, out, collect: o.backend === 'slurm' ? o.collect : false, silent: o.json || !o.enabled });
    if (o.backend === 'slurm') return undefined;
  }
  // the recomputes of the collect step side by side, one core each (the default: every core)
  const workers = o.workers ?? availableParallelism();
  return evaluateExperiment({ ...o, out, ...(workers > 1 ? { parallel: { cliScript: o.cliScript, workers } } : {}) });
}

/** Evaluate every plan of the experiment from the runs in `out` and write `<out>/<experiment>.json` atomically. */
export async function evaluateExperiment(
  o: Pick<ExperimentOptions, 'name' | 'seeds' | 'extended' | 'epochs' | 'teacherEpochs' | 'dataDir' | 'engine' | 'json' | 'enabled' | 'silent'> & {
    out: string;
    /** Run the recomputes as `olfactory recompute` processes, this many at once, before the tables are built (default: one after the other, in this process). */
    parallel?: ParallelRecomputeOptions;
  },
): Promise<ExperimentTable[]> {
  const status = (m: string) => {
    if (o.enabled) process.stderr.write(`${m}\n`);
  };
  const plans = experimentPlans(o.name, { extended: o.extended });
  const withConcentration = new Set(plans.flatMap((p) => p.evaluations.filter((e) => e.kind === 'recompute' && e.withConcentration).map((e) => e.id)));
  const sweep = await readSweepStatus(o.out, { queryScheduler: false }).catch(() => null);
  const jobSeconds = new Map((sweep?.jobs ?? []).map((j) => [j.id, (j.durationMs ?? 0) / 1000]));
  // with workers, the recomputes and mixture analyses run ahead of the tables, side by side
  const freshMixtures = new Set<string>();
  let share = new Map<string, number>();
  let data: OlfactoryData | undefined;
  if (o.parallel !== undefined && o.parallel.workers > 1) {
    const ctx = { out: o.out, seeds: o.seeds, dataDir: o.dataDir, engine: o.engine, status, withConcentration, freshMixtures };
    ({ share, data } = await evaluateAhead(
      plans.flatMap((p) => p.evaluations),
      ctx,
      o.parallel,
    ));
  }
  const tables: ExperimentTable[] = [];
  for (const plan of plans) {
    const t0 = performance.now();
    let shared = 0;
    for (const e of plan.evaluations) {
      const key = e.kind === 'mixtures' ? `mixtures:${e.condition}` : e.id;
      shared += share.get(key) ?? 0;
      share.delete(key);
    }
    const rows: ExperimentRow[] = [];
    const notes: string[] = [];
    for (const e of plan.evaluations) {
      const ctx = { out: o.out, seeds: o.seeds, dataDir: o.dataDir, engine: o.engine, status, withConcentration, freshMixtures };
      if (e.kind === 'recompute') {
        const r = await recomputeRow(e, ctx);
        if (r) rows.push(r);
      } else if (e.kind === 'thresholds') {
        const r = await thresholdRow(e, ctx);
        if (r) rows.push(r);
      } else {
        data ??= await loadData(o.dataDir);
        const r = e.kind === 'consistency' ? await consistencyRow(e, ctx, data) : await mixturesRow(e, ctx, data);
        if (r) {
          rows.push(r.row);
          notes.push(...r.notes);
        }
      }
    }
    const missing = plan.evaluations.filter((e) => !rows.some((r) => r.id === e.id)).map((e) => e.id);
    if (missing.length > 0) notes.push(`No finished checkpoint yet for ${missing.join(', ')}; run the experiment again to finish them.`);
    const training = plan.conditions.flatMap((c) => o.seeds.map((s) => jobSeconds.get(`${c.id}-seed-${s}`) ?? 0)).reduce((a, b) => a + b, 0);
    const table: ExperimentTable = {
      schema: 'olfactory-experiment',
      version: 1,
      experiment: plan.name,
      title: plan.title,
      seeds: [...o.seeds],
      epochs: o.epochs,
      teacherEpochs: o.teacherEpochs,
      columns: columnsOf(plan, rows),
      rows,
      wallSeconds: { training: Math.round(training * 10) / 10, evaluation: Math.round((performance.now() - t0) / 100 + shared * 10) / 10 },
      notes,
    };
    await writeFileAtomic(join(o.out, `${plan.name}.json`), `${JSON.stringify(table, null, 1)}\n`);
    tables.push(table);
  }
  const figures = await writeExperimentFigures(o.out);
  if (o.enabled && figures.length > 0) process.stderr.write(`experiment: wrote ${figures.length} figure(s) to ${join(o.out, 'figures')} (${figures.join(', ')})\n`);
  if (o.json) process.stdout.write(`${JSON.stringify(o.name === 'all' ? { out: o.out, tables } : tables[0], null, 1)}\n`);
  else if (o.silent !== true) for (const t of tables) process.stdout.write(`${[...formatExperimentTable(t), `Wrote ${join(o.out, `${t.experiment}.json`)}.`, ''].join('\n')}\n`);
  return tables;
}

/** Draw Figure 4, S4 and the table figures from every table in `out` (SVG and PNG, atomically). */
async function writeExperimentFigures(out: string): Promise<string[]> {
  const tables = new Map<string, ExperimentTable>();
  for (const name of EXPERIMENT_NAMES) {
    const file = join(out, `${name}.json`);
    if (!existsSync(file)) continue;
    const t = JSON.parse(await readFile(file, 'utf8')) as ExperimentTable;
    if (t.schema === 'olfactory-experiment') tables.set(name, t);
  }
  const figs = experimentFigures(tables);
  await mkdir(join(out, 'figures'), { recursive: true });
  for (const f of figs) {
    const svg = serializeSvg(f.svg);
    await writeFileAtomic(join(out, 'figures', `${f.name}.svg`), svg);
    await writeFileAtomic(join(out, 'figures', `${f.name}.png`), renderPng(svg, { scale: 2 }));
  }
  await writeFileAtomic(join(out, 'figures', 'captions.json'), `${JSON.stringify(Object.fromEntries(figs.map((f) => [f.name, { title: f.title, caption: f.caption }])), null, 1)}\n`);
  return figs.map((f) => f.name);
}

const METRIC_LABELS: Record<string, { label: string; unit: string }> = {
  odors: { label: 'odors', unit: 'count' },
  kcAtUpperBoundPercent: { label: 'KC v_th at −30 mV', unit: '%' },
  testAccuracy: { label: 'test acc. (training)', unit: 'fraction' },
  studentAllParameters: { label: 'param. corr.', unit: 'r' },
  studentKcThresholds: { label: 'KC v_th corr.', unit: 'r' },
  studentDecoderWeights: { label: 'decoder corr.', unit: 'r' },
  teacherOrGains: { label: 'teacher OR-gain corr.', unit: 'r' },
  studentScalarCvPercent: { label: 'scalar CV', unit: '%' },
  teacherAplGainCvPercent: { label: 'teacher APL-gain CV', unit: '%' },
  lnAtLowerBoundPercent: { label: 'LN v_th at −55 mV', unit: '%' },
  pnInteriorPercent: { label: 'PN v_th interior', unit: '%' },
  kcPatternSimilarity: { label: 'KC pattern sim.', unit: 'cosine' },
  mixtureComponentCosine: { label: 'mix→comp. cos', unit: 'cosine' },
  mixtureLinearCosine: { label: 'mix→linear cos', unit: 'cosine' },
  pairSuppression: { label: 'suppression ratio', unit: 'ratio' },
  subAdditivePairsPercent: { label: 'sub-additive pairs', unit: '%' },
  subAdditiveTripletsPercent: { label: 'sub-additive triplets', unit: '%' },
  mixtureVsIndividualSvm: { label: 'mix-vs-indiv. SVM', unit: 'fraction' },
};

function columnsOf(_plan: ExperimentPlan, rows: readonly ExperimentRow[]): ExperimentTable['columns'] {
  const present = new Set(rows.flatMap((r) => Object.keys(r.metrics)));
  const recompute = RECOMPUTE_COLUMNS.filter((c) => present.has(c.key)).map((c) => ({ ...c }));
  const known = new Set<string>(RECOMPUTE_COLUMNS.map((c) => c.key));
  return [...recompute, ...[...present].filter((k) => !known.has(k)).map((k) => ({ key: k, ...(METRIC_LABELS[k] ?? { label: k, unit: '' }) }))];
}
