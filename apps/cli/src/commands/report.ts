import { writeFileAtomic } from '@olfactory/connectome-data';
import { buildFigures } from '../figures/build-figures';
import { loadFigureSvgs } from '../report/load-figure-svgs';
import { renderReportHtml, summaryRows } from '../report/render-report';
import type { ReportFigure } from '../report/render-report';
import { readResultSets } from '../results/read-result-sets';
import { CLI_VERSION } from '../util/cli-version';
import { status } from '../util/progress';
import { prepareOutputFile } from '../util/output-dir';
import type { ProgressOptions } from '../util/progress';
import type { ReportExperiments } from '../report/render-experiments';
import { missingExperiments, readExperimentFolder } from '../experiments/experiment-results';
import { experimentFigures } from '../experiments/experiment-figures';

export interface ReportOptions extends ProgressOptions {
  /** Results folders; the first is the main one, the others add Figure 4 / S4 conditions. */
  readonly results: readonly string[];
  /** The HTML file to write (its folder is created if missing). */
  readonly out: string;
  /** Inline the SVGs that `olfactory figures` wrote here instead of drawing them again. */
  readonly figures?: string;
  readonly json: boolean;
  /**
   * Experiment tables to show beside the paper's values: a folder written by `olfactory
   * experiment` (`<name>.json`), or tables already read (`olfactory reproduce --all`).
   */
  readonly experiments?: string | ReportExperiments;
  /** Seeds the missing-experiment commands name (default 42-46). */
  readonly experimentSeeds?: readonly number[];
}

/**
 * `olfactory report`: one self-contained HTML page (inline CSS and SVG, no scripts, no external
 * URLs) with the figures, this project's summary values beside the reference paper's, a
 * per-checkpoint table and the run metadata. Written atomically.
 */
export async function runReport(options: ReportOptions): Promise<void> {
  await prepareOutputFile(options.out, '--out-file');
  const sets = await readResultSets(options.results, options);
  const drawn = buildFigures(sets);
  let figures: ReportFigure[] = drawn.figures.map((f) => ({ name: f.name, title: f.title, caption: f.caption, svg: f.svg.outerHTML }));
  let figuresSource = 'drawn from the results';
  if (options.figures !== undefined) {
    const { markup, found } = await loadFigureSvgs(options.figures, drawn.figures);
    if (found.length === 0) {
      throw new Error(`no figure SVGs in ${options.figures}; expected the files of 'olfactory figures --results ${options.results[0]} --out ${options.figures}' (e.g. fig2-similarity.svg).`);
    }
    figures = figures.map((f) => ({ ...f, svg: markup.get(f.name) ?? f.svg }));
    figuresSource = `${found.length} inlined from ${options.figures}${found.length < figures.length ? `, ${figures.length - found.length} drawn from the results` : ''}`;
    status(`Inlining ${found.length} SVG(s) from ${options.figures}`, options);
  }
  let experiments: ReportExperiments | undefined;
  if (typeof options.experiments === 'string') {
    const tables = await readExperimentFolder(options.experiments, options.experiments);
    if (tables.length === 0) throw new Error(`no experiment tables (<name>.json) in ${options.experiments}; pass the --out folder of 'olfactory experiment <name>'.`);
    experiments = { tables, missing: missingExperiments(tables, options.experimentSeeds ?? tables[0]!.table.seeds) };
  } else experiments = options.experiments;
  if (experiments && experiments.figures === undefined) {
    // Figure 4, S4 and the tables as figures, drawn from the experiment tables
    const drawnExperiments = experimentFigures(new Map(experiments.tables.map((t) => [t.table.experiment, t.table])));
    experiments = { ...experiments, figures: drawnExperiments.map((f) => ({ name: f.name, title: f.title, caption: f.caption, svg: f.svg.outerHTML })) };
  }
  const html = renderReportHtml({ sets, figures, skipped: drawn.skipped, figuresSource, generator: `@olfactory/cli ${CLI_VERSION}`, ...(experiments ? { experiments } : {}) });
  await writeFileAtomic(options.out, html);
  const bytes = Buffer.byteLength(html);
  const experimentFigureCount = experiments?.figures?.length ?? 0;
  status(
    `Wrote ${options.out}: ${figures.length} figure(s)${experimentFigureCount > 0 ? ` and ${experimentFigureCount} experiment figure(s)` : ''}, ${sets[0]!.results.checkpoints.length} checkpoint(s), ${Math.round(bytes / 1024)} kB`,
    options,
  );
  if (options.silent === true) return; // a step of `olfactory reproduce`, which prints its own summary
  if (options.json) {
    const rows = summaryRows(sets[0]!.results).map((r) => ({
      metric: r.reference.metric,
      value: r.ours ?? null,
      reference: { mean: r.reference.mean, std: r.reference.std ?? null, source: r.reference.source },
      difference: r.difference ?? null,
      differenceInStd: r.differenceInStd ?? null,
    }));
    const out = {
      out: options.out,
      bytes,
      results: sets.map((s) => s.file),
      figures: figures.map((f) => f.name),
      skipped: drawn.skipped,
      figuresSource,
      checkpoints: sets[0]!.results.checkpoints.length,
      summary: rows,
      ...(experiments
        ? { experiments: experiments.tables.map((t) => ({ experiment: t.table.experiment, file: t.file, rows: t.table.rows.length, wallSeconds: t.table.wallSeconds })), missing: experiments.missing }
        : {}),
    };
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return;
  }
  process.stdout.write(`${options.out}\n`);
}
