import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { writeFileAtomic } from '@olfactory/connectome-data';
import {
  advanceTraining,
  createTrainingRun,
  defineLateralLineParams,
  evaluateMap,
  mapVerdict,
  REFERENCE_PUBLISHED_GRADIENT,
  referenceMaps,
  restoreTrainingRun,
  saveTrainingRun,
  trainedWeights,
} from '@olfactory/lateral-line';
import type { CheckpointRecord, LateralLineParams, LayerMapMetrics, MapEvaluation, SavedTrainingRun, TrainingRun } from '@olfactory/lateral-line';
import { stabilisationTime } from '@olfactory/metrics';
import { BlockRng, createRng, InvalidParameterError, StateFormatError } from '@olfactory/neurons';
import type { SweepSpec } from '@olfactory/sweep';
import { CliUsageError } from '../util/cli-error';
import { status } from '../util/progress';
import type { ProgressOptions } from '../util/progress';
import type { SweepRunOptions } from './sweep';
import { resolveOlfactoryArgv, runSweepSpec } from './sweep';

export const LL_PARAMS_FILE = 'params.json';
export const LL_SUMMARY_FILE = 'run_summary.json';
export const LL_CHECKPOINT_FILE = 'checkpoint.json';
export const LL_STATE_FILE = 'checkpoint.state';
export const LL_SPIKES_FILE = 'test-spikes.json';

/** The reference's published table (from @olfactory/lateral-line; its rows mix two evaluation modes). */
export const REFERENCE_GRADIENT = REFERENCE_PUBLISHED_GRADIENT;

/** Options shared by the commands that define a run's parameters. */
export interface LateralLineParamOptions {
  readonly preset: string;
  readonly trials?: number;
  readonly topography?: number;
  /** `name=value` overrides of any parameter. */
  readonly set: readonly string[];
}

/** Parameters from a preset and flags; any invalid value is a usage error naming the flag. */
export function lateralLineParamsFromFlags(o: LateralLineParamOptions): LateralLineParams {
  const overrides: Record<string, unknown> = {};
  for (const item of o.set) {
    const m = /^([A-Za-z][A-Za-z0-9]*)=(.*)$/.exec(item);
    if (!m) throw new CliUsageError(`invalid --set: ${item}; expected name=value, e.g. --set monTsGainMv=200 (names: see olfactory lateral-line run --help).`);
    const raw = m[2]!.trim();
    overrides[m[1]!] = raw === 'true' ? true : raw === 'false' ? false : raw !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
  }
  if (o.trials !== undefined) overrides.trials = o.trials;
  if (o.topography !== undefined) {
    overrides.llMonTopography = o.topography;
    overrides.monTsTopography = o.topography;
  }
  try {
    return defineLateralLineParams(o.preset, overrides);
  } catch (error) {
    if (InvalidParameterError.isInstance(error)) {
      const flag =
        error.parameter === 'preset'
          ? '--preset'
          : error.parameter === 'trials'
            ? '--trials'
            : /Topography$/.test(error.parameter) && o.topography !== undefined
              ? '--topography'
              : `--set ${error.parameter}`;
      throw new CliUsageError(`${flag}: ${error.message}`);
    }
    throw error;
  }
}

export interface LateralLineRunOptions extends ProgressOptions, LateralLineParamOptions {
  readonly seed: number;
  readonly out: string;
  /** Save a checkpoint every this many trials (rounded up to the params' checkpoints). */
  readonly checkpointEvery: number;
  /** Re-test (extract mode) every this many trials for the learning curve; 0: only at 0 and the end. */
  readonly evalEvery: number;
  readonly json: boolean;
}

/** One point of the learning curve: the test sweep (extract mode, trained weights of both layers) after `trial` trials. */
export interface LearningPoint {
  readonly trial: number;
  readonly ts: LayerMapMetrics;
}

interface CheckpointHeader {
  readonly saved: SavedTrainingRun['header'];
  readonly learning: readonly LearningPoint[];
  readonly cpuSeconds: number;
}

const json = (x: unknown) => `${JSON.stringify(x, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`;

