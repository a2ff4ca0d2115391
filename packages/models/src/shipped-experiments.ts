import { join } from 'node:path';
import manifest from '../manifest.json';
import { canonicalCheckpointsDir } from './canonical-models';
import { verifyPinnedFile } from './pinned-file';

/** One shipped experiment table (`olfactory experiment` JSON) as pinned in the package manifest. */
export interface ShippedExperimentTable {
  /** The experiment, e.g. `r5-mixtures`. */
  readonly experiment: string;
  /** Path relative to {@link shippedExperimentsDir}, e.g. `r5-mixtures.json`. */
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
}

/**
 * The experiment tables this package ships: the seven tables (R1, R3, STD, R4, R5, R2, R6) of one
 * full `olfactory experiment all` (every condition retrained, seeds 42–46), whose checkpoints are
 * `SHIPPED_EXPERIMENT_RUNS` and the canonical models.
 */
export const SHIPPED_EXPERIMENT_TABLES: readonly ShippedExperimentTable[] = Object.freeze((manifest.experiments.tables as ShippedExperimentTable[]).map((t) => Object.freeze({ ...t })));

/** How the shipped tables were made (the command, and its wall time in seconds). */
export const SHIPPED_EXPERIMENTS_PROVENANCE: { readonly description: string; readonly command: string; readonly seconds: number } = Object.freeze({
  description: manifest.experiments.description,
  command: manifest.experiments.command,
  seconds: manifest.experiments.seconds,
});

/** Absolute path of the folder holding the shipped tables as `<experiment>.json` (the files are not read). */
export function shippedExperimentsDir(): string {
  return join(canonicalCheckpointsDir(), '..', 'experiments');
}

/**
 * The shipped experiment tables, each checked against its pinned size and sha256.
 *
 * @param dir folder to check (default {@link shippedExperimentsDir}).
 * @returns absolute paths, in the manifest's order.
 * @throws {ModelFileIntegrityError} naming the first file that is missing or differs.
 * @example
 *   const files = await shippedExperimentTableFiles(); // ['/…/experiments/r1-loss-forms.json', …]
 */
export async function shippedExperimentTableFiles(dir: string = shippedExperimentsDir()): Promise<string[]> {
  const files: string[] = [];
  for (const t of SHIPPED_EXPERIMENT_TABLES) {
    const file = join(dir, t.path);
    await verifyPinnedFile(file, t, 'experiment table');
    files.push(file);
  }
  return files;
}

/** One file of the shipped recompute of the canonical models, as pinned in the manifest. */
export interface ShippedResultFile {
  /** Path relative to {@link shippedCanonicalResultsDir}: `recompute.json` or `run-metadata.json`. */
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
}

/**
 * The recompute (spec §4.1, with the concentration sweep) of the shipped canonical models, as
 * `olfactory recompute --concentration` writes it: what `olfactory reproduce --all` draws the
 * canonical figures and the gain-control verdicts from without recomputing.
 */
export const SHIPPED_CANONICAL_RESULTS: readonly ShippedResultFile[] = Object.freeze((manifest.canonicalResults.files as ShippedResultFile[]).map((f) => Object.freeze({ ...f })));

/** How the shipped canonical results were made. */
export const SHIPPED_CANONICAL_RESULTS_COMMAND: string = manifest.canonicalResults.command;

/** Absolute path of the folder holding the shipped canonical recompute (`recompute.json`, `run-metadata.json`). */
export function shippedCanonicalResultsDir(): string {
  return join(canonicalCheckpointsDir(), '..', 'results', 'canonical');
}

/**
 * The shipped canonical recompute, every file checked against its pinned size and sha256.
 *
 * @returns the folder (for `--results`-style readers).
 * @throws {ModelFileIntegrityError} naming a missing or altered file.
 */
export async function shippedCanonicalResults(dir: string = shippedCanonicalResultsDir()): Promise<string> {
  for (const f of SHIPPED_CANONICAL_RESULTS) {
    const file = join(dir, f.path);
    await verifyPinnedFile(file, f, 'result file');
  }
  return dir;
}
