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
import { collectPaths } from '../util/list-option';

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
  backend: { schema: z.enum(['auto', 'node-gpu', 'node', 'wasm', 'cpu']), expected: 'one of "auto", "node-gpu", "node", "wasm", "cpu"' },
  device: { schema: z.enum(['auto', 'cpu', 'cuda']), expected: '"auto", "cpu" or "cuda"' },
  concentration: { schema: z.boolean(), expected: 'true or false (false = --no-concentration)' },
  json: { schema: z.boolean(), expected: 'true or false' },
  dataDir: dir('a data folder path'),
};

/** `olfactory reproduce` — the README's first command. */
export function registerReproduceCommand(program: Command, version: string): void {
  program
    .command('reproduce')
    .description('recompute the shipped canonical models through onnxruntime, draw every figure and write the HTML report (--retrain: train from scratch first)')
    .option('--out <dir>', 'output folder', 'olfactory-reproduce')
    .option('--checkpoints <path>', 'trained checkpoints: a folder of <run>/checkpoint.json or a checkpoint file; repeat the flag to add more (default: the canonical models shipped in @olfactory/models)', collectPaths('--checkpoints'))
    .option('--retrain', 'train the seeds from scratch first (about 10 CPU-minutes per seed)')
    .option('--seeds <list>', 'seeds for --retrain', '42-46')
    .option('--epochs <n>', 'student epochs for --retrain', (v: string) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(`invalid --epochs: ${v}; expected a positive integer.`);
      return n;
    }, 300)
    .option('--workers <n>', 'parallel training worker threads for --retrain', (v: string) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(`invalid --workers: ${v}; expected a positive integer.`);
      return n;
    })
    .addOption(new Option('--backend <name>', 'TensorFlow.js backend for --retrain').choices([...BACKEND_CHOICES]).default('auto'))
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

Examples:
  $ olfactory reproduce
  $ olfactory reproduce --out results --device cpu
  $ olfactory reproduce --retrain --seeds 42-46 --workers 2 --out retrained
  $ olfactory reproduce --checkpoints models/by-name --no-concentration --json
${configHelpText('reproduce', { out: 'results', device: 'cpu', concentration: false })}`,
    )
    .action(async (_opts: unknown, cmd: Command) => {
      await applyConfigFile(cmd, REPRODUCE_CONFIG);
      // flags that only mean something with --retrain, and --checkpoints, which --retrain replaces
      const given = (key: string) => ['cli', 'config'].includes(cmd.getOptionValueSource(key) ?? '');
      const retrainOnly = ['seeds', 'epochs', 'workers', 'backend'].filter(given);
      if (cmd.getOptionValue('retrain') !== true && retrainOnly.length > 0) {
        throw new CliUsageError(`${retrainOnly.map((k) => `--${k}`).join(', ')} only apply to --retrain (training from scratch); add --retrain or drop ${retrainOnly.length > 1 ? 'them' : 'it'}.`);
      }
      if (cmd.getOptionValue('retrain') === true && given('checkpoints')) {
        throw new CliUsageError('--retrain and --checkpoints conflict: --retrain trains new checkpoints into <out>/models; drop one of them.');
      }
      const opts = cmd.opts<{ out: string; checkpoints?: string[]; retrain?: boolean; seeds: string; epochs: number; workers?: number; backend: BackendChoice; device: 'auto' | 'cpu' | 'cuda'; concentration?: boolean; dataDir?: string; json?: boolean }>();
      const g = program.opts<{ quiet?: boolean }>();
      await runReproduce({ ...opts, retrain: opts.retrain === true, seeds: parseSeeds(opts.seeds), withConcentration: opts.concentration !== false, json: opts.json === true, enabled: !g.quiet, version });
    });
}
