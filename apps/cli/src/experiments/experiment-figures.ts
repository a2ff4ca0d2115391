import { figure4SuppressionPercent, meanStd } from '@olfactory/metrics';
import { ABLATION_CONDITIONS, ABLATION_PANELS, barPanelsFigure, createSvgDocument, thresholdScalingFigure, zScoreTableFigure } from '@olfactory/plots';
import type { BarPanel, BarValue } from '@olfactory/plots';
import type { ExperimentRow, ExperimentTable } from './experiment-table';

/** One figure drawn from experiment tables. */
export interface ExperimentFigure {
  readonly name: string;
  readonly title: string;
  readonly caption: string;
  readonly svg: SVGSVGElement;
}

const row = (t: ExperimentTable | undefined, id: string): ExperimentRow | undefined => t?.rows.find((r) => r.id === id);
const bar = (values: readonly (number | null)[]): BarValue | undefined => {
  const v = values.filter((x): x is number => x !== null);
  return v.length > 0 ? meanStd(v) : undefined;
};

/**
 * Figure 4 (spec §6): canonical / shuffled / APL disabled / no sparsity loss (CE only), panels
 * A AL and B MB decorrelation (recompute), C APL-mediated KC suppression (per seed
 * max(0, (1 − 1/Mancini)·100)) and D sub-additive KCs (Honegger 2-odor), mean ± std over seeds.
 * Conditions whose experiment has not run are left out (said in the caption).
 */
export function figure4(tables: ReadonlyMap<string, ExperimentTable>, document: Document): ExperimentFigure | undefined {
  const r3 = tables.get('r3-ablations');
  const r1 = tables.get('r1-loss-forms');
  const conds = [
    { style: ABLATION_CONDITIONS[0]!, rec: row(r3, 'canonical') ?? row(r1, 'canonical'), mix: row(r3, 'canonical-mixtures') ?? row(tables.get('r5-mixtures'), 'mixtures') },
    { style: ABLATION_CONDITIONS[1]!, rec: row(r3, 'shuffled'), mix: row(r3, 'shuffled-mixtures') },
    { style: ABLATION_CONDITIONS[2]!, rec: row(r3, 'no-apl'), mix: row(r3, 'no-apl-mixtures') },
    { style: ABLATION_CONDITIONS[3]!, rec: row(r1, 'ce-only'), mix: row(r1, 'ce-only-mixtures') },
  ].filter((c) => c.rec !== undefined);
  if (conds.length === 0) return undefined;
  const values = conds.map((c) => ({
    al: bar(c.rec!.metrics.alDecorrelation?.perSeed ?? []),
    mb: bar(c.rec!.metrics.mbDecorrelation?.perSeed ?? []),
    apl: bar((c.rec!.metrics.manciniRatio?.perSeed ?? []).map((r) => (r === null ? null : figure4SuppressionPercent(r)))),
    sub: bar(c.mix?.metrics.subAdditivePairsPercent?.perSeed ?? []),
  }));
  const panels: BarPanel[] = [];
  const omitted: string[] = [];
  (['al', 'mb', 'apl', 'sub'] as const).forEach((k, i) => {
    const base = ABLATION_PANELS[i]!;
    const missing = conds.filter((_, c) => values[c]![k] === undefined);
    if (missing.length > 0) {
      omitted.push(`${base.title} (no value for ${missing.map((c) => c.style.label).join(', ')})`);
      return;
    }
    const vs = values.map((v) => v[k]!);
    const fits = base.yDomain !== undefined && vs.every((v) => v.mean - (v.std ?? 0) >= base.yDomain![0] && v.mean + (v.std ?? 0) <= base.yDomain![1]);
    panels.push({ title: base.title, yLabel: base.yLabel, ...(fits ? { yDomain: base.yDomain } : {}), values: vs });
  });
  if (panels.length === 0) return undefined;
  const title = `Figure 4 — architecture ablations (${conds.length} condition${conds.length === 1 ? '' : 's'}, ${panels.length} panel${panels.length === 1 ? '' : 's'})`;
  const svg = barPanelsFigure({ conditions: conds.map((c) => c.style), panels }, { document, title, columns: 2 });
  const absent = ABLATION_CONDITIONS.filter((s) => !conds.some((c) => c.style === s)).map((s) => s.label);
  return {
    name: 'fig4-experiments',
    title,
    svg,
    caption:
      "Retrained conditions, mean ± population std over seeds. A/B: per-pair AL and MB decorrelation of the recompute (spec §4.5a); C: per seed max(0, (1 − 1/Mancini ratio)·100) from the recompute's 50-trial Mancini test (the paper used 20 trials); D: Honegger 2-odor sub-additive fraction (spec §4.12). " +
      (absent.length > 0 ? `Not yet run: ${absent.join(', ')} (r3-ablations and r1-loss-forms provide them). ` : '') +
      (omitted.length > 0 ? `Panels left out: ${omitted.join('; ')}.` : ''),
  };
}

