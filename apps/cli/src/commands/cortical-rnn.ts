/**
 * `olfactory cortical-rnn train | sweep | metrics | figures`: the MICrONS-constrained RNN study
 * (spec microns-rnn-spec.md). One training = one variant × task × simulation, written as one JSON
 * file `<out>/runs/<variant-slug>/<task>/sim-<i>.json` (atomically); `metrics` tabulates a
 * folder of them (mean, 95 % t CI, Kruskal–Wallis per factor, Mann–Whitney with Holm) beside the
 * reference's published values; `figures` draws them.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { writeFileAtomic } from '@olfactory/connectome-data';
import type { MicronsField } from '@olfactory/connectome-data';
import { RNG_STREAMS, TASK_NAMES, VARIANTS, loadCorticalField, randomSource, trainRnn, variantByName, weightGraphMetrics } from '@olfactory/cortical-rnn';
import type { BioInitKind, TaskName, TrainRnnResult, WeightGraphMetrics } from '@olfactory/cortical-rnn';
import { holm, kruskalWallis, mannWhitneyU } from '@olfactory/metrics';
import type { SmallWorldNullModel } from '@olfactory/metrics';
import { barPanelsFigure, communityMatrixFigure, renderPng, serializeSvg } from '@olfactory/plots';
import type { SweepSpec } from '@olfactory/sweep';
import { CliUsageError } from '../util/cli-error';
import { status } from '../util/progress';
import type { SweepRunOptions } from './sweep';
import { resolveOlfactoryArgv, runSweepSpec } from './sweep';
import { fixed } from '../util/fixed';

/** File-system / job-id slug of a variant name: `*` → `s`, `!` → `p` (`W*D*C` → `WsDsC`, `W!D*C*` → `WpDsCs`). */
export function variantSlug(name: string): string {
  return name.replace(/\*/g, 's').replace(/!/g, 'p');
}

/** Options of one training run. */
export interface CorticalTrainOptions {
  readonly variants: readonly string[];
  readonly tasks: readonly TaskName[];
  readonly sims: readonly number[];
  readonly field: MicronsField;
  readonly seed: number;
  readonly epochs: number;
  readonly trainTrials: number;
  readonly signConstraint: boolean;
  readonly bioInit: BioInitKind;
  readonly wLambdaBug: boolean;
  /** Compute engine (default 'auto': onnxruntime when installed). */
  readonly engine?: 'auto' | 'onnxruntime' | 'tfjs';
  readonly nulls: number;
  readonly nullModel: SmallWorldNullModel;
  readonly out: string;
  readonly dataDir?: string;
  readonly json: boolean;
  readonly enabled: boolean;
}

/** One training's record (`schema: 'olfactory-cortical-rnn-run'`). */
export interface CorticalRunRecord
  extends Pick<TrainRnnResult, 'variant' | 'task' | 'simulation' | 'accuracy' | 'loss' | 'testAccuracy' | 'testLoss' | 'valAccuracy' | 'valLoss' | 'n'>, WeightGraphMetrics {
  readonly schema: 'olfactory-cortical-rnn-run';
  readonly version: 1;
  readonly field: string;
  readonly seed: number;
  readonly epochs: number;
  readonly trainTrials: number;
  readonly signConstraint: boolean;
  readonly bioInit: BioInitKind;
  readonly wLambdaBug: boolean;
  readonly nullModel: SmallWorldNullModel;
  readonly nulls: number;
  readonly trainSeconds: number;
  /** The engine that trained it (absent in records written before the onnxruntime engine: tfjs). */
  readonly engine?: 'onnxruntime' | 'tfjs';
  readonly metricsSeconds: number;
  /** Trained W_rec, float32 little-endian, base64. */
  readonly recurrentF32: string;
}

/** Where a run's record goes. */
export function runFile(out: string, variant: string, task: TaskName, sim: number): string {
  return join(out, 'runs', variantSlug(variant), task, `sim-${sim}.json`);
}

