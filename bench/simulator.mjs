#!/usr/bin/env node
// `pnpm bench:simulator`: the Brette et al. 2007 CUBA benchmark (Vogels–Abbott network, Brian2's
// own example: 4,000 LIF, 80/20 E/I, p = 0.02, dt 0.1 ms, 10 s simulated) run side by side, each
// engine in its own process pinned to one core (`taskset -c 0`):
//   - ours: @olfactory/neurons `runSimulation` (bench/simulator/cuba-ours.mjs, built packages);
//   - Brian2 cython runtime and Brian2 C++ standalone from Debian's python3-brian
//     (bench/simulator/cuba_brian2.py; the standalone compile time is reported separately and
//     its run time is Brian2's own timing of the simulation loop).
// Prints ONE JSON object on stdout: each engine's times (wall and CPU), mean rate and mean ISI
// CV; speed ratios; and the rate/CV differences in units of their sampling error. The rate and
// CV of one network differ from another realization's by more than the standard error of the
// population mean, so the sampling error is taken from this simulator's spread over
// BENCH_REALIZATIONS (default 5) connectivity seeds: z = (ours − Brian2) / (√2 · sd across
// realizations), both engines running connectivity seed 1. Where Brian2 is not installed the
// result says so and holds ours alone. BENCH_DURATION_S overrides the simulated seconds
// (default 10). Then the scale network of the issue (bench/simulator/scale-ours.mjs; 130,000
// LIF, ≈ 4.9 M synapses, dt 0.2 ms, 1.8 ms delays, a rank-20 low-rank term, 1 s; BENCH_SCALE=0
// skips it), and the plasticity costs (bench/simulator/plasticity-cost.mjs: STDP on 100 k
// synapses, e-prop on 1 M, low-rank eligibility traces; ns per synapse-step; BENCH_PLASTICITY=0
// skips them).
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = join(dirname(fileURLToPath(import.meta.url)), 'simulator');
const durationS = Number(process.env.BENCH_DURATION_S ?? 10);
const python = process.env.BRIAN2_PYTHON ?? '/usr/bin/python3';
const hasTaskset = spawnSync('taskset', ['-c', '0', 'true']).status === 0;

function pinned(cmd, args) {
  const full = hasTaskset ? ['taskset', ['-c', '0', cmd, ...args]] : [cmd, args];
  const r = spawnSync(full[0], full[1], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) return { error: `${cmd} ${args.join(' ')} exited ${r.status}: ${(r.stderr || '').trim().split('\n').slice(-3).join(' | ')}` };
  const line = r.stdout.trim().split('\n').pop();
  return JSON.parse(line);
}

const realizations = Number(process.env.BENCH_REALIZATIONS ?? 5);
const runs = [];
for (let seed = 1; seed <= Math.max(2, realizations); seed++) {
  const r = pinned(process.execPath, [join(here, 'cuba-ours.mjs'), '--duration-s', String(durationS), '--seed', String(seed)]);
  if (r.error) {
    console.error(r.error);
    process.exit(1);
  }
  runs.push(r);
}
const ours = runs[0];
const meanSd = (xs) => {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return { mean: m, sd: Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1)) };
};
const spread = {
  seeds: runs.length,
  meanRateHz: meanSd(runs.map((r) => r.meanRateHz)),
  meanCvIsi: meanSd(runs.map((r) => r.meanCvIsi)),
  runWallS: runs.map((r) => r.runWallS),
};
const probe = spawnSync(python, ['-c', 'import brian2; print(brian2.__version__)'], { encoding: 'utf8' });
const result = { benchmark: 'CUBA (Brette et al. 2007), 4,000 LIF, p = 0.02, dt 0.1 ms', durationS, pinnedToOneCore: hasTaskset, ours, oursOverRealizations: spread };
if (probe.status !== 0) {
  result.brian2 = { available: false, reason: `${python} cannot import brian2 (install Debian's python3-brian); reporting this simulator alone` };
} else {
  const cython = pinned(python, [join(here, 'cuba_brian2.py'), '--target', 'cython', '--duration-s', String(durationS)]);
  const standalone = pinned(python, [join(here, 'cuba_brian2.py'), '--target', 'cpp_standalone', '--duration-s', String(durationS)]);
  result.brian2 = { available: true, version: probe.stdout.trim(), cython, standalone };
  const compare = (other) =>
    other.error
      ? { error: other.error }
      : {
          speedupWall: other.runWallS / ours.runWallS,
          speedupCpu: other.runCpuS !== undefined ? other.runCpuS / ours.runCpuS : other.binaryCpuS !== undefined ? other.binaryCpuS / ours.runCpuS : undefined,
          rateDiffHz: ours.meanRateHz - other.meanRateHz,
          rateZ: (ours.meanRateHz - other.meanRateHz) / (Math.SQRT2 * spread.meanRateHz.sd),
          cvDiff: ours.meanCvIsi - other.meanCvIsi,
          cvZ: (ours.meanCvIsi - other.meanCvIsi) / (Math.SQRT2 * spread.meanCvIsi.sd),
        };
  result.comparison = {
    note: 'speedup = Brian2 run time / ours (> 1: ours faster); speedupCpu uses CPU seconds (for the standalone: the whole binary, an upper bound), which a busy machine distorts less than wall time; z = difference / (√2 · sd of this simulator over connectivity realizations)',
    vsCython: compare(cython),
    vsStandalone: compare(standalone),
    targets: {
      fasterThanStandalone: standalone.error ? null : ours.runWallS < standalone.runWallS,
      tenTimesCython: cython.error ? null : cython.runWallS / ours.runWallS >= 10,
      tenTimesCythonCpu: cython.error ? null : cython.runCpuS / ours.runCpuS >= 10,
      rateAndCvWithinSamplingError: cython.error ? null : Math.abs(compare(cython).rateZ) < 3 && Math.abs(compare(cython).cvZ) < 3,
    },
  };
}
if (process.env.BENCH_SCALE !== '0') {
  // the scale network (130,000 LIF, ≈ 4.9 M synapses, dt 0.2 ms, 1.8 ms delays), ours alone
  result.scale = pinned(process.execPath, [join(here, 'scale-ours.mjs'), '--duration-s', String(Number(process.env.BENCH_SCALE_DURATION_S ?? 1))]);
}
if (process.env.BENCH_PLASTICITY !== '0') {
  // the cost of learning: STDP on 100 k synapses, e-prop on 1 M, low-rank eligibility traces
  result.plasticity = pinned(process.execPath, [join(here, 'plasticity-cost.mjs'), '--steps', String(Number(process.env.BENCH_PLASTICITY_STEPS ?? 2000))]);
}
if (process.env.BENCH_ASSEMBLYSCRIPT !== '0') {
  // the kernel-language question of issue 11: the generator against AssemblyScript (SIMD and scalar) and JavaScript
  result.assemblyscript = pinned(process.execPath, [join(here, 'assemblyscript-lif.mjs')]);
}
console.log(JSON.stringify(result, null, 2));
