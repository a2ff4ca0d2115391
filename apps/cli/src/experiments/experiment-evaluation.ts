import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { OlfactoryData } from '@olfactory/connectome-data';
import { NumpyRandomState, buildOlfactoryCircuit, hashFile, loadOlfactoryData, shuffleOlfactoryCircuit, writeFileAtomic } from '@olfactory/connectome-data';
import {
  STUDENT_CORRELATION_WEIGHTS,
  combinationAt,
  combinationCount,
  crossModelSimilarity,
  linearSvmAccuracy,
  mixtureCodeMetrics,
  mixtureInput,
  pairwiseSeedCorrelation,
  scalarConsistency,
  subAdditivity,
  thresholdBoundaryFractions,
  weightedParameterCorrelation,
} from '@olfactory/metrics';
import type { Checkpoint, EvaluableStudent, LoadedCheckpoint } from '@olfactory/model';
import {
  NOISE_STREAM,
  buildSpikingCircuit,
  checkpointPreprocessing,
  evaluateStudentResponses,
  fillNoisyOdorSamples,
  layoutForCircuit,
  paperValue,
  readCheckpoint,
  readCheckpointJson,
} from '@olfactory/model';
import { createRng } from '@olfactory/neurons';
import { readRecomputeResults } from '../results/read-results';
import { runRecompute } from '../commands/recompute';
import type { Evaluation } from './experiment-plan';
import type { ExperimentCell, ExperimentRow } from './experiment-table';
import { experimentCell } from './experiment-table';

/** Where a condition's runs and an evaluation's recompute live inside an experiment folder. */
export const RUNS_DIR = 'runs';
export const EVAL_DIR = 'eval';

export interface EvaluateOptions {
  readonly out: string;
  readonly seeds: readonly number[];
  readonly dataDir?: string;
  readonly engine: 'onnx' | 'typescript';
  readonly status: (message: string) => void;
  /**
   * Evaluation folders that some evaluation of this run needs with the concentration sweep: one
   * that does not is computed with it too, so the other reuses it (in `experiment all`, R1 and
   * the STD experiment both recompute the canonical models, the second with the sweep).
   */
  readonly withConcentration?: ReadonlySet<string>;
  /**
   * Conditions whose mixture metrics this collect step computed ahead of the tables (beside the
   * recomputes): the first table to use one reports it as computed, not reused, and drops it here.
   */
  readonly freshMixtures?: Set<string>;
}

/** The finished checkpoints of a condition for the seeds asked for (missing seeds are left out). */
export async function conditionCheckpoints(out: string, condition: string, seeds: readonly number[]): Promise<{ seed: number; file: string }[]> {
  const found: { seed: number; file: string }[] = [];
  for (const seed of seeds) {
    const file = join(out, RUNS_DIR, condition, `seed-${seed}`, 'checkpoint.json');
    if (existsSync(file)) found.push({ seed, file });
  }
  return found;
}

export const RECOMPUTE_COLUMNS = [
  { key: 'accuracy', label: 'accuracy', unit: 'fraction' },
  { key: 'kcSparsity', label: 'KC sparsity', unit: 'fraction' },
  { key: 'centroidAccuracy', label: 'centroid', unit: 'fraction' },
  { key: 'alDecorrelation', label: 'AL', unit: '%' },
  { key: 'mbDecorrelation', label: 'MB', unit: '%' },
  { key: 'totalDecorrelation', label: 'total', unit: '%' },
  { key: 'manciniRatio', label: 'Mancini', unit: 'ratio' },
  { key: 'aplSuppressionPercent', label: 'APL suppr.', unit: '%' },
  { key: 'pnDynamicRange', label: 'PN range', unit: '×' },
  { key: 'kcDynamicRange', label: 'KC range', unit: '×' },
] as const;

/** The columns only the concentration sweep measures. */
const CONCENTRATION_COLUMNS = new Set<string>(['pnDynamicRange', 'kcDynamicRange']);