async function selectWasm(): Promise<void> {
  await import('@tensorflow/tfjs-backend-wasm');
  if (tf.getBackend() !== 'wasm') await tf.setBackend('wasm');
  await tf.ready();
}

/** `olfactory cortical-rnn train`: trains every requested cell and writes one record each. */
export async function runCorticalTrain(o: CorticalTrainOptions): Promise<CorticalRunRecord[]> {
  for (const v of o.variants) variantByName(v);
  await selectWasm();
  const field = await loadCorticalField({ field: o.field, dataDir: o.dataDir });
  const records: CorticalRunRecord[] = [];
  const cells = o.sims.flatMap((sim) => o.tasks.flatMap((task) => o.variants.map((variant) => ({ sim, task, variant }))));
  // the training settings, passed to trainRnn and recorded in each run record in this order
  const settings = { seed: o.seed, epochs: o.epochs, trainTrials: o.trainTrials, signConstraint: o.signConstraint, bioInit: o.bioInit, wLambdaBug: o.wLambdaBug };
  let k = 0;
  for (const { sim, task, variant } of cells) {
    k++;
    const label = `[${k}/${cells.length}] ${variant} ${task} sim ${sim}`;
    let lastPrint = 0;
    const r = await trainRnn({
      field,
      variant: variantByName(variant),
      task,
      simulation: sim,
      ...settings,
      engine: o.engine ?? 'auto',
      threads: 1,
      onBatch: (b) => {
        const now = Date.now();
        if (o.enabled && (now - lastPrint > 5000 || b.batch === b.batches - 1)) {
          lastPrint = now;
          process.stderr.write(`${label}: epoch ${b.epoch + 1}/${o.epochs} batch ${b.batch + 1}/${b.batches} loss ${b.loss.toFixed(3)} acc ${b.accuracy.toFixed(3)}\n`);
        }
      },
    });
    const t0 = performance.now();
    const m = weightGraphMetrics(r.recurrent, r.n, {
      rng: randomSource(o.seed, RNG_STREAMS.nulls, sim, TASK_NAMES.indexOf(task) * 16 + VARIANTS.findIndex((x) => x.name === variant)).uniform,
      nulls: o.nulls,
      nullModel: o.nullModel,
    });
    const record: CorticalRunRecord = {
      schema: 'olfactory-cortical-rnn-run',
      version: 1,
      field: o.field,
      variant,
      task,
      simulation: sim,
      ...settings,
      accuracy: r.accuracy,
      loss: r.loss,
      testAccuracy: r.testAccuracy,
      testLoss: r.testLoss,
      valAccuracy: r.valAccuracy,
      valLoss: r.valLoss,
      ...m,
      nullModel: o.nullModel,
      nulls: o.nulls,
      trainSeconds: r.seconds,
      engine: r.engine,
      metricsSeconds: (performance.now() - t0) / 1000,
      n: r.n,
      recurrentF32: Buffer.from(r.recurrent.buffer, r.recurrent.byteOffset, r.recurrent.byteLength).toString('base64'),
    };
    const file = runFile(o.out, variant, task, sim);
    await mkdir(dirname(file), { recursive: true });
    await writeFileAtomic(file, `${JSON.stringify(record)}\n`);
    status(
      `${label}: acc ${r.accuracy.toFixed(3)} test ${r.testAccuracy.toFixed(3)} val ${r.valAccuracy.toFixed(3)} ${
        m.degenerate ? 'graph metrics null: W_rec is constant (the network died)' : `Q ${m.modularity?.toFixed(3)} σ ${m.smallWorldness?.toFixed(2)}`
      } (${r.seconds.toFixed(0)} s)`,
      o,
    );
    records.push(record);
  }
  if (o.json)
    process.stdout.write(
      `${JSON.stringify(
        records.map(({ recurrentF32: _w, communities: _c, ...rest }) => rest),
        null,
        2,
      )}\n`,
    );
  return records;
}

