import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { z } from 'zod';
import type { RecomputeResults, RunMetadata } from './recompute-results';
import { describeExpected, recomputeResultsSchema, runMetadataSchema } from './recompute-results-schema';
import { createHash } from 'node:crypto';
import { warn } from '../util/warn';

/** File name of the results written by `olfactory recompute`. */
export const RESULTS_FILE_NAME = 'recompute.json';
/** File name of the optional run metadata written beside it. */
export const RUN_METADATA_FILE_NAME = 'run-metadata.json';

const MARKER = Symbol.for('olfactory.cli.ResultsFileError');

/** What went wrong with a results file. */
export type ResultsFileProblem = 'missing' | 'unreadable' | 'syntax' | 'field' | 'shape';

/**
 * A results file (`recompute.json` or `run-metadata.json`) that is missing or does not match the
 * schema. `jsonPath` names the offending field (`$.checkpoints[1].figures.similarity.kc`),
 * `actual` what was found and `expected` what the schema wants. Detect with
 * `ResultsFileError.isInstance(err)`.
 */
export class ResultsFileError extends Error {
  readonly [MARKER] = true;
  override readonly name = 'ResultsFileError';
  readonly file: string;
  readonly problem: ResultsFileProblem;
  readonly jsonPath: string | undefined;
  readonly actual: string | undefined;
  readonly expected: string | undefined;

  constructor(fields: { file: string; problem: ResultsFileProblem; jsonPath?: string; actual?: string; expected?: string; message: string }) {
    super(fields.message);
    this.file = fields.file;
    this.problem = fields.problem;
    this.jsonPath = fields.jsonPath;
    this.actual = fields.actual;
    this.expected = fields.expected;
  }

  static isInstance(err: unknown): err is ResultsFileError {
    return typeof err === 'object' && err !== null && (err as Record<symbol, unknown>)[MARKER] === true;
  }
}

/** A validated results folder. */
export interface LoadedResults {
  /** The folder as given (relative paths stay relative). */
  readonly dir: string;
  /** Path of `recompute.json`. */
  readonly file: string;
  readonly results: RecomputeResults;
  /** `run-metadata.json` beside it, when present. */
  readonly metadata?: RunMetadata;
  readonly metadataFile?: string;
}

/** The command that (re)creates a results folder, for the fix part of messages. */
export function recomputeHint(dir: string): string {
  return `olfactory recompute --out ${dir}`;
}

/**
 * Reads and validates `DIR/recompute.json` and, when present, `DIR/run-metadata.json`. `dir` may
 * also name the `recompute.json` file itself. Only `JSON.parse` touches the contents: nothing in
 * the files is executed or used as a path.
 *
 * @throws ResultsFileError naming the file, the JSON path of the bad field, what was found and what was expected.
 */
export async function readRecomputeResults(dir: string): Promise<LoadedResults> {
  let folder = dir;
  let file = join(dir, RESULTS_FILE_NAME);
  if (/\.json$/i.test(dir) && (await stat(dir).catch(() => undefined))?.isFile()) {
    folder = dirname(dir);
    file = dir;
  }
  const text = await readText(file, folder, true);
  const results = parseRecomputeResults(text!, file, folder);
  const metadataFile = join(folder, RUN_METADATA_FILE_NAME);
  const metadataText = await readText(metadataFile, folder, false);
  if (metadataText === undefined) return { dir: folder, file, results };
  const metadata = parseRunMetadata(metadataText, metadataFile, folder);
  // recompute.json and run-metadata.json are one unit: a pair from two different runs (a run
  // killed between its two writes) is never combined
  if (metadata.recomputeSha256 !== undefined && metadata.recomputeSha256 !== createHash('sha256').update(text!).digest('hex')) {
    warn(`ignored ${metadataFile}: it belongs to another run than ${file} (its recomputeSha256 differs; a run was interrupted between the two writes). Re-run '${recomputeHint(folder)}' to restore the pair.`);
    return { dir: folder, file, results };
  }
  return { dir: folder, file, results, metadata, metadataFile };
}

async function readText(file: string, folder: string, required: boolean): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !required) return undefined;
    if (code === 'ENOENT') {
      throw new ResultsFileError({
        file,
        problem: 'missing',
        message: `no results file ${file}; create it with '${recomputeHint(folder)}' first (figures and report read its ${RESULTS_FILE_NAME}).`,
      });
    }
    throw new ResultsFileError({
      file,
      problem: 'unreadable',
      message: `cannot read results file ${file}: ${(error as Error).message}; expected a readable ${basename(file)} written by '${recomputeHint(folder)}'.`,
    });
  }
}

/** Parses and validates the text of a `recompute.json` (see {@link readRecomputeResults}). */
export function parseRecomputeResults(text: string, file: string, folder = dirname(file)): RecomputeResults {
  const data = parseJson(text, file, folder);
  const fix = ` Re-create it with '${recomputeHint(folder)}'.`;
  const root = data as Record<string, unknown>;
  if (root.schema !== 'olfactory-recompute') {
    throw fieldError(file, '$.schema', root.schema, '"olfactory-recompute" (is this a recompute.json?)', fix);
  }
  if (root.version !== 1) {
    const hint = typeof root.version === 'number' && root.version > 1 ? ' Upgrade @olfactory/cli to read it.' : fix;
    throw fieldError(file, '$.version', root.version, '1 (the results version this olfactory reads)', hint);
  }
  const results = validate(recomputeResultsSchema, data, file, fix) as RecomputeResults;
  const shape = checkResultShapes(results);
  if (shape) {
    throw new ResultsFileError({
      file,
      problem: 'shape',
      jsonPath: shape.path,
      actual: shape.actual,
      expected: shape.expected,
      message: `invalid results file ${file}: ${shape.path} ${shape.actual}; expected ${shape.expected}.${fix}`,
    });
  }
  return results;
}

