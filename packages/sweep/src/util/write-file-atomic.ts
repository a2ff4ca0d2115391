import { mkdirSync, renameSync, rmSync, writeFileSync, openSync, fsyncSync, closeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

let counter = 0;

/**
 * Write `data` to `file` atomically: into a temporary file beside it (same folder, so the same
 * file system), flushed to disk, then renamed over `file`. A reader sees the old content or the
 * new one, never a torn file; a crash leaves at most a `.<name>.tmp-*` file behind.
 */
export function writeFileAtomic(file: string, data: string): void {
  const folder = dirname(file);
  mkdirSync(folder, { recursive: true });
  counter += 1;
  const tmp = join(folder, `.${basename(file)}.tmp-${process.pid}-${counter}`);
  try {
    writeFileSync(tmp, data);
    const fd = openSync(tmp, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
}
