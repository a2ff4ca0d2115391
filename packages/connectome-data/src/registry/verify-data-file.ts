import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { DataIntegrityError } from '../errors/data-integrity-error';
import { DataNotFoundError } from '../errors/data-not-found-error';
import { hashFile } from '../io/hash-file';
import type { FileDigest } from '../io/hash-file';
import type { DataFileSpec } from './data-file-spec';
import { DATA_DIR_ENV_VAR } from './resolve-data-dir';

/** A data file that matched its pinned size and sha256. */
export interface VerifiedDataFile {
  /** Registry path, relative to the data directory, e.g. `'door2/Or42a.csv'`. */
  readonly path: string;
  /** Absolute location of the verified file. */
  readonly file: string;
  /** sha256 of the file (equal to the pinned one), 64 lowercase hex digits. */
  readonly sha256: string;
  /** Size of the file (equal to the pinned one), bytes. */
  readonly bytes: number;
}

/** Options of {@link verifyDataFile}. */
export interface VerifyDataFileOptions {
  /** The "how to fix it" sentence of a {@link DataIntegrityError}. Default: {@link defaultIntegrityFix}. */
  readonly fix?: string;
}

/**
 * The default fix of a failed verification: delete the file and fetch it again, or point the
 * toolkit at a correct copy.
 */
export function defaultIntegrityFix(file: string, spec: Pick<DataFileSpec, 'url'>): string {
  return `Delete ${file} and run \`olfactory data fetch\` to download the pinned copy (${spec.url}), ` + `or point --data-dir / ${DATA_DIR_ENV_VAR} at a folder holding a correct copy.`;
}

/**
 * Checks that `file` is exactly the pinned file `spec`: first its size (cheap; catches truncated
 * downloads without reading the file), then its sha256, streamed (constant memory).
 *
 * Throws {@link DataIntegrityError} (fields `file`, `expectedBytes`, `actualBytes`,
 * `expectedSha256`, `actualSha256`; `actualSha256` is `undefined` when the size already differs)
 * or {@link DataNotFoundError} when `file` does not exist. Never modifies the file.
 *
 * @example
 *   const spec = getDataFileSpec('door2/Or42a.csv');
 *   await verifyDataFile(dataFilePath(dataDir, spec), spec);  // { path, file, sha256, bytes }
 */
export async function verifyDataFile(file: string, spec: DataFileSpec, options: VerifyDataFileOptions = {}): Promise<VerifiedDataFile> {
  const fix = options.fix ?? defaultIntegrityFix(file, spec);
  let size: number;
  try {
    const info = await stat(file);
    if (!info.isFile()) {
      throw new DataIntegrityError({ file, expectedSha256: spec.sha256, expectedBytes: spec.bytes, actualBytes: 0, fix: `${file} is not a regular file. ${fix}` });
    }
    size = info.size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new DataNotFoundError({
        missing: [file],
        dataDir: dirname(file),
        fix: `Run \`olfactory data fetch\`, or download ${spec.url} to ${file}.`,
        cause: error,
      });
    }
    throw error;
  }
  if (size !== spec.bytes) {
    throw new DataIntegrityError({ file, expectedSha256: spec.sha256, expectedBytes: spec.bytes, actualBytes: size, fix });
  }
  assertDigestMatches(file, spec, await hashFile(file), fix);
  return { path: spec.path, file, sha256: spec.sha256, bytes: spec.bytes };
}

/**
 * Throws {@link DataIntegrityError} unless `digest` equals the pinned size and sha256 of `spec`.
 * Shared by {@link verifyDataFile} and the downloader (which hashes while it streams).
 * @internal
 */
export function assertDigestMatches(file: string, spec: DataFileSpec, digest: FileDigest, fix: string): void {
  if (digest.bytes === spec.bytes && digest.sha256 === spec.sha256) return;
  throw new DataIntegrityError({
    file,
    expectedSha256: spec.sha256,
    actualSha256: digest.sha256,
    expectedBytes: spec.bytes,
    actualBytes: digest.bytes,
    fix,
  });
}
