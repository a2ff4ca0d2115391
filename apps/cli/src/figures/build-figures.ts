import { basename } from 'node:path';
import { figure4SuppressionPercent, meanStd } from '@olfactory/metrics';
import {
  ABLATION_PANELS,
  barPanelsFigure,
  concentrationFigure,
  confusionMatrixFigure,
  createSvgDocument,
  kcHeatmapFigure,
  learnedParametersFigure,
  meanStd as meanStdPerPosition,
  SIMILARITY_TITLES,
  similarityFigure,
  thresholdScalingFigure,
  trainingCurvesFigure,
  withinOdorConsistencyFigure,
} from '@olfactory/plots';
import type { BarCondition, BarPanel, BarValue } from '@olfactory/plots';
import type { LoadedResults } from '../results/read-results';
import type { Ablation, CheckpointResult } from '../results/recompute-results';
import { meanMatrixFlat, sumMatrixFlat } from './pool-checkpoints';

/** Every figure `olfactory figures` can draw, in the order they are written and shown in the report. */
export const FIGURE_NAMES = [
  'fig2-similarity',
  'fig3-concentration',
  'fig4-bars',
  'figS1-kc-heatmap',
  'figS2-confusion',
  'figS3-within-odor',
  'figS4-threshold-scaling',
  'training-curves',
  'learned-parameters',
] as const;
export type FigureName = (typeof FIGURE_NAMES)[number];

/** One drawn figure: the `<svg>` (with `title` drawn at its top) and a caption saying what it shows. */
export interface BuiltFigure {
  readonly name: FigureName;
  readonly title: string;
  readonly caption: string;
  readonly svg: SVGSVGElement;
}

/** A figure that was not drawn, and why (e.g. no concentration sweep in the results). */
export interface SkippedFigure {
  readonly name: FigureName;
  readonly reason: string;
}

export interface FigureSet {
  readonly figures: readonly BuiltFigure[];
  readonly skipped: readonly SkippedFigure[];
}

/** Figure 4 label of each ablation of `olfactory recompute`. */
export const ABLATION_LABELS: Readonly<Record<Ablation, string>> = {
  none: 'Canonical',
  'no-gap': 'No gap junctions',
  'no-apl': 'No APL',
  'no-std': 'No STD',
};

/** Task sizes of the paper's Figure S4 (spec §6). */
const PAPER_TASK_SIZES = [7, 14, 28, 56];

type Drawn = { title: string; caption: string; svg: SVGSVGElement } | { skip: string };

/**
 * Draws every figure from validated results. `sets[0]` is the main results folder: every figure
 * except Figure 4 and S4 is drawn from its checkpoints, pooled as documented in each caption.
 * Figure 4 has one bar condition per folder (e.g. canonical, no-gap, no-apl, no-std recomputes);
 * S4 has one bar per task size (number of odors) among the folders with the main folder's
 * ablation. Wiring only: the numbers come from the results file, the drawing from `@olfactory/plots`.
 *
 * @throws Error naming the figure and the results file when a plot rejects the data.
 */
export function buildFigures(sets: readonly LoadedResults[], options: { document?: Document } = {}): FigureSet {
  if (sets.length === 0) throw new Error('buildFigures needs at least one results folder.');
  const document = options.document ?? createSvgDocument();
  const main = sets[0]!;
  const builders: Record<FigureName, () => Drawn> = {
    'fig2-similarity': () => similarity(main, document),
    'fig3-concentration': () => concentration(main, document),
    'fig4-bars': () => bars(sets, document),
    'figS1-kc-heatmap': () => kcHeatmap(main, document),
    'figS2-confusion': () => confusion(main, document),
    'figS3-within-odor': () => withinOdor(main, document),
    'figS4-threshold-scaling': () => thresholdScaling(sets, document),
    'training-curves': () => trainingCurves(main, document),
    'learned-parameters': () => learnedParameters(main, document),
  };
  const figures: BuiltFigure[] = [];
  const skipped: SkippedFigure[] = [];
  for (const name of FIGURE_NAMES) {
    let drawn: Drawn;
    try {
      drawn = builders[name]();
    } catch (error) {
      throw new Error(`cannot draw ${name} from ${main.file}: ${(error as Error).message}`, { cause: error });
    }
    if ('skip' in drawn) skipped.push({ name, reason: drawn.skip });
    else figures.push({ name, ...drawn });
  }
  return { figures, skipped };
}

