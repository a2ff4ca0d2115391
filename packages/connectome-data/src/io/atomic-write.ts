import { open, rename, rm } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { syncDirectory } from './sync-directory';
import { tempPathFor } from './temp-path';

/** Options of {@link writeFileAtomic}. */
export interface WriteFileAtomicOptions {
  /** File mode of a newly written file (before the umask). Default `0o666`. */
  readonly mode?: number;
}

/**
 * Writes `data` to `file` atomically: readers see either the old file or the complete new one,
 * never a half-written one, even if the process dies mid-write.
 *
 * Steps: write a temp file in the same directory (exclusive create), fsync it, close it, rename
 * it over `file`, fsync the directory. On any failure the temp file is removed and the error is
 * rethrown; `file` is left as it was. The parent directory must exist.
 *
 * @example
 *   await writeFileAtomic('/cache/olfactory/circuit.json', JSON.stringify(circuit));
 */
export async function writeFileAtomic(
  file: string,
  data: string | Uint8Array,
  options: WriteFileAtomicOptions = {},
): Promise<void> {
  const temp = tempPathFor(file);
  let handle: FileHandle | undefined;
  try {
    handle = await open(temp, 'wx', options.mode ?? 0o666);
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(temp, file);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
  await syncDirectory(dirname(file));
}
