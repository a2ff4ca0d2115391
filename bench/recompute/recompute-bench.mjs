#!/usr/bin/env node
// `pnpm bench:recompute`: wall time of `olfactory recompute` (the built CLI) for the full
// deterministic protocol (§4.1, with and without the 50-trial concentration sweep) on five
// checkpoints, through onnxruntime-node (CPU) and through the TypeScript engine. Prints JSON:
// { onnxSecondsFull, onnxSecondsWithoutConcentration, typescriptSecondsFull, ratio, ... }.
// Uses models/canonical/seed-42..46/checkpoint.json when all five exist, else five checkpoints
// generated from the initial parameters with different seeded decoders (labelled as such).
// Needs the built packages (the script builds them) and the data (OLFACTORY_DATA_DIR or
// ../shared/data). BENCH_SKIP_TYPESCRIPT=1 skips the (slow) TypeScript run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const cli = join(root, 'apps/cli/dist/cli.js');
const dataDir = process.env.OLFACTORY_DATA_DIR ?? resolve(root, '../shared/data');
const seeds = [42, 43, 44, 45, 46];
const canonical = join(root, 'models/canonical');
const work = mkdtempSync(join(tmpdir(), 'olf-bench-recompute-'));
const env = { ...process.env, OLFACTORY_DATA_DIR: dataDir, OLFACTORY_CACHE_DIR: process.env.OLFACTORY_CACHE_DIR ?? join(work, 'cache') };

async function generatedCheckpoints(dir) {
  const model = await import(pathToFileURL(join(root, 'packages/olfactory-model/dist/index.js')).href);
  const data = await import(pathToFileURL(join(root, 'packages/connectome-data/dist/index.js')).href);
  const neurons = await import(pathToFileURL(join(root, 'packages/neurons/dist/index.js')).href);
  const loaded = await data.loadOlfactoryData({ dataDir, cacheDir: env.OLFACTORY_CACHE_DIR });
  const sc = model.buildSpikingCircuit(data.buildOlfactoryCircuit(loaded.connectome));
  const params = model.initialStudentParameters(sc, { orGains: new Array(21).fill(1), aplGainRaw: 0.9 });
  for (const seed of seeds) {
    const w = new Float32Array(28 * 144);
    neurons.createRng(seed).block(0, 0, 3).fillNormal(w, 0, w.length, 0, 0.3);
    const checkpoint = {
      format: model.CHECKPOINT_FORMAT,
      version: model.CHECKPOINT_VERSION,
      producer: { name: 'bench/recompute', version: '0' },
      config: {
        seed,
        orMapping: 'one-to-one',
        lnQuantile: 0.33,
        epochs: 0,
        batchSize: 16,
        trainRepeats: 10,
        testRepeats: 5,
        switches: { gapJunctions: true, apl: true, shortTermDepression: true, sparsityLoss: true },
        surrogate: 'soft',
      },
      data: { connectomeSha256: '0'.repeat(64), door: {} },
      sizes: { receptors: 21, orn: 42, ln: 108, pn: 72, kc: 144, classes: 28 },
      parameters: model.parametersToRecord(params),
      decoder: { weight: Array.from({ length: 28 }, (_, c) => Array.from(w.subarray(c * 144, (c + 1) * 144))), bias: new Array(28).fill(0) },
      teacher: { testAccuracy: 0, aplGainRaw: 0.9, orGains: new Array(21).fill(1) },
      completedEpochs: 0,
      history: [],
    };
    mkdirSync(join(dir, `seed-${seed}`), { recursive: true });
    writeFileSync(join(dir, `seed-${seed}`, 'checkpoint.json'), JSON.stringify(checkpoint));
  }
}

function recompute(label, args) {
  const out = join(work, label);
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [cli, '-q', 'recompute', '--checkpoints', checkpointsDir, '--out', out, ...args], { env, encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) {
    console.error(`olfactory recompute ${args.join(' ')} failed (exit ${r.status}):\n${r.stderr}`);
    process.exit(1);
  }
  const meta = JSON.parse(readFileSync(join(out, 'run-metadata.json'), 'utf8'));
  return {
    seconds: Math.round(seconds * 100) / 100,
    timings: Object.fromEntries(Object.entries(meta.timingsSeconds).map(([k, v]) => [k, Math.round(v * 100) / 100])),
    results: JSON.parse(readFileSync(join(out, 'recompute.json'), 'utf8')),
  };
}

if (!existsSync(cli)) {
  console.error(`Build first: ${cli} is missing (pnpm bench:recompute builds it).`);
  process.exit(1);
}
const haveCanonical = seeds.every((s) => existsSync(join(canonical, `seed-${s}`, 'checkpoint.json')));
const checkpointsDir = haveCanonical ? canonical : join(work, 'generated');
if (!haveCanonical) await generatedCheckpoints(checkpointsDir);

const onnxFull = recompute('onnx-full', ['--concentration', '--device', 'cpu']);
const onnxShort = recompute('onnx', ['--device', 'cpu']);
const tsFull = process.env.BENCH_SKIP_TYPESCRIPT ? null : recompute('typescript-full', ['--concentration', '--engine', 'typescript']);
const identical = tsFull ? JSON.stringify(tsFull.results.checkpoints.map((c) => c.metrics)) === JSON.stringify(onnxFull.results.checkpoints.map((c) => c.metrics)) : null;
rmSync(work, { recursive: true, force: true });

console.log(
  JSON.stringify(
    {
      benchmark: 'recompute',
      checkpoints: haveCanonical
        ? 'canonical: models/canonical/seed-42..46/checkpoint.json'
        : 'GENERATED (models/canonical/seed-42..46 not all present): initial parameters (spec §3.3) with five seeded random decoders',
      protocol: 'spec §4.1 per checkpoint: 1,400 test + 1,400 centroid + 1,400 decorrelation + 100 Mancini simulations; full = + concentration sweep 8 × 27 × 50 = 10,800',
      onnxSecondsFull: onnxFull.seconds,
      onnxSecondsWithoutConcentration: onnxShort.seconds,
      typescriptSecondsFull: tsFull?.seconds ?? null,
      ratio: tsFull ? Math.round((tsFull.seconds / onnxFull.seconds) * 100) / 100 : null,
      targets: { onnxSecondsFull: 60, onnxSecondsWithoutConcentration: 15 },
      metricsIdenticalTypescriptVsOnnx: identical,
      breakdownSeconds: { onnxFull: onnxFull.timings, onnxWithoutConcentration: onnxShort.timings, typescriptFull: tsFull?.timings ?? null },
      machine: { cores: availableParallelism(), cpu: cpus()[0]?.model ?? 'unknown', node: process.version, loadAverage: loadavg().map((x) => Math.round(x * 100) / 100) },
    },
    null,
    2,
  ),
);
