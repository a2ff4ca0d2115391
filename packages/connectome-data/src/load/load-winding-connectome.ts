import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CONNECTOME_CACHE_VERSION, encodeConnectomeCache, inspectConnectomeCache } from '../cache/connectome-binary-cache';
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

/** What happened to the parsed binary cache during one load. */
export interface ParsedCacheStatus {
  /** Path of the cache file, or undefined when the cache is disabled. */
  readonly path: string | undefined;
  /** True when the connectome came from the cache. */
  readonly hit: boolean;
  /** True when a new cache file was written (atomically) by this load. */
  readonly written: boolean;
  /** Why an existing cache file was not used (corrupt, other version, unreadable); absent for a plain miss. */
  readonly rejected?: string;
  /** Why the cache file could not be written (read-only or full folder); the load still succeeded. */
  readonly writeError?: string;
}

/** Result of {@link loadWindingConnectome}. */
export interface LoadedWindingConnectome {
  readonly connectome: WindingConnectome;
  /** Path of the binary cache file (when enabled), whether it was used, rejected or written. */
  readonly cache: ParsedCacheStatus;
}

/**
 * Load the Winding 2023 connectome from its (already verified) zip archive. The first load
 * parses the five CSV matrices inside the zip (≈ 2 s) and writes a compact binary cache
 * atomically; later loads read the cache (tens of milliseconds). A cache that is stale,
 * truncated, corrupt (its payload sha256 does not match) or of another format version is
 * ignored — reported in `cache.rejected` — and rewritten; a failed write is reported in
 * `cache.writeError`, never thrown.
 *
 * @param zipPath path of `Supplementary-Data-S1.zip`
 * @param sha256 the archive's verified sha256 (keys the cache)
 */
export async function loadWindingConnectome(zipPath: string, sha256: string, options: LoadWindingConnectomeOptions): Promise<LoadedWindingConnectome> {
  const cachePath = options.cacheDir === false ? undefined : join(options.cacheDir, `winding2023-${sha256.slice(0, 16)}.v${CONNECTOME_CACHE_VERSION}.bin`);
  let rejected: string | undefined;
  if (cachePath) {
    let bytes: Uint8Array | undefined;
    try {
      bytes = await readFile(cachePath);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') rejected = `cannot be read (${code ?? String(error)})`;
    }
    if (bytes) {
      const inspected = inspectConnectomeCache(bytes, sha256);
      if (inspected.ok) return { connectome: inspected.connectome, cache: { path: cachePath, hit: true, written: false } };
      rejected = inspected.problem;
    }
  }
  const connectome = parseWindingZip(await readFile(zipPath), sha256, options.onStage);
  let written = false;
  let writeError: string | undefined;
  if (cachePath && options.cacheDir !== false) {
    try {
      await mkdir(options.cacheDir, { recursive: true });
      await writeFileAtomic(cachePath, encodeConnectomeCache(connectome));
      written = true;
    } catch (error) {
      // A read-only or full cache directory only costs speed; the parsed data is still returned.
      writeError = `${(error as NodeJS.ErrnoException).code ?? 'error'}: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
  return { connectome, cache: { path: cachePath, hit: false, written, ...(rejected === undefined ? {} : { rejected }), ...(writeError === undefined ? {} : { writeError }) } };
}
