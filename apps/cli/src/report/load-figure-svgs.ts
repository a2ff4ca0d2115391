import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BuiltFigure, FigureName } from '../figures/build-figures';

/** Markup that must not be inlined into the report: scripts, event handlers, external references. */
const UNSAFE: readonly { pattern: RegExp; what: string }[] = [
  { pattern: /<script[\s>/]/i, what: 'a <script> element' },
  { pattern: /<foreignObject[\s>/]/i, what: 'a <foreignObject> element' },
  { pattern: /<(iframe|object|embed|image|img|use)[\s>/]/i, what: 'an embedding element' },
  { pattern: /\son[a-z]+\s*=/i, what: 'an event-handler attribute' },
  { pattern: /\b(?:xlink:)?href\s*=\s*["']?(?!#)/i, what: 'a link to another document' },
  { pattern: /url\(\s*["']?(?!#)/i, what: 'an external url(...)' },
  { pattern: /javascript:/i, what: 'a javascript: URL' },
  { pattern: /@import/i, what: 'a CSS @import' },
];

/**
 * Reads the SVGs that `olfactory figures` wrote into `dir` for the figures drawn in memory, so
 * the report shows exactly those files. Only plain figure markup is accepted: an SVG with a
 * script, an event handler or a reference to another document is refused rather than inlined.
 * Figures whose SVG is not in `dir` keep the in-memory drawing.
 *
 * @returns the inline markup per figure name and the names found in `dir`.
 */
export async function loadFigureSvgs(dir: string, figures: readonly BuiltFigure[]): Promise<{ markup: Map<string, string>; found: FigureName[] }> {
  const markup = new Map<string, string>();
  const found: FigureName[] = [];
  for (const fig of figures) {
    const file = join(dir, `${fig.name}.svg`);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw new Error(`cannot read figure ${file}: ${(error as Error).message}; expected an SVG written by 'olfactory figures --out ${dir}'.`);
    }
    markup.set(fig.name, safeInlineSvg(text, file, dir));
    found.push(fig.name);
  }
  return { markup, found };
}

/** Strips the XML declaration and checks the markup is one plain `<svg>` element (see {@link UNSAFE}). */
export function safeInlineSvg(text: string, file: string, dir: string): string {
  const body = text.replace(/^\uFEFF?\s*<\?xml[^>]*\?>\s*/, '').trim();
  if (!/^<svg[\s>]/.test(body) || !/<\/svg>$/.test(body)) {
    throw new Error(`figure ${file} is not an SVG document; expected one <svg> element written by 'olfactory figures --out ${dir}'.`);
  }
  for (const { pattern, what } of UNSAFE) {
    if (pattern.test(body)) {
      throw new Error(`refusing to inline figure ${file}: it contains ${what}; expected plain figure markup. Re-create it with 'olfactory figures --out ${dir}'.`);
    }
  }
  return body;
}