const over = (n: number) => `${n} checkpoint${n === 1 ? '' : 's'}`;
const seedsOf = (cps: readonly CheckpointResult[]) => cps.map((c) => c.seed).join(', ');

function similarity(set: LoadedResults, document: Document): Drawn {
  const cps = set.results.checkpoints;
  const title = `Figure 2 — odor similarity by stage (mean of ${over(cps.length)})`;
  const svg = similarityFigure(
    {
      panels: (['or', 'pn', 'kc'] as const).map((stage, i) => ({
        title: SIMILARITY_TITLES[i]!,
        values: meanMatrixFlat(cps.map((c) => c.figures.similarity[stage])),
      })),
    },
    { document, title, tickLabels: set.results.odors },
  );
  return {
    title,
    svg,
    caption:
      `Pairwise cosine similarity between the ${set.results.odors.length} odors' trial-mean OR input, PN and KC spike-count patterns ` +
      `(decorrelation trials), element-wise mean over the checkpoints (seeds ${seedsOf(cps)}). Colour range [−0.2, 1].`,
  };
}

function concentration(set: LoadedResults, document: Document): Drawn {
  const cps = set.results.checkpoints.filter((c) => c.figures.concentration !== undefined);
  if (cps.length === 0) return { skip: `no concentration sweep in ${set.file} (recompute with the concentration sweep to draw Figure 3)` };
  const sweeps = cps.map((c) => c.figures.concentration!);
  const cs = sweeps[0]!.concentrations;
  const ref = cs.findIndex((c) => Math.abs(c - 1) < 1e-9);
  if (ref < 0) return { skip: `the concentration sweep in ${set.file} has no c = 1 point to normalise to (concentrations ${cs.join(', ')})` };
  // Spec §4.7: denominators floored at 1e-8.
  const normalised = (series: readonly number[]) => series.map((v) => v / Math.max(series[ref]!, 1e-8));
  const title = `Figure 3 — concentration invariance (${over(cps.length)})`;
  const svg = concentrationFigure(
    {
      concentrations: cs,
      gain: {
        or: meanStdPerPosition(sweeps.map((s) => normalised(s.orMean))),
        pn: meanStdPerPosition(sweeps.map((s) => normalised(s.pnMean))),
        kc: meanStdPerPosition(sweeps.map((s) => normalised(s.kcMean))),
      },
      accuracy: {
        decoder: meanStdPerPosition(sweeps.map((s) => s.decoderAccuracy)),
        centroid: meanStdPerPosition(sweeps.map((s) => s.centroidAccuracy)),
      },
      similarity: {
        or: meanStdPerPosition(sweeps.map((s) => s.orSimilarity)),
        pn: meanStdPerPosition(sweeps.map((s) => s.pnSimilarity)),
        kc: meanStdPerPosition(sweeps.map((s) => s.kcSimilarity)),
      },
    },
    { document, title },
  );
  return {
    title,
    svg,
    caption:
      'A: summed OR input, PN and KC activity, each normalised to its own c = 1 value per checkpoint, then mean ± population std over checkpoints; ' +
      'dashed: Hill reference h(c) = 2c/(c+1). B: decoder and KC-centroid accuracy. C: cosine similarity to the c = 1 pattern (OR with sfr subtracted).',
  };
}

interface Condition {
  readonly label: string;
  readonly values: { al: BarValue; mb: BarValue; apl: BarValue | undefined };
}

