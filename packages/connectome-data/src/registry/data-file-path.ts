import { join } from 'node:path';
import type { DataFileSpec } from './data-file-spec';

/**
 * Absolute (or `dataDir`-relative) location of a pinned file inside a data directory, with the
 * platform's separators: `<dataDir>/<dataset>/<file>`.
 *
 * @example
 *   dataFilePath('/home/me/.cache/olfactory', getDataFileSpec('door2/Or42a.csv'));
 *   // '/home/me/.cache/olfactory/door2/Or42a.csv'
 */
export function dataFilePath(dataDir: string, spec: Pick<DataFileSpec, 'path'>): string {
  return join(dataDir, ...spec.path.split('/'));
}
