import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * The directory holding the real public data for tests: `OLFACTORY_DATA_DIR` when set (CI sets
 * it to the shared data folder), else `../shared/data` beside the repository checkout.
 * Layout: `<dir>/winding2023/Supplementary-Data-S1.zip`, `<dir>/door2/Or42a.csv`, ...
 */
export function testDataDir(): string {
  const fromEnv = process.env.OLFACTORY_DATA_DIR;
  if (fromEnv) return resolve(fromEnv);
  // `../shared/data` beside the checkout: the nearest shared/data above the working directory
  for (let dir = resolve(process.cwd()); ; dir = dirname(dir)) {
    const beside = join(dir, 'shared', 'data');
    if (existsSync(beside)) return beside;
    if (dirname(dir) === dir) break;
  }
  throw new Error('Test data not found: set OLFACTORY_DATA_DIR to the folder holding winding2023/ and door2/.');
}
