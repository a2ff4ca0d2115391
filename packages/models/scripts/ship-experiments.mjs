#!/usr/bin/env node
// Ship the results of a finished `olfactory experiment all` with @olfactory/models:
//   - every retrained condition's checkpoints, packed (runs/<condition>/seed-<S>/checkpoint.json);
//     the `canonical` condition is not stored twice: each of its runs must be bit-identical
//     (parameters, decoder, teacher, history — the test-set metrics on the epochs the run tested)
//     to the committed canonical model of its seed
//     (models/canonical), else nothing is changed;
//   - the experiment tables (experiments/<name>.json), as the run wrote them (with its wall times);
//   - the canonical recompute with the concentration sweep (results/canonical/).
// Every file is written atomically and pinned (bytes, sha256) in manifest.json.
//
//   olfactory experiment all --workers 2 --out DIR        (80 min measured on 2 cores)
//   node packages/models/scripts/ship-experiments.mjs --from DIR
//
// A run that is not finished (a condition without all its seeds, a table that names missing
// checkpoints) is refused, naming what is missing. Needs @olfactory/model built.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { decodePackedCheckpoint, encodePackedCheckpoint, isPackedCheckpoint } from '../../olfactory-model/dist/index.js';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..');
const root = join(pkg, '..', '..');
const manifestFile = join(pkg, 'manifest.json');
const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
const names = ['r1-loss-forms', 'r3-ablations', 'std', 'r4-ln-split', 'r5-mixtures', 'r2-consistency', 'r6-task-complexity'];
const canonicalCondition = manifest.experimentRuns.canonicalCondition;

