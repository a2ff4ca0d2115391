import { Command, Option } from 'commander';
import { z } from 'zod';
import { CliUsageError } from '../util/cli-error';
import { warn } from '../util/warn';
import { applyConfigFile, configHelpText, configOption } from '../util/config-file';
import type { ConfigSpec } from '../util/config-file';
import { collectPaths, FIGURE_FORMATS, MAX_SCALE, MIN_SCALE, parseFormats, parseScale } from '../util/list-option';
import type { FigureFormat } from '../util/list-option';

/** `"a"` or `["a", "b,c"]` → a non-empty list of paths, each taken as given (commas never split a path). */
const pathList = z.union([z.string().trim().min(1), z.array(z.string().trim().min(1)).min(1)]).transform((v) => (typeof v === 'string' ? [v] : v));
const path = z.string().trim().min(1);
const formats = z.union([z.string(), z.array(z.string())]).transform((v, ctx) => {
  try {
    return parseFormats(v);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'bad format' });
    return z.NEVER;
  }
});

const RESULTS_KEY = { schema: pathList, expected: 'a results folder (string) or a non-empty array of them', path: 'list' } as const;

const FIGURES_CONFIG: ConfigSpec = {
  results: RESULTS_KEY,
  out: { schema: path, expected: 'an output folder path (string)', path: 'single' },
  format: { schema: formats, expected: `formats from ${FIGURE_FORMATS.join(', ')} (array, or a comma-separated string)` },
  scale: { schema: z.number().min(MIN_SCALE).max(MAX_SCALE), expected: `a number in [${MIN_SCALE}, ${MAX_SCALE}]` },
  json: { schema: z.boolean(), expected: 'true or false' },
};

const REPORT_CONFIG: ConfigSpec = {
  results: RESULTS_KEY,
  outFile: { schema: path, expected: 'an HTML file path (string)', path: 'single' },
  out: { schema: path, expected: 'an HTML file path (string; old name of "outFile")', path: 'single' },
  figures: { schema: path, expected: 'a folder of figure SVGs (string)', path: 'single' },
  experiments: { schema: path, expected: 'the folder of `olfactory experiment` tables (string)', path: 'single' },
  json: { schema: z.boolean(), expected: 'true or false' },
};

const resultsOption = () =>
  new Option('--results <dir>', 'folder with recompute.json (+ run-metadata.json); repeat the flag to add conditions (the first is the main one)').argParser(collectPaths('--results'));

function required<T>(value: T | undefined, flag: string, what: string): T {
  if (value === undefined || (Array.isArray(value) && value.length === 0)) {
    throw new CliUsageError(`missing ${flag}: ${what}; give it on the command line or as "${flag.slice(2)}" in --config.`);
  }
  return value;
}

/**
 * Registers `olfactory figures` and `olfactory report` on the program. Kept out of cli.ts so the
 * entry point only gains an import and one call. The command modules (d3, resvg) are imported
 * when a command runs, so `olfactory data ...` starts as fast as before.
 */
export function registerReportCommands(program: Command): void {
  const quiet = () => program.opts<{ quiet?: boolean }>().quiet === true;

  program
    .command('figures')
    .description('draw every figure (SVG and PNG) from the results of olfactory recompute')
    .addOption(resultsOption())
    .option('--out <dir>', 'folder to write the figures into (created if missing)')
    .addOption(new Option('--format <list>', `comma-separated output formats: ${FIGURE_FORMATS.join(', ')}`).argParser(parseFormats).default(['svg', 'png'], 'svg,png'))
    .addOption(new Option('--scale <factor>', `PNG pixels per SVG pixel, in [${MIN_SCALE}, ${MAX_SCALE}]`).argParser(parseScale).default(2))
    .option('--json', 'print the written and skipped figures as JSON on stdout')
    .addOption(configOption())
    .addHelpText(
      'after',
      `
Figures (one file per format): fig2-similarity, fig3-concentration (only with the concentration
sweep), fig4-bars (one bar per --results folder), figS1-kc-heatmap, figS2-confusion,
figS3-within-odor, figS4-threshold-scaling, training-curves, learned-parameters.
Files are written atomically; an existing figure is replaced.

Examples:
  $ olfactory figures --results runs/canonical --out figures
  $ olfactory figures --results runs/canonical --results runs/no-gap --results runs/no-apl --out figures --format svg
  $ olfactory figures --results runs/canonical --results runs/no-std --out figures --json
${configHelpText('figures', { results: ['runs/canonical', 'runs/no-apl'], out: 'figures', format: 'png', scale: 3 })}`,
    )
    .action(async (_opts: unknown, cmd: Command) => {
      await applyConfigFile(cmd, FIGURES_CONFIG);
      const o = cmd.opts<{ results?: string[]; out?: string; format: FigureFormat[]; scale: number; json?: boolean }>();
      const results = required(o.results, '--results', 'the folder of `olfactory recompute` results');
      const out = required(o.out, '--out', 'the folder to write the figures into');
      const { runFigures } = await import('./figures');
      await runFigures({ results, out, formats: o.format, scale: o.scale, json: o.json === true, enabled: !quiet() });
    });

  program
    .command('report')
    .description('write one self-contained HTML report: figures, summary vs the reference paper, per-checkpoint table, run metadata')
    .addOption(resultsOption())
    .option('--out-file <file>', 'HTML file to write (its folder is created if missing)')
    .addOption(new Option('--out <file>', 'old name of --out-file').hideHelp())
    .option('--figures <dir>', "inline the SVGs written there by 'olfactory figures' instead of drawing them again")
    .option('--experiments <dir>', "add the experiment tables written there by 'olfactory experiment' (each beside the paper's values, with its wall time, and the commands for rows not yet run)")
    .option('--json', 'print what was written and the summary comparison as JSON on stdout')
    .addOption(configOption())
    .addHelpText(
      'after',
      `
The page has no scripts and loads nothing: CSS and SVG figures are inline, so it can be mailed or
archived as one file. Reference values: spec §4.7, §5.2, §5.3 (apps/cli/src/report/reference-values.ts).

Examples:
  $ olfactory report --results runs/canonical --out-file report.html
  $ olfactory figures --results runs/canonical --out figures && olfactory report --results runs/canonical --figures figures --out-file report.html
  $ olfactory report --results runs/canonical --results runs/no-apl --out-file report.html --json
  $ olfactory report --results runs/canonical --experiments olfactory-experiments/all --out-file report.html
${configHelpText('report', { results: 'runs/canonical', outFile: 'report.html' })}`,
    )
    .action(async (_opts: unknown, cmd: Command) => {
      await applyConfigFile(cmd, REPORT_CONFIG);
      const o = cmd.opts<{ results?: string[]; outFile?: string; out?: string; figures?: string; experiments?: string; json?: boolean }>();
      const results = required(o.results, '--results', 'the folder of `olfactory recompute` results');
      if (o.out !== undefined && o.outFile !== undefined) throw new CliUsageError('--out is the old name of --out-file; give only --out-file.');
      if (o.out !== undefined) warn('--out is renamed --out-file for report (--out always names a folder); the old name will go away.');
      const out = required(o.outFile ?? o.out, '--out-file', 'the HTML file to write');
      const { runReport } = await import('./report');
      await runReport({ results, out, figures: o.figures, ...(o.experiments !== undefined ? { experiments: o.experiments } : {}), json: o.json === true, enabled: !quiet() });
    });
}
