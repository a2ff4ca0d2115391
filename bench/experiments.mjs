#!/usr/bin/env node
// `pnpm bench:experiments`: wall time of one full canonical training (300 + 300 epochs by default)
// run as a job of the sweep runner exactly as `olfactory experiment` runs it, then of its
// evaluations (one recompute without and one with the concentration sweep, one mixtures
// analysis), and the projected wall time of `olfactory experiment all` on this machine:
//   projected = ceil(jobs / workers) × training + Σ evaluations × their measured time,
// with the job and evaluation counts from `olfactory experiment all --dry-run` (seeds 42–46),
// workers = the cores (each training on one core). Prints ONE JSON object on stdout; progress on
// stderr. BENCH_EPOCHS shortens the training (the projection then scales it to 300 epochs by the
// student epochs, which is approximate). Needs the built CLI (the script builds it) and the data
// (OLFACTORY_DATA_DIR or ../shared/data). Peak memory: the largest resident set of any process.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'apps/cli/dist/cli.js');
const dataDir = process.env.OLFACTORY_DATA_DIR ?? resolve(root, '../shared/data');
const epochs = Number(process.env.BENCH_EPOCHS ?? 300);
const work = mkdtempSync(join(tmpdir(), 'olf-bench-experiments-'));
const env = { ...process.env, OLFACTORY_DATA_DIR: dataDir, OLFACTORY_CACHE_DIR: process.env.OLFACTORY_CACHE_DIR ?? join(work, 'cache') };
const workers = availableParallelism();

/** Run the CLI under /usr/bin/time -f %M (peak RSS, KiB) when available; returns seconds, stdout and peak MiB. */
function run(args, what) {
  process.stderr.write(`bench:experiments: ${what} …\n`);
  const t0 = performance.now();
  const timeBin = '/usr/bin/time';
  const useTime = spawnSync(timeBin, ['-f', '%M', 'true']).status === 0;
  const r = useTime
    ? spawnSync(timeBin, ['-f', 'peak-kib %M', process.execPath, cli, ...args], { cwd: work, env, encoding: 'utf8', maxBuffer: 1 << 28 })
    : spawnSync(process.execPath, [cli, ...args], { cwd: work, env, encoding: 'utf8', maxBuffer: 1 << 28 });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status}):\n${r.stderr}`);
  const peak = /peak-kib (\d+)/.exec(r.stderr ?? '');
  return { seconds, stdout: r.stdout, peakMb: peak ? Number(peak[1]) / 1024 : undefined };
}

try {
  // the plan of `experiment all` (jobs and evaluations per kind)
  const plan = JSON.parse(run(['experiment', 'all', '--dry-run', '--json', '--seeds', '42-46'], 'plan of experiment all').stdout);
  // one canonical training as a sweep job, the way `olfactory experiment` writes it
  const out = join(work, 'exp');
  const job = {
    id: 'canonical-seed-42',
    argv: ['olfactory', '-q', 'train', '--seeds', '42', '--variant', 'annotation-order', '--epochs', String(epochs), '--teacher-epochs', String(epochs), '--workers', '1', '--noise-worker', 'off', '--out', '{sweep}/runs/canonical'],
    output: 'runs/canonical/seed-42/checkpoint.json',
  };
  mkdirSync(out, { recursive: true });
  writeFileSync(join(work, 'jobs.json'), JSON.stringify([job]));
  const sweep = run(['sweep', 'run', '--jobs', 'jobs.json', '--out', 'exp', '--workers', '1', '--json'], `one canonical training, ${epochs} + ${epochs} epochs, under the sweep runner`);
  // the same job's own time, as the sweep recorded it
  const done = JSON.parse(readFileSync(join(out, 'done', 'canonical-seed-42.json'), 'utf8'));
  // evaluations of that checkpoint, as the experiments run them
  const recompute = run(['recompute', '--checkpoints', join(out, 'runs', 'canonical'), '--out', join(work, 'rc')], 'recompute (no concentration sweep)');
  const recomputeConc = run(['recompute', '--checkpoints', join(out, 'runs', 'canonical'), '--concentration', '--out', join(work, 'rc-conc')], 'recompute with the concentration sweep');
  const mixtures = run(['experiment', 'r5-mixtures', '--collect-only', '--seeds', '42', '--epochs', String(epochs), '--teacher-epochs', String(epochs), '--out', out], 'mixtures analysis (one seed)');
  const trainSeconds = (done.durationMs ?? sweep.seconds * 1000) / 1000;
  const scale = 300 / epochs;
  const e = plan.evaluations;
  const evalSeconds = (e.recompute ?? 0) * recompute.seconds + (e['recompute-with-concentration'] ?? 0) * recomputeConc.seconds + (e.mixtures ?? 0) * mixtures.seconds + (e.consistency ?? 0) * mixtures.seconds;
  const trainingProjected = Math.ceil(plan.jobs / workers) * trainSeconds * scale;
  const result = {
    epochs,
    workers,
    oneTrainingSeconds: Math.round(trainSeconds * 10) / 10,
    oneTrainingSecondsAt300: Math.round(trainSeconds * scale * 10) / 10,
    recomputeSeconds: Math.round(recompute.seconds * 10) / 10,
    recomputeWithConcentrationSeconds: Math.round(recomputeConc.seconds * 10) / 10,
    mixturesSecondsPerSeed: Math.round(mixtures.seconds * 10) / 10,
    experimentAllJobs: plan.jobs,
    experimentAllEvaluations: e,
    projectedExperimentAllMinutes: Math.round(((trainingProjected + evalSeconds) / 60) * 10) / 10,
    projectedTrainingMinutes: Math.round((trainingProjected / 60) * 10) / 10,
    projectedEvaluationMinutes: Math.round((evalSeconds / 60) * 10) / 10,
    peakRssMb: Math.round(Math.max(...[sweep, recompute, recomputeConc, mixtures].map((r) => r.peakMb ?? 0))),
    note: 'training projected as ceil(jobs / workers) × one training (one core per training, no contention assumed); evaluations run one after another in the collect step',
  };
  process.stdout.write(`${JSON.stringify(result, null, 1)}\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
