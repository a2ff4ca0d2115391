import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CONNECTOME_CACHE_VERSION, decodeConnectomeCache, encodeConnectomeCache } from '../cache/connectome-binary-cache';
import { writeFileAtomic } from '../io/atomic-write';
import { parseWindingZip } from '../winding/parse-winding-zip';
import type { WindingConnectome } from '../winding/winding-connectome';

/** Options of {@link loadWindingConnectome}. */
export interface LoadWindingConnectomeOptions {
  /** Directory of the parsed binary cache; `false` disables it. */
  readonly cacheDir: string | false;
  /** Called before each stage of a cold load (unzip + parse of each file). */
  readonly onStage?: (stage: { file: string; index: number; total: number }) => void;
}

/** Result of {@link loadWindingConnectome}. */
export interface LoadedWindingConnectome {
  readonly connectome: WindingConnectome;
  /** Path of the binary cache file (when enabled) and whether it was used. */
  readonly cache: { readonly path: string | undefined; readonly hit: boolean };
}

/**
 * Load the Winding 2023 connectome from its (already verified) zip archive. The first load
 * parses the five CSV matrices inside the zip (≈ 2 s) and writes a compact binary cache
 * atomically; later loads read the cache (tens of milliseconds). A cache that is stale,
 * truncated or of another format version is ignored and rewritten.
 *
 * @param zipPath path of `Supplementary-Data-S1.zip`
 * @param sha256 the archive's verified sha256 (keys the cache)
 */
export async function loadWindingConnectome(zipPath: string, sha256: string, options: LoadWindingConnectomeOptions): Promise<LoadedWindingConnectome> {
  const cachePath = options.cacheDir === false ? undefined : join(options.cacheDir, `winding2023-${sha256.slice(0, 16)}.v${CONNECTOME_CACHE_VERSION}.bin`);
  if (cachePath) {
    const bytes = await readFile(cachePath).catch(() => undefined);
    const cached = bytes && decodeConnectomeCache(bytes, sha256);
    if (cached) return { connectome: cached, cache: { path: cachePath, hit: true } };
  }
  const connectome = parseWindingZip(await readFile(zipPath), sha256, options.onStage);
  if (cachePath && options.cacheDir !== false) {
    try {
      await mkdir(options.cacheDir, { recursive: true });
      await writeFileAtomic(cachePath, encodeConnectomeCache(connectome));
    } catch {
      // A read-only or full cache directory only costs speed; the parsed data is still returned.
    }
  }
  return { connectome, cache: { path: cachePath, hit: false } };
}