async function saveCheckpoint(out: string, run: TrainingRun, learning: readonly LearningPoint[], cpuSeconds: number): Promise<void> {
  const saved = saveTrainingRun(run);
  // state first, then the header naming it: a crash between the two leaves the previous header,
  // whose trialsDone no longer matches the state, and restoreTrainingRun refuses that pair.
  await writeFileAtomic(join(out, LL_STATE_FILE), saved.state);
  await writeFileAtomic(join(out, LL_CHECKPOINT_FILE), json({ saved: saved.header, learning, cpuSeconds } satisfies CheckpointHeader));
}

async function loadCheckpoint(out: string): Promise<{ run: TrainingRun; learning: LearningPoint[]; cpuSeconds: number } | null> {
  const file = join(out, LL_CHECKPOINT_FILE);
  if (!existsSync(file)) return null;
  let header: CheckpointHeader;
  try {
    header = JSON.parse(await readFile(file, 'utf8')) as CheckpointHeader;
  } catch (error) {
    throw new StateFormatError({ source: file, problem: `not valid JSON (${(error as Error).message})`, fix: 'Delete the run folder to start again.' });
  }
  const state = new Uint8Array(await readFile(join(out, LL_STATE_FILE)));
  const run = restoreTrainingRun({ header: header.saved, state }, join(out, LL_STATE_FILE));
  return { run, learning: [...header.learning], cpuSeconds: header.cpuSeconds };
}

function sameParams(a: LateralLineParams, b: LateralLineParams): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

const fmtDuration = (s: number): string =>
  s < 60 ? `${s.toFixed(0)}s` : s < 3600 ? `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s` : `${Math.floor(s / 3600)}h${String(Math.round((s % 3600) / 60)).padStart(2, '0')}m`;

/** Uniforms in [0, 1) from the counter generator (for the random reference maps). */
function uniformSource(seed: number): () => number {
  const block = new BlockRng();
  createRng(seed).openInto(block, 0, 0, 0x11a70003);
  return () => block.nextUniform();
}

/** The evaluation block of run_summary.json: extract mode and training mode apart, references beside. */
export function summarizeEvaluations(
  p: LateralLineParams,
  seed: number,
  untrained: MapEvaluation,
  trained: MapEvaluation,
  trainingMode: MapEvaluation | null,
  referenceExtract: MapEvaluation | null = null,
) {
  const refs = referenceMaps(p, { randomMaps: 20, rng: uniformSource(seed) });
  const verdict = mapVerdict(trained.ts, untrained.ts, refs);
  const layer = (e: MapEvaluation) => ({ ts: e.ts, ll: e.ll, sharpening: e.sharpening });
  return {
    note: 'σθ, Δ_trial in rad. extract: fresh neuron state, trained weights of BOTH plastic layers (the reference re-tests with the initial LL→MON weights); training: the test continues the training state (the reference end-of-training test). Never mix the two in one table. σθ always beside the untrained network and the perfect-map floor / random-map ceiling scored by the same metric.',
    extract: { trained: layer(trained), untrained: layer(untrained) },
    training: trainingMode ? { trained: layer(trainingMode) } : null,
    referenceExtractDefect: referenceExtract
      ? { note: "the reference's extract mode, for comparison only: trained MON→TS with the INITIAL LL→MON weights (spec §1.7); not a result", ...layer(referenceExtract) }
      : null,
    references: { perfectMap: refs.perfect, randomMap: refs.random },
    verdict,
  };
}

