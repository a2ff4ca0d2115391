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
 * rethrown naming `file` (never the temp file, which the user has never heard of); `file` is left
 * as it was. The parent directory must exist.
 *
 * @example
 *   await writeFileAtomic('/cache/olfactory/circuit.json', JSON.stringify(circuit));
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array, options: WriteFileAtomicOptions = {}): Promise<void> {
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
    throw nameTarget(error, temp, file);
  }
  await syncDirectory(dirname(file));
}

/** The same error, with the temp path replaced by the target in its message and `path`. */
function nameTarget(error: unknown, temp: string, file: string): unknown {
  // duck-typed: errors from node:fs may come from another realm (vm contexts, jest)
  if (typeof error !== 'object' || error === null || typeof (error as Error).message !== 'string') return error;
  const e = error as NodeJS.ErrnoException;
  if (e.message.includes(temp)) e.message = e.message.split(temp).join(file);
  if (e.path === temp) e.path = file;
  if (typeof e.stack === 'string') e.stack = e.stack.split(temp).join(file);
  return e;
}
