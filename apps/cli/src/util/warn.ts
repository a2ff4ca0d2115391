import type { ParsedCacheStatus } from '@olfactory/connectome-data';

/**
 * A warning on stderr: `olfactory: warning: <message>`. Printed even with --quiet (which only
 * silences progress), since a warning says something the user must know about the result.
 */
export function warn(message: string): void {
  process.stderr.write(`olfactory: warning: ${message}\n`);
}

/** Warn when the parsed-connectome cache was rejected (re-parsed) or could not be written. */
export function warnParsedCache(cache: ParsedCacheStatus): void {
  if (cache.rejected !== undefined) warn(`ignored the parsed cache ${cache.path}: ${cache.rejected}; re-parsed the archive${cache.written ? ' and rewrote the cache' : ''}.`);
  if (cache.writeError !== undefined)
    warn(`could not write the parsed cache ${cache.path} (${cache.writeError}); the next run parses the archive again. Set OLFACTORY_CACHE_DIR to a writable folder.`);
}

/** `hit`, `written`, or `not written (why)`: what happened to the parsed cache, in words. */
export function describeParsedCache(cache: ParsedCacheStatus): string {
  if (cache.path === undefined) return 'disabled';
  if (cache.hit) return 'hit';
  if (cache.written) return cache.rejected === undefined ? 'written' : 'rewritten (the old one was rejected)';
  return 'not written';
}
