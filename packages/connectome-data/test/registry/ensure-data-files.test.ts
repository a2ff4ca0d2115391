import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidParameterError } from '@olfactory/neurons';
import { DataIntegrityError } from '../../src/errors/data-integrity-error';
import { DataNotFoundError } from '../../src/errors/data-not-found-error';
import { DownloadError } from '../../src/errors/download-error';
import { dataFilePath } from '../../src/registry/data-file-path';
import type { DataFileSpec } from '../../src/registry/data-file-spec';
import { allDataFiles, getDataFileSpec } from '../../src/registry/dataset-registry';
import type { DownloadProgress } from '../../src/registry/download-file';
import { ensureDataFiles } from '../../src/registry/ensure-data-files';
import { testDataDir } from '../helpers/data-dir';
import { startFixtureServer, unusedLocalUrl } from './fixture-server';
import type { FixtureServer } from './fixture-server';
import { tempDirs } from './temp-dirs';

describe('ensureDataFiles', () => {
  const dirs = tempDirs('ensure');
  let server: FixtureServer;
  beforeAll(async () => {
    server = await startFixtureServer(testDataDir());
  });
  afterAll(async () => {
    await server.close();
    await dirs.cleanup();
  });

  const three = ['door2/Or1a.csv', 'door2/Or42a.csv', 'door2/Or85c.csv'];
  const good = (spec: DataFileSpec): string => `${server.baseUrl}/good/${spec.path}`;
  /** Options that make the per-user cache resolve to `cacheHome/olfactory`. */
  const inCache = (cacheHome: string) => ({ env: { XDG_CACHE_HOME: cacheHome }, homedir: '/nonexistent-home', platform: 'linux' as const });

  it('ensureDataFiles({ dataDir }) has the expected defaults: every pinned file, verified, nothing downloaded', async () => {
    const dir = testDataDir();
    const before = server.requests.length;
    const result = await ensureDataFiles({ dataDir: dir, env: {}, urlFor: good });
    expect(result.dataDir).toBe(dir);
    expect(result.source).toBe('option');
    expect(result.files.map((f) => f.path)).toEqual(allDataFiles.map((spec) => spec.path));
    expect(result.files.every((f) => f.status === 'verified')).toBe(true);
    expect(result.files[0]).toEqual({
      path: 'winding2023/Supplementary-Data-S1.zip',
      file: join(dir, 'winding2023', 'Supplementary-Data-S1.zip'),
      sha256: '8c1f43809ed5d527ba61b154e377cc21da26383a75eda8aab85ce05607a72a4c',
      bytes: 1_107_380,
      status: 'verified',
    });
    expect(result.paths['door2/Or42a.csv']).toBe(join(dir, 'door2', 'Or42a.csv'));
    expect(Object.keys(result.paths)).toHaveLength(21);
    expect(server.requests.length).toBe(before);
  });

  it('ensureDataFiles({ files }) keeps the requested order and drops duplicates', async () => {
    const result = await ensureDataFiles({ dataDir: testDataDir(), env: {}, files: ['door2/Or85c.csv', 'door2/Or1a.csv', 'door2\\Or85c.csv'] });
    expect(result.files.map((f) => f.path)).toEqual(['door2/Or85c.csv', 'door2/Or1a.csv']);
  });

  it('ensureDataFiles() downloads missing files into the per-user cache, then only verifies them', async () => {
    const cacheHome = await dirs.make();
    const seen: DownloadProgress[] = [];
    const first = await ensureDataFiles({ ...inCache(cacheHome), files: three, urlFor: good, onProgress: (p) => seen.push(p) });
    expect(first.source).toBe('cache');
    expect(first.dataDir).toBe(join(cacheHome, 'olfactory'));
    expect(first.files.map((f) => f.status)).toEqual(['downloaded', 'downloaded', 'downloaded']);
    for (const path of three) {
      expect(await readFile(first.paths[path])).toEqual(await readFile(dataFilePath(testDataDir(), getDataFileSpec(path))));
    }
    expect((await readdir(join(cacheHome, 'olfactory', 'door2'))).sort()).toEqual(['Or1a.csv', 'Or42a.csv', 'Or85c.csv']);
    expect(new Set(seen.map((p) => p.path))).toEqual(new Set(three));
    expect(seen.filter((p) => p.receivedBytes === p.totalBytes)).toHaveLength(3);

    const requests = server.requests.length;
    const second = await ensureDataFiles({ ...inCache(cacheHome), files: three, urlFor: good });
    expect(second.files.map((f) => f.status)).toEqual(['verified', 'verified', 'verified']);
    expect(server.requests.length).toBe(requests);
  });

  it('ensureDataFiles() with an OLFACTORY_DATA_DIR missing files throws DataNotFoundError naming the files and the dir, without downloading', async () => {
    const dir = await dirs.make();
    const before = server.requests.length;
    const error = await ensureDataFiles({ env: { OLFACTORY_DATA_DIR: dir }, files: three, urlFor: good }).catch((e: unknown) => e);
    expect(DataNotFoundError.isInstance(error)).toBe(true);
    const notFound = error as DataNotFoundError;
    expect(notFound.missing).toEqual(three);
    expect(notFound.dataDir).toBe(dir);
    const escaped = dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    expect(notFound.message).toMatch(new RegExp(`^Missing data file\\(s\\) in ${escaped}: door2/Or1a\\.csv, door2/Or42a\\.csv, door2/Or85c\\.csv\\. ${escaped} comes from OLFACTORY_DATA_DIR`));
    expect(notFound.message).toMatch(/olfactory data fetch/);
    expect(notFound.message).toContain(`${join(dir, 'door2', 'Or42a.csv')}  ←  https://raw.githubusercontent.com/ropensci/DoOR.data/db323a496577c4b4a72b5c2fcd1859e07521ffb5/data/Or42a.csv`);
    expect(notFound.message).toMatch(/or set OLFACTORY_DATA_DIR/);
    expect(server.requests.length).toBe(before);
    expect(await readdir(dir)).toEqual([]);
  });

  it('ensureDataFiles({ dataDir, download: true }) downloads into an explicit directory when asked', async () => {
    const dir = await dirs.make();
    const result = await ensureDataFiles({ dataDir: dir, env: {}, files: ['door2/Or7a.csv'], download: true, urlFor: good });
    expect(result.files[0]).toMatchObject({ path: 'door2/Or7a.csv', status: 'downloaded', file: join(dir, 'door2', 'Or7a.csv') });
  });

  it('ensureDataFiles() offline throws DataNotFoundError listing the missing files, with the DownloadError as cause', async () => {
    const cacheHome = await dirs.make();
    const offline = await unusedLocalUrl();
    const error = await ensureDataFiles({ ...inCache(cacheHome), files: three, baseUrl: offline }).catch((e: unknown) => e);
    expect(DataNotFoundError.isInstance(error)).toBe(true);
    const notFound = error as DataNotFoundError;
    expect(notFound.missing).toEqual(three);
    expect(DownloadError.isInstance(notFound.cause)).toBe(true);
    expect(notFound.message).toMatch(/Missing data file\(s\) in .*olfactory: door2\/Or1a\.csv, .*Downloading failed: Download of http:\/\/127\.0\.0\.1:\d+\/door2\/Or1a\.csv failed: .*ECONNREFUSED/);
  });

  it('ensureDataFiles() keeps files downloaded before a failure and lists the rest as missing', async () => {
    const cacheHome = await dirs.make();
    const urlFor = (spec: DataFileSpec): string => `${server.baseUrl}/${spec.path === 'door2/Or42a.csv' ? 'missing' : 'good'}/${spec.path}`;
    const error = await ensureDataFiles({ ...inCache(cacheHome), files: three, urlFor }).catch((e: unknown) => e);
    expect(DataNotFoundError.isInstance(error)).toBe(true);
    expect((error as DataNotFoundError).missing).toEqual(['door2/Or42a.csv', 'door2/Or85c.csv']);
    expect(((error as DataNotFoundError).cause as DownloadError).status).toBe(404);
    expect(await readdir(join(cacheHome, 'olfactory', 'door2'))).toEqual(['Or1a.csv']);
  });

  it('ensureDataFiles() throws DataIntegrityError for a corrupt file in an explicit directory, replacing it only with download and repair both true', async () => {
    const dir = await dirs.make();
    const file = join(dir, 'door2', 'Or1a.csv');
    await mkdir(join(dir, 'door2'));
    await writeFile(file, 'not the DoOR file');
    // repair without download: true does nothing in a directory the user named.
    for (const options of [{}, { download: true }, { repair: true }]) {
      const error = await ensureDataFiles({ dataDir: dir, env: {}, files: ['door2/Or1a.csv'], urlFor: good, ...options }).catch((e: unknown) => e);
      expect(DataIntegrityError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ file, expectedBytes: 57_083, actualBytes: 17 });
      expect((error as Error).message).toMatch(/has 17 bytes; expected 57083 bytes .* Delete .*Or1a\.csv and run `olfactory data fetch`/);
    }
    expect(await readFile(file, 'utf8')).toBe('not the DoOR file');
    const repaired = await ensureDataFiles({ dataDir: dir, env: {}, files: ['door2/Or1a.csv'], urlFor: good, download: true, repair: true });
    expect(repaired.files[0].status).toBe('repaired');
    expect((await readFile(file)).length).toBe(57_083);
  });

  it('ensureDataFiles({ repair: true }) replaces a corrupt file in the cache by a verified copy', async () => {
    const cacheHome = await dirs.make();
    const file = join(cacheHome, 'olfactory', 'door2', 'Or1a.csv');
    await mkdir(join(cacheHome, 'olfactory', 'door2'), { recursive: true });
    await writeFile(file, 'half a fi');
    await expect(ensureDataFiles({ ...inCache(cacheHome), files: ['door2/Or1a.csv'], urlFor: good })).rejects.toThrow(/repair: true re-downloads it/);
    const result = await ensureDataFiles({ ...inCache(cacheHome), files: ['door2/Or1a.csv'], urlFor: good, repair: true });
    expect(result.files[0].status).toBe('repaired');
    expect((await readFile(file)).length).toBe(57_083);
    expect(await readdir(join(cacheHome, 'olfactory', 'door2'))).toEqual(['Or1a.csv']);
  });

  it('ensureDataFiles({ files }) throws InvalidParameterError for a path not in the registry', async () => {
    await expect(ensureDataFiles({ dataDir: testDataDir(), env: {}, files: ['door2/Or83a.csv'] })).rejects.toThrow(InvalidParameterError);
    await expect(ensureDataFiles({ dataDir: testDataDir(), env: {}, files: ['door2/Or83a.csv'] })).rejects.toThrow(/invalid data file path: "door2\/Or83a\.csv"/);
  });
});
