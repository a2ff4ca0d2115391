import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ResultsFileError } from '../results/read-results';
import type { ExperimentName } from './experiment-plan';
import { EXPERIMENT_NAMES, experimentPlan } from './experiment-plan';
import type { ExperimentTable } from './experiment-table';

/** The experiments with a table of their own (every name but `all`), in the paper's order. */
export const TABLE_EXPERIMENTS = EXPERIMENT_NAMES.filter((n): n is Exclude<ExperimentName, 'all'> => n !== 'all');

/** An experiment table with where it was read from. */
export interface LoadedExperimentTable {
  readonly table: ExperimentTable;
  readonly file: string;
  /** In words: `shipped with @olfactory/models`, or the results folder given. */
  readonly source: string;
}

/** What an experiment is missing: rows of its plan with no result (all of them when the table is absent). */
export interface MissingExperiment {
  readonly experiment: Exclude<ExperimentName, 'all'>;
  /** The labels of the plan's rows that have no result. */
  readonly rows: readonly string[];
  /** True when there is no table at all. */
  readonly whole: boolean;
  /** The commands that generate them: the experiment, then the drawing from its folder. */
  readonly commands: readonly string[];
}

/** Every experiment table, read and checked; a table of another schema is a {@link ResultsFileError} naming the file. */
export async function readExperimentTable(file: string): Promise<ExperimentTable> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new ResultsFileError({ file, problem: 'unreadable', message: `${file}: cannot be read (${(cause as NodeJS.ErrnoException).code ?? String(cause)}).` });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new ResultsFileError({
      file,
      problem: 'syntax',
      message: `${file}: is not valid JSON (${(cause as Error).message}). Run the experiment again (olfactory experiment <name> --out DIR) to rewrite it.`,
    });
  }
  const t = raw as Partial<ExperimentTable> | null;
  const field = (path: string, expected: string, actual: unknown) =>
    new ResultsFileError({
      file,
      problem: 'field',
      jsonPath: path,
      expected,
      actual: JSON.stringify(actual),
      message: `${file}: ${path} is ${JSON.stringify(actual)}, expected ${expected}. It is not a table written by olfactory experiment; pass the folder that command wrote.`,
    });
  if (t === null || typeof t !== 'object') throw field('$', 'an object', t);
  if (t.schema !== 'olfactory-experiment') throw field('$.schema', '"olfactory-experiment"', t.schema);
  if (t.version !== 1) throw field('$.version', '1', t.version);
  if (!(TABLE_EXPERIMENTS as readonly string[]).includes(t.experiment as string)) throw field('$.experiment', `one of ${TABLE_EXPERIMENTS.join(', ')}`, t.experiment);
  if (!Array.isArray(t.rows)) throw field('$.rows', 'an array', t.rows);
  if (!Array.isArray(t.columns)) throw field('$.columns', 'an array', t.columns);
  if (!Array.isArray(t.seeds)) throw field('$.seeds', 'an array of seeds', t.seeds);
  if (typeof t.wallSeconds !== 'object' || t.wallSeconds === null || typeof t.wallSeconds.training !== 'number' || typeof t.wallSeconds.evaluation !== 'number')
    throw field('$.wallSeconds', '{ training, evaluation } in seconds', t.wallSeconds);
  return t as ExperimentTable;
}

/**
 * The experiment tables of a folder written by `olfactory experiment` (`<dir>/<name>.json`, any
 * subset of the experiments); absent tables are simply not returned.
 */
export async function readExperimentFolder(dir: string, source: string): Promise<LoadedExperimentTable[]> {
  const out: LoadedExperimentTable[] = [];
  for (const name of TABLE_EXPERIMENTS) {
    const file = join(dir, `${name}.json`);
    if (!existsSync(file)) continue;
    const table = await readExperimentTable(file);
    if (table.experiment !== name)
      throw new ResultsFileError({ file, problem: 'field', jsonPath: '$.experiment', message: `${file}: $.experiment is "${table.experiment}", but the file is named for ${name}.` });
    out.push({ table, file, source });
  }
  return out;
}

/**
 * Tables of `primary` where it has them, else of `fallback` (e.g. a `--results` folder over the
 * shipped tables), in the experiments' order.
 */
export function mergeExperimentTables(primary: readonly LoadedExperimentTable[], fallback: readonly LoadedExperimentTable[]): LoadedExperimentTable[] {
  return TABLE_EXPERIMENTS.flatMap((n) => {
    const t = primary.find((p) => p.table.experiment === n) ?? fallback.find((p) => p.table.experiment === n);
    return t ? [t] : [];
  });
}

/**
 * For every experiment, the rows of its plan that no table has, with the exact commands that
 * generate them (`olfactory experiment <name>` into a folder, then `olfactory reproduce --all
 * --results` on it). Extended R1 conditions are not asked for.
 */
export function missingExperiments(tables: readonly LoadedExperimentTable[], seeds: readonly number[]): MissingExperiment[] {
  const seedText = seedList(seeds);
  return TABLE_EXPERIMENTS.flatMap((name) => {
    const plan = experimentPlan(name);
    const t = tables.find((x) => x.table.experiment === name)?.table;
    const have = new Set(t?.rows.map((r) => r.id) ?? []);
    const rows = plan.evaluations.filter((e) => !have.has(e.id)).map((e) => e.label);
    if (rows.length === 0) return [];
    const dir = `olfactory-experiments/${name}`;
    return [{ experiment: name, rows, whole: t === undefined, commands: [`olfactory experiment ${name} --seeds ${seedText} --out ${dir}`, `olfactory reproduce --all --results ${dir}`] }];
  });
}

/** `42-46` for a run of consecutive seeds, else `42,44`. */
export function seedList(seeds: readonly number[]): string {
  if (seeds.length > 1 && seeds.every((s, i) => i === 0 || s === seeds[i - 1]! + 1)) return `${seeds[0]}-${seeds[seeds.length - 1]}`;
  return seeds.join(',');
}
