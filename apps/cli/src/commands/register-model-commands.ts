import type { Command } from 'commander';
import { Option } from 'commander';
import { z } from 'zod';
import { CliUsageError } from '../util/cli-error';
import { applyConfigFile, configHelpText, configOption } from '../util/config-file';
import type { ConfigSpec } from '../util/config-file';
import { collectPaths } from '../util/list-option';
import { warn } from '../util/warn';

const path = (what: string) => ({ schema: z.string().trim().min(1), expected: `${what} (string)`, path: 'single' as const });
const bool = { schema: z.boolean(), expected: 'true or false' } as const;
const DEVICE = { schema: z.enum(['auto', 'cpu', 'cuda']), expected: '"auto", "cpu" or "cuda"' } as const;

const EXPORT_CONFIG: ConfigSpec = {
  checkpoints: path('a checkpoint file or its folder'),
  outFile: path('an ONNX file path'),
  dataDir: path('a data folder path'),
  json: bool,
};

const RECOMPUTE_CONFIG: ConfigSpec = {
  checkpoints: {
    schema: z.union([z.string().trim().min(1), z.array(z.string().trim().min(1)).min(1)]).transform((v) => (typeof v === 'string' ? [v] : v)),
    expected: 'a checkpoint folder or file (string) or a non-empty array of them',
    path: 'list',
  },
  concentration: bool,
  ablate: { schema: z.enum(['no-gap', 'no-apl', 'no-std']), expected: '"no-gap", "no-apl" or "no-std"' },
  device: DEVICE,
  engine: { schema: z.enum(['onnx', 'typescript']), expected: '"onnx" or "typescript"' },
  out: path('an output folder path'),
  dataDir: path('a data folder path'),
  json: bool,
};

/** The value of a renamed flag: the new one, else the old one with a warning naming the new. */
function renamed<T>(value: T | undefined, old: T | undefined, oldFlag: string, newFlag: string): T | undefined {
  if (old === undefined) return value;
  if (value !== undefined) throw new CliUsageError(`${oldFlag} is the old name of ${newFlag}; give only ${newFlag}.`);
  warn(`${oldFlag} is renamed ${newFlag}; the old name will go away.`);
  return old;
}

/**
 * Registers `olfactory export` and `olfactory recompute`. Kept out of cli.ts so the entry point
 * only gains an import and one call; the command modules (onnxruntime-node) are imported when a
 * command runs.
 */
