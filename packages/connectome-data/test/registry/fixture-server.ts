import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

/**
 * A local HTTP server standing in for GitHub in the download tests. URLs are
 * `<baseUrl>/<mode>/<registry path>`, e.g. `/good/door2/Or1a.csv`, served from the real files
 * under `dataDir`. Modes:
 *
 * - `good`: the real file;                    - `truncated`: its first half;
 * - `corrupt`: same size, one byte flipped;   - `oversize`: the file plus 1000 extra bytes;
 * - `missing`: 404;                           - `redirect`: 302 to `/good/...` (relative Location);
 * - `redirect2`: 301 to `/redirect/...`;      - `loop`: 302 to itself, forever;
 * - `drop`: announces the full length, sends half, then closes the connection;
 * - `stall`: announces the full length, sends 10 bytes, then goes silent.
 */
export interface FixtureServer {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  readonly baseUrl: string;
  /** Paths requested so far, in order. */
  readonly requests: string[];
  /** Closes the server and every open connection. */
  close(): Promise<void>;
}

export async function startFixtureServer(dataDir: string): Promise<FixtureServer> {
  const cache = new Map<string, Buffer>();
  const load = (path: string): Buffer | undefined => {
    if (!cache.has(path)) {
      try {
        cache.set(path, readFileSync(join(dataDir, ...path.split('/'))));
      } catch {
        return undefined;
      }
    }
    return cache.get(path);
  };
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    requests.push(url);
    const match = /^\/([a-z0-9]+)\/(.+)$/.exec(url);
    const mode = match?.[1] ?? '';
    const path = match?.[2] ?? '';
    const body = load(path);
    if (!body || mode === 'missing') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    switch (mode) {
      case 'good':
        res.writeHead(200, { 'content-length': body.length }).end(body);
        return;
      case 'truncated': {
        const half = body.subarray(0, Math.floor(body.length / 2));
        res.writeHead(200, { 'content-length': half.length }).end(half);
        return;
      }
      case 'corrupt': {
        const copy = Buffer.from(body);
        const at = Math.floor(copy.length / 3);
        copy[at] = copy[at] ^ 0xff;
        res.writeHead(200, { 'content-length': copy.length }).end(copy);
        return;
      }
      case 'oversize': {
        const bigger = Buffer.concat([body, Buffer.alloc(1000, 0x41)]);
        res.writeHead(200, { 'content-length': bigger.length }).end(bigger);
        return;
      }
      case 'redirect':
        res.writeHead(302, { location: `/good/${path}` }).end();
        return;
      case 'redirect2':
        res.writeHead(301, { location: `/redirect/${path}` }).end();
        return;
      case 'loop':
        res.writeHead(302, { location: `/loop/${path}` }).end();
        return;
      case 'drop':
        res.writeHead(200, { 'content-length': body.length });
        res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.socket?.destroy());
        return;
      case 'stall':
        res.writeHead(200, { 'content-length': body.length });
        res.write(body.subarray(0, 10));
        return;
      default:
        res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** A URL on 127.0.0.1 where nothing listens (a port that was just released): "offline". */
export async function unusedLocalUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
