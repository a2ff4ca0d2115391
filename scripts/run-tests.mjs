#!/usr/bin/env node
// Runs every jest project once, then prints the closing line CI reads: "N passed, N failed".
// Extra arguments are passed to jest (e.g. a path filter).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const jestBin = require.resolve('jest/bin/jest');
const dir = mkdtempSync(join(tmpdir(), 'olfactory-jest-'));
const out = join(dir, 'results.json');
const args = [jestBin, '--json', `--outputFile=${out}`, ...process.argv.slice(2)];
const res = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', env: process.env });
let passed = 0;
let failed = 0;
let skipped = 0;
try {
  const r = JSON.parse(readFileSync(out, 'utf8'));
  passed = r.numPassedTests;
  failed = r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0);
  skipped = r.numPendingTests + (r.numTodoTests ?? 0);
} catch {
  failed = Math.max(1, failed);
}
rmSync(dir, { recursive: true, force: true });
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(res.status === 0 && failed === 0 && passed > 0 ? 0 : 1);
