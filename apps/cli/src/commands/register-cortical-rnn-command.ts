import type { Command } from 'commander';
import { InvalidArgumentError, Option } from 'commander';
import { CliUsageError } from '../util/cli-error';
import { positiveInt } from '../util/list-option';

const VARIANT_NAMES = ['W*D*C', 'WD*C', 'WDC', 'WD*', 'WD', 'W', 'W*D*C*', 'WD*C*', 'W*DC*', 'W!D*C', 'W!D*C*'];
const TASKS = ['maze', 'go-nogo', 'perceptual-decision'] as const;
const FIELDS = ['6_6_2', '5_3_4', '5_6_8'] as const;

const listOf =
  (flag: string, known: readonly string[]) =>
  (value: string): string[] => {
    if (value.trim() === 'all') return [...known];
    const names = value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const bad = names.filter((n) => !known.includes(n));
    if (names.length === 0 || bad.length) throw new InvalidArgumentError(`invalid ${flag}: ${bad.join(', ') || value}; expected "all" or a comma-separated list of ${known.join(', ')}.`);
    return names;
  };
const nonNegInt = (flag: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`invalid ${flag}: ${value}; expected a non-negative integer.`);
  return n;
};
const collectArgs = (value: string, previous: string[] = []) => [...previous, value];

interface TrainFlags {
  variant: string[];
  task: string[];
  field: (typeof FIELDS)[number];
  sims: number;
  sim?: number;
  seed: number;
  epochs: number;
  trainTrials: number;
  signConstraint?: boolean;
  precision?: boolean;
  sttcOnly?: boolean;
  wLambdaBug?: boolean;
  engine: 'auto' | 'onnxruntime' | 'tfjs';
  nulls: number;
  nullModel: 'matched-density' | 'reference-threshold';
  out?: string;
  dataDir?: string;
  json?: boolean;
}

function trainOptions(cmd: Command): Command {
  return cmd
    .option('--variant <list>', `variants: "all" or a comma-separated list of ${VARIANT_NAMES.join(' ')}`, listOf('--variant', VARIANT_NAMES), [...VARIANT_NAMES])
    .option('--task <list>', `tasks: "all" or a comma-separated list of ${TASKS.join(' ')}`, listOf('--task', TASKS), [...TASKS])
    .addOption(new Option('--field <id>', 'MICrONS field (session_scan_field)').choices([...FIELDS]).default('6_6_2'))
    .option('--sims <n>', 'simulations per variant and task (indices 0..n-1)', positiveInt('--sims'), 1)
    .option('--sim <i>', 'run only simulation index i (a sweep job)', nonNegInt('--sim'))
    .option('--seed <n>', 'base seed', nonNegInt('--seed'), 0)
    .option('--epochs <n>', 'epochs per training', positiveInt('--epochs'), 10)
    .option('--train-trials <n>', 'training trials (batches of 128; the reference: 5120 = 40 batches)', positiveInt('--train-trials'), 5120)
    .option('--sign-constraint', 'non-negative W_rec (the _sign+ arm)')
    .option('--precision', 'bio init from precision ⊙ STTC instead of correlation ⊙ STTC')
    .option('--sttc-only', 'bio init from STTC alone')
    .option('--w-lambda-bug', "reproduce the reference's W regulariser without λ (λ = 1)")
    .addOption(
      new Option('--engine <name>', 'compute engine: onnxruntime (MLAS, one thread per training), tfjs (TF.js wasm), or auto (onnxruntime when installed)')
        .choices(['auto', 'onnxruntime', 'tfjs'])
        .default('auto'),
    )
    .option('--nulls <n>', 'null graphs per small-worldness evaluation', positiveInt('--nulls'), 1000)
    .addOption(new Option('--null-model <name>', "small-world nulls: matched density, or the reference's 0.7 threshold").choices(['matched-density', 'reference-threshold']).default('matched-density'))
    .option('--data-dir <dir>', 'folder holding microns-corticalblueprint/ (default: $OLFACTORY_DATA_DIR or the per-user cache)');
}

function resolveTrain(o: TrainFlags) {
  if (o.precision && o.sttcOnly) throw new CliUsageError('--precision and --sttc-only exclude each other; give one.');
  if (o.out === undefined) throw new CliUsageError('missing --out: the folder that receives runs/<variant>/<task>/sim-<i>.json.');
  return {
    variants: o.variant,
    tasks: o.task as (typeof TASKS)[number][],
    sims: o.sim !== undefined ? [o.sim] : Array.from({ length: o.sims }, (_, i) => i),
    field: o.field,
    seed: o.seed,
    epochs: o.epochs,
    trainTrials: o.trainTrials,
    signConstraint: o.signConstraint === true,
    bioInit: (o.precision ? 'precision-sttc' : o.sttcOnly ? 'sttc' : 'corr-sttc') as 'corr-sttc' | 'precision-sttc' | 'sttc',
    wLambdaBug: o.wLambdaBug === true,
    engine: o.engine,
    nulls: o.nulls,
    nullModel: o.nullModel,
    out: o.out,
    dataDir: o.dataDir,
  };
}

/**
 * Registers `olfactory cortical-rnn train | sweep | metrics | figures` (the MICrONS-constrained
 * RNN study, @olfactory/cortical-rnn).
 */
