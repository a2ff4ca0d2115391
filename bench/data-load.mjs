#!/usr/bin/env node
// Benchmark: loading the Winding 2023 connectome cold (unzip + parse five 2952×2952 CSVs) and
// warm (from the compact binary cache), measured side by side in one run. Prints JSON.
// Needs the built packages (pnpm build) and the data (OLFACTORY_DATA_DIR or ../shared/data).
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeConnectomeCache, encodeConnectomeCache, loadWindingConnectome, parseWindingZip } from '@olfactory/connectome-data';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = process.env.OLFACTORY_DATA_DIR ?? resolve(root, '../shared/data');
const zipPath = join(dataDir, 'winding2023', 'Supplementary-Data-S1.zip');
const zip = readFileSync(zipPath);
const sha = createHash('sha256').update(zip).digest('hex');
const repeats = Number(process.env.BENCH_REPEATS ?? 3);

const time = (f) => {
  const t = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - t) / 1e9;
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const cold = [];
const warm = [];
let encoded;
for (let i = 0; i < repeats; i++) {
  let parsed;
  cold.push(time(() => (parsed = parseWindingZip(zip, sha))));
  encoded = encodeConnectomeCache(parsed);
  warm.push(time(() => decodeConnectomeCache(encoded, sha)));
}
// End to end through the file cache, as `olfactory data info` does.
const dir = mkdtempSync(join(tmpdir(), 'olf-bench-'));
const t0 = process.hrtime.bigint();
await loadWindingConnectome(zipPath, sha, { cacheDir: dir });
const firstLoadSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
const t1 = process.hrtime.bigint();
const second = await loadWindingConnectome(zipPath, sha, { cacheDir: dir });
const secondLoadSeconds = Number(process.hrtime.bigint() - t1) / 1e9;
const cacheBytes = statSync(second.cache.path).size;
rmSync(dir, { recursive: true, force: true });

const coldParseSeconds = median(cold);
const warmDecodeSeconds = median(warm);
console.log(
  JSON.stringify(
    {
      benchmark: 'data-load',
      csvBytes: 163_157_481,
      coldParseSeconds: +coldParseSeconds.toFixed(4),
      warmDecodeSeconds: +warmDecodeSeconds.toFixed(4),
      ratio: +(coldParseSeconds / warmDecodeSeconds).toFixed(1),
      firstLoadSeconds: +firstLoadSeconds.toFixed(4),
      secondLoadSeconds: +secondLoadSeconds.toFixed(4),
      cacheBytes,
      cacheHit: second.cache.hit,
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    },
    null,
    2,
  ),
);
