import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import manifest from '../manifest.json';
import { verifyPinnedFile } from './pinned-file';

/** One shipped checkpoint as pinned in the package manifest. */
export interface ShippedCheckpoint {
  /** Training seed (also `config.seed` inside the file). */
  readonly seed: number;
  /** Path relative to {@link canonicalCheckpointsDir}, e.g. `seed-42/checkpoint.json`. */
  readonly path: string;
  /** File size in bytes. */
  readonly bytes: number;
  /** sha256 of the file, lower-case hex. */
  readonly sha256: string;
}

/**
 * The canonical checkpoints this package ships: the paper variant (annotation-order receptor
 * assignment), seeds 42–46, 300 student epochs each, with their pinned sizes and sha256.
 */
export const CANONICAL_CHECKPOINTS: readonly ShippedCheckpoint[] = Object.freeze(manifest.canonical.checkpoints.map((c) => Object.freeze({ ...c })));

declare const __dirname: string | undefined;

/** The package's root folder (the parent of `dist/`, or of `src/` when run from source). */
export function packageRoot(): string {
  // CommonJS build and the test runner define __dirname; the ES module build uses import.meta.url.
  return dirname(typeof __dirname === 'string' ? __dirname : fileURLToPath(new URL('.', import.meta.url)));
}

/**
 * Absolute path of the folder holding the canonical checkpoints as `seed-<S>/checkpoint.json`
 * (the layout `olfactory recompute --checkpoints DIR` reads). Does not read the files: use
 * {@link canonicalCheckpointFiles} or {@link verifyCanonicalCheckpoints} to check them.
 *
 * @example
 *   canonicalCheckpointsDir(); // '/…/node_modules/@olfactory/models/canonical'
 */
export function canonicalCheckpointsDir(): string {
  return join(packageRoot(), 'canonical');
}

/**
 * Check every shipped checkpoint in `dir` against its pinned size and sha256.
 *
 * @param dir folder to check (default {@link canonicalCheckpointsDir}).
 * @returns the absolute paths of the checkpoint files, in seed order.
 * @throws {ModelFileIntegrityError} naming the first file that is missing or differs.
 */
export async function verifyCanonicalCheckpoints(dir: string = canonicalCheckpointsDir()): Promise<string[]> {
  const files: string[] = [];
  for (const c of CANONICAL_CHECKPOINTS) {
    const file = join(dir, c.path);
    await verifyPinnedFile(file, c, 'checkpoint');
    files.push(file);
  }
  return files;
}

/**
 * The shipped canonical checkpoint files, verified against the manifest on every call.
 *
 * @returns absolute paths, seeds 42–46 in order.
 * @throws {ModelFileIntegrityError} for a missing or altered file.
 * @example
 *   const files = await canonicalCheckpointFiles(); // ['/…/canonical/seed-42/checkpoint.json', …]
 */
export function canonicalCheckpointFiles(): Promise<string[]> {
  return verifyCanonicalCheckpoints(canonicalCheckpointsDir());
}
