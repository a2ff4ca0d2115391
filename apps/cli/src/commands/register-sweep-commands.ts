import { Command, InvalidArgumentError, Option } from 'commander';
import { positiveInt } from '../util/list-option';

const collectArgs = (value: string, previous: string[] = []) => [...previous, value];

const JOBS_FORMAT = `
Jobs file (JSON): an array of jobs, or {"command": [...], "jobs": [...], "collect": {"argv": [...]}}.
Each job is {"id": "seed-42", "argv": ["olfactory", "train", "--seeds", "42", "--out", "{sweep}/models"],
"output": "models/seed-42/checkpoint.json"}: one command line (no shell), the file or folder it writes (relative to the
sweep folder, or absolute) and a stable id (letters, digits, . _ -). "command" is prepended to
every job's argv; a program "olfactory" runs this same CLI. In argv, {output}, {id} and {sweep}
become the absolute output path, the job id and the sweep folder. The job must write its output
atomically; it counts as done only when it exited 0 and the output exists.

Sweep folder: sweep.json (the job list and SLURM submissions), logs/<id>.log, done/<id>.json
(written after the job's output exists), failed/<id>.json (exit code, reason, log), slurm/ (sbatch
scripts, scheduler output). Running the same command again skips finished jobs, so a killed
run resumes (jobs a killed local run left running are stopped first, then run again).`;

/**
 * Registers `olfactory sweep run|status|resubmit|collect`: the generic sweep runner of
 * @olfactory/sweep, on a local pool of processes or as one SLURM array job. `cliScript` is this
 * CLI's entry point (dist/cli.js): jobs whose program is `olfactory` run it with this Node.
 */
