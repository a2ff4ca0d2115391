#!/usr/bin/env node
// `pnpm bench:experiments`: wall time of a full canonical training (300 + 300 epochs by default)
// run as a job of the sweep runner exactly as `olfactory experiment` runs it, `workers` of them
// at once (seeds 42, 43, …: each shares the machine as in `experiment all`; the mean counts), then of its
// evaluations (one recompute without and one with the concentration sweep, one mixtures
// analysis, one KC-threshold table), and the projected wall time of `olfactory experiment all` on
// this machine:
//   projected = (teachers × training + (jobs − teachers) × (training − teacher)) / workers
//             + Σ over the plan's evaluations of count × time / workers (the collect step runs them side by side),
// with the job, rate-teacher and evaluation counts (every kind the plan lists) from `olfactory
// experiment all --dry-run` (seeds 42–46), workers = the cores (each training on one core). The
// job runs with a teacher cache as `experiment` runs it, so its log gives the rate teacher's own
// time: only `teachers` of the jobs train one, the others read it from the cache. BENCH_EPOCHS
// shortens the training: a second, 1 + 1-epoch training then measures the fixed part (startup,
// data parsing, checkpoint writing), and only the rest, the per-epoch part, is scaled to 300
// epochs: at300 = fixed + (E-epoch − 1-epoch) × 299 / (E − 1) + the 1-epoch run's epoch.
// Prints ONE JSON object on stdout; progress on stderr. Needs the built CLI (the script builds
// it) and the data (OLFACTORY_DATA_DIR or ../shared/data). Peak memory: the largest resident set
// of any process.
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
  /**
   * `workers` canonical trainings of `e` + `e` epochs (seeds 42, 43, …) as jobs of one sweep run
   * with `--workers workers`, the way `olfactory experiment` runs them: each training shares the
   * machine with the others, as in `experiment all`. Their mean own time (as the sweep recorded
   * it) and mean rate-teacher time, in seconds.
   */
  const train = (e, dir) => {
    const seeds = Array.from({ length: workers }, (_, i) => 42 + i);
    const jobs = seeds.map((seed) => ({
      id: `canonical-seed-${seed}`,
      argv: [
        'olfactory',
        'train',
        '--seeds',
        String(seed),
        '--variant',
        'annotation-order',
        '--epochs',
        String(e),
        '--teacher-epochs',
        String(e),
        '--workers',
        '1',
        '--noise-worker',
        'off',
        '--out',
        '{sweep}/runs/canonical',
        '--teacher-cache',
        '{sweep}/teachers',
        // as `olfactory experiment` runs its jobs (EXPERIMENT_TEST_EVERY): the test set every 50th epoch
        '--test-every',
        '50',
      ],
      output: `runs/canonical/seed-${seed}/checkpoint.json`,
    }));
    mkdirSync(join(work, dir), { recursive: true });
    writeFileSync(join(work, `${dir}.jobs.json`), JSON.stringify(jobs));
    const sweep = run(
      ['sweep', 'run', '--jobs', `${dir}.jobs.json`, '--out', dir, '--workers', String(workers), '--json'],
      `${workers} canonical training(s) at once, ${e} + ${e} epochs, under the sweep runner`,
    );
    const own = seeds.map((seed) => {
      const id = `canonical-seed-${seed}`;
      const done = JSON.parse(readFileSync(join(work, dir, 'done', `${id}.json`), 'utf8'));
      const log = readFileSync(join(work, dir, 'logs', `${id}.log`), 'utf8');
      const teacher = /rate teacher trained in ([\d.]+) s, stored in the cache/.exec(log);
      if (teacher === null) throw new Error(`the training log ${join(dir, 'logs', `${id}.log`)} does not give the rate teacher's time:\n${log}`);
      return { seconds: (done.durationMs ?? sweep.seconds * 1000) / 1000, teacherSeconds: Number(teacher[1]) };
    });
    const mean = (k) => own.reduce((a, o) => a + o[k], 0) / own.length;
    return { sweep, seconds: mean('seconds'), teacherSeconds: mean('teacherSeconds') };
  };
  const out = join(work, 'exp');
  const full = train(epochs, 'exp');
  const sweep = full.sweep;
  // the fixed part of a training (only measured when the projection has to scale)
  const one = epochs < 300 && epochs > 1 ? train(1, 'exp-one-epoch') : null;
  // evaluations of that checkpoint, as the experiments run them
  const recompute = run(['recompute', '--checkpoints', join(out, 'runs', 'canonical', 'seed-42', 'checkpoint.json'), '--out', join(work, 'rc')], 'recompute (no concentration sweep)');
  const recomputeConc = run(
    ['recompute', '--checkpoints', join(out, 'runs', 'canonical', 'seed-42', 'checkpoint.json'), '--concentration', '--out', join(work, 'rc-conc')],
    'recompute with the concentration sweep',
  );
  const mixtures = run(['experiment', 'r5-mixtures', '--collect-only', '--seeds', '42', '--epochs', String(epochs), '--teacher-epochs', String(epochs), '--out', out], 'mixtures analysis (one seed)');
  // a KC-threshold table (R6 / S4) reads the checkpoints' parameters only: timed as reading and parsing one condition's five checkpoint files
  const ckpt = join(out, 'runs', 'canonical', 'seed-42', 'checkpoint.json');
  const tTh = performance.now();
  for (let i = 0; i < 5; i++) JSON.parse(readFileSync(ckpt, 'utf8'));
  const thresholdsSeconds = (performance.now() - tTh) / 1000;
  const trainSeconds = full.seconds;
  // the fixed part is not scaled, the per-epoch part is (linear in the epochs between the two runs)
  const fixedSeconds = one === null ? null : Math.max(0, one.seconds - (full.seconds - one.seconds) / (epochs - 1));
  const trainAt300 = one === null ? trainSeconds * (300 / epochs) : one.seconds + ((full.seconds - one.seconds) * 299) / (epochs - 1);
  const teacherAt300 = one === null ? full.teacherSeconds * (300 / epochs) : one.teacherSeconds + ((full.teacherSeconds - one.teacherSeconds) * 299) / (epochs - 1);
  const perEvaluation = {
    recompute: recompute.seconds,
    'recompute-with-concentration': recomputeConc.seconds,
    mixtures: mixtures.seconds,
    consistency: mixtures.seconds,
    thresholds: thresholdsSeconds,
  };
  const e = plan.evaluations;
  const unknown = Object.keys(e).filter((k) => !(k in perEvaluation));
  if (unknown.length > 0) throw new Error(`the plan lists evaluation kinds this bench does not time: ${unknown.join(', ')}; add them to perEvaluation in bench/experiments.mjs`);
  const evalSeconds = Object.entries(e).reduce((a, [k, n]) => a + n * perEvaluation[k], 0);
  if (!Number.isInteger(plan.teachers) || plan.teachers > plan.jobs) throw new Error(`the plan of experiment all gives no valid rate-teacher count (teachers: ${plan.teachers})`);
  // every job's student, plus the rate teachers that are trained (the others come from the cache)
  const trainingWork = plan.teachers * trainAt300 + (plan.jobs - plan.teachers) * (trainAt300 - teacherAt300);
  const trainingProjected = Math.max(trainingWork / workers, trainAt300);
  // the collect step runs its recomputes as `workers` processes at a time beside the mixture analysis
  const evalProjected = evalSeconds / workers;
  const result = {
    epochs,
    workers,
    oneTrainingSeconds: Math.round(trainSeconds * 10) / 10,
    oneTrainingSecondsAt300: Math.round(trainAt300 * 10) / 10,
    ...(fixedSeconds === null ? {} : { oneTrainingFixedSeconds: Math.round(fixedSeconds * 10) / 10 }),
    rateTeacherSeconds: Math.round(full.teacherSeconds * 10) / 10,
    rateTeacherSecondsAt300: Math.round(teacherAt300 * 10) / 10,
    recomputeSeconds: Math.round(recompute.seconds * 10) / 10,
    recomputeWithConcentrationSeconds: Math.round(recomputeConc.seconds * 10) / 10,
    mixturesSecondsPerSeed: Math.round(mixtures.seconds * 10) / 10,
    thresholdsSeconds: Math.round(thresholdsSeconds * 1000) / 1000,
    experimentAllJobs: plan.jobs,
    experimentAllTeachers: plan.teachers,
    experimentAllEvaluations: e,
    projectedExperimentAllMinutes: Math.round(((trainingProjected + evalProjected) / 60) * 10) / 10,
    projectedTrainingMinutes: Math.round((trainingProjected / 60) * 10) / 10,
    projectedTrainingMinutesWithoutTeacherCache: Math.round(((Math.ceil(plan.jobs / workers) * trainAt300) / 60) * 10) / 10,
    projectedEvaluationMinutes: Math.round((evalProjected / 60) * 10) / 10,
    projectedEvaluationMinutesOneAfterAnother: Math.round((evalSeconds / 60) * 10) / 10,
    peakRssMb: Math.round(Math.max(...[sweep, one?.sweep ?? sweep, recompute, recomputeConc, mixtures].map((r) => r.peakMb ?? 0))),
    note: 'training projected as (teachers × one training + the other jobs × one training less its rate teacher) / workers (one core per training; the training time is the mean of `workers` trainings run at once, so it includes their contention); the evaluations of the collect step as their total time / workers (recomputes side by side as processes, the mixture analysis beside them)',
  };
  process.stdout.write(`${JSON.stringify(result, null, 1)}\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
