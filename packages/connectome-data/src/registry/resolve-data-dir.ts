/**
 * Where the data files live. First match wins:
 *
 *   1. the explicit `dataDir` option (the CLI's `--data-dir`)       → source `'option'`
 *   2. the environment variable `OLFACTORY_DATA_DIR`                 → source `'env'`
 *   3. the per-user cache directory                                  → source `'cache'`
 *      - Linux and other Unix: `$XDG_CACHE_HOME/olfactory` (when absolute), else `~/.cache/olfactory`
 *      - macOS: `~/Library/Caches/olfactory`
 *      - Windows: `%LOCALAPPDATA%\olfactory\Cache`, else `~\AppData\Local\olfactory\Cache`
 *
 * Only the cache directory is the toolkit's own: files are downloaded into it without asking.
 * A directory named by the user (option or env) is the user's, so callers only download into it
 * when asked (see `ensureDataFiles`).
 */
import { homedir as osHomedir, userInfo } from 'node:os';
import { posix, resolve, win32 } from 'node:path';
import { InvalidParameterError } from '@olfactory/neurons';

/** Where a resolved data directory came from. */
export type DataDirSource = 'option' | 'env' | 'cache';

/** A resolved data directory. */
export interface ResolvedDataDir {
  /** Absolute path of the data directory (it may not exist yet). */
  readonly dir: string;
  /** Which rule chose it: the explicit option, `OLFACTORY_DATA_DIR`, or the per-user cache. */
  readonly source: DataDirSource;
}

/** Inputs of {@link resolveDataDir}. Everything read from the process can be injected (tests). */
export interface ResolveDataDirOptions {
  /** Explicit data directory; relative paths are resolved against `cwd`. Wins over everything. */
  readonly dataDir?: string;
  /** Environment to read `OLFACTORY_DATA_DIR`, `XDG_CACHE_HOME`, `LOCALAPPDATA` from. Default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The user's home directory. Default `os.homedir()`. */
  readonly homedir?: string;
  /** Platform whose cache convention applies. Default `process.platform`. */
  readonly platform?: NodeJS.Platform;
  /** Directory that relative `dataDir` / `OLFACTORY_DATA_DIR` values are resolved against. Default `process.cwd()`. */
  readonly cwd?: string;
}

/** Name of the environment variable that points at a data directory. */
export const DATA_DIR_ENV_VAR = 'OLFACTORY_DATA_DIR';

/**
 * Resolves the data directory: explicit option → `OLFACTORY_DATA_DIR` → per-user cache.
 * Pure apart from its defaults (`process.env`, `os.homedir()`, `process.platform`,
 * `process.cwd()`); creates nothing.
 *
 * @example
 *   resolveDataDir({ env: {}, homedir: '/home/me', platform: 'linux' });
 *   // { dir: '/home/me/.cache/olfactory', source: 'cache' }
 *   resolveDataDir({ dataDir: '/data/olfactory' });
 *   // { dir: '/data/olfactory', source: 'option' }
 */
export function resolveDataDir(options: ResolveDataDirOptions = {}): ResolvedDataDir {
  const env = options.env ?? process.env;
  if (options.dataDir !== undefined) {
    if (typeof options.dataDir !== 'string' || options.dataDir.trim() === '') {
      throw new InvalidParameterError({
        parameter: 'dataDir',
        value: options.dataDir,
        expected: 'a non-empty directory path',
        fix: `Pass the folder holding winding2023/ and door2/, or omit it to use ${DATA_DIR_ENV_VAR} or the per-user cache.`,
      });
    }
    return { dir: resolve(options.cwd ?? process.cwd(), options.dataDir), source: 'option' };
  }
  const fromEnv = env[DATA_DIR_ENV_VAR];
  if (fromEnv !== undefined && fromEnv.trim() !== '') {
    return { dir: resolve(options.cwd ?? process.cwd(), fromEnv), source: 'env' };
  }
  const platform = options.platform ?? process.platform;
  return { dir: userCacheDir(env, absoluteHome(options.homedir ?? osHomedir(), platform), platform), source: 'cache' };
}

/**
 * The home folder as an absolute path. A relative `$HOME` (e.g. `HOME=.`) would put the per-user
 * cache into whatever folder the command runs in; it is replaced by the account's home folder
 * from the user database, and when that is not absolute either, refused.
 */
function absoluteHome(home: string, platform: NodeJS.Platform): string {
  const isAbs = platform === 'win32' ? win32.isAbsolute : posix.isAbsolute;
  if (isAbs(home)) return home;
  let fromAccount: string | undefined;
  try {
    fromAccount = userInfo().homedir;
  } catch {
    fromAccount = undefined;
  }
  if (fromAccount && isAbs(fromAccount)) return fromAccount;
  throw new InvalidParameterError({
    parameter: 'HOME',
    value: home,
    expected: 'an absolute home folder for the per-user data cache',
    fix: `Set HOME to an absolute path, or point ${DATA_DIR_ENV_VAR} (or --data-dir) at the data folder.`,
  });
}

/** The per-user cache directory of the toolkit on `platform` (see the module comment). */
function userCacheDir(env: Readonly<Record<string, string | undefined>>, home: string, platform: NodeJS.Platform): string {
  if (platform === 'win32') {
    const localAppData = env.LOCALAPPDATA;
    const base = localAppData && win32.isAbsolute(localAppData) ? localAppData : win32.join(home, 'AppData', 'Local');
    return win32.join(base, 'olfactory', 'Cache');
  }
  if (platform === 'darwin') return posix.join(home, 'Library', 'Caches', 'olfactory');
  // XDG Base Directory spec: a relative $XDG_CACHE_HOME is invalid and must be ignored.
  const xdg = env.XDG_CACHE_HOME;
  const base = xdg && posix.isAbsolute(xdg) ? xdg : posix.join(home, '.cache');
  return posix.join(base, 'olfactory');
}
