import type { TrainingVariant } from '@olfactory/model';
import type { LossForm } from '../commands/training-variant-flags';
import { trainingVariant } from '../commands/training-variant-flags';

/** The experiments of `olfactory experiment` (spec §3.7, §4.8–4.13). */
export const EXPERIMENT_NAMES = ['r1-loss-forms', 'r3-ablations', 'std', 'r4-ln-split', 'r5-mixtures', 'r2-consistency', 'r6-task-complexity', 'all'] as const;
export type ExperimentName = (typeof EXPERIMENT_NAMES)[number];

/** One trained condition: each seed of it is one sweep job writing `runs/<id>/seed-<S>/checkpoint.json`. */
export interface TrainCondition {
  readonly id: string;
  readonly label: string;
  readonly training: TrainingVariant;
  /** LN split quantile (R4); absent = the variant's (0.33). */
  readonly lnQuantile?: number;
}

/** The post-hoc switch an evaluation applies to its condition's checkpoints (spec §4.13). */
export type EvaluationAblation = 'none' | 'no-gap' | 'no-apl' | 'no-std';

/** How a table row is computed from a condition's checkpoints. */
export type Evaluation =
  | {
      readonly kind: 'recompute';
      readonly id: string;
      readonly label: string;
      readonly condition: string;
      readonly ablate: EvaluationAblation;
      readonly withConcentration: boolean;
      readonly paperKey?: string;
    }
  | { readonly kind: 'thresholds'; readonly id: string; readonly label: string; readonly condition: string; readonly odors: number; readonly paperKey?: string }
  | { readonly kind: 'consistency'; readonly id: string; readonly label: string; readonly condition: string }
  | { readonly kind: 'mixtures'; readonly id: string; readonly label: string; readonly condition: string };

export interface ExperimentPlan {
  readonly name: Exclude<ExperimentName, 'all'>;
  readonly title: string;
  readonly conditions: readonly TrainCondition[];
  readonly evaluations: readonly Evaluation[];
}

const CANONICAL: TrainCondition = { id: 'canonical', label: 'canonical (retrained)', training: trainingVariant() };
const loss = (id: string, label: string, form: LossForm, energyWeight?: number): TrainCondition => ({ id, label, training: trainingVariant({ loss: form, energyWeight }) });
const recompute = (condition: string, label: string, paperKey?: string, ablate: EvaluationAblation = 'none', withConcentration = false): Evaluation => ({
  kind: 'recompute',
  id: ablate === 'none' ? condition : `${condition}-posthoc-${ablate}`,
  label,
  condition,
  ablate,
  withConcentration,
  ...(paperKey ? { paperKey } : {}),
});

const mixtures = (condition: string): Evaluation => ({ kind: 'mixtures', id: `${condition}-mixtures`, label: `${condition}: mixtures`, condition });