/** Is `dir/recompute.json` made from exactly these checkpoint files with this ablation (and the concentration sweep, when asked for)? */
async function recomputeIsCurrent(dir: string, files: readonly string[], ablation: string, withConcentration: boolean): Promise<boolean> {
  if (!existsSync(join(dir, 'recompute.json'))) return false;
  try {
    const { results } = await readRecomputeResults(dir);
    // a recompute with the concentration sweep also serves an evaluation without it (its other metrics are the same numbers)
    if (results.protocol.ablation !== ablation || (withConcentration && !results.protocol.withConcentration)) return false;
    const digests = new Set((await Promise.all(files.map((f) => hashFile(f)))).map((d) => d.sha256));
    return results.checkpoints.length === digests.size && results.checkpoints.every((c) => digests.has(c.sha256));
  } catch {
    return false;
  }
}

/** The recompute an evaluation needs: its folder, the condition's finished checkpoints, and whether the folder already holds it. */
export interface RecomputeTask {
  readonly id: string;
  readonly dir: string;
  readonly files: readonly string[];
  readonly seeds: readonly number[];
  readonly ablate: Extract<Evaluation, { kind: 'recompute' }>['ablate'];
  readonly withConcentration: boolean;
  readonly current: boolean;
}

/** The recompute of an evaluation (null when the condition has no finished checkpoint yet). */
export async function recomputeTask(e: Extract<Evaluation, { kind: 'recompute' }>, o: EvaluateOptions): Promise<RecomputeTask | null> {
  const found = await conditionCheckpoints(o.out, e.condition, o.seeds);
  if (found.length === 0) return null;
  const dir = join(o.out, EVAL_DIR, e.id);
  const files = found.map((f) => f.file);
  const withConcentration = e.withConcentration || (o.withConcentration?.has(e.id) ?? false);
  const current = await recomputeIsCurrent(dir, files, e.ablate, withConcentration);
  return { id: e.id, dir, files, seeds: found.map((f) => f.seed), ablate: e.ablate, withConcentration, current };
}

/** A row from the deterministic recompute (spec §4.1) of a condition's checkpoints, with the post-hoc switch of the evaluation. */
export async function recomputeRow(e: Extract<Evaluation, { kind: 'recompute' }>, o: EvaluateOptions): Promise<ExperimentRow | null> {
  const task = await recomputeTask(e, o);
  if (task === null) return null;
  const { dir, files, withConcentration } = task;
  if (!task.current) {
    o.status(`experiment: recompute ${e.id} (${files.length} checkpoint(s)${e.ablate === 'none' ? '' : `, post hoc ${e.ablate}`})`);
    await runRecompute({
      checkpoints: [...files],
      withConcentration,
      ...(e.ablate === 'none' ? {} : { ablate: e.ablate }),
      device: 'cpu',
      engine: o.engine,
      out: dir,
      dataDir: o.dataDir,
      json: false,
      enabled: false,
      silent: true,
    });
  }
  const { results } = await readRecomputeResults(dir);
  const bySeed = new Map(results.checkpoints.map((c) => [c.seed, c.metrics as unknown as Record<string, number | undefined>]));
  const seeds = task.seeds;
  const metrics: Record<string, ExperimentCell> = {};
  for (const c of RECOMPUTE_COLUMNS) {
    if (!e.withConcentration && CONCENTRATION_COLUMNS.has(c.key)) continue;
    const values = seeds.map((s) => bySeed.get(s)?.[c.key] ?? null);
    if (values.every((v) => v === null)) continue;
    metrics[c.key] = experimentCell(values, e.paperKey ? `${e.paperKey}.${c.key}` : undefined);
  }
  return { id: e.id, label: e.label, condition: e.condition, evaluation: e.ablate, seeds, metrics };
}

