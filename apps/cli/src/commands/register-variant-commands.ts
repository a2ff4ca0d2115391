import type { Command } from 'commander';
import { InvalidArgumentError, Option } from 'commander';
import { CliUsageError } from '../util/cli-error';
import { z } from 'zod';
import { DATA_VARIANTS } from '@olfactory/connectome-data';
import { applyConfigFile, configHelpText, configOption } from '../util/config-file';
import type { ConfigSpec } from '../util/config-file';
import { parseSeeds } from './train';
import { positiveInt } from '../util/list-option';

const posIntKey = (what: string) => ({ schema: z.number().int().positive(), expected: `a positive integer (${what})` });
const pathKey = { schema: z.string().trim().min(1), expected: 'a folder path (string)', path: 'single' } as const;
const GRID_CONFIG: ConfigSpec = {
  out: pathKey,
  variants: {
    schema: z.union([z.literal('all').transform(() => [] as string[]), z.array(z.enum(DATA_VARIANTS.map((v) => v.name) as [string, ...string[]]))]),
    expected: '"all" or an array of variant names',
  },
  seeds: { schema: z.union([z.string(), z.number().int().nonnegative().transform(String)]), expected: 'seeds as a string like "42-43", or one number' },
  epochs: posIntKey('student epochs'),
  teacherEpochs: posIntKey('teacher epochs'),
  dataDir: pathKey,
  backend: { schema: z.enum(['local', 'slurm']), expected: '"local" or "slurm"' },
  workers: posIntKey('trainings at once'),
  maxParallel: posIntKey('SLURM array tasks at once'),
  sbatchArg: { schema: z.array(z.string()), expected: 'an array of sbatch options' },
  collect: { schema: z.boolean(), expected: 'true or false' },
  json: { schema: z.boolean(), expected: 'true or false' },
};

const collectArgs = (value: string, previous: string[] = []) => [...previous, value];
const variantList = (value: string) => {
  const names = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const known = DATA_VARIANTS.map((v) => v.name);
  const bad = names.filter((n) => !known.includes(n));
  if (value.trim() === 'all') return [];
  if (names.length === 0 || bad.length) throw new InvalidArgumentError(`invalid --variants: ${bad.join(', ') || value}; expected "all" or a comma-separated list of ${known.join(', ')}.`);
  return names;
};

/**
 * Registers `olfactory data variant-grid` (train a grid of data variants as a sweep, local or
 * SLURM) and `olfactory data variant-table` (recompute and tabulate them against the paper's
 * canonical signature; the grid's collect step).
 */
