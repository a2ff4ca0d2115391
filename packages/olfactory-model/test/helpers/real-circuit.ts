import { existsSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildOlfactoryCircuit, loadOlfactoryData } from '@olfactory/connectome-data';
import type { OlfactoryCircuit, OlfactoryData } from '@olfactory/connectome-data';

/** Folder of the real data: OLFACTORY_DATA_DIR, else ../shared/data beside the checkout. */
export function testDataDir(): string {
  if (process.env.OLFACTORY_DATA_DIR) return resolve(process.env.OLFACTORY_DATA_DIR);
  const beside = resolve(__dirname, '../../../../../shared/data');
  if (existsSync(beside)) return beside;
  throw new Error('Test data not found: set OLFACTORY_DATA_DIR to the folder holding winding2023/ and door2/.');
}

let cached: Promise<{ data: OlfactoryData; circuit: OlfactoryCircuit }> | undefined;

/** The real data and the canonical (one-to-one, q = 0.33) circuit, loaded once per test file. */
export function realCircuit(): Promise<{ data: OlfactoryData; circuit: OlfactoryCircuit }> {
  cached ??= loadOlfactoryData({
    dataDir: testDataDir(),
    cacheDir: process.env.OLFACTORY_CACHE_DIR ?? mkdtempSync(join(tmpdir(), 'olf-model-cache-')),
  }).then((data) => ({ data, circuit: buildOlfactoryCircuit(data.connectome) }));
  return cached;
}