/** Read checkpoint files (plain or packed) without building a circuit (parameter-only evaluations). */
async function readRaw(files: readonly string[]): Promise<Checkpoint[]> {
  return Promise.all(files.map(async (f) => (await readCheckpointJson(f)) as Checkpoint));
}
const mv = (x: unknown) => (x as number[]).map((v) => v * 1e3);

/** R6 / S4: fraction of KC thresholds at the −30 mV bound (v_th ≥ −30.5 mV), parameter-only (spec §4.10). */
export async function thresholdRow(e: Extract<Evaluation, { kind: 'thresholds' }>, o: EvaluateOptions): Promise<ExperimentRow | null> {
  const found = await conditionCheckpoints(o.out, e.condition, o.seeds);
  if (found.length === 0) return null;
  const cks = await readRaw(found.map((f) => f.file));
  const kc = cks.map((c) => thresholdBoundaryFractions(mv(c.parameters['kc.vTh'])));
  return {
    id: e.id,
    label: e.label,
    condition: e.condition,
    evaluation: 'none',
    seeds: found.map((f) => f.seed),
    metrics: {
      odors: experimentCell(cks.map((c) => c.sizes.classes)),
      kcAtUpperBoundPercent: experimentCell(
        kc.map((k) => 100 * k.atUpper),
        e.paperKey ? `${e.paperKey}.kcAtUpperBoundPercent` : undefined,
      ),
      testAccuracy: experimentCell(cks.map((c) => c.history[c.history.length - 1]?.testAccuracy ?? null)),
    },
  };
}

/** The circuit and student of each checkpoint (the shuffled connectome for R3 iii runs). */
async function loadStudents(files: readonly string[], data: OlfactoryData): Promise<{ loaded: LoadedCheckpoint; student: EvaluableStudent }[]> {
  const out: { loaded: LoadedCheckpoint; student: EvaluableStudent }[] = [];
  for (const f of files) {
    const raw = (await readCheckpointJson(f)) as Checkpoint;
    const built = buildOlfactoryCircuit(data.connectome, { preprocessing: checkpointPreprocessing(raw.config, f) });
    const circuit = buildSpikingCircuit(raw.config.shuffledConnectome ? shuffleOlfactoryCircuit(built, raw.config.seed) : built);
    const loaded = await readCheckpoint(f, layoutForCircuit(circuit));
    out.push({ loaded, student: { circuit, params: loaded.params, decoderWeight: loaded.decoderWeight, decoderBias: loaded.decoderBias } });
  }
  return out;
}

/** Mean KC count vector over `trials` noisy copies of each input row (row-major rows × n_KC). */
function meanKcCodes(student: EvaluableStudent, inputs: Float32Array, trials: number, rng: ReturnType<typeof createRng>, stream: number): Float64Array {
  const nR = student.circuit.sizes.receptors;
  const nKc = student.circuit.sizes.kc;
  const rows = inputs.length / nR;
  const n = rows * trials;
  const x = new Float32Array(n * nR);
  const y = new Int32Array(n);
  fillNoisyOdorSamples(
    inputs,
    nR,
    trials,
    Int32Array.from({ length: n }, (_, i) => i),
    rng,
    stream,
    x,
    y,
  );
  const r = evaluateStudentResponses(student, x, { rng, stream });
  const out = new Float64Array(rows * nKc);
  for (let i = 0; i < n; i++) {
    const row = Math.floor(i / trials);
    for (let k = 0; k < nKc; k++) out[row * nKc + k]! += r.kc[i * nKc + k]! / trials;
  }
  return out;
}

