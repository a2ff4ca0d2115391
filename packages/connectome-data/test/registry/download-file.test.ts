import { readdir, readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidParameterError } from '@olfactory/neurons';
import { DataIntegrityError } from '../../src/errors/data-integrity-error';
import { DownloadError } from '../../src/errors/download-error';
import { dataFilePath } from '../../src/registry/data-file-path';
import { getDataFileSpec } from '../../src/registry/dataset-registry';
import { downloadFile, downloadUrlFor } from '../../src/registry/download-file';
import type { DownloadFileOptions, DownloadProgress } from '../../src/registry/download-file';
import { testDataDir } from '../helpers/data-dir';
import { startFixtureServer, unusedLocalUrl } from './fixture-server';
import type { FixtureServer } from './fixture-server';
import { tempDirs } from './temp-dirs';

describe('downloadFile', () => {
  const dirs = tempDirs('download');
  let server: FixtureServer;
  beforeAll(async () => {
    server = await startFixtureServer(testDataDir());
  });
  afterAll(async () => {
    await server.close();
    await dirs.cleanup();
  });

  const csv = getDataFileSpec('door2/Or1a.csv');
  const zip = getDataFileSpec('winding2023/Supplementary-Data-S1.zip');
  const via = (mode: string): DownloadFileOptions => ({ baseUrl: `${server.baseUrl}/${mode}` });

  it('downloadUrlFor(spec, options) has the expected defaults: urlFor, else baseUrl, else the pinned URL', () => {
    expect(downloadUrlFor(csv)).toBe(csv.url);
    expect(downloadUrlFor(csv, { baseUrl: 'http://mirror.example/base/' })).toBe('http://mirror.example/base/door2/Or1a.csv');
    expect(downloadUrlFor(csv, { baseUrl: 'http://ignored', urlFor: (spec) => `http://x/${spec.bytes}` })).toBe('http://x/57083');
  });

  it('downloadFile(spec, destination) places a verified copy at the destination, creating folders', async () => {
    const cache = await dirs.make();
    const destination = dataFilePath(cache, csv);
    const result = await downloadFile(csv, destination, via('good'));
    expect(result).toEqual({ path: 'door2/Or1a.csv', file: destination, sha256: csv.sha256, bytes: csv.bytes });
    expect(await readFile(destination)).toEqual(await readFile(dataFilePath(testDataDir(), csv)));
    expect(await readdir(join(cache, 'door2'))).toEqual(['Or1a.csv']);
  });

  it('downloadFile(spec, destination, { onProgress }) reports strictly increasing receivedBytes reaching the total', async () => {
    const destination = dataFilePath(await dirs.make(), zip);
    const seen: DownloadProgress[] = [];
    await downloadFile(zip, destination, { ...via('good'), onProgress: (p) => seen.push(p) });
    expect(seen.length).toBeGreaterThan(1);
    for (let i = 1; i < seen.length; i += 1) expect(seen[i].receivedBytes).toBeGreaterThan(seen[i - 1].receivedBytes);
    expect(seen.every((p) => p.path === zip.path && p.totalBytes === 1_107_380)).toBe(true);
    expect(seen[seen.length - 1].receivedBytes).toBe(1_107_380);
  });

  it('downloadFile(spec, destination) follows redirects, relative and chained', async () => {
    const dir = await dirs.make();
    await expect(downloadFile(csv, join(dir, 'a.csv'), via('redirect'))).resolves.toMatchObject({ sha256: csv.sha256 });
    await expect(downloadFile(csv, join(dir, 'b.csv'), via('redirect2'))).resolves.toMatchObject({ sha256: csv.sha256 });
    expect((await readdir(dir)).sort()).toEqual(['a.csv', 'b.csv']);
  });

  it('downloadFile(spec, destination) replaces an existing file only by a verified copy', async () => {
    const destination = join(await dirs.make(), 'Or1a.csv');
    await writeFile(destination, 'old contents');
    await expect(downloadFile(csv, destination, via('corrupt'))).rejects.toThrow(DataIntegrityError);
    expect(await readFile(destination, 'utf8')).toBe('old contents');
    await downloadFile(csv, destination, via('good'));
    expect((await readFile(destination)).length).toBe(csv.bytes);
  });

  const expectNothingLeft = async (dir: string): Promise<void> => {
    expect(await readdir(dir)).toEqual([]);
  };

  it('downloadFile(spec, destination) throws DataIntegrityError for a truncated download and leaves no file', async () => {
    const cache = await dirs.make();
    const destination = dataFilePath(cache, csv);
    const error = await downloadFile(csv, destination, via('truncated')).catch((e: unknown) => e);
    expect(DataIntegrityError.isInstance(error)).toBe(true);
    const integrity = error as DataIntegrityError;
    expect(integrity).toMatchObject({ file: destination, expectedBytes: 57_083, actualBytes: 28_541, expectedSha256: csv.sha256 });
    expect(integrity.actualSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(integrity.message).toMatch(
      /^Data file .*door2.Or1a\.csv has 28541 bytes; expected 57083 bytes \(truncated or a different file\)\. The server at http:\/\/127\.0\.0\.1:\d+\/truncated\/door2\/Or1a\.csv sent other bytes than the pinned door2\/Or1a\.csv; nothing was written/,
    );
    await expectNothingLeft(join(cache, 'door2'));
  });

  it('downloadFile(spec, destination) throws DataIntegrityError for a same-size corrupted download and leaves no file', async () => {
    const cache = await dirs.make();
    const destination = dataFilePath(cache, zip);
    const error = await downloadFile(zip, destination, via('corrupt')).catch((e: unknown) => e);
    expect(DataIntegrityError.isInstance(error)).toBe(true);
    const integrity = error as DataIntegrityError;
    expect(integrity).toMatchObject({ file: destination, expectedBytes: zip.bytes, actualBytes: zip.bytes, expectedSha256: zip.sha256 });
    expect(integrity.actualSha256).not.toBe(zip.sha256);
    expect(integrity.message).toMatch(new RegExp(`has sha256 ${integrity.actualSha256}; expected ${zip.sha256} \\(corrupted or a different version\\)`));
    await expectNothingLeft(join(cache, 'winding2023'));
  });

  it('downloadFile(spec, destination) stops an oversized download with DataIntegrityError and leaves no file', async () => {
    const dir = await dirs.make();
    const error = await downloadFile(csv, join(dir, 'Or1a.csv'), via('oversize')).catch((e: unknown) => e);
    expect(DataIntegrityError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ expectedBytes: 57_083, actualBytes: 58_083, actualSha256: undefined });
    await expectNothingLeft(dir);
  });

  it('downloadFile(spec, destination) throws DownloadError with status 404 and leaves no file', async () => {
    const dir = await dirs.make();
    const error = await downloadFile(csv, join(dir, 'Or1a.csv'), via('missing')).catch((e: unknown) => e);
    expect(DownloadError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 404, url: `${server.baseUrl}/missing/door2/Or1a.csv` });
    expect((error as Error).message).toMatch(/^Download of http:\/\/127\.0\.0\.1:\d+\/missing\/door2\/Or1a\.csv failed: HTTP 404 Not Found; expected 200\. .*olfactory data fetch.*save it as /);
    await expectNothingLeft(dir);
  });

  it('downloadFile(spec, destination) throws DownloadError when the connection drops mid-body and leaves no file', async () => {
    const dir = await dirs.make();
    const error = await downloadFile(csv, join(dir, 'Or1a.csv'), via('drop')).catch((e: unknown) => e);
    expect(DownloadError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: undefined });
    expect((error as Error).message).toMatch(/failed: connection closed after \d+ of 57083 bytes/);
    await expectNothingLeft(dir);
  });

  it('downloadFile(spec, destination, { timeoutMs }) throws DownloadError when the server goes silent', async () => {
    const dir = await dirs.make();
    const error = await downloadFile(csv, join(dir, 'Or1a.csv'), { ...via('stall'), timeoutMs: 150 }).catch((e: unknown) => e);
    expect(DownloadError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/connection closed after 10 of 57083 bytes \(no data received for 150 ms \(timeout\)\)/);
    await expectNothingLeft(dir);
  });

  it('downloadFile(spec, destination) throws DownloadError after too many redirects', async () => {
    const dir = await dirs.make();
    const error = await downloadFile(csv, join(dir, 'Or1a.csv'), { ...via('loop'), maxRedirects: 3 }).catch((e: unknown) => e);
    expect(DownloadError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 302 });
    expect((error as Error).message).toMatch(/failed: more than 3 redirects/);
    await expectNothingLeft(dir);
  });

  it('downloadFile(spec, destination) throws DownloadError when nothing listens (offline)', async () => {
    const dir = await dirs.make();
    const error = await downloadFile(csv, join(dir, 'Or1a.csv'), { baseUrl: await unusedLocalUrl() }).catch((e: unknown) => e);
    expect(DownloadError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: undefined });
    expect((error as Error).message).toMatch(/ECONNREFUSED/);
    await expectNothingLeft(dir);
  });

  it('downloadFile(spec, destination) rejects non-http URLs', async () => {
    const dir = await dirs.make();
    await expect(downloadFile(csv, join(dir, 'x.csv'), { urlFor: () => 'ftp://example.org/x.csv' })).rejects.toThrow(/unsupported protocol ftp:; expected http: or https:/);
    await expect(downloadFile(csv, join(dir, 'x.csv'), { urlFor: () => 'not a url' })).rejects.toThrow(DownloadError);
    await expectNothingLeft(dir);
  });

  it('downloadFile(spec, destination, { signal }) rejects with AbortError and leaves no file', async () => {
    const dir = await dirs.make();
    const controller = new AbortController();
    const promise = downloadFile(csv, join(dir, 'Or1a.csv'), { ...via('stall'), signal: controller.signal, onProgress: () => controller.abort() });
    await expect(promise).rejects.toMatchObject({ name: 'AbortError' });
    await expectNothingLeft(dir);
  });

  it('downloadFile(spec, destination, { onProgress }) propagates an error thrown by onProgress unchanged and leaves no file', async () => {
    const dir = await dirs.make();
    const boom = new Error('progress bar crashed');
    await expect(
      downloadFile(zip, join(dir, 'S1.zip'), {
        ...via('good'),
        onProgress: () => {
          throw boom;
        },
      }),
    ).rejects.toBe(boom);
    await expectNothingLeft(dir);
  });

  it('downloadFile(spec, destination, options) throws InvalidParameterError for a bad timeoutMs or maxRedirects', async () => {
    const dir = await dirs.make();
    await mkdir(join(dir, 'sub'));
    await expect(downloadFile(csv, join(dir, 'x'), { timeoutMs: 0 })).rejects.toThrow(InvalidParameterError);
    await expect(downloadFile(csv, join(dir, 'x'), { timeoutMs: Number.NaN })).rejects.toThrow(/invalid timeoutMs: NaN; expected a finite number > 0/);
    await expect(downloadFile(csv, join(dir, 'x'), { maxRedirects: -1 })).rejects.toThrow(/invalid maxRedirects: -1; expected an integer ≥ 0/);
  });
});
