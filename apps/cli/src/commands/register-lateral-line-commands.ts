import { Command, InvalidArgumentError, Option } from 'commander';
import { z } from 'zod';
import { applyConfigFile, configOption } from '../util/config-file';
import { positiveInt } from '../util/list-option';
import { parseSeeds } from '../util/parse-seeds';

const collect = (value: string, previous: string[] = []) => [...previous, value];

const nonNegativeInt =
  (flag: string) =>
  (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`invalid ${flag}: ${value}; expected an integer >= 0.`);
    return n;
  };
const unitInterval =
  (flag: string) =>
  (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) throw new InvalidArgumentError(`invalid ${flag}: ${value}; expected a number in [0, 1] (fraction of topographic connections).`);
    return n;
  };
const positiveNumber =
  (flag: string) =>
  (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`invalid ${flag}: ${value}; expected a number > 0.`);
    return n;
  };
const topographyList = (value: string): number[] => value.split(',').map((v) => unitInterval('--topographies')(v.trim()));

const PARAM_HELP = `
Parameters: --preset baseline (the reference's BASELINE.md recipe: plastic LL→MON, topography
0.2, gain 220 mV, 10,000 trials) or ll_thesis; --trials and --topography (both layers) override
it, and --set name=value any parameter by its name (units in the name: ...Ms, ...Mv, ...Hz,
...Cm), e.g. --set monTsGainMv=200 --set llMonPlastic=false. Invalid values exit 2.`;

const RUN_CONFIG = {
  preset: { schema: z.enum(['baseline', 'll_thesis']), expected: "'baseline' or 'll_thesis'" },
  trials: { schema: z.number().int().min(0), expected: 'an integer >= 0' },
  topography: { schema: z.number().min(0).max(1), expected: 'a number in [0, 1]' },
  seed: { schema: z.number().int().min(0), expected: 'an integer >= 0' },
  set: { schema: z.array(z.string()), expected: 'an array of "name=value" strings' },
  out: { schema: z.string().trim().min(1), expected: 'a folder path', path: 'single' },
  checkpointEvery: { schema: z.number().int().positive(), expected: 'an integer > 0' },
  evalEvery: { schema: z.number().int().min(0), expected: 'an integer >= 0' },
  json: { schema: z.boolean(), expected: 'true or false' },
} as const;

/**
 * Registers `olfactory lateral-line run | evaluate | figures | sweep`: the lateral-line LL → MON
 * → TS STDP map of @olfactory/lateral-line.
 */