const STUDENT_SCALARS: readonly [string, string, (x: number) => number][] = [
  ['apl.gain', 'APL gain (raw)', (x) => x],
  ['gap.lnLn.logG', 'g LN–LN', Math.exp],
  ['gap.pnPn.logG', 'g PN–PN', Math.exp],
  ['gap.elnPn.logG', 'g eLN–PN', Math.exp],
  ['kc.logGSoma', 'g_soma', Math.exp],
  ['pathway.orn_pn.logStrength', 'ORN→PN', Math.exp],
  ['pathway.ln_pn.logStrength', 'LN→PN inhib.', Math.exp],
  ['pathway.ln_pn_excit.logStrength', 'LN→PN excit.', Math.exp],
  ['pathway.kc_kc_aa.logStrength', 'KC→KC aa', Math.exp],
  ['pathway.pn_kc.logStrength', 'PN→KC', Math.exp],
  ['apl.logTau', 'τ_APL', Math.exp],
];

/**
 * R2 (spec §4.8–4.10): parameter correlation across seeds (the weighted 0.909 and its parts),
 * the teacher's recorded OR gains and APL gain, scalar CVs in physical units, threshold bounds,
 * and the cross-model KC pattern similarity (28 odors × 10 noisy trials per model).
 */
export async function consistencyRow(e: Extract<Evaluation, { kind: 'consistency' }>, o: EvaluateOptions, data: OlfactoryData): Promise<{ row: ExperimentRow; notes: string[] } | null> {
  const found = await conditionCheckpoints(o.out, e.condition, o.seeds);
  if (found.length === 0) return null;
  const cks = await readRaw(found.map((f) => f.file));
  const seeds = found.map((f) => f.seed);
  const single = (x: number) => experimentCell([x]);
  const metrics: Record<string, ExperimentCell> = {};
  const notes: string[] = [];
  const vec = (c: Checkpoint, k: string) => c.parameters[k] as number[];
  if (cks.length >= 2) {
    const r = (get: (c: Checkpoint) => ArrayLike<number>) => pairwiseSeedCorrelation(cks.map(get)).mean;
    const parts = {
      orGains: r((c) => vec(c, 'or.gains')),
      kcVTh: r((c) => vec(c, 'kc.vTh')),
      lnVTh: r((c) => vec(c, 'ln.vTh')),
      ornVTh: r((c) => vec(c, 'orn.vTh')),
      pnVTh: r((c) => vec(c, 'pn.vTh')),
      decoderWeight: r((c) => c.decoder.weight.flat()),
      decoderBias: r((c) => c.decoder.bias),
    };
    metrics.studentAllParameters = {
      ...single(weightedParameterCorrelation(Object.entries(parts).map(([k, v]) => ({ meanCorrelation: v, weight: STUDENT_CORRELATION_WEIGHTS[k]! })))),
      ...paperOf('r2.student.allParameters'),
    };
    metrics.studentKcThresholds = { ...single(parts.kcVTh), ...paperOf('r2.student.kcThresholds') };
    metrics.studentDecoderWeights = { ...single(parts.decoderWeight), ...paperOf('r2.student.decoderWeights') };
    metrics.teacherOrGains = single(r((c) => c.teacher.orGains));
    const cvs = STUDENT_SCALARS.map(([k, , f]) => scalarConsistency(cks.map((c) => f(c.parameters[k] as number))).cv);
    metrics.studentScalarCvPercent = { ...single((100 * cvs.reduce((a, b) => a + b, 0)) / cvs.length), ...paperOf('r2.student.scalarCvPercent') };
    metrics.teacherAplGainCvPercent = single(100 * scalarConsistency(cks.map((c) => c.teacher.aplGainRaw)).cv);
    notes.push(
      'The teacher side of R2 is limited to what checkpoints record (its OR gains and APL gain): the teacher\'s KC thresholds and decoder are not kept, so the teacher "all parameters" (0.781), KC-threshold (0.528) and decoder (0.788) correlations are not recomputed.',
    );
  } else notes.push('Correlations across seeds need at least two seeds.');
  const bounds = (k: string, pick: 'atUpper' | 'atLower' | 'interior') => cks.map((c) => 100 * thresholdBoundaryFractions(mv(c.parameters[k]))[pick]);
  metrics.kcAtUpperBoundPercent = experimentCell(bounds('kc.vTh', 'atUpper'), 'r2.kcAtUpperBoundPercent');
  metrics.lnAtLowerBoundPercent = experimentCell(bounds('ln.vTh', 'atLower'), 'r2.lnAtLowerBoundPercent');
  metrics.pnInteriorPercent = experimentCell(bounds('pn.vTh', 'interior'), 'r2.pnInteriorPercent');
  if (cks.length >= 2) {
    o.status(`experiment: cross-model KC pattern similarity over ${cks.length} models`);
    const students = await loadStudents(
      found.map((f) => f.file),
      data,
    );
    const rng = createRng(54321);
    const means = students.map(({ student }) => meanKcCodes(student, data.odors.normalized, 10, rng, NOISE_STREAM.EVALUATION + 0x0300_0000));
    metrics.kcPatternSimilarity = { ...single(crossModelSimilarity(means, data.odors.conditions.length).mean), ...paperOf('r2.kcPatternSimilarity') };
  }
  return { row: { id: e.id, label: e.label, condition: e.condition, evaluation: 'none', seeds, metrics }, notes };
}

