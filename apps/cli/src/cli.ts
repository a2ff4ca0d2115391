import { fileURLToPath } from 'node:url';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { FETCH_DATASETS, runDataFetch } from './commands/data-fetch';
import { runDataInfo } from './commands/data-info';
import { runDataVariants } from './commands/data-variants';
import { preprocessingFromFlags } from './commands/preprocessing-flags';
import { DATA_VARIANTS, OR_MAPPING_NAMES, PAPER_VARIANT } from '@olfactory/connectome-data';
import type { OrMappingName } from '@olfactory/connectome-data';
import { registerReproduceCommand } from './commands/register-reproduce-command';
import { registerTrainCommand } from './commands/register-train-command';
import { registerReportCommands } from './commands/register-report-commands';
import { registerModelCommands } from './commands/register-model-commands';
import { registerSweepCommands } from './commands/register-sweep-commands';
import { registerVariantCommands } from './commands/register-variant-commands';
import { registerExperimentCommand } from './commands/register-experiment-command';
import { registerCorticalRnnCommand } from './commands/register-cortical-rnn-command';
import { registerLateralLineCommands } from './commands/register-lateral-line-commands';
import { z } from 'zod';
import { CliUsageError, formatError } from './util/cli-error';
import { applyConfigFile, configHelpText, configOption } from './util/config-file';

declare const __CLI_VERSION__: string;

// A reader that goes away early (`olfactory recompute --json | head -c 10`, `--help | head -1`)
// closes the pipe: the rest of the output has nowhere to go, which is not an error of the
// command. Exit quietly instead of printing Node's EPIPE stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
    throw error;
  });
}

function parseQuantile(value: string): number {
  const q = Number(value);
  if (value.trim() === '' || !Number.isFinite(q) || q < 0 || q > 1) {
    throw new InvalidArgumentError(`invalid --ln-quantile: ${value}; expected a number in [0, 1] (canonical 0.33).`);
  }
  return q;
}

const program = new Command();
program
  .name('olfactory')
  .description('Connectome-constrained spiking model of the larval Drosophila olfactory pathway (Watts & Webb 2026).')
  .version(typeof __CLI_VERSION__ === 'string' ? __CLI_VERSION__ : '0.0.0')
  .option('--verbose', 'print stack traces on errors')
  .option('-q, --quiet', 'no progress output on stderr')
  .showHelpAfterError('(run with --help for usage)')
  // one error style for every message: `olfactory: …` (commander's own say `error: …`)
  .configureOutput({ outputError: (text, write) => write(`olfactory: ${text.replace(/^error: /, '')}`) })
  .exitOverride()
  .addHelpText(
    'after',
    `
Examples:
  $ olfactory data fetch                      download and verify the public data into the cache
  $ olfactory data info --json                circuit and odor-matrix numbers as JSON
  $ OLFACTORY_DATA_DIR=./data olfactory data info

Data directory: --data-dir DIR, else $OLFACTORY_DATA_DIR, else the per-user cache
(~/.cache/olfactory on Linux). Parsed caches: $OLFACTORY_CACHE_DIR or <cache>/parsed.
Mirror: set $OLFACTORY_DATA_MIRROR to a base URL serving winding2023/... and door2/... to download from it.

Flags: --checkpoints is a checkpoint file or folder, --out always a folder (--out-file for one
file); repeat --checkpoints / --results to give several (paths are never split at commas).
Every --out is checked for writability before any work and locked (<out>/.olfactory.lock;
train locks each <out>/seed-<S>, so other seeds can train into the same --out at once);
a lock whose process has ended is taken over with a warning. Exit codes: 0 ok, 1 the work
failed, 2 a usage error.`,
  );

const data = program.command('data').description('get, verify and inspect the public datasets (Winding 2023, DoOR 2.0 / Kreher 2008)');

const dataDirOption = () => new Option('--data-dir <dir>', 'folder holding winding2023/ and door2/ (default: $OLFACTORY_DATA_DIR or the per-user cache)');

const DATA_DIR_KEY = { schema: z.string().trim().min(1), expected: 'a data folder path (string)', path: 'single' } as const;
const JSON_KEY = { schema: z.boolean(), expected: 'true or false' } as const;

data
  .command('fetch')
  .description('download the pinned data files that are missing, verifying size and sha256')
  .addOption(dataDirOption())
  .option('--dataset <names>', `which data: "all" or a comma-separated list of ${Object.keys(FETCH_DATASETS).join(', ')}`, 'olfactory')
  .option('--repair', 're-download files that fail verification instead of stopping')
  .option('--json', 'print the verified files as JSON on stdout')
  .addOption(configOption())
  .addHelpText(
    'after',
    `\nExamples:\n  $ olfactory data fetch\n  $ olfactory data fetch --dataset microns\n  $ olfactory data fetch --dataset all --data-dir ./data --json\n${configHelpText('data fetch', { dataDir: 'data', json: true })}`,
  )
  .action(async (_opts: unknown, cmd: Command) => {
    await applyConfigFile(cmd, {
      dataDir: DATA_DIR_KEY,
      dataset: { schema: z.string().trim().min(1), expected: 'a dataset list (string)' },
      repair: { schema: z.boolean(), expected: 'true or false' },
      json: JSON_KEY,
    });
    const opts = cmd.opts<{ dataDir?: string; dataset?: string; repair?: boolean; json?: boolean }>();
    const g = program.opts<{ quiet?: boolean }>();
    await runDataFetch({ dataDir: opts.dataDir, dataset: opts.dataset, repair: opts.repair === true, json: opts.json === true, enabled: !g.quiet });
  });

