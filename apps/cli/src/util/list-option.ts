import { InvalidArgumentError } from 'commander';

/** Splits a comma list (`a,b, c`) into its non-empty, trimmed parts. */
export function splitList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/**
 * A commander parser for a path option that may be repeated: `--results a --results 'b,c'` →
 * `['a', 'b,c']`. A value is one path, taken as given: commas are legal in file names, so they
 * never split it.
 */
export function collectPaths(flag: string): (value: string, previous: string[] | undefined) => string[] {
  return (value, previous) => {
    if (value.trim() === '') throw new InvalidArgumentError(`invalid ${flag}: an empty path; expected a path (repeat ${flag} to give several).`);
    return [...(previous ?? []), value];
  };
}

/** Output formats of `olfactory figures`. */
export const FIGURE_FORMATS = ['svg', 'png'] as const;
export type FigureFormat = (typeof FIGURE_FORMATS)[number];

/** Parses `svg,png` into a de-duplicated list of formats; throws a message naming the bad entry. */
export function parseFormats(value: string | readonly string[]): FigureFormat[] {
  const parts = typeof value === 'string' ? splitList(value) : value.flatMap(splitList);
  if (parts.length === 0) throw new InvalidArgumentError(`invalid --format: ${JSON.stringify(value)}; expected one or more of ${FIGURE_FORMATS.join(', ')}.`);
  const out: FigureFormat[] = [];
  for (const p of parts) {
    const f = p.toLowerCase();
    if (!(FIGURE_FORMATS as readonly string[]).includes(f)) {
      throw new InvalidArgumentError(`invalid --format entry '${p}'; expected a comma list of ${FIGURE_FORMATS.join(', ')}.`);
    }
    if (!out.includes(f as FigureFormat)) out.push(f as FigureFormat);
  }
  return out;
}

/**
 * PNG zoom range. Below 0.25 the smallest figure is a few dozen pixels wide and its text
 * unreadable, and near 0 resvg refuses a zero-size target after the output folder exists.
 */
export const MIN_SCALE = 0.25;
export const MAX_SCALE = 8;

/** Parses the PNG zoom factor: a number in [0.25, 8]. */
export function parseScale(value: string): number {
  const s = Number(value);
  if (value.trim() === '' || !Number.isFinite(s) || s < MIN_SCALE || s > MAX_SCALE) {
    throw new InvalidArgumentError(`invalid --scale: ${value}; expected a number in [${MIN_SCALE}, ${MAX_SCALE}] (PNG pixels per SVG pixel, default 2).`);
  }
  return s;
}

/** A commander argument parser for a positive integer flag (`--workers 2`); anything else is a usage error naming the flag. */
export const positiveInt =
  (flag: string) =>
  (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(`invalid ${flag}: ${value}; expected a positive integer.`);
    return n;
  };
