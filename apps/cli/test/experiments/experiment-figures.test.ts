import { experimentFigures, figure4, figureS4 } from '../../src/experiments/experiment-figures';
import { experimentCell } from '../../src/experiments/experiment-table';
import type { ExperimentRow, ExperimentTable } from '../../src/experiments/experiment-table';
import { createSvgDocument } from '@olfactory/plots';

const row = (id: string, metrics: Record<string, (number | null)[]>): ExperimentRow => ({
  id,
  label: id,
  condition: id,
  evaluation: 'none',
  seeds: [42, 43],
  metrics: Object.fromEntries(Object.entries(metrics).map(([k, v]) => [k, experimentCell(v)])),
});
const table = (experiment: string, rows: ExperimentRow[]): ExperimentTable => ({
  schema: 'olfactory-experiment',
  version: 1,
  experiment,
  title: experiment,
  seeds: [42, 43],
  epochs: 300,
  teacherEpochs: 300,
  columns: [{ key: 'alDecorrelation', label: 'AL', unit: '%' }],
  rows,
  wallSeconds: { training: 1, evaluation: 1 },
  notes: [],
});
const rec = (id: string, al: number, mb: number, mancini: (number | null)[]) => row(id, { alDecorrelation: [al, al], mbDecorrelation: [mb, mb + 2], manciniRatio: mancini });
const mix = (id: string, sub: number) => row(id, { subAdditivePairsPercent: [sub - 1, sub + 1] });

describe('experiment figures', () => {
  const document = createSvgDocument();
  const r3 = table('r3-ablations', [
    rec('canonical', 4.4, 35.8, [2, 2]),
    rec('shuffled', 4.3, 30.4, [1.5, 1.5]),
    rec('no-apl', 15.2, 31.5, [1.0, 0.9]),
    mix('canonical-mixtures', 69.4),
    mix('shuffled-mixtures', 43.8),
    mix('no-apl-mixtures', 70.2),
  ]);
  const r1 = table('r1-loss-forms', [rec('ce-only', -19.2, 0.3, [2.7, 2.7]), mix('ce-only-mixtures', 84.4)]);

  test('Figure 4: the four conditions of the paper in its order and colours, panels A–D with the per-seed suppression max(0, (1 − 1/ratio)·100)', () => {
    const f = figure4(
      new Map([
        ['r3-ablations', r3],
        ['r1-loss-forms', r1],
      ]),
      document,
    )!;
    expect(f.title).toContain('4 conditions, 4 panels');
    const svg = f.svg;
    expect(Array.from(svg.querySelectorAll('text.panel-title'), (t) => t.textContent)).toEqual(['AL decorrelation', 'MB decorrelation', 'APL-mediated KC suppression', 'Sub-additive mixture coding']);
    const labels = Array.from(svg.querySelectorAll('text.value-label'), (t) => t.textContent);
    // C: canonical 50.0, shuffled 33.3, no-APL mean of 0 and max(0, −11.1) = 0, CE only 63.0; D: the means
    expect(labels).toEqual(['4.4', '4.3', '15.2', '−19.2', '36.8', '31.4', '32.5', '1.3', '50.0', '33.3', '0.0', '63.0', '69.4', '43.8', '70.2', '84.4']);
    expect(f.caption).not.toMatch(/Not yet run/);
  });

  test('without r1-loss-forms the CE-only bar is left out and the caption says where it comes from', () => {
    const f = figure4(new Map([['r3-ablations', r3]]), document)!;
    expect(f.title).toContain('3 conditions, 4 panels');
    expect(f.caption).toMatch(/Not yet run: No sparsity loss \(retrained\)/);
    expect(figure4(new Map(), document)).toBeUndefined();
  });

  test('S4 sorts the task sizes and draws their fractions; every table becomes a figure', () => {
    const r6 = table(
      'r6-task-complexity',
      [56, 7, 28, 14].map((n) => row(`odors-${n}`, { odors: [n, n], kcAtUpperBoundPercent: [n, n + 2] })),
    );
    const s4 = figureS4(new Map([['r6-task-complexity', r6]]), document)!;
    expect(s4.title).toContain('7/14/28/56 odors');
    const all = experimentFigures(
      new Map([
        ['r3-ablations', r3],
        ['r1-loss-forms', r1],
        ['r6-task-complexity', r6],
      ]),
      { document },
    );
    expect(all.map((f) => f.name)).toEqual(['fig4-experiments', 'figS4-task-complexity', 'table-r3-ablations', 'table-r1-loss-forms', 'table-r6-task-complexity']);
  });
});