/** `olfactory lateral-line run`. */
export async function runLateralLineRun(o: LateralLineRunOptions): Promise<void> {
  const p = lateralLineParamsFromFlags(o);
  const out = resolve(o.out);
  await mkdir(out, { recursive: true });
  const progress = { enabled: o.enabled };
  let resumed = await loadCheckpoint(out);
  if (resumed && (!sameParams(resumed.run.params, p) || resumed.run.seed !== o.seed)) {
    throw new CliUsageError(
      `--out ${out} holds a run with other parameters or another seed (seed ${resumed.run.seed}, preset ${resumed.run.params.preset}, ${resumed.run.params.trials} trials); give a new --out, or the same flags to resume it.`,
    );
  }
  await writeFileAtomic(join(out, LL_PARAMS_FILE), json({ formatVersion: 1, kind: 'lateral-line-params', seed: o.seed, params: p }));
  const run = resumed?.run ?? createTrainingRun(p, o.seed);
  const learning: LearningPoint[] = resumed?.learning ?? [];
  let cpuSeconds = resumed?.cpuSeconds ?? 0;
  if (resumed) status(`lateral-line: resuming ${out} at trial ${run.trialsDone}/${p.trials}`, progress);
  resumed = null;
  const untrained = evaluateMap(p, { seed: o.seed });
  if (learning.length === 0) learning.push({ trial: 0, ts: untrained.ts });
  const every = Math.max(p.checkpointTrials, Math.ceil(o.checkpointEvery / p.checkpointTrials) * p.checkpointTrials);
  const evalEvery = o.evalEvery > 0 ? Math.max(p.checkpointTrials, Math.round(o.evalEvery / p.checkpointTrials) * p.checkpointTrials) : 0;
  const start = run.trialsDone;
  const wall0 = performance.now();
  const cpu0 = process.cpuUsage();
  let lastLine = 0;
  let pending: Promise<void> = Promise.resolve();
  const onCheckpoint = (r: TrainingRun, rec: CheckpointRecord) => {
    const done = r.trialsDone;
    if (evalEvery > 0 && done % evalEvery === 0 && done < p.trials) learning.push({ trial: done, ts: evaluateMap(p, { seed: o.seed, weightsMv: trainedWeights(r) }).ts });
    const elapsed = (performance.now() - wall0) / 1000;
    const perTrial = elapsed / Math.max(1, done - start);
    if (o.enabled && (performance.now() - lastLine > 5000 || done === p.trials)) {
      lastLine = performance.now();
      status(
        `lateral-line: trial ${done}/${p.trials}  ${(perTrial * 1000).toFixed(0)} ms/trial  ETA ${fmtDuration(perTrial * (p.trials - done))}  MON ${rec.monRateHz.toFixed(1)} Hz  TS ${rec.tsRateHz.toFixed(1)} Hz  w(MON→TS) ${rec.monTs.mean.toFixed(4)}, ${(100 * rec.monTs.fracAtMax).toFixed(0)}% at max`,
        progress,
      );
    }
    if (done % every === 0 && done < p.trials) {
      const c = process.cpuUsage(cpu0);
      const snapshot = saveTrainingRun(r);
      const header = { saved: snapshot.header, learning: [...learning], cpuSeconds: cpuSeconds + (c.user + c.system) / 1e6 };
      pending = pending.then(async () => {
        await writeFileAtomic(join(out, LL_STATE_FILE), snapshot.state);
        await writeFileAtomic(join(out, LL_CHECKPOINT_FILE), json(header));
      });
    }
  };
  // Train in slices so that checkpoint files are written while training continues.
  while (run.trialsDone < p.trials) {
    advanceTraining(run, Math.min(every, p.trials - run.trialsDone), onCheckpoint);
    await pending;
  }
  const c = process.cpuUsage(cpu0);
  cpuSeconds += (c.user + c.system) / 1e6;
  const weights = trainedWeights(run);
  const trained = evaluateMap(p, { seed: o.seed, weightsMv: weights });
  if (learning.at(-1)?.trial !== run.trialsDone) learning.push({ trial: run.trialsDone, ts: trained.ts });
  const trainingMode = p.trials > 0 ? evaluateMap(p, { seed: o.seed, continueFrom: run.state }) : null;
  const referenceExtract = p.trials > 0 && p.llMonPlastic ? evaluateMap(p, { seed: o.seed, weightsMv: { monTs: weights.monTs } }) : null;
  await saveCheckpoint(out, run, learning, cpuSeconds);
  const curve = run.curve;
  const stab = stabilisationTime(
    curve.map((r) => (r.trial * p.trialMs) / 1000),
    curve.map((r) => r.monTs.mean),
  );
  const summary = {
    formatVersion: 1,
    kind: 'lateral-line-run',
    preset: p.preset,
    seed: o.seed,
    trials: run.trialsDone,
    topography: { llMon: p.llMonTopography, monTs: p.monTsTopography },
    evaluation: summarizeEvaluations(p, o.seed, untrained, trained, trainingMode, referenceExtract),
    learning,
    training: {
      checkpoints: curve.length,
      last: curve.at(-1) ?? null,
      stabilisationTimeS: stab,
      cpuSeconds,
      cpuSPerTrial: run.trialsDone - start > 0 ? (c.user + c.system) / 1e6 / (run.trialsDone - start) : null,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
    },
  };
  const spikes = (e: MapEvaluation) => ({ steps: Array.from(e.spikes.ts.steps), neurons: Array.from(e.spikes.ts.neurons) });
  await writeFileAtomic(
    join(out, LL_SPIKES_FILE),
    JSON.stringify({
      formatVersion: 1,
      dtMs: p.dtMs,
      xCm: Array.from(trained.xCm),
      nTs: p.nTs,
      nLl: p.nLl,
      untrained: spikes(untrained),
      trained: spikes(trained),
      ll: { steps: Array.from(trained.spikes.ll.steps), neurons: Array.from(trained.spikes.ll.neurons) },
    }),
  );
  await writeFileAtomic(join(out, LL_SUMMARY_FILE), json(summary));
  if (o.json) {
    process.stdout.write(json(summary));
    return;
  }
  process.stdout.write(formatRunTable(summary.evaluation, run.trialsDone));
  process.stdout.write(`wrote ${join(out, LL_SUMMARY_FILE)}\n`);
}

