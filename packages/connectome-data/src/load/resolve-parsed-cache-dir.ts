import { join, resolve } from 'node:path';
import { DATA_DIR_ENV_VAR, resolveDataDir } from '../registry/resolve-data-dir';
import type { ResolveDataDirOptions } from '../registry/resolve-data-dir';

/** Environment variable naming the directory for parsed-data caches. */
export const CACHE_DIR_ENV_VAR = 'OLFACTORY_CACHE_DIR';

/**
 * Directory for derived caches (the parsed connectome): `OLFACTORY_CACHE_DIR` when set, else
 * `<per-user cache>/parsed`. Kept apart from the data directory, which may be read-only.
 */
export function resolveParsedCacheDir(options: Omit<ResolveDataDirOptions, 'dataDir'> = {}): string {
  const env = options.env ?? process.env;
  const explicit = env[CACHE_DIR_ENV_VAR];
  if (explicit !== undefined && explicit.trim() !== '') return resolve(options.cwd ?? process.cwd(), explicit);
  const { dir } = resolveDataDir({ ...options, env: { ...env, [DATA_DIR_ENV_VAR]: undefined } });
  return join(dir, 'parsed');
}
