import { SUMMARY_METRICS } from '../../src/results/recompute-results';
import { escapeHtml } from '../../src/report/escape-html';
import { REFERENCE_VALUES } from '../../src/report/reference-values';
import { summaryRows } from '../../src/report/render-report';
import { syntheticResults } from '../helpers/synthetic-results';

describe('REFERENCE_VALUES', () => {
  it('has one frozen entry per summary metric, each citing a spec section', () => {
    expect(REFERENCE_VALUES.map((r) => r.metric).sort()).toEqual([...SUMMARY_METRICS].sort());
    expect(Object.isFrozen(REFERENCE_VALUES)).toBe(true);
    for (const r of REFERENCE_VALUES) expect(r.source).toMatch(/^§\d/);
  });

  it('holds the paper numbers of spec §5.2 / §5.3', () => {
    const byMetric = Object.fromEntries(REFERENCE_VALUES.map((r) => [r.metric, [r.mean, r.std]]));
    expect(byMetric).toEqual({
      accuracy: [0.7033, 0.0107],
      kcSparsity: [0.125, 0.001],
      centroidAccuracy: [0.6586, 0.0051],
      alDecorrelation: [4.41, 1.32],
      mbDecorrelation: [35.81, 0.75],
      totalDecorrelation: [39.01, 1.46],
      manciniRatio: [1.849, 0.053],
      aplSuppressionPercent: [45.9, undefined],
      pnDynamicRange: [1.23, 0.02],
      kcDynamicRange: [1.15, undefined],
      orDynamicRange: [1.75, undefined],
    });
    // APL suppression is (1 − 1/mean ratio)·100 of the Mancini reference (spec §5.2).
    expect((1 - 1 / 1.849) * 100).toBeCloseTo(45.9, 1);
  });
});

describe('summaryRows', () => {
  it('summaryRows(results) gives the difference and the difference in reference std', () => {
    const r = syntheticResults({ nCheckpoints: 2 });
    const results = { ...r, summary: { ...r.summary, accuracy: { mean: 0.7247, std: 0.01 } } };
    const row = summaryRows(results).find((x) => x.reference.metric === 'accuracy')!;
    expect(row.difference).toBeCloseTo(0.0214, 10);
    expect(row.differenceInStd).toBeCloseTo(2, 10);
    expect(summaryRows(results).find((x) => x.reference.metric === 'orDynamicRange')!.differenceInStd).toBeUndefined();
  });

  it('falls back to the per-checkpoint metrics, and to undefined when a checkpoint lacks the metric', () => {
    const r = syntheticResults({ nCheckpoints: 2, withConcentration: false });
    const rows = summaryRows({ ...r, summary: {} });
    expect(rows.find((x) => x.reference.metric === 'mbDecorrelation')!.ours!.mean).toBeCloseTo((r.checkpoints[0]!.metrics.mbDecorrelation + r.checkpoints[1]!.metrics.mbDecorrelation) / 2, 10);
    expect(rows.find((x) => x.reference.metric === 'pnDynamicRange')!.ours).toBeUndefined();
  });
});

describe('escapeHtml', () => {
  it('escapeHtml(text) escapes & < > " and \'', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    expect(escapeHtml(42)).toBe('42');
  });
});
