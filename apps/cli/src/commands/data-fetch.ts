import { OLFACTORY_DATA_FILES, ensureDataFiles, micronsDataFiles } from '@olfactory/connectome-data';
import type { DownloadProgress } from '@olfactory/connectome-data';
import { DATA_MIRROR_ENV_VAR } from '../util/data-mirror';
import { CliUsageError } from '../util/cli-error';
import { byteProgress, status } from '../util/progress';
import type { ProgressOptions } from '../util/progress';

/** The datasets `data fetch --dataset` knows, and their pinned files. */
export const FETCH_DATASETS: Readonly<Record<string, readonly string[]>> = Object.freeze({
  /** Winding 2023 connectome + DoOR 2 (the olfactory model). */
  olfactory: OLFACTORY_DATA_FILES,
  /** MICrONS per-field matrices and positions (the cortical RNNs), all three fields. */
  microns: micronsDataFiles.map((f) => f.path),
});

/**
 * The pinned files of a `--dataset` value: a comma-separated list of {@link FETCH_DATASETS} names,
 * or `all`. Throws a usage error naming the flag for an unknown name.
 */
export function filesOfDatasets(value: string): string[] {
  const names = value.trim() === 'all' ? Object.keys(FETCH_DATASETS) : value.split(',').map((s) => s.trim());
  const unknown = names.filter((n) => !(n in FETCH_DATASETS));
  if (unknown.length > 0 || names.length === 0)
    throw new CliUsageError(
      `--dataset ${JSON.stringify(value)}: unknown dataset ${unknown.map((n) => JSON.stringify(n)).join(', ')}; expected "all" or a comma-separated list of ${Object.keys(FETCH_DATASETS).join(', ')}.`,
    );
  return [...new Set(names.flatMap((n) => FETCH_DATASETS[n]!))];
}

export interface DataFetchOptions extends ProgressOptions {
  readonly dataDir?: string;
  /** `--dataset`: see {@link filesOfDatasets}. Default 'olfactory'. */
  readonly dataset?: string;
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
    files: filesOfDatasets(options.dataset ?? 'olfactory'),
    download: true,
    repair: options.repair,
    baseUrl: process.env[DATA_MIRROR_ENV_VAR] || undefined,
    onProgress,
  });
  for (const bar of bars.values()) bar.stop();
  if (options.json) {
    process.stdout.write(
      `${JSON.stringify({ dataDir: result.dataDir, source: result.source, files: result.files.map((f) => ({ path: f.path, status: f.status, bytes: f.bytes, sha256: f.sha256 })) }, null, 2)}\n`,
    );
    return;
  }
  const downloaded = result.files.filter((f) => f.status !== 'verified').length;
  status(`${result.files.length} data files verified in ${result.dataDir} (${downloaded} downloaded).`, { enabled: true });
}