data
  .command('info')
  .description('build the 368-neuron circuit from the data and print its numbers')
  .addOption(dataDirOption())
  .addOption(new Option('--variant <name>', 'connectome preprocessing: a named data variant (see `olfactory data variants`)').choices(DATA_VARIANTS.map((v) => v.name)).default(PAPER_VARIANT))
  .addOption(new Option('--or-mapping <mapping>', "receptor→ORN assignment (overrides the variant's)").choices([...OR_MAPPING_NAMES]).default('one-to-one'))
  .option('--ln-quantile <q>', "quantile of the LN excitatory/inhibitory split (overrides the variant's)", parseQuantile, 0.33)
  .option('--json', 'print JSON on stdout')
  .addOption(configOption())
  .addHelpText(
    'after',
    `\nExamples:\n  $ olfactory data info\n  $ olfactory data info --json --or-mapping by-name\n  $ olfactory data info --ln-quantile 0.417\n  $ olfactory data info --variant reference-masks\n${configHelpText('data info', { orMapping: 'by-name', json: true })}`,
  )
  .action(async (_opts: unknown, cmd: Command) => {
    await applyConfigFile(cmd, {
      dataDir: DATA_DIR_KEY,
      variant: { schema: z.enum(DATA_VARIANTS.map((v) => v.name) as [string, ...string[]]), expected: `one of ${DATA_VARIANTS.map((v) => `"${v.name}"`).join(', ')}` },
      orMapping: { schema: z.enum(OR_MAPPING_NAMES), expected: `one of ${OR_MAPPING_NAMES.map((n) => `"${n}"`).join(', ')}` },
      lnQuantile: { schema: z.number().min(0).max(1), expected: 'a number in [0, 1]' },
      json: JSON_KEY,
    });
    const opts = cmd.opts<{ dataDir?: string; variant: string; orMapping: OrMappingName; lnQuantile: number; json?: boolean }>();
    const g = program.opts<{ quiet?: boolean }>();
    const preprocessing = preprocessingFromFlags(cmd, opts);
    await runDataInfo({ dataDir: opts.dataDir, preprocessing, json: opts.json === true, enabled: !g.quiet });
  });

data
  .command('variants')
  .description('every built-in data variant (connectome preprocessing) and what it does to the circuit before training')
  .addOption(dataDirOption())
  .option('--json', 'print JSON on stdout')
  .addOption(configOption())
  .addHelpText(
    'after',
    `
For each variant: ORNs driven by odors, the LN split, how many of the reference's own matrix
totals (spec §1.2) its matrices reproduce, and how many odor pairs have feed-forward PN drives with
cosine > 0.9 (the OR inputs alone: 60). Train one with \`olfactory train --variant NAME\`.

Examples:
  $ olfactory data variants
  $ olfactory data variants --json
${configHelpText('data variants', { json: true })}`,
  )
  .action(async (_opts: unknown, cmd: Command) => {
    await applyConfigFile(cmd, { dataDir: DATA_DIR_KEY, json: JSON_KEY });
    const opts = cmd.opts<{ dataDir?: string; json?: boolean }>();
    const g = program.opts<{ quiet?: boolean }>();
    await runDataVariants({ dataDir: opts.dataDir, json: opts.json === true, enabled: !g.quiet });
  });

registerReportCommands(program);

registerTrainCommand(program, typeof __CLI_VERSION__ === 'string' ? __CLI_VERSION__ : '0.0.0');
registerReproduceCommand(program, typeof __CLI_VERSION__ === 'string' ? __CLI_VERSION__ : '0.0.0');

registerModelCommands(program);
registerSweepCommands(program, fileURLToPath(import.meta.url));
registerVariantCommands(data, program, fileURLToPath(import.meta.url));
registerExperimentCommand(program, fileURLToPath(import.meta.url));
registerCorticalRnnCommand(program, fileURLToPath(import.meta.url));
registerLateralLineCommands(program, fileURLToPath(import.meta.url));

async function main(argv: string[]): Promise<number> {
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; commander has already printed usage errors.
      return error.exitCode === 0 ? 0 : 2;
    }
    const verbose = argv.includes('--verbose');
    process.stderr.write(`${formatError(error, verbose)}\n`);
    return error instanceof CliUsageError ? error.exitCode : 1;
  }
}

main(process.argv).then((code) => {
  process.exitCode = code;
});
