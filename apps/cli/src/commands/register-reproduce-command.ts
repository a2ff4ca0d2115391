import type { Command } from 'commander';
import { InvalidArgumentError, Option } from 'commander';
import { z } from 'zod';
import { applyConfigFile, configHelpText } from '../util/config-file';
import type { ConfigSpec } from '../util/config-file';
import { BACKEND_CHOICES } from '../util/tf-backend';
import type { BackendChoice } from '../util/tf-backend';
import { runReproduce } from './reproduce';
import { parseSeeds } from './train';
import { CliUsageError } from '../util/cli-error';
import { collectPaths, positiveInt } from '../util/list-option';

const dir = (what: string) => ({ schema: z.string().trim().min(1), expected: `${what} (string)`, path: 'single' as const });
/** `"a"` or `["a", "b,c"]` → a non-empty list of paths, each taken as given (commas never split a path). */
const pathList = z.union([z.string().trim().min(1), z.array(z.string().trim().min(1)).min(1)]).transform((v) => (typeof v === 'string' ? [v] : v));
const REPRODUCE_CONFIG: ConfigSpec = {
  out: dir('an output folder path'),
  checkpoints: { schema: pathList, expected: 'a checkpoints folder or file (string) or a non-empty array of them', path: 'list' },
  retrain: { schema: z.boolean(), expected: 'true or false' },
  seeds: { schema: z.string(), expected: 'seeds as a string like "42-46"' },
  epochs: { schema: z.number().int().positive(), expected: 'a positive integer' },
  workers: { schema: z.number().int().positive(), expected: 'a positive integer' },
  backend: {
    schema: z.enum(['auto', 'node-gpu', 'node', 'wasm', 'cpu', 'local', 'slurm']),
    expected: 'one of "auto", "node-gpu", "node", "wasm", "cpu" (--retrain), "local", "slurm" (--all --retrain)',
  },
  all: { schema: z.boolean(), expected: 'true or false' },
  results: dir('the folder of `olfactory experiment all` (string)'),
  device: { schema: z.enum(['auto', 'cpu', 'cuda']), expected: '"auto", "cpu" or "cuda"' },
  concentration: { schema: z.boolean(), expected: 'true or false (false = --no-concentration)' },
  json: { schema: z.boolean(), expected: 'true or false' },
  dataDir: dir('a data folder path'),
};

