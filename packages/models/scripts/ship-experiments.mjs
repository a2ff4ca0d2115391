#!/usr/bin/env node
// Regenerate the experiment tables that @olfactory/models ships (packages/models/experiments/)
// and the canonical recompute beside them (packages/models/results/canonical/):
// every evaluation of `olfactory experiment all` that needs only the canonical models
// (R5 mixtures, R2 consistency, the canonical rows and post-hoc switches of R1, R3, STD, R4 and
// the 28-odor point of R6), run on the repository's canonical checkpoints (models/canonical),
// which stand for the `canonical` condition. Conditions that need retraining are left out of the
// tables; `olfactory reproduce --all` names them with the command that generates them.
//
//   OLFACTORY_DATA_DIR=../shared/data node packages/models/scripts/ship-experiments.mjs
//
// Needs the CLI built (`pnpm --filter @olfactory/cli... build`). Writes every table atomically,
// then pins each in manifest.json (bytes, sha256). About 4 minutes on one core.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..');
const root = join(pkg, '..', '..');
const manifestFile = join(pkg, 'manifest.json');
const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
const names = ['r1-loss-forms', 'r3-ablations', 'std', 'r4-ln-split', 'r5-mixtures', 'r2-consistency', 'r6-task-complexity'];
const seeds = manifest.canonical.checkpoints.map((c) => c.seed);
const work = mkdtempSync(join(tmpdir(), 'olf-ship-experiments-'));
const writeAtomic = (file, text) => {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, text);
  renameSync(`${file}.tmp`, file);
};
try {
  for (const c of manifest.canonical.checkpoints) cpSync(join(root, manifest.canonical.source, dirname(c.path)), join(work, 'runs', 'canonical', dirname(c.path)), { recursive: true });
  const t0 = Date.now();
  const argv = [join(root, 'apps/cli/dist/cli.js'), '-q', 'experiment', 'all', '--collect-only', '--seeds', seeds.join(','), '--out', work];
  const r = spawnSync(process.execPath, argv, { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) {
    throw new Error(`olfactory experiment all --collect-only failed (exit ${r.status}); nothing was changed.`);
  }
  const seconds = (Date.now() - t0) / 1000;
  // the canonical recompute with the concentration sweep (the STD experiment's evaluation of the canonical models)
  const recomputeDir = join(work, 'eval', 'canonical');
  const recompute = JSON.parse(readFileSync(join(recomputeDir, 'recompute.json'), 'utf8'));
  if (recompute.protocol?.withConcentration !== true || recompute.protocol?.ablation !== 'none' || recompute.checkpoints.length !== seeds.length) {
    throw new Error('eval/canonical/recompute.json is not the canonical recompute with the concentration sweep; nothing was changed.');
  }
  const tables = [];
  for (const name of names) {
    const table = JSON.parse(readFileSync(join(work, `${name}.json`), 'utf8'));
    table.notes = [
      ...table.notes.filter((n) => !n.startsWith('No finished checkpoint yet')),
      `Shipped with @olfactory/models: evaluated on its canonical checkpoints (seeds ${seeds.join(', ')}, 300 epochs), which stand for the canonical condition (wallSeconds.training is 0: nothing was trained for this table).`,
    ];
    const text = `${JSON.stringify(table, null, 1)}\n`;
    const path = `${name}.json`;
    writeAtomic(join(pkg, 'experiments', path), text);
    tables.push({ experiment: name, path, bytes: Buffer.byteLength(text), sha256: createHash('sha256').update(text).digest('hex') });
  }
  const files = [];
  for (const path of ['recompute.json', 'run-metadata.json']) {
    const text = readFileSync(join(recomputeDir, path), 'utf8');
    writeAtomic(join(pkg, 'results', 'canonical', path), text);
    files.push({ path, bytes: Buffer.byteLength(text), sha256: createHash('sha256').update(text).digest('hex') });
  }
  manifest.canonicalResults = {
    description: 'The recompute (spec §4.1, with the concentration sweep) of the canonical checkpoints, from the same run as the experiment tables.',
    command: `olfactory recompute --checkpoints models/canonical --concentration --device cpu (the std experiment's evaluation of the canonical condition)`,
    files,
  };
  manifest.experiments = {
    description: 'Experiment tables (olfactory experiment all) of every evaluation that needs only the canonical models, computed on them by scripts/ship-experiments.mjs; conditions that need retraining are not in them.',
    command: `olfactory experiment all --collect-only --seeds ${seeds.join(',')} (runs/canonical = models/canonical)`,
    seconds: Math.round(seconds),
    tables,
  };
  const out = JSON.stringify(manifest, null, 1).replace(/\{\n\s+("seed"|"experiment"|"path")([^{}]*?)\n\s+\}/g, (_m, k, rest) => `{ ${k}${rest.replace(/\n\s+/g, ' ')} }`);
  writeAtomic(manifestFile, `${out}\n`);
  console.log(`ship-experiments: ${tables.length} tables written to ${join(pkg, 'experiments')} in ${seconds.toFixed(0)} s; manifest.json updated.`);
} catch (e) {
  console.error(`ship-experiments: ${e.message}`);
  process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
