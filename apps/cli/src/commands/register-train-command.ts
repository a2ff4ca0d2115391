import type { Command } from 'commander';
import { InvalidArgumentError, Option } from 'commander';
import { z } from 'zod';
import { CliUsageError } from '../util/cli-error';
import { applyConfigFile, configHelpText } from '../util/config-file';
import type { ConfigSpec } from '../util/config-file';
import { BACKEND_CHOICES } from '../util/tf-backend';
import type { BackendChoice } from '../util/tf-backend';
import { parseSeeds, runTrain } from './train';
import { DATA_VARIANTS, OR_MAPPING_NAMES, PAPER_VARIANT } from '@olfactory/connectome-data';
import type { OrMappingName } from '@olfactory/connectome-data';
import { preprocessingFromFlags } from './preprocessing-flags';
import { positiveInt } from '../util/list-option';
import type { TrainingVariantFlags } from './training-variant-flags';
import { TRAINING_VARIANT_CONFIG, addTrainingVariantOptions, trainingVariantFromFlags } from './training-variant-flags';

const posInt = (what: string) => ({ schema: z.number().int().positive(), expected: `a positive integer (${what})` });
const TRAIN_CONFIG: ConfigSpec = {
  seeds: { schema: z.union([z.string(), z.number().int().nonnegative().transform(String)]), expected: 'seeds as a string like "42-46" or "42,44", or one number' },
  epochs: posInt('student epochs'),
  teacherEpochs: posInt('teacher epochs'),
  testEvery: posInt('epochs between test-set evaluations'),
  workers: posInt('worker threads'),
  variant: { schema: z.enum(DATA_VARIANTS.map((v) => v.name) as [string, ...string[]]), expected: `one of ${DATA_VARIANTS.map((v) => `"${v.name}"`).join(', ')}` },
  orMapping: { schema: z.enum(OR_MAPPING_NAMES), expected: `one of ${OR_MAPPING_NAMES.map((n) => `"${n}"`).join(', ')}` },
  lnQuantile: { schema: z.number().min(0).max(1), expected: 'a number in [0, 1]' },
  out: { schema: z.string().trim().min(1), expected: 'an output folder path (string)', path: 'single' },
  dataDir: { schema: z.string().trim().min(1), expected: 'a data folder path (string)', path: 'single' },
  backend: { schema: z.enum(['auto', 'node-gpu', 'node', 'wasm', 'cpu']), expected: 'one of "auto", "node-gpu", "node", "wasm", "cpu"' },
  noiseWorker: { schema: z.enum(['auto', 'on', 'off']), expected: 'one of "auto", "on", "off"' },
  json: { schema: z.boolean(), expected: 'true or false' },
  teacherCache: { schema: z.string().trim().min(1), expected: 'a teacher-cache folder path (string)', path: 'single' },
  ...TRAINING_VARIANT_CONFIG,
};

