import { meanStd } from '@olfactory/metrics';
import { describePreprocessing } from '@olfactory/connectome-data';
import type { LoadedResults } from '../results/read-results';
import type { CheckpointMetrics, MeanStdValue, RecomputeResults, SummaryMetric } from '../results/recompute-results';
import { escapeHtml as h } from './escape-html';
import { REFERENCE_VALUES } from './reference-values';
import { GAIN_TESTS, REFERENCE_GAIN_CONTROL, gainControlRows, verdictTally } from '../results/gain-control';
import type { GainVerdict } from '../results/gain-control';
import type { ReferenceValue } from './reference-values';
import type { ReportExperiments } from './render-experiments';
import { experimentsSection } from './render-experiments';

/** A figure as inline SVG markup (already safe to inline: drawn by us or checked by `loadFigureSvgs`). */
export interface ReportFigure {
  readonly name: string;
  readonly title: string;
  readonly caption: string;
  /** `<svg ...>...</svg>` markup, without an XML declaration. */
  readonly svg: string;
}

export interface ReportInput {
  /** Results folders; the first is the main one (summary, per-checkpoint table, metadata). */
  readonly sets: readonly LoadedResults[];
  readonly figures: readonly ReportFigure[];
  readonly skipped: readonly { readonly name: string; readonly reason: string }[];
  /** Where the figures came from, in words (`drawn from the results`, `inlined from figures/`). */
  readonly figuresSource: string;
  /** Name and version of the program writing the report. */
  readonly generator: string;
  /** The experiment tables (`olfactory experiment`) and what is missing; no section when absent. */
  readonly experiments?: ReportExperiments;
}

/** One row of the summary table: this project's value beside the reference. */
export interface SummaryRow {
  readonly reference: ReferenceValue;
  readonly ours: MeanStdValue | undefined;
  readonly n: number;
  /** ours − reference, in the metric's unit. */
  readonly difference: number | undefined;
  /** difference / reference std, where the reference gives a std. */
  readonly differenceInStd: number | undefined;
}

/**
 * This project's value of each reference metric: the results' `summary` entry, else the mean ±
 * population std of the per-checkpoint metric when every checkpoint has it, else undefined.
 */
export function summaryRows(results: RecomputeResults): SummaryRow[] {
  return REFERENCE_VALUES.map((reference) => {
    const ours = summaryValue(results, reference.metric);
    const difference = ours === undefined ? undefined : ours.mean - reference.mean;
    const differenceInStd = difference !== undefined && reference.std !== undefined && reference.std > 0 ? difference / reference.std : undefined;
    return { reference, ours, n: results.checkpoints.length, difference, differenceInStd };
  });
}

function summaryValue(results: RecomputeResults, metric: SummaryMetric): MeanStdValue | undefined {
  const s = results.summary[metric];
  if (s) return s;
  const values = results.checkpoints.map((c) => c.metrics[metric as keyof CheckpointMetrics]);
  return values.every((v) => typeof v === 'number') ? meanStd(values as number[]) : undefined;
}

const fixed = (v: number | undefined, digits: number) => (v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(digits));
const signed = (v: number | undefined, digits: number) => {
  if (v === undefined) return '—';
  const text = Math.abs(v).toFixed(digits);
  return Number(text) === 0 ? text : `${v > 0 ? '+' : '-'}${text}`;
};
const unitSuffix = (r: ReferenceValue) => (r.unit === '%' ? ' %' : r.unit === '×' ? '×' : '');

/**
 * The report as one self-contained HTML page: inline CSS, inline SVG figures, no scripts and no
 * external URLs. Every string taken from the results or metadata files is HTML-escaped.
 */