const args = process.argv.slice(2);
const fromAt = args.indexOf('--from');
if (fromAt < 0 || args[fromAt + 1] === undefined || args.length !== 2) {
  console.error('usage: ship-experiments.mjs --from <the --out folder of a finished `olfactory experiment all`>');
  process.exit(2);
}
const from = resolve(args[fromAt + 1]);
const sha = (text) => createHash('sha256').update(text).digest('hex');
const writeAtomic = (file, text) => {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, text);
  renameSync(`${file}.tmp`, file);
};
const readJson = (file) => {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file}: ${e.code === 'ENOENT' ? 'not found' : `not valid JSON (${e.message})`}`);
  }
};
/** A checkpoint as plain JSON (decoding a packed one). */
const plain = (file) => {
  const raw = readJson(file);
  return isPackedCheckpoint(raw) ? decodePackedCheckpoint(raw, file) : raw;
};
/**
 * A history as a run made with `--test-every n` (as `olfactory experiment` trains) records it:
 * without the per-epoch wall times, and with the test accuracy and KC sparsity only on the epochs
 * where `runHistory` has them.
 */
const onTestedEpochs = (history, runHistory) =>
  history.map(({ seconds: _s, ...e }, i) => {
    if (runHistory[i]?.testAccuracy !== undefined) return e;
    const { testAccuracy: _t, kcSparsity: _k, ...untested } = e;
    return untested;
  });
/**
 * What must agree for a run to be the committed model: everything but the producer and the
 * per-epoch wall times. The config is compared on the committed file's keys (an older producer
 * wrote fewer: `teacherEpochs` came later, and the run must then have the paper's 300).
 */
const model = (c, keys = Object.keys(c.config)) => ({
  config: Object.fromEntries(keys.map((k) => [k, c.config[k]])),
  data: c.data,
  sizes: c.sizes,
  parameters: c.parameters,
  decoder: c.decoder,
  teacher: c.teacher,
  completedEpochs: c.completedEpochs,
  history: c.history.map(({ seconds: _s, ...e }) => e),
});
/** The committed model as the run records it (see {@link onTestedEpochs}). */
const asTestedBy = (committed, run) => ({ ...model(committed), history: onTestedEpochs(committed.history, run.history) });
/** Refuse text that names a folder of this machine (the run folder). */
const local = (text, what) => {
  if (text.includes(from)) throw new Error(`${what} names the run folder ${from}; it cannot be shipped as it is.`);
  return text;
};

try {
  const runsDir = join(from, 'runs');
  if (!existsSync(runsDir)) throw new Error(`${runsDir} not found; pass the --out folder of 'olfactory experiment all'.`);
  const seeds = manifest.canonical.checkpoints.map((c) => c.seed);
  const conditions = readdirSync(runsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  if (!conditions.includes(canonicalCondition)) throw new Error(`${runsDir} has no ${canonicalCondition}/ runs.`);
  // every job of the sweep (and every seed of every condition) has its checkpoint
  const sweep = readJson(join(from, 'sweep.json'));
  const expected = new Set([...sweep.jobs.map((j) => j.output), ...conditions.flatMap((c) => seeds.map((s) => `runs/${c}/seed-${s}/checkpoint.json`))]);
  const missing = [...expected].filter((o) => !existsSync(join(from, o))).map((o) => o.replace(/^runs\/|\/checkpoint\.json$/g, ''));
  if (missing.length > 0) throw new Error(`the run is not finished: no checkpoint for ${missing.join(', ')}; run the same 'olfactory experiment all' again to finish it.`);
  // the canonical condition: bit-identical to the committed canonical models
  for (const c of manifest.canonical.checkpoints) {
    const run = join(runsDir, canonicalCondition, `seed-${c.seed}`, 'checkpoint.json');
    const committed = join(root, manifest.canonical.source, c.path);
    const [r, m] = [plain(run), plain(committed)];
    if ((r.config.teacherEpochs ?? 300) !== (m.config.teacherEpochs ?? 300) || !isDeepStrictEqual(model(r, Object.keys(m.config)), asTestedBy(m, r))) {
      throw new Error(`${run} differs from ${committed} (the committed canonical model of seed ${c.seed}); training is no longer reproducible bit for bit, so nothing was shipped.`);
    }
  }
  // the retrained conditions, packed, into a staging folder swapped in at the end
  const staging = join(pkg, '.runs-staging');
  rmSync(staging, { recursive: true, force: true });
  const checkpoints = [];
  let plainBytes = 0;
  for (const condition of conditions.filter((c) => c !== canonicalCondition)) {
    for (const seed of seeds) {
      const file = join(runsDir, condition, `seed-${seed}`, 'checkpoint.json');
      const raw = plain(file);
      if (raw.config?.seed !== seed) throw new Error(`${file}: config.seed is ${raw.config?.seed}, expected ${seed}.`);
      const text = local(`${JSON.stringify(encodePackedCheckpoint(raw), null, 1)}\n`, file);
      if (!isDeepStrictEqual(decodePackedCheckpoint(JSON.parse(text), file), raw)) throw new Error(`${file}: the packed copy does not decode to the original; nothing was shipped.`);
      plainBytes += readFileSync(file).length;
      const path = `${condition}/seed-${seed}/checkpoint.json`;
      writeAtomic(join(staging, path), text);
      checkpoints.push({ condition, seed, path, bytes: Buffer.byteLength(text), sha256: sha(text) });
    }
  }
  // the trainings' wall time, from the sweep's records (first start to last end)
  const done = readdirSync(join(from, 'done')).map((f) => readJson(join(from, 'done', f)));
  const trainingWallSeconds = (Math.max(...done.map((d) => Date.parse(d.finishedAt))) - Math.min(...done.map((d) => Date.parse(d.startedAt)))) / 1000;
  // and the time some training ran (the union of the jobs' intervals: a run stopped and resumed
  // later does not count the pause)
  let trainingBusySeconds = 0;
  let busyUntil = -Infinity;
  for (const [start, end] of done.map((d) => [Date.parse(d.startedAt), Date.parse(d.finishedAt)]).sort((a, b) => a[0] - b[0])) {
    trainingBusySeconds += Math.max(0, end - Math.max(start, busyUntil)) / 1000;
    busyUntil = Math.max(busyUntil, end);
  }
  // the tables, complete; written only when everything was checked
  const pending = [];
  const tables = [];
  let evaluationSeconds = 0;
  for (const name of names) {
    const file = join(from, `${name}.json`);
    const table = readJson(file);
    if (table.schema !== 'olfactory-experiment' || table.experiment !== name) throw new Error(`${file} is not the ${name} table of 'olfactory experiment'.`);
    const unfinished = table.notes.find((n) => n.startsWith('No finished checkpoint yet'));
    if (unfinished !== undefined) throw new Error(`${file}: ${unfinished}`);
    if (!isDeepStrictEqual(table.seeds, seeds)) throw new Error(`${file}: seeds ${table.seeds.join(', ')}, expected ${seeds.join(', ')}.`);
    table.notes = [
      ...table.notes,
      `Shipped with @olfactory/models: from one run of 'olfactory experiment all --workers 2' (${done.length} trainings) on a 2-core machine; its checkpoints are shipped too (runs/, and canonical/ for the canonical condition).`,
    ];
    evaluationSeconds += table.wallSeconds.evaluation;
    const text = local(`${JSON.stringify(table, null, 1)}\n`, file);
    pending.push([join(pkg, 'experiments', `${name}.json`), text]);
    tables.push({ experiment: name, path: `${name}.json`, bytes: Buffer.byteLength(text), sha256: sha(text) });
  }
  // the canonical recompute with the concentration sweep (the STD experiment's evaluation of the canonical runs)
  const recomputeDir = join(from, 'eval', canonicalCondition);
  const recompute = readJson(join(recomputeDir, 'recompute.json'));
  if (recompute.protocol?.withConcentration !== true || recompute.protocol?.ablation !== 'none' || recompute.checkpoints.length !== seeds.length) {
    throw new Error(`${join(recomputeDir, 'recompute.json')} is not the canonical recompute with the concentration sweep.`);
  }
  // The run's recompute names the run's plain-JSON checkpoint files by sha256, and carries their
  // histories (test metrics on the tested epochs only). When it equals the shipped one in
  // everything else (checked above: those runs are the canonical models), the shipped one is
  // kept: its hashes name the files that ship, and its histories are theirs (every epoch tested).
  const unhashed = (r) => ({
    ...r,
    checkpoints: r.checkpoints.map(({ sha256: _h, history, ...c }, i) => ({ ...c, history: onTestedEpochs(history, recompute.checkpoints[i]?.history ?? []) })),
  });
  const shippedRecompute = join(pkg, 'results', 'canonical', 'recompute.json');
  const keepRecompute = existsSync(shippedRecompute) && isDeepStrictEqual(unhashed(readJson(shippedRecompute)), unhashed(recompute));
  const files = [];
  if (keepRecompute) files.push(...manifest.canonicalResults.files);
  else {
    for (const path of ['recompute.json', 'run-metadata.json']) {
      const text = local(readFileSync(join(recomputeDir, path), 'utf8'), join(recomputeDir, path));
      pending.push([join(pkg, 'results', 'canonical', path), text]);
      files.push({ path, bytes: Buffer.byteLength(text), sha256: sha(text) });
    }
  }
  for (const [file, text] of pending) writeAtomic(file, text);
  rmSync(join(pkg, 'runs'), { recursive: true, force: true });
  renameSync(staging, join(pkg, 'runs'));
  manifest.experimentRuns = {
    description: `Every retrained condition of olfactory experiment all (${conditions.length - 1} conditions × seeds ${seeds.join(', ')}, 300 + 300 epochs), packed. The ${canonicalCondition} condition's runs are bit-identical to the canonical models and are those files.`,
    command: `olfactory experiment all --seeds ${seeds.join(',')} --workers 2`,
    canonicalCondition,
    checkpoints,
  };
  if (!keepRecompute) {
    manifest.canonicalResults = {
      description: 'The recompute (spec §4.1, with the concentration sweep) of the canonical checkpoints, from the same run as the experiment tables.',
      command: `olfactory experiment all (the std experiment's evaluation of the ${canonicalCondition} condition: olfactory recompute --concentration)`,
      files,
    };
  }
  manifest.experiments = {
    description: 'The experiment tables of one run of olfactory experiment all (every condition trained, every evaluation), with its wall times (wallSeconds per table).',
    command: `olfactory experiment all --seeds ${seeds.join(',')} --workers 2`,
    seconds: Math.round(trainingWallSeconds + evaluationSeconds),
    trainingWallSeconds: Math.round(trainingWallSeconds),
    trainingBusySeconds: Math.round(trainingBusySeconds),
    evaluationSeconds: Math.round(evaluationSeconds),
    tables,
  };
  const out = JSON.stringify(manifest, null, 1).replace(/\{\n\s+("seed"|"experiment"|"path"|"condition")([^{}]*?)\n\s+\}/g, (_m, k, rest) => `{ ${k}${rest.replace(/\n\s+/g, ' ')} }`);
  writeAtomic(manifestFile, `${out}\n`);
  const packedBytes = checkpoints.reduce((a, c) => a + c.bytes, 0);
  console.log(
    `ship-experiments: ${checkpoints.length} checkpoints (${(plainBytes / 1e6).toFixed(1)} MB as written → ${(packedBytes / 1e6).toFixed(1)} MB packed), ${tables.length} tables and ${keepRecompute ? 'the canonical recompute (equal to the one shipped, kept)' : 'the canonical recompute'} shipped; manifest.json updated.`,
  );
} catch (e) {
  rmSync(join(pkg, '.runs-staging'), { recursive: true, force: true });
  console.error(`ship-experiments: ${e.message}`);
  process.exitCode = 1;
}