function paperOf(key: string): Partial<ExperimentCell> {
  const c = experimentCell([], key);
  return { ...(c.paper !== undefined ? { paper: c.paper, paperSource: c.paperSource } : {}), ...(c.paperStd !== undefined ? { paperStd: c.paperStd } : {}) };
}

/**
 * The paper values a condition's mixture metrics are compared with: R5's (the canonical models',
 * with their σ) for `canonical` only; for another condition, Figure 4D's Honegger 2-odor
 * sub-additivity of that condition where the paper gives one (`fig4.<condition>.subAdditivePercent`,
 * no σ), and nothing for the other metrics — the paper reports them for the canonical models only.
 */
export function mixturesPaperKeys(condition: string): Readonly<Record<string, string>> {
  if (condition === 'canonical') {
    return {
      mixtureComponentCosine: 'r5.mixtureComponentCosine',
      subAdditivePairsPercent: 'r5.subAdditivePairsPercent',
      subAdditiveTripletsPercent: 'r5.subAdditiveTripletsPercent',
      mixtureVsIndividualSvm: 'r5.mixtureVsIndividualSvm',
    };
  }
  const fig4 = `fig4.${condition}.subAdditivePercent`;
  return paperValue(fig4) !== undefined ? { subAdditivePairsPercent: fig4 } : {};
}

/**
 * R5 (spec §4.11–4.12) per seed: KC codes (mean over 20 noisy trials) of odors 1–27, of all 351
 * pairs and of 50 triplets (`RandomState(seed + 3000).choice(2925, 50)`); mixture→component
 * cosine, Honegger sub-additivity (pairs and triplets, spike counts) and the mixture-vs-individual
 * linear SVM (270 individual + 50 pairs × 10 trials, `RandomState(seed + 4000).choice(351, 50)`).
 */
export async function mixturesRow(e: Extract<Evaluation, { kind: 'mixtures' }>, o: EvaluateOptions, data: OlfactoryData): Promise<{ row: ExperimentRow; notes: string[] } | null> {
  const found = await conditionCheckpoints(o.out, e.condition, o.seeds);
  if (found.length === 0) return null;
  const { metrics: per, reusedSeconds: cachedSeconds } = await conditionMixtures(e.condition, found, o, data);
  const reusedSeconds = o.freshMixtures?.delete(e.condition) === true ? undefined : cachedSeconds;
  const keys = mixturesPaperKeys(e.condition);
  const metrics = Object.fromEntries(Object.entries(per).map(([k, v]) => [k, experimentCell(v, keys[k])]));
  return {
    row: { id: e.id, label: e.label, condition: e.condition, evaluation: 'none', seeds: found.map((f) => f.seed), metrics },
    notes: [
      ...(reusedSeconds !== undefined
        ? [`The mixture metrics of ${e.condition} were computed once for every experiment that reports them (${reusedSeconds.toFixed(1)} s, counted where first computed) and reused here.`]
        : []),
      "Codes and Honegger responses come from one set of 20-trial simulations per stimulus (the reference runs the two analyses separately, with other noise streams); the Honegger triplets use RandomState(seed + 3000) like the mixture metrics (the reference draws them with NumPy default_rng(seed + 1000)). The SVM's majority-class baseline is 500/770 = 0.649.",
    ],
  };
}