export function renderReportHtml(input: ReportInput): string {
  const main = input.sets[0]!;
  const r = main.results;
  const title = 'Larval Drosophila olfactory spiking model — results report';
  const seeds = r.checkpoints.map((c) => c.seed).join(', ');
  const body = [
    `<header><h1>${h(title)}</h1>`,
    `<p class="lede">From <code>${h(main.file)}</code> (${h(r.producer.name)} ${h(r.producer.version)}): ${r.checkpoints.length} checkpoint(s), seeds ${h(seeds)}; ` +
      `ablation <strong>${h(r.protocol.ablation)}</strong>; ${r.odors.length} odors; eval seed ${h(r.protocol.evalSeed)}; device ${h(r.protocol.device)}.</p>`,
    `<nav><a href="#summary">Summary</a> · <a href="#checkpoints">Checkpoints</a> · <a href="#gain-control">Gain control</a>${input.sets.length > 1 ? ' · <a href="#conditions">Conditions</a>' : ''}${input.experiments ? ' · <a href="#experiments">Experiments</a>' : ''} · <a href="#figures">Figures</a> · <a href="#metadata">Run metadata</a></nav></header>`,
    summarySection(r),
    checkpointSection(r),
    gainControlSection(r),
    input.sets.length > 1 ? conditionsSection(input.sets) : '',
    input.experiments ? experimentsSection(input.experiments) : '',
    figuresSection(input),
    metadataSection(main),
    `<footer>Written by ${h(input.generator)}. Reference values: docs/olfactory-spec.md §4.7, §5.2, §5.3 (Watts &amp; Webb 2026).</footer>`,
  ].join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${h(title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

function summarySection(r: RecomputeResults): string {
  const rows = summaryRows(r).map((row) => {
    const ref = row.reference;
    const d = ref.digits;
    const ours = row.ours ? `${fixed(row.ours.mean, d)} ± ${fixed(row.ours.std, d)}` : 'not computed';
    const refText = `${ref.approximate ? '~' : ''}${fixed(ref.mean, d)}${ref.std !== undefined ? ` ± ${fixed(ref.std, d)}` : ''}`;
    const z = row.differenceInStd;
    const zClass = z === undefined ? '' : Math.abs(z) <= 2 ? ' ok' : Math.abs(z) <= 4 ? ' warn' : ' far';
    return (
      `<tr><th scope="row">${h(ref.label)}</th><td>${h(ref.unit)}</td><td class="num">${h(ours)}</td><td class="num">${h(refText)}</td>` +
      `<td class="num">${h(signed(row.difference, d))}${row.difference === undefined ? '' : h(unitSuffix(ref))}</td>` +
      `<td class="num${zClass}">${z === undefined ? '—' : h(`${signed(z, 1)} σ`)}</td><td>${h(ref.source)}</td></tr>`
    );
  });
  return `<section id="summary"><h2>Summary beside the reference paper</h2>
<p>Mean ± population std over ${r.checkpoints.length} checkpoint(s) (ddof = 0, as the reference). Difference = this project − reference; σ = the reference's std over its seeds 42–46, where it gives one. The reference numbers are stochastic too: aim for agreement within a few σ, not equality. Shading: within 2σ, within 4σ, beyond.</p>
<div class="scroll"><table id="summary-table">
<thead><tr><th scope="col">Metric</th><th scope="col">Unit</th><th scope="col">This project</th><th scope="col">Reference</th><th scope="col">Difference</th><th scope="col">Difference / σ<sub>ref</sub></th><th scope="col">Spec</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table></div></section>`;
}

const CHECKPOINT_COLUMNS: readonly { label: string; value: (m: CheckpointMetrics) => number | undefined; digits: number }[] = [
  { label: 'Accuracy', value: (m) => m.accuracy, digits: 4 },
  { label: 'KC sparsity', value: (m) => m.kcSparsity, digits: 4 },
  { label: 'Centroid', value: (m) => m.centroidAccuracy, digits: 4 },
  { label: 'AL %', value: (m) => m.alDecorrelation, digits: 2 },
  { label: 'MB %', value: (m) => m.mbDecorrelation, digits: 2 },
  { label: 'Total %', value: (m) => m.totalDecorrelation, digits: 2 },
  { label: 'Mancini', value: (m) => m.manciniRatio, digits: 3 },
  { label: 'APL suppr. %', value: (m) => m.aplSuppressionPercent, digits: 1 },
  { label: 'ORN active', value: (m) => m.ornActivity, digits: 3 },
  { label: 'LN active', value: (m) => m.lnActivity, digits: 3 },
  { label: 'PN active', value: (m) => m.pnActivity, digits: 3 },
  { label: 'PN range', value: (m) => m.pnDynamicRange, digits: 2 },
  { label: 'KC range', value: (m) => m.kcDynamicRange, digits: 2 },
  { label: 'OR range', value: (m) => m.orDynamicRange, digits: 2 },
];

function checkpointSection(r: RecomputeResults): string {
  const head = ['Checkpoint', 'Seed', ...CHECKPOINT_COLUMNS.map((c) => c.label), 'g_soma nS', 'KC at bound'].map((l) => `<th scope="col">${h(l)}</th>`).join('');
  const rows = r.checkpoints.map(
    (c) =>
      `<tr><th scope="row"><code>${h(c.file)}</code></th><td class="num">${h(c.seed)}</td>` +
      CHECKPOINT_COLUMNS.map((col) => `<td class="num">${h(fixed(col.value(c.metrics), col.digits))}</td>`).join('') +
      `<td class="num">${h(fixed(c.parameters.gSomaNs, 2))}</td><td class="num">${h(fixed(c.parameters.kcAtUpperBound * 100, 1))} %</td></tr>`,
  );
  return `<section id="checkpoints"><h2>Per-checkpoint metrics</h2>
<p>Accuracies, sparsity and activities are fractions; decorrelations and suppression in %; “—” = not computed for this run (e.g. no concentration sweep, or Mancini skipped without APL).</p>
<div class="scroll"><table id="checkpoint-table">
<thead><tr>${head}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table></div></section>`;
}

/**
 * The four gain-control tests of spec §4.7 per checkpoint, beside the paper's verdicts. A check
 * that disagrees with the paper is shaded and spelled out; without the concentration sweep the
 * section says that nothing was judged.
 */
function gainControlSection(r: RecomputeResults): string {
  const rows = gainControlRows(r.checkpoints);
  if (rows.length === 0) {
    return `<section id="gain-control"><h2>Gain control (§4.7)</h2>
<p class="note">Not judged: this run has no concentration sweep (recompute with <code>--concentration</code>).</p></section>`;
  }
  const ref = REFERENCE_GAIN_CONTROL;
  const verdictCell = (v: GainVerdict, want: GainVerdict) => `<td class="verdict${v === want ? ' ok' : ' far'}">${h(v)}</td>`;
  const head = ['Checkpoint', 'Seed', 'OR range', 'PN range', 'KC range', ...GAIN_TESTS.map((t) => t.label)].map((l) => `<th scope="col">${h(l)}</th>`).join('');
  const body = rows.map(
    (row) =>
      `<tr><th scope="row"><code>${h(row.file)}</code></th><td class="num">${h(row.seed)}</td><td class="num">${h(fixed(row.orRange, 2))}</td><td class="num">${h(fixed(row.pnRange, 2))}</td><td class="num">${h(fixed(row.kcRange, 2))}</td>` +
      GAIN_TESTS.map((t) => verdictCell(row.verdicts[t.key], ref.verdicts[t.key])).join('') +
      '</tr>',
  );
  const refRow =
    `<tr class="reference"><th scope="row">Reference paper</th><td class="num">42–46</td><td class="num">${h(fixed(ref.orRange, 2))}</td><td class="num">${h(`${fixed(ref.pnRange, 2)} ± ${fixed(ref.pnRangeStd, 2)}`)}</td><td class="num">~${h(fixed(ref.kcRange, 2))}</td>` +
    GAIN_TESTS.map((t) => `<td class="verdict">${h(ref.verdicts[t.key])}</td>`).join('') +
    '</tr>';
  const tally = GAIN_TESTS.map((t) => `${h(t.label)}: ${h(verdictTally(rows, t.key))}`).join('; ');
  return `<section id="gain-control"><h2>Gain control (§4.7)</h2>
<p>The concentration sweep's four tests: sublinear PN gain (PN range &lt; OR range), flat KC activity (KC range &lt; 1.2), robust classification (mean decoder accuracy over c ∈ [0.3, 5] &gt; 0.5) and odor identity (cross-concentration KC centroid accuracy &gt; 0.6 PASS, &gt; 0.3 PARTIAL). The paper's canonical models give ${h(ref.source)} the verdicts of the last row. Checkpoints that agree with the paper: ${tally}. A verdict that differs from the paper's is shaded.</p>
<div class="scroll"><table id="gain-control-table">
<thead><tr>${head}</tr></thead>
<tbody>
${body.join('\n')}
${refRow}
</tbody></table></div></section>`;
}

function conditionsSection(sets: readonly LoadedResults[]): string {
  const cell = (v: MeanStdValue | undefined, d: number) => (v ? `${fixed(v.mean, d)} ± ${fixed(v.std, d)}` : '—');
  const rows = sets.map((s) => {
    const r = s.results;
    return (
      `<tr><th scope="row"><code>${h(s.dir)}</code></th><td>${h(r.protocol.ablation)}</td><td class="num">${r.checkpoints.length}</td><td class="num">${r.odors.length}</td>` +
      `<td class="num">${h(cell(summaryValue(r, 'accuracy'), 4))}</td><td class="num">${h(cell(summaryValue(r, 'alDecorrelation'), 2))}</td>` +
      `<td class="num">${h(cell(summaryValue(r, 'mbDecorrelation'), 2))}</td><td class="num">${h(cell(summaryValue(r, 'manciniRatio'), 3))}</td></tr>`
    );
  });
  return `<section id="conditions"><h2>Conditions</h2>
<p>Every results folder given; the first is the main one, the others are extra Figure 4 conditions.</p>
<div class="scroll"><table id="conditions-table">
<thead><tr><th scope="col">Results</th><th scope="col">Ablation</th><th scope="col">Checkpoints</th><th scope="col">Odors</th><th scope="col">Accuracy</th><th scope="col">AL %</th><th scope="col">MB %</th><th scope="col">Mancini</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table></div></section>`;
}

function figuresSection(input: ReportInput): string {
  const figures = input.figures.map(
    (f) => `<figure class="report-figure" id="figure-${h(f.name)}">
${f.svg}
<figcaption><strong>${h(f.title)}.</strong> ${h(f.caption)} <span class="file">(${h(f.name)})</span></figcaption>
</figure>`,
  );
  const skipped = input.skipped.length === 0 ? '' : `<ul class="skipped">${input.skipped.map((s) => `<li><strong>${h(s.name)}</strong> not drawn: ${h(s.reason)}</li>`).join('')}</ul>`;
  return `<section id="figures"><h2>Figures</h2>
<p>${input.figures.length} figure(s), ${h(input.figuresSource)}.</p>
${skipped}
${figures.join('\n')}
</section>`;
}

function keyValueTable(id: string, caption: string, entries: readonly (readonly [string, string])[], code = false): string {
  if (entries.length === 0) return '';
  const rows = entries.map(([k, v]) => `<tr><th scope="row">${h(k)}</th><td>${code ? `<code>${h(v)}</code>` : h(v)}</td></tr>`);
  return `<table id="${h(id)}" class="kv"><caption>${h(caption)}</caption><tbody>
${rows.join('\n')}
</tbody></table>`;
}

function metadataSection(set: LoadedResults): string {
  const r = set.results;
  const p = r.protocol;
  const protocol: [string, string][] = [
    ['Results file', set.file],
    ['Producer', `${r.producer.name} ${r.producer.version}`],
    ['Schema', `${r.schema} v${r.version}`],
    ['Eval seed', String(p.evalSeed)],
    ['Test repeats per odor', String(p.testRepeats)],
    ['Trials per odor (centroid, decorrelation, Mancini)', String(p.nTrials)],
    ['Input noise', String(p.inputNoise)],
    ['Concentration sweep', p.withConcentration ? 'yes' : 'no'],
    ['Ablation', p.ablation],
    ['Device (execution provider)', p.device],
    ['Odors', r.odors.join(', ')],
  ];
  const checkpoints = r.checkpoints.map(
    (c) =>
      `<tr><th scope="row"><code>${h(c.file)}</code></th><td class="num">${h(c.seed)}</td><td>${h(c.orMapping)}</td>` +
      `<td>${h(c.preprocessing ? describePreprocessing(c.preprocessing) : 'not recorded (canonical apart from the OR mapping)')}</td><td><code>${h(c.sha256)}</code></td></tr>`,
  );
  const m = set.metadata;
  const run = m
    ? [
        keyValueTable('run-table', `Run (${set.metadataFile ?? 'run-metadata.json'})`, [
          ['Created', m.createdAt],
          ['Node', m.node],
          ['Platform', m.platform],
          ['Device', m.device],
        ]),
        keyValueTable('versions-table', 'Versions', Object.entries(m.versions)),
        keyValueTable('checksums-table', 'Data checksums (sha256)', Object.entries(m.dataChecksums), true),
        keyValueTable(
          'timings-table',
          'Timings (seconds)',
          Object.entries(m.timingsSeconds).map(([k, v]) => [k, v.toFixed(2)] as const),
        ),
      ].join('\n')
    : `<p class="note">No run-metadata.json beside ${h(set.file)}: versions, data checksums, device and timings are not available.</p>`;
  return `<section id="metadata"><h2>Run metadata</h2>
${keyValueTable('protocol-table', 'Protocol', protocol)}
<div class="scroll"><table id="seeds-table"><caption>Checkpoints</caption>
<thead><tr><th scope="col">File</th><th scope="col">Seed</th><th scope="col">OR mapping</th><th scope="col">Connectome preprocessing</th><th scope="col">sha256</th></tr></thead>
<tbody>
${checkpoints.join('\n')}
</tbody></table></div>
${run}
</section>`;
}

const CSS = `
:root { color-scheme: light; --ink: #1d232b; --muted: #5b6675; --line: #d5dae1; --accent: #2e6da4; }
* { box-sizing: border-box; }
body { margin: 0; background: #f6f7f9; color: var(--ink); font: 15px/1.5 "DejaVu Sans", system-ui, sans-serif; }
main { max-width: 1180px; margin: 0 auto; padding: 24px 28px 48px; background: #fff; }
h1 { font-size: 1.6rem; margin: 0 0 .4rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .6rem; padding-bottom: .2rem; border-bottom: 2px solid var(--line); }
.lede { color: var(--muted); margin: 0 0 .6rem; }
nav a { color: var(--accent); text-decoration: none; }
code { font-family: "DejaVu Sans Mono", ui-monospace, monospace; font-size: .85em; word-break: break-all; }
th code { word-break: normal; white-space: nowrap; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; margin: .6rem 0 1rem; font-size: .9rem; }
caption { text-align: left; font-weight: bold; padding: .3rem 0; }
th, td { border: 1px solid var(--line); padding: .25rem .5rem; text-align: left; vertical-align: top; }
thead th { background: #eef1f5; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.ok { background: #e7f4ea; } td.warn { background: #fdf3dc; } td.far { background: #f9e1de; }
table.kv th { width: 16rem; font-weight: normal; color: var(--muted); }
figure.report-figure { margin: 1.2rem 0 2rem; }
figure.report-figure svg { display: block; max-width: 100%; height: auto; }
figcaption { color: var(--muted); font-size: .9rem; margin-top: .4rem; }
span.paper { color: var(--muted); font-size: .8rem; }
ul.notes { color: var(--muted); font-size: .85rem; }
figcaption .file { font-family: "DejaVu Sans Mono", monospace; font-size: .8rem; }
.skipped, .note { color: #8a5a00; }
footer { margin-top: 2.5rem; color: var(--muted); font-size: .85rem; }
@media print { body { background: #fff; } main { max-width: none; } figure.report-figure { break-inside: avoid; } }
`;