type Evaluation = ReturnType<typeof summarizeEvaluations>;

function formatRunTable(e: Evaluation, trials: number): string {
  const f = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : '  nan');
  const row = (name: string, m: LayerMapMetrics) => `${name.padEnd(34)} ${f(m.sigmaTheta)}  ${f(m.deltaTrial)}  ${f(m.validFraction)}  ${f(m.pvLength)}  ${f(m.rankCorrelation)}\n`;
  let s = `${'TS layer after ' + trials + ' trials'.padEnd(18)}        σθ      Δtrial  valid   PV len  ρ(index, x)\n`;
  s += row('extract, trained (both layers)', e.extract.trained.ts);
  s += row('extract, untrained (0 trials)', e.extract.untrained.ts);
  if (e.training) s += row('training mode (separate table)', e.training.trained.ts);
  if (e.referenceExtractDefect) s += row("reference's extract (initial LL→MON)", e.referenceExtractDefect.ts);
  s += row('perfect map over the body', e.references.perfectMap);
  s += row(`random map (mean of ${e.references.randomMap.n})`, e.references.randomMap);
  s += `map formed: ${e.verdict.mapFormed ? 'yes' : 'no'}\n`;
  for (const c of e.verdict.criteria) s += `  [${c.holds ? 'x' : ' '}] ${c.name}: ${c.detail}\n`;
  return s;
}

/** `olfactory lateral-line evaluate DIR`: one run's summary, or the table of a sweep folder. */
export async function runLateralLineEvaluate(o: { readonly dir: string; readonly json: boolean; readonly distanceCm?: number; readonly noiseHz?: number } & ProgressOptions): Promise<void> {
  const dir = resolve(o.dir);
  if (existsSync(join(dir, LL_CHECKPOINT_FILE))) {
    const loaded = await loadCheckpoint(dir);
    const run = loaded!.run;
    const p = run.params;
    const extra = { distanceCm: o.distanceCm, extraNoiseSdHz: o.noiseHz };
    const untrained = evaluateMap(p, { seed: run.seed, ...extra });
    const trained = evaluateMap(p, { seed: run.seed, weightsMv: trainedWeights(run), ...extra });
    const referenceExtract = run.trialsDone > 0 && p.llMonPlastic ? evaluateMap(p, { seed: run.seed, weightsMv: { monTs: trainedWeights(run).monTs }, ...extra }) : null;
    const e = summarizeEvaluations(p, run.seed, untrained, trained, null, referenceExtract);
    // the folder as given (a relative path stays relative: the JSON is shipped beside the run)
    const result = { dir: o.dir, seed: run.seed, trials: run.trialsDone, distanceCm: o.distanceCm ?? p.testDistanceCm, testNoiseHz: o.noiseHz ?? 0, evaluation: e };
    if (o.json) process.stdout.write(json(result));
    else process.stdout.write(formatRunTable(e, run.trialsDone));
    return;
  }
  const runsDir = join(dir, 'runs');
  if (!existsSync(runsDir))
    throw new CliUsageError(`${dir}: neither a lateral-line run folder (no ${LL_CHECKPOINT_FILE}) nor a sweep folder (no runs/); give the --out of \`olfactory lateral-line run\` or \`sweep\`.`);
  const table = await gradientTable(runsDir);
  if (o.json) process.stdout.write(json(table));
  else process.stdout.write(formatGradientTable(table));
  await writeFileAtomic(join(dir, 'gradient-table.json'), json(table));
}

