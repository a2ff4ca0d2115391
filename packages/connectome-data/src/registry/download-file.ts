/**
 * Verified, atomic download of one pinned data file.
 *
 *   GET url (http or https; redirects followed, GitHub raw URLs redirect)
 *     → stream into a temp file beside the target, hashing (sha256) and counting as it goes
 *     → size and sha256 equal the pinned ones?  fsync, rename over the target (atomic)
 *                                               : remove the temp file, throw
 *
 * On any failure (HTTP status, network error, timeout, dropped connection, wrong bytes, abort)
 * the temp file is removed and the target is left exactly as it was: a half-written or
 * unverified file never appears at the target path.
 *
 * The library never prints: progress is reported through `onProgress`, and the CLI draws the bar.
 */
import { createHash } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import * as http from 'node:http';
import * as https from 'node:https';
import { dirname } from 'node:path';
import { InvalidParameterError } from '@olfactory/neurons';
import { DataIntegrityError } from '../errors/data-integrity-error';
import { DownloadError } from '../errors/download-error';
import { syncDirectory } from '../io/sync-directory';
import { tempPathFor } from '../io/temp-path';
import type { DataFileSpec } from './data-file-spec';
import { assertDigestMatches } from './verify-data-file';
import type { VerifiedDataFile } from './verify-data-file';

/** Progress of one download, reported after every received chunk. */
export interface DownloadProgress {
  /** Registry path of the file being downloaded, e.g. `'door2/Or42a.csv'`. */
  readonly path: string;
  /** Bytes received so far (strictly increasing from one report to the next). */
  readonly receivedBytes: number;
  /** Expected total, bytes: the pinned size of the file. */
  readonly totalBytes: number;
}

/** Options of {@link downloadFile}. */
export interface DownloadFileOptions {
  /**
   * Maps a spec to the URL to fetch (a mirror, or a local test server). Wins over `baseUrl`.
   * Default: `spec.url`.
   */
  readonly urlFor?: (spec: DataFileSpec) => string;
  /**
   * Mirror root: the file is fetched from `<baseUrl>/<spec.path>` (e.g.
   * `https://mirror.example/olfactory/door2/Or42a.csv`). Ignored when `urlFor` is given.
   */
  readonly baseUrl?: string;
  /** Called after every received chunk. Must not throw (a throw aborts the download). */
  readonly onProgress?: (progress: DownloadProgress) => void;
  /** Inactivity timeout, ms: the download fails when no data arrives for this long. Default 30000. */
  readonly timeoutMs?: number;
  /** Maximum number of HTTP redirects to follow. Default 5. */
  readonly maxRedirects?: number;
  /** Cancels the download; the promise then rejects with the signal's `AbortError`. */
  readonly signal?: AbortSignal;
}

const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

/**
 * The URL {@link downloadFile} fetches for `spec`: `urlFor(spec)`, else `<baseUrl>/<spec.path>`,
 * else the pinned `spec.url`.
 *
 * @example
 *   downloadUrlFor(spec, { baseUrl: 'http://127.0.0.1:8080/' });  // 'http://127.0.0.1:8080/door2/Or42a.csv'
 */
export function downloadUrlFor(spec: DataFileSpec, options: Pick<DownloadFileOptions, 'urlFor' | 'baseUrl'> = {}): string {
  if (options.urlFor) return options.urlFor(spec);
  if (options.baseUrl !== undefined) return `${options.baseUrl.replace(/\/+$/, '')}/${spec.path}`;
  return spec.url;
}

/**
 * Downloads the pinned file `spec` to `destination` (an absolute file path; parent directories
 * are created), verifying its size and sha256 before it is atomically moved into place. An
 * existing file at `destination` is replaced only by a verified copy.
 *
 * Throws {@link DownloadError} (`url`, `status` for a non-200 answer; `status` undefined for
 * network errors, timeouts and dropped connections), {@link DataIntegrityError} when the server
 * sent other bytes than the pinned ones (`file` is `destination`), or the signal's `AbortError`.
 *
 * @example
 *   const spec = getDataFileSpec('door2/Or42a.csv');
 *   await downloadFile(spec, dataFilePath(dataDir, spec), {
 *     onProgress: ({ receivedBytes, totalBytes }) => bar.update(receivedBytes / totalBytes),
 *   });
 */
