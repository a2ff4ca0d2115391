import { readFile } from 'node:fs/promises';
import { parseDoorCsv } from '../door/parse-door-csv';
import type { DoorTable } from '../door/parse-door-csv';
import type { OdorResponseMatrix } from '../kreher/build-kreher-matrix';
import { buildKreherMatrix } from '../kreher/build-kreher-matrix';
import { KREHER_DOOR_RECEPTORS } from '../kreher/kreher-constants';
import { ensureDataFiles } from '../registry/ensure-data-files';
import type { EnsureDataFilesOptions, EnsuredDataFile } from '../registry/ensure-data-files';
import type { DataDirSource } from '../registry/resolve-data-dir';
import type { WindingConnectome } from '../winding/winding-connectome';
import { loadWindingConnectome } from './load-winding-connectome';
import type { ParsedCacheStatus } from './load-winding-connectome';
import { resolveParsedCacheDir } from './resolve-parsed-cache-dir';

/** Options of {@link loadOlfactoryData}: where the data is, downloading, caching, progress. */
export interface LoadOlfactoryDataOptions extends Omit<EnsureDataFilesOptions, 'files'> {
  /** Directory of the parsed-connectome cache; `false` disables it. Default {@link resolveParsedCacheDir}. */
  readonly cacheDir?: string | false;
  /** Called before each stage of a cold connectome parse. */
  readonly onStage?: (stage: { file: string; index: number; total: number }) => void;
}

/** Everything the model is built from, with provenance. */
export interface OlfactoryData {
  readonly connectome: WindingConnectome;
  readonly odors: OdorResponseMatrix;
  /** Every data file used, with its verified sha256 and size. */
  readonly files: readonly EnsuredDataFile[];
  readonly dataDir: string;
  readonly dataDirSource: DataDirSource;
  /** The parsed-connectome cache: used, rejected (and why) or written. */
  readonly cache: ParsedCacheStatus;
}

/** Registry paths of every file {@link loadOlfactoryData} reads. */
export const OLFACTORY_DATA_FILES: readonly string[] = ['winding2023/Supplementary-Data-S1.zip', ...KREHER_DOOR_RECEPTORS.map((r) => `door2/${r}.csv`)];

/**
 * Resolve, verify (size + sha256) and if needed download the data, then read the connectome
 * (through its binary cache) and build the Kreher 28 × 21 odor-response matrix.
 *
 * @example
 *   const data = await loadOlfactoryData({ dataDir: '../shared/data' });
 *   const circuit = buildOlfactoryCircuit(data.connectome, { orMapping: 'one-to-one' });
 */
export async function loadOlfactoryData(options: LoadOlfactoryDataOptions = {}): Promise<OlfactoryData> {
  const ensured = await ensureDataFiles({ ...options, files: OLFACTORY_DATA_FILES });
  const zip = ensured.files.find((f) => f.path === 'winding2023/Supplementary-Data-S1.zip')!;
  const { connectome, cache } = await loadWindingConnectome(zip.file, zip.sha256, {
    cacheDir: options.cacheDir ?? resolveParsedCacheDir(options),
    onStage: options.onStage,
  });
  const tables = new Map<string, DoorTable>();
  for (const receptor of KREHER_DOOR_RECEPTORS) {
    const path = `door2/${receptor}.csv`;
    tables.set(receptor, parseDoorCsv(await readFile(ensured.paths[path]!, 'utf8'), `${receptor}.csv`));
  }
  return {
    connectome,
    odors: buildKreherMatrix(tables),
    files: ensured.files,
    dataDir: ensured.dataDir,
    dataDirSource: ensured.source,
    cache,
  };
}