/** The sweep of the study: one `cortical-rnn train` job per variant × task × simulation. */
export function corticalSweepSpec(o: Omit<CorticalTrainOptions, 'json' | 'enabled'> & { cliScript: string }): SweepSpec {
  const data = o.dataDir ? ['--data-dir', resolve(o.dataDir)] : [];
  const arm = [
    ...(o.signConstraint ? ['--sign-constraint'] : []),
    ...(o.bioInit === 'precision-sttc' ? ['--precision'] : o.bioInit === 'sttc' ? ['--sttc-only'] : []),
    ...(o.wLambdaBug ? ['--w-lambda-bug'] : []),
    ...(o.engine && o.engine !== 'auto' ? ['--engine', o.engine] : []),
  ];
  const jobs = o.sims.flatMap((sim) =>
    o.tasks.flatMap((task) =>
      o.variants.map((variant) => ({
        id: `${variantSlug(variant)}-${task}-sim-${sim}`,
        argv: resolveOlfactoryArgv(
          [
            'olfactory',
            '-q',
            'cortical-rnn',
            'train',
            '--variant',
            variant,
            '--task',
            task,
            '--sim',
            String(sim),
            '--field',
            o.field,
            '--seed',
            String(o.seed),
            '--epochs',
            String(o.epochs),
            '--train-trials',
            String(o.trainTrials),
            '--nulls',
            String(o.nulls),
            '--null-model',
            o.nullModel,
            ...arm,
            '--out',
            '{sweep}',
            ...data,
          ],
          o.cliScript,
        ),
        output: `runs/${variantSlug(variant)}/${task}/sim-${sim}.json`,
      })),
    ),
  );
  return { jobs, collect: { argv: resolveOlfactoryArgv(['olfactory', 'cortical-rnn', 'metrics', '{sweep}'], o.cliScript) } };
}

/** `olfactory cortical-rnn sweep`. */
export async function runCorticalSweep(o: Omit<CorticalTrainOptions, 'json' | 'enabled'> & SweepRunOptions & { cliScript: string }): Promise<void> {
  await runSweepSpec(corticalSweepSpec(o), o);
}

/** Reads every run record under `<dir>/runs`. */
export async function readCorticalRuns(dir: string): Promise<CorticalRunRecord[]> {
  const root = join(resolve(dir), 'runs');
  if (!existsSync(root)) throw new CliUsageError(`${dir} holds no runs/ folder; train first with \`olfactory cortical-rnn train --out ${dir}\` or \`cortical-rnn sweep --out ${dir}\`.`);
  const out: CorticalRunRecord[] = [];
  const walk = async (d: string): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else if (/^sim-\d+\.json$/.test(e.name)) {
        const r = JSON.parse(await readFile(p, 'utf8')) as CorticalRunRecord;
        if (r.schema !== 'olfactory-cortical-rnn-run') throw new CliUsageError(`${p} is not a cortical-rnn run record (schema ${String(r.schema)}).`);
        out.push(r);
      }
    }
  };
  await walk(root);
  if (out.length === 0) throw new CliUsageError(`no run records under ${root}; see \`olfactory sweep status ${dir}\`.`);
  return out;
}

/** Two-sided 97.5 % Student t quantiles for df 1..30 (then 1.96). */
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045,
  2.042,
];

/** Mean and 95 % t confidence interval (NaN bounds for one value). */
export function meanCi(values: readonly number[]): { mean: number; lo: number; hi: number; n: number } {
  const v = values.filter(Number.isFinite);
  const n = v.length;
  const mean = v.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { mean, lo: Number.NaN, hi: Number.NaN, n };
  const sd = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
  const half = (n - 1 <= 30 ? T975[n - 2] : 1.96) * (sd / Math.sqrt(n));
  return { mean, lo: mean - half, hi: mean + half, n };
}

/** The metrics of the table, in column order. */
export const TABLE_METRICS = ['accuracy', 'testAccuracy', 'valAccuracy', 'modularity', 'smallWorldness', 'assortativity', 'entropyBits'] as const;
type TableMetric = (typeof TABLE_METRICS)[number];

