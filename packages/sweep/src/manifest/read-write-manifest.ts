import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { SweepFormatError } from '../errors/sweep-format-error';
import { parseSweepSpec } from '../job/parse-sweep-spec';
import type { SweepJob, SweepSpec } from '../job/sweep-job';
import { writeFileAtomic } from '../util/write-file-atomic';
import type { SlurmSubmission, SweepManifest } from './sweep-manifest';
import { sweepPaths } from './sweep-paths';

const sameJob = (a: SweepJob, b: SweepJob) => a.output === b.output && a.argv.length === b.argv.length && a.argv.every((x, i) => x === b.argv[i]);

/**
 * Read and verify `<dir>/sweep.json`.
 * @throws SweepFormatError when it is missing, not JSON, or not a sweep manifest.
 */
export function readSweepManifest(dir: string): SweepManifest {
  const file = sweepPaths(dir).manifest;
  if (!existsSync(file)) {
    throw new SweepFormatError({ file, problem: 'does not exist; expected a sweep folder', fix: 'Give the folder that `sweep run --out DIR` created.' });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (cause) {
    throw new SweepFormatError({ file, problem: `is not valid JSON (${(cause as Error).message})`, fix: 'Restore it, or start the sweep in a new folder.', cause });
  }
  const m = raw as Partial<SweepManifest> & Record<string, unknown>;
  if (m.kind !== 'olfactory-sweep' || m.formatVersion !== 1) {
    throw new SweepFormatError({ file, problem: `kind ${JSON.stringify(m.kind)}, formatVersion ${JSON.stringify(m.formatVersion)}; expected kind "olfactory-sweep", formatVersion 1` });
  }
  if (typeof m.cwd !== 'string' || typeof m.createdAt !== 'string' || !Array.isArray(m.submissions)) {
    throw new SweepFormatError({ file, problem: 'lacks "cwd", "createdAt" or "submissions"; expected a manifest written by @olfactory/sweep' });
  }
  const spec = parseSweepSpec({ jobs: m.jobs, ...(m.collect ? { collect: m.collect } : {}) }, file);
  for (const [i, s] of (m.submissions as unknown[]).entries()) {
    const sub = s as Partial<SlurmSubmission>;
    if (sub?.backend !== 'slurm' || typeof sub.jobId !== 'string' || !Array.isArray(sub.jobIds) || typeof sub.script !== 'string') {
      throw new SweepFormatError({ file, problem: `submissions[${i}] is malformed; expected {backend: "slurm", jobId, jobIds, script, ...}` });
    }
  }
  return {
    formatVersion: 1,
    kind: 'olfactory-sweep',
    createdAt: m.createdAt,
    cwd: m.cwd,
    jobs: spec.jobs,
    ...(spec.collect ? { collect: spec.collect } : {}),
    submissions: m.submissions as SlurmSubmission[],
  };
}

/** Write `<dir>/sweep.json` atomically. */
export function writeSweepManifest(dir: string, manifest: SweepManifest): void {
  writeFileAtomic(sweepPaths(dir).manifest, `${JSON.stringify(manifest, null, 2)}\n`);
}

/**
 * Create the sweep folder `dir` for `spec`, or open it when it already exists.
 *
 * An existing sweep is reused when every job it holds is in `spec` unchanged (same argv and
 * output); jobs new in `spec` are appended. Its `cwd` is kept. Anything else is an error,
 * because finished jobs of a different sweep must not count as done.
 *
 * @param options.cwd the jobs' working directory (default: `process.cwd()`).
 * @param options.now ISO time for `createdAt` (default: now).
 * @throws SweepFormatError naming the first job that differs.
 */
export function openSweep(dir: string, spec: SweepSpec, options: { cwd?: string; now?: string } = {}): SweepManifest {
  const paths = sweepPaths(dir);
  if (!existsSync(paths.manifest)) {
    const manifest: SweepManifest = {
      formatVersion: 1,
      kind: 'olfactory-sweep',
      createdAt: options.now ?? new Date().toISOString(),
      cwd: resolve(options.cwd ?? process.cwd()),
      jobs: spec.jobs,
      ...(spec.collect ? { collect: spec.collect } : {}),
      submissions: [],
    };
    writeSweepManifest(dir, manifest);
    return manifest;
  }
  const existing = readSweepManifest(dir);
  const wanted = new Map(spec.jobs.map((j) => [j.id, j]));
  const fix = `Use a new output folder, or delete ${paths.manifest} to start this sweep over.`;
  for (const job of existing.jobs) {
    const w = wanted.get(job.id);
    if (!w) throw new SweepFormatError({ file: paths.manifest, problem: `holds job "${job.id}", which the new job list lacks`, fix });
    if (!sameJob(job, w)) throw new SweepFormatError({ file: paths.manifest, problem: `job "${job.id}" differs from the new job list (argv or output changed)`, fix });
  }
  if (JSON.stringify(existing.collect ?? null) !== JSON.stringify(spec.collect ?? null)) {
    throw new SweepFormatError({ file: paths.manifest, problem: 'its collect step differs from the new job list', fix });
  }
  const have = new Set(existing.jobs.map((j) => j.id));
  const added = spec.jobs.filter((j) => !have.has(j.id));
  if (added.length === 0) return existing;
  const manifest = { ...existing, jobs: [...existing.jobs, ...added] };
  writeSweepManifest(dir, manifest);
  return manifest;
}