/** `olfactory reproduce` — the README's first command. */
export function registerReproduceCommand(program: Command, version: string): void {
  program
    .command('reproduce')
    .description('recompute the shipped canonical models through onnxruntime, draw every figure and write the HTML report (--all: every experiment of the paper; --retrain: train from scratch first)')
    .option('--out <dir>', 'output folder', 'olfactory-reproduce')
    .option(
      '--checkpoints <path>',
      'trained checkpoints: a folder of <run>/checkpoint.json or a checkpoint file; repeat the flag to add more (default: the canonical models shipped in @olfactory/models)',
      collectPaths('--checkpoints'),
    )
    .option('--retrain', 'train the seeds from scratch first (about 10 CPU-minutes per seed)')
    .option('--seeds <list>', 'seeds for --retrain', '42-46')
    .option(
      '--epochs <n>',
      'student epochs for --retrain',
      (v: string) => {
        const n = Number(v);
        if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(`invalid --epochs: ${v}; expected a positive integer.`);
        return n;
      },
      300,
    )
    .option('--workers <n>', 'parallel training worker threads for --retrain', (v: string) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(`invalid --workers: ${v}; expected a positive integer.`);
      return n;
    })
    .option('--all', "the whole paper: also every experiment table beside the paper's values, Figure 4, S4 and the table figures (from the tables shipped in @olfactory/models, or --results)")
    .option('--results <dir>', "--all: the folder of 'olfactory experiment all' (or of one experiment); its tables replace the shipped ones and its runs/canonical the shipped models")
    .addOption(
      new Option('--backend <name>', 'TensorFlow.js backend for --retrain; with --all --retrain, where the sweep runs (local or slurm)')
        .choices([...BACKEND_CHOICES, 'local', 'slurm'])
        .default('auto'),
    )
    .addOption(new Option('--max-parallel <n>', '--all --retrain --backend slurm: at most n array tasks at once').argParser(positiveInt('--max-parallel')))
    .addOption(new Option('--sbatch-arg <arg>', '--all --retrain --backend slurm: extra sbatch option, repeatable').argParser((v: string, prev: string[] = []) => [...prev, v]).default([], 'none'))
    .addOption(new Option('--teacher-epochs <n>').argParser(positiveInt('--teacher-epochs')).default(300).hideHelp())
    .addOption(new Option('--device <device>', 'onnxruntime execution provider').choices(['auto', 'cpu', 'cuda']).default('auto'))
    .option('--concentration', 'run the concentration sweep (Figure 3; the default)')
    .option('--no-concentration', 'skip the concentration sweep (Figure 3)')
    .option('--json', 'print the written files and the summary as JSON on stdout')
    .option('--data-dir <dir>', 'folder holding winding2023/ and door2/ (default: $OLFACTORY_DATA_DIR or the per-user cache)')
    .option('--config <file>', 'JSON file of option values (keys = long options in camelCase); flags override it')
    .addHelpText(
      'after',
      `
Writes <out>/results/{recompute.json, run-metadata.json}, <out>/figures/*.svg|png and
<out>/report.html. Offline when the data is present (--data-dir / $OLFACTORY_DATA_DIR / cache).

--all adds <out>/experiments/<name>.json (every experiment table), Figure 4, S4 and the table
figures, and the report's experiments section (each table beside the paper's values, with the
difference in the paper's σ and the experiment's wall time). The tables shipped in
@olfactory/models are one full 'olfactory experiment all' (every condition retrained, seeds
42-46). --results DIR uses the tables of 'olfactory experiment all --out DIR' instead (a row
DIR lacks is listed as not shipped yet, with the command that generates it); --all --retrain
runs 'olfactory experiment all' into <out>/experiment-runs first (--backend local|slurm,
--workers, --seeds, --epochs): 70 trainings, 80 min with 2 workers on a 2-core machine
(measured; docs/experiments.md).

Examples:
  $ olfactory reproduce
  $ olfactory reproduce --out results --device cpu
  $ olfactory reproduce --retrain --seeds 42-46 --workers 2 --out retrained
  $ olfactory reproduce --checkpoints models/by-name --no-concentration --json
  $ olfactory reproduce --all
  $ olfactory reproduce --all --results olfactory-experiments/all --out paper
  $ olfactory reproduce --all --retrain --backend local --workers 2 --out paper
${configHelpText('reproduce', { out: 'results', device: 'cpu', concentration: false })}`,
    )
    .action(async (_opts: unknown, cmd: Command) => {
      await applyConfigFile(cmd, REPRODUCE_CONFIG);
      // flags that only mean something with --retrain, and --checkpoints, which --retrain replaces
      const given = (key: string) => ['cli', 'config'].includes(cmd.getOptionValueSource(key) ?? '');
      const all = cmd.getOptionValue('all') === true;
      const retrain = cmd.getOptionValue('retrain') === true;
      const backend = cmd.getOptionValue('backend') as string;
      if (given('results') && !all) throw new CliUsageError('--results only applies to --all (the experiment tables); add --all or drop it.');
      if (given('results') && retrain) throw new CliUsageError('--results and --retrain conflict: --all --retrain writes its own results into <out>/experiment-runs; drop one of them.');
      if (all && given('checkpoints'))
        throw new CliUsageError('--all and --checkpoints conflict: --all takes the canonical models from --results DIR/runs/canonical or the shipped ones; drop --checkpoints.');
      if (all && retrain && given('backend') && !['local', 'slurm'].includes(backend))
        throw new CliUsageError(`--backend ${backend}: with --all --retrain, --backend is where the sweep runs: local or slurm.`);
      if (!(all && retrain) && ['local', 'slurm'].includes(backend))
        throw new CliUsageError(`--backend ${backend} is a sweep backend, which only --all --retrain uses; without it --backend is the TensorFlow.js backend (${BACKEND_CHOICES.join(', ')}).`);
      const sweepOnly = ['maxParallel', 'sbatchArg', 'teacherEpochs'].filter(given);
      if (sweepOnly.length > 0 && !(all && retrain))
        throw new CliUsageError(`${sweepOnly.map((k) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`).join(', ')} only apply to --all --retrain.`);
      const retrainOnly = ['seeds', 'epochs', 'workers', 'backend'].filter(given);
      if (cmd.getOptionValue('retrain') !== true && retrainOnly.length > 0) {
        throw new CliUsageError(`${retrainOnly.map((k) => `--${k}`).join(', ')} only apply to --retrain (training from scratch); add --retrain or drop ${retrainOnly.length > 1 ? 'them' : 'it'}.`);
      }
      if (cmd.getOptionValue('retrain') === true && given('checkpoints')) {
        throw new CliUsageError('--retrain and --checkpoints conflict: --retrain trains new checkpoints into <out>/models; drop one of them.');
      }
      const opts = cmd.opts<{
        out: string;
        checkpoints?: string[];
        retrain?: boolean;
        seeds: string;
        epochs: number;
        workers?: number;
        backend: string;
        device: 'auto' | 'cpu' | 'cuda';
        concentration?: boolean;
        dataDir?: string;
        json?: boolean;
        results?: string;
        maxParallel?: number;
        sbatchArg: string[];
        teacherEpochs: number;
      }>();
      const g = program.opts<{ quiet?: boolean }>();
      const sweep = all && retrain;
      await runReproduce({
        ...opts,
        backend: (sweep ? 'auto' : opts.backend) as BackendChoice,
        retrain,
        all,
        ...(sweep
          ? { sweepBackend: (given('backend') ? opts.backend : 'local') as 'local' | 'slurm', maxParallel: opts.maxParallel, sbatchArgs: opts.sbatchArg, teacherEpochs: opts.teacherEpochs }
          : {}),
        seeds: parseSeeds(opts.seeds),
        withConcentration: opts.concentration !== false,
        json: opts.json === true,
        enabled: !g.quiet,
        version,
      });
    });
}