/** The per-seed mixture metrics of a condition, as cached in `eval/<condition>-mixtures/mixtures.json`. */
interface MixturesCache {
  readonly schema: 'olfactory-experiment-mixtures';
  readonly version: 1;
  readonly condition: string;
  /** sha256 of each checkpoint file, by seed: the cache is used only for exactly these files. */
  readonly checkpoints: readonly { readonly seed: number; readonly sha256: string }[];
  readonly metrics: Readonly<Record<string, readonly number[]>>;
  /** Wall time of the computation. */
  readonly seconds: number;
}

/** Where a condition's mixture metrics are cached (shared by every experiment that evaluates them: R3's Figure 4D and R5). */
export function mixturesCacheFile(out: string, condition: string): string {
  return join(out, EVAL_DIR, `${condition}-mixtures`, 'mixtures.json');
}

/**
 * The mixture metrics of a condition's checkpoints, computed once: R3 (Figure 4D) and R5 both
 * evaluate the canonical models, and `experiment all` asks for them twice. The result is cached
 * atomically beside the other evaluations and reused only when it was made from checkpoint files
 * with exactly the same sha256, seed for seed; anything else (missing, unreadable, other files)
 * is recomputed.
 */
export async function conditionMixtures(
  condition: string,
  found: readonly { seed: number; file: string }[],
  o: EvaluateOptions,
  data: OlfactoryData,
): Promise<{ metrics: Record<string, number[]>; reusedSeconds?: number }> {
  const file = mixturesCacheFile(o.out, condition);
  const checkpoints = await Promise.all(found.map(async (f) => ({ seed: f.seed, sha256: (await hashFile(f.file)).sha256 })));
  const cached = await readFile(file, 'utf8').then(
    (t) => JSON.parse(t) as MixturesCache,
    () => null,
  );
  if (cached?.schema === 'olfactory-experiment-mixtures' && cached.version === 1 && cached.condition === condition && JSON.stringify(cached.checkpoints) === JSON.stringify(checkpoints)) {
    const metrics = Object.fromEntries(Object.entries(cached.metrics).map(([k, v]) => [k, [...v]]));
    if (Object.keys(metrics).length > 0 && Object.values(metrics).every((v) => v.length === found.length && v.every((x) => typeof x === 'number'))) return { metrics, reusedSeconds: cached.seconds };
  }
  const t0 = performance.now();
  const per = await computeMixtures(found, o, data);
  const record: MixturesCache = { schema: 'olfactory-experiment-mixtures', version: 1, condition, checkpoints, metrics: per, seconds: Math.round((performance.now() - t0) / 100) / 10 };
  await mkdir(dirname(file), { recursive: true });
  await writeFileAtomic(file, `${JSON.stringify(record, null, 1)}\n`);
  return { metrics: per };
}