/** `olfactory train`. */
export function registerTrainCommand(program: Command, version: string): void {
  const cmd = program
    .command('train')
    .description('train the spiking student (rate teacher → ANN→SNN transfer → BPTT with soft spikes) for one or more seeds')
    .option('--seeds <list>', 'seeds, e.g. 42-46 or 42,44', '42-46')
    .option('--epochs <n>', 'student epochs', positiveInt('--epochs'), 300)
    .option('--teacher-epochs <n>', 'rate-teacher epochs', positiveInt('--teacher-epochs'), 300)
    .option(
      '--test-every <n>',
      "evaluate test accuracy and KC sparsity (140 noisy test samples) every n epochs, and always every 50th and the last; 50 is the reference's schedule and trains the same model ≈ 20 % faster",
      positiveInt('--test-every'),
      1,
    )
    .option('--workers <n>', 'seeds trained in parallel worker threads (default: min(seeds, cores))', positiveInt('--workers'))
    .addOption(new Option('--variant <name>', 'connectome preprocessing: a named data variant (`olfactory data variants` lists them)').choices(DATA_VARIANTS.map((v) => v.name)).default(PAPER_VARIANT))
    .addOption(new Option('--or-mapping <mapping>', "receptor→ORN assignment (overrides the variant's)").choices([...OR_MAPPING_NAMES]).default('one-to-one'))
    .option(
      '--ln-quantile <q>',
      'quantile of the LN excitatory/inhibitory split',
      (v: string) => {
        const q = Number(v);
        if (v.trim() === '' || !(q >= 0 && q <= 1)) throw new InvalidArgumentError(`invalid --ln-quantile: ${v}; expected a number in [0, 1].`);
        return q;
      },
      0.33,
    )
    .option('--out <dir>', 'output folder: <dir>/seed-<S>/{checkpoint.json, train.jsonl} (required)');
  addTrainingVariantOptions(cmd);
  cmd
    .option('--data-dir <dir>', 'folder holding winding2023/ and door2/ (default: $OLFACTORY_DATA_DIR or the per-user cache)')
    .addOption(new Option('--backend <name>', 'TensorFlow.js backend for the decoder, loss and Adam').choices([...BACKEND_CHOICES]).default('auto'))
    .addOption(
      new Option('--noise-worker <mode>', "generate each seed's circuit noise on a core of its own (auto: when every seed worker can have a second core)")
        .choices(['auto', 'on', 'off'])
        .default('auto'),
    )
    .option(
      '--teacher-cache <dir>',
      "reuse each seed's rate teacher from this folder when one with exactly the same inputs (seed, teacher epochs, odors, the AD matrices it sees, backend) is there, verified; else train it and store it (olfactory experiment uses <out>/teachers)",
    )
    .option('--json', 'print the per-seed summary as JSON on stdout')
    .option('--config <file>', 'JSON file of option values (keys = long options in camelCase); flags override it')
    .addHelpText(
      'after',
      `
Each seed trains in its own worker thread; progress bars (teacher, then student epochs with ETA)
go to stderr, one JSON line per epoch to <out>/seed-<S>/train.jsonl. A run that is killed resumes
from its last completed epoch (progress.json) when started again with the same flags; finished
seeds are skipped. Backend: @tensorflow/tfjs-node-gpu, then -node when installed, else wasm.
The circuit noise (≈1.3 M normal draws per optimizer step) is generated on a second core when one
is free for every seed worker (--noise-worker auto), with the same numbers bit for bit.
--test-every changes only which epochs of train.jsonl and of the checkpoint's history carry the
test accuracy and KC sparsity: the trained model is the same bit for bit.

Examples:
  $ olfactory train --seeds 42-46 --epochs 300 --out models/canonical
  $ olfactory train --seeds 42 --or-mapping by-name --out models/by-name
  $ olfactory train --seeds 42-43 --variant reference-masks --out runs/reference-masks
  $ olfactory train --seeds 42 --epochs 5 --teacher-epochs 5 --out /tmp/smoke --json
  $ olfactory train --seeds 42-46 --no-gap-junctions --out runs/r3-no-gap
  $ olfactory train --seeds 42 --loss kc-energy --energy-weight 50 --out runs/r1-kc-energy-50
  $ olfactory train --seeds 42 --shuffle-connectome --odors 56 --out runs/shuffled-56
  $ olfactory train --seeds 42-46 --test-every 50 --out runs/canonical-sweep

Training switches (spec §3.7) are recorded in each checkpoint, so recompute rebuilds the same
circuit; a folder holding a run with other switches is refused, never resumed.
${configHelpText('train', { seeds: '42-46', epochs: 300, workers: 2, out: 'models/canonical' })}`,
    )
    .action(async (_opts: unknown, cmd: Command) => {
      await applyConfigFile(cmd, TRAIN_CONFIG);
      const { variant, orMapping, lnQuantile, gapJunctions, apl, std, loss, energyWeight, shuffleConnectome, odors, aplBoost, aplLrMult, ...opts } = cmd.opts<
        TrainingVariantFlags & {
          seeds: string;
          epochs: number;
          teacherEpochs: number;
          testEvery: number;
          workers?: number;
          variant: string;
          orMapping: OrMappingName;
          lnQuantile: number;
          out?: string;
          dataDir?: string;
          backend: BackendChoice;
          noiseWorker: 'auto' | 'on' | 'off';
          json?: boolean;
          teacherCache?: string;
        }
      >();
      if (opts.out === undefined) throw new CliUsageError('missing --out: the folder to write <out>/seed-<S>/ into; give it on the command line or as "out" in --config.');
      const g = program.opts<{ quiet?: boolean }>();
      const preprocessing = preprocessingFromFlags(cmd, { variant, orMapping, lnQuantile });
      const training = trainingVariantFromFlags({ gapJunctions, apl, std, loss, energyWeight, shuffleConnectome, odors, aplBoost, aplLrMult });
      await runTrain({ ...opts, preprocessing, training, out: opts.out, seeds: parseSeeds(opts.seeds), json: opts.json === true, enabled: !g.quiet, version });
    });
}
