import { OLFACTORY_DATA_FILES, ensureDataFiles } from '@olfactory/connectome-data';
import type { DownloadProgress } from '@olfactory/connectome-data';
import { DATA_MIRROR_ENV_VAR } from '../util/data-mirror';
import { byteProgress, status } from '../util/progress';
import type { ProgressOptions } from '../util/progress';

export interface DataFetchOptions extends ProgressOptions {
  readonly dataDir?: string;
  readonly repair: boolean;
  readonly json: boolean;
}

/**
 * `olfactory data fetch`: make sure every pinned data file is present and verified, downloading
 * the missing ones (with a progress bar) into the data directory.
 */
export async function runDataFetch(options: DataFetchOptions): Promise<void> {
  const bars = new Map<string, ReturnType<typeof byteProgress>>();
  const onProgress = (p: DownloadProgress): void => {
    let bar = bars.get(p.path);
    if (!bar) {
      bar = byteProgress(`Downloading ${p.path}`, options);
      bars.set(p.path, bar);
    }
    bar.update(p.receivedBytes, p.totalBytes);
    if (p.receivedBytes >= p.totalBytes) bar.stop();
  };
  const result = await ensureDataFiles({
    dataDir: options.dataDir,
    files: OLFACTORY_DATA_FILES,
    download: true,
    repair: options.repair,
    baseUrl: process.env[DATA_MIRROR_ENV_VAR] || undefined,
    onProgress,
  });
  for (const bar of bars.values()) bar.stop();
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ dataDir: result.dataDir, source: result.source, files: result.files.map((f) => ({ path: f.path, status: f.status, bytes: f.bytes, sha256: f.sha256 })) }, null, 2)}\n`);
    return;
  }
  const downloaded = result.files.filter((f) => f.status !== 'verified').length;
  status(`${result.files.length} data files verified in ${result.dataDir} (${downloaded} downloaded).`, { enabled: true });
}