const meanSd = (xs: number[]) => {
  const v = xs.filter((x) => Number.isFinite(x));
  const m = v.reduce((a, b) => a + b, 0) / Math.max(1, v.length);
  const sd = v.length > 1 ? Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1)) : NaN;
  return { mean: v.length ? m : NaN, sd, n: v.length };
};

/** Mean ± SD per topography level over the seeds of a sweep's runs/<topo>/seed-<S>/run_summary.json. */
export async function gradientTable(runsDir: string) {
  const levels: Record<string, Record<string, unknown>[]> = {};
  for (const level of (await readdir(runsDir)).sort()) {
    for (const seedDir of (await readdir(join(runsDir, level))).sort()) {
      const f = join(runsDir, level, seedDir, LL_SUMMARY_FILE);
      if (!existsSync(f)) continue;
      (levels[level] ??= []).push(JSON.parse(await readFile(f, 'utf8')) as Record<string, unknown>);
    }
  }
  type S = { topography: { monTs: number }; trials: number; evaluation: Evaluation };
  const rows = Object.values(levels).map((list) => {
    const runs = list as unknown as S[];
    const pick = (f: (s: S) => number) => meanSd(runs.map(f));
    return {
      topography: runs[0]!.topography.monTs,
      seeds: runs.length,
      trials: runs[0]!.trials,
      extractTrained: {
        sigmaTheta: pick((s) => s.evaluation.extract.trained.ts.sigmaTheta),
        validFraction: pick((s) => s.evaluation.extract.trained.ts.validFraction),
        pvLength: pick((s) => s.evaluation.extract.trained.ts.pvLength),
        rankCorrelation: pick((s) => s.evaluation.extract.trained.ts.rankCorrelation),
      },
      extractUntrained: {
        sigmaTheta: pick((s) => s.evaluation.extract.untrained.ts.sigmaTheta),
        pvLength: pick((s) => s.evaluation.extract.untrained.ts.pvLength),
        rankCorrelation: pick((s) => s.evaluation.extract.untrained.ts.rankCorrelation),
      },
      trainingMode: { sigmaTheta: pick((s) => s.evaluation.training?.trained.ts.sigmaTheta ?? NaN), validFraction: pick((s) => s.evaluation.training?.trained.ts.validFraction ?? NaN) },
      // the reference's own extract mode (trained MON→TS behind the initial LL→MON: its defect),
      // to set beside its published numbers; never a result
      referenceExtractDefect: {
        sigmaTheta: pick((s) => s.evaluation.referenceExtractDefect?.ts.sigmaTheta ?? NaN),
        validFraction: pick((s) => s.evaluation.referenceExtractDefect?.ts.validFraction ?? NaN),
        rankCorrelation: pick((s) => s.evaluation.referenceExtractDefect?.ts.rankCorrelation ?? NaN),
      },
      mapFormed: runs.filter((s) => s.evaluation.verdict.mapFormed).length,
      perfectMapSigmaTheta: runs[0]!.evaluation.references.perfectMap.sigmaTheta,
      randomMapSigmaTheta: runs[0]!.evaluation.references.randomMap.sigmaTheta,
      reference: REFERENCE_GRADIENT.find((r) => Math.abs(r.topography - runs[0]!.topography.monTs) < 1e-9) ?? null,
    };
  });
  rows.sort((a, b) => a.topography - b.topography);
  return { formatVersion: 1, kind: 'lateral-line-gradient', rows };
}

