#!/usr/bin/env node
// Build step of @olfactory/models: copy the repository's canonical checkpoints
// (<repo>/models/canonical/seed-*/checkpoint.json, the one committed copy) into this package's
// canonical/ folder, which the tarball ships. Each file must match its pinned size and sha256 in
// manifest.json; a mismatch fails the build instead of shipping a model the manifest does not
// describe. Files are written atomically (temp file + rename).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..');
const manifest = JSON.parse(readFileSync(join(pkg, 'manifest.json'), 'utf8'));
const source = join(pkg, '..', '..', manifest.canonical.source);
const target = join(pkg, 'canonical');
if (!existsSync(source)) {
  console.error(`@olfactory/models build: ${source} not found; the canonical checkpoints are committed there in the repository.`);
  process.exit(1);
}
rmSync(target, { recursive: true, force: true });
for (const c of manifest.canonical.checkpoints) {
  const from = join(source, c.path);
  let bytes;
  try {
    bytes = readFileSync(from);
  } catch (e) {
    console.error(`@olfactory/models build: cannot read ${from} (${e.code ?? e}); restore it from git.`);
    process.exit(1);
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (bytes.length !== c.bytes || sha256 !== c.sha256) {
    console.error(
      `@olfactory/models build: ${from} has ${bytes.length} bytes, sha256 ${sha256}; manifest.json pins ${c.bytes} bytes, sha256 ${c.sha256}. ` +
        'If the canonical models were retrained on purpose, update manifest.json (and add a changeset); otherwise restore the file from git.',
    );
    process.exit(1);
  }
  const to = join(target, c.path);
  mkdirSync(dirname(to), { recursive: true });
  writeFileSync(`${to}.tmp`, bytes);
  renameSync(`${to}.tmp`, to);
}
console.log(`@olfactory/models: ${manifest.canonical.checkpoints.length} canonical checkpoints verified and copied into canonical/`);
