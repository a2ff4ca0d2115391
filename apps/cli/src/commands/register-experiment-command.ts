import type { Command } from 'commander';
import { Option } from 'commander';
import { positiveInt } from '../util/list-option';
import { parseSeeds } from '../util/parse-seeds';
import { CliUsageError } from '../util/cli-error';
import type { ExperimentName } from '../experiments/experiment-plan';
import { EXPERIMENT_NAMES, distinctConditions, experimentPlans } from '../experiments/experiment-plan';

const collectArgs = (value: string, previous: string[] = []) => [...previous, value];

/** Registers `olfactory experiment <name>` (spec §3.7, §4.8–4.13): the paper's experiments as sweeps of training jobs. */
export function registerExperimentCommand(program: Command, cliScript: string): void {
  const quiet = () => program.opts<{ quiet?: boolean }>().quiet === true;
  const all = experimentPlans('all');
  program
    .command('experiment')
    .description("run one of the paper's experiments (or all): its trainings as a resumable sweep, then its results table")
    .argument('<name>', `the experiment: ${EXPERIMENT_NAMES.join(', ')}`)
    .option('--seeds <list>', 'seeds, e.g. 42-46 or 42,44', '42-46')
    .option('--out <dir>', 'the experiment folder: runs/<condition>/seed-<S>/, eval/, <name>.json (default: olfactory-experiments/<name>)')
    .option('--extended', 'r1-loss-forms: also energy ×1, ×3, ×15 and KC-energy ×3, ×15')
    .addOption(new Option('--backend <name>', 'where the trainings run').choices(['local', 'slurm']).default('local'))
    .addOption(new Option('--workers <n>', 'local: trainings at once; also the recomputes at once in the evaluation (default: cores)').argParser(positiveInt('--workers')))
    .addOption(new Option('--max-parallel <n>', 'slurm: at most n array tasks at once').argParser(positiveInt('--max-parallel')))
    .addOption(new Option('--sbatch-arg <arg>', 'slurm: extra sbatch option, repeatable').argParser(collectArgs).default([], 'none'))
    .option('--no-collect', 'slurm: do not submit the evaluation as an afterok step')
    .addOption(new Option('--engine <engine>', 'simulator of the recompute evaluations').choices(['onnx', 'typescript']).default('onnx'))
    .option('--data-dir <dir>', 'folder holding winding2023/ and door2/ (default: $OLFACTORY_DATA_DIR or the per-user cache)')
    .option('--json', 'print the results table(s) as JSON on stdout')
    .option('--dry-run', 'print the plan (jobs and evaluations) and run nothing')
    // for smoke tests and the collect step; the paper trains 300 + 300 epochs
    .addOption(new Option('--epochs <n>').argParser(positiveInt('--epochs')).default(300).hideHelp())
    .addOption(new Option('--teacher-epochs <n>').argParser(positiveInt('--teacher-epochs')).default(300).hideHelp())
    .addOption(new Option('--collect-only').hideHelp())
    .addHelpText(
      'after',
      `
Experiments (one job = one seed of one condition, ${all.map((p) => `${p.name} ${p.conditions.length}`).join(', ')} conditions;
\`all\` trains each distinct condition once: ${distinctConditions(all).length} conditions × seeds):
  r1-loss-forms       canonical (retrained), CE only, all-neuron energy ×50, KC-only energy ×50
  r3-ablations        retrained without gap junctions, without APL, on the shuffled connectome; gaps/APL off post hoc
  std                 no STD during training; STD switched off post hoc (both with the concentration sweep)
  r4-ln-split         LN split quantile 0.20, 0.417, 0.50 (and the canonical 0.33)
  r5-mixtures         mixture coding and Honegger 2- and 3-odor sub-additivity of the canonical models, per seed
  r2-consistency      parameter correlations and CVs across seeds, threshold bounds, cross-model KC pattern similarity
  r6-task-complexity  7, 14 and 56 odors, with the 28-odor canonical models: KC thresholds at the −30 mV bound
Each training is atomic and resumable: run the same command again to finish a killed run (finished
jobs are skipped). Rate teachers are cached in <out>/teachers (train --teacher-cache): conditions
that differ only in what the student sees share their seed's teacher, trained once. The trainings
evaluate the test set every 50th epoch (train --test-every 50, the reference's schedule; the same
models). Then each experiment is evaluated (the deterministic recompute of spec §4.1, or its own
analysis: the recomputes run as --workers processes at a time beside the mixture analysis) and
<out>/<name>.json is written atomically, beside the paper's values;
<out>/figures/ gets Figure 4 (A–D), S4 and every table drawn as a figure. With
--backend slurm the trainings are one sbatch --array job and the evaluation an afterok step.

Examples:
  $ olfactory experiment r3-ablations --seeds 42-46 --workers 2
  $ olfactory experiment all --out results/experiments --backend slurm --max-parallel 16
  $ olfactory experiment r6-task-complexity --seeds 42 --json`,
    )
    .action(
      async (
        name: string,
        o: {
          dryRun?: boolean;
          seeds: string;
          out?: string;
          extended?: boolean;
          backend: 'local' | 'slurm';
          workers?: number;
          maxParallel?: number;
          sbatchArg: string[];
          collect: boolean;
          engine: 'onnx' | 'typescript';
          dataDir?: string;
          json?: boolean;
          epochs: number;
          teacherEpochs: number;
          collectOnly?: boolean;
        },
      ) => {
        if (!(EXPERIMENT_NAMES as readonly string[]).includes(name)) throw new CliUsageError(`unknown experiment '${name}'; expected one of ${EXPERIMENT_NAMES.join(', ')}.`);
        if (o.dryRun) {
          const plans = experimentPlans(name as ExperimentName, { extended: o.extended === true });
          const seeds = parseSeeds(o.seeds);
          const conditions = distinctConditions(plans);
          const evaluations: Record<string, number> = {};
          // evaluations shared inside the folder run once: a condition's mixtures, and a recompute of
          // (condition, post-hoc switch), made with the concentration sweep when any evaluation of it
          // needs the sweep (the others reuse it: see evaluateExperiment)
          const keyOf = (e: (typeof plans)[number]['evaluations'][number]) =>
            e.kind === 'mixtures' ? `mixtures ${e.condition}` : e.kind === 'recompute' ? `recompute ${e.condition} ${e.ablate}` : `${e.kind} ${e.id}`;
          const all = plans.flatMap((p) => p.evaluations);
          const withConcentration = new Set(all.filter((e) => e.kind === 'recompute' && e.withConcentration).map(keyOf));
          const counted = new Set<string>();
          for (const e of all) {
            const key = keyOf(e);
            if (counted.has(key)) continue;
            counted.add(key);
            const k = e.kind === 'recompute' ? (withConcentration.has(key) ? 'recompute-with-concentration' : 'recompute') : e.kind;
            evaluations[k] = (evaluations[k] ?? 0) + (e.kind === 'consistency' ? 1 : seeds.length);
          }
          // the rate teacher sees the connectome (shuffled or not) and the odors, not the student's switches (teacher cache)
          const teachers = new Set(conditions.map((c) => `${c.training.shuffledConnectome} ${c.training.odorCount}`)).size * seeds.length;
          const plan = {
            experiment: name,
            seeds,
            conditions: conditions.map((c) => c.id),
            jobs: conditions.length * seeds.length,
            teachers,
            evaluations,
            note: "evaluations count checkpoint evaluations (recompute and mixtures per seed; consistency once over all seeds), each shared one once; teachers = distinct rate teachers trained (the others come from the sweep's teacher cache)",
          };
          if (o.json) process.stdout.write(`${JSON.stringify(plan, null, 1)}\n`);
          else
            process.stdout.write(
              `experiment ${name}: ${plan.jobs} training job(s) (${plan.conditions.join(', ')} × ${seeds.length} seed(s)), ${plan.teachers} distinct rate teacher(s); evaluations ${Object.entries(
                evaluations,
              )
                .map(([k, v]) => `${k} ${v}`)
                .join(', ')}\n`,
            );
          return;
        }
        const { runExperiment } = await import('./experiment');
        await runExperiment({
          name: name as ExperimentName,
          seeds: parseSeeds(o.seeds),
          out: o.out ?? `olfactory-experiments/${name}`,
          extended: o.extended === true,
          backend: o.backend,
          workers: o.workers,
          maxParallel: o.maxParallel,
          sbatchArgs: o.sbatchArg,
          collect: o.collect,
          engine: o.engine,
          dataDir: o.dataDir,
          json: o.json === true,
          enabled: !quiet(),
          epochs: o.epochs,
          teacherEpochs: o.teacherEpochs,
          collectOnly: o.collectOnly === true,
          cliScript,
        });
      },
    );
}