/** Parses and validates the text of a `run-metadata.json`. */
export function parseRunMetadata(text: string, file: string, folder = dirname(file)): RunMetadata {
  const data = parseJson(text, file, folder);
  return validate(runMetadataSchema, data, file, ` Re-create it with '${recomputeHint(folder)}' or delete it.`) as RunMetadata;
}

function parseJson(text: string, file: string, folder: string): Record<string, unknown> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ResultsFileError({
      file,
      problem: 'syntax',
      actual: 'invalid JSON',
      expected: 'a JSON object',
      message: `invalid results file ${file}: not valid JSON (${(error as Error).message}); expected a JSON object. Re-create it with '${recomputeHint(folder)}'.`,
    });
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw fieldError(file, '$', data, 'a JSON object', ` Re-create it with '${recomputeHint(folder)}'.`);
  }
  return data as Record<string, unknown>;
}

function validate(schema: z.ZodType, data: unknown, file: string, fix: string): unknown {
  const parsed = schema.safeParse(data, { reportInput: true });
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const more = parsed.error.issues.length - 1;
  const path = jsonPath(issue.path);
  const input = (issue as { input?: unknown }).input;
  throw fieldError(file, path, input, describeExpected(issue), `${more > 0 ? ` (${more} more problem${more === 1 ? '' : 's'} after this one.)` : ''}${fix}`);
}

function fieldError(file: string, path: string, value: unknown, expected: string, suffix: string): ResultsFileError {
  const actual = describeValue(value);
  return new ResultsFileError({
    file,
    problem: 'field',
    jsonPath: path,
    actual,
    expected,
    message: `invalid results file ${file}: ${path} is ${actual}; expected ${expected}.${suffix}`,
  });
}

/** `['checkpoints', 0, 'figures']` → `$.checkpoints[0].figures`. */
export function jsonPath(path: readonly PropertyKey[]): string {
  let out = '$';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) out += `.${key}`;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}

/** A short description of a JSON value for error messages. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null (NaN or ±Infinity are written as null in JSON)';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value);
  if (typeof value === 'number' && !Number.isFinite(value)) return `${value} (a number out of range, such as 1e999)`;
  return String(value);
}

interface ShapeProblem {
  readonly path: string;
  readonly actual: string;
  readonly expected: string;
}

/**
 * Cross-field shape checks that the schema cannot express: every odor-indexed matrix has one row
 * (and, when square, one column) per entry of `odors`; KC count rows have the same length in every
 * checkpoint; concentration arrays have one value per concentration, and all checkpoints use the
 * same concentrations. Returns the first problem, or undefined.
 */
export function checkResultShapes(results: RecomputeResults): ShapeProblem | undefined {
  const n = results.odors.length;
  const odorsNote = `${n} (one per odor in $.odors)`;
  let nKcs: number | undefined;
  let concentrations: readonly number[] | undefined;
  for (let c = 0; c < results.checkpoints.length; c++) {
    const cp = results.checkpoints[c]!;
    const at = `$.checkpoints[${c}].figures`;
    const square = (name: string, m: readonly (readonly number[])[]): ShapeProblem | undefined => {
      if (m.length !== n) return { path: `${at}.${name}`, actual: `has ${m.length} rows`, expected: odorsNote };
      const bad = m.findIndex((row) => row.length !== n);
      return bad < 0 ? undefined : { path: `${at}.${name}[${bad}]`, actual: `has ${m[bad]!.length} columns`, expected: `${n} (a ${n} × ${n} matrix)` };
    };
    const problem =
      square('confusion', cp.figures.confusion) ??
      square('similarity.or', cp.figures.similarity.or) ??
      square('similarity.pn', cp.figures.similarity.pn) ??
      square('similarity.kc', cp.figures.similarity.kc);
    if (problem) return problem;
    const kc = cp.figures.kcMeanCounts;
    if (kc.length !== n) return { path: `${at}.kcMeanCounts`, actual: `has ${kc.length} rows`, expected: odorsNote };
    nKcs ??= kc[0]!.length;
    if (nKcs === 0) return { path: `${at}.kcMeanCounts[0]`, actual: 'is empty', expected: 'one mean spike count per KC' };
    const badKc = kc.findIndex((row) => row.length !== nKcs);
    if (badKc >= 0) {
      return { path: `${at}.kcMeanCounts[${badKc}]`, actual: `has ${kc[badKc]!.length} columns`, expected: `${nKcs} (one per KC, like $.checkpoints[0].figures.kcMeanCounts[0])` };
    }
    for (const key of ['within', 'between'] as const) {
      const v = cp.figures.withinOdor[key];
      if (v.length !== n) return { path: `${at}.withinOdor.${key}`, actual: `has ${v.length} values`, expected: odorsNote };
    }
    const sweep = cp.figures.concentration;
    if (sweep) {
      const nc = sweep.concentrations.length;
      for (const key of ['orMean', 'pnMean', 'kcMean', 'decoderAccuracy', 'centroidAccuracy', 'orSimilarity', 'pnSimilarity', 'kcSimilarity'] as const) {
        if (sweep[key].length !== nc) {
          return { path: `${at}.concentration.${key}`, actual: `has ${sweep[key].length} values`, expected: `${nc} (one per concentration)` };
        }
      }
      if (concentrations === undefined) concentrations = sweep.concentrations;
      else if (concentrations.length !== nc || concentrations.some((x, i) => x !== sweep.concentrations[i])) {
        return { path: `${at}.concentration.concentrations`, actual: `is [${sweep.concentrations.join(', ')}]`, expected: `[${concentrations.join(', ')}] (the same concentrations in every checkpoint)` };
      }
    }
  }
  return undefined;
}
