import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { CircuitPreprocessing, OrMappingName } from '@olfactory/connectome-data';
import { OR_MAPPING_NAMES, resolvePreprocessing, writeFileAtomic } from '@olfactory/connectome-data';
import { OlfactoryError } from '@olfactory/neurons';
import type { ParameterSpec } from '../parameters/parameter-layout';
import { parameterCount } from '../parameters/parameter-layout';
import type { StudentParameters } from '../engine/student-parameters';
import { createStudentParameters } from '../engine/student-parameters';
import { decodePackedCheckpoint, encodePackedCheckpoint, isPackedCheckpoint } from './checkpoint-codec';

/** Format identifier and the current version of {@link Checkpoint}. */
export const CHECKPOINT_FORMAT = 'olfactory-checkpoint';
export const CHECKPOINT_VERSION = 1;

const name = 'CheckpointError';
const marker = `olfactory.error.${name}`;
const symbol = Symbol.for(marker);

/** A checkpoint file is unreadable, of another format/version, or holds arrays of the wrong shape or non-finite values. */
export class CheckpointError extends OlfactoryError {
  private readonly [symbol] = true;
  readonly file: string;
  /** JSON path of the offending field, e.g. `parameters["kc.vTh"][3]`. */
  readonly field: string;
  constructor(options: { file: string; field: string; problem: string; fix?: string; cause?: unknown }) {
    super({
      name,
      code: 'OLFACTORY_CHECKPOINT',
      message: `checkpoint ${options.file}: ${options.field ? `${options.field}: ` : ''}${options.problem}.${options.fix ? ` ${options.fix}` : ''}`,
      cause: options.cause,
    });
    this.file = options.file;
    this.field = options.field;
  }
  static override isInstance(error: unknown): error is CheckpointError {
    return OlfactoryError.hasMarker(error, marker);
  }
}

/** Training configuration recorded in a checkpoint. */
export interface CheckpointConfig {
  readonly seed: number;
  /** Receptor→ORN assignment (`custom`: a user's table, which cannot be rebuilt from its name). */
  readonly orMapping: OrMappingName | 'custom';
  readonly lnQuantile: number;
  /**
   * Every connectome preprocessing choice the circuit was built with (its `orMapping` and
   * `lnQuantile` equal the fields above). Absent from checkpoints written before the choices
   * existed: those are canonical apart from the two fields above (see {@link checkpointPreprocessing}).
   */
  readonly preprocessing?: CircuitPreprocessing;
  readonly epochs: number;
  /** Rate-teacher epochs (§3.2); absent in checkpoints written before it was recorded, which used the default 300. */
  readonly teacherEpochs?: number;
  readonly batchSize: number;
  readonly trainRepeats: number;
  readonly testRepeats: number;
  /** Model switches during training (spec §2.15, §3.7): all true canonically. */
  readonly switches: { readonly gapJunctions: boolean; readonly apl: boolean; readonly shortTermDepression: boolean; readonly sparsityLoss: boolean };
  /** Spike mode of training: 'soft' (graded sigmoid). */
  readonly surrogate: 'soft';
  /** R1 energy term (§3.7); absent = none (canonical). */
  readonly energy?: { readonly weight: number; readonly population: 'all' | 'kc' };
  /** Trained on the connectome shuffled with `RandomState(seed + 1000)` (R3 iii, §1.4); absent = false. */
  readonly shuffledConnectome?: boolean;
  /** Number of odor classes of the task (R6, §1.5: 7, 14, 28 or 56); absent = 28, the real odors. */
  readonly odorCount?: number;
  /** Student raw APL gain = aplBoost × the teacher's (§3.3); absent = 4. */
  readonly aplBoost?: number;
  /** Extra learning-rate factor of the APL gain (`--apl-lr-mult`); absent = 1. */
  readonly aplLrMultiplier?: number;
}