export function registerSweepCommands(program: Command, cliScript: string): void {
  const quiet = () => program.opts<{ quiet?: boolean }>().quiet === true;
  const sweep = program
    .command('sweep')
    .description('run a list of CLI jobs (a sweep) locally or as one SLURM array job; resumable, with per-job logs and records')
    .addHelpText(
      'after',
      `${JOBS_FORMAT}

Examples:
  $ olfactory sweep run --jobs jobs.json --out sweeps/seeds                       # local, one process per core
  $ olfactory sweep run --jobs jobs.json --out sweeps/seeds --workers 2
  $ olfactory sweep run --jobs jobs.json --out sweeps/seeds --backend slurm --max-parallel 8 --sbatch-arg=--time=02:00:00
  $ olfactory sweep status sweeps/seeds
  $ olfactory sweep resubmit sweeps/seeds --failed
  $ olfactory sweep collect sweeps/seeds`,
    );

  const maxParallelOption = () => new Option('--max-parallel <n>', 'slurm: at most n array tasks at once (--array=0-(n-1)%max); default: all').argParser(positiveInt('--max-parallel'));
  const sbatchArgOption = () =>
    new Option('--sbatch-arg <arg>', 'slurm: extra sbatch option for every task, repeatable (e.g. --sbatch-arg=--partition=short)').argParser(collectArgs).default([], 'none');
  const workersOption = () => new Option('--workers <n>', 'local: jobs run at once, each a child process (default: cores)').argParser(positiveInt('--workers'));

  sweep
    .command('run')
    .description('create (or resume) a sweep folder from a jobs file and run it: locally, or submitted as one sbatch --array job')
    .requiredOption('--jobs <file>', 'JSON jobs file (format below)')
    .requiredOption('--out <dir>', 'the sweep folder (created; an existing one with the same jobs is resumed)')
    .addOption(new Option('--backend <name>', 'where the jobs run').choices(['local', 'slurm']).default('local'))
    .addOption(workersOption())
    .addOption(maxParallelOption())
    .addOption(sbatchArgOption())
    .option('--no-collect', 'do not run (local) or submit (slurm, afterok) the collect step')
    .option('--json', 'print the outcome as JSON on stdout')
    .addHelpText(
      'after',
      `
local: a pool of --workers child processes with a progress bar on stderr (jobs done, ETA, the
running jobs); Ctrl-C stops the running jobs, and running the command again resumes. Exit code 1
if a job failed (the others still ran); the collect step runs once every job is done.
slurm: writes <out>/slurm/array-<k>.sh and submits ONE sbatch --array job (one task per job not
yet done), prints its job id, and submits the collect step with --dependency=afterok:<id>.
${JOBS_FORMAT}

Examples:
  $ olfactory sweep run --jobs jobs.json --out sweeps/seeds --workers 2
  $ olfactory sweep run --jobs jobs.json --out sweeps/seeds --backend slurm --max-parallel 8 --json`,
    )
    .action(async (o: { jobs: string; out: string; backend: 'local' | 'slurm'; workers?: number; maxParallel?: number; sbatchArg: string[]; collect: boolean; json?: boolean }) => {
      const { runSweepRun } = await import('./sweep');
      await runSweepRun({
        cliScript,
        jobs: o.jobs,
        out: o.out,
        backend: o.backend,
        workers: o.workers,
        maxParallel: o.maxParallel,
        sbatchArgs: o.sbatchArg,
        collect: o.collect,
        json: o.json === true,
        enabled: !quiet(),
      });
    });

  sweep
    .command('status')
    .description('per-job state of a sweep, from its folder and the scheduler (squeue --json / scontrol show job)')
    .argument('<dir>', 'the sweep folder')
    .option('--json', 'print the status as JSON on stdout')
    .addHelpText(
      'after',
      `
States: done, running, queued, failed (exit code or scheduler state, with the log to read), lost
(submitted, but neither the scheduler nor the folder knows how it ended), unknown (submitted, and
the scheduler cannot be reached now), not-started.

Examples:
  $ olfactory sweep status sweeps/seeds
  $ olfactory sweep status sweeps/seeds --json`,
    )
    .action(async (dir: string, o: { json?: boolean }) => {
      const { runSweepStatus } = await import('./sweep');
      await runSweepStatus(dir, { json: o.json === true });
    });

  sweep
    .command('resubmit')
    .description('run the failed (and lost) jobs of a sweep again, alone: a new SLURM array of just those, or locally')
    .argument('<dir>', 'the sweep folder')
    .option('--failed', 'the failed and lost jobs (required; the only selection so far)')
    .addOption(new Option('--backend <name>', 'default: slurm if the sweep was submitted to SLURM, else local').choices(['local', 'slurm']))
    .addOption(workersOption())
    .addOption(maxParallelOption())
    .addOption(sbatchArgOption())
    .option('--no-collect', 'do not run or submit the collect step')
    .option('--json', 'print the outcome as JSON on stdout')
    .addHelpText('after', '\nExamples:\n  $ olfactory sweep resubmit sweeps/seeds --failed\n  $ olfactory sweep resubmit sweeps/seeds --failed --backend local --workers 2')
    .action(async (dir: string, o: { failed?: boolean; backend?: 'local' | 'slurm'; workers?: number; maxParallel?: number; sbatchArg: string[]; collect: boolean; json?: boolean }) => {
      const { CliUsageError } = await import('../util/cli-error');
      if (!o.failed) throw new CliUsageError('olfactory sweep resubmit needs --failed (resubmit the failed and lost jobs); to run every unfinished job, use olfactory sweep run again.');
      const { runSweepResubmit } = await import('./sweep');
      await runSweepResubmit(dir, { backend: o.backend, workers: o.workers, maxParallel: o.maxParallel, sbatchArgs: o.sbatchArg, collect: o.collect, json: o.json === true, enabled: !quiet() });
    });

  sweep
    .command('collect')
    .description("run the sweep's collect step here and now (it needs every job done)")
    .argument('<dir>', 'the sweep folder')
    .option('--json', 'print the outcome as JSON on stdout')
    .addHelpText('after', '\nExamples:\n  $ olfactory sweep collect sweeps/seeds')
    .action(async (dir: string, o: { json?: boolean }) => {
      const { runSweepCollect } = await import('./sweep');
      await runSweepCollect(dir, { json: o.json === true });
    });
}
