import { formatGainControlTable, gainControlRows, verdictTally } from '../../src/results/gain-control';
import type { CheckpointResult } from '../../src/results/recompute-results';
import { renderReportHtml } from '../../src/report/render-report';
import { syntheticResults } from '../helpers/synthetic-results';

/** The synthetic results with seed 44's sweep failing the two gain tests, as the shipped models do. */
function resultsWithFailures() {
  const r = syntheticResults({ nCheckpoints: 3 });
  const checkpoints: CheckpointResult[] = r.checkpoints.map((c) =>
    c.seed !== 44
      ? c
      : {
          ...c,
          metrics: { ...c.metrics, pnDynamicRange: 2.03, kcDynamicRange: 1.7 },
          figures: { ...c.figures, concentration: { ...c.figures.concentration!, tests: { sublinearPnGain: false, flatKcActivity: false, robustClassification: true, odorIdentityPreservation: 'FAIL' as const } } },
        },
  );
  return { ...r, checkpoints };
}

describe('gain-control verdicts (spec §4.7)', () => {
  it('turns each checkpoint sweep into ranges and PASS/PARTIAL/FAIL verdicts', () => {
    const rows = gainControlRows(resultsWithFailures().checkpoints);
    expect(rows.map((r) => r.seed)).toEqual([42, 43, 44]);
    expect(rows[2]).toMatchObject({ pnRange: 2.03, kcRange: 1.7, verdicts: { sublinearPnGain: 'FAIL', flatKcActivity: 'FAIL', robustClassification: 'PASS', odorIdentityPreservation: 'FAIL' } });
    expect(rows[0]!.verdicts).toEqual({ sublinearPnGain: 'PASS', flatKcActivity: 'PASS', robustClassification: 'PASS', odorIdentityPreservation: 'PARTIAL' });
    expect(verdictTally(rows, 'sublinearPnGain')).toBe('2/3 PASS');
    expect(verdictTally(rows, 'odorIdentityPreservation')).toBe('2/3 PARTIAL');
  });

  it('skips checkpoints without a concentration sweep', () => {
    expect(gainControlRows(syntheticResults({ withConcentration: false }).checkpoints)).toEqual([]);
    expect(formatGainControlTable([])).toEqual([]);
  });

  it('prints a failed check as FAIL beside the paper line and the agreement tally', () => {
    const lines = formatGainControlTable(gainControlRows(resultsWithFailures().checkpoints));
    expect(lines).toHaveLength(6);
    expect(lines[3]).toMatch(/^\S*44\S*\s+44\s+\d\.\d\d\s+2\.03\s+1\.70\s+FAIL\s+FAIL\s+PASS\s+FAIL$/);
    expect(lines[4]).toMatch(/^reference paper\s+all\s+1\.75\s+1\.23\s+~1\.15\s+PASS\s+PASS\s+PASS\s+PARTIAL$/);
    expect(lines[5]).toBe('agreement with the paper: sublinear PN gain 2/3 PASS, flat KC activity 2/3 PASS, robust classification 3/3 PASS, odor identity 2/3 PARTIAL');
  });

  it('the report shows every verdict beside the paper, shading the ones that differ', () => {
    const results = resultsWithFailures();
    const html = renderReportHtml({ sets: [{ dir: 'r', file: 'r/recompute.json', results }], figures: [], skipped: [], figuresSource: 'none', generator: 'test' } as never);
    const section = /<section id="gain-control">[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
    expect(section).toContain('<table id="gain-control-table">');
    expect((section.match(/<td class="verdict far">FAIL<\/td>/g) ?? []).length).toBe(3);
    expect(section).toContain('<tr class="reference"><th scope="row">Reference paper</th>');
    expect(section).toContain('sublinear PN gain: 2/3 PASS');
    const none = renderReportHtml({ sets: [{ dir: 'r', file: 'r/recompute.json', results: syntheticResults({ withConcentration: false }) }], figures: [], skipped: [], figuresSource: 'none', generator: 'test' } as never);
    expect(none).toMatch(/<section id="gain-control">[\s\S]*Not judged: this run has no concentration sweep/);
    // the report names each checkpoint's connectome preprocessing
    expect(html).toContain('<td>not recorded (canonical apart from the OR mapping)</td>');
    const masks = { ...results, checkpoints: results.checkpoints.map((c) => ({ ...c, preprocessing: { orMapping: 'one-to-one' as const, lnQuantile: 0.33, nonAdWeights: 'binary' as const, kcDendroDendritic: 'binary' as const, countNormalization: 'per-matrix-max' as const } })) };
    const withMasks = renderReportHtml({ sets: [{ dir: 'r', file: 'r/recompute.json', results: masks }], figures: [], skipped: [], figuresSource: 'none', generator: 'test' } as never);
    expect(withMasks).toContain('<td>nonAdWeights=binary, kcDendroDendritic=binary</td>');
  });
});
