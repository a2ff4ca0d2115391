#!/usr/bin/env node
// `pnpm bench`: runs every benchmark in this folder (or the ones named on the command line) and
// prints one JSON array of their results. Each benchmark measures its comparisons side by side.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const benches = readdirSync(here)
  .filter((f) => f.endsWith('.mjs') && f !== 'run-all.mjs')
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)));
const results = [];
for (const b of benches) {
  const r = spawnSync(process.execPath, [join(here, b)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) {
    console.error(`benchmark ${b} failed (exit ${r.status})`);
    process.exit(1);
  }
  results.push({ benchmark: b.replace(/\.mjs$/, ''), ...JSON.parse(r.stdout) });
}
console.log(JSON.stringify(results, null, 2));