export async function downloadFile(spec: DataFileSpec, destination: string, options: DownloadFileOptions = {}): Promise<VerifiedDataFile> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxRedirects = options.maxRedirects ?? 5;
  if (!(Number.isFinite(timeoutMs) && timeoutMs > 0)) {
    throw new InvalidParameterError({ parameter: 'timeoutMs', value: timeoutMs, expected: 'a finite number > 0 (inactivity timeout in ms)' });
  }
  if (!(Number.isInteger(maxRedirects) && maxRedirects >= 0)) {
    throw new InvalidParameterError({ parameter: 'maxRedirects', value: maxRedirects, expected: 'an integer ≥ 0' });
  }
  const url = downloadUrlFor(spec, options);
  const networkFix = `Check the network connection and retry \`olfactory data fetch\`, or download ${spec.url} yourself ` + `and save it as ${destination}.`;
  const integrityFix =
    `The server at ${url} sent other bytes than the pinned ${spec.path}; nothing was written to ${destination}. ` +
    `Retry \`olfactory data fetch\`; if it fails again, the file at that URL has changed or a proxy altered it: ` +
    `use a mirror, or copy a correct file to ${destination}.`;

  await mkdir(dirname(destination), { recursive: true });
  const temp = tempPathFor(destination);
  let handle: FileHandle | undefined;
  let response: http.IncomingMessage | undefined;
  let committed = false;
  try {
    options.signal?.throwIfAborted();
    const opened = await openResponse(url, { timeoutMs, maxRedirects, signal: options.signal, fix: networkFix });
    response = opened.response;
    let requestError: Error | undefined;
    opened.request.on('error', (error) => {
      requestError = error;
    });
    handle = await open(temp, 'wx');
    const hash = createHash('sha256');
    let received = 0;
    const chunks = response[Symbol.asyncIterator]();
    for (;;) {
      // Only errors of the response stream are network errors; disk errors and a throwing
      // onProgress propagate unchanged.
      let next: IteratorResult<Buffer>;
      try {
        next = await chunks.next();
      } catch (error) {
        if (options.signal?.aborted) throw abortReason(options.signal, error);
        throw bodyError(url, received, spec.bytes, requestError ?? error, networkFix);
      }
      if (next.done) break;
      const buffer = next.value;
      received += buffer.length;
      if (received > spec.bytes) {
        // Stop early instead of downloading an arbitrarily large wrong file.
        const announced = Number(response.headers['content-length']);
        const actualBytes = Number.isFinite(announced) && announced > received ? announced : received;
        throw new DataIntegrityError({ file: destination, expectedSha256: spec.sha256, expectedBytes: spec.bytes, actualBytes, fix: integrityFix });
      }
      hash.update(buffer);
      await handle.write(buffer);
      options.onProgress?.({ path: spec.path, receivedBytes: received, totalBytes: spec.bytes });
    }
    if (!response.complete) throw bodyError(url, received, spec.bytes, requestError, networkFix);
    assertDigestMatches(destination, spec, { sha256: hash.digest('hex'), bytes: received }, integrityFix);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(temp, destination);
    committed = true;
  } finally {
    response?.destroy(); // releases the socket if the body was not read to the end
    if (!committed) {
      await handle?.close().catch(() => undefined);
      await rm(temp, { force: true }).catch(() => undefined);
    }
  }
  await syncDirectory(dirname(destination));
  return { path: spec.path, file: destination, sha256: spec.sha256, bytes: spec.bytes };
}

interface OpenOptions {
  readonly timeoutMs: number;
  readonly maxRedirects: number;
  readonly signal: AbortSignal | undefined;
  readonly fix: string;
}

/** GETs `url`, following redirects, and resolves with the first 200 response (body unread). */
async function openResponse(url: string, options: OpenOptions): Promise<{ request: http.ClientRequest; response: http.IncomingMessage }> {
  let current: URL;
  try {
    current = new URL(url);
  } catch (error) {
    throw new DownloadError({ url, reason: 'not a valid URL', fix: 'Pass an absolute http:// or https:// URL.', cause: error });
  }
  for (let redirects = 0; ; redirects += 1) {
    if (current.protocol !== 'http:' && current.protocol !== 'https:') {
      throw new DownloadError({ url: current.href, reason: `unsupported protocol ${current.protocol}; expected http: or https:`, fix: options.fix });
    }
    const { request, response } = await get(current, options);
    const status = response.statusCode ?? 0;
    if (status === 200) return { request, response };
    response.resume(); // discard the body so the socket is released
    const location = response.headers.location;
    if (REDIRECT_STATUSES.has(status) && location) {
      if (redirects >= options.maxRedirects) {
        throw new DownloadError({ url, status, reason: `more than ${options.maxRedirects} redirects (last to ${location})`, fix: options.fix });
      }
      current = new URL(location, current);
      continue;
    }
    throw new DownloadError({
      url: current.href,
      status,
      reason: `HTTP ${status}${response.statusMessage ? ` ${response.statusMessage}` : ''}; expected 200`,
      fix: status === 404 ? `The pinned URL may have moved; please report it. ${options.fix}` : options.fix,
    });
  }
}

/** One GET without redirect handling; rejects with DownloadError on connection errors and timeouts. */
function get(url: URL, options: OpenOptions): Promise<{ request: http.ClientRequest; response: http.IncomingMessage }> {
  return new Promise((resolve, reject) => {
    const requestOptions: http.RequestOptions = {
      // A fresh agent per request: no keep-alive sockets outlive the download.
      agent: false,
      headers: { 'user-agent': '@olfactory/connectome-data', 'accept-encoding': 'identity' },
      signal: options.signal,
    };
    const request = (url.protocol === 'https:' ? https : http).get(url, requestOptions, (response) => resolve({ request, response }));
    request.setTimeout(options.timeoutMs, () => {
      request.destroy(new Error(`no data received for ${options.timeoutMs} ms (timeout)`));
    });
    request.on('error', (error) => {
      if (options.signal?.aborted) reject(abortReason(options.signal, error));
      else reject(new DownloadError({ url: url.href, reason: (error as Error).message || String(error), fix: options.fix, cause: error }));
    });
  });
}

function bodyError(url: string, received: number, total: number, cause: unknown, fix: string): DownloadError {
  const detail = cause instanceof Error && cause.message ? ` (${cause.message})` : '';
  return new DownloadError({ url, reason: `connection closed after ${received} of ${total} bytes${detail}`, fix, cause });
}

/** The error an aborted download rejects with: the signal's reason (an `AbortError` by default). */
function abortReason(signal: AbortSignal, fallback: unknown): unknown {
  return signal.reason ?? fallback;
}
