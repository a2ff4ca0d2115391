/**
 * Makes sure the requested pinned data files are present and verified, downloading the missing
 * ones where that is allowed, and says where they are.
 *
 * Download policy:
 *   - the per-user cache directory is the toolkit's own: missing files are downloaded by default;
 *   - a directory the user named (`dataDir` option or `OLFACTORY_DATA_DIR`) is the user's: missing
 *     files are an error unless `download: true`;
 *   - an existing file that fails verification is never overwritten silently: it is an error
 *     unless `repair: true` (which needs downloading to be allowed).
 */
import { stat } from 'node:fs/promises';
import { DataIntegrityError } from '../errors/data-integrity-error';
import { DataNotFoundError } from '../errors/data-not-found-error';
import { DownloadError } from '../errors/download-error';
import { dataFilePath } from './data-file-path';
import type { DataFileSpec } from './data-file-spec';
import { allDataFiles, getDataFileSpec } from './dataset-registry';
import { downloadFile } from './download-file';
import type { DownloadFileOptions } from './download-file';
import { DATA_DIR_ENV_VAR, resolveDataDir } from './resolve-data-dir';
import type { DataDirSource, ResolveDataDirOptions } from './resolve-data-dir';
import { defaultIntegrityFix, verifyDataFile } from './verify-data-file';
import type { VerifiedDataFile } from './verify-data-file';

/** Options of {@link ensureDataFiles}. */
export interface EnsureDataFilesOptions extends ResolveDataDirOptions, Pick<DownloadFileOptions, 'urlFor' | 'baseUrl' | 'onProgress' | 'timeoutMs' | 'maxRedirects' | 'signal'> {
  /** Registry paths of the files to ensure, e.g. `['door2/Or42a.csv']`. Default: every pinned file. */
  readonly files?: readonly string[];
  /**
   * Download missing files. Default `true` when the data directory is the per-user cache,
   * `false` when it was named by the `dataDir` option or `OLFACTORY_DATA_DIR`.
   */
  readonly download?: boolean;
  /**
   * Replace existing files that fail verification by a freshly downloaded verified copy instead of
   * throwing {@link DataIntegrityError}. Only takes effect when downloading is allowed. Default `false`.
   */
  readonly repair?: boolean;
}

/** What {@link ensureDataFiles} did with one file. */
export interface EnsuredDataFile extends VerifiedDataFile {
  /** `'verified'`: was present and correct; `'downloaded'`: was missing; `'repaired'`: was corrupt and replaced. */
  readonly status: 'verified' | 'downloaded' | 'repaired';
}

/** Result of {@link ensureDataFiles}. */
export interface EnsuredDataFiles {
  /** Absolute data directory. */
  readonly dataDir: string;
  /** Where `dataDir` came from. */
  readonly source: DataDirSource;
  /** Registry path → absolute path of the verified file, for every requested file. */
  readonly paths: Readonly<Record<string, string>>;
  /** Per-file path, location, sha256, size and status, in the requested order. */
  readonly files: readonly EnsuredDataFile[];
}

/**
 * Resolves the data directory (option → `OLFACTORY_DATA_DIR` → per-user cache), verifies every
 * requested file that is present (size, then sha256), downloads the missing ones when allowed,
 * and returns where they are.
 *
 * Throws:
 *   - {@link DataNotFoundError} listing the missing files, their target paths and URLs, when
 *     downloading is not allowed or fails (offline; the download error is the `cause`);
 *   - {@link DataIntegrityError} for a present file that is not the pinned one (unless `repair`),
 *     or a download whose bytes are not the pinned ones;
 *   - {@link DownloadError} when repairing a corrupt file fails to download;
 *   - `InvalidParameterError` for a path that is not in the registry.
 *
 * @example
 *   const { paths, dataDir } = await ensureDataFiles({ files: ['door2/Or42a.csv'] });
 *   const csv = await readFile(paths['door2/Or42a.csv'], 'utf8');
 */
