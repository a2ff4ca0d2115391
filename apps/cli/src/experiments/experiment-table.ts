import { meanStd } from '@olfactory/metrics';
import { paperValue } from '@olfactory/model';

/** One metric of a row: per-seed values, their mean ± population std, and the paper's value beside it. */
export interface ExperimentCell {
  readonly perSeed: readonly (number | null)[];
  readonly mean: number | null;
  readonly std: number | null;
  readonly paper?: number;
  readonly paperStd?: number;
  /** (mean − paper)/paper σ, where the paper gives a σ. */
  readonly zPaper?: number;
  readonly paperSource?: string;
}

export interface ExperimentRow {
  readonly id: string;
  readonly label: string;
  readonly condition: string;
  /** What was done to the condition's checkpoints before evaluation (post-hoc switch), `none` when nothing. */
  readonly evaluation: string;
  readonly seeds: readonly number[];
  readonly metrics: Readonly<Record<string, ExperimentCell>>;
}

/** The results table of one experiment (`<out>/<name>.json`). */
export interface ExperimentTable {
  readonly schema: 'olfactory-experiment';
  readonly version: 1;
  readonly experiment: string;
  readonly title: string;
  readonly seeds: readonly number[];
  readonly epochs: number;
  readonly teacherEpochs: number;
  readonly columns: readonly { readonly key: string; readonly label: string; readonly unit: string }[];
  readonly rows: readonly ExperimentRow[];
  /** Wall time: training (sum of this experiment's job times) and evaluation, seconds. */
  readonly wallSeconds: { readonly training: number; readonly evaluation: number };
  /** Notes on how the evaluation differs from the reference's, when it does. */
  readonly notes: readonly string[];
}

/** A cell from per-seed values (null = not measured for that seed) and the paper key `<prefix>.<metric>`. */
export function experimentCell(perSeed: readonly (number | null | undefined)[], paperKey?: string): ExperimentCell {
  const values = perSeed.map((v) => (v === undefined || v === null || !Number.isFinite(v) ? null : v));
  const present = values.filter((v): v is number => v !== null);
  const ms = present.length > 0 ? meanStd(present) : null;
  const p = paperKey ? paperValue(paperKey) : undefined;
  return {
    perSeed: values,
    mean: ms ? ms.mean : null,
    std: ms ? ms.std : null,
    ...(p ? { paper: p.value, paperSource: p.source, ...(p.std !== undefined ? { paperStd: p.std } : {}) } : {}),
    ...(p && p.std !== undefined && p.std > 0 && ms ? { zPaper: (ms.mean - p.value) / p.std } : {}),
  };
}

/** The table as text lines: one row per condition, `mean ± std [paper]` per column. */
export function formatExperimentTable(t: ExperimentTable): string[] {
  const fmt = (x: number | null | undefined, unit: string) => (x === null || x === undefined ? '—' : unit === '%' ? x.toFixed(2) : x.toFixed(3));
  const head = ['condition', ...t.columns.map((c) => `${c.label}${c.unit === '%' ? ' %' : ''}`)];
  const body = t.rows.map((r) => [
    r.label,
    ...t.columns.map((c) => {
      const cell = r.metrics[c.key];
      if (!cell) return '—';
      const own = `${fmt(cell.mean, c.unit)}${cell.std !== null && cell.perSeed.length > 1 ? ` ± ${fmt(cell.std, c.unit)}` : ''}`;
      return cell.paper === undefined ? own : `${own} [${fmt(cell.paper, c.unit)}${cell.zPaper !== undefined ? `, ${cell.zPaper >= 0 ? '+' : ''}${cell.zPaper.toFixed(1)}σ` : ''}]`;
    }),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  return [`${t.title} (${t.experiment}; seeds ${t.seeds.join(', ')}; ${t.epochs} epochs; [paper value, difference in the paper's σ])`, line(head), ...body.map(line)];
}