function bars(sets: readonly LoadedResults[], document: Document): Drawn {
  const labels = sets.map((s) => ABLATION_LABELS[s.results.protocol.ablation]);
  const conditions: Condition[] = sets.map((s, i) => {
    const cps = s.results.checkpoints;
    const duplicate = labels.filter((l) => l === labels[i]).length > 1;
    const ratios = cps.map((c) => c.metrics.manciniRatio);
    return {
      label: duplicate ? `${labels[i]} (${basename(s.dir) || s.dir})` : labels[i]!,
      values: {
        al: meanStd(cps.map((c) => c.metrics.alDecorrelation)),
        mb: meanStd(cps.map((c) => c.metrics.mbDecorrelation)),
        // Figure 4C: per-checkpoint max(0, (1 − 1/ratio)·100), then mean ± std (spec §4.6).
        apl: ratios.every((r) => r !== undefined) ? meanStd(ratios.map((r) => figure4SuppressionPercent(r!))) : undefined,
      },
    };
  });
  const panels: BarPanel[] = [];
  const omitted: string[] = [];
  (['al', 'mb', 'apl'] as const).forEach((key, i) => {
    const base = ABLATION_PANELS[i]!;
    const missing = conditions.filter((c) => c.values[key] === undefined);
    if (missing.length > 0) {
      omitted.push(`${base.title} omitted (no Mancini ratio for ${missing.map((c) => `'${c.label}'`).join(', ')})`);
      return;
    }
    const values = conditions.map((c) => c.values[key]!);
    // Keep the paper's y range unless a bar would be clipped by it.
    const fits = base.yDomain !== undefined && values.every((v) => v.mean - (v.std ?? 0) >= base.yDomain![0] && v.mean + (v.std ?? 0) <= base.yDomain![1]);
    panels.push({ title: base.title, yLabel: base.yLabel, ...(fits ? { yDomain: base.yDomain } : {}), values });
  });
  const barConditions: BarCondition[] = conditions.map((c, i) => (sets[i]!.results.protocol.ablation === 'none' ? { label: c.label, color: '#3d4a5c' } : { label: c.label }));
  const title = `Figure 4 — decorrelation and APL suppression (${sets.length} condition${sets.length === 1 ? '' : 's'})`;
  const svg = barPanelsFigure({ conditions: barConditions, panels }, { document, title, columns: Math.min(panels.length, 3) });
  return {
    title,
    svg,
    caption:
      `One bar per results folder (${sets.map((s, i) => `${conditions[i]!.label}: ${s.dir}, ${over(s.results.checkpoints.length)}`).join('; ')}). ` +
      'AL and MB decorrelation: per-pair method (spec §4.5a). KC suppression: per-checkpoint max(0, (1 − 1/Mancini ratio)·100). ' +
      (omitted.length > 0 ? `${omitted.join('; ')}. ` : '') +
      "The paper's sub-additive mixture panel (4D) is not part of the recompute results.",
  };
}

function kcHeatmap(set: LoadedResults, document: Document): Drawn {
  const cps = set.results.checkpoints;
  const nKcs = cps[0]!.figures.kcMeanCounts[0]!.length;
  const title = `Figure S1 — KC responses (mean of ${over(cps.length)})`;
  const svg = kcHeatmapFigure({ values: meanMatrixFlat(cps.map((c) => c.figures.kcMeanCounts)), nOdors: set.results.odors.length, nKcs }, { document, title, tickLabels: set.results.odors });
  return { title, svg, caption: `Odor × KC trial-mean spike counts (${nKcs} KCs), element-wise mean over checkpoints; viridis with a γ = 0.5 power norm.` };
}

function confusion(set: LoadedResults, document: Document): Drawn {
  const cps = set.results.checkpoints;
  const title = `Figure S2 — confusion (${over(cps.length)})`;
  const svg = confusionMatrixFigure({ counts: sumMatrixFlat(cps.map((c) => c.figures.confusion)), nClasses: set.results.odors.length }, { document, title, tickLabels: set.results.odors });
  return { title, svg, caption: 'True odor (rows) × predicted odor (columns): test-set counts summed over checkpoints, each row normalised to sum 1 (spec §4.14).' };
}

function withinOdor(set: LoadedResults, document: Document): Drawn {
  const cps = set.results.checkpoints;
  const betweenPerCheckpoint = cps.map((c) => meanStd(c.figures.withinOdor.between).mean);
  const title = `Figure S3 — within-odor consistency (${over(cps.length)})`;
  const svg = withinOdorConsistencyFigure(
    { withinOdor: meanStdPerPosition(cps.map((c) => c.figures.withinOdor.within)), betweenOdor: meanStd(betweenPerCheckpoint) },
    { document, title, tickLabels: set.results.odors },
  );
  return {
    title,
    svg,
    caption:
      'Bars: per odor, mean pairwise cosine similarity between KC count vectors of its repeated noisy trials (mean ± std over checkpoints). ' +
      "Dashed line and band: mean cosine similarity to other odors' trials, averaged over odors per checkpoint, mean ± std over checkpoints (spec §4.14).",
  };
}

