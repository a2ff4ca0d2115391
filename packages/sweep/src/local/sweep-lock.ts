import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { SweepLockedError } from '../errors/sweep-locked-error';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid holding `file`, if that process is alive. */
export function lockHolder(file: string): number | undefined {
  try {
    const pid = Number(JSON.parse(readFileSync(file, 'utf8')).pid);
    return Number.isInteger(pid) && pid > 0 && alive(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Take the sweep's run lock (`run.lock`, created exclusively, holding this pid). A lock left by
 * a process that no longer exists (a killed run) is taken over.
 * @returns a function that releases it.
 * @throws SweepLockedError when a live process holds it.
 */
export function acquireSweepLock(file: string): () => void {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() }));
      closeSync(fd);
      return () => rmSync(file, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = lockHolder(file);
      if (holder !== undefined && holder !== process.pid) throw new SweepLockedError({ file, pid: holder });
      rmSync(file, { force: true }); // stale: its process is gone
    }
  }
  throw new SweepLockedError({ file, pid: lockHolder(file) ?? -1 });
}