function formatGradientTable(t: Awaited<ReturnType<typeof gradientTable>>): string {
  const ms = (x: { mean: number; sd: number }) => `${Number.isFinite(x.mean) ? x.mean.toFixed(3) : 'nan'} ± ${Number.isFinite(x.sd) ? x.sd.toFixed(3) : 'nan'}`;
  let s =
    "topo  seeds trials | extract trained: σθ        valid           ρ(index,x)      | untrained: σθ    ρ(index,x)       | training σθ      | map formed | reference's extract σθ | reference σθ (its mode)\n";
  for (const r of t.rows) {
    s += `${r.topography.toFixed(2).padEnd(5)} ${String(r.seeds).padEnd(5)} ${String(r.trials).padEnd(6)} | ${ms(r.extractTrained.sigmaTheta).padEnd(16)} ${ms(r.extractTrained.validFraction).padEnd(15)} ${ms(r.extractTrained.rankCorrelation).padEnd(15)} | ${ms(r.extractUntrained.sigmaTheta).padEnd(16)} ${ms(r.extractUntrained.rankCorrelation).padEnd(16)} | ${ms(r.trainingMode.sigmaTheta).padEnd(16)} | ${`${r.mapFormed}/${r.seeds}`.padEnd(10)} | ${ms(r.referenceExtractDefect.sigmaTheta).padEnd(22)} | ${r.reference ? `${r.reference.sigmaTheta} (${r.reference.mode})` : '—'}\n`;
  }
  if (t.rows[0]) s += `floor (perfect map) ${t.rows[0].perfectMapSigmaTheta.toFixed(3)} rad, ceiling (random map) ${t.rows[0].randomMapSigmaTheta.toFixed(3)} rad\n`;
  return s;
}

export interface LateralLineSweepOptions extends SweepRunOptions {
  readonly preset: string;
  readonly topographies: readonly number[];
  readonly seeds: readonly number[];
  readonly trials?: number;
  readonly set: readonly string[];
  readonly out: string;
  readonly cliScript: string;
}

/** The topography sweep as jobs: one `olfactory lateral-line run` per level and seed, collected by `evaluate`. */
export function lateralLineSweepSpec(o: Omit<LateralLineSweepOptions, keyof SweepRunOptions>): SweepSpec {
  for (const t of o.topographies) lateralLineParamsFromFlags({ preset: o.preset, trials: o.trials, topography: t, set: o.set });
  const jobs = o.topographies.flatMap((t) =>
    o.seeds.map((seed) => {
      const level = `topo-${t.toFixed(2)}`;
      return {
        id: `${level}-seed-${seed}`,
        argv: resolveOlfactoryArgv(
          [
            'olfactory',
            '-q',
            'lateral-line',
            'run',
            '--preset',
            o.preset,
            '--topography',
            String(t),
            '--seed',
            String(seed),
            ...(o.trials !== undefined ? ['--trials', String(o.trials)] : []),
            ...o.set.flatMap((s) => ['--set', s]),
            '--out',
            `{sweep}/runs/${level}/seed-${seed}`,
          ],
          o.cliScript,
        ),
        output: `runs/${level}/seed-${seed}/${LL_SUMMARY_FILE}`,
      };
    }),
  );
  return { jobs, collect: { argv: resolveOlfactoryArgv(['olfactory', 'lateral-line', 'evaluate', '{sweep}'], o.cliScript) } };
}

/** `olfactory lateral-line sweep`. */
export async function runLateralLineSweep(o: LateralLineSweepOptions): Promise<void> {
  if (o.seeds.length === 0 || o.topographies.length === 0) throw new CliUsageError('--seeds and --topographies: give at least one of each.');
  await runSweepSpec(lateralLineSweepSpec(o), o);
}