export async function ensureDataFiles(options: EnsureDataFilesOptions = {}): Promise<EnsuredDataFiles> {
  const { dir, source } = resolveDataDir(options);
  const specs = selectSpecs(options.files);
  const download = options.download ?? source === 'cache';
  const repair = (options.repair ?? false) && download;

  const done = new Map<string, EnsuredDataFile>();
  const missing: DataFileSpec[] = [];
  const corrupt: DataFileSpec[] = [];
  for (const spec of specs) {
    const file = dataFilePath(dir, spec);
    if (!(await exists(file))) {
      missing.push(spec);
      continue;
    }
    try {
      const verified = await verifyDataFile(file, spec, { fix: integrityFix(file, spec, source) });
      done.set(spec.path, { ...verified, status: 'verified' });
    } catch (error) {
      if (repair && DataIntegrityError.isInstance(error)) corrupt.push(spec);
      else throw error;
    }
  }

  if (missing.length > 0 && !download) {
    throw notFound(dir, source, missing, `${describeSource(dir, source)}; files are only downloaded into it when asked (download: true).`);
  }
  const downloadOptions: DownloadFileOptions = {
    urlFor: options.urlFor,
    baseUrl: options.baseUrl,
    onProgress: options.onProgress,
    timeoutMs: options.timeoutMs,
    maxRedirects: options.maxRedirects,
    signal: options.signal,
  };
  for (let i = 0; i < missing.length; i += 1) {
    const spec = missing[i];
    try {
      const fetched = await downloadFile(spec, dataFilePath(dir, spec), downloadOptions);
      done.set(spec.path, { ...fetched, status: 'downloaded' });
    } catch (error) {
      if (!DownloadError.isInstance(error)) throw error;
      throw notFound(dir, source, missing.slice(i), `Downloading failed: ${error.message}`, error);
    }
  }
  for (const spec of corrupt) {
    const fetched = await downloadFile(spec, dataFilePath(dir, spec), downloadOptions);
    done.set(spec.path, { ...fetched, status: 'repaired' });
  }

  const files = specs.map((spec) => done.get(spec.path) as EnsuredDataFile);
  const paths: Record<string, string> = {};
  for (const entry of files) paths[entry.path] = entry.file;
  return { dataDir: dir, source, paths: Object.freeze(paths), files: Object.freeze(files) };
}

/** The requested specs, in order, without duplicates; unknown paths throw InvalidParameterError. */
function selectSpecs(files: readonly string[] | undefined): readonly DataFileSpec[] {
  if (files === undefined) return allDataFiles;
  const seen = new Set<string>();
  const specs: DataFileSpec[] = [];
  for (const path of files) {
    const spec = getDataFileSpec(path);
    if (seen.has(spec.path)) continue;
    seen.add(spec.path);
    specs.push(spec);
  }
  return specs;
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

function describeSource(dir: string, source: DataDirSource): string {
  switch (source) {
    case 'option':
      return `${dir} was given explicitly (dataDir / --data-dir)`;
    case 'env':
      return `${dir} comes from ${DATA_DIR_ENV_VAR}`;
    case 'cache':
      return `${dir} is the per-user cache`;
  }
}

function integrityFix(file: string, spec: DataFileSpec, source: DataDirSource): string {
  const fix = defaultIntegrityFix(file, spec);
  return source === 'cache' ? `${fix} (In the cache directory, repair: true re-downloads it.)` : fix;
}

function notFound(dir: string, source: DataDirSource, missing: readonly DataFileSpec[], why: string, cause?: unknown): DataNotFoundError {
  const where = missing.map((spec) => `\n  ${dataFilePath(dir, spec)}  ←  ${spec.url}`).join('');
  return new DataNotFoundError({
    missing: missing.map((spec) => spec.path),
    dataDir: dir,
    fix: `${why} Download them with \`olfactory data fetch\`, or copy them to:${where}\n` + `or set ${DATA_DIR_ENV_VAR} (or --data-dir) to a folder that already holds winding2023/ and door2/.`,
    cause,
  });
}