export function registerModelCommands(program: Command): void {
  const dataDir = () => new Option('--data-dir <dir>', 'folder holding winding2023/ and door2/ (default: $OLFACTORY_DATA_DIR or the per-user cache)');
  const quiet = () => program.opts<{ quiet?: boolean }>().quiet === true;

  program
    .command('export')
    .description('write a checkpoint as an ONNX model (evaluation mode, 30-step Scan, circuit noise as an input)')
    .option('--checkpoints <path>', 'checkpoint.json written by olfactory train, or its folder')
    .addOption(new Option('--checkpoint <file>', 'old name of --checkpoints').hideHelp())
    .option('--out-file <file>', 'ONNX file to write (atomically)')
    .addOption(new Option('--out <file>', 'old name of --out-file').hideHelp())
    .addOption(dataDir())
    .option('--json', 'print what was written as JSON on stdout')
    .addOption(configOption())
    .addHelpText(
      'after',
      `
The model takes noisy OR responses [batch, 21] and the circuit noise [30, batch, 2766] (standard
normals already scaled, from the counter-based generator), plus apl_inject, kc_inject (nA) and the
switches gap_enable, apl_enable, std_enable [1]; it returns the ORN, LN, PN and KC spike counts and
the decoder logits. IR 8, opset 15.

Examples:
  $ olfactory export --checkpoints models/canonical/seed-42/checkpoint.json --out-file seed-42.onnx
  $ olfactory export --checkpoints models/canonical/seed-42 --out-file model.onnx --json
${configHelpText('export', { checkpoints: 'models/canonical/seed-42', outFile: 'seed-42.onnx' })}`,
    )
    .action(async (_opts: unknown, cmd: Command) => {
      await applyConfigFile(cmd, EXPORT_CONFIG);
      const o = cmd.opts<{ checkpoints?: string; checkpoint?: string; outFile?: string; out?: string; dataDir?: string; json?: boolean }>();
      const checkpoints = renamed(o.checkpoints, o.checkpoint, '--checkpoint', '--checkpoints');
      const outFile = renamed(o.outFile, o.out, '--out', '--out-file');
      if (checkpoints === undefined) throw new CliUsageError('missing --checkpoints: the checkpoint.json to export (or its folder); give it on the command line or as "checkpoints" in --config.');
      if (outFile === undefined) throw new CliUsageError('missing --out-file: the ONNX file to write; give it on the command line or as "outFile" in --config.');
      const { runExport } = await import('./export');
      await runExport({ checkpoint: checkpoints, out: outFile, dataDir: o.dataDir, json: o.json === true, enabled: !quiet() });
    });

  program
    .command('recompute')
    .description('the deterministic recompute protocol (spec §4.1) on trained checkpoints, through onnxruntime-node or the TypeScript engine')
    .option('--checkpoints <path>', 'a folder of <run>/checkpoint.json, or a checkpoint file; repeat the flag to add more', collectPaths('--checkpoints'))
    .option('--concentration', 'also run the 50-trial concentration sweep (§4.7)')
    .option('--no-concentration', 'skip the concentration sweep (the default)')
    .addOption(new Option('--with-concentration', 'old name of --concentration').hideHelp())
    .addOption(new Option('--ablate <mode>', 'post-hoc ablation (§4.13): no gap junctions, no APL inhibition (Mancini skipped) or no STD').choices(['no-gap', 'no-apl', 'no-std']))
    .addOption(
      new Option('--device <device>', 'onnxruntime execution provider: auto (CUDA when available, else CPU), cpu or cuda (fails without CUDA)').choices(['auto', 'cpu', 'cuda']).default('auto'),
    )
    .addOption(new Option('--engine <engine>', 'simulator: the exported ONNX model in onnxruntime-node, or the TypeScript engine (CPU)').choices(['onnx', 'typescript']).default('onnx'))
    .option('--out <dir>', 'folder for recompute.json and run-metadata.json (default: ./olfactory-recompute; never the input folder)')
    .addOption(dataDir())
    .option('--json', 'print recompute.json on stdout')
    .addOption(configOption())
    .addHelpText(
      'after',
      `
Protocol (per checkpoint): 1,400 test samples (50 noisy copies of each of the 28 odors) for
accuracy, KC sparsity and activity; 50 trials per odor for centroid accuracy and per-pair
decorrelation; the Mancini test (zero odor, kc_inject 0.1 nA, apl_inject 0 / 0.7, 50 trials each);
with --concentration the sweep over 7 concentrations (50 trials). All noise comes from the
counter-based generator seeded 42: results are deterministic (recompute.json is byte-identical
across runs on one device) but are not PyTorch's random streams. Timings, versions and the device
go to run-metadata.json.

Examples:
  $ olfactory recompute --checkpoints models/canonical
  $ olfactory recompute --checkpoints models/canonical --concentration --out results/canonical
  $ olfactory recompute --checkpoints models/canonical --ablate no-gap --out results/no-gap --json
  $ olfactory recompute --checkpoints a/checkpoint.json --checkpoints b/checkpoint.json --engine typescript
${configHelpText('recompute', { checkpoints: ['models/canonical'], concentration: true, out: 'results/canonical' })}`,
    )
    .action(async (_opts: unknown, cmd: Command) => {
      await applyConfigFile(cmd, RECOMPUTE_CONFIG);
      const o = cmd.opts<{
        checkpoints?: string[];
        concentration?: boolean;
        withConcentration?: boolean;
        ablate?: 'no-gap' | 'no-apl' | 'no-std';
        device: 'auto' | 'cpu' | 'cuda';
        engine: 'onnx' | 'typescript';
        out?: string;
        dataDir?: string;
        json?: boolean;
      }>();
      if (o.checkpoints === undefined || o.checkpoints.length === 0)
        throw new CliUsageError('missing --checkpoints: a folder of <run>/checkpoint.json or a checkpoint file; give it on the command line or as "checkpoints" in --config.');
      const concentration = renamed(o.concentration, o.withConcentration, '--with-concentration', '--concentration') === true;
      const { runRecompute } = await import('./recompute');
      await runRecompute({
        checkpoints: o.checkpoints,
        withConcentration: concentration,
        ablate: o.ablate,
        device: o.device,
        engine: o.engine,
        out: o.out,
        dataDir: o.dataDir,
        json: o.json === true,
        enabled: !quiet(),
      });
    });
}
