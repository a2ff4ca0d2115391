import { readFileSync, unlinkSync } from 'node:fs';
import { open, readdir, readFile, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { isTempFileName } from '@olfactory/connectome-data';
import { warn } from './warn';

/** Name of the lock file inside a locked output folder. */
export const LOCK_FILE = '.olfactory.lock';

/** What a lock file holds. */
interface LockOwner {
  readonly pid: number;
  readonly host: string;
  readonly command: string;
  readonly startedAt: string;
}

/** Another live `olfactory` process holds the output folder. Exit 1. */
export class OutputLockedError extends Error {
  override readonly name = 'OutputLockedError';
}

/** A held lock; `release()` removes the lock file (also done when the process exits). */
export interface OutputLock {
  readonly file: string;
  release(): Promise<void>;
}

const held = new Set<string>();
let exitHookInstalled = false;

/** On exit (normal end, uncaught error, process.exit), remove every lock this process still holds. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const file of held) {
      try {
        const owner = JSON.parse(readFileSync(file, 'utf8')) as LockOwner;
        if (owner.pid === process.pid) unlinkSync(file);
      } catch {
        // already gone or replaced: nothing to release
      }
    }
  });
  // SIGINT / SIGTERM end the process without 'exit' handlers unless they are handled
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => process.exit(signal === 'SIGINT' ? 130 : 143));
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, owned by another user
  }
}

/**
 * Locks the output folder `dir` (which must exist) for one command: creates `dir/.olfactory.lock`
 * exclusively, holding the owner's pid, host, command and start time. A lock held by a live
 * process on this host (or any process on another host, which cannot be checked) is an
 * {@link OutputLockedError} naming the owner; a lock of a process that no longer runs is stale
 * and taken over with a warning. Then leftover temp files of killed atomic writes
 * (`.<name>.<hex>.tmp`) in `dir` and its sub-folders are removed, with a warning.
 */
export async function lockOutputDir(dir: string, command: string, flag = '--out'): Promise<OutputLock> {
  const file = join(dir, LOCK_FILE);
  const me: LockOwner = { pid: process.pid, host: hostname(), command, startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(file, 'wx');
      await handle.writeFile(`${JSON.stringify(me)}\n`);
      await handle.close();
      held.add(file);
      installExitHook();
      await removeLeftoverTempFiles(dir);
      return {
        file,
        release: async () => {
          held.delete(file);
          const owner = await readOwner(file);
          if (owner?.pid === process.pid) await rm(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = await readOwner(file);
    if (owner && (owner.host !== me.host || isAlive(owner.pid))) {
      const where = owner.host !== me.host ? ` on host ${owner.host}` : '';
      throw new OutputLockedError(
        `the output folder ${dir} is in use by 'olfactory ${owner.command}' (pid ${owner.pid}${where}, since ${owner.startedAt}); wait for it to finish or choose another ${flag}. If no such process runs, delete ${file}.`,
      );
    }
    warn(owner ? `took over the stale lock of ${dir}: 'olfactory ${owner.command}' (pid ${owner.pid}, since ${owner.startedAt}) no longer runs.` : `replaced the unreadable lock file ${file}.`);
    await rm(file, { force: true });
  }
  throw new OutputLockedError(`could not lock the output folder ${dir}: another process keeps taking ${file}; choose another ${flag}.`);
}

async function readOwner(file: string): Promise<LockOwner | undefined> {
  try {
    const o = JSON.parse(await readFile(file, 'utf8')) as Partial<LockOwner>;
    if (typeof o.pid === 'number' && typeof o.host === 'string') return { pid: o.pid, host: o.host, command: String(o.command), startedAt: String(o.startedAt) };
  } catch {
    // unreadable or half-written: treated as stale
  }
  return undefined;
}

/** Temp files of atomic writes that a killed run left in `dir` (and one level down): removed with a warning. */
async function removeLeftoverTempFiles(dir: string): Promise<void> {
  const found: string[] = [];
  const scan = async (folder: string, depth: number) => {
    const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      if (e.isFile() && isTempFileName(e.name)) found.push(join(folder, e.name));
      else if (e.isDirectory() && depth > 0) await scan(join(folder, e.name), depth - 1);
    }
  };
  await scan(dir, 2);
  for (const f of found) await rm(f, { force: true });
  if (found.length > 0) warn(`removed ${found.length} unfinished temp file(s) that an interrupted run left in ${dir}.`);
}