/**
 * The reference's published values (spec §2.6). Unconstrained: only the W*D*C task-1 CI is given
 * numerically; the sign-constrained arm's task means are read from its statistics notebook.
 */
export const REFERENCE_VALUES = Object.freeze({
  unconstrained: { 'W*D*C': { maze: { accuracy: { mean: 0.917, lo: 0.853, hi: 0.981 } } } },
  signConstrainedAccuracy: {
    'W*D*C': [0.91, 0.95, 0.834],
    'W*D*C*': [1.0, 1.0, 0.838],
    'W*DC*': [0.945, 0.95, 0.845],
    'W!D*C': [0.804, 0.975, 0.854],
    'W!D*C*': [0.988, 0.924, 0.877],
    'random init (every orthogonal variant)': [0.238, 0.499, 0.498],
  },
  graphMetricsWsDsC: { assortativity: [-0.18, -0.08], modularity: [0.4, 0.56], smallWorldness: [1.3, 3.5] },
});

const FACTORS = {
  W: (v: string) => (v.startsWith('W*') ? 'W*' : v.startsWith('W!') ? 'W!' : 'W'),
  D: (v: string) => (v.includes('D*') ? 'D*' : v.includes('D') ? 'D' : 'none'),
  C: (v: string) => (v.endsWith('C*') ? 'C*' : v.endsWith('C') ? 'C' : 'none'),
} as const;

