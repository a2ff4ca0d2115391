#!/usr/bin/env node
// Convert checkpoint files in place to the packed format (version 2 of `olfactory-checkpoint`:
// arrays as little-endian float32/float64 base64 blobs with a sha256), losslessly: each file is
// decoded again and compared with the original before it replaces it (atomically, temp file +
// rename). Already packed files are left as they are. Prints the size before and after.
//
//   node packages/models/scripts/pack-checkpoints.mjs models/canonical/seed-*/checkpoint.json
//
// Needs @olfactory/model built (`pnpm --filter @olfactory/model build`). After converting the
// canonical models, update manifest.json (bytes, sha256) and add a changeset.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { decodePackedCheckpoint, encodePackedCheckpoint, isPackedCheckpoint } from '../../olfactory-model/dist/index.js';

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: pack-checkpoints.mjs <checkpoint.json>...');
  process.exit(2);
}
let before = 0;
let after = 0;
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  const raw = JSON.parse(text);
  if (isPackedCheckpoint(raw)) {
    console.log(`${file}: already packed (${text.length} bytes)`);
    continue;
  }
  const packed = `${JSON.stringify(encodePackedCheckpoint(raw), null, 1)}\n`;
  if (!isDeepStrictEqual(decodePackedCheckpoint(JSON.parse(packed), file), raw)) {
    console.error(`${file}: the packed copy does not decode to the original; left unchanged.`);
    process.exit(1);
  }
  writeFileSync(`${file}.tmp`, packed);
  renameSync(`${file}.tmp`, file);
  before += Buffer.byteLength(text);
  after += Buffer.byteLength(packed);
  console.log(`${file}: ${Buffer.byteLength(text)} → ${Buffer.byteLength(packed)} bytes`);
}
if (before > 0) console.log(`total: ${before} → ${after} bytes (${((100 * after) / before).toFixed(1)} %)`);