export function registerLateralLineCommands(program: Command, cliScript: string): void {
  const quiet = () => program.opts<{ quiet?: boolean }>().quiet === true;
  const ll = program
    .command('lateral-line')
    .description('the lateral-line LL → MON → TS spiking network with STDP: train, evaluate honestly, draw, sweep topography')
    .addHelpText(
      'after',
      `
Examples:
  $ olfactory lateral-line run --preset baseline --trials 10000 --seed 123 --out runs/ll/baseline-123
  $ olfactory lateral-line evaluate runs/ll/baseline-123 --json
  $ olfactory lateral-line figures runs/ll/baseline-123
  $ olfactory lateral-line sweep --topographies 0.1,0.15,0.2,0.4,0.6,0.8 --seeds 123-132 --out sweeps/ll-gradient --backend slurm`,
    );

  ll.command('run')
    .description('train one network (resumable: run the same command again after a stop) and test it with the honest metrics')
    .addOption(new Option('--preset <name>', 'parameter preset').choices(['baseline', 'll_thesis']).default('baseline'))
    .option('--trials <n>', 'training trials of 1.2 s (default: the preset, 10,000 for baseline)', nonNegativeInt('--trials'))
    .option('--topography <t>', 'fraction of topographic connections at LL→MON and MON→TS, in [0, 1]', unitInterval('--topography'))
    .option('--seed <n>', 'seed of wiring, weights and spikes', nonNegativeInt('--seed'), 123)
    .option('--set <name=value>', 'override any parameter by name (repeatable)', collect, [])
    .requiredOption('--out <dir>', 'run folder: params.json, checkpoint.json + checkpoint.state, run_summary.json, test-spikes.json')
    .option('--checkpoint-every <trials>', 'save a resumable checkpoint every this many trials', positiveInt('--checkpoint-every'), 100)
    .option('--eval-every <trials>', 're-test (extract mode) every this many trials for the learning curve; 0: only at 0 and the end', nonNegativeInt('--eval-every'), 0)
    .option('--json', 'print run_summary.json on stdout')
    .addOption(configOption())
    .addHelpText(
      'after',
      `${PARAM_HELP}

Outputs (each written atomically): params.json (every parameter with its unit in the name),
checkpoint.json + checkpoint.state (every --checkpoint-every trials; a stopped run resumes from
it), run_summary.json: the TS map scored in extract mode (fresh state, trained weights of BOTH
layers) beside the untrained network, a perfect map over the body (σθ floor ≈ 0.34 rad) and a
random map (≈ 1.7 rad), plus PV length and the rank correlation of TS index with preferred
position; training mode (the test continuing the training state) in its own block; the verdict
"map formed" needs all four criteria, never σθ alone. Progress with ETA on stderr.

Examples:
  $ olfactory lateral-line run --trials 200 --out runs/ll/short
  $ olfactory lateral-line run --preset baseline --topography 0.4 --seed 124 --eval-every 1000 --out runs/ll/t04-124
  $ olfactory lateral-line run --config ll.json   # {"trials": 2000, "out": "runs/ll/a", "set": ["monTsGainMv=200"]}`,
    )
    .action(async (_o: unknown, cmd: Command) => {
      await applyConfigFile(cmd, RUN_CONFIG);
      const o = cmd.opts<{ preset: string; trials?: number; topography?: number; seed: number; set: string[]; out: string; checkpointEvery: number; evalEvery: number; json?: boolean }>();
      const { runLateralLineRun } = await import('./lateral-line');
      await runLateralLineRun({ ...o, json: o.json === true, enabled: !quiet() });
    });

  ll.command('evaluate')
    .description('score a run folder again (extract mode, trained weights of both layers, beside untrained / perfect / random), or tabulate a sweep folder')
    .argument('<dir>', 'a run folder (from run) or a sweep folder (from sweep)')
    .option('--distance-cm <d>', "test distance of the sphere, cm (default: the run's, 0.8)", positiveNumber('--distance-cm'))
    .option('--noise-hz <sd>', 'extra Gaussian afferent noise during the test, Hz', (v) => {
      const n = Number(v);
      if (v.trim() === '' || !Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`invalid --noise-hz: ${v}; expected a number >= 0 (Hz).`);
      return n;
    })
    .option('--json', 'print the result as JSON')
    .action(async (dir: string, o: { distanceCm?: number; noiseHz?: number; json?: boolean }) => {
      const { runLateralLineEvaluate } = await import('./lateral-line');
      await runLateralLineEvaluate({ dir, ...o, json: o.json === true, enabled: !quiet() });
    });

  ll.command('figures')
    .description('draw a run folder (summary, TS spikes vs x, weight histograms and profiles, receptive fields, learning curves) or a sweep folder (topography gradient), as SVG + PNG')
    .argument('<dir>', 'a run folder or a sweep folder')
    .option('--out <dir>', 'figure folder (default: <dir>/figures)')
    .option('--json', 'print the written files as JSON')
    .action(async (dir: string, o: { out?: string; json?: boolean }) => {
      const { runLateralLineFigures } = await import('./lateral-line-figures');
      await runLateralLineFigures({ dir, out: o.out, json: o.json === true, enabled: !quiet() });
    });

  ll.command('sweep')
    .description('the topography sweep: one run per level and seed, locally or as one SLURM array job, then the table (evaluate)')
    .requiredOption('--topographies <list>', 'levels, e.g. 0.1,0.15,0.2,0.4,0.6,0.8', topographyList)
    .requiredOption('--seeds <list>', 'seeds, e.g. 123-132', (v) => parseSeeds(v))
    .addOption(new Option('--preset <name>', 'parameter preset').choices(['baseline', 'll_thesis']).default('baseline'))
    .option('--trials <n>', 'training trials per run (default: the preset)', nonNegativeInt('--trials'))
    .option('--set <name=value>', 'override any parameter by name (repeatable)', collect, [])
    .requiredOption('--out <dir>', 'the sweep folder (resumed when it exists with the same jobs)')
    .addOption(new Option('--backend <name>', 'where the runs go').choices(['local', 'slurm']).default('local'))
    .option('--workers <n>', 'local: runs at once (default: cores)', positiveInt('--workers'))
    .option('--max-parallel <n>', 'slurm: at most n array tasks at once', positiveInt('--max-parallel'))
    .option('--sbatch-arg <arg>', 'slurm: extra sbatch option (repeatable)', collect, [])
    .option('--no-collect', 'skip the table step')
    .option('--json', 'print the outcome as JSON')
    .addHelpText(
      'after',
      `${PARAM_HELP}

Each job is \`olfactory lateral-line run\` into <out>/runs/topo-<t>/seed-<s>; the collect step is
\`olfactory lateral-line evaluate <out>\` (gradient-table.json, beside the reference's published
table). Then \`olfactory lateral-line figures <out>\` draws the topography gradient.`,
    )
    .action(
      async (o: {
        topographies: number[];
        seeds: number[];
        preset: string;
        trials?: number;
        set: string[];
        out: string;
        backend: 'local' | 'slurm';
        workers?: number;
        maxParallel?: number;
        sbatchArg: string[];
        collect: boolean;
        json?: boolean;
      }) => {
        const { runLateralLineSweep } = await import('./lateral-line');
        await runLateralLineSweep({ ...o, sbatchArgs: o.sbatchArg, json: o.json === true, enabled: !quiet(), cliScript });
      },
    );
}