function thresholdScaling(sets: readonly LoadedResults[], document: Document): Drawn {
  const ablation = sets[0]!.results.protocol.ablation;
  const bySize = new Map<number, number[]>();
  for (const s of sets) {
    if (s.results.protocol.ablation !== ablation) continue;
    const list = bySize.get(s.results.odors.length) ?? [];
    list.push(...s.results.checkpoints.map((c) => c.parameters.kcAtUpperBound));
    bySize.set(s.results.odors.length, list);
  }
  const sizes = [...bySize.keys()].sort((a, b) => a - b);
  const stats = sizes.map((n) => meanStd(bySize.get(n)!));
  const absent = PAPER_TASK_SIZES.filter((n) => !bySize.has(n));
  // The paper compares 7, 14, 28 and 56 odors; say so in the figure when fewer task sizes are given.
  const title = absent.length > 0 ? `Figure S4 — ${sizes.join('/')}-odor models only` : 'Figure S4 — KC threshold saturation';
  const svg = thresholdScalingFigure({ nOdors: sizes, fractionAtBound: { mean: stats.map((s) => s.mean), std: stats.map((s) => s.std) } }, { document, title, highlight: 28 });
  return {
    title,
    svg,
    caption:
      `Fraction of KC thresholds ≥ −30.5 mV (spec §4.10), mean ± std over checkpoints, one bar per task size among the results given (ablation '${ablation}'). ` +
      (absent.length > 0 ? `The paper's R6 comparison also has ${absent.join(', ')} odors; pass their recompute folders with --results to add them.` : ''),
  };
}

function trainingCurves(set: LoadedResults, document: Document): Drawn {
  const cps = set.results.checkpoints.filter((c) => c.history.length > 0);
  if (cps.length === 0) return { skip: `no training history in ${set.file} (the checkpoints carry none)` };
  const nan = (v: number | undefined) => (v === undefined ? Number.NaN : v);
  const title = `Training curves (${over(cps.length)})`;
  const svg = trainingCurvesFigure(
    {
      runs: cps.map((c) => ({
        label: `seed ${c.seed}`,
        epochs: c.history.map((h) => h.epoch),
        testAccuracy: c.history.map((h) => nan(h.testAccuracy)),
        kcSparsity: c.history.map((h) => nan(h.kcSparsity)),
        alDecorrelationPercent: c.history.map((h) => nan(h.alDecorrelation)),
        mbDecorrelationPercent: c.history.map((h) => nan(h.mbDecorrelation)),
        mancini: c.history.map((h) => nan(h.manciniRatio)),
        gSomaNs: c.history.map((h) => h.gSomaNs),
      })),
    },
    { document, title },
  );
  return { title, svg, caption: 'Per checkpoint (seed), at every evaluated epoch of training: test accuracy, KC sparsity, AL/MB decorrelation (mean-similarity method), Mancini ratio, g_soma.' };
}

function learnedParameters(set: LoadedResults, document: Document): Drawn {
  const cps = set.results.checkpoints;
  const pops = [
    ['ORN', 'orn'],
    ['LN', 'ln'],
    ['PN', 'pn'],
    ['KC', 'kc'],
  ] as const;
  const gaps = [
    ['LN–LN', 'lnLn'],
    ['PN–PN', 'pnPn'],
    ['eLN–PN', 'elnPn'],
  ] as const;
  const title = `Learned parameters (${over(cps.length)})`;
  const svg = learnedParametersFigure(
    {
      thresholds: pops
        .filter(([, key]) => cps.some((c) => c.parameters.vThresholdMv[key].length > 0))
        .map(([population, key]) => ({ population, vThMv: cps.flatMap((c) => c.parameters.vThresholdMv[key]) })),
      gSomaNs: cps.map((c) => c.parameters.gSomaNs),
      runLabels: cps.map((c) => String(c.seed)),
      gapConductances: gaps.map(([label, key]) => ({ label, valuesPs: cps.map((c) => c.parameters.gapNs[key] * 1000) })),
    },
    { document, title },
  );
  return {
    title,
    svg,
    caption: 'A: spike thresholds per population pooled over checkpoints vs the [−55, −30] mV clamp band. B: KC g_soma per seed. C: gap-junction conductances, mean ± std over checkpoints (pS).',
  };
}
