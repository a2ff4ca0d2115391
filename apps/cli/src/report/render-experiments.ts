import type { LoadedExperimentTable, MissingExperiment } from '../experiments/experiment-results';
import type { ExperimentCell } from '../experiments/experiment-table';
import { escapeHtml as h } from './escape-html';
import type { ReportFigure } from './render-report';

/** The experiments part of the report: the tables read, and what is not there yet. */
export interface ReportExperiments {
  readonly tables: readonly LoadedExperimentTable[];
  readonly missing: readonly MissingExperiment[];
  /** Figure 4, S4 and the table figures drawn from the tables (inline SVG markup). */
  readonly figures?: readonly ReportFigure[];
}

const fmt = (x: number | null | undefined, unit: string): string =>
  x === null || x === undefined || !Number.isFinite(x) ? '—' : unit === '%' ? x.toFixed(2) : unit === 'count' ? x.toFixed(0) : x.toFixed(3);
const signed = (z: number) => `${z >= 0 ? '+' : '−'}${Math.abs(z).toFixed(1)}`;
const zClass = (z: number | undefined) => (z === undefined ? '' : Math.abs(z) <= 2 ? ' ok' : Math.abs(z) <= 4 ? ' warn' : ' far');
const seconds = (s: number) => (s <= 0 ? '—' : s < 120 ? `${s.toFixed(1)} s` : `${(s / 60).toFixed(1)} min`);

/** One cell: this project's mean ± std over seeds, the paper's value (± its σ) and the difference in σ. */
function cellHtml(cell: ExperimentCell | undefined, unit: string): string {
  if (!cell) return '<td class="num">—</td>';
  const own = `${fmt(cell.mean, unit)}${cell.std !== null && cell.perSeed.length > 1 ? ` ± ${fmt(cell.std, unit)}` : ''}`;
  if (cell.paper === undefined) return `<td class="num">${h(own)}</td>`;
  const paper = `paper ${fmt(cell.paper, unit)}${cell.paperStd !== undefined ? ` ± ${fmt(cell.paperStd, unit)}` : ''}`;
  const z = cell.zPaper;
  return `<td class="num${zClass(z)}" title="${h(cell.paperSource ?? '')}">${h(own)}<br><span class="paper">${h(paper)}${z !== undefined ? h(` · ${signed(z)} σ`) : ''}</span></td>`;
}

/**
 * Every experiment table beside the paper's values (spec §5), with the wall time of each
 * experiment, and for every experiment or row not there yet the commands that generate it.
 */
export function experimentsSection(e: ReportExperiments): string {
  const times = e.tables.map(
    ({ table: t, source }) =>
      `<tr><th scope="row">${h(t.title)}</th><td class="num">${h(seconds(t.wallSeconds.training))}</td><td class="num">${h(seconds(t.wallSeconds.evaluation))}</td><td class="num">${t.rows.length}</td><td>${h(source)}</td></tr>`,
  );
  const tables = e.tables.map(({ table: t, file, source }) => {
    const head = ['Condition', ...t.columns.map((c) => `${c.label}${c.unit === '%' ? ' %' : ''}`)].map((l) => `<th scope="col">${h(l)}</th>`).join('');
    const rows = t.rows.map(
      (r) =>
        `<tr><th scope="row">${h(r.label)}<br><span class="paper">${h(r.evaluation === 'none' ? `seeds ${r.seeds.join(', ')}` : `post hoc ${r.evaluation}, seeds ${r.seeds.join(', ')}`)}</span></th>${t.columns.map((c) => cellHtml(r.metrics[c.key], c.unit)).join('')}</tr>`,
    );
    const notes = t.notes.length === 0 ? '' : `<ul class="notes">${t.notes.map((n) => `<li>${h(n)}</li>`).join('')}</ul>`;
    return `<h3 id="experiment-${h(t.experiment)}">${h(t.title)} <code>${h(t.experiment)}</code></h3>
<p>${h(source)} (<code>${h(file)}</code>): seeds ${h(t.seeds.join(', '))}, ${h(t.epochs)} student + ${h(t.teacherEpochs)} teacher epochs; wall time: training ${h(seconds(t.wallSeconds.training))}, evaluation ${h(seconds(t.wallSeconds.evaluation))}.</p>
<div class="scroll"><table class="experiment-table" id="experiment-table-${h(t.experiment)}">
<thead><tr>${head}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table></div>
${notes}`;
  });
  const missing =
    e.missing.length === 0
      ? '<p>Every row of every experiment is here.</p>'
      : `<p class="note">Not shipped yet: these rows need trainings that were not run. No value is shown for them; run the commands to generate them (or <code>olfactory reproduce --all --retrain</code> for everything).</p>
<ul id="experiments-missing">${e.missing
          .map((m) => `<li><strong>${h(m.experiment)}</strong>: ${m.whole ? 'no table' : h(m.rows.join(', '))}<br>${m.commands.map((c) => `<code>${h(c)}</code>`).join('<br>')}</li>`)
          .join('\n')}</ul>`;
  return `<section id="experiments"><h2>Experiments beside the paper (§5)</h2>
<p>Each cell: this project's mean ± population std over seeds; below it the paper's value (± its σ where it gives one) and the difference in units of the paper's σ. Shading as in the summary: within 2σ, within 4σ, beyond. Hover a cell for the paper's source.</p>
<table id="experiment-times"><caption>Wall time of each experiment</caption>
<thead><tr><th scope="col">Experiment</th><th scope="col">Training</th><th scope="col">Evaluation</th><th scope="col">Rows</th><th scope="col">Source</th></tr></thead>
<tbody>
${times.join('\n')}
</tbody></table>
${(e.figures ?? [])
  .map(
    (f) => `<figure class="report-figure" id="figure-${h(f.name)}">
${f.svg}
<figcaption><strong>${h(f.title)}.</strong> ${h(f.caption)} <span class="file">(${h(f.name)})</span></figcaption>
</figure>`,
  )
  .join('\n')}
${tables.join('\n')}
<h3 id="experiments-not-yet">Not there yet</h3>
${missing}
</section>`;
}
