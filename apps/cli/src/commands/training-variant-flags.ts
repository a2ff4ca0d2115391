import { InvalidArgumentError, Option } from 'commander';
import type { Command } from 'commander';
import { z } from 'zod';
import type { TrainingVariant } from '@olfactory/model';
import { CANONICAL_TRAINING, ODOR_COUNTS } from '@olfactory/model';
import type { ConfigSpec } from '../util/config-file';

/** The loss forms of R1 (spec §3.7). */
export const LOSS_FORMS = ['kc-sparsity', 'ce-only', 'energy', 'kc-energy'] as const;
export type LossForm = (typeof LOSS_FORMS)[number];

const nonNegative = (flag: string) => (v: string) => {
  const x = Number(v);
  if (v.trim() === '' || !Number.isFinite(x) || x < 0) throw new InvalidArgumentError(`invalid ${flag}: ${v}; expected a number ≥ 0.`);
  return x;
};

/** Adds the §3.7 training switches to `olfactory train`. */
export function addTrainingVariantOptions(cmd: Command): Command {
  return cmd
    .option('--no-gap-junctions', 'train without gap junctions (every log conductance frozen at ln 1e−30)')
    .option('--no-apl', 'train without the APL (raw gain −100, all four APL parameters frozen)')
    .option('--no-std', 'train without short-term depression (the no-STD synapse on every pathway)')
    .addOption(new Option('--loss <form>', 'loss: CE + the canonical KC-sparsity term, CE only, CE + all-neuron energy, CE + KC-only energy').choices([...LOSS_FORMS]).default('kc-sparsity'))
    .option('--energy-weight <w>', 'weight w of the energy term (ramped in over 60 epochs) for --loss energy|kc-energy', nonNegative('--energy-weight'), 50)
    .option('--shuffle-connectome', 'train (teacher and student) on the connectome shuffled with NumPy RandomState(seed + 1000) (R3 iii)')
    .addOption(new Option('--odors <n>', 'number of odor classes: 28 real; 7 or 14 real (RandomState(seed + 2000) subset); 56 = 28 real + 28 synthetic').choices(ODOR_COUNTS.map(String)).default('28'))
    .option('--apl-boost <x>', "student raw APL gain = x × the teacher's", nonNegative('--apl-boost'), CANONICAL_TRAINING.aplBoost)
    .option('--apl-lr-mult <x>', 'extra learning-rate factor of the APL gain', nonNegative('--apl-lr-mult'), CANONICAL_TRAINING.aplLrMultiplier);
}

/** `--config` keys of the training switches. */
export const TRAINING_VARIANT_CONFIG: ConfigSpec = {
  gapJunctions: { schema: z.boolean(), expected: 'true or false' },
  apl: { schema: z.boolean(), expected: 'true or false' },
  std: { schema: z.boolean(), expected: 'true or false' },
  loss: { schema: z.enum(LOSS_FORMS), expected: LOSS_FORMS.map((f) => `"${f}"`).join(', ') },
  energyWeight: { schema: z.number().min(0), expected: 'a number ≥ 0' },
  shuffleConnectome: { schema: z.boolean(), expected: 'true or false' },
  odors: { schema: z.union([z.enum(ODOR_COUNTS.map(String) as [string, ...string[]]), z.number().transform(String)]), expected: ODOR_COUNTS.join(', ') },
  aplBoost: { schema: z.number().min(0), expected: 'a number ≥ 0' },
  aplLrMult: { schema: z.number().min(0), expected: 'a number ≥ 0' },
};

export interface TrainingVariantFlags {
  readonly gapJunctions: boolean;
  readonly apl: boolean;
  readonly std: boolean;
  readonly loss: LossForm;
  readonly energyWeight: number;
  readonly shuffleConnectome?: boolean;
  readonly odors: string;
  readonly aplBoost: number;
  readonly aplLrMult: number;
}

/** The training variant of the flags (`--energy-weight` only counts for the energy forms). */
export function trainingVariantFromFlags(f: TrainingVariantFlags): TrainingVariant {
  const odorCount = Number(f.odors);
  if (!(ODOR_COUNTS as readonly number[]).includes(odorCount)) throw new InvalidArgumentError(`invalid --odors: ${f.odors}; expected one of ${ODOR_COUNTS.join(', ')}.`);
  return trainingVariant({
    gapJunctions: f.gapJunctions,
    apl: f.apl,
    std: f.std,
    loss: f.loss,
    energyWeight: f.energyWeight,
    shuffleConnectome: f.shuffleConnectome === true,
    odorCount,
    aplBoost: f.aplBoost,
    aplLrMultiplier: f.aplLrMult,
  });
}

/** A training variant from plain choices (the experiments build theirs with this). */
export function trainingVariant(
  c: {
    gapJunctions?: boolean;
    apl?: boolean;
    std?: boolean;
    loss?: LossForm;
    energyWeight?: number;
    shuffleConnectome?: boolean;
    odorCount?: number;
    aplBoost?: number;
    aplLrMultiplier?: number;
  } = {},
): TrainingVariant {
  const loss = c.loss ?? 'kc-sparsity';
  const energy = loss === 'energy' || loss === 'kc-energy' ? { weight: c.energyWeight ?? 50, population: loss === 'energy' ? ('all' as const) : ('kc' as const) } : null;
  return {
    switches: { gapJunctions: c.gapJunctions ?? true, apl: c.apl ?? true, shortTermDepression: c.std ?? true, sparsityLoss: loss === 'kc-sparsity' },
    energy,
    shuffledConnectome: c.shuffleConnectome ?? false,
    odorCount: c.odorCount ?? CANONICAL_TRAINING.odorCount,
    aplBoost: c.aplBoost ?? CANONICAL_TRAINING.aplBoost,
    aplLrMultiplier: c.aplLrMultiplier ?? CANONICAL_TRAINING.aplLrMultiplier,
  };
}

/** The variant as the CLI flags that select it (empty for the canonical training). */
export function trainingVariantArgs(v: TrainingVariant): string[] {
  const a: string[] = [];
  if (!v.switches.gapJunctions) a.push('--no-gap-junctions');
  if (!v.switches.apl) a.push('--no-apl');
  if (!v.switches.shortTermDepression) a.push('--no-std');
  if (v.energy) a.push('--loss', v.energy.population === 'all' ? 'energy' : 'kc-energy', '--energy-weight', String(v.energy.weight));
  else if (!v.switches.sparsityLoss) a.push('--loss', 'ce-only');
  if (v.shuffledConnectome) a.push('--shuffle-connectome');
  if (v.odorCount !== CANONICAL_TRAINING.odorCount) a.push('--odors', String(v.odorCount));
  if (v.aplBoost !== CANONICAL_TRAINING.aplBoost) a.push('--apl-boost', String(v.aplBoost));
  if (v.aplLrMultiplier !== CANONICAL_TRAINING.aplLrMultiplier) a.push('--apl-lr-mult', String(v.aplLrMultiplier));
  return a;
}
