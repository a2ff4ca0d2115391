import { join } from 'node:path';
import manifest from '../manifest.json';
import { CANONICAL_CHECKPOINTS, packageRoot, verifyCanonicalCheckpoints } from './canonical-models';
import { verifyPinnedFile } from './pinned-file';

/** One shipped checkpoint of an `olfactory experiment all` training, pinned in the manifest. */
export interface ShippedRunCheckpoint {
  /** The experiment condition, e.g. `no-gap`, `energy-50`, `odors-56` (`olfactory experiment all --dry-run` lists them). */
  readonly condition: string;
  readonly seed: number;
  /** Path relative to {@link shippedExperimentRunsDir}: `<condition>/seed-<S>/checkpoint.json`. */
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
}

interface RunsManifest {
  readonly description: string;
  readonly command: string;
  readonly canonicalCondition: string;
  readonly checkpoints: readonly ShippedRunCheckpoint[];
}

const runs = (manifest as unknown as { experimentRuns: RunsManifest }).experimentRuns;

/**
 * The retrained conditions of `olfactory experiment all` this package ships (every condition but
 * `canonical`, whose runs are bit-identical to {@link CANONICAL_CHECKPOINTS} and are not stored
 * twice), as packed checkpoints: the models the shipped experiment tables were evaluated on.
 */
export const SHIPPED_EXPERIMENT_RUNS: readonly ShippedRunCheckpoint[] = Object.freeze(runs.checkpoints.map((c) => Object.freeze({ ...c })));

/** How the shipped runs were made: the command, and why the canonical condition is the canonical models. */
export const SHIPPED_EXPERIMENT_RUNS_PROVENANCE: { readonly description: string; readonly command: string; readonly canonicalCondition: string } = Object.freeze({
  description: runs.description,
  command: runs.command,
  canonicalCondition: runs.canonicalCondition,
});

/** Absolute path of the folder holding the shipped runs as `<condition>/seed-<S>/checkpoint.json` (the files are not read). */
export function shippedExperimentRunsDir(): string {
  return join(packageRoot(), 'runs');
}

/** One shipped run checkpoint, verified, with where it lies. */
export interface ShippedRunFile {
  readonly condition: string;
  readonly seed: number;
  readonly file: string;
}

/**
 * Every shipped checkpoint of `olfactory experiment all`, each checked against its pinned size and
 * sha256: the retrained conditions from {@link shippedExperimentRunsDir}, and the `canonical`
 * condition as the canonical models (`canonical/seed-<S>/checkpoint.json`).
 *
 * @param dir folder of the retrained runs to check (default {@link shippedExperimentRunsDir}).
 * @returns condition, seed and absolute path of each file: the canonical condition first, then the manifest's order.
 * @throws {ModelFileIntegrityError} naming the first file that is missing or differs.
 * @example
 *   const runs = await shippedExperimentRunFiles();
 *   const noGap = runs.filter((r) => r.condition === 'no-gap').map((r) => r.file);
 */
export async function shippedExperimentRunFiles(dir: string = shippedExperimentRunsDir()): Promise<ShippedRunFile[]> {
  const out: ShippedRunFile[] = [];
  const canonical = await verifyCanonicalCheckpoints();
  CANONICAL_CHECKPOINTS.forEach((c, i) => out.push({ condition: runs.canonicalCondition, seed: c.seed, file: canonical[i]! }));
  for (const c of SHIPPED_EXPERIMENT_RUNS) {
    const file = join(dir, c.path);
    await verifyPinnedFile(file, c, 'checkpoint');
    out.push({ condition: c.condition, seed: c.seed, file });
  }
  return out;
}
