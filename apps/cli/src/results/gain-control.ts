import type { CheckpointResult } from './recompute-results';

/** Verdict of one §4.7 test: `robust_classification` and the two gain tests pass or fail; identity has PARTIAL too. */
export type GainVerdict = 'PASS' | 'PARTIAL' | 'FAIL';

/** The four concentration-invariance (gain-control) tests of spec §4.7, as verdicts. */
export interface GainControlVerdicts {
  /** `pn_range < or_range`. */
  readonly sublinearPnGain: GainVerdict;
  /** `kc_range < 1.2`. */
  readonly flatKcActivity: GainVerdict;
  /** Mean decoder accuracy over c ∈ [0.3, 5] > 0.5. */
  readonly robustClassification: GainVerdict;
  /** Mean cross-concentration KC centroid accuracy > 0.6 (PASS), > 0.3 (PARTIAL). */
  readonly odorIdentityPreservation: GainVerdict;
}

/** One checkpoint's gain-control row: the three dynamic ranges and the four verdicts. */
export interface GainControlRow {
  readonly file: string;
  readonly seed: number;
  readonly orRange: number;
  readonly pnRange: number;
  readonly kcRange: number;
  readonly verdicts: GainControlVerdicts;
}

/** Display names of the four tests, in the spec's order. */
export const GAIN_TESTS: readonly { readonly key: keyof GainControlVerdicts; readonly label: string }[] = Object.freeze([
  { key: 'sublinearPnGain', label: 'sublinear PN gain' },
  { key: 'flatKcActivity', label: 'flat KC activity' },
  { key: 'robustClassification', label: 'robust classification' },
  { key: 'odorIdentityPreservation', label: 'odor identity' },
]);

/**
 * The reference's gain-control result (spec §5.3, per-seed table of the canonical models):
 * "All seeds: sublinear_pn_gain = True, flat_kc_activity = True, robust_classification = True,
 * odor_identity_preservation = PARTIAL"; PN range 1.23 ± 0.02×, KC ~1.15×, OR input 1.75×.
 */
export const REFERENCE_GAIN_CONTROL = Object.freeze({
  orRange: 1.75,
  pnRange: 1.23,
  pnRangeStd: 0.02,
  kcRange: 1.15,
  verdicts: Object.freeze({ sublinearPnGain: 'PASS', flatKcActivity: 'PASS', robustClassification: 'PASS', odorIdentityPreservation: 'PARTIAL' }) as GainControlVerdicts,
  source: '§4.7, §5.3 (all five seeds)',
});

const passFail = (ok: boolean): GainVerdict => (ok ? 'PASS' : 'FAIL');

/**
 * Gain-control rows of the checkpoints that ran the concentration sweep (others are skipped:
 * without `--with-concentration` there is nothing to judge).
 */
export function gainControlRows(checkpoints: readonly CheckpointResult[]): GainControlRow[] {
  const rows: GainControlRow[] = [];
  for (const c of checkpoints) {
    const sweep = c.figures.concentration;
    const m = c.metrics;
    if (!sweep || m.orDynamicRange === undefined || m.pnDynamicRange === undefined || m.kcDynamicRange === undefined) continue;
    rows.push({
      file: c.file,
      seed: c.seed,
      orRange: m.orDynamicRange,
      pnRange: m.pnDynamicRange,
      kcRange: m.kcDynamicRange,
      verdicts: {
        sublinearPnGain: passFail(sweep.tests.sublinearPnGain),
        flatKcActivity: passFail(sweep.tests.flatKcActivity),
        robustClassification: passFail(sweep.tests.robustClassification),
        odorIdentityPreservation: sweep.tests.odorIdentityPreservation,
      },
    });
  }
  return rows;
}

/** How many rows give each verdict of one test, e.g. `0/5 PASS`. */
export function verdictTally(rows: readonly GainControlRow[], key: keyof GainControlVerdicts): string {
  const want = REFERENCE_GAIN_CONTROL.verdicts[key];
  const n = rows.filter((r) => r.verdicts[key] === want).length;
  return `${n}/${rows.length} ${want}`;
}

/**
 * The plain-text gain-control table `olfactory recompute --with-concentration` prints: one line
 * per checkpoint, then the reference's line, then how many checkpoints agree with it per test.
 * A failed check is printed as FAIL, never hidden.
 */
export function formatGainControlTable(rows: readonly GainControlRow[]): string[] {
  if (rows.length === 0) return [];
  const ref = REFERENCE_GAIN_CONTROL;
  const cell = (v: string, w: number) => v.padEnd(w);
  const widths = GAIN_TESTS.map((t) => Math.max(t.label.length, 7));
  const head = `${'gain control (§4.7)'.padEnd(26)} seed   OR ×   PN ×   KC ×  ${GAIN_TESTS.map((t, i) => cell(t.label, widths[i]!)).join('  ')}`;
  const line = (label: string, seed: string, or: string, pn: string, kc: string, v: GainControlVerdicts) =>
    `${label.padEnd(26).slice(0, 26)} ${seed.padStart(4)}  ${or.padStart(5)}  ${pn.padStart(5)}  ${kc.padStart(5)}  ${GAIN_TESTS.map((t, i) => cell(v[t.key], widths[i]!)).join('  ')}`.trimEnd();
  return [
    head,
    ...rows.map((r) => line(r.file, String(r.seed), r.orRange.toFixed(2), r.pnRange.toFixed(2), r.kcRange.toFixed(2), r.verdicts)),
    line('reference paper', 'all', ref.orRange.toFixed(2), ref.pnRange.toFixed(2), `~${ref.kcRange.toFixed(2)}`, ref.verdicts),
    `agreement with the paper: ${GAIN_TESTS.map((t) => `${t.label} ${verdictTally(rows, t.key)}`).join(', ')}`,
  ];
}
