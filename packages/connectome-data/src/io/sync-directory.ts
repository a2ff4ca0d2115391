import { open } from 'node:fs/promises';

/**
 * fsyncs a directory so that a rename inside it survives a crash (POSIX). Best effort: a
 * platform that cannot open directories (Windows) or cannot fsync them is not an error, since
 * the rename itself has already happened.
 */
export async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // EISDIR / EPERM / EINVAL on platforms without directory fsync: nothing more can be done.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}