export function registerCorticalRnnCommand(program: Command, cliScript: string): void {
  const quiet = () => program.opts<{ quiet?: boolean }>().quiet === true;
  const group = program.command('cortical-rnn').description('MICrONS-constrained rate RNNs: 11 variants × 3 tasks, graph metrics of the trained weights');

  trainOptions(group.command('train').description('train variants × tasks × simulations and write one record each (accuracies, graph metrics, W_rec)'))
    .option('--out <dir>', 'output folder: runs/<variant>/<task>/sim-<i>.json (required)')
    .option('--json', 'print the records (without W_rec) as JSON on stdout')
    .addHelpText(
      'after',
      `
Each training: Adam, 10 epochs over 40 batches of 128 (5,120 trials), input noise 0.05; then the
top-10 % graph of |W_rec| with CNM modularity, assortativity, small-worldness against --nulls
matched-density null graphs, and the KDE weight entropy. Reported: training accuracy (the
reference's "Accuracy"), test accuracy (its "Validation_Accuracy") and the held-out validation
accuracy on the split it never used. Engine (--engine): onnxruntime-node on one CPU thread per
training when installed (≈ 3× faster per core), else TensorFlow.js wasm; the record names it.

Examples:
  $ olfactory cortical-rnn train --variant 'W*D*C' --task maze --out runs/crnn
  $ olfactory cortical-rnn train --variant all --task go-nogo --sims 2 --sign-constraint --out runs/crnn-sign
  $ olfactory cortical-rnn train --variant W --task maze --epochs 1 --train-trials 256 --nulls 50 --out /tmp/crnn --json`,
    )
    .action(async (_opts: unknown, cmd: Command) => {
      const o = resolveTrain(cmd.opts<TrainFlags>());
      const { runCorticalTrain } = await import('./cortical-rnn');
      await runCorticalTrain({ ...o, json: cmd.opts<TrainFlags>().json === true, enabled: !quiet() });
    });

  trainOptions(group.command('sweep').description('the variant × task × simulation table as a sweep (local or SLURM), then its metrics table'))
    .option('--out <dir>', 'the sweep folder: runs/, table.json (required)')
    .addOption(new Option('--backend <name>', 'where the trainings run').choices(['local', 'slurm']).default('local'))
    .addOption(new Option('--workers <n>', 'local: trainings at once (default: cores)').argParser(positiveInt('--workers')))
    .addOption(new Option('--max-parallel <n>', 'slurm: at most n array tasks at once').argParser(positiveInt('--max-parallel')))
    .addOption(new Option('--sbatch-arg <arg>', 'slurm: extra sbatch option, repeatable').argParser(collectArgs).default([], 'none'))
    .option('--no-collect', 'do not run (local) or submit (slurm) the metrics step')
    .option('--json', 'print the sweep outcome as JSON on stdout')
    .addHelpText(
      'after',
      `
One job per variant, task and simulation (\`olfactory cortical-rnn train --sim i\`), run by the
sweep runner; a killed sweep resumes where it stopped. The collect step
\`olfactory cortical-rnn metrics <out>\` writes table.json with the reference's values beside.

Examples:
  $ olfactory cortical-rnn sweep --sims 5 --out sweeps/crnn --workers 2
  $ olfactory cortical-rnn sweep --sims 20 --out sweeps/crnn --backend slurm --max-parallel 60`,
    )
    .action(async (_opts: unknown, cmd: Command) => {
      const flags = cmd.opts<TrainFlags & { backend: 'local' | 'slurm'; workers?: number; maxParallel?: number; sbatchArg: string[]; collect: boolean }>();
      const o = resolveTrain(flags);
      const { runCorticalSweep } = await import('./cortical-rnn');
      await runCorticalSweep({
        ...o,
        out: o.out,
        backend: flags.backend,
        workers: flags.workers,
        maxParallel: flags.maxParallel,
        sbatchArgs: flags.sbatchArg,
        collect: flags.collect,
        json: flags.json === true,
        enabled: !quiet(),
        cliScript,
      });
    });

  group
    .command('metrics')
    .description('tabulate a folder of runs: mean and 95 % CI per variant × task, Kruskal–Wallis per factor, Mann–Whitney + Holm, reference values beside')
    .argument('<dir>', 'a folder with runs/ (from cortical-rnn train or sweep)')
    .option('--json', 'print the table as JSON on stdout')
    .addHelpText('after', '\nExamples:\n  $ olfactory cortical-rnn metrics sweeps/crnn\n  $ olfactory cortical-rnn metrics sweeps/crnn --json')
    .action(async (dir: string, _opts: unknown, cmd: Command) => {
      const { runCorticalMetrics } = await import('./cortical-rnn');
      await runCorticalMetrics({ dir, json: cmd.opts<{ json?: boolean }>().json === true, enabled: !quiet() });
    });

  group
    .command('figures')
    .description('accuracy per variant and task, graph metrics per variant, a weight matrix with communities (SVG + PNG)')
    .argument('<dir>', 'a folder with runs/')
    .option('--out <dir>', 'where the figures go (default: <dir>)')
    .addHelpText('after', '\nExamples:\n  $ olfactory cortical-rnn figures sweeps/crnn')
    .action(async (dir: string, _opts: unknown, cmd: Command) => {
      const { runCorticalFigures } = await import('./cortical-rnn');
      await runCorticalFigures({ dir, out: cmd.opts<{ out?: string }>().out, enabled: !quiet() });
    });
}