/** The training choices of spec §3.7 beyond the preprocessing, with their canonical values. */
export interface TrainingVariant {
  readonly switches: CheckpointConfig['switches'];
  readonly energy: CheckpointConfig['energy'] | null;
  readonly shuffledConnectome: boolean;
  readonly odorCount: number;
  readonly aplBoost: number;
  readonly aplLrMultiplier: number;
}

/** The canonical training (every switch on, canonical sparsity loss, 28 real odors, APL boost 4). */
export const CANONICAL_TRAINING: TrainingVariant = Object.freeze({
  switches: Object.freeze({ gapJunctions: true, apl: true, shortTermDepression: true, sparsityLoss: true }),
  energy: null,
  shuffledConnectome: false,
  odorCount: 28,
  aplBoost: 4,
  aplLrMultiplier: 1,
});

/** A checkpoint's training variant, the canonical value for every field it does not record. */
export function checkpointTrainingVariant(config: CheckpointConfig): TrainingVariant {
  return {
    switches: { ...CANONICAL_TRAINING.switches, ...config.switches },
    energy: config.energy ?? null,
    shuffledConnectome: config.shuffledConnectome ?? false,
    odorCount: config.odorCount ?? CANONICAL_TRAINING.odorCount,
    aplBoost: config.aplBoost ?? CANONICAL_TRAINING.aplBoost,
    aplLrMultiplier: config.aplLrMultiplier ?? CANONICAL_TRAINING.aplLrMultiplier,
  };
}

/**
 * The config fields that record a training variant: only those that differ from the canonical
 * training, so a canonical run writes exactly the config it wrote before they existed.
 */
export function trainingVariantFields(v: TrainingVariant): Pick<CheckpointConfig, 'energy' | 'shuffledConnectome' | 'odorCount' | 'aplBoost' | 'aplLrMultiplier'> {
  return {
    ...(v.energy ? { energy: { weight: v.energy.weight, population: v.energy.population } } : {}),
    ...(v.shuffledConnectome ? { shuffledConnectome: true } : {}),
    ...(v.odorCount !== CANONICAL_TRAINING.odorCount ? { odorCount: v.odorCount } : {}),
    ...(v.aplBoost !== CANONICAL_TRAINING.aplBoost ? { aplBoost: v.aplBoost } : {}),
    ...(v.aplLrMultiplier !== CANONICAL_TRAINING.aplLrMultiplier ? { aplLrMultiplier: v.aplLrMultiplier } : {}),
  };
}

/** Every field in which two training variants differ, as `field: A vs B` (empty when they are the same run). */
export function trainingVariantDifferences(a: TrainingVariant, b: TrainingVariant): string[] {
  const out: string[] = [];
  for (const k of ['gapJunctions', 'apl', 'shortTermDepression', 'sparsityLoss'] as const) if (a.switches[k] !== b.switches[k]) out.push(`switch ${k}: ${a.switches[k]} vs ${b.switches[k]}`);
  const e = (x: TrainingVariant['energy']) => (x ? `${x.population === 'kc' ? 'KC-only' : 'all-neuron'} energy × ${x.weight}` : 'none');
  if (e(a.energy) !== e(b.energy)) out.push(`energy term: ${e(a.energy)} vs ${e(b.energy)}`);
  if (a.shuffledConnectome !== b.shuffledConnectome) out.push(`shuffled connectome: ${a.shuffledConnectome} vs ${b.shuffledConnectome}`);
  if (a.odorCount !== b.odorCount) out.push(`odors: ${a.odorCount} vs ${b.odorCount}`);
  if (a.aplBoost !== b.aplBoost) out.push(`APL boost: ${a.aplBoost} vs ${b.aplBoost}`);
  if (a.aplLrMultiplier !== b.aplLrMultiplier) out.push(`APL LR multiplier: ${a.aplLrMultiplier} vs ${b.aplLrMultiplier}`);
  return out;
}

/**
 * One epoch of training (train-mode loss, eval-mode metrics). The test-set metrics are there on
 * the epochs that were tested (every epoch by default; see `TrainRunOptions.testEvery`), the
 * decorrelation and Mancini metrics on the fully monitored ones (every 50th and the last).
 */
