import { chmodSync, mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { SchedulerError } from '../errors/scheduler-error';
import { SweepFormatError } from '../errors/sweep-format-error';
import { expandArgv } from '../job/expand-argv';
import { readSweepManifest, writeSweepManifest } from '../manifest/read-write-manifest';
import type { SlurmSubmission } from '../manifest/sweep-manifest';
import { sweepPaths } from '../manifest/sweep-paths';
import { readSweepStatus } from '../status/read-sweep-status';
import type { JobState } from '../status/sweep-status';
import { writeFileAtomic } from '../util/write-file-atomic';
import { renderArrayScript, renderCollectScript } from './render-array-script';
import { DEFAULT_SLURM_COMMANDS, runSchedulerCommand } from './run-scheduler-command';
import type { SlurmCommands } from './run-scheduler-command';
import { shellQuote } from './shell-quote';

/** Options of {@link submitSlurmSweep}. */
export interface SlurmSubmitOptions {
  /**
   * Which jobs: `pending` (default) = every job not done and not queued or running in the
   * scheduler; `failed` = only those whose latest attempt failed or was lost (resubmission).
   */
  readonly select?: 'pending' | 'failed';
  /** At most this many array tasks run at once (`--array=0-(n-1)%maxParallel`). Default: n. */
  readonly maxParallel?: number;
  /** `--job-name` (default `sweep`). */
  readonly jobName?: string;
  /** Extra sbatch options for every task, e.g. `['--partition=short', '--time=01:00:00', '--cpus-per-task=2']`. */
  readonly sbatchArgs?: readonly string[];
  /** Submit the sweep's collect step with `--dependency=afterok:<array id>` (default: when it has one). */
  readonly collect?: boolean;
  readonly commands?: SlurmCommands;
  readonly env?: NodeJS.ProcessEnv;
}

/** What {@link submitSlurmSweep} did. */
export interface SlurmSubmitResult {
  /** The recorded submission, or undefined when there was nothing to submit. */
  readonly submission: SlurmSubmission | undefined;
  /** The sbatch script (absolute), when submitted. */
  readonly script?: string;
}

async function sbatch(argv: string[], env: NodeJS.ProcessEnv | undefined, cwd: string): Promise<string> {
  const r = await runSchedulerCommand(argv, { env, cwd });
  const command = argv.map(shellQuote).join(' ');
  if (r.exitCode !== 0)
    throw new SchedulerError({
      command,
      exitCode: r.exitCode,
      stderr: r.stderr,
      problem: `failed with exit code ${r.exitCode}`,
      fix: 'Check the sbatch options (--sbatch-arg) and that the controller is up (scontrol ping).',
    });
  const m = /^(\d+)(?:;\S+)?$/.exec(r.stdout.trim());
  if (!m) throw new SchedulerError({ command, exitCode: r.exitCode, stderr: r.stderr, problem: `printed ${JSON.stringify(r.stdout.trim())}; expected a job id (--parsable)` });
  return m[1]!;
}

/**
 * Submit jobs of the sweep in `dir` as ONE SLURM array job: writes `slurm/array-<k>.sh` (one
 * task per job; see {@link renderArrayScript}) and runs
 * `sbatch --parsable --array=0-(n-1)%maxParallel --output=<dir>/slurm/%A_%a.out … array-<k>.sh`,
 * then, if the sweep has a collect step, `sbatch --dependency=afterok:<id> slurm/collect-<k>.sh`.
 * The submission (array id, task → job mapping, collect id) is recorded in `sweep.json`.
 *
 * @throws SchedulerError when sbatch fails, or the scheduler cannot say which jobs are still queued.
 * @example
 *   const { submission } = await submitSlurmSweep('out/sweep', { maxParallel: 8, sbatchArgs: ['--time=02:00:00'] });
 *   console.log(`Submitted batch job ${submission?.jobId}`);
 */
export async function submitSlurmSweep(dir: string, options: SlurmSubmitOptions = {}): Promise<SlurmSubmitResult> {
  const paths = sweepPaths(dir);
  const manifest = readSweepManifest(dir);
  const commands = options.commands ?? DEFAULT_SLURM_COMMANDS;
  const status = await readSweepStatus(dir, { commands, env: options.env });
  if (status.scheduler.error) {
    throw new SchedulerError({
      command: `${commands.squeue} --json`,
      exitCode: null,
      stderr: '',
      problem: `the scheduler could not say which jobs are still queued (${status.scheduler.error})`,
      fix: 'Submitting now could run jobs twice; retry when the controller answers.',
    });
  }
  const wanted: ReadonlySet<JobState> = new Set(options.select === 'failed' ? ['failed', 'lost'] : ['not-started', 'failed', 'lost']);
  const ids = new Set(status.jobs.filter((j) => wanted.has(j.state)).map((j) => j.id));
  const jobs = manifest.jobs.filter((j) => ids.has(j.id));
  if (jobs.length === 0) return { submission: undefined };
  const maxParallel = options.maxParallel ?? jobs.length;
  if (!Number.isInteger(maxParallel) || maxParallel < 1) {
    throw new SweepFormatError({ file: paths.manifest, problem: `maxParallel ${maxParallel} is invalid; expected a positive integer` });
  }
  const k = manifest.submissions.length + 1;
  const script = join(paths.slurmDir, `array-${k}.sh`);
  const jobName = options.jobName ?? 'sweep';
  const argv = [
    commands.sbatch,
    '--parsable',
    `--job-name=${jobName}`,
    `--array=0-${jobs.length - 1}%${maxParallel}`,
    `--output=${join(paths.slurmDir, '%A_%a.out')}`,
    ...(options.sbatchArgs ?? []),
    script,
  ];
  const tasks = jobs.map((job) => {
    const output = paths.output(job);
    return { id: job.id, output, argv: expandArgv(job.argv, { output, id: job.id, sweep: paths.dir }) };
  });
  writeFileAtomic(script, renderArrayScript({ dir: paths.dir, cwd: manifest.cwd, tasks, submitCommand: argv.map(shellQuote).join(' ') }));
  chmodSync(script, 0o755);
  mkdirSync(join(paths.dir, 'logs'), { recursive: true });
  const jobId = await sbatch(argv, options.env, manifest.cwd);
  let collectJobId: string | undefined;
  let submission: SlurmSubmission = { backend: 'slurm', jobId, jobIds: jobs.map((j) => j.id), script: relative(paths.dir, script), maxParallel, submittedAt: new Date().toISOString() };
  // Record the array before submitting anything else, so that a failure below loses nothing.
  writeSweepManifest(dir, { ...manifest, submissions: [...manifest.submissions, submission] });
  if (manifest.collect && options.collect !== false) {
    const collectScript = join(paths.slurmDir, `collect-${k}.sh`);
    const cArgv = [
      commands.sbatch,
      '--parsable',
      `--job-name=${jobName}-collect`,
      `--dependency=afterok:${jobId}`,
      `--output=${join(paths.dir, 'logs', 'collect-%j.log')}`,
      ...(options.sbatchArgs ?? []),
      collectScript,
    ];
    writeFileAtomic(
      collectScript,
      renderCollectScript({ dir: paths.dir, cwd: manifest.cwd, argv: expandArgv(manifest.collect.argv, { sweep: paths.dir }), submitCommand: cArgv.map(shellQuote).join(' ') }),
    );
    chmodSync(collectScript, 0o755);
    collectJobId = await sbatch(cArgv, options.env, manifest.cwd);
    submission = { ...submission, collectJobId };
    writeSweepManifest(dir, { ...manifest, submissions: [...manifest.submissions, submission] });
  }
  return { submission, script };
}
