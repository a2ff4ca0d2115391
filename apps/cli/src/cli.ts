import { fileURLToPath } from 'node:url';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { runDataFetch } from './commands/data-fetch';
import { runDataInfo } from './commands/data-info';
import { runDataVariants } from './commands/data-variants';
import { preprocessingFromFlags } from './commands/preprocessing-flags';
import { DATA_VARIANTS, OR_MAPPING_NAMES } from '@olfactory/connectome-data';
import type { OrMappingName } from '@olfactory/connectome-data';
import { registerReproduceCommand } from './commands/register-reproduce-command';
import { registerTrainCommand } from './commands/register-train-command';
import { registerReportCommands } from './commands/register-report-commands';
import { registerModelCommands } from './commands/register-model-commands';
import { registerSweepCommands } from './commands/register-sweep-commands';
import { CliUsageError, formatError } from './util/cli-error';

declare const __CLI_VERSION__: string;

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
Mirror: set $OLFACTORY_DATA_MIRROR to a base URL serving winding2023/... and door2/... to download from it.`,
  );

const data = program.command('data').description('get, verify and inspect the public datasets (Winding 2023, DoOR 2.0 / Kreher 2008)');

const dataDirOption = () => new Option('--data-dir <dir>', 'folder holding winding2023/ and door2/ (default: $OLFACTORY_DATA_DIR or the per-user cache)');

data
  .command('fetch')
  .description('download the pinned data files that are missing, verifying size and sha256')
  .addOption(dataDirOption())
  .option('--repair', 're-download files that fail verification instead of stopping')
  .option('--json', 'print the verified files as JSON on stdout')
  .addHelpText('after', '\nExamples:\n  $ olfactory data fetch\n  $ olfactory data fetch --data-dir ./data --json')
  .action(async (opts: { dataDir?: string; repair?: boolean; json?: boolean }) => {
    const g = program.opts<{ quiet?: boolean }>();
    await runDataFetch({ dataDir: opts.dataDir, repair: opts.repair === true, json: opts.json === true, enabled: !g.quiet });
  });

data
  .command('info')
  .description('build the 368-neuron circuit from the data and print its numbers')
  .addOption(dataDirOption())
  .addOption(new Option('--variant <name>', 'connectome preprocessing: a named data variant (see `olfactory data variants`)').choices(DATA_VARIANTS.map((v) => v.name)).default('canonical'))
  .addOption(new Option('--or-mapping <mapping>', 'receptor→ORN assignment (overrides the variant\'s)').choices([...OR_MAPPING_NAMES]).default('one-to-one'))
  .option('--ln-quantile <q>', 'quantile of the LN excitatory/inhibitory split (overrides the variant\'s)', parseQuantile, 0.33)
  .option('--json', 'print JSON on stdout')
  .addHelpText('after', '\nExamples:\n  $ olfactory data info\n  $ olfactory data info --json --or-mapping by-name\n  $ olfactory data info --ln-quantile 0.417\n  $ olfactory data info --variant reference-masks')
  .action(async (opts: { dataDir?: string; variant: string; orMapping: OrMappingName; lnQuantile: number; json?: boolean }, cmd: Command) => {
    const g = program.opts<{ quiet?: boolean }>();
    const preprocessing = preprocessingFromFlags(cmd, opts);
    await runDataInfo({ dataDir: opts.dataDir, preprocessing, json: opts.json === true, enabled: !g.quiet });
  });

data
  .command('variants')
  .description('every built-in data variant (connectome preprocessing) and what it does to the circuit before training')
  .addOption(dataDirOption())
  .option('--json', 'print JSON on stdout')
  .addHelpText(
    'after',
    `
For each variant: ORNs driven by odors, the LN split, how many of the reference's own matrix
totals (spec §1.2) its matrices reproduce, and how many odor pairs have feed-forward PN drives with
cosine > 0.9 (the OR inputs alone: 60). Train one with \`olfactory train --variant NAME\`.

Examples:
  $ olfactory data variants
  $ olfactory data variants --json`,
  )
  .action(async (opts: { dataDir?: string; json?: boolean }) => {
    const g = program.opts<{ quiet?: boolean }>();
    await runDataVariants({ dataDir: opts.dataDir, json: opts.json === true, enabled: !g.quiet });
  });

registerReportCommands(program);

registerTrainCommand(program, typeof __CLI_VERSION__ === 'string' ? __CLI_VERSION__ : '0.0.0');
registerReproduceCommand(program, typeof __CLI_VERSION__ === 'string' ? __CLI_VERSION__ : '0.0.0');

registerModelCommands(program);
registerSweepCommands(program, fileURLToPath(import.meta.url));

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