export interface TrainingHistoryEntry {
  readonly epoch: number;
  readonly loss: number;
  readonly trainAccuracy: number;
  /** Test accuracy (140 noisy samples, eval mode), on tested epochs. */
  readonly testAccuracy?: number;
  /** KC active fraction on the same test samples, on tested epochs. */
  readonly kcSparsity?: number;
  readonly gSomaNs: number;
  readonly alDecorrelation?: number;
  readonly mbDecorrelation?: number;
  readonly manciniRatio?: number;
  readonly seconds?: number;
}

/** Adam state for resuming (absent from final checkpoints). */
export interface OptimizerState {
  readonly step: number;
  readonly m: readonly number[];
  readonly v: readonly number[];
}

/** A trained (or in-training) student, fully self-describing. */
export interface Checkpoint {
  readonly format: typeof CHECKPOINT_FORMAT;
  readonly version: typeof CHECKPOINT_VERSION;
  readonly producer: { readonly name: string; readonly version: string };
  readonly config: CheckpointConfig;
  /** sha256 of the data used: the connectome archive and each DoOR file. */
  readonly data: { readonly connectomeSha256: string; readonly door: Readonly<Record<string, string>> };
  readonly sizes: { readonly receptors: number; readonly orn: number; readonly ln: number; readonly pn: number; readonly kc: number; readonly classes: number };
  /** The 449 learned scalars in the reference's SI parameterisation, by tensor name (scalars as numbers). */
  readonly parameters: Readonly<Record<string, number | readonly number[]>>;
  /** Readout: weight rows = classes (28 × 144), bias 28. */
  readonly decoder: { readonly weight: readonly (readonly number[])[]; readonly bias: readonly number[] };
  readonly teacher: { readonly testAccuracy: number; readonly aplGainRaw: number; readonly orGains: readonly number[] };
  /** Completed epochs; equals config.epochs for a finished run. */
  readonly completedEpochs: number;
  readonly history: readonly TrainingHistoryEntry[];
  readonly optimizer?: OptimizerState;
}

/** The typed, validated content of a checkpoint ready for the engines. */
export interface LoadedCheckpoint {
  readonly checkpoint: Checkpoint;
  readonly params: StudentParameters;
  /** Row-major classes × n_KC. */
  readonly decoderWeight: Float32Array;
  readonly decoderBias: Float32Array;
  readonly file: string;
}

/**
 * The preprocessing that rebuilds a checkpoint's circuit: its recorded `preprocessing`, or for
 * older checkpoints the canonical one with their `orMapping` and `lnQuantile`.
 *
 * @throws {CheckpointError} for a `custom` receptor mapping (not rebuildable from the file) or a
 *   recorded preprocessing that is invalid or disagrees with `orMapping` / `lnQuantile`.
 */
export function checkpointPreprocessing(config: CheckpointConfig, file = '<memory>'): CircuitPreprocessing {
  if (config.orMapping === 'custom') {
    throw new CheckpointError({
      file,
      field: 'config.orMapping',
      problem: 'is "custom": a receptor→ORN table of one\'s own cannot be rebuilt from the checkpoint',
      fix: 'Retrain with a built-in --or-mapping or --variant.',
    });
  }
  let p: CircuitPreprocessing;
  try {
    p = resolvePreprocessing(config.preprocessing ?? { orMapping: config.orMapping, lnQuantile: config.lnQuantile });
  } catch (cause) {
    throw new CheckpointError({ file, field: 'config.preprocessing', problem: String((cause as Error).message), cause });
  }
  if (p.orMapping !== config.orMapping || p.lnQuantile !== config.lnQuantile) {
    throw new CheckpointError({
      file,
      field: 'config.preprocessing',
      problem: `says orMapping ${p.orMapping}, lnQuantile ${p.lnQuantile} but config says ${config.orMapping}, ${config.lnQuantile}`,
      fix: 'The checkpoint was edited by hand; restore or retrain it.',
    });
  }
  return p;
}

