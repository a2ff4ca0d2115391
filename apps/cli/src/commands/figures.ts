import { join } from 'node:path';
import { writeFileAtomic } from '@olfactory/connectome-data';
import { renderPng, serializeSvg } from '@olfactory/plots';
import { buildFigures } from '../figures/build-figures';
import type { FigureName } from '../figures/build-figures';
import { readResultSets } from '../results/read-result-sets';
import type { FigureFormat } from '../util/list-option';
import { status } from '../util/progress';
import { prepareOutputDir } from '../util/output-dir';
import { lockOutputDir } from '../util/output-lock';
import type { ProgressOptions } from '../util/progress';

export interface FiguresOptions extends ProgressOptions {
  /** Results folders; the first is the main one, the others add Figure 4 / S4 conditions. */
  readonly results: readonly string[];
  /** Output folder (created if missing). */
  readonly out: string;
  readonly formats: readonly FigureFormat[];
  /** PNG pixels per SVG pixel. */
  readonly scale: number;
  readonly json: boolean;
}

/** One file written by `olfactory figures`. */
export interface WrittenFigure {
  readonly figure: FigureName;
  readonly format: FigureFormat;
  readonly file: string;
  readonly bytes: number;
}

/**
 * `olfactory figures`: reads the results folders, draws every figure (see `buildFigures`) and
 * writes each as SVG and/or PNG (resvg with DejaVu Sans) into `out`, atomically (temp file +
 * rename), so an interrupted run never leaves a half-written figure. Prints the files written
 * (stdout) and the figures skipped with the reason (stderr), or one JSON object with `--json`.
 */
export async function runFigures(options: FiguresOptions): Promise<DrawnFigures> {
  const outDir = await prepareOutputDir(options.out, '--out');
  const lock = await lockOutputDir(outDir, 'figures');
  try {
    return await drawFigures(options);
  } finally {
    await lock.release();
  }
}

/** What `runFigures` wrote, and the figures it skipped with the reason. */
export interface DrawnFigures {
  readonly written: readonly WrittenFigure[];
  readonly skipped: readonly { readonly name: string; readonly reason: string }[];
}

async function drawFigures(options: FiguresOptions): Promise<DrawnFigures> {
  const sets = await readResultSets(options.results, options);
  const { figures, skipped } = buildFigures(sets);
  status(`Writing ${figures.length} figures (${options.formats.join(', ')}) into ${options.out}`, options);
  const written: WrittenFigure[] = [];
  for (const fig of figures) {
    for (const format of options.formats) {
      const data = format === 'svg' ? serializeSvg(fig.svg) : renderPng(fig.svg, { scale: options.scale, background: 'white' });
      const file = join(options.out, `${fig.name}.${format}`);
      await writeFileAtomic(file, data);
      written.push({ figure: fig.name, format, file, bytes: typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength });
    }
  }
  for (const s of skipped) status(`Skipped ${s.name}: ${s.reason}`, options);
  if (options.silent === true) return { written, skipped }; // a step of `olfactory reproduce`, which prints its own summary
  if (options.json) {
    const out = { results: sets.map((s) => s.file), out: options.out, written, skipped };
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  } else process.stdout.write(`${written.map((w) => w.file).join('\n')}\n`);
  return { written, skipped };
}
