import type { Command } from 'commander';
import { Option } from 'commander';
import { collectPaths } from '../util/list-option';

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
    .requiredOption('--checkpoint <file>', 'checkpoint.json written by olfactory train')
    .requiredOption('--out <file>', 'ONNX file to write (atomically)')
    .addOption(dataDir())
    .option('--json', 'print what was written as JSON on stdout')
    .addHelpText(
      'after',
      `
The model takes noisy OR responses [batch, 21] and the circuit noise [30, batch, 2766] (standard
normals already scaled, from the counter-based generator), plus apl_inject, kc_inject (nA) and the
switches gap_enable, apl_enable, std_enable [1]; it returns the ORN, LN, PN and KC spike counts and
the decoder logits. IR 8, opset 15.

Examples:
  $ olfactory export --checkpoint models/canonical/seed-42/checkpoint.json --out seed-42.onnx
  $ olfactory export --checkpoint seed-42/checkpoint.json --out model.onnx --json`,
    )
    .action(async (opts: { checkpoint: string; out: string; dataDir?: string; json?: boolean }) => {
      const { runExport } = await import('./export');
      await runExport({ ...opts, json: opts.json === true, enabled: !quiet() });
    });

  program
    .command('recompute')
    .description('the deterministic recompute protocol (spec §4.1) on trained checkpoints, through onnxruntime-node or the TypeScript engine')
    .requiredOption('--checkpoints <path>', 'a folder of <run>/checkpoint.json, or a checkpoint file; repeat the flag to add more', collectPaths('--checkpoints'))
    .option('--with-concentration', 'also run the 50-trial concentration sweep (§4.7)')
    .addOption(new Option('--ablate <mode>', 'post-hoc ablation (§4.13): no gap junctions, no APL inhibition (Mancini skipped) or no STD').choices(['no-gap', 'no-apl', 'no-std']))
    .addOption(new Option('--device <device>', 'onnxruntime execution provider: auto (CUDA when available, else CPU), cpu or cuda (fails without CUDA)').choices(['auto', 'cpu', 'cuda']).default('auto'))
    .addOption(new Option('--engine <engine>', 'simulator: the exported ONNX model in onnxruntime-node, or the TypeScript engine (CPU)').choices(['onnx', 'typescript']).default('onnx'))
    .option('--out <dir>', 'folder for recompute.json and run-metadata.json (default: ./olfactory-recompute; never the input folder)')
    .addOption(dataDir())
    .option('--json', 'print recompute.json on stdout')
    .addHelpText(
      'after',
      `
Protocol (per checkpoint): 1,400 test samples (50 noisy copies of each of the 28 odors) for
accuracy, KC sparsity and activity; 50 trials per odor for centroid accuracy and per-pair
decorrelation; the Mancini test (zero odor, kc_inject 0.1 nA, apl_inject 0 / 0.7, 50 trials each);
with --with-concentration the sweep over 7 concentrations (50 trials). All noise comes from the
counter-based generator seeded 42: results are deterministic (recompute.json is byte-identical
across runs on one device) but are not PyTorch's random streams. Timings, versions and the device
go to run-metadata.json.

Examples:
  $ olfactory recompute --checkpoints models/canonical
  $ olfactory recompute --checkpoints models/canonical --with-concentration --out results/canonical
  $ olfactory recompute --checkpoints models/canonical --ablate no-gap --out results/no-gap --json
  $ olfactory recompute --checkpoints a/checkpoint.json --checkpoints b/checkpoint.json --engine typescript`,
    )
    .action(
      async (opts: { checkpoints: string[]; withConcentration?: boolean; ablate?: 'no-gap' | 'no-apl' | 'no-std'; device: 'auto' | 'cpu' | 'cuda'; engine: 'onnx' | 'typescript'; out?: string; dataDir?: string; json?: boolean }) => {
        const { runRecompute } = await import('./recompute');
        await runRecompute({ ...opts, withConcentration: opts.withConcentration === true, json: opts.json === true, enabled: !quiet() });
      },
    );
}
