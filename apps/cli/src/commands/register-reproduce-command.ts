import type { Command } from 'commander';
import { InvalidArgumentError, Option } from 'commander';
import { z } from 'zod';
import { applyConfigFile, configHelpText } from '../util/config-file';
import type { ConfigSpec } from '../util/config-file';
import { BACKEND_CHOICES } from '../util/tf-backend';
import type { BackendChoice } from '../util/tf-backend';
import { runReproduce } from './reproduce';
import { parseSeeds } from './train';

const dir = (what: string) => ({ schema: z.string().trim().min(1), expected: `${what} (string)`, path: 'single' as const });
const REPRODUCE_CONFIG: ConfigSpec = {
  out: dir('an output folder path'),
  checkpoints: dir('a checkpoints folder path'),
  retrain: { schema: z.boolean(), expected: 'true or false' },
  seeds: { schema: z.string(), expected: 'seeds as a string like "42-46"' },
  epochs: { schema: z.number().int().positive(), expected: 'a positive integer' },
  workers: { schema: z.number().int().positive(), expected: 'a positive integer' },
  backend: { schema: z.enum(['auto', 'node-gpu', 'node', 'wasm', 'cpu']), expected: 'one of "auto", "node-gpu", "node", "wasm", "cpu"' },
  device: { schema: z.enum(['auto', 'cpu', 'cuda']), expected: '"auto", "cpu" or "cuda"' },
  concentration: { schema: z.boolean(), expected: 'true or false (false = --no-concentration)' },
  dataDir: dir('a data folder path'),
};

/** `olfactory reproduce` — the README's first command. */
export function registerReproduceCommand(program: Command, version: string): void {
  program
    .command('reproduce')
    .description('recompute the shipped canonical models through onnxruntime, draw every figure and write the HTML report (--retrain: train from scratch first)')
    .option('--out <dir>', 'output folder', 'olfactory-reproduce')
    .option('--checkpoints <dir>', 'trained checkpoints to use (default: models/canonical of the repository)')
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
    .option('--no-concentration', 'skip the concentration sweep (Figure 3)')
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
${configHelpText('reproduce', { out: 'results', device: 'cpu', concentration: false })}`,
    )
    .action(async (_opts: unknown, cmd: Command) => {
      await applyConfigFile(cmd, REPRODUCE_CONFIG);
      const opts = cmd.opts<{ out: string; checkpoints?: string; retrain?: boolean; seeds: string; epochs: number; workers?: number; backend: BackendChoice; device: 'auto' | 'cpu' | 'cuda'; concentration: boolean; dataDir?: string }>();
      const g = program.opts<{ quiet?: boolean }>();
      await runReproduce({ ...opts, retrain: opts.retrain === true, seeds: parseSeeds(opts.seeds), withConcentration: opts.concentration, enabled: !g.quiet, version });
    });
}
