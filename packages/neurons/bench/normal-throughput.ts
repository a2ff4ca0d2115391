/**
 * Throughput of the counter-based normal generator filling a Float32Array, the way the noise
 * kernels use it (one block opened per sample per source per step, ≈ 2,800 normals per sample
 * per step in the full model). Run from the repository root:
 *
 *   node_modules/.bin/esbuild packages/neurons/bench/normal-throughput.ts --bundle \
 *     --platform=node --outfile=/tmp/normal-throughput.cjs && node /tmp/normal-throughput.cjs
 */
import { createRng, BlockRng } from '../src/index';

function bench(label: string, blockSize: number, totalNormals: number): void {
  const rng = createRng(42);
  const gen = new BlockRng();
  const out = new Float32Array(blockSize);
  const blocks = Math.ceil(totalNormals / blockSize);
  let checksum = 0;
  // warm-up
  for (let b = 0; b < 2000; b++) {
    rng.openInto(gen, b, 0, 1);
    gen.fillNormal(out, 0, blockSize);
  }
  let best = Infinity;
  for (let rep = 0; rep < 5; rep++) {
    const t0 = process.hrtime.bigint();
    for (let b = 0; b < blocks; b++) {
      rng.openInto(gen, b, rep, 1);
      gen.fillNormal(out, 0, blockSize);
      checksum += out[0]!;
    }
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    best = Math.min(best, s);
  }
  const rate = (blocks * blockSize) / best / 1e6;
  console.log(`${label}: ${rate.toFixed(1)} M normals/s (best of 5, ${blocks} blocks of ${blockSize}; checksum ${checksum.toFixed(3)})`);
}

bench('one long block', 1 << 20, 20_000_000);
bench('blocks of 144 (one KC population row)', 144, 20_000_000);
bench('blocks of 42 (one ORN population row)', 42, 10_000_000);