/** Figure S4: KC thresholds at the −30 mV bound for each task size of the R6 table. */
export function figureS4(tables: ReadonlyMap<string, ExperimentTable>, document: Document): ExperimentFigure | undefined {
  const r6 = tables.get('r6-task-complexity');
  if (!r6 || r6.rows.length === 0) return undefined;
  const rows = [...r6.rows].sort((a, b) => (a.metrics.odors?.mean ?? 0) - (b.metrics.odors?.mean ?? 0));
  const stats = rows.map((r) => meanStd((r.metrics.kcAtUpperBoundPercent?.perSeed ?? []).filter((v): v is number => v !== null).map((v) => v / 100)));
  const title = `Figure S4 — KC threshold saturation, ${rows.map((r) => r.metrics.odors?.mean).join('/')} odors`;
  const svg = thresholdScalingFigure(
    { nOdors: rows.map((r) => r.metrics.odors!.mean!), fractionAtBound: { mean: stats.map((s) => s.mean), std: stats.map((s) => s.std) } },
    { document, title, highlight: 28, widthPx: 420 },
  );
  return {
    name: 'figS4-task-complexity',
    title,
    svg,
    caption: `Fraction of KC thresholds ≥ −30.5 mV (spec §4.10), mean ± std over seeds ${r6.seeds.join(', ')}; the 28-odor bar is the canonical models (paper: 11.9, 35.3, 46.7, 55.8 %).`,
  };
}

/** A results table drawn as a figure: each cell `mean ± std [paper]`, coloured by the difference in the paper's σ where it gives one. */
export function tableFigure(t: ExperimentTable, document: Document): ExperimentFigure {
  const fmt = (x: number | null | undefined, unit: string) => (x === null || x === undefined ? '—' : unit === '%' ? x.toFixed(1) : x.toFixed(3));
  const rows = t.rows;
  const svg = zScoreTableFigure(
    {
      rows: rows.map((r) => r.label),
      columns: t.columns.map((c) => `${c.label}${c.unit === '%' ? ' (%)' : ''}`),
      text: rows.map((r) =>
        t.columns.map((c) => {
          const cell = r.metrics[c.key];
          if (!cell) return '';
          const own = `${fmt(cell.mean, c.unit)}${cell.std !== null && r.seeds.length > 1 ? ` ± ${fmt(cell.std, c.unit)}` : ''}`;
          return cell.paper === undefined ? own : `${own} [${fmt(cell.paper, c.unit)}]`;
        }),
      ),
      z: rows.map((r) => t.columns.map((c) => r.metrics[c.key]?.zPaper ?? Number.NaN)),
    },
    { document, title: `${t.title} — ours [paper] (seeds ${t.seeds.join(', ')}, ${t.epochs} epochs)` },
  );
  return {
    name: `table-${t.experiment}`,
    title: t.title,
    svg,
    caption: `${t.title}: mean ± population std over seeds, the paper's value in brackets; cells coloured by (ours − paper)/paper σ where the paper gives a σ. ${t.notes.join(' ')}`,
  };
}

/** Every figure the tables allow: Figure 4, S4 and one table figure per experiment. */
export function experimentFigures(tables: ReadonlyMap<string, ExperimentTable>, options: { document?: Document } = {}): ExperimentFigure[] {
  const document = options.document ?? createSvgDocument();
  const out: ExperimentFigure[] = [];
  const f4 = figure4(tables, document);
  if (f4) out.push(f4);
  const s4 = figureS4(tables, document);
  if (s4) out.push(s4);
  for (const t of tables.values()) if (t.rows.length > 0 && t.columns.length > 0) out.push(tableFigure(t, document));
  return out;
}