/** `olfactory cortical-rnn metrics DIR`: the variant × task table with statistics, written to DIR/table.json. */
export async function runCorticalMetrics(o: { dir: string; json: boolean; enabled: boolean }): Promise<unknown> {
  const runs = await readCorticalRuns(o.dir);
  const variants = VARIANTS.map((v) => v.name).filter((v) => runs.some((r) => r.variant === v));
  const tasks = TASK_NAMES.filter((t) => runs.some((r) => r.task === t));
  const rows = tasks
    .flatMap((task) =>
      variants.map((variant) => {
        const sel = runs.filter((r) => r.task === task && r.variant === variant);
        const values = Object.fromEntries(TABLE_METRICS.map((m) => [m, meanCi(sel.map((r) => r[m] as number))]));
        // runs whose W_rec ended constant (graph metrics null, left out of their means)
        const constantRecurrent = sel.filter((r) => r.degenerate !== undefined).length;
        return { task, variant, simulations: sel.length, constantRecurrent, values, meanTrainSeconds: sel.reduce((a, r) => a + r.trainSeconds, 0) / Math.max(1, sel.length) };
      }),
    )
    .filter((r) => r.simulations > 0);
  const statistics = tasks.flatMap((task) =>
    (['valAccuracy', 'accuracy', 'modularity', 'smallWorldness', 'assortativity', 'entropyBits'] as TableMetric[]).flatMap((metric) =>
      (Object.keys(FACTORS) as (keyof typeof FACTORS)[]).map((factor) => {
        const groups = new Map<string, number[]>();
        for (const r of runs.filter((x) => x.task === task)) {
          const level = FACTORS[factor](r.variant);
          const v = r[metric] as number;
          if (Number.isFinite(v)) groups.set(level, [...(groups.get(level) ?? []), v]);
        }
        const levels = [...groups.keys()].sort();
        const usable = levels.filter((l) => (groups.get(l) ?? []).length > 0);
        const kw = usable.length >= 2 && usable.every((l) => groups.get(l)!.length >= 1) ? kruskalWallis(usable.map((l) => groups.get(l)!)) : null;
        const pairs: { a: string; b: string; u: number; p: number }[] = [];
        for (let i = 0; i < usable.length; i++)
          for (let j = i + 1; j < usable.length; j++) {
            const t = mannWhitneyU(groups.get(usable[i])!, groups.get(usable[j])!);
            pairs.push({ a: usable[i], b: usable[j], u: t.statistic, p: t.pValue });
          }
        // a comparison without variance (e.g. one run per level, tied) has no p-value: left out of Holm
        const finite = pairs.filter((p) => Number.isFinite(p.p));
        const adj = holm(finite.map((p) => p.p));
        return {
          task,
          metric,
          factor,
          kruskalWallis: kw && Number.isFinite(kw.pValue) ? kw : null,
          pairwise: pairs.map((p) => ({ ...p, p: Number.isFinite(p.p) ? p.p : null, pHolm: Number.isFinite(p.p) ? adj[finite.indexOf(p)] : null })),
        };
      }),
    ),
  );
  const first = runs[0];
  // the engine of each run (records written before the onnxruntime engine: tfjs); the two agree to
  // rounding that grows over training, so a table that mixes them says so
  const engines: Record<string, number> = {};
  for (const r of runs) engines[r.engine ?? 'tfjs'] = (engines[r.engine ?? 'tfjs'] ?? 0) + 1;
  const mixed = Object.keys(engines).length > 1;
  if (mixed && o.enabled)
    process.stderr.write(
      `cortical-rnn metrics: ${o.dir} mixes runs of different engines (${Object.entries(engines)
        .map(([k, n]) => `${n} ${k}`)
        .join(', ')}); they agree only to rounding that grows over training.\n`,
    );
  const table = {
    schema: 'olfactory-cortical-rnn-table',
    version: 1,
    field: first.field,
    signConstraint: first.signConstraint,
    bioInit: first.bioInit,
    epochs: first.epochs,
    trainTrials: first.trainTrials,
    nullModel: first.nullModel,
    nulls: first.nulls,
    runs: runs.length,
    engines,
    rows,
    statistics,
    reference: REFERENCE_VALUES,
  };
  await writeFileAtomic(join(resolve(o.dir), 'table.json'), `${JSON.stringify(table, null, 2)}\n`);
  if (o.json) process.stdout.write(`${JSON.stringify(table, null, 2)}\n`);
  else {
    // n = 0 (every run's metric null: constant W_rec) prints as '—'
    const f = (c: { mean: number; lo: number; hi: number; n: number }, d = 3) =>
      c.n === 0 ? '—' : Number.isFinite(c.lo) ? `${fixed(c.mean, d)} (${fixed(c.lo, d)}, ${fixed(c.hi, d)})` : fixed(c.mean, d);
    const lines = [
      `cortical-rnn table: field ${first.field}, ${runs.length} runs (${Object.entries(engines)
        .map(([k, n]) => `${n} ${k}`)
        .join(', ')}), sign constraint ${first.signConstraint}, ${first.epochs} epochs, nulls ${first.nullModel}`,
    ];
    lines.push(['task', 'variant', 'n', 'train acc', 'test acc (ref "val")', 'held-out val acc', 'Q', 'σ', 'r', 'H bits'].join(' | '));
    for (const r of rows)
      lines.push(
        [
          r.task,
          r.variant,
          r.simulations,
          f(r.values.accuracy),
          f(r.values.testAccuracy),
          f(r.values.valAccuracy),
          f(r.values.modularity),
          f(r.values.smallWorldness, 2),
          f(r.values.assortativity),
          f(r.values.entropyBits, 2),
        ].join(' | '),
      );
    const dead = rows.reduce((a, r) => a + r.constantRecurrent, 0);
    if (dead > 0) lines.push(`${dead} of ${runs.length} runs ended with a constant W_rec (the network died): their graph metrics are null (—), left out of the means.`);
    lines.push('reference: W*D*C task 1 accuracy 0.917 (0.853, 0.981); W*D*C Q 0.4–0.56, σ 1.3–3.5, r −0.18 to −0.08 (spec §2.6)');
    lines.push(`Wrote ${join(resolve(o.dir), 'table.json')}.`);
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  return table;
}

/** `olfactory cortical-rnn figures DIR`: accuracy per variant and task, graph metrics per variant, a weight matrix with communities. */
export async function runCorticalFigures(o: { dir: string; out?: string; enabled: boolean }): Promise<string[]> {
  const runs = await readCorticalRuns(o.dir);
  const out = resolve(o.out ?? o.dir);
  const variants = VARIANTS.map((v) => v.name).filter((v) => runs.some((r) => r.variant === v));
  const tasks = TASK_NAMES.filter((t) => runs.some((r) => r.task === t));
  const stat = (vals: number[]) => {
    const v = vals.filter(Number.isFinite);
    const mean = v.reduce((a, b) => a + b, 0) / Math.max(1, v.length);
    const std = v.length > 1 ? Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1)) : 0;
    return { mean, std };
  };
  const conditions = variants.map((label) => ({ label }));
  const written: string[] = [];
  await mkdir(out, { recursive: true });
  const save = async (name: string, svgEl: SVGSVGElement) => {
    const svg = serializeSvg(svgEl);
    await writeFileAtomic(join(out, `${name}.svg`), svg);
    await writeFileAtomic(join(out, `${name}.png`), renderPng(svg, { scale: 1.5 }));
    written.push(join(out, `${name}.svg`), join(out, `${name}.png`));
  };
  const taskTitle: Record<TaskName, string> = { maze: 'Task 1 maze', 'go-nogo': 'Task 2 Go/NoGo', 'perceptual-decision': 'Task 3 perceptual decision' };
  await save(
    'accuracy',
    barPanelsFigure(
      {
        conditions,
        panels: tasks.flatMap((t) => [
          {
            title: `${taskTitle[t]}: held-out val`,
            yLabel: 'accuracy',
            yDomain: [0, 1] as const,
            values: variants.map((v) => stat(runs.filter((r) => r.task === t && r.variant === v).map((r) => r.valAccuracy))),
          },
          {
            title: `${taskTitle[t]}: training`,
            yLabel: 'accuracy',
            yDomain: [0, 1] as const,
            values: variants.map((v) => stat(runs.filter((r) => r.task === t && r.variant === v).map((r) => r.accuracy))),
          },
        ]),
      },
      { columns: 2, valueFormat: (v) => v.toFixed(2), title: 'Accuracy per variant and task (mean ± s.d. over simulations)' },
    ),
  );
  const metricPanels: [keyof CorticalRunRecord, string][] = [
    ['modularity', 'modularity Q'],
    ['smallWorldness', 'small-worldness σ'],
    ['assortativity', 'degree assortativity'],
    ['entropyBits', 'weight entropy (bits)'],
  ];
  await save(
    'graph-metrics',
    barPanelsFigure(
      {
        conditions,
        panels: metricPanels.map(([k, label]) => ({ title: `${label} (all tasks)`, yLabel: label, values: variants.map((v) => stat(runs.filter((r) => r.variant === v).map((r) => r[k] as number))) })),
      },
      { columns: 2, valueFormat: (v) => v.toFixed(2), title: 'Graph metrics of the trained W_rec per variant' },
    ),
  );
  // W*D*C on task 1 when present, else the first run whose W_rec is not constant
  const live = runs.filter((r) => r.degenerate === undefined);
  const pick = live.find((r) => r.variant === 'W*D*C' && r.task === 'maze') ?? live[0] ?? runs[0];
  const w = new Float32Array(Buffer.from(pick.recurrentF32, 'base64').buffer.slice(0));
  await save(
    'weight-matrix',
    communityMatrixFigure(
      // a constant matrix has no communities: drawn as one block
      { weights: w, n: pick.n, communities: pick.communities.length > 0 ? pick.communities : [Array.from({ length: pick.n }, (_, i) => i)] },
      {
        cellSizePx: pick.n > 150 ? 4 : 6,
        title: `|W_rec| of ${pick.variant}, ${pick.task}, sim ${pick.simulation}: ${
          pick.modularity === null ? 'constant matrix, no communities' : `${pick.communities.length} communities, Q = ${pick.modularity.toFixed(3)}`
        }`,
      },
    ),
  );
  status(`Wrote ${written.length} files to ${out}.`, o);
  return written;
}