/** The plan of one experiment (`extended`: R1's extra energy weights). */
export function experimentPlan(name: Exclude<ExperimentName, 'all'>, options: { extended?: boolean } = {}): ExperimentPlan {
  switch (name) {
    case 'r1-loss-forms': {
      const conditions = [
        CANONICAL,
        loss('ce-only', 'CE only', 'ce-only'),
        loss('energy-50', 'all-neuron energy ×50', 'energy', 50),
        loss('kc-energy-50', 'KC-only energy ×50', 'kc-energy', 50),
        ...(options.extended
          ? [
              loss('energy-1', 'all-neuron energy ×1', 'energy', 1),
              loss('energy-3', 'all-neuron energy ×3', 'energy', 3),
              loss('energy-15', 'all-neuron energy ×15', 'energy', 15),
              loss('kc-energy-3', 'KC-only energy ×3', 'kc-energy', 3),
              loss('kc-energy-15', 'KC-only energy ×15', 'kc-energy', 15),
            ]
          : []),
      ];
      return {
        name,
        title: 'R1 loss forms',
        conditions,
        // + Figure 4D for the "no sparsity loss" bar
        evaluations: [...conditions.map((c) => recompute(c.id, c.label, ['canonical', 'ce-only', 'energy-50', 'kc-energy-50'].includes(c.id) ? `r1.${c.id}` : undefined)), mixtures('ce-only')],
      };
    }
    case 'r3-ablations':
      return {
        name,
        title: 'R3 ablations',
        conditions: [
          CANONICAL,
          { id: 'no-gap', label: 'no gap junctions (retrained)', training: trainingVariant({ gapJunctions: false }) },
          { id: 'no-apl', label: 'APL disabled (retrained)', training: trainingVariant({ apl: false }) },
          { id: 'shuffled', label: 'connectome shuffled (retrained)', training: trainingVariant({ shuffleConnectome: true }) },
        ],
        evaluations: [
          recompute('canonical', 'canonical', 'canonical'),
          recompute('no-gap', 'no gap junctions (retrained)', 'r3.no-gap'),
          // evaluated as trained (raw gain −100): the Mancini test then measures the (absent) APL suppression
          recompute('no-apl', 'APL disabled (retrained)', 'r3.no-apl'),
          recompute('shuffled', 'connectome shuffled (retrained)', 'r3.shuffled'),
          recompute('canonical', 'gap junctions off post hoc', undefined, 'no-gap'),
          recompute('canonical', 'APL off post hoc', undefined, 'no-apl'),
          // Figure 4D: Honegger 2-odor sub-additivity of each retrained condition
          mixtures('canonical'),
          mixtures('shuffled'),
          mixtures('no-apl'),
        ],
      };
    case 'std':
      return {
        name,
        title: 'Short-term depression',
        conditions: [CANONICAL, { id: 'no-std', label: 'no STD during training', training: trainingVariant({ std: false }) }],
        evaluations: [
          recompute('canonical', 'canonical', 'canonical', 'none', true),
          { ...recompute('no-std', 'no STD during training', 'std.no-std-train', 'no-std', true), id: 'no-std' },
          recompute('canonical', 'STD switched off post hoc', undefined, 'no-std', true),
        ],
      };
    case 'r4-ln-split': {
      const q = (value: number, split: string): TrainCondition => ({
        id: `q${value.toFixed(value === 0.417 ? 3 : 2)}`,
        label: `LN split ${split} (q ${value})`,
        training: trainingVariant(),
        lnQuantile: value,
      });
      const conditions = [q(0.2, '6:20'), q(0.417, '12:14'), q(0.5, '13:13')];
      return {
        name,
        title: 'R4 LN split',
        conditions: [CANONICAL, ...conditions],
        evaluations: [recompute('canonical', 'canonical (q 0.33, 9:17)', 'canonical'), ...conditions.map((c) => recompute(c.id, c.label, `r4.${c.id}`))],
      };
    }
    case 'r5-mixtures':
      return { name, title: 'R5 mixtures', conditions: [CANONICAL], evaluations: [{ kind: 'mixtures', id: 'mixtures', label: 'canonical', condition: 'canonical' }] };
    case 'r2-consistency':
      return { name, title: 'R2 consistency', conditions: [CANONICAL], evaluations: [{ kind: 'consistency', id: 'consistency', label: 'canonical', condition: 'canonical' }] };
    case 'r6-task-complexity': {
      const n = (odors: number): TrainCondition => ({ id: `odors-${odors}`, label: `${odors} odors`, training: trainingVariant({ odorCount: odors }) });
      const conditions = [n(7), n(14), CANONICAL, n(56)];
      return {
        name,
        title: 'R6 task complexity',
        conditions,
        evaluations: conditions.map((c) => {
          const odors = c.training.odorCount;
          return { kind: 'thresholds', id: c.id, label: `${odors} odors`, condition: c.id, odors, paperKey: `r6.n${odors}` } as const;
        }),
      };
    }
  }
}

/** The plans of a name (`all` = every experiment). */
export function experimentPlans(name: ExperimentName, options: { extended?: boolean } = {}): ExperimentPlan[] {
  const names = name === 'all' ? EXPERIMENT_NAMES.filter((n): n is Exclude<ExperimentName, 'all'> => n !== 'all') : [name];
  return names.map((n) => experimentPlan(n, options));
}

/** The distinct trained conditions of some plans (a condition shared by two experiments trains once). */
export function distinctConditions(plans: readonly ExperimentPlan[]): TrainCondition[] {
  const seen = new Map<string, TrainCondition>();
  for (const p of plans) for (const c of p.conditions) if (!seen.has(c.id)) seen.set(c.id, c);
  return [...seen.values()];
}
