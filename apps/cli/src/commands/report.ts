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

export interface ReportOptions extends ProgressOptions {
  /** Results folders; the first is the main one, the others add Figure 4 / S4 conditions. */
  readonly results: readonly string[];
  /** The HTML file to write (its folder is created if missing). */
  readonly out: string;
  /** Inline the SVGs that `olfactory figures` wrote here instead of drawing them again. */
  readonly figures?: string;
  readonly json: boolean;
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
  const html = renderReportHtml({ sets, figures, skipped: drawn.skipped, figuresSource, generator: `@olfactory/cli ${CLI_VERSION}` });
  await writeFileAtomic(options.out, html);
  const bytes = Buffer.byteLength(html);
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
    };
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return;
  }
  process.stdout.write(`${options.out}\n`);
  status(`Wrote ${options.out}: ${figures.length} figure(s), ${sets[0]!.results.checkpoints.length} checkpoint(s), ${Math.round(bytes / 1024)} kB`, options);
}
