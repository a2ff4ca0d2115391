#!/usr/bin/env node
// Export this project's public-data circuit for the reference (PyTorch) implementation: every
// group matrix dense (float32, row-major, `<name>.bin`), the receptor→ORN table, the clean odor
// matrix and `meta.json` (shapes, receptor and condition names, LN split). Used by
// `reference_steps.py`. Usage (after `pnpm build`):
//
//   OLFACTORY_DATA_DIR=<data dir> node scripts/reference-parity/export-circuit.mjs <out dir> [one-to-one|by-name]
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(new URL('../../packages/olfactory-model/package.json', import.meta.url));
const cd = require('@olfactory/connectome-data');
const [out, orMapping = 'one-to-one'] = process.argv.slice(2);
if (!out) {
  process.stderr.write('usage: node scripts/reference-parity/export-circuit.mjs <out dir> [one-to-one|by-name]\n');
  process.exit(2);
}
mkdirSync(out, { recursive: true });
const write = (name, bytes) => {
  const tmp = join(out, `.${name}.tmp`);
  writeFileSync(tmp, bytes);
  renameSync(tmp, join(out, name));
};
const f32 = (a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
const data = await cd.loadOlfactoryData({ dataDir: process.env.OLFACTORY_DATA_DIR });
const circuit = cd.buildOlfactoryCircuit(data.connectome, { orMapping });
const meta = { format: 'olfactory-reference-export', version: 1, orMapping, matrices: {} };
for (const [name, m] of Object.entries(circuit.matrices)) {
  const dense = new Float32Array(m.nRows * m.nCols);
  for (let r = 0; r < m.nRows; r++) for (let k = m.rowPtr[r]; k < m.rowPtr[r + 1]; k++) dense[r * m.nCols + m.colIdx[k]] = m.values[k];
  write(`${name}.bin`, f32(dense));
  meta.matrices[name] = [m.nRows, m.nCols];
}
write('or_to_orn.bin', f32(circuit.orToOrn));
const od = data.odors;
write('odors.bin', f32(Float32Array.from(od.normalized)));
meta.odors = { shape: [od.conditions.length, od.receptors.length], conditions: od.conditions, receptors: od.receptors };
meta.orToOrnShape = [od.receptors.length, circuit.orToOrn.length / od.receptors.length];
meta.isExcitatoryLn = Array.from(circuit.lnSplit.isExcitatory, (x) => (x ? 1 : 0));
write('meta.json', JSON.stringify(meta));
process.stdout.write(`exported ${Object.keys(meta.matrices).length} matrices (${orMapping}) to ${out}\n`);