export function registerVariantCommands(data: Command, program: Command, cliScript: string): void {
  const quiet = () => program.opts<{ quiet?: boolean }>().quiet === true;
  data
    .command('variant-grid')
    .description('train a grid of data variants (connectome preprocessings) as a sweep, then tabulate their signatures against the paper')
    .option('--out <dir>', "the grid's sweep folder: runs/<variant>/seed-<S>/, variant-table.json/.svg/.png (required)")
    .option('--variants <list>', 'variants to train: "all" or a comma-separated list (see olfactory data variants)', variantList, [])
    .option('--seeds <list>', 'seeds per variant, e.g. 42 or 42-43', '42')
    .option('--epochs <n>', 'student epochs', positiveInt('--epochs'), 300)
    .option('--teacher-epochs <n>', 'rate-teacher epochs', positiveInt('--teacher-epochs'), 300)
    .option('--data-dir <dir>', 'folder holding winding2023/ and door2/ (default: $OLFACTORY_DATA_DIR or the per-user cache)')
    .addOption(new Option('--backend <name>', 'where the trainings run').choices(['local', 'slurm']).default('local'))
    .addOption(new Option('--workers <n>', 'local: trainings at once (default: cores)').argParser(positiveInt('--workers')))
    .addOption(new Option('--max-parallel <n>', 'slurm: at most n array tasks at once').argParser(positiveInt('--max-parallel')))
    .addOption(new Option('--sbatch-arg <arg>', 'slurm: extra sbatch option, repeatable').argParser(collectArgs).default([], 'none'))
    .option('--no-collect', 'do not run (local) or submit (slurm, afterok) the variant-table step')
    .option('--json', 'print the sweep outcome as JSON on stdout')
    .addOption(configOption())
    .addHelpText(
      'after',
      `
One job per variant and seed (\`olfactory train --variant V --seeds S\` into <out>/runs/V), run by the
sweep runner: locally on --workers processes with a progress bar, or as one SLURM array job. A
killed grid resumes where it stopped. When every training is done, the collect step
\`olfactory data variant-table <out>\` recomputes each variant (with the concentration sweep) and
scores it against the paper's canonical signature (spec §5.2–5.4; never the held-out §5.5 values).

Examples:
  $ olfactory data variant-grid --out grids/variants --seeds 42 --workers 2
  $ olfactory data variant-grid --out grids/masks --variants canonical,reference-masks --seeds 42-43
  $ olfactory data variant-grid --out grids/variants --backend slurm --max-parallel 11
${configHelpText('data variant-grid', { out: 'grids/variants', variants: ['one-to-one', 'annotation-order'], seeds: '42-43', workers: 2 })}`,
    )
    .action(async (_opts: unknown, cmd: Command) => {
      await applyConfigFile(cmd, GRID_CONFIG);
      const o = cmd.opts<{
        out?: string;
        variants: string[];
        seeds: string;
        epochs: number;
        teacherEpochs: number;
        dataDir?: string;
        backend: 'local' | 'slurm';
        workers?: number;
        maxParallel?: number;
        sbatchArg: string[];
        collect: boolean;
        json?: boolean;
      }>();
      if (o.out === undefined) throw new CliUsageError('missing --out: the grid\'s sweep folder; give it on the command line or as "out" in --config.');
      const { runVariantGrid } = await import('./variant-grid');
      await runVariantGrid({ ...o, out: o.out, seeds: parseSeeds(o.seeds), sbatchArgs: o.sbatchArg, cliScript, json: o.json === true, enabled: !quiet() });
    });

  data
    .command('variant-table')
    .description("recompute every trained variant of a grid folder and tabulate its signature against the paper (the grid's collect step)")
    .argument('<dir>', 'a folder made by olfactory data variant-grid (runs/<variant>/seed-<S>/checkpoint.json)')
    .addOption(new Option('--engine <engine>', 'simulator of the recompute').choices(['onnx', 'typescript']).default('onnx'))
    .option('--data-dir <dir>', 'folder holding winding2023/ and door2/ (default: $OLFACTORY_DATA_DIR or the per-user cache)')
    .option('--json', 'print variant-table.json on stdout')
    .addOption(configOption())
    .addHelpText(
      'after',
      `
Each variant folder is recomputed (spec §4.1 with the concentration sweep) unless its
recompute.json already covers exactly its checkpoints. Writes <dir>/variant-table.json (values,
differences in the paper's σ, gain checks, mean |z| over PN range, AL, MB, accuracy, Mancini) and
the figure <dir>/variant-table.svg / .png, atomically.

Examples:
  $ olfactory data variant-table grids/variants
  $ olfactory data variant-table grids/variants --json
${configHelpText('data variant-table grids/variants', { engine: 'typescript', json: true })}`,
    )
    .action(async (dir: string, _opts: unknown, cmd: Command) => {
      await applyConfigFile(cmd, {
        engine: { schema: z.enum(['onnx', 'typescript']), expected: '"onnx" or "typescript"' },
        dataDir: pathKey,
        json: { schema: z.boolean(), expected: 'true or false' },
      });
      const o = cmd.opts<{ engine: 'onnx' | 'typescript'; dataDir?: string; json?: boolean }>();
      const { runVariantTable } = await import('./variant-grid');
      await runVariantTable({ dir, engine: o.engine, dataDir: o.dataDir, json: o.json === true, enabled: !quiet() });
    });
}