/** Flatten StudentParameters into the checkpoint's named record (scalars as numbers). */
export function parametersToRecord(params: StudentParameters): Record<string, number | number[]> {
  const out: Record<string, number | number[]> = {};
  for (const p of params.layout) {
    const o = params.offsets[p.name]!;
    out[p.name] = p.size === 1 ? params.values[o]! : Array.from(params.values.subarray(o, o + p.size));
  }
  return out;
}

const isObj = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x);

/** Options of {@link validateCheckpoint}. */
export interface ValidateCheckpointOptions {
  /** Number of odor classes the decoder must have (e.g. 28); unchecked when absent. */
  readonly classes?: number;
}

/** A JSON value in an error message: short, and `1e999` (parsed as Infinity) named as out of range. */
function describe(x: unknown): string {
  if (typeof x === 'number' && !Number.isFinite(x)) return `${x} (out of the range of a double)`;
  const text = JSON.stringify(x);
  return text === undefined ? String(x) : text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

const HISTORY_REQUIRED = ['loss', 'trainAccuracy', 'gSomaNs'] as const;
const HISTORY_OPTIONAL = ['testAccuracy', 'kcSparsity', 'alDecorrelation', 'mbDecorrelation', 'manciniRatio', 'seconds'] as const;
const HISTORY_FRACTIONS = new Set(['trainAccuracy', 'testAccuracy', 'kcSparsity']);

/**
 * `history`: entries with increasing epochs in [1, completedEpochs] and finite metrics (fractions
 * in [0, 1]); the test accuracy and KC sparsity come together (a tested epoch) or not at all.
 */
function validateHistory(history: unknown, completed: number, fail: (field: string, problem: string, fix?: string) => never, num: (x: unknown, field: string) => number): void {
  if (!Array.isArray(history)) fail('history', 'expected an array');
  let last = 0;
  (history as unknown[]).forEach((entry, i) => {
    const field = `history[${i}]`;
    if (!isObj(entry)) fail(field, 'expected an object');
    const e = entry as Record<string, unknown>;
    const epoch = num(e.epoch, `${field}.epoch`);
    if (!Number.isInteger(epoch) || epoch <= last || epoch > completed) fail(`${field}.epoch`, `is ${epoch}, expected an integer above ${last} and at most completedEpochs ${completed}`);
    last = epoch;
    for (const k of HISTORY_REQUIRED) num(e[k], `${field}.${k}`);
    for (const k of HISTORY_OPTIONAL) if (e[k] !== undefined) num(e[k], `${field}.${k}`);
    for (const k of HISTORY_FRACTIONS) if ((e[k] as number) < 0 || (e[k] as number) > 1) fail(`${field}.${k}`, `is ${e[k]}, expected a fraction in [0, 1]`);
    if ((e.testAccuracy === undefined) !== (e.kcSparsity === undefined)) {
      fail(`${field}.${e.testAccuracy === undefined ? 'testAccuracy' : 'kcSparsity'}`, 'is missing, expected with the other test-set metric (a tested epoch records both)');
    }
  });
}

/** The optional training-variant fields of the config (§3.7), when present. */
function validateTrainingFields(config: Record<string, unknown>, fail: (field: string, problem: string, fix?: string) => never, num: (x: unknown, field: string) => number): void {
  if (config.energy !== undefined) {
    if (!isObj(config.energy)) fail('config.energy', 'expected an object { weight, population }');
    const e = config.energy as Record<string, unknown>;
    const w = num(e.weight, 'config.energy.weight');
    if (w < 0) fail('config.energy.weight', `is ${w}, expected a number ≥ 0`);
    if (e.population !== 'all' && e.population !== 'kc') fail('config.energy.population', `is ${describe(e.population)}, expected "all" or "kc"`);
  }
  if (config.shuffledConnectome !== undefined && typeof config.shuffledConnectome !== 'boolean') fail('config.shuffledConnectome', `is ${describe(config.shuffledConnectome)}, expected true or false`);
  if (config.odorCount !== undefined) {
    const n = num(config.odorCount, 'config.odorCount');
    if (!Number.isInteger(n) || n < 2) fail('config.odorCount', `is ${n}, expected an integer ≥ 2 (7, 14, 28 or 56 in the R6 experiment)`);
  }
  for (const k of ['aplBoost', 'aplLrMultiplier'] as const) {
    if (config[k] === undefined) continue;
    const x = num(config[k], `config.${k}`);
    if (x < 0) fail(`config.${k}`, `is ${x}, expected a number ≥ 0`);
  }
  if (config.switches !== undefined) {
    if (!isObj(config.switches)) fail('config.switches', 'expected an object of four booleans');
    for (const k of ['gapJunctions', 'apl', 'shortTermDepression', 'sparsityLoss']) {
      const v = (config.switches as Record<string, unknown>)[k];
      if (v !== undefined && typeof v !== 'boolean') fail(`config.switches.${k}`, `is ${describe(v)}, expected true or false`);
    }
  }
}

/** The field checkers of checkpoint validation; each failure throws a {@link CheckpointError} naming `file`. */
function checkersFor(file: string) {
  const fail = (field: string, problem: string, fix?: string): never => {
    throw new CheckpointError({ file, field, problem, fix });
  };
  const num = (x: unknown, field: string): number => {
    if (typeof x !== 'number' || !Number.isFinite(x)) fail(field, `is ${describe(x)}, expected a finite number`);
    return x as number;
  };
  /** A number the engines can hold: finite, and finite once rounded to float32. */
  const f32 = (x: unknown, field: string): number => {
    const v = num(x, field);
    if (!Number.isFinite(Math.fround(v))) fail(field, `is ${v}, which overflows float32 (|x| ≤ 3.4e38)`, 'The checkpoint is corrupt or training diverged; retrain or use another checkpoint.');
    return v;
  };
  const int = (x: unknown, field: string, min: number, max = Number.MAX_SAFE_INTEGER): number => {
    const v = num(x, field);
    if (!Number.isSafeInteger(v) || v < min || v > max) fail(field, `is ${v}, expected an integer in [${min}, ${max}]`);
    return v;
  };
  const vec = (x: unknown, n: number, field: string): number[] => {
    if (!Array.isArray(x)) fail(field, `expected an array of ${n} numbers`);
    const a = x as unknown[];
    if (a.length !== n) fail(field, `has ${a.length} entries, expected ${n}`, 'The checkpoint was made for another circuit or is truncated.');
    return a.map((v, i) => f32(v, `${field}[${i}]`));
  };
  return { fail, num, f32, int, vec };
}

/**
 * The part of checkpoint validation that needs no circuit: a JSON object of this format and
 * version whose `config` (seed, epochs, teacherEpochs, receptor mapping, LN quantile, recorded
 * preprocessing) is valid. Returns the config, from which the circuit can be rebuilt.
 *
 * @throws {CheckpointError} naming the file and the JSON path of the first problem.
 */
export function validateCheckpointConfig(raw: unknown, file = '<memory>'): CheckpointConfig {
  const { fail, num, int } = checkersFor(file);
  if (isPackedCheckpoint(raw)) raw = decodePackedCheckpoint(raw, file);
  if (!isObj(raw)) fail('', 'not a JSON object', 'Pass a checkpoint written by `olfactory train`.');
  const r = raw as Record<string, unknown>;
  if (r.format !== CHECKPOINT_FORMAT) fail('format', `is ${JSON.stringify(r.format)}, expected "${CHECKPOINT_FORMAT}"`, 'Pass a checkpoint written by `olfactory train`.');
  if (r.version !== CHECKPOINT_VERSION)
    fail(
      'version',
      `is ${JSON.stringify(r.version)}; this version of @olfactory/model reads version ${CHECKPOINT_VERSION} (plain JSON) and 2 (packed)`,
      'Upgrade @olfactory/model or re-export the checkpoint.',
    );
  if (!isObj(r.config)) fail('config', 'missing');
  const config = r.config as Record<string, unknown>;
  int(config.seed, 'config.seed', 0);
  int(config.epochs, 'config.epochs', 1);
  if (config.teacherEpochs !== undefined) int(config.teacherEpochs, 'config.teacherEpochs', 1);
  const mappings = [...OR_MAPPING_NAMES, 'custom'];
  if (!mappings.includes(config.orMapping as string)) fail('config.orMapping', `is ${describe(config.orMapping)}, expected one of ${mappings.map((m) => `"${m}"`).join(', ')}`);
  const q = num(config.lnQuantile, 'config.lnQuantile');
  if (q < 0 || q > 1) fail('config.lnQuantile', `is ${q}, expected a number in [0, 1]`);
  validateTrainingFields(config, fail, num);
  // the recorded preprocessing must be valid and agree with orMapping / lnQuantile (throws CheckpointError)
  if (config.orMapping !== 'custom') checkpointPreprocessing(config as unknown as CheckpointConfig, file);
  return config as unknown as CheckpointConfig;
}

/**
 * Validate a parsed checkpoint object against the layout (format, version, config, `sizes`
 * against the circuit, every tensor present with the right length, every number finite and
 * within float32, bounded parameters within their bounds, decoder shape, `history`) and return
 * engine-ready arrays.
 * Nothing in the file is executed: it is plain JSON read field by field.
 *
 * @throws {CheckpointError} naming the file and the JSON path of the first problem.
 */
export function validateCheckpoint(raw: unknown, layout: readonly ParameterSpec[], file = '<memory>', options: ValidateCheckpointOptions = {}): LoadedCheckpoint {
  const { fail, num, f32, int, vec } = checkersFor(file);
  // a packed checkpoint (version 2) is decoded, its checksum verified, then validated like a plain one
  if (isPackedCheckpoint(raw)) raw = decodePackedCheckpoint(raw, file);
  const config = validateCheckpointConfig(raw, file);
  const r = raw as Record<string, unknown>;
  const epochs = config.epochs;
  if (!isObj(r.sizes)) fail('sizes', 'missing');
  if (!isObj(r.parameters)) fail('parameters', 'missing');
  if (!isObj(r.decoder)) fail('decoder', 'missing');
  const completed = int(r.completedEpochs, 'completedEpochs', 0, epochs);
  const sizes = r.sizes as Record<string, unknown>;
  // the circuit's sizes, read off the layout it was built for
  const sizeOf = (tensor: string): number | undefined => layout.find((p) => p.name === tensor)?.size;
  const circuitSizes: Record<string, number | undefined> = {
    receptors: sizeOf('or.gains'),
    orn: sizeOf('orn.vTh'),
    ln: sizeOf('ln.vTh'),
    pn: sizeOf('pn.vTh'),
    kc: sizeOf('kc.vTh'),
    classes: options.classes,
  };
  for (const [key, expected] of Object.entries(circuitSizes)) {
    const n = int(sizes[key], `sizes.${key}`, 1);
    if (expected !== undefined && n !== expected) {
      fail(
        `sizes.${key}`,
        `is ${n}, but the circuit has ${expected}`,
        'The checkpoint was made for another circuit (or another odor set); rebuild the circuit from its config or use a matching checkpoint.',
      );
    }
  }
  const nKc = sizes.kc as number;
  const nClasses = sizes.classes as number;
  const params = r.parameters as Record<string, unknown>;
  const values = new Float64Array(parameterCount(layout));
  let o = 0;
  for (const p of layout) {
    const field = `parameters["${p.name}"]`;
    if (!(p.name in params)) fail(field, 'missing', 'The checkpoint was made for another model layout.');
    if (p.size === 1) values[o] = f32(params[p.name], field);
    else values.set(vec(params[p.name], p.size, field), o);
    // Initial values may sit outside the bounds (pathways start at 1e−13 A, below the 1e−12 floor);
    // every optimizer step ends with the projection, so after one epoch all are inside.
    if (p.bounds && completed >= 1) {
      const [lo, hi] = p.bounds;
      // the trainer projects into the bounds in float32, so allow float32 rounding of the bound itself
      const slack = (b: number) => 1e-6 * Math.abs(b) + 1e-12;
      for (let i = 0; i < p.size; i++) {
        const v = values[o + i]!;
        if (v < lo - slack(lo) || v > hi + slack(hi)) {
          fail(
            p.size === 1 ? field : `${field}[${i}]`,
            `is ${v}, outside the parameter bounds [${lo}, ${hi}] (${p.unit})`,
            'Training projects every parameter into its bounds; the checkpoint was edited or corrupted.',
          );
        }
      }
    }
    o += p.size;
  }
  for (const k of Object.keys(params)) if (!layout.some((p) => p.name === k)) fail(`parameters["${k}"]`, 'is not a parameter of this model');
  const dec = r.decoder as Record<string, unknown>;
  if (!Array.isArray(dec.weight) || dec.weight.length !== nClasses) fail('decoder.weight', `expected ${nClasses} rows`);
  const W = new Float32Array(nClasses * nKc);
  (dec.weight as unknown[]).forEach((row, c) => W.set(vec(row, nKc, `decoder.weight[${c}]`), c * nKc));
  const bias = Float32Array.from(vec(dec.bias, nClasses, 'decoder.bias'));
  validateHistory(r.history, completed, fail, num);
  let studentParams: StudentParameters;
  try {
    studentParams = createStudentParameters(layout, values);
  } catch (cause) {
    throw new CheckpointError({ file, field: 'parameters', problem: String((cause as Error).message), cause });
  }
  return { checkpoint: raw as unknown as Checkpoint, params: studentParams, decoderWeight: W, decoderBias: bias, file };
}

/**
 * Read and validate a checkpoint file.
 *
 * @throws {CheckpointError} for unreadable files, invalid JSON and every validation failure.
 */
export async function readCheckpoint(path: string, layout: readonly ParameterSpec[], options: ValidateCheckpointOptions = {}): Promise<LoadedCheckpoint> {
  return validateCheckpoint(await readCheckpointJson(path), layout, path, options);
}

/**
 * Read a checkpoint file and parse its JSON, without validating it. A packed checkpoint
 * (version 2, see `encodePackedCheckpoint`) is decoded to the plain object and its sha256 over
 * the tensors verified, so callers always get the version-1 shape.
 *
 * @throws {CheckpointError} for an unreadable file, invalid JSON, or a packed file whose
 *   tensors are malformed or fail the checksum.
 */
export async function readCheckpointJson(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new CheckpointError({
      file: path,
      field: '',
      problem: `cannot be read (${(cause as NodeJS.ErrnoException).code ?? String(cause)})`,
      fix: 'Check the path; `olfactory train --out DIR` writes DIR/seed-<S>/checkpoint.json.',
      cause,
    });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text) as unknown;
  } catch (cause) {
    throw new CheckpointError({ file: path, field: '', problem: `is not valid JSON (${(cause as Error).message})`, fix: 'The file is corrupt or truncated; retrain or restore it.', cause });
  }
  return isPackedCheckpoint(raw) ? decodePackedCheckpoint(raw, path) : raw;
}

/** Options of {@link writeCheckpoint}. */
export interface WriteCheckpointOptions {
  /**
   * `json` (default): the plain, readable version-1 file. `packed`: the compact version-2 file
   * (arrays as little-endian base64 blobs with a sha256; lossless, about a third of the size).
   */
  readonly encoding?: 'json' | 'packed';
}

/** Write a checkpoint atomically (temp file + rename): a crash never leaves a half-written file. */
export async function writeCheckpoint(path: string, checkpoint: Checkpoint, options: WriteCheckpointOptions = {}): Promise<void> {
  const body = options.encoding === 'packed' ? encodePackedCheckpoint(checkpoint) : checkpoint;
  await writeFileAtomic(path, `${JSON.stringify(body, null, 1)}\n`);
}

/** A short label for logs: file name and seed. */
export function checkpointLabel(c: LoadedCheckpoint): string {
  return `${basename(c.file)} (seed ${c.checkpoint.config.seed})`;
}