async function computeMixtures(found: readonly { seed: number; file: string }[], o: EvaluateOptions, data: OlfactoryData): Promise<Record<string, number[]>> {
  const students = await loadStudents(
    found.map((f) => f.file),
    data,
  );
  const nR = 21;
  const odor = (i: number) => data.odors.normalized.subarray(i * nR, (i + 1) * nR);
  const per: Record<string, number[]> = {
    mixtureComponentCosine: [],
    mixtureLinearCosine: [],
    pairSuppression: [],
    subAdditivePairsPercent: [],
    subAdditiveTripletsPercent: [],
    mixtureVsIndividualSvm: [],
  };
  for (let s = 0; s < students.length; s++) {
    const { student, loaded } = students[s]!;
    const seed = loaded.checkpoint.config.seed;
    o.status(`experiment: mixtures, seed ${seed} (${s + 1}/${students.length})`);
    // let the event loop run between seeds (the collect step starts recompute processes meanwhile)
    await new Promise((r) => setImmediate(r));
    const rng = createRng(seed);
    const stream = NOISE_STREAM.EVALUATION + 0x0400_0000;
    const nKc = student.circuit.sizes.kc;
    const singles = new Float32Array(27 * nR);
    for (let i = 0; i < 27; i++) singles.set(odor(i + 1), i * nR);
    const pairs = Array.from({ length: combinationCount(27, 2) }, (_, k) => combinationAt(k, 27, 2));
    const triplets = Array.from(new NumpyRandomState(seed + 3000).choice(combinationCount(27, 3), 50)).map((k) => combinationAt(k, 27, 3));
    const mixes = [...pairs, ...triplets];
    const mixInputs = new Float32Array(mixes.length * nR);
    mixes.forEach((m, k) => mixInputs.set(mixtureInput(m.map((i) => odor(i + 1))), k * nR));
    const single = meanKcCodes(student, singles, 20, rng, stream);
    const mix = meanKcCodes(student, mixInputs, 20, rng, stream + 1);
    const code = (a: Float64Array, i: number) => a.subarray(i * nKc, (i + 1) * nKc);
    const rate = (v: Float64Array) => v.map((x) => x / 30);
    const pairMetrics = pairs.map((p, k) =>
      mixtureCodeMetrics(
        rate(code(mix, k)),
        p.map((i) => rate(code(single, i))),
      ),
    );
    per.mixtureComponentCosine!.push(pairMetrics.reduce((a, m) => a + m.meanSimToComponents, 0) / pairMetrics.length);
    per.mixtureLinearCosine!.push(pairMetrics.reduce((a, m) => a + m.simToLinear, 0) / pairMetrics.length);
    per.pairSuppression!.push(pairMetrics.reduce((a, m) => a + m.suppression, 0) / pairMetrics.length);
    per.subAdditivePairsPercent!.push(100 * subAdditivity(pairs.map((p, k) => ({ mixture: code(mix, k), components: p.map((i) => code(single, i)) }))).fraction);
    per.subAdditiveTripletsPercent!.push(100 * subAdditivity(triplets.map((t, k) => ({ mixture: code(mix, pairs.length + k), components: t.map((i) => code(single, i)) }))).fraction);
    // mixture vs individual: 27 odors × 10 trials (label 0) + 50 random pairs × 10 trials (label 1), KC rates
    const svmPairs = Array.from(new NumpyRandomState(seed + 4000).choice(pairs.length, 50));
    const svmIn = new Float32Array((27 + 50) * nR);
    svmIn.set(singles, 0);
    svmPairs.forEach((k, j) => svmIn.set(mixInputs.subarray(k * nR, (k + 1) * nR), (27 + j) * nR));
    const trials = 10;
    const n = 77 * trials;
    const x = new Float32Array(n * nR);
    const y = new Int32Array(n);
    fillNoisyOdorSamples(
      svmIn,
      nR,
      trials,
      Int32Array.from({ length: n }, (_, i) => i),
      rng,
      stream + 2,
      x,
      y,
    );
    const r = evaluateStudentResponses(student, x, { rng, stream: stream + 2 });
    const labels = Int32Array.from({ length: n }, (_, i) => (i < 27 * trials ? 0 : 1));
    per.mixtureVsIndividualSvm!.push(
      (
        await linearSvmAccuracy(
          Float64Array.from(r.kc, (c) => c / 30),
          labels,
          nKc,
        )
      ).accuracy,
    );
  }
  return per;
}

/** Load the data once for the evaluations that simulate. */
export function loadData(dataDir?: string): Promise<OlfactoryData> {
  return loadOlfactoryData({ dataDir });
}
