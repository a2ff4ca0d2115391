#!/usr/bin/env node
// `pnpm bench:lateral-line`: CPU time per 1.2-s training trial of the lateral-line network at full
// size (baseline recipe: 100 LL, 3,200 MON, 300 TS, dt 1 ms), one core (`taskset -c 0`), and peak
// memory, side by side with the public Brian2 reference run through Debian's python3-brian in the
// same bench — only when a checkout of JulieGoulet2/LateralLine is given by path
// (LATERAL_LINE_REFERENCE=/path or --reference /path); the bench fetches nothing.
// The reference's per-trial time is (CPU(N2) − CPU(N1)) / (N2 − N1) over two runs of its own CLI
// (baseline flags, spec §1.7), which cancels its set-up, compile, test sweep and plotting.
// Ours is measured the same way: `ours` is one run (3 warm-up trials, then BENCH_TRIALS timed),
// whose CPU per trial still holds the one-time JIT work of the process (V8 optimising the step
// loop and its helpers, a few hundred ms, paid once per process, not per trial); `oursDifferenced`
// is (CPU(N2 timed) − CPU(N1 timed)) / (N2 − N1) over two such runs (N1 = 5, N2 = BENCH_TRIALS),
// which cancels it as the reference's differencing cancels its compile. `speedupCpu` compares
// the two differenced figures; `speedupCpuSingleRun` uses ours from the single run.
// Prints ONE JSON object. Environment: BENCH_TRIALS (ours, default 20), BENCH_REF_TRIALS
// ("5,25"), BENCH_REF_TARGETS ("cython" or "cython,numpy"), BRIAN2_PYTHON (/usr/bin/python3).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = join(dirname(fileURLToPath(import.meta.url)), 'lateral-line');
const python = process.env.BRIAN2_PYTHON ?? '/usr/bin/python3';
const hasTaskset = spawnSync('taskset', ['-c', '0', 'true']).status === 0;
const refArg = process.argv.indexOf('--reference');
const reference = refArg >= 0 ? process.argv[refArg + 1] : process.env.LATERAL_LINE_REFERENCE;

function pinned(cmd, args) {
  const full = hasTaskset ? ['taskset', ['-c', '0', cmd, ...args]] : [cmd, args];
  const r = spawnSync(full[0], full[1], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) return { error: `${cmd} ${args.join(' ')} exited ${r.status}: ${(r.stderr || '').trim().split('\n').slice(-3).join(' | ')}` };
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

const oursTrials = Number(process.env.BENCH_TRIALS ?? 20);
const ours = pinned(process.execPath, [join(here, 'ours.mjs'), '--trials', String(oursTrials)]);
const oursShort = ours.error ? ours : pinned(process.execPath, [join(here, 'ours.mjs'), '--trials', '5']);
if (ours.error || oursShort.error) {
  console.error(ours.error ?? oursShort.error);
  process.exit(1);
}
const oursDifferenced = {
  trials: [5, oursTrials],
  cpuSPerTrial: (ours.cpuSPerTrial * oursTrials - oursShort.cpuSPerTrial * 5) / (oursTrials - 5),
  shortRunCpuSPerTrial: oursShort.cpuSPerTrial,
};
const result = {
  benchmark: 'lateral-line baseline, full size (100 LL, 3,200 MON, 300 TS), 1.2-s training trials at dt 1 ms',
  pinnedToOneCore: hasTaskset,
  loadAverage1m: (await import('node:os')).loadavg()[0],
  ours,
  oursDifferenced,
  memory: {
    note: 'our state does not grow with the number of trials (the training stimulus is one 10-s period of snapshots and the training monitors hold 2 counts per checkpoint, sized here for 10,000 trials), so the peak of a 10,000-trial run is the peak measured here',
    peakRssMb: ours.peakRssMb,
    targetMb: 500,
  },
  targets: { speedupVsCython: 50, referenceCythonCpuSPerTrialSpec: 0.9, referenceNumpyCpuSPerTrialSpec: 1.48 },
};
if (!reference) {
  result.reference = {
    available: false,
    reason:
      'no checkout of JulieGoulet2/LateralLine given (set LATERAL_LINE_REFERENCE=/path or pass --reference /path); the bench fetches nothing. The spec measures 0.9 CPU-s/trial (cython) and 1.48 (numpy) on this machine kind.',
  };
  result.speedupVsSpecCython = 0.9 / oursDifferenced.cpuSPerTrial;
} else if (!existsSync(join(reference, 'll_stdp_brian2.py'))) {
  result.reference = { available: false, reason: `${reference} has no ll_stdp_brian2.py (not a checkout of JulieGoulet2/LateralLine)` };
} else {
  const probe = spawnSync(python, ['-c', 'import brian2; print(brian2.__version__)'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    result.reference = { available: false, reason: `${python} cannot import brian2 (install Debian's python3-brian)` };
  } else {
    const [n1, n2] = (process.env.BENCH_REF_TRIALS ?? '5,25').split(',').map(Number);
    const targets = (process.env.BENCH_REF_TARGETS ?? 'cython').split(',');
    result.reference = { available: true, brian2: probe.stdout.trim(), trials: [n1, n2] };
    for (const target of targets) {
      const a = pinned(python, [join(here, 'reference_brian2.py'), '--checkout', reference, '--target', target, '--trials', String(n1)]);
      const b = a.error ? a : pinned(python, [join(here, 'reference_brian2.py'), '--checkout', reference, '--target', target, '--trials', String(n2)]);
      if (a.error || b.error) {
        result.reference[target] = { error: a.error ?? b.error };
        continue;
      }
      const perTrial = (b.cpuS - a.cpuS) / (n2 - n1);
      result.reference[target] = {
        cpuSPerTrial: perTrial,
        wallSPerTrial: (b.wallS - a.wallS) / (n2 - n1),
        runs: [a, b],
        speedupCpu: perTrial / oursDifferenced.cpuSPerTrial,
        speedupCpuSingleRun: perTrial / ours.cpuSPerTrial,
      };
    }
  }
}
console.log(JSON.stringify(result, null, 2));
