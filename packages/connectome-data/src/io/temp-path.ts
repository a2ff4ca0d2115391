import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';

/**
 * A fresh temporary path beside `target` (same directory, hence same filesystem, so a rename
 * onto `target` is atomic): `<dir>/.<name>.<12 hex digits>.tmp`.
 *
 * The suffix comes from `crypto.randomBytes`: it only keeps concurrent writers apart and never
 * affects a result, so it is not part of the toolkit's seeded randomness.
 *
 * @example
 *   tempPathFor('/cache/door2/Or42a.csv');  // '/cache/door2/.Or42a.csv.3f9a0c17e2b4.tmp'
 */
export function tempPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
}

/** True when `name` (a bare file name) looks like a temp file made by {@link tempPathFor}. */
export function isTempFileName(name: string): boolean {
  return /^\..+\.[0-9a-f]{12}\.tmp$/.test(name);
}
